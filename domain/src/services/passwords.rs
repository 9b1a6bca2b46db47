//! Password hashing with argon2id. Hashing is deliberately slow and takes memory (19 MiB
//! each), so it runs on the blocking thread pool rather than stalling the async workers,
//! and at most [`slots`] at a time: anonymous sign-in requests queue rather than take every
//! core and as much memory as they are many.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::rngs::OsRng;
use rand::RngCore;
use thiserror::Error;
use tokio::sync::Semaphore;

#[derive(Debug, Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    #[error("the password hashing task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// How many passwords are hashed at once: one per core.
pub fn slots() -> usize {
    *SLOTS
}

/// How many passwords are being hashed right now (never more than [`slots`]).
pub fn hashing_now() -> usize {
    RUNNING.load(Ordering::SeqCst)
}

static SLOTS: LazyLock<usize> =
    LazyLock::new(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get));
static PERMITS: LazyLock<Arc<Semaphore>> = LazyLock::new(|| Arc::new(Semaphore::new(slots())));
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Runs `work` on the blocking pool once a slot is free. The slot goes with the work, so a
/// request that gives up waiting for its answer does not free a slot still hashing.
async fn in_a_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PasswordError> {
    let permit = Arc::clone(&PERMITS)
        .acquire_owned()
        .await
        .expect("the hashing semaphore is never closed");
    let done = tokio::task::spawn_blocking(move || {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        let done = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        drop(permit);
        done
    })
    .await?;
    Ok(done)
}

/// Hashes a password into a PHC string (algorithm, parameters, salt and hash).
pub async fn hash(password: &str) -> Result<String, PasswordError> {
    let password = password.to_owned();
    in_a_slot(move || hash_now(&password)).await?
}

/// Whether `password` matches `stored`. Without a stored hash (unknown account) it still
/// spends the time of a real check, so the answer's timing does not reveal which accounts
/// exist.
pub async fn verify(password: &str, stored: Option<String>) -> Result<bool, PasswordError> {
    let password = password.to_owned();
    in_a_slot(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DECOY_HASH.clone());
        let matches = PasswordHash::new(&stored).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        });
        known && matches
    })
    .await
}

fn hash_now(password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(PasswordError::Hash)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(PasswordError::Hash)
}

/// The hash of a random password nobody knows, checked against for unknown accounts.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    hash_now(&hex::encode(secret)).expect("hashing a random password with a random salt succeeds")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("correct horse"));
        assert!(verify("correct horse battery", Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("correct horse battery!", Some(stored))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn unknown_accounts_and_malformed_hashes_never_verify() {
        assert!(!verify("anything at all", None).await.unwrap());
        assert!(!verify("anything at all", Some("not a hash".to_owned()))
            .await
            .unwrap());
    }
}
