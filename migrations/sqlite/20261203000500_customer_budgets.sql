-- Each reseller-model customer's budget as ListSubCustomerBudget last reported it, for the
-- list's Budget Usage column and its "budget used at least N %" filter. Amounts are in
-- cents of `budget_currency`; `budget_cents` is NULL when BSS holds no budget (or has not
-- been asked yet). `budget_read_at` orders reads as `read_at` does for the rest of the row.
ALTER TABLE customers ADD COLUMN budget_cents BIGINT;
ALTER TABLE customers ADD COLUMN budget_used_cents BIGINT;
ALTER TABLE customers ADD COLUMN budget_currency TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN budget_read_at BIGINT NOT NULL DEFAULT 0;
