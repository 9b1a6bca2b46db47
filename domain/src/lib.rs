//! The dashboard's business rules and the types its pages and services share.
//!
//! Without features this crate is plain data and rules, compiled into the browser's WASM
//! as well as the server. The `server` feature adds the services: plain async functions
//! that take their dependencies (database pool, BSS client) as arguments, so the server
//! functions in `app` stay thin and every rule is tested here without a browser.

pub mod audit;
pub mod bss_codes;
pub mod budget;
pub mod columns;
pub mod contact;
pub mod customer;
pub mod customer_export;
pub mod impact;
pub mod input;
pub mod labels;
pub mod mail;
pub mod operation;
pub mod outage;
pub mod paging;
pub mod record;
pub mod retention;
pub mod security;
pub mod staff;
pub mod url;
pub mod verification;

#[cfg(feature = "server")]
pub mod services;
