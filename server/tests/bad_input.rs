//! Hostile input over HTTP: every field of every server function gets empty, oversize,
//! wrong-type, control-character, invalid UTF-8, script and SQL values. Whatever a value is
//! refused for, the answer is a 400 with a sentence for the user and the database is
//! unchanged; free text that is allowed is stored as given and rendered escaped.

mod common;

use axum::http::StatusCode;
use common::{server_function_table, start, text, Harness};
use domain::services::db::{Backend, Db};

/// What a field holds, which decides which hostile values it must refuse.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Field {
    /// Free text people type (a reason, a name, a password): scripts and SQL are just text.
    Text,
    /// A filter: may be empty; scripts and SQL are searched for, literally.
    Filter,
    /// A required choice, id, number or flag: only the listed values are valid.
    Exact,
    /// An optional choice, id or number: empty means "not given".
    OptionalExact,
}

use Field::{Exact, Filter, OptionalExact, Text};

/// The fields of each server function and what they hold. The test fails when a server
/// function of [`server_function_table`] is missing here, so new ones get checked too.
fn fields(path: &str) -> &'static [(&'static str, Field)] {
    match path {
        "/api/audit/records" => &[
            ("query[customer]", Filter),
            ("query[staff]", Filter),
            ("query[page][page]", Exact),
            ("query[page][page_size]", Exact),
        ],
        "/api/audit/timeline" => &[
            ("customer_id", Exact),
            ("page[page]", Exact),
            ("page[page_size]", Exact),
        ],
        "/api/auth/sign-in" => &[("email", Exact), ("password", Text)],
        // `back` is only where to return: anything not a path on this site returns home.
        "/api/language" => &[("language", Exact)],
        "/api/auth/change-password" => &[
            ("current_password", Text),
            ("new_password", Text),
            ("confirmation", Text),
        ],
        "/api/staff/reset-password" => &[("staff_id", Exact)],
        "/api/customers/list" => &[
            ("query[search]", Filter),
            ("query[label]", Filter),
            ("query[account_manager]", Filter),
            ("query[budget_used]", OptionalExact),
            ("query[sort]", Exact),
            ("query[page][page]", Exact),
            ("query[page][page_size]", Exact),
            ("reveal", OptionalExact),
        ],
        "/api/customers/columns" => &[("columns[0]", Exact)],
        "/api/customers/reveal-contact" => &[("customer_id", Exact)],
        "/api/customers/export" => &[
            ("scope", Exact),
            ("format", Exact),
            ("ids", OptionalExact),
            ("view", Filter),
        ],
        "/api/operations/dialog" | "/api/verification/get-code" => {
            &[("operation", Exact), ("customer_ids[0]", Exact)]
        }
        "/api/operations/run" => &[
            ("operation", Exact),
            ("customer_ids", Exact),
            ("reason", Text),
            ("retry_of", OptionalExact),
            ("form_token", OptionalExact),
        ],
        "/api/operations/record" => &[("record_id", Exact)],
        "/api/operations/record-panel" => &[("record_id", Exact), ("close", Exact)],
        "/api/operations/budget-dialog" => &[("customer_id", Exact)],
        "/api/operations/set-budget" => &[
            ("customer_id", Exact),
            ("amount", Exact),
            ("budget_type", Exact),
            ("form_token", OptionalExact),
        ],
        "/api/security-events/list" => &[
            ("query[kind]", OptionalExact),
            ("query[actor]", Filter),
            ("query[subject]", Filter),
            ("query[from]", OptionalExact),
            ("query[to]", OptionalExact),
            ("query[page][page]", Exact),
            ("query[page][page_size]", Exact),
        ],
        "/api/retention/deadlines" => &[("page[page]", Exact), ("page[page_size]", Exact)],
        "/api/settings/retention" => &[
            ("retention_days", Exact),
            ("alert_days", Exact),
            ("recipients[0]", Exact),
        ],
        "/api/settings/self-managing-resellers" => &[("resellers[0]", Exact)],
        "/api/settings/verification-code" => &[("enabled", Exact)],
        "/api/settings/label-set" => &[("label_set", Exact)],
        "/api/staff/create" => &[
            ("email", Exact),
            ("display_name", Text),
            ("role", Exact),
            ("password", Text),
        ],
        "/api/staff/role" => &[("staff_id", Exact), ("role", Exact)],
        "/api/staff/enabled" => &[("staff_id", Exact), ("enabled", Exact)],
        "/api/auth/current-staff"
        | "/api/auth/demo-accounts"
        | "/api/auth/sign-out"
        | "/api/customers/exports"
        | "/api/customers/refresh"
        | "/api/settings/load"
        | "/api/settings/test-connection"
        | "/api/staff/list"
        | "/api/staff/one-time-password"
        | "/api/verification/demo-inbox" => &[],
        other => panic!("{other}: say what its fields hold"),
    }
}

const SCRIPT: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";
const SQL: &str = "x' OR '1'='1'; DROP TABLE staff; --";

fn encoded(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A hostile value, form-encoded, and which kinds of field must refuse it.
struct Hostile {
    name: &'static str,
    value: String,
    refused_by: fn(Field) -> bool,
}

fn hostile_values() -> Vec<Hostile> {
    let hostile = |name, value: &str, refused_by| Hostile {
        name,
        value: value.to_owned(),
        refused_by,
    };
    vec![
        hostile("empty", "", |field| matches!(field, Text | Exact)),
        hostile("oversize", &"x".repeat(100_000), |_| true),
        hostile("wrong type", "[]{}", |field| {
            matches!(field, Exact | OptionalExact)
        }),
        hostile("control characters", "a%00b%07c%1B", |_| true),
        hostile("invalid UTF-8", "a%FF%FEb", |_| true),
        // Bidi overrides and isolates, marks, zero-width characters, the byte order mark:
        // invisible, yet they change how the text reads.
        hostile("bidi override", "Arrears%E2%80%AEgnp.exe", |_| true),
        hostile("bidi isolate", "a%E2%81%A6b%E2%81%A9", |_| true),
        hostile("bidi mark", "a%E2%80%8Fb%D8%9Cc", |_| true),
        hostile("zero width", "a%E2%80%8Bb%E2%81%A0c", |_| true),
        hostile("byte order mark", "%EF%BB%BFab", |_| true),
        hostile("script", &encoded(SCRIPT), |field| {
            matches!(field, Exact | OptionalExact)
        }),
        hostile("SQL", &encoded(SQL), |field| {
            matches!(field, Exact | OptionalExact)
        }),
    ]
}

/// Every row of every table that holds what people did or configured. Sessions, sign-in
/// attempts and the lock-outs they lead to are left out: a refused sign-in is meant to count.
/// So are what background tasks read from BSS meanwhile (syncs, frozen resources).
async fn snapshot(db: &Db) -> Vec<(String, String)> {
    const LEFT_OUT: &str = "('tower_sessions', 'sign_in_attempts', 'mirror_syncs', \
         'frozen_resources', 'frozen_resource_reads')";
    let (tables, columns) = match db.backend() {
        Backend::Sqlite => (
            format!(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT IN {LEFT_OUT} ORDER BY name"
            ),
            "SELECT name FROM pragma_table_info($1)",
        ),
        Backend::Postgres => (
            format!(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%' ESCAPE '\\' \
                 AND table_name NOT IN {LEFT_OUT} ORDER BY table_name"
            ),
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
        ),
    };
    let quote = common::quote_function(db);
    let tables: Vec<String> = db.query(tables).scalars().await.unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let columns: Vec<String> = db.query(columns).bind(&table).scalars().await.unwrap();
        let row = columns
            .iter()
            .map(|column| format!("{quote}(\"{column}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let counted = if table == "security_events" {
            " WHERE kind <> 'sign-in-locked-out'"
        } else {
            ""
        };
        let all: Option<String> = db
            .query(format!(
                "SELECT string_agg(r, ';' ORDER BY r) FROM (SELECT {row} AS r FROM \"{table}\"{counted}) AS rows"
            ))
            .scalar()
            .await
            .unwrap();
        rows.push((table, all.unwrap_or_default()));
    }
    rows
}

/// The valid request body of `path` with its placeholders pointed at real rows.
fn valid_body(path: &str, customer: &str, record: i64, viewer: i64) -> String {
    let (body, _) = server_function_table()[path];
    let body = body
        .replace("customer_ids=c1", &format!("customer_ids={customer}"))
        .replace("customer_ids[0]=c1", &format!("customer_ids[0]={customer}"))
        .replace("customer_id=c1", &format!("customer_id={customer}"))
        .replace("record_id=1", &format!("record_id={record}"))
        .replace("staff_id=1", &format!("staff_id={viewer}"));
    if path == "/api/operations/run" {
        format!("{body}&agreed=on")
    } else {
        body
    }
}

fn with_field(body: &str, name: &str, value: &str) -> String {
    let prefix = format!("{name}=");
    let mut found = false;
    let pairs: Vec<String> = body
        .split('&')
        .map(|pair| {
            if pair.starts_with(&prefix) {
                found = true;
                format!("{prefix}{value}")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    let mut body = pairs.join("&");
    if !found {
        body.push_str(&format!("&{prefix}{value}"));
    }
    body
}

/// A refusal the person in front of the page can act on: a 400 whose JSON is the
/// `Invalid` error with a sentence, not a parser's or database's wording.
async fn clear_refusal(response: axum::http::Response<axum::body::Body>) -> Result<(), String> {
    let status = response.status();
    let body = text(response).await;
    if status != StatusCode::BAD_REQUEST {
        return Err(format!("{status}: {body}"));
    }
    let error: serde_json::Value =
        serde_json::from_str(&body).map_err(|_| format!("not JSON: {body}"))?;
    let message = error["Invalid"]
        .as_str()
        .ok_or_else(|| format!("not an Invalid error: {body}"))?;
    let lower = message.to_lowercase();
    let internal = [
        "serde",
        "deserializ",
        "servfn",
        "sqlx",
        "sqlite",
        "panick",
        "utf-8",
    ]
    .into_iter()
    .find(|internal| lower.contains(internal));
    if !message.ends_with('.') || message.len() > 400 || internal.is_some() {
        return Err(format!("unclear: {message:?}"));
    }
    Ok(())
}

struct Fixture {
    harness: Harness,
    db: Db,
    admin: String,
    customer: String,
    record: i64,
    viewer: i64,
}

async fn fixture() -> Fixture {
    let harness = start(&["--demo-customers", "12"]).await;
    harness.wait_until_ready().await;
    let db = harness.db().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let customer = common::restrictable_customer(&db).await;
    let body =
        format!("operation=freeze-account&customer_ids={customer}&reason=First&agreed=on&back=%2F");
    let response = harness
        .call("/api/operations/run", &body, Some(&admin))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let record: i64 = text(response).await.parse().unwrap();
    let viewer: i64 = db
        .query("SELECT id FROM staff WHERE email = 'viewer@demo.example'")
        .scalar()
        .await
        .unwrap();
    Fixture {
        harness,
        db,
        admin,
        customer,
        record,
        viewer,
    }
}

#[tokio::test]
async fn every_field_refuses_hostile_values_and_changes_nothing() {
    let Fixture {
        harness,
        db,
        admin,
        customer,
        record,
        viewer,
    } = fixture().await;
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in server_function_table().keys() {
        let body = valid_body(path, &customer, record, viewer);
        for (field, kind) in fields(path) {
            for hostile in hostile_values() {
                if !(hostile.refused_by)(*kind) {
                    continue;
                }
                let case = format!("{path} {field} {}", hostile.name);
                let before = snapshot(&db).await;
                let response = harness
                    .call(
                        path,
                        &with_field(&body, field, &hostile.value),
                        Some(&admin),
                    )
                    .await;
                // Signing in answers every bad e-mail or password alike (401), by design, and
                // once the account's failures reach the throttle's limit, 429.
                if path == &"/api/auth/sign-in"
                    && [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]
                        .contains(&response.status())
                {
                    continue;
                }
                if let Err(why) = clear_refusal(response).await {
                    failures.push(format!("{case}: {why}"));
                }
                if snapshot(&db).await != before {
                    failures.push(format!("{case}: changed the database"));
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 150, "only {checked} cases ran");
}

/// Bodies that are not a form at all, or not UTF-8 before any decoding.
#[tokio::test]
async fn undecodable_bodies_are_refused_by_every_server_function_with_arguments() {
    let Fixture {
        harness, db, admin, ..
    } = fixture().await;
    let before = snapshot(&db).await;
    let mut failures = Vec::new();
    for path in server_function_table().keys() {
        if fields(path).is_empty() {
            continue;
        }
        for body in [
            &b"\xFF\xFE=\xC3\x28"[..],
            b"{\"json\": true}",
            b"&&&===",
            b"",
        ] {
            let request = axum::http::Request::builder()
                .method("POST")
                .uri(*path)
                .header("host", common::HOST)
                .header("origin", format!("http://{}", common::HOST))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .header("cookie", &admin)
                .body(axum::body::Body::from(body.to_vec()))
                .unwrap();
            if let Err(why) = clear_refusal(harness.send(request).await).await {
                failures.push(format!("{path} {}: {why}", String::from_utf8_lossy(body)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(snapshot(&db).await, before);
}

/// Script and SQL text where free text is allowed is stored exactly as typed, found
/// literally by searches, and every page that shows it escapes it.
#[tokio::test]
async fn script_and_sql_text_is_stored_as_typed_and_rendered_escaped() {
    let Fixture {
        harness,
        db,
        admin,
        customer,
        ..
    } = fixture().await;
    let body = format!(
        "operation=unfreeze-account&customer_ids={customer}&reason={}&back=%2F",
        encoded(&format!("{SCRIPT} {SQL}"))
    );
    let response = harness
        .call("/api/operations/run", &body, Some(&admin))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let record: i64 = text(response).await.parse().unwrap();
    let body = format!(
        "email=mallory%40example.com&display_name={}&role=viewer&password=a+long+enough+password",
        encoded(SCRIPT)
    );
    let response = harness.call("/api/staff/create", &body, Some(&admin)).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        text(response).await
    );

    let reason: String = db
        .query("SELECT reason FROM operation_records WHERE id = $1")
        .bind(record)
        .scalar()
        .await
        .unwrap();
    assert_eq!(reason, format!("{SCRIPT} {SQL}"));
    let pages = [
        format!("/sales/operation-records/{record}"),
        format!("/sales/operation-records?customer={customer}"),
        format!("/sales/customers/{customer}/timeline"),
        "/staff".to_owned(),
        format!("/sales/customers?q={}", encoded(SQL)),
        format!("/sales/customers?q={}", encoded(SCRIPT)),
    ];
    for page in pages {
        let response = harness.get(&page, Some(&admin)).await;
        assert_eq!(response.status(), StatusCode::OK, "{page}");
        let html = text(response).await;
        assert!(!html.contains("<script>alert"), "{page} renders the script");
        assert!(!html.contains("<img src=x"), "{page} renders the image");
        if !page.contains("?q=") {
            assert!(html.contains("&lt;script&gt;alert"), "{page} lost the text");
        }
    }
    let staff: i64 = db
        .query("SELECT count(*) FROM staff")
        .scalar()
        .await
        .unwrap();
    assert!(staff > 3, "the staff table is intact");
}
