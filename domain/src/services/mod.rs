//! Server-side services. Each is a plain async function that takes what it needs (the
//! database pool, the BSS client) as arguments, so it is tested on its own against a real
//! SQLite file and the real emulator, and the server functions that call it stay thin.

pub mod audit;
pub mod budget;
pub mod budget_records;
pub mod call_turns;
pub mod connection;
mod csv_export;
pub mod customer_exports;
pub mod customers;
pub mod db;
mod error;
pub mod impact;
pub mod leases;
pub mod mail;
pub mod mirror;
pub mod operations;
pub mod passwords;
pub mod preferences;
pub mod reconcile;
pub mod records;
pub mod resellers;
pub mod retention;
pub mod security_events;
pub mod settings;
pub mod sign_in;
mod sql;
pub mod staff;
pub mod timeline;
pub mod verification;

pub use error::ServiceError;

/// A fresh database for a service test, on the backend the environment asks for (see
/// [`db::scratch`]); keep the first value alive while the test runs.
#[cfg(test)]
pub(crate) async fn test_db() -> (db::scratch::ScratchDb, db::Db) {
    let scratch = db::scratch::ScratchDb::create()
        .await
        .expect("a scratch database");
    let db = scratch.connect().await.expect("a fresh database");
    (scratch, db)
}
