-- The resellers their distributor (this partner) granted, in Partner Center, the permission
-- to restrict purchases and freeze resources for their own customers: BSS then refuses the
-- distributor those operations (and budgets) for their customers. BSS lists no such flag,
-- so an admin records it here (the demo records the embedded emulator's).
CREATE TABLE self_managing_resellers (
    reseller_id TEXT PRIMARY KEY NOT NULL,
    marked_at   TEXT NOT NULL,
    -- NULL when the demo recorded it.
    marked_by   INTEGER REFERENCES staff (id)
);
