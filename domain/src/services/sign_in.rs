//! Signing in with e-mail and password, throttled per account and per client address so
//! that passwords cannot be guessed at speed.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::db::Db;
use super::passwords::{self, PasswordError};
use super::staff;
use crate::staff::{normalize_email, StaffMember, MAX_PASSWORD_CHARS};

/// The window failures are counted in.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Failures per account within the window before that account's sign-in pauses.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures per client address within the window, whatever the accounts tried.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

#[derive(Debug, Error)]
pub enum SignInError {
    /// Deliberately the same for an unknown e-mail and a wrong password.
    #[error("The e-mail address or password is incorrect.")]
    InvalidCredentials,
    #[error("This account is disabled. Ask an admin to enable it.")]
    Disabled,
    #[error("Too many failed sign-in attempts. Try again in {} minutes.", (retry_after_secs + 59) / 60)]
    Throttled { retry_after_secs: i64 },
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Checks the credentials of `client` (its network address) and returns who signed in.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<StaffMember, SignInError> {
    let now = now.timestamp();
    let window_start = now - WINDOW_SECS;
    sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
        .bind(window_start)
        .execute(db)
        .await?;
    // Malformed addresses are still counted, under what was typed.
    let email = normalize_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    throttle(
        db,
        "email",
        &email,
        MAX_FAILURES_PER_ACCOUNT,
        window_start,
        now,
    )
    .await?;
    throttle(
        db,
        "client",
        client,
        MAX_FAILURES_PER_CLIENT,
        window_start,
        now,
    )
    .await?;

    let account = if password.chars().count() > MAX_PASSWORD_CHARS {
        None
    } else {
        staff::credentials(db, &email).await?
    };
    let (account, hash) = match account {
        Some((account, hash)) => (Some(account), Some(hash)),
        None => (None, None),
    };
    if !passwords::verify(password, hash).await? {
        sqlx::query("INSERT INTO sign_in_failures (email, client, failed_at) VALUES ($1, $2, $3)")
            .bind(&email)
            .bind(client)
            .bind(now)
            .execute(db)
            .await?;
        return Err(SignInError::InvalidCredentials);
    }
    let account = account.ok_or(SignInError::InvalidCredentials)?;
    if !account.enabled {
        return Err(SignInError::Disabled);
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(&email)
        .execute(db)
        .await?;
    Ok(account.member)
}

/// Refuses when `key` (an e-mail or client address) has failed `limit` times in the window,
/// saying when the oldest of those failures leaves it.
async fn throttle(
    db: &Db,
    column: &'static str,
    key: &str,
    limit: i64,
    window_start: i64,
    now: i64,
) -> Result<(), SignInError> {
    let (failures, oldest): (i64, Option<i64>) = sqlx::query_as(&format!(
        "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE {column} = $1 AND failed_at > $2"
    ))
    .bind(key)
    .bind(window_start)
    .fetch_one(db)
    .await?;
    match oldest {
        Some(oldest) if failures >= limit => Err(SignInError::Throttled {
            retry_after_secs: (oldest + WINDOW_SECS - now).max(1),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::services::staff::{create, set_enabled, NewStaff};
    use crate::services::test_db;
    use crate::staff::Role;

    const PASSWORD: &str = "a long enough password";

    async fn with_staff() -> (tempfile::TempDir, Db, StaffMember) {
        let (dir, db) = test_db().await;
        let new = NewStaff {
            email: "ana@example.com",
            display_name: "Ana",
            role: Role::Operator,
            password: PASSWORD,
        };
        let member = create(&db, new, Utc::now()).await.unwrap();
        (dir, db, member)
    }

    #[tokio::test]
    async fn right_credentials_sign_in_whatever_the_email_case() {
        let (_dir, db, member) = with_staff().await;
        let signed_in = sign_in(&db, "ANA@example.com ", PASSWORD, "10.0.0.1", Utc::now())
            .await
            .unwrap();
        assert_eq!(signed_in, member);
    }

    #[tokio::test]
    async fn unknown_email_and_wrong_password_get_the_same_answer() {
        let (_dir, db, _) = with_staff().await;
        let unknown = sign_in(&db, "bob@example.com", PASSWORD, "10.0.0.1", Utc::now())
            .await
            .unwrap_err();
        let wrong = sign_in(
            &db,
            "ana@example.com",
            "wrong password!",
            "10.0.0.1",
            Utc::now(),
        )
        .await
        .unwrap_err();
        assert_eq!(unknown.to_string(), wrong.to_string());
    }

    #[tokio::test]
    async fn disabled_accounts_cannot_sign_in() {
        let (_dir, db, member) = with_staff().await;
        let now = Utc::now();
        create(
            &db,
            NewStaff {
                email: "root@example.com",
                display_name: "Root",
                role: Role::Admin,
                password: PASSWORD,
            },
            now,
        )
        .await
        .unwrap();
        set_enabled(&db, member.id, false, Default::default(), now)
            .await
            .unwrap();
        let error = sign_in(&db, "ana@example.com", PASSWORD, "10.0.0.1", now)
            .await
            .unwrap_err();
        assert!(matches!(error, SignInError::Disabled), "{error}");
    }

    #[tokio::test]
    async fn five_failures_pause_the_account_until_the_window_passes() {
        let (_dir, db, _) = with_staff().await;
        let start = Utc::now();
        for attempt in 0..MAX_FAILURES_PER_ACCOUNT {
            let at = start + Duration::seconds(attempt);
            let error = sign_in(&db, "ana@example.com", "wrong password!", "10.0.0.1", at)
                .await
                .unwrap_err();
            assert!(matches!(error, SignInError::InvalidCredentials), "{error}");
        }
        // Even the right password is refused now, from any address.
        let error = sign_in(
            &db,
            "ana@example.com",
            PASSWORD,
            "10.9.9.9",
            start + Duration::seconds(10),
        )
        .await
        .unwrap_err();
        let SignInError::Throttled { retry_after_secs } = error else {
            panic!("{error}")
        };
        assert_eq!(retry_after_secs, WINDOW_SECS - 10);
        assert!(
            error.to_string().contains("Try again in 15 minutes"),
            "{error}"
        );

        let later = start + Duration::seconds(WINDOW_SECS + 1);
        assert!(sign_in(&db, "ana@example.com", PASSWORD, "10.0.0.1", later)
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn twenty_failures_from_one_address_pause_that_address_only() {
        let (_dir, db, _) = with_staff().await;
        let now = Utc::now();
        for n in 0..MAX_FAILURES_PER_CLIENT {
            let email = format!("guess{n}@example.com");
            sign_in(&db, &email, "wrong password!", "10.6.6.6", now)
                .await
                .unwrap_err();
        }
        let error = sign_in(&db, "ana@example.com", PASSWORD, "10.6.6.6", now)
            .await
            .unwrap_err();
        assert!(matches!(error, SignInError::Throttled { .. }), "{error}");
        assert!(sign_in(&db, "ana@example.com", PASSWORD, "10.0.0.1", now)
            .await
            .is_ok());
    }
}
