-- Searches over 100,000 customers that cost about the same for a common word as for a rare
-- one (`domain::services::customers`, `Access`). A search's candidates used to come from
-- the trigram index alone: every match was read from the table (about 2 µs each) to test
-- its status and to sort it, 15 ms for a word in one name of 13. Now:
-- - the page of a search matching many walks the sort's own index and stops when the page
--   is full; each index carries the status and the search text, so rows are tested in the
--   index and only the page's rows are read from the table;
-- - a search with a status other than the scope's most common one is tested in the status
--   index, which carries the search text for the same reason.
-- Each sort index ends in the id that breaks ties, so the walk is the page's exact order.
DROP INDEX customers_by_scope_and_state;
CREATE INDEX customers_by_scope_and_state ON customers (reseller_id, state, search_text);
DROP INDEX customers_by_scope_and_date;
CREATE INDEX customers_by_scope_and_date
    ON customers (reseller_id, associated_on, customer_id, state, search_text);
CREATE INDEX customers_by_scope_and_name
    ON customers (reseller_id, customer, customer_id, state, search_text);
CREATE INDEX customers_by_scope_and_account_name
    ON customers (reseller_id, account_name, customer_id, state, search_text);
CREATE INDEX customers_by_scope_and_label
    ON customers (reseller_id, label, customer_id, state, search_text);
