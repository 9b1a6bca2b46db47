-- The BSS call budget every instance on this database shares: BSS allows the AK so many
-- calls a second per API, so each call first takes the next turn of its API here, one
-- spacing after the previous turn (or now, when the API has been idle). `next_turn_at` is
-- when the turn after the last one handed out begins, in microseconds since the Unix epoch.
CREATE TABLE bss_call_turns (
    endpoint     TEXT PRIMARY KEY NOT NULL,   -- bss::Endpoint::key, e.g. 'freeze-sub-customers'
    next_turn_at BIGINT NOT NULL
);
