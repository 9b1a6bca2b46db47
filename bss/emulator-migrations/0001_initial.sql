-- State of the BSS emulator: the partner's resellers, customers (with freeze level and budget)
-- and the customers' cloud resources. Times are UTC text `YYYY-MM-DDThh:mm:ssZ`, which sorts
-- chronologically; money is in cents.

CREATE TABLE indirect_partners (
    indirect_partner_id TEXT PRIMARY KEY,
    account_name TEXT NOT NULL,
    name TEXT NOT NULL,
    mobile_phone TEXT NOT NULL,
    email TEXT NOT NULL,
    associated_on TEXT NOT NULL,
    account_manager_id TEXT NOT NULL,
    account_manager_name TEXT NOT NULL
);

CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    -- NULL for the partner's own customers.
    indirect_partner_id TEXT REFERENCES indirect_partners (indirect_partner_id),
    account_name TEXT NOT NULL,
    customer TEXT NOT NULL,
    label TEXT,
    telephone TEXT,
    email TEXT,
    country_code TEXT,
    association_type INTEGER NOT NULL,
    verified_status INTEGER NOT NULL,
    customer_type INTEGER NOT NULL,
    customer_level TEXT NOT NULL,
    xaccount_id TEXT,
    xaccount_type TEXT,
    associated_on TEXT NOT NULL,
    account_manager TEXT,
    -- NULL, 'ACCOUNT' or 'ACCOUNT_AND_RESOURCE'.
    freeze_type TEXT,
    budget_amount_cents INTEGER,
    used_amount_cents INTEGER NOT NULL DEFAULT 0,
    budget_type TEXT NOT NULL DEFAULT 'MONTHLY',
    frozen_operate_type INTEGER
);

CREATE INDEX customers_by_association ON customers (associated_on DESC, customer_id);
CREATE INDEX customers_by_partner ON customers (indirect_partner_id);

CREATE TABLE resources (
    resource_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    name TEXT NOT NULL,
    service_type TEXT NOT NULL,
    region TEXT NOT NULL,
    -- 'ON_DEMAND' or 'PREPAID'.
    billing_mode TEXT NOT NULL,
    -- 'RUNNING' or 'STOPPED'.
    status TEXT NOT NULL,
    expire_time TEXT,
    -- Set while a pay-per-use resource is stopped; past it, the resource is released.
    release_time TEXT
);

CREATE INDEX resources_by_customer ON resources (customer_id);
