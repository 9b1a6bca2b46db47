-- Exports of the customer list (Export Selected / Export All, then View Export). A task is
-- written queued, run by a server task in the background, and keeps its finished file here,
-- in the database, so that any instance on a shared database can serve the download (a
-- file in one instance's data folder would be missing on the others).
CREATE TABLE customer_exports (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    staff_email TEXT NOT NULL,                 -- as it was when the export was asked for
    scope       TEXT NOT NULL,                 -- JSON: the selected ids, or the list's view
    format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
    full_values BOOLEAN NOT NULL,              -- names, e-mails and phones unmasked
    label_set   TEXT NOT NULL,                 -- the status words the file uses
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    row_count   INTEGER,                       -- customers written, once done
    error       TEXT,                          -- why it failed, for staff
    finished_at TEXT,
    file        BLOB                           -- the finished file
);

CREATE INDEX customer_exports_unfinished ON customer_exports (state) WHERE state IN ('queued', 'running');
