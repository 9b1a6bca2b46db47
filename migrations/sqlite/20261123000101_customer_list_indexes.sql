-- The customer list at 100,000 customers. Before this, every view counted its whole scope,
-- listed the distinct labels and account managers of the whole scope, and a search ran
-- `LIKE '%text%'` on every row of it, twice (count and page): tens of milliseconds per view.
-- Now a search takes its candidates from a trigram index, and the totals and filter options
-- come from small tables that triggers keep in step with `customers`, in the same
-- transaction as each change, so they are never stale.

-- Substring search: FTS5's trigram tokenizer indexes every three characters of search_text,
-- so a search of three characters or more reads only the rows that contain it. External
-- content: the text stays in `customers`, keyed by its rowid. (`customers` has no INTEGER
-- PRIMARY KEY, so a VACUUM may renumber its rowids: after one, rebuild the index with
-- INSERT INTO customer_search (customer_search) VALUES ('rebuild').)
CREATE VIRTUAL TABLE customer_search USING fts5(
    search_text,
    content = 'customers',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);
INSERT INTO customer_search (customer_search) VALUES ('rebuild');

-- How many customers each scope has per state and association type: the total of an
-- unfiltered view, or one filtered by status or association only, without counting rows.
CREATE TABLE customer_counts (
    reseller_id      TEXT NOT NULL,
    state            TEXT NOT NULL,
    association_type TEXT NOT NULL,
    customers        INTEGER NOT NULL,
    PRIMARY KEY (reseller_id, state, association_type)
);
INSERT INTO customer_counts (reseller_id, state, association_type, customers)
SELECT reseller_id, state, association_type, COUNT(*) FROM customers
GROUP BY reseller_id, state, association_type;

-- The labels and account managers a scope's filters offer, with how many customers have
-- each (a value whose count drops to 0 is no longer offered).
CREATE TABLE customer_facets (
    reseller_id TEXT NOT NULL,
    facet       TEXT NOT NULL,              -- 'label' | 'manager'
    value       TEXT NOT NULL,
    customers   INTEGER NOT NULL,
    PRIMARY KEY (reseller_id, facet, value)
);
INSERT INTO customer_facets (reseller_id, facet, value, customers)
SELECT reseller_id, 'label', label, COUNT(*) FROM customers WHERE label <> ''
GROUP BY reseller_id, label;
INSERT INTO customer_facets (reseller_id, facet, value, customers)
SELECT reseller_id, 'manager', account_managers, COUNT(*) FROM customers
WHERE account_managers <> '' GROUP BY reseller_id, account_managers;

CREATE TRIGGER customers_added AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, search_text) VALUES (new.rowid, new.search_text);
    INSERT INTO customer_counts (reseller_id, state, association_type, customers)
    VALUES (new.reseller_id, new.state, new.association_type, 1)
    ON CONFLICT (reseller_id, state, association_type) DO UPDATE SET customers = customers + 1;
    INSERT INTO customer_facets (reseller_id, facet, value, customers)
    SELECT new.reseller_id, 'label', new.label, 1 WHERE new.label <> ''
    ON CONFLICT (reseller_id, facet, value) DO UPDATE SET customers = customers + 1;
    INSERT INTO customer_facets (reseller_id, facet, value, customers)
    SELECT new.reseller_id, 'manager', new.account_managers, 1 WHERE new.account_managers <> ''
    ON CONFLICT (reseller_id, facet, value) DO UPDATE SET customers = customers + 1;
END;

CREATE TRIGGER customers_removed AFTER DELETE ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
    UPDATE customer_counts SET customers = customers - 1
    WHERE reseller_id = old.reseller_id AND state = old.state
      AND association_type = old.association_type;
    UPDATE customer_facets SET customers = customers - 1
    WHERE reseller_id = old.reseller_id
      AND ((facet = 'label' AND value = old.label)
           OR (facet = 'manager' AND value = old.account_managers));
END;

-- A sync rewrites every row; these fire only for values that actually changed.
CREATE TRIGGER customers_search_changed AFTER UPDATE OF search_text ON customers
WHEN old.search_text <> new.search_text BEGIN
    INSERT INTO customer_search (customer_search, rowid, search_text)
    VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO customer_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER customers_count_changed AFTER UPDATE OF reseller_id, state, association_type
ON customers
WHEN old.reseller_id <> new.reseller_id OR old.state <> new.state
  OR old.association_type <> new.association_type BEGIN
    UPDATE customer_counts SET customers = customers - 1
    WHERE reseller_id = old.reseller_id AND state = old.state
      AND association_type = old.association_type;
    INSERT INTO customer_counts (reseller_id, state, association_type, customers)
    VALUES (new.reseller_id, new.state, new.association_type, 1)
    ON CONFLICT (reseller_id, state, association_type) DO UPDATE SET customers = customers + 1;
END;

CREATE TRIGGER customers_facets_changed AFTER UPDATE OF reseller_id, label, account_managers
ON customers
WHEN old.reseller_id <> new.reseller_id OR old.label <> new.label
  OR old.account_managers <> new.account_managers BEGIN
    UPDATE customer_facets SET customers = customers - 1
    WHERE reseller_id = old.reseller_id
      AND ((facet = 'label' AND value = old.label)
           OR (facet = 'manager' AND value = old.account_managers));
    INSERT INTO customer_facets (reseller_id, facet, value, customers)
    SELECT new.reseller_id, 'label', new.label, 1 WHERE new.label <> ''
    ON CONFLICT (reseller_id, facet, value) DO UPDATE SET customers = customers + 1;
    INSERT INTO customer_facets (reseller_id, facet, value, customers)
    SELECT new.reseller_id, 'manager', new.account_managers, 1 WHERE new.account_managers <> ''
    ON CONFLICT (reseller_id, facet, value) DO UPDATE SET customers = customers + 1;
END;
