-- Operation records: the audit trail of every freeze, unfreeze and budget change. A record
-- and its items are written before BSS is called (result 'pending') and completed after,
-- so a crash mid-call leaves a pending record that start-up reconciles against BSS.

CREATE TABLE operation_records (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    finished_at     TEXT,
    staff_id        INTEGER NOT NULL REFERENCES staff (id),
    staff_email     TEXT NOT NULL,            -- as it was when the operation ran
    operation       TEXT NOT NULL,            -- slug, e.g. 'freeze-account', 'set-budget'
    label_set       TEXT NOT NULL,            -- 'current' | 'classic'
    operation_label TEXT NOT NULL,            -- the words staff saw
    reason          TEXT NOT NULL,
    reseller_id     TEXT NOT NULL,            -- '' for the partner's own customers
    code_verified   BOOLEAN NOT NULL,
    api_version     TEXT NOT NULL,            -- 'v2' | 'v1'
    details         TEXT NOT NULL,            -- operation-specific JSON (budget amount, ...)
    -- Supersedes nothing: a retry is a new record pointing at the one it retries.
    retry_of        INTEGER REFERENCES operation_records (id)
);

CREATE TABLE operation_items (
    record_id     INTEGER NOT NULL REFERENCES operation_records (id),
    position      INTEGER NOT NULL,
    customer_id   TEXT NOT NULL,
    customer_name TEXT NOT NULL,              -- as shown when the operation ran
    -- 'pending' until BSS answered: then 'succeeded' or 'failed'; a pending item found
    -- after a crash becomes 'applied' or 'not_applied' from the customer's state in BSS.
    result        TEXT NOT NULL,
    error_code    TEXT,
    error_msg     TEXT,
    request_id    TEXT,
    finished_at   TEXT,
    PRIMARY KEY (record_id, position)
);

CREATE INDEX operation_items_by_customer ON operation_items (customer_id, record_id);
CREATE INDEX operation_records_by_time ON operation_records (created_at);

-- Records are append-only: nothing deletes them, and an item's result is written once.
CREATE TRIGGER operation_records_are_kept BEFORE DELETE ON operation_records
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;

CREATE TRIGGER operation_records_are_not_edited BEFORE UPDATE ON operation_records
WHEN NEW.id <> OLD.id OR NEW.created_at <> OLD.created_at OR NEW.staff_id <> OLD.staff_id
  OR NEW.operation <> OLD.operation OR NEW.reason <> OLD.reason
  OR NEW.code_verified <> OLD.code_verified OR NEW.details <> OLD.details
  OR OLD.finished_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;

CREATE TRIGGER operation_items_are_kept BEFORE DELETE ON operation_items
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;

CREATE TRIGGER operation_items_are_written_once BEFORE UPDATE ON operation_items
WHEN OLD.result <> 'pending' OR NEW.record_id <> OLD.record_id
  OR NEW.customer_id <> OLD.customer_id OR NEW.position <> OLD.position
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;
