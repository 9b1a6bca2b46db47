//! The Huawei Cloud BSS partner API: everything the product knows about it.
//!
//! - [`signer`]: the `SDK-HMAC-SHA256` AK/SK signature, both sides (always compiled).
//! - [`model`]: typed requests and responses with the exact wire names (always compiled).
//! - `client` (feature `client`): [`BssClient`], one async method per endpoint, with signing,
//!   per-endpoint rate limiting, safe retries and a batch helper for freeze/unfreeze.
//! - `emulator` (feature `emulator`): an axum + SQLite implementation of the same endpoints with
//!   seeded demo data and fault injection, embeddable or run as the `bss-emulator` binary.

pub mod model;
mod secret;
pub mod signer;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "emulator")]
pub mod emulator;

#[cfg(feature = "client")]
pub use client::{
    ApiVersion, Auth, BatchAction, BatchOperation, BatchProgress, BatchReport, BssClient, BssError,
    CallPacer, ClientConfig, CustomerOutcome, Endpoint, ItemFailure, Reply, RetryPolicy, Turn,
};
#[cfg(feature = "emulator")]
pub use emulator::{Emulator, EmulatorConfig, EmulatorError, RunningEmulator};
pub use secret::Secret;
