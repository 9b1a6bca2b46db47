-- Every change of a customer's freeze level, oldest first: what shows that an operation
-- changed each customer once, however many processes ran it.
CREATE TABLE freeze_changes (
    id          INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    freeze_type TEXT                  -- the level it was set to; NULL when unfrozen
);
