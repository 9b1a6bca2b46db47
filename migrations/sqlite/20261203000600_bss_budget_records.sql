-- BSS's records of a customer's budget changes (ListSubCustomerBudgetRecords), stored when
-- the customer's timeline is opened so the timeline pages them with the dashboard's own
-- records and still shows them when BSS cannot be reached. BSS gives records no id: the
-- natural key below makes storing the same answer twice store nothing.
CREATE TABLE bss_budget_records (
    id                   INTEGER PRIMARY KEY,
    customer_id          TEXT NOT NULL,
    -- RFC 3339 UTC with milliseconds, like operation_records.created_at, so the two compare
    -- as text; BSS itself gives whole seconds.
    operation_time       TEXT NOT NULL,
    operation_type       TEXT NOT NULL,       -- 'SETTING' | 'DELETE'
    budget_type          TEXT NOT NULL,       -- 'MONTHLY' | 'PACKAGE'
    amount_cents         BIGINT NOT NULL,
    operator             TEXT NOT NULL,       -- an account name, or 'system'
    partner_corp_name    TEXT NOT NULL,
    partner_account_name TEXT NOT NULL,
    stored_at            TEXT NOT NULL,
    -- The dashboard's Set Budget record this BSS record is the trace of: such a record is
    -- not listed again, its dashboard entry says BSS confirms it. One record each way.
    confirms_record_id   INTEGER REFERENCES operation_records (id),
    UNIQUE (customer_id, operation_time, operation_type, budget_type, amount_cents)
);

CREATE INDEX bss_budget_records_by_time ON bss_budget_records (customer_id, operation_time);
CREATE UNIQUE INDEX bss_budget_records_by_confirmed ON bss_budget_records (confirms_record_id);
