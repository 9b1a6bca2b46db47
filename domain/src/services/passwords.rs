//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on the blocking
//! thread pool rather than stalling the async workers.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::rngs::OsRng;
use rand::RngCore;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PasswordError {
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    #[error("the password hashing task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Hashes a password into a PHC string (algorithm, parameters, salt and hash).
pub async fn hash(password: &str) -> Result<String, PasswordError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password)).await?
}

/// Whether `password` matches `stored`. Without a stored hash (unknown account) it still
/// spends the time of a real check, so the answer's timing does not reveal which accounts
/// exist.
pub async fn verify(password: &str, stored: Option<String>) -> Result<bool, PasswordError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
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
    .map_err(PasswordError::from)
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
