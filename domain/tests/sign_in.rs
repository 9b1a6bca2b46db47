//! Signing in under attack, against a real SQLite file: parallel guesses, growing delays per
//! account and client address, and the bound on concurrent password hashing.

use chrono::{DateTime, Duration, Utc};
use domain::services::db::scratch::ScratchDb;
use domain::services::db::Db;
use domain::services::passwords;
use domain::services::security_events::Source;
use domain::services::sign_in::{self, SignInError, FAILURES_BEFORE_DELAY};
use domain::services::staff::{self, NewStaff, PasswordChange};
use domain::staff::Role;

const EMAIL: &str = "ana@example.com";
const PASSWORD: &str = "a long enough password";

async fn db_with_staff() -> (ScratchDb, Db) {
    let scratch = ScratchDb::create().await.expect("a scratch database");
    let db = scratch.connect().await.expect("a fresh database");
    staff::create(
        &db,
        NewStaff {
            email: EMAIL,
            display_name: "Ana",
            role: Role::Admin,
            password: PASSWORD,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    (scratch, db)
}

/// Eight wrong guesses sent at once: only as many passwords are checked as the limit allows,
/// the rest are refused before hashing. Counting before hashing and recording after let all
/// eight through.
#[tokio::test]
async fn parallel_wrong_guesses_check_at_most_the_limit() {
    let (_dir, db) = db_with_staff().await;
    let now = Utc::now();
    let guesses = (0..8).map(|n| {
        let db = db.clone();
        tokio::spawn(async move {
            sign_in::sign_in(&db, EMAIL, &format!("wrong guess {n}"), "10.6.6.6", now).await
        })
    });
    let mut checked = 0;
    let mut throttled = 0;
    for guess in futures::future::join_all(guesses).await {
        match guess.unwrap().unwrap_err() {
            SignInError::InvalidCredentials => checked += 1,
            SignInError::Throttled { .. } => throttled += 1,
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        (checked, throttled),
        (
            FAILURES_BEFORE_DELAY as usize,
            8 - FAILURES_BEFORE_DELAY as usize
        )
    );
}

async fn attempt(
    db: &Db,
    password: &str,
    client: &str,
    at: DateTime<Utc>,
) -> Result<(), SignInError> {
    sign_in::sign_in(db, EMAIL, password, client, at)
        .await
        .map(|_| ())
}

fn wait_of(result: Result<(), SignInError>) -> i64 {
    match result {
        Err(SignInError::Throttled { retry_after_secs }) => retry_after_secs,
        other => panic!("expected a wait, got {other:?}"),
    }
}

fn is_checked_and_wrong(result: Result<(), SignInError>) -> bool {
    matches!(result, Err(SignInError::InvalidCredentials))
}

/// After five failures of one account from one address, each further attempt from there
/// waits a minute, then two, then four: a wait, not a lock.
#[tokio::test]
async fn failures_from_one_address_grow_the_wait_for_that_address() {
    let (_dir, db) = db_with_staff().await;
    let start = Utc::now();
    let at = |secs| start + Duration::seconds(secs);
    for n in 0..FAILURES_BEFORE_DELAY {
        assert!(is_checked_and_wrong(
            attempt(&db, "wrong", "10.6.6.6", at(n)).await
        ));
    }
    // The fifth failure was at 4 s: the sixth attempt waits until 64 s, right password or not.
    assert_eq!(
        wait_of(attempt(&db, PASSWORD, "10.6.6.6", at(10)).await),
        54
    );
    // The failure that started the wait is a security event; the refused attempt is not.
    let lockouts: Vec<(String, String, String)> = db
        .query(
            "SELECT subject_email, client, details FROM security_events \
         WHERE kind = 'sign-in-locked-out'",
        )
        .fetch_all()
        .await
        .unwrap();
    assert_eq!(lockouts.len(), 1, "{lockouts:?}");
    assert_eq!((&*lockouts[0].0, &*lockouts[0].1), (EMAIL, "10.6.6.6"));
    assert!(lockouts[0].2.contains("waits 1 minute"), "{lockouts:?}");
    assert!(is_checked_and_wrong(
        attempt(&db, "wrong", "10.6.6.6", at(64)).await
    ));
    assert_eq!(
        wait_of(attempt(&db, "wrong", "10.6.6.6", at(100)).await),
        84
    );
    assert!(is_checked_and_wrong(
        attempt(&db, "wrong", "10.6.6.6", at(184)).await
    ));
    assert_eq!(
        wait_of(attempt(&db, "wrong", "10.6.6.6", at(185)).await),
        239
    );

    // Once waited for, the right password signs in and clears this address's failures.
    attempt(&db, PASSWORD, "10.6.6.6", at(424)).await.unwrap();
    for n in 0..FAILURES_BEFORE_DELAY {
        assert!(is_checked_and_wrong(
            attempt(&db, "wrong", "10.6.6.6", at(425 + n)).await
        ));
    }
}

/// Someone guessing the admin's password from one address does not keep the admin, at
/// another address, out; and the admin signing in does not shorten the guesser's wait.
#[tokio::test]
async fn guesses_from_one_address_do_not_delay_the_owner_at_another() {
    let (_dir, db) = db_with_staff().await;
    let start = Utc::now();
    let mut at = start;
    for failures in 0..10 {
        at += Duration::seconds(sign_in::delay_after(failures));
        assert!(is_checked_and_wrong(
            attempt(&db, "wrong", "10.6.6.6", at).await
        ));
    }
    assert_eq!(
        wait_of(attempt(&db, "wrong", "10.6.6.6", at).await),
        sign_in::MAX_DELAY_SECS
    );
    attempt(&db, PASSWORD, "10.0.0.1", at).await.unwrap();
    assert_eq!(
        wait_of(attempt(&db, PASSWORD, "10.6.6.6", at + Duration::seconds(1)).await),
        sign_in::MAX_DELAY_SECS - 1
    );
}

/// Hashing runs in at most `slots` places at once however many requests want it, and the
/// requests beyond that wait their turn rather than fail.
#[tokio::test]
async fn password_hashing_runs_in_a_bounded_number_of_slots() {
    let slots = passwords::slots();
    let stored = passwords::hash(PASSWORD).await.unwrap();
    let checks: Vec<_> = (0..4 * slots + 4)
        .map(|_| {
            let stored = stored.clone();
            tokio::spawn(async move { passwords::verify(PASSWORD, Some(stored)).await })
        })
        .collect();
    let mut peak = 0;
    while !checks.iter().all(|check| check.is_finished()) {
        peak = peak.max(passwords::hashing_now());
        tokio::time::sleep(std::time::Duration::from_micros(200)).await;
    }
    for check in checks {
        assert!(check.await.unwrap().unwrap());
    }
    assert_eq!(peak, slots, "at most {slots} at once, and all of them used");
}

async fn signed_in_member(db: &Db) -> domain::staff::StaffMember {
    sign_in::sign_in(db, EMAIL, PASSWORD, "10.0.0.1", Utc::now())
        .await
        .unwrap()
        .member
}

/// A change made by `member` from no particular address.
fn by(member: &domain::staff::StaffMember) -> Source<'_> {
    Source {
        actor: Some(member),
        client: None,
    }
}

/// The password security events written: kind, by whom, about whom.
async fn events(db: &Db) -> Vec<(String, String, String)> {
    db.query(
        "SELECT kind, COALESCE(actor_email, ''), COALESCE(subject_email, '') \
         FROM security_events WHERE kind LIKE 'password-%' ORDER BY id",
    )
    .fetch_all()
    .await
    .unwrap()
}

/// A member changes their own password: only with the current one, the new one typed twice
/// and long enough; then the sessions signed in before end and only the new password works.
#[tokio::test]
async fn a_password_change_needs_the_current_password_and_ends_other_sessions() {
    let (_dir, db) = db_with_staff().await;
    let before = sign_in::sign_in(&db, EMAIL, PASSWORD, "10.0.0.1", Utc::now())
        .await
        .unwrap();
    let id = before.member.id;
    let new = "a brand new passphrase";
    for (change, expected) in [
        (
            PasswordChange {
                current: "not my password",
                new,
                confirmation: new,
            },
            "current password is not correct",
        ),
        (
            PasswordChange {
                current: PASSWORD,
                new,
                confirmation: "a brand new passphrasf",
            },
            "confirmation differ",
        ),
        (
            PasswordChange {
                current: PASSWORD,
                new: "too short",
                confirmation: "too short",
            },
            "at least 12",
        ),
        (
            PasswordChange {
                current: PASSWORD,
                new: PASSWORD,
                confirmation: PASSWORD,
            },
            "differs from the current one",
        ),
    ] {
        let error = staff::change_password(&db, id, change, by(&before.member), Utc::now())
            .await
            .unwrap_err();
        assert!(error.to_string().contains(expected), "{error}");
    }
    assert!(staff::active_member(&db, id, before.session_epoch)
        .await
        .unwrap()
        .is_some());

    let change = PasswordChange {
        current: PASSWORD,
        new,
        confirmation: new,
    };
    assert_eq!(events(&db).await, [] as [(String, String, String); 0]);
    let epoch = staff::change_password(&db, id, change, by(&before.member), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        events(&db).await,
        [(
            "password-changed".to_owned(),
            EMAIL.to_owned(),
            EMAIL.to_owned()
        )]
    );
    assert!(staff::active_member(&db, id, before.session_epoch)
        .await
        .unwrap()
        .is_none());
    assert!(staff::active_member(&db, id, epoch)
        .await
        .unwrap()
        .is_some());
    assert!(matches!(
        sign_in::sign_in(&db, EMAIL, PASSWORD, "10.0.0.2", Utc::now()).await,
        Err(SignInError::InvalidCredentials)
    ));
    let after = sign_in::sign_in(&db, EMAIL, new, "10.0.0.2", Utc::now())
        .await
        .unwrap();
    assert_eq!(after.session_epoch, epoch);
}

/// An admin's reset gives a one-time password, ends the member's sessions, and the member
/// must choose a new password after signing in with it.
#[tokio::test]
async fn a_reset_gives_a_one_time_password_that_must_be_changed() {
    let (_dir, db) = db_with_staff().await;
    let admin = signed_in_member(&db).await;
    let member = staff::create(
        &db,
        NewStaff {
            email: "bo@example.com",
            display_name: "Bo",
            role: Role::Operator,
            password: PASSWORD,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let session = sign_in::sign_in(&db, "bo@example.com", PASSWORD, "10.0.0.3", Utc::now())
        .await
        .unwrap();

    let error = staff::reset_password(&db, admin.id, by(&admin), Utc::now())
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("Change your own password"),
        "{error}"
    );
    let one_time = staff::reset_password(&db, member.id, by(&admin), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        events(&db).await,
        [(
            "password-reset".to_owned(),
            EMAIL.to_owned(),
            "bo@example.com".to_owned()
        )]
    );
    assert_eq!(one_time.email, "bo@example.com");
    let one_time = one_time.password;
    assert!(one_time.chars().count() >= 16, "{one_time}");
    assert!(staff::active_member(&db, member.id, session.session_epoch)
        .await
        .unwrap()
        .is_none());

    let signed_in = sign_in::sign_in(&db, "bo@example.com", &one_time, "10.0.0.3", Utc::now())
        .await
        .unwrap();
    assert!(signed_in.member.must_change_password);
    let new = "bo's own passphrase";
    let change = PasswordChange {
        current: &one_time,
        new,
        confirmation: new,
    };
    let epoch = staff::change_password(&db, member.id, change, by(&member), Utc::now())
        .await
        .unwrap();
    let member = staff::active_member(&db, member.id, epoch)
        .await
        .unwrap()
        .unwrap();
    assert!(!member.must_change_password);
}
