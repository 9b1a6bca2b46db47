-- Every change of a customer's budget, as ListSubCustomerBudgetRecords lists it (newest
-- first). Budgets set before this table existed have no record.
CREATE TABLE budget_records (
    id                   INTEGER PRIMARY KEY,
    customer_id          TEXT NOT NULL,
    budget_amount_cents  INTEGER NOT NULL,
    budget_type          TEXT NOT NULL,    -- 'MONTHLY' or 'PACKAGE'
    operation_type       TEXT NOT NULL,    -- 'SETTING' or 'DELETE'
    operation_time       TEXT NOT NULL,
    operator             TEXT NOT NULL,
    partner_corp_name    TEXT NOT NULL,
    partner_account_name TEXT NOT NULL
);

CREATE INDEX budget_records_by_customer
    ON budget_records (customer_id, operation_time DESC, id DESC);
