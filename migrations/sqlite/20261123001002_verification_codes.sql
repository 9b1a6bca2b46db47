-- Verification codes for critical operations. Only a salted SHA-256 of each code is kept.
-- A code is bound to its staff member and purpose (operation and customer ids).
-- Times are Unix seconds.
CREATE TABLE verification_codes (
    id            INTEGER PRIMARY KEY,
    staff_id      INTEGER NOT NULL REFERENCES staff (id),
    purpose       TEXT NOT NULL,
    salt          TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    wrong_entries INTEGER NOT NULL DEFAULT 0,
    -- Set when the code was used, or replaced by a newer code for the same purpose.
    spent_at      BIGINT
);
CREATE INDEX verification_codes_by_staff ON verification_codes (staff_id, created_at);

-- Demo mode only: the mail the dashboard "sent", shown on the Demo Inbox page instead of
-- going out by SMTP.
CREATE TABLE demo_outbox (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL REFERENCES staff (id),
    recipient TEXT NOT NULL,
    subject   TEXT NOT NULL,
    body      TEXT NOT NULL,
    sent_at   TEXT NOT NULL
);
CREATE INDEX demo_outbox_by_staff ON demo_outbox (staff_id, id);
