-- Each mirrored customer and reseller keeps when BSS was asked for the data it holds
-- (microseconds since the Unix epoch, taken when the request was sent). A write replaces a
-- row only with a newer read, whatever order the answers arrive in, and a sync removes only
-- rows that a complete pass, started after their last read, did not list. This replaces
-- `synced_at`, the stamp of the last sync run, which an operation's read-back also wrote and
-- a sync then took for "not listed".
ALTER TABLE customers ADD COLUMN read_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers DROP COLUMN synced_at;
ALTER TABLE resellers ADD COLUMN read_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE resellers DROP COLUMN synced_at;
