-- Security events: changes to who may do what (the verification-code setting, staff
-- accounts, roles, passwords) and sign-in lockouts. Each is written in the transaction of
-- the change it describes, so there is no change without its event and no event without
-- its change.

CREATE TABLE security_events (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,              -- RFC 3339, UTC
    kind          TEXT NOT NULL,              -- slug, e.g. 'role-changed'
    -- Who made the change, as they were; NULL for an anonymous request (a sign-in lockout)
    -- or the command line.
    actor_id      INTEGER REFERENCES staff (id),
    actor_email   TEXT,
    -- The staff member the change is about; the id is NULL for an e-mail that is no account.
    subject_id    INTEGER REFERENCES staff (id),
    subject_email TEXT,
    details       TEXT NOT NULL,              -- e.g. 'Operator → Admin'
    client        TEXT                        -- the client's IP address; NULL off HTTP
);

CREATE INDEX security_events_by_time ON security_events (created_at);

-- Events are append-only: nothing edits or deletes one.
CREATE TRIGGER security_events_are_kept BEFORE DELETE ON security_events
BEGIN
    SELECT RAISE(ABORT, 'security events are append-only');
END;

CREATE TRIGGER security_events_are_not_edited BEFORE UPDATE ON security_events
BEGIN
    SELECT RAISE(ABORT, 'security events are append-only');
END;
