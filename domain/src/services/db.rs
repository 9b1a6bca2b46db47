//! The dashboard's own database: connection and migrations.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};

/// The pool every service takes: SQLite only for now. Some queries and the migrations use
/// SQLite's own features (FTS5, triggers in its dialect), so another database needs them
/// rewritten, not just another pool.
pub type Db = sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if missing) the database at `url` and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        // WAL lets the page read while a background task writes.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let db = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations").run(&db).await?;
    Ok(db)
}
