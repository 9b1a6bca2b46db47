-- A reset password is one-time: the member must choose their own at the next sign-in.
ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
-- Raised by every password change or reset. A session remembers the epoch it signed in
-- under and ends once the account's has moved on, so a change ends the other sessions.
ALTER TABLE staff ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
