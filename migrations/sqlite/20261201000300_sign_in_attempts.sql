-- Sign-in attempts not yet resolved by a correct password, per account and client address.
-- An attempt is recorded before its password is checked, in the transaction that counts
-- the earlier ones, so parallel guesses cannot all pass a count taken before any of them
-- was written. A correct password deletes its account's attempts from its address.
-- Times are Unix seconds so windows are plain integer comparisons.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_attempts (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    client        TEXT NOT NULL,
    attempted_at  BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_by_account ON sign_in_attempts (email, client, attempted_at);
CREATE INDEX sign_in_attempts_by_client ON sign_in_attempts (client, attempted_at);
