-- What each staff member chose for their own view of the dashboard, kept on the server so
-- the choice holds without JavaScript and in every browser they sign in from. One row per
-- member who chose; a member without a row sees the defaults.

CREATE TABLE staff_preferences (
    staff_id         INTEGER PRIMARY KEY NOT NULL REFERENCES staff (id),
    -- The optional columns of the customer table, as column keys joined by ','; only
    -- known keys are ever written.
    customer_columns TEXT NOT NULL,
    updated_at       TEXT NOT NULL          -- RFC 3339, UTC
);
