-- The retention-deadline board. A frozen customer's pay-per-use resources keep their data
-- for the retention period after a resource-level freeze; BSS gives no date for its end,
-- so the dashboard keeps what it knows of the freeze's start.

-- When this dashboard froze the customer's resources (RFC 3339, UTC), NULL when it did not
-- or the customer is no longer frozen. Written by the mirror with the state.
ALTER TABLE customers ADD COLUMN resources_frozen_at TEXT;

-- The frozen (status 3) pay-per-use resources ListCustomerOnDemandResources last listed for
-- each frozen customer. `first_seen_at` bounds a freeze made elsewhere: it began then at
-- the latest.
CREATE TABLE frozen_resources (
    customer_id        TEXT NOT NULL,
    resource_id        TEXT NOT NULL,
    resource_name      TEXT NOT NULL,
    service_type_name  TEXT NOT NULL,
    resource_type_name TEXT NOT NULL,
    region_code        TEXT NOT NULL,
    first_seen_at      TEXT NOT NULL,
    PRIMARY KEY (customer_id, resource_id)
);

-- When each frozen customer's resources were last asked for, and why BSS did not answer
-- if it did not.
CREATE TABLE frozen_resource_reads (
    customer_id TEXT PRIMARY KEY NOT NULL,
    read_at     TEXT NOT NULL,
    error       TEXT
);

-- The staff the daily alert goes to.
CREATE TABLE retention_alert_recipients (
    staff_id INTEGER PRIMARY KEY NOT NULL REFERENCES staff (id)
);

-- Each resource and deadline an alert was sent for: once each, whichever instance sends.
CREATE TABLE retention_alerts (
    customer_id TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    deadline    TEXT NOT NULL,          -- the day its data is deleted, YYYY-MM-DD (UTC)
    sent_at     TEXT NOT NULL,
    recipients  INTEGER NOT NULL,
    PRIMARY KEY (customer_id, resource_id, deadline)
);
CREATE INDEX retention_alerts_by_time ON retention_alerts (sent_at);
