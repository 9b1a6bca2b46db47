//! Security events against a real SQLite file: every wired change writes its event in its
//! own transaction (no change without its event, none for a refused change), the table is
//! append-only, and the list and CSV export filter as the page asks.

use std::net::IpAddr;

use chrono::{DateTime, TimeZone, Utc};
use domain::paging::PageRequest;
use domain::security::{SecurityEvent, SecurityEventKind, SecurityEventQuery};
use domain::services::db::scratch::ScratchDb;
use domain::services::db::Db;
use domain::services::security_events::{self, csv_header, NewSecurityEvent, Source, Subject};
use domain::services::settings;
use domain::services::staff::{self, NewStaff, StaffError};
use domain::staff::{Role, StaffMember};
use futures::StreamExt;
use i18n::Language;

async fn database() -> (ScratchDb, Db) {
    let scratch = ScratchDb::create().await.unwrap();
    let db = scratch.connect().await.unwrap();
    (scratch, db)
}

fn new_staff(email: &str, role: Role) -> NewStaff<'_> {
    NewStaff {
        email,
        display_name: "Ana Li",
        role,
        password: "a long enough password",
    }
}

const CLIENT: &str = "192.0.2.7";

fn from(admin: &StaffMember) -> Source<'_> {
    Source {
        actor: Some(admin),
        client: Some(CLIENT.parse::<IpAddr>().unwrap()),
    }
}

async fn all_events(db: &Db) -> Vec<SecurityEvent> {
    let query = SecurityEventQuery {
        page: PageRequest::new(1, 100),
        ..SecurityEventQuery::default()
    };
    let mut rows = security_events::list(db, &query).await.unwrap().rows;
    rows.reverse();
    rows
}

/// (kind, by, about, details, client) of each event, oldest first.
async fn summary(db: &Db) -> Vec<(SecurityEventKind, String, String, String, String)> {
    all_events(db)
        .await
        .into_iter()
        .map(|event| {
            (
                event.kind,
                event.actor_email.unwrap_or_default(),
                event.subject_email.unwrap_or_default(),
                event.details,
                event.client.unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn each_staff_and_setting_change_writes_one_event_with_who_what_and_where() {
    let (_dir, db) = database().await;
    let now = Utc::now();
    let admin = staff::create(&db, new_staff("admin@example.com", Role::Admin), now)
        .await
        .unwrap();
    let ana = staff::create_by(
        &db,
        new_staff("Ana@Example.com", Role::Viewer),
        from(&admin),
        now,
    )
    .await
    .unwrap();
    staff::set_role(&db, ana.id, Role::Operator, from(&admin), now)
        .await
        .unwrap();
    staff::set_enabled(&db, ana.id, false, from(&admin), now)
        .await
        .unwrap();
    staff::set_enabled(&db, ana.id, true, from(&admin), now)
        .await
        .unwrap();
    settings::set_verification_code_enabled(&db, true, from(&admin), now)
        .await
        .unwrap();
    settings::set_verification_code_enabled(&db, false, from(&admin), now)
        .await
        .unwrap();

    let (admin_email, ana_email) = ("admin@example.com".to_owned(), "ana@example.com".to_owned());
    let by_admin = |kind, details: &str| {
        (
            kind,
            admin_email.clone(),
            ana_email.clone(),
            details.to_owned(),
            CLIENT.to_owned(),
        )
    };
    let setting = |kind| {
        (
            kind,
            admin_email.clone(),
            String::new(),
            String::new(),
            CLIENT.to_owned(),
        )
    };
    assert_eq!(
        summary(&db).await,
        vec![
            // The command line: nobody signed in, no address.
            (
                SecurityEventKind::StaffCreated,
                String::new(),
                admin_email.clone(),
                "Role: Admin".to_owned(),
                String::new()
            ),
            by_admin(SecurityEventKind::StaffCreated, "Role: Viewer"),
            by_admin(SecurityEventKind::RoleChanged, "Viewer → Operator"),
            by_admin(SecurityEventKind::StaffDisabled, ""),
            by_admin(SecurityEventKind::StaffEnabled, ""),
            setting(SecurityEventKind::CodeSettingOn),
            setting(SecurityEventKind::CodeSettingOff),
        ]
    );
    let stored: (Option<i64>, Option<i64>) = db
        .query("SELECT actor_id, subject_id FROM security_events WHERE kind = 'role-changed'")
        .fetch_one()
        .await
        .unwrap();
    assert_eq!(stored, (Some(admin.id), Some(ana.id)));
}

#[tokio::test]
async fn a_change_to_what_already_is_writes_no_event() {
    let (_dir, db) = database().await;
    let now = Utc::now();
    let admin = staff::create(&db, new_staff("admin@example.com", Role::Admin), now)
        .await
        .unwrap();
    let before = all_events(&db).await.len();
    // The code is off until turned on: turning it off changes nothing.
    settings::set_verification_code_enabled(&db, false, from(&admin), now)
        .await
        .unwrap();
    staff::set_role(&db, admin.id, Role::Admin, from(&admin), now)
        .await
        .unwrap();
    staff::set_enabled(&db, admin.id, true, from(&admin), now)
        .await
        .unwrap();
    assert_eq!(all_events(&db).await.len(), before);
}

#[tokio::test]
async fn a_refused_change_writes_no_event() {
    let (_dir, db) = database().await;
    let now = Utc::now();
    let admin = staff::create(&db, new_staff("admin@example.com", Role::Admin), now)
        .await
        .unwrap();
    let before = summary(&db).await;
    assert!(matches!(
        staff::set_role(&db, admin.id, Role::Viewer, from(&admin), now).await,
        Err(StaffError::LastAdmin)
    ));
    assert!(matches!(
        staff::set_enabled(&db, admin.id, false, from(&admin), now).await,
        Err(StaffError::LastAdmin)
    ));
    assert!(matches!(
        staff::create_by(
            &db,
            new_staff("ADMIN@example.com", Role::Viewer),
            from(&admin),
            now
        )
        .await,
        Err(StaffError::DuplicateEmail(_))
    ));
    assert!(matches!(
        staff::set_role(&db, 999, Role::Viewer, from(&admin), now).await,
        Err(StaffError::NotFound)
    ));
    assert_eq!(summary(&db).await, before);
}

/// With the events table gone, every wired change fails and is rolled back: the
/// change and its event are one transaction.
#[tokio::test]
async fn a_change_whose_event_cannot_be_written_is_rolled_back() {
    let (_dir, db) = database().await;
    let now = Utc::now();
    let admin = staff::create(&db, new_staff("admin@example.com", Role::Admin), now)
        .await
        .unwrap();
    let ana = staff::create(&db, new_staff("ana@example.com", Role::Viewer), now)
        .await
        .unwrap();
    // Moved out of the way (on either backend), the table takes no event.
    db.query("ALTER TABLE security_events RENAME TO security_events_elsewhere")
        .execute()
        .await
        .unwrap();
    let staff_before = staff::list(&db).await.unwrap();

    assert!(staff::set_role(&db, ana.id, Role::Admin, from(&admin), now)
        .await
        .is_err());
    assert!(staff::set_enabled(&db, ana.id, false, from(&admin), now)
        .await
        .is_err());
    assert!(staff::create_by(
        &db,
        new_staff("bo@example.com", Role::Viewer),
        from(&admin),
        now
    )
    .await
    .is_err());
    assert!(
        settings::set_verification_code_enabled(&db, true, from(&admin), now)
            .await
            .is_err()
    );

    assert_eq!(staff::list(&db).await.unwrap(), staff_before);
    assert!(!settings::verification_code_enabled(&db).await.unwrap());
}

#[tokio::test]
async fn events_can_be_neither_edited_nor_deleted() {
    let (_dir, db) = database().await;
    staff::create(&db, new_staff("admin@example.com", Role::Admin), Utc::now())
        .await
        .unwrap();
    let before = summary(&db).await;
    for statement in [
        "UPDATE security_events SET details = 'nothing happened'",
        "UPDATE security_events SET actor_email = 'someone@else.example'",
        "UPDATE security_events SET client = NULL",
        "DELETE FROM security_events",
    ] {
        let error = db.query(statement).execute().await.unwrap_err();
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    assert_eq!(summary(&db).await, before);
}

/// Writes an event directly, as the sign-in and password services will.
async fn event(
    db: &Db,
    kind: SecurityEventKind,
    actor: Option<&StaffMember>,
    subject: Option<&str>,
    at: DateTime<Utc>,
) {
    let mut tx = db.begin().await.unwrap();
    security_events::record(
        &mut tx,
        NewSecurityEvent {
            kind,
            source: Source {
                actor,
                client: Some("2001:db8::1".parse().unwrap()),
            },
            subject: subject.map(|email| Subject { id: None, email }),
            details: String::new(),
            at,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn events_are_filtered_by_kind_actor_subject_and_date_and_paged() {
    let (_dir, db) = database().await;
    let day = |d| Utc.with_ymd_and_hms(2026, 3, d, 12, 0, 0).unwrap();
    let admin = staff::create(&db, new_staff("admin@example.com", Role::Admin), day(1))
        .await
        .unwrap();
    event(
        &db,
        SecurityEventKind::SignInLockedOut,
        None,
        Some("x_y@guess.example"),
        day(2),
    )
    .await;
    event(
        &db,
        SecurityEventKind::PasswordReset,
        Some(&admin),
        Some("ana@example.com"),
        day(3),
    )
    .await;
    event(
        &db,
        SecurityEventKind::PasswordChanged,
        Some(&admin),
        Some("admin@example.com"),
        day(4),
    )
    .await;

    let ids = |query: SecurityEventQuery| {
        let db = db.clone();
        async move {
            let page = security_events::list(&db, &query).await.unwrap();
            let kinds: Vec<SecurityEventKind> = page.rows.iter().map(|e| e.kind).collect();
            (page.total, kinds)
        }
    };
    use SecurityEventKind::{PasswordChanged, PasswordReset, SignInLockedOut, StaffCreated};
    assert_eq!(
        ids(SecurityEventQuery::default()).await,
        (
            4,
            vec![
                PasswordChanged,
                PasswordReset,
                SignInLockedOut,
                StaffCreated
            ]
        ),
        "newest first"
    );
    let kind = SecurityEventQuery {
        kind: Some(PasswordReset),
        ..SecurityEventQuery::default()
    };
    assert_eq!(ids(kind).await, (1, vec![PasswordReset]));
    let actor = SecurityEventQuery {
        actor: "ADMIN@".into(),
        ..SecurityEventQuery::default()
    };
    assert_eq!(ids(actor).await, (2, vec![PasswordChanged, PasswordReset]));
    // LIKE's wildcards are literal: `_` matches only an underscore.
    let subject = SecurityEventQuery {
        subject: "x_y".into(),
        ..SecurityEventQuery::default()
    };
    assert_eq!(ids(subject).await, (1, vec![SignInLockedOut]));
    let wildcard = SecurityEventQuery {
        subject: "a_a".into(),
        ..SecurityEventQuery::default()
    };
    assert_eq!(ids(wildcard).await, (0, vec![]));
    let dates = SecurityEventQuery {
        from: Some("2026-03-02".into()),
        to: Some("2026-03-03".into()),
        ..SecurityEventQuery::default()
    };
    assert_eq!(ids(dates).await, (2, vec![PasswordReset, SignInLockedOut]));
    let second_page = SecurityEventQuery {
        page: PageRequest::new(2, 10),
        ..SecurityEventQuery::default()
    };
    assert_eq!(ids(second_page).await, (4, vec![]));
}

#[tokio::test]
async fn the_csv_export_holds_every_filtered_event_with_cells_neutralised() {
    let (_dir, db) = database().await;
    let now = Utc::now();
    let admin = staff::create(&db, new_staff("admin@example.com", Role::Admin), now)
        .await
        .unwrap();
    // A guessed address that a spreadsheet would run as a formula.
    event(
        &db,
        SecurityEventKind::SignInLockedOut,
        None,
        Some("=cmd@x.example"),
        now,
    )
    .await;
    for _ in 0..3 {
        event(
            &db,
            SecurityEventKind::PasswordReset,
            Some(&admin),
            Some("ana@example.com"),
            now,
        )
        .await;
    }

    let export = |query: SecurityEventQuery| {
        let db = db.clone();
        async move {
            let mut stream = Box::pin(security_events::export_csv(db, query, Language::En));
            let mut bytes = Vec::new();
            while let Some(chunk) = stream.next().await {
                bytes.extend(chunk.unwrap());
            }
            let text = String::from_utf8(bytes).unwrap();
            let text = text
                .strip_prefix('\u{feff}')
                .expect("a byte order mark")
                .to_owned();
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .map(|line| line.unwrap().iter().map(str::to_owned).collect())
                .collect::<Vec<Vec<String>>>()
        }
    };
    let lines = export(SecurityEventQuery {
        kind: Some(SecurityEventKind::SignInLockedOut),
        // Paging does not limit the export.
        page: PageRequest::new(5, 10),
        ..SecurityEventQuery::default()
    })
    .await;
    assert_eq!(lines[0], csv_header(Language::En));
    assert_eq!(lines.len(), 2);
    let line = &lines[1];
    assert_eq!(line[2], "Sign-in locked out");
    assert_eq!(line[3], "", "nobody was signed in");
    assert_eq!(line[4], "'=cmd@x.example");
    assert_eq!(line[6], "2001:db8::1");

    let resets = export(SecurityEventQuery {
        actor: "admin".into(),
        kind: Some(SecurityEventKind::PasswordReset),
        ..SecurityEventQuery::default()
    })
    .await;
    assert_eq!(resets.len(), 4);
    assert!(resets[1..]
        .iter()
        .all(|line| line[3] == "admin@example.com"));
}
