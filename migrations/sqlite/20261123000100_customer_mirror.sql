-- A local mirror of the partner's customers and of each reseller's. BSS's ListSubCustomers
-- has no sort, no status filter and a 10 requests/s limit; the page reads this mirror
-- instead, and a background sync keeps it current.

CREATE TABLE resellers (
    reseller_id   TEXT PRIMARY KEY NOT NULL, -- BSS indirect_partner_id
    account_name  TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    associated_on TEXT NOT NULL,
    synced_at     TEXT NOT NULL
);

CREATE TABLE customers (
    customer_id      TEXT PRIMARY KEY NOT NULL,
    reseller_id      TEXT NOT NULL,          -- '' for the partner's own customers
    customer         TEXT NOT NULL,          -- verified name, '' when not verified
    account_name     TEXT NOT NULL,
    association_type TEXT NOT NULL,          -- 'referral' | 'reseller'
    associated_on    TEXT NOT NULL,          -- UTC YYYY-MM-DDThh:mm:ssZ, sorts as text
    label            TEXT NOT NULL,
    account_managers TEXT NOT NULL,          -- names joined by ', '
    email            TEXT NOT NULL,
    state            TEXT NOT NULL,          -- 'active' | 'account' | 'account_and_resource'
    -- BSS reports only whether a customer is frozen; the level is known for certain only
    -- after an operation of this dashboard set it.
    level_confirmed  INTEGER NOT NULL,
    search_text      TEXT NOT NULL,          -- lower-case name, account name and id
    synced_at        TEXT NOT NULL
);

CREATE INDEX customers_by_scope_and_date ON customers (reseller_id, associated_on);
CREATE INDEX customers_by_scope_and_state ON customers (reseller_id, state);

-- One row per sync run, newest last: when the mirror was last brought up to date.
CREATE TABLE mirror_syncs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    customers   INTEGER,
    error       TEXT
);
