//! Staff accounts: creation, roles, enabling, and the demo accounts.

use chrono::{DateTime, Utc};
use i18n::{msg, Message};
use sqlx::FromRow;
use thiserror::Error;

use super::db::{Db, Executor, Serialized};
use super::passwords::{self, PasswordError};
use super::security_events::{self, NewSecurityEvent, Source, Subject};
use crate::security::SecurityEventKind;
use crate::staff::{
    normalize_email, validate_display_name, validate_new_password, DemoAccount, OneTimePassword,
    Role, StaffAccount, StaffMember, MAX_PASSWORD_CHARS,
};

#[derive(Debug, Error)]
pub enum StaffError {
    /// The input is wrong; the message says how.
    #[error("{0}")]
    Invalid(Message),
    #[error("{}", self.message())]
    DuplicateEmail(String),
    #[error("{}", self.message())]
    NotFound,
    #[error("{}", self.message())]
    LastAdmin,
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StaffError {
    /// What the caller is told; only caller errors ([`Self::is_caller_error`]) say more than
    /// that the change failed.
    pub fn message(&self) -> Message {
        match self {
            Self::Invalid(message) => message.clone(),
            Self::DuplicateEmail(email) => msg!("staff-duplicate-email", email = email.as_str()),
            Self::NotFound => msg!("staff-not-found"),
            Self::LastAdmin => msg!("staff-last-admin"),
            Self::Password(_) | Self::Database(_) => msg!("staff-change-failed"),
        }
    }

    /// Whether the error is the caller's to fix (as opposed to a fault of the server).
    pub fn is_caller_error(&self) -> bool {
        matches!(
            self,
            Self::Invalid(_) | Self::DuplicateEmail(_) | Self::NotFound | Self::LastAdmin
        )
    }
}

/// A staff member to create, as typed on the Staff page or the command line.
#[derive(Clone, Debug)]
pub struct NewStaff<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
}

/// The accounts demo mode seeds. Their passwords are public (the sign-in page shows them),
/// which is why they exist only against the embedded emulator.
pub fn demo_accounts() -> Vec<DemoAccount> {
    [
        (Role::Admin, "admin@demo.example", "demo-admin-password"),
        (
            Role::Operator,
            "operator@demo.example",
            "demo-operator-password",
        ),
        (Role::Viewer, "viewer@demo.example", "demo-viewer-password"),
    ]
    .into_iter()
    .map(|(role, email, password)| DemoAccount {
        email: email.to_owned(),
        password: password.to_owned(),
        role,
    })
    .collect()
}

#[derive(FromRow)]
struct StaffRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    enabled: bool,
    must_change_password: bool,
}

impl StaffRow {
    fn into_account(self) -> Result<StaffAccount, sqlx::Error> {
        let role = Role::parse(&self.role).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown staff role `{}`", self.role).into())
        })?;
        Ok(StaffAccount {
            member: StaffMember {
                id: self.id,
                email: self.email,
                display_name: self.display_name,
                role,
                must_change_password: self.must_change_password,
            },
            enabled: self.enabled,
        })
    }
}

const STAFF_COLUMNS: &str = "id, email, display_name, role, enabled, must_change_password";

/// Creates an account outside any request (the command line, demo seeding): its event has
/// no actor and no client address.
pub async fn create(
    db: &Db,
    new: NewStaff<'_>,
    now: DateTime<Utc>,
) -> Result<StaffMember, StaffError> {
    create_by(db, new, Source::default(), now).await
}

/// Creates an account and its security event, in one transaction.
pub async fn create_by(
    db: &Db,
    new: NewStaff<'_>,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<StaffMember, StaffError> {
    let email = normalize_email(new.email).map_err(StaffError::Invalid)?;
    let display_name = validate_display_name(new.display_name).map_err(StaffError::Invalid)?;
    validate_new_password(new.password).map_err(StaffError::Invalid)?;
    let password_hash = passwords::hash(new.password).await?;
    let mut tx = db.begin().await?;
    let inserted = tx.query(
        "INSERT INTO staff (email, display_name, role, password_hash, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
    )
    .bind(&email)
    .bind(&display_name)
    .bind(new.role.as_str())
    .bind(&password_hash)
    .bind(now.to_rfc3339())
    .scalar()
    .await;
    let member = match inserted {
        Ok(id) => StaffMember {
            id,
            email,
            display_name,
            role: new.role,
            must_change_password: false,
        },
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Err(StaffError::DuplicateEmail(email))
        }
        Err(error) => return Err(error.into()),
    };
    let event = NewSecurityEvent {
        kind: SecurityEventKind::StaffCreated,
        source,
        subject: Some(Subject::member(&member)),
        details: format!("Role: {}", member.role.label()),
        at: now,
    };
    security_events::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(member)
}

/// The staff member a session stands for: the account with this id if it is enabled and
/// its password has not changed since the session signed in (`session_epoch`).
pub async fn active_member(
    db: &Db,
    id: i64,
    session_epoch: i64,
) -> Result<Option<StaffMember>, sqlx::Error> {
    let row: Option<StaffRow> = db
        .query(format!(
            "SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1 AND enabled AND session_epoch = $2"
        ))
        .bind(id)
        .bind(session_epoch)
        .fetch_optional()
        .await?;
    row.map(|row| row.into_account().map(|account| account.member))
        .transpose()
}

/// A member's own password change, as typed on the Password page.
#[derive(Clone, Debug)]
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirmation: &'a str,
}

/// Changes a member's own password. Returns the account's new session epoch: every session
/// signed in before ends, so the caller stores it in the session that made the change.
pub async fn change_password(
    db: &Db,
    id: i64,
    change: PasswordChange<'_>,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<i64, StaffError> {
    if change.new != change.confirmation {
        return Err(StaffError::Invalid(msg!("password-confirmation-differs")));
    }
    validate_new_password(change.new).map_err(StaffError::Invalid)?;
    if change.new == change.current {
        return Err(StaffError::Invalid(msg!("password-unchanged")));
    }
    let stored: Option<String> = db
        .query("SELECT password_hash FROM staff WHERE id = $1 AND enabled")
        .bind(id)
        .optional_scalar()
        .await?;
    let stored = stored.ok_or(StaffError::NotFound)?;
    if change.current.chars().count() > MAX_PASSWORD_CHARS
        || !passwords::verify(change.current, Some(stored)).await?
    {
        return Err(StaffError::Invalid(msg!("password-current-wrong")));
    }
    let new = NewPassword {
        password: change.new,
        must_change: false,
        kind: SecurityEventKind::PasswordChanged,
    };
    set_password(db, id, new, source, now)
        .await
        .map(|(epoch, _)| epoch)
}

/// Resets another member's password to a one-time password, returned to be shown once to
/// the admin. The member's sessions end, and the next sign-in must choose a new password.
pub async fn reset_password(
    db: &Db,
    id: i64,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<OneTimePassword, StaffError> {
    if source.actor.is_some_and(|admin| admin.id == id) {
        return Err(StaffError::Invalid(msg!("password-reset-own")));
    }
    let password = one_time_password();
    let new = NewPassword {
        password: &password,
        must_change: true,
        kind: SecurityEventKind::PasswordReset,
    };
    let (_, email) = set_password(db, id, new, source, now).await?;
    Ok(OneTimePassword { email, password })
}

/// A password about to be stored, and the security event that says so.
struct NewPassword<'a> {
    password: &'a str,
    must_change: bool,
    kind: SecurityEventKind,
}

/// Stores the password and its security event in one transaction; returns the account's new
/// session epoch and its e-mail.
async fn set_password(
    db: &Db,
    id: i64,
    new: NewPassword<'_>,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<(i64, String), StaffError> {
    let hash = passwords::hash(new.password).await?;
    let mut tx = db.begin().await?;
    let updated: Option<(i64, String)> = tx
        .query(
            "UPDATE staff SET password_hash = $1, must_change_password = $2, \
         session_epoch = session_epoch + 1, updated_at = $3 WHERE id = $4 \
         RETURNING session_epoch, email",
        )
        .bind(&hash)
        .bind(new.must_change)
        .bind(now.to_rfc3339())
        .bind(id)
        .fetch_optional()
        .await?;
    let (epoch, email) = updated.ok_or(StaffError::NotFound)?;
    let event = NewSecurityEvent {
        kind: new.kind,
        source,
        subject: Some(Subject {
            id: Some(id),
            email: &email,
        }),
        details: String::new(),
        at: now,
    };
    security_events::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok((epoch, email))
}

/// 16 characters without look-alikes (0/O, 1/l/I), about 92 bits, from the OS's randomness.
fn one_time_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..16)
        .map(|_| char::from(ALPHABET[rand::rngs::OsRng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// Every account, admins first, then by name.
pub async fn list(db: &Db) -> Result<Vec<StaffAccount>, sqlx::Error> {
    let rows: Vec<StaffRow> = db
        .query(format!(
        "SELECT {STAFF_COLUMNS} FROM staff \
         ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'operator' THEN 1 ELSE 2 END, display_name, id"
    ))
        .fetch_all()
        .await?;
    rows.into_iter().map(StaffRow::into_account).collect()
}

pub async fn set_role(
    db: &Db,
    id: i64,
    role: Role,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<StaffAccount, StaffError> {
    update_keeping_an_admin(db, id, Change::Role(role), source, now).await
}

pub async fn set_enabled(
    db: &Db,
    id: i64,
    enabled: bool,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<StaffAccount, StaffError> {
    update_keeping_an_admin(db, id, Change::Enabled(enabled), source, now).await
}

enum Change {
    Role(Role),
    Enabled(bool),
}

/// Changes an account and records the change as a security event, refusing (and rolling
/// back) a change that leaves no enabled admin. A change to what the account already is
/// writes nothing. The transaction is serialised with every other such change before it
/// reads, so two admins demoting each other at once cannot both succeed, and each event says
/// what the account really was.
async fn update_keeping_an_admin(
    db: &Db,
    id: i64,
    change: Change,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<StaffAccount, StaffError> {
    let mut tx = db.begin_serialized(Serialized::StaffAccounts).await?;
    let before = find(&mut tx, id).await?.ok_or(StaffError::NotFound)?;
    let (update, kind, details) = match change {
        Change::Role(role) if role != before.member.role => (
            tx.query("UPDATE staff SET role = $1, updated_at = $2 WHERE id = $3")
                .bind(role.as_str()),
            SecurityEventKind::RoleChanged,
            format!("{} → {}", before.member.role.label(), role.label()),
        ),
        Change::Enabled(enabled) if enabled != before.enabled => (
            tx.query("UPDATE staff SET enabled = $1, updated_at = $2 WHERE id = $3")
                .bind(enabled),
            SecurityEventKind::account_enabled(enabled),
            String::new(),
        ),
        Change::Role(_) | Change::Enabled(_) => return Ok(before),
    };
    update.bind(now.to_rfc3339()).bind(id).execute().await?;
    let admins: i64 = tx
        .query("SELECT COUNT(*) FROM staff WHERE role = 'admin' AND enabled")
        .scalar()
        .await?;
    if admins == 0 {
        return Err(StaffError::LastAdmin);
    }
    let event = NewSecurityEvent {
        kind,
        source,
        subject: Some(Subject::member(&before.member)),
        details,
        at: now,
    };
    security_events::record(&mut tx, event).await?;
    let account = find(&mut tx, id).await?.ok_or(StaffError::NotFound)?;
    tx.commit().await?;
    Ok(account)
}

async fn find<'e>(
    executor: impl Executor<'e>,
    id: i64,
) -> Result<Option<StaffAccount>, sqlx::Error> {
    let row: Option<StaffRow> = executor
        .query(format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1"))
        .bind(id)
        .fetch_optional()
        .await?;
    row.map(StaffRow::into_account).transpose()
}

/// An account, its password hash and session epoch, looked up by (normalized) e-mail for
/// signing in.
pub(super) async fn credentials(
    db: &Db,
    email: &str,
) -> Result<Option<(StaffAccount, String, i64)>, sqlx::Error> {
    #[derive(FromRow)]
    struct CredentialsRow {
        #[sqlx(flatten)]
        staff: StaffRow,
        password_hash: String,
        session_epoch: i64,
    }
    let row: Option<CredentialsRow> = db
        .query(format!(
            "SELECT {STAFF_COLUMNS}, password_hash, session_epoch FROM staff WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional()
        .await?;
    row.map(|row| {
        Ok((
            row.staff.into_account()?,
            row.password_hash,
            row.session_epoch,
        ))
    })
    .transpose()
}

/// Creates the demo accounts that do not exist yet (demo mode, at start-up), marked as
/// demo-seeded so that a real deployment can refuse them (see [`enabled_demo_accounts`]).
pub async fn seed_demo_accounts(db: &Db, now: DateTime<Utc>) -> Result<(), StaffError> {
    for account in demo_accounts() {
        let new = NewStaff {
            email: &account.email,
            display_name: &format!("Demo {}", account.role.label()),
            role: account.role,
            password: &account.password,
        };
        match create(db, new, now).await {
            Ok(member) => {
                db.query("UPDATE staff SET demo_seeded = TRUE WHERE id = $1")
                    .bind(member.id)
                    .execute()
                    .await?;
            }
            Err(StaffError::DuplicateEmail(_)) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// The e-mail addresses of demo-seeded accounts that can still sign in, whose passwords
/// anyone can read on a demo's sign-in page.
pub async fn enabled_demo_accounts(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    db.query("SELECT email FROM staff WHERE demo_seeded AND enabled ORDER BY email")
        .scalars()
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::test_db;

    fn new_staff<'a>(email: &'a str, role: Role) -> NewStaff<'a> {
        NewStaff {
            email,
            display_name: "Ana Li",
            role,
            password: "a long enough password",
        }
    }

    #[tokio::test]
    async fn creates_staff_with_normalized_email_and_refuses_duplicates() {
        let (_dir, db) = test_db().await;
        let member = create(
            &db,
            new_staff(" Ana@Example.com", Role::Operator),
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(member.email, "ana@example.com");
        assert_eq!(
            active_member(&db, member.id, 0).await.unwrap(),
            Some(member)
        );

        let error = create(&db, new_staff("ANA@example.com", Role::Viewer), Utc::now())
            .await
            .unwrap_err();
        assert!(matches!(error, StaffError::DuplicateEmail(_)), "{error}");
        assert_eq!(list(&db).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn bad_input_is_refused_and_changes_nothing() {
        let (_dir, db) = test_db().await;
        let weak = NewStaff {
            password: "short",
            ..new_staff("ana@example.com", Role::Admin)
        };
        assert!(create(&db, weak, Utc::now())
            .await
            .unwrap_err()
            .to_string()
            .contains("at least 12"));
        assert!(
            create(&db, new_staff("not-an-email", Role::Admin), Utc::now())
                .await
                .is_err()
        );
        assert!(list(&db).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_last_enabled_admin_can_be_neither_demoted_nor_disabled() {
        let (_dir, db) = test_db().await;
        let now = Utc::now();
        let admin = create(&db, new_staff("admin@example.com", Role::Admin), now)
            .await
            .unwrap();
        assert!(matches!(
            set_role(&db, admin.id, Role::Viewer, Source::default(), now).await,
            Err(StaffError::LastAdmin)
        ));
        assert!(matches!(
            set_enabled(&db, admin.id, false, Source::default(), now).await,
            Err(StaffError::LastAdmin)
        ));
        assert_eq!(
            active_member(&db, admin.id, 0).await.unwrap().unwrap().role,
            Role::Admin
        );

        let other = create(&db, new_staff("other@example.com", Role::Operator), now)
            .await
            .unwrap();
        set_role(&db, other.id, Role::Admin, Source::default(), now)
            .await
            .unwrap();
        let disabled = set_enabled(&db, admin.id, false, Source::default(), now)
            .await
            .unwrap();
        assert!(!disabled.enabled);
        assert_eq!(active_member(&db, admin.id, 0).await.unwrap(), None);
        assert!(matches!(
            set_role(&db, 999, Role::Viewer, Source::default(), now).await,
            Err(StaffError::NotFound)
        ));
    }

    #[tokio::test]
    async fn demo_seeding_is_idempotent() {
        let (_dir, db) = test_db().await;
        seed_demo_accounts(&db, Utc::now()).await.unwrap();
        seed_demo_accounts(&db, Utc::now()).await.unwrap();
        let roles: Vec<Role> = list(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.member.role)
            .collect();
        assert_eq!(roles, [Role::Admin, Role::Operator, Role::Viewer]);
    }

    #[tokio::test]
    async fn demo_accounts_are_told_apart_from_real_ones_until_disabled() {
        let (_dir, db) = test_db().await;
        let now = Utc::now();
        let real = create(&db, new_staff("ops@example.com", Role::Admin), now)
            .await
            .unwrap();
        assert!(enabled_demo_accounts(&db).await.unwrap().is_empty());
        seed_demo_accounts(&db, now).await.unwrap();
        assert_eq!(
            enabled_demo_accounts(&db).await.unwrap(),
            [
                "admin@demo.example",
                "operator@demo.example",
                "viewer@demo.example"
            ]
        );
        for account in list(&db).await.unwrap() {
            if account.member.id != real.id {
                set_enabled(&db, account.member.id, false, Source::default(), now)
                    .await
                    .unwrap();
            }
        }
        assert!(enabled_demo_accounts(&db).await.unwrap().is_empty());
    }
}
