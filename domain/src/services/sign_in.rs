//! Signing in with e-mail and password, throttled per account and client address so that
//! passwords cannot be guessed at speed, without letting anyone lock the real owner out.

use chrono::{DateTime, Utc};
use i18n::{msg, Message};
use thiserror::Error;

use super::db::{Db, Serialized, Tx};
use super::passwords::{self, PasswordError};
use super::security_events::{self, NewSecurityEvent, Source, Subject};
use super::staff;
use crate::security::SecurityEventKind;
use crate::staff::{normalize_email, StaffMember, MAX_PASSWORD_CHARS};

/// How long a failed attempt counts towards its account and address's delay.
pub const MEMORY_SECS: i64 = 60 * 60;
/// Failures of one account from one client address before each further attempt waits.
pub const FAILURES_BEFORE_DELAY: i64 = 5;
/// The wait after [`FAILURES_BEFORE_DELAY`] failures; it doubles with each further one.
pub const FIRST_DELAY_SECS: i64 = 60;
/// The longest wait between attempts of one account from one address.
pub const MAX_DELAY_SECS: i64 = 15 * 60;
/// The window failures per client address are counted in, whatever the accounts tried.
pub const CLIENT_WINDOW_SECS: i64 = 15 * 60;
/// Failures per client address within [`CLIENT_WINDOW_SECS`] before that address pauses.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

#[derive(Debug, Error)]
pub enum SignInError {
    /// Deliberately the same for an unknown e-mail and a wrong password.
    #[error("{}", self.message())]
    InvalidCredentials,
    #[error("{}", self.message())]
    Disabled,
    #[error("{}", self.message())]
    Throttled { retry_after_secs: i64 },
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl SignInError {
    /// What the person signing in is told.
    pub fn message(&self) -> Message {
        match self {
            Self::InvalidCredentials => msg!("sign-in-invalid"),
            Self::Disabled => msg!("sign-in-disabled"),
            Self::Throttled { retry_after_secs } if *retry_after_secs < 60 => {
                msg!(
                    "sign-in-throttled-seconds",
                    seconds = (*retry_after_secs).max(1)
                )
            }
            Self::Throttled { retry_after_secs } => {
                msg!(
                    "sign-in-throttled-minutes",
                    minutes = (retry_after_secs + 59) / 60
                )
            }
            Self::Password(_) | Self::Database(_) => msg!("sign-in-unavailable"),
        }
    }
}

/// A wait in words for the stored security event, which stays in English like every
/// stored detail.
fn wait_phrase(secs: i64) -> String {
    match secs {
        ..=1 => "1 second".to_owned(),
        2..=59 => format!("{secs} seconds"),
        _ => match (secs + 59) / 60 {
            1 => "1 minute".to_owned(),
            minutes => format!("{minutes} minutes"),
        },
    }
}

/// Who signed in, and the session epoch their session must remember (see
/// [`staff::active_member`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub member: StaffMember,
    pub session_epoch: i64,
}

/// Checks the credentials of `client` (its network address) and returns who signed in.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    client: &str,
    at: DateTime<Utc>,
) -> Result<SignedIn, SignInError> {
    let now = at.timestamp();
    // No account's address holds a control character (and PostgreSQL refuses NUL in text):
    // such a sign-in is wrong without a count or a check.
    if email.chars().any(char::is_control) {
        return Err(SignInError::InvalidCredentials);
    }
    // Other malformed addresses are still counted, under what was typed.
    let email = normalize_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    record_attempt(db, &email, client, now).await?;

    let account = if password.chars().count() > MAX_PASSWORD_CHARS {
        None
    } else {
        staff::credentials(db, &email).await?
    };
    let (account, hash) = match account {
        Some((account, hash, epoch)) => (Some((account, epoch)), Some(hash)),
        None => (None, None),
    };
    // A wrong password leaves its recorded attempt standing: that is the failure.
    if !passwords::verify(password, hash).await? {
        let subject = Subject {
            id: account.as_ref().map(|(account, _)| account.member.id),
            email: &email,
        };
        record_lockout(db, subject, client, at).await?;
        return Err(SignInError::InvalidCredentials);
    }
    let (account, session_epoch) = account.ok_or(SignInError::InvalidCredentials)?;
    // Only this address's attempts are cleared: the owner signing in from elsewhere does
    // not reset the delay of someone guessing from another address.
    db.query("DELETE FROM sign_in_attempts WHERE email = $1 AND client = $2")
        .bind(&email)
        .bind(client)
        .execute()
        .await?;
    if !account.enabled {
        return Err(SignInError::Disabled);
    }
    Ok(SignedIn {
        member: account.member,
        session_epoch,
    })
}

/// Records an attempt, or refuses it when the attempts before it (of this account from this
/// address, or of this address on any account) call for a wait. The transaction is
/// serialised with every other sign-in's, so the count sees every earlier attempt and no
/// parallel one can slip in between.
async fn record_attempt(db: &Db, email: &str, client: &str, now: i64) -> Result<(), SignInError> {
    let mut tx = db.begin_serialized(Serialized::SignIn).await?;
    tx.query("DELETE FROM sign_in_attempts WHERE attempted_at <= $1")
        .bind(now - MEMORY_SECS)
        .execute()
        .await?;
    let id: i64 = tx.query(
        "INSERT INTO sign_in_attempts (email, client, attempted_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(email)
    .bind(client)
    .bind(now)
    .scalar()
    .await?;
    let wait = wait_after(&mut tx, email, client, id, now).await?;
    if wait > 0 {
        // A refused attempt is not a failure: it neither checks a password nor adds delay.
        tx.query("DELETE FROM sign_in_attempts WHERE id = $1")
            .bind(id)
            .execute()
            .await?;
        tx.commit().await?;
        return Err(SignInError::Throttled {
            retry_after_secs: wait,
        });
    }
    tx.commit().await?;
    Ok(())
}

/// How long the next attempt of `email` from `client` must wait, counting the attempts
/// recorded before the one with id `below`.
async fn wait_after(
    connection: &mut Tx,
    email: &str,
    client: &str,
    below: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (pair_failures, last): (i64, Option<i64>) = connection
        .query(
            "SELECT COUNT(*), MAX(attempted_at) FROM sign_in_attempts \
         WHERE email = $1 AND client = $2 AND id < $3",
        )
        .bind(email)
        .bind(client)
        .bind(below)
        .fetch_one()
        .await?;
    let (client_failures, oldest): (i64, Option<i64>) = connection
        .query(
            "SELECT COUNT(*), MIN(attempted_at) FROM sign_in_attempts \
         WHERE client = $1 AND attempted_at > $2 AND id < $3",
        )
        .bind(client)
        .bind(now - CLIENT_WINDOW_SECS)
        .bind(below)
        .fetch_one()
        .await?;
    let pair_wait = last.map_or(0, |last| last + delay_after(pair_failures) - now);
    let client_wait = match oldest {
        Some(oldest) if client_failures >= MAX_FAILURES_PER_CLIENT => {
            oldest + CLIENT_WINDOW_SECS - now
        }
        _ => 0,
    };
    Ok(pair_wait.max(client_wait))
}

/// After a failure that makes the next attempt from `client` wait, writes the lock-out as a
/// security event (one per such failure: at most one per wait, so guessing cannot flood it).
async fn record_lockout(
    db: &Db,
    subject: Subject<'_>,
    client: &str,
    at: DateTime<Utc>,
) -> Result<(), SignInError> {
    // Serialised: on SQLite a read that later writes would fail with "database is locked"
    // when a parallel attempt wrote in between; everywhere, one event per wait.
    let mut tx = db.begin_serialized(Serialized::SignIn).await?;
    let wait = wait_after(&mut tx, subject.email, client, i64::MAX, at.timestamp()).await?;
    if wait > 0 {
        let event = NewSecurityEvent {
            kind: SecurityEventKind::SignInLockedOut,
            source: Source {
                actor: None,
                client: client.parse().ok(),
            },
            subject: Some(subject),
            details: format!(
                "Too many failed sign-ins from this address: the next attempt waits {}.",
                wait_phrase(wait)
            ),
            at,
        };
        security_events::record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The wait after `failures` failures: none for the first few, then one that doubles.
pub fn delay_after(failures: i64) -> i64 {
    match failures - FAILURES_BEFORE_DELAY {
        ..0 => 0,
        doublings => FIRST_DELAY_SECS
            .checked_shl(doublings.min(32) as u32)
            .unwrap_or(MAX_DELAY_SECS)
            .min(MAX_DELAY_SECS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::db::scratch::ScratchDb;
    use crate::services::staff::{create, set_enabled, NewStaff};
    use crate::services::test_db;
    use crate::staff::Role;

    const PASSWORD: &str = "a long enough password";

    async fn with_staff() -> (ScratchDb, Db, StaffMember) {
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
        assert_eq!(signed_in.member, member);
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

    #[test]
    fn delays_start_after_five_failures_and_double_up_to_the_cap() {
        let delays: Vec<i64> = (0..12).map(delay_after).collect();
        assert_eq!(
            delays,
            [0, 0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900],
            "{delays:?}"
        );
        assert_eq!(delay_after(i64::MAX), MAX_DELAY_SECS);
    }

    #[test]
    fn waits_read_in_seconds_then_minutes() {
        let said = |secs| {
            SignInError::Throttled {
                retry_after_secs: secs,
            }
            .to_string()
        };
        assert!(said(1).ends_with("Try again in 1 second."), "{}", said(1));
        assert!(said(45).ends_with("Try again in 45 seconds."));
        assert!(said(60).ends_with("Try again in 1 minute."));
        assert!(said(61).ends_with("Try again in 2 minutes."));
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
