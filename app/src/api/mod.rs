//! Server functions, grouped by domain. Each is a thin shell: it checks the caller, reads
//! its arguments, and calls a service in `domain::services`.

pub mod audit;
pub mod auth;
pub mod customer_exports;
pub mod customers;
pub mod language;
pub mod operations;
pub mod retention;
pub mod security_events;
pub mod settings;
pub mod staff;
pub mod verification;
