-- Failed sign-in attempts within the throttling window, per account and per client address.
-- Times are Unix seconds so windows are plain integer comparisons.
CREATE TABLE sign_in_failures (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL,
    client     TEXT NOT NULL,
    failed_at  BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_email ON sign_in_failures (email, failed_at);
CREATE INDEX sign_in_failures_by_client ON sign_in_failures (client, failed_at);
