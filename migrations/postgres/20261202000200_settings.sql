-- PostgreSQL schema, written as the end state of the SQLite migrations in ../ (PostgreSQL
-- has no older databases to upgrade). The Rust code runs the same SQL on both: every
-- integer is BIGINT (decoded as i64), flags are BOOLEAN, times stay TEXT (RFC 3339, UTC,
-- compared as text) or BIGINT (Unix seconds or microseconds) as in SQLite.

-- Settings an admin changes at run time; configuration files only give their defaults.
CREATE TABLE settings (
    name       TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
