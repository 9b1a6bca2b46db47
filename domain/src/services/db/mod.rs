//! The dashboard's own database: SQLite (the embedded default) or PostgreSQL (for several
//! instances), chosen by the URL's scheme. The services hold one code base of SQL for both:
//! queries go through [`Query`], which binds and decodes for whichever backend the pool is,
//! with `$1`-style placeholders (both accept them). Each backend has its own migrations, and
//! [`Backend`] names the few places where a query must differ.

mod query;
pub mod scratch;

use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Postgres, Sqlite, Transaction};

pub use query::{DbRow, Decodable, Encodable, Executor, FromDbRow, Query};

/// Which database a [`Db`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The pool every service takes.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on a [`Db`]: dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// The kinds of read-then-write that [`Db::begin_serialized`] keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serialized {
    /// Changing a setting and recording the change.
    Settings,
    /// Counting an account's recent sign-in attempts and recording one more.
    SignIn,
    /// Changes to staff accounts that check the remaining admins first.
    StaffAccounts,
    /// Writes to the customer mirror: a sync's page and an operation's new states touch
    /// the same rows and the counts their triggers keep, in different orders, which on
    /// PostgreSQL could deadlock.
    MirrorWrites,
}

impl Serialized {
    /// The advisory lock's key: a fixed prefix (the bytes of "PCDB") keeps the keys apart
    /// from any other application's locks on a shared database.
    fn lock_key(self) -> i64 {
        const PREFIX: i64 = 0x5043_4442 << 32;
        PREFIX
            | match self {
                Self::Settings => 1,
                Self::SignIn => 2,
                Self::StaffAccounts => 3,
                Self::MirrorWrites => 4,
            }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("DATABASE_URL must start with sqlite: or postgres: (postgresql:), not `{0}`")]
    Scheme(String),
}

/// Opens the database at `url` (a SQLite file is created when missing) and brings its
/// schema up to date. Several instances may start at once on one PostgreSQL database:
/// sqlx's migrator holds an advisory lock while it migrates.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    let db = match Backend::of_url(url)? {
        Backend::Sqlite => {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                // WAL lets the page read while a background task writes.
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                // A pooled SQLite connection is a file handle on a worker thread: it cannot
                // go stale as a network connection can. The ping before each acquire was one
                // of a query's three hand-offs to that thread (perf, issue #14).
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
            Db::Sqlite(pool)
        }
        Backend::Postgres => {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .connect_with(options)
                .await?;
            sqlx::migrate!("../migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        }
    };
    Ok(db)
}

impl Backend {
    /// The backend a database URL names, by its scheme.
    pub fn of_url(url: &str) -> Result<Self, DbError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            _ => Err(DbError::Scheme(scheme.to_owned())),
        }
    }
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// A query on the pool: each execution takes a connection for itself.
    pub fn query<'a>(&'a self, sql: impl Into<Cow<'a, str>>) -> Query<'a> {
        Executor::query(self, sql)
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A transaction that waits, before its first read, until no other transaction of the
    /// same `kind` runs, so a read-then-write of that kind cannot interleave with another:
    /// SQLite's `BEGIN IMMEDIATE` (its one write lock), a transaction-scoped advisory lock
    /// on PostgreSQL (released at commit or rollback, on whichever instance).
    pub async fn begin_serialized(&self, kind: Serialized) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(kind.lock_key())
                    .execute(&mut *tx)
                    .await?;
                Tx::Postgres(tx)
            }
        })
    }

    /// Closes every connection of the pool, waiting for those in use.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    /// A query inside the transaction.
    pub fn query<'a>(&'a mut self, sql: impl Into<Cow<'a, str>>) -> Query<'a> {
        Executor::query(self, sql)
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(tx) => tx.commit().await,
            Self::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(tx) => tx.rollback().await,
            Self::Postgres(tx) => tx.rollback().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_scheme_names_the_backend_and_anything_else_is_refused() {
        assert_eq!(
            Backend::of_url("sqlite://data/x.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::of_url("postgres://u@h/d").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::of_url("postgresql://u@h/d").unwrap(),
            Backend::Postgres
        );
        let refused = Backend::of_url("mysql://u@h/d").unwrap_err().to_string();
        assert!(refused.contains("sqlite: or postgres:"), "{refused}");
        assert!(refused.contains("`mysql`"), "{refused}");
    }
}
