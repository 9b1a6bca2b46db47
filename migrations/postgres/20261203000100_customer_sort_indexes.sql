-- The sort orders' indexes, as on SQLite (`customers_by_scope_and_date` already ends in the
-- id here), so that PostgreSQL's planner can walk one for the page of a search matching many
-- customers instead of sorting every match, when its statistics say the walk is short.
CREATE INDEX customers_by_scope_and_name ON customers (reseller_id, customer, customer_id);
CREATE INDEX customers_by_scope_and_account_name ON customers (reseller_id, account_name, customer_id);
CREATE INDEX customers_by_scope_and_label ON customers (reseller_id, label, customer_id);
