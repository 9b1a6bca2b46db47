//! Fresh, empty databases for the tests, on the backend the environment asks
//! for: a SQLite file in a temporary folder, or, when `TEST_POSTGRES_URL` names a
//! PostgreSQL server (a role that may create databases), a new database of its own there.
//! `make test` runs the suites once each way.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{connect, Db, DbError};

/// The variable naming the PostgreSQL server scratch databases are made on.
pub const POSTGRES_URL_VARIABLE: &str = "TEST_POSTGRES_URL";

/// A database that lives as long as this value (the SQLite file's folder is removed on
/// drop; PostgreSQL scratch databases go with their throw-away cluster).
pub struct ScratchDb {
    url: String,
    _dir: Option<tempfile::TempDir>,
}

impl ScratchDb {
    /// A new empty database, with no schema yet: [`ScratchDb::connect`] migrates it.
    pub async fn create() -> Result<Self, DbError> {
        match std::env::var(POSTGRES_URL_VARIABLE) {
            Ok(server) if !server.is_empty() => Self::on_postgres(&server).await,
            _ => {
                let dir =
                    tempfile::tempdir().map_err(|error| DbError::Open(sqlx::Error::Io(error)))?;
                let url = format!("sqlite://{}", dir.path().join("dashboard.db").display());
                Ok(Self {
                    url,
                    _dir: Some(dir),
                })
            }
        }
    }

    async fn on_postgres(server: &str) -> Result<Self, DbError> {
        static CREATED: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "scratch_{}_{}_{}",
            std::process::id(),
            CREATED.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        let admin = sqlx::PgPool::connect(server).await?;
        // The name is made here of letters, digits and underscores only.
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await?;
        admin.close().await;
        let (base, query) = match server.split_once('?') {
            Some((base, query)) => (base, format!("?{query}")),
            None => (server, String::new()),
        };
        let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
        Ok(Self {
            url: format!("{root}/{name}{query}"),
            _dir: None,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A pool on the database, its schema brought up to date.
    pub async fn connect(&self) -> Result<Db, DbError> {
        connect(&self.url).await
    }
}
