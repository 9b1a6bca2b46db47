//! Verification codes for critical operations (product.md section 3).
//!
//! A code is six digits from the operating system's CSPRNG, bound to one staff member and
//! one purpose ([`crate::operation::code_purpose`]: operation and customer ids). Only a
//! salted SHA-256 of it is stored; the plaintext exists only in the mail (and, in demo mode,
//! in the Demo Inbox), and is never logged.

use chrono::{DateTime, Duration, Utc};
use i18n::{msg, t, Language, Message};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use subtle::ConstantTimeEq;
use thiserror::Error;

use super::db::{Db, Tx};
use super::mail::{Mail, MailError, Mailer};
use crate::staff::StaffMember;
use crate::verification::{
    mask_email, parse_code, SentCode, CODE_VALID_SECS, MAX_CODES_PER_DAY, MAX_CODES_PER_HOUR,
    MAX_WRONG_ENTRIES, RESEND_AFTER_SECS,
};

#[derive(Debug, Error)]
pub enum VerificationError {
    #[error("{}", self.message())]
    TooSoon { retry_after_secs: i64 },
    #[error("{}", self.message())]
    HourlyLimit,
    #[error("{}", self.message())]
    DailyLimit,
    #[error("{0}")]
    Malformed(Message),
    #[error("{}", self.message())]
    NoCode,
    #[error("{}", self.message())]
    Expired,
    #[error("{}", self.message())]
    Wrong { remaining: i64 },
    #[error("{}", self.message())]
    Void,
    #[error("The code could not be sent: {0}")]
    Delivery(#[from] MailError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl VerificationError {
    /// Whether the error is the caller's to act on (wait, get a new code, retype).
    pub fn is_caller_error(&self) -> bool {
        !matches!(self, Self::Delivery(_) | Self::Database(_))
    }

    /// What the staff member is told.
    pub fn message(&self) -> Message {
        match self {
            Self::TooSoon { retry_after_secs } => {
                msg!("code-too-soon", seconds = *retry_after_secs)
            }
            Self::HourlyLimit => msg!("code-hourly-limit", max = MAX_CODES_PER_HOUR),
            Self::DailyLimit => msg!("code-daily-limit", max = MAX_CODES_PER_DAY),
            Self::Malformed(message) => message.clone(),
            Self::NoCode => msg!("code-none"),
            Self::Expired => msg!("code-expired"),
            Self::Wrong { remaining: 0 } => msg!("code-wrong-last"),
            Self::Wrong { remaining } => msg!("code-wrong", remaining = *remaining),
            Self::Void => msg!("code-void"),
            Self::Delivery(_) | Self::Database(_) => msg!("code-not-sent"),
        }
    }
}

/// Sends `staff` a new code for `purpose`, replacing any earlier unused code for it.
pub async fn send_code(
    db: &Db,
    mailer: &Mailer,
    staff: &StaffMember,
    purpose: &str,
    language: Language,
    now: DateTime<Utc>,
) -> Result<SentCode, VerificationError> {
    let now_secs = now.timestamp();
    check_sending_limits(db, staff.id, now_secs).await?;

    let code = format!("{:06}", OsRng.gen_range(0..1_000_000u32));
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let expires_at = now + Duration::seconds(CODE_VALID_SECS);

    let mut tx = db.begin().await?;
    tx.query(
        "UPDATE verification_codes SET spent_at = $1 \
         WHERE staff_id = $2 AND purpose = $3 AND spent_at IS NULL",
    )
    .bind(now_secs)
    .bind(staff.id)
    .bind(purpose)
    .execute()
    .await?;
    let id: i64 = tx.query(
        "INSERT INTO verification_codes (staff_id, purpose, salt, code_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(staff.id)
    .bind(purpose)
    .bind(hex::encode(salt))
    .bind(hex::encode(digest(&salt, &code)))
    .bind(now_secs)
    .bind(expires_at.timestamp())
    .scalar()
    .await?;
    // Rows older than the daily window no longer count for anything.
    tx.query("DELETE FROM verification_codes WHERE created_at <= $1")
        .bind(now_secs - 24 * 3600)
        .execute()
        .await?;
    tx.commit().await?;

    let body = t!(
        language,
        "mail-code-body",
        code = code.as_str(),
        minutes = CODE_VALID_SECS / 60
    );
    let subject = t!(language, "mail-code-subject");
    let mail = Mail {
        staff_id: staff.id,
        to: &staff.email,
        subject: &subject,
        body: &body,
    };
    if let Err(error) = mailer.send(db, mail, now).await {
        // A code that never arrived must not count against the sending limits.
        db.query("DELETE FROM verification_codes WHERE id = $1")
            .bind(id)
            .execute()
            .await?;
        return Err(error.into());
    }
    Ok(SentCode {
        sent_to: mask_email(&staff.email),
        valid_for_secs: CODE_VALID_SECS,
        resend_after_secs: RESEND_AFTER_SECS,
    })
}

/// Seconds until `staff_id` may ask for another code (0: now), so a dialog shown after a
/// code went out counts down from the truth, also after a reload.
pub async fn resend_wait(
    db: &Db,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<i64, VerificationError> {
    let latest: Option<i64> = db
        .query("SELECT MAX(created_at) FROM verification_codes WHERE staff_id = $1")
        .bind(staff_id)
        .scalar()
        .await?;
    Ok(latest.map_or(0, |latest| wait_after(latest, now.timestamp())))
}

/// Seconds left of the wait after a code sent at `latest` (0 once it is over).
fn wait_after(latest: i64, now: i64) -> i64 {
    (latest + RESEND_AFTER_SECS - now).max(0)
}

async fn check_sending_limits(db: &Db, staff_id: i64, now: i64) -> Result<(), VerificationError> {
    let (latest, last_hour, last_day): (Option<i64>, i64, i64) = db
        .query(
            "SELECT MAX(created_at), \
                COALESCE(SUM(CASE WHEN created_at > $2 THEN 1 ELSE 0 END), 0), \
                COUNT(*) \
         FROM verification_codes WHERE staff_id = $1 AND created_at > $3",
        )
        .bind(staff_id)
        .bind(now - 3600)
        .bind(now - 24 * 3600)
        .fetch_one()
        .await?;
    if let Some(latest) = latest {
        let wait = wait_after(latest, now);
        if wait > 0 {
            return Err(VerificationError::TooSoon {
                retry_after_secs: wait,
            });
        }
    }
    if last_hour >= MAX_CODES_PER_HOUR {
        return Err(VerificationError::HourlyLimit);
    }
    if last_day >= MAX_CODES_PER_DAY {
        return Err(VerificationError::DailyLimit);
    }
    Ok(())
}

/// A code that was right for its purpose, not yet used up: [`MatchedCode::spend`] does that
/// in the transaction that carries out what the code was asked for, so a request refused
/// after the check keeps its code.
#[must_use]
pub struct MatchedCode {
    id: i64,
}

/// Checks `code` for `purpose`. A wrong entry counts against the code at once (it must count
/// whatever happens to the request); after [`MAX_WRONG_ENTRIES`] of them it fails even when
/// right.
pub async fn check(
    db: &Db,
    staff_id: i64,
    purpose: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<MatchedCode, VerificationError> {
    #[derive(FromRow)]
    struct Stored {
        id: i64,
        salt: String,
        code_hash: String,
        expires_at: i64,
        wrong_entries: i64,
    }
    let code = parse_code(code).map_err(VerificationError::Malformed)?;
    let stored: Stored = db
        .query(
            "SELECT id, salt, code_hash, expires_at, wrong_entries FROM verification_codes \
         WHERE staff_id = $1 AND purpose = $2 AND spent_at IS NULL ORDER BY id DESC LIMIT 1",
        )
        .bind(staff_id)
        .bind(purpose)
        .fetch_optional()
        .await?
        .ok_or(VerificationError::NoCode)?;

    if stored.wrong_entries >= MAX_WRONG_ENTRIES {
        return Err(VerificationError::Void);
    }
    if now.timestamp() >= stored.expires_at {
        return Err(VerificationError::Expired);
    }
    let salt = hex::decode(&stored.salt).unwrap_or_default();
    let expected = hex::decode(&stored.code_hash).unwrap_or_default();
    let matches: bool = digest(&salt, code).as_slice().ct_eq(&expected).into();
    if !matches {
        db.query("UPDATE verification_codes SET wrong_entries = wrong_entries + 1 WHERE id = $1")
            .bind(stored.id)
            .execute()
            .await?;
        return Err(VerificationError::Wrong {
            remaining: MAX_WRONG_ENTRIES - stored.wrong_entries - 1,
        });
    }
    Ok(MatchedCode { id: stored.id })
}

impl MatchedCode {
    /// Uses the code up within the caller's transaction: spent if and only if it commits.
    pub async fn spend(self, tx: &mut Tx, now: DateTime<Utc>) -> Result<(), VerificationError> {
        // The conditions make single use and the wrong-entry limit hold under concurrent
        // entries.
        let used = tx
            .query(
                "UPDATE verification_codes SET spent_at = $1 \
             WHERE id = $2 AND spent_at IS NULL AND wrong_entries < $3",
            )
            .bind(now.timestamp())
            .bind(self.id)
            .bind(MAX_WRONG_ENTRIES)
            .execute()
            .await?;
        if used == 1 {
            Ok(())
        } else {
            Err(VerificationError::NoCode)
        }
    }
}

fn digest(salt: &[u8], code: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(salt)
        .chain_update(code.as_bytes())
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::DemoMail;
    use crate::operation::code_purpose;
    use crate::services::mail::demo_inbox;
    use crate::services::staff::{create, NewStaff};
    use crate::services::test_db;
    use crate::staff::Role;

    fn purpose(operation: &str, ids: &[&str]) -> String {
        code_purpose(
            operation,
            &ids.iter().map(|id| id.to_string()).collect::<Vec<_>>(),
        )
    }

    async fn operator(db: &Db) -> StaffMember {
        let new = NewStaff {
            email: "op@example.com",
            display_name: "Op",
            role: Role::Operator,
            password: "a long enough password",
        };
        create(db, new, Utc::now()).await.unwrap()
    }

    /// The code in the newest Demo Inbox mail.
    fn code_in(mail: &[DemoMail]) -> String {
        let body = &mail.first().expect("a mail was delivered").body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|word| word.len() == 6)
            .expect("the mail holds a six-digit code")
            .to_owned()
    }

    async fn send(db: &Db, staff: &StaffMember, purpose: &str, now: DateTime<Utc>) -> String {
        send_code(db, &Mailer::DemoInbox, staff, purpose, Language::En, now)
            .await
            .unwrap();
        code_in(&demo_inbox(db, staff.id).await.unwrap())
    }

    /// Checks the code and spends it at once, as a request with nothing else to do would.
    async fn consume(
        db: &Db,
        staff_id: i64,
        purpose: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<(), VerificationError> {
        let matched = check(db, staff_id, purpose, code, now).await?;
        let mut tx = db.begin().await?;
        matched.spend(&mut tx, now).await?;
        tx.commit().await?;
        Ok(())
    }

    #[tokio::test]
    async fn the_code_mail_is_written_in_the_language_it_was_asked_in() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let purpose = purpose("freeze-account", &["a"]);
        send_code(
            &db,
            &Mailer::DemoInbox,
            &staff,
            &purpose,
            Language::ZhCn,
            Utc::now(),
        )
        .await
        .unwrap();
        let inbox = demo_inbox(&db, staff.id).await.unwrap();
        let code = code_in(&inbox);
        assert_eq!(inbox[0].subject, "伙伴中心验证码");
        assert!(inbox[0]
            .body
            .starts_with(&format!("您的伙伴中心验证码是 {code}。")));
        assert!(inbox[0].body.contains("5 分钟内有效"), "{}", inbox[0].body);
    }

    #[tokio::test]
    async fn a_checked_code_is_spent_only_when_its_transaction_commits() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let now = Utc::now();
        let purpose = purpose("freeze-account", &["a"]);
        let code = send(&db, &staff, &purpose, now).await;
        let matched = check(&db, staff.id, &purpose, &code, now).await.unwrap();
        let mut tx = db.begin().await.unwrap();
        matched.spend(&mut tx, now).await.unwrap();
        tx.rollback().await.unwrap();
        consume(&db, staff.id, &purpose, &code, now).await.unwrap();
        let again = consume(&db, staff.id, &purpose, &code, now)
            .await
            .unwrap_err();
        assert!(matches!(again, VerificationError::NoCode), "{again}");
    }

    fn wrong(code: &str) -> String {
        format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
    }

    #[tokio::test]
    async fn a_code_works_once_for_its_own_purpose_only() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let now = Utc::now();
        let freeze_a = purpose("freeze-account", &["a"]);
        let code = send(&db, &staff, &freeze_a, now).await;

        for other in [
            purpose("freeze-account", &["a", "b"]),
            purpose("freeze-account-and-resources", &["a"]),
        ] {
            let error = consume(&db, staff.id, &other, &code, now)
                .await
                .unwrap_err();
            assert!(matches!(error, VerificationError::NoCode), "{error}");
        }
        consume(&db, staff.id, &freeze_a, &code, now).await.unwrap();
        let again = consume(&db, staff.id, &freeze_a, &code, now)
            .await
            .unwrap_err();
        assert!(matches!(again, VerificationError::NoCode), "{again}");
    }

    #[tokio::test]
    async fn the_sixth_entry_fails_even_with_the_right_code() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let now = Utc::now();
        let purpose = purpose("unfreeze-account", &["a"]);
        let code = send(&db, &staff, &purpose, now).await;
        for remaining in (0..MAX_WRONG_ENTRIES).rev() {
            let error = consume(&db, staff.id, &purpose, &wrong(&code), now)
                .await
                .unwrap_err();
            assert!(
                matches!(error, VerificationError::Wrong { remaining: r } if r == remaining),
                "{error}"
            );
        }
        let error = consume(&db, staff.id, &purpose, &code, now)
            .await
            .unwrap_err();
        assert!(matches!(error, VerificationError::Void), "{error}");
    }

    #[tokio::test]
    async fn the_resend_wait_counts_down_from_the_last_code() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let now = Utc::now();
        assert_eq!(resend_wait(&db, staff.id, now).await.unwrap(), 0);
        send(&db, &staff, &purpose("freeze-account", &["a"]), now).await;
        let later = now + Duration::seconds(20);
        assert_eq!(
            resend_wait(&db, staff.id, later).await.unwrap(),
            RESEND_AFTER_SECS - 20
        );
        let over = now + Duration::seconds(RESEND_AFTER_SECS + 5);
        assert_eq!(resend_wait(&db, staff.id, over).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn codes_expire_after_five_minutes() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let sent = Utc::now();
        let purpose = purpose("freeze-account", &["a"]);
        let code = send(&db, &staff, &purpose, sent).await;
        let late = sent + Duration::seconds(CODE_VALID_SECS);
        let error = consume(&db, staff.id, &purpose, &code, late)
            .await
            .unwrap_err();
        assert!(matches!(error, VerificationError::Expired), "{error}");
        consume(&db, staff.id, &purpose, &code, late - Duration::seconds(1))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_new_code_replaces_the_previous_one() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let now = Utc::now();
        let purpose = purpose("freeze-account", &["a"]);
        let first = send(&db, &staff, &purpose, now).await;
        let later = now + Duration::seconds(RESEND_AFTER_SECS);
        let second = send(&db, &staff, &purpose, later).await;
        if first != second {
            assert!(consume(&db, staff.id, &purpose, &first, later)
                .await
                .is_err());
        }
        consume(&db, staff.id, &purpose, &second, later)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn resending_waits_a_minute_and_at_most_fifteen_codes_go_out_an_hour() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let start = Utc::now();
        let purpose = purpose("freeze-account", &["a"]);
        send(&db, &staff, &purpose, start).await;
        let too_soon = send_code(
            &db,
            &Mailer::DemoInbox,
            &staff,
            &purpose,
            Language::En,
            start + Duration::seconds(59),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(
                too_soon,
                VerificationError::TooSoon {
                    retry_after_secs: 1
                }
            ),
            "{too_soon}"
        );

        for n in 1..MAX_CODES_PER_HOUR {
            send(
                &db,
                &staff,
                &purpose,
                start + Duration::seconds(n * RESEND_AFTER_SECS),
            )
            .await;
        }
        let sixteenth = start + Duration::seconds(MAX_CODES_PER_HOUR * RESEND_AFTER_SECS);
        let error = send_code(
            &db,
            &Mailer::DemoInbox,
            &staff,
            &purpose,
            Language::En,
            sixteenth,
        )
        .await
        .unwrap_err();
        assert!(matches!(error, VerificationError::HourlyLimit), "{error}");
        // An hour after the first code, one may go out again.
        send(&db, &staff, &purpose, start + Duration::seconds(3601)).await;
    }

    #[tokio::test]
    async fn at_most_sixty_codes_go_out_a_day() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let start = Utc::now();
        // Fifteen an hour, four hours in a row: spaced so neither the minute nor the hour limit bites.
        let spacing = Duration::seconds(3600 / MAX_CODES_PER_HOUR + 1);
        let mut at = start;
        for _ in 0..MAX_CODES_PER_DAY {
            send(&db, &staff, "p", at).await;
            at += spacing;
        }
        let error = send_code(&db, &Mailer::DemoInbox, &staff, "p", Language::En, at)
            .await
            .unwrap_err();
        assert!(matches!(error, VerificationError::DailyLimit), "{error}");
    }

    #[tokio::test]
    async fn only_a_salted_hash_of_the_code_is_stored() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let code = send(&db, &staff, "p", Utc::now()).await;
        let rows: Vec<(String, String)> = db
            .query("SELECT salt, code_hash FROM verification_codes")
            .fetch_all()
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        let (salt, hash) = &rows[0];
        assert!(!salt.contains(&code) && !hash.contains(&code));
        assert_eq!(hash.len(), 64);
    }

    #[tokio::test]
    async fn a_failed_delivery_does_not_count_against_the_limits() {
        let (_dir, db) = test_db().await;
        let staff = operator(&db).await;
        let now = Utc::now();
        let error = send_code(&db, &Mailer::Unconfigured, &staff, "p", Language::En, now)
            .await
            .unwrap_err();
        assert!(
            matches!(error, VerificationError::Delivery(MailError::NotConfigured)),
            "{error}"
        );
        send(&db, &staff, "p", now).await;
    }
}
