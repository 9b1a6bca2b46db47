-- Work that one instance at a time may do (the mirror sync), whichever instance it is. A
-- lease is held until `expires_at` (microseconds since the Unix epoch); its holder renews it
-- while it works, and once it lapses (the holder died) any instance may take it.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY NOT NULL,   -- what is held, e.g. 'mirror-sync'
    holder     TEXT NOT NULL,               -- the instance holding it (random per process)
    expires_at BIGINT NOT NULL
);

-- Refreshes staff asked for on any instance, not yet served by a sync.
CREATE TABLE mirror_sync_requests (
    id           INTEGER PRIMARY KEY,
    requested_at TEXT NOT NULL              -- RFC 3339, UTC
);
