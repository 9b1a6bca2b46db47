//! Security events over HTTP: the changes admins make through the server functions are
//! listed on the Security Events page and in its CSV export, with who made them and from
//! which address, and only admins may read them.

mod common;

use axum::http::{header, StatusCode};
use common::{start, text, Harness};

/// The test client's address (see `common`), as the events record it.
const CLIENT: &str = "192.0.2.10";

async fn staff_id(harness: &Harness, email: &str) -> i64 {
    harness
        .db()
        .await
        .query("SELECT id FROM staff WHERE email = $1")
        .bind(email)
        .scalar()
        .await
        .unwrap()
}

async fn call_ok(harness: &Harness, path: &str, body: &str, cookie: &str) {
    let response = harness.call(path, body, Some(cookie)).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{path}: {}",
        text(response).await
    );
}

/// Signs in as the demo admin and makes one change of each kind the server functions offer.
async fn changes_by_the_admin(harness: &Harness) -> String {
    let admin = harness.sign_in("admin@demo.example").await;
    let viewer = staff_id(harness, "viewer@demo.example").await;
    let changes = [
        ("/api/settings/verification-code", "enabled=true".to_owned()),
        (
            "/api/settings/verification-code",
            "enabled=false".to_owned(),
        ),
        (
            "/api/staff/create",
            "email=new%40example.com&display_name=New&role=viewer&password=a+long+enough+password"
                .to_owned(),
        ),
        (
            "/api/staff/role",
            format!("staff_id={viewer}&role=operator"),
        ),
        (
            "/api/staff/enabled",
            format!("staff_id={viewer}&enabled=false"),
        ),
        (
            "/api/staff/enabled",
            format!("staff_id={viewer}&enabled=true"),
        ),
    ];
    for (path, body) in changes {
        call_ok(harness, path, &body, &admin).await;
    }
    admin
}

#[tokio::test]
async fn an_admin_sees_each_change_with_who_and_where_on_the_page_and_in_the_csv() {
    let harness = start(&[]).await;
    let admin = changes_by_the_admin(&harness).await;

    let page = harness.get("/security-events", Some(&admin)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = text(page).await;
    for expected in [
        "Verification code turned on",
        "Verification code turned off",
        "Staff member added",
        "Role changed",
        "Viewer → Operator",
        "Account disabled",
        "Account enabled",
        "new@example.com",
        CLIENT,
    ] {
        assert!(html.contains(expected), "the page lacks {expected}");
    }
    let filtered = text(
        harness
            .get("/security-events?kind=role-changed", Some(&admin))
            .await,
    )
    .await;
    assert!(filtered.contains("Viewer → Operator"));
    // Kinds are also the filter's options; rows carry theirs as `data-kind`.
    assert!(!filtered.contains("data-kind=\"staff-disabled\""));
    assert!(html.contains("data-kind=\"staff-disabled\""));

    let csv_path = "/exports/security-events.csv?kind=role-changed&actor=admin%40demo";
    let response = harness.get(csv_path, Some(&admin)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"security-events-"));
    let csv = text(response).await;
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert_eq!(
        lines[0],
        "\u{feff}Event ID,Time (UTC),Event,By,Staff member,Details,Client address"
    );
    assert!(
        lines[1].ends_with(&format!(
            ",Role changed,admin@demo.example,viewer@demo.example,Viewer → Operator,{CLIENT}"
        )),
        "{csv}"
    );

    let listed = harness
        .call(
            "/api/security-events/list",
            "query[kind]=StaffCreated&query[page][page]=1&query[page][page_size]=10",
            Some(&admin),
        )
        .await;
    assert_eq!(listed.status(), StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&text(listed).await).unwrap();
    let rows = json["events"]["rows"].as_array().unwrap();
    // The demo accounts seeded at start-up, then the one the admin added.
    assert_eq!(rows[0]["subject_email"], "new@example.com");
    assert_eq!(rows[0]["actor_email"], "admin@demo.example");
    assert_eq!(rows[0]["client"], CLIENT);
    assert!(rows[1..].iter().all(|row| row["actor_email"].is_null()));
}

#[tokio::test]
async fn operators_and_viewers_are_refused_the_page_the_list_and_the_csv() {
    let harness = start(&[]).await;
    changes_by_the_admin(&harness).await;
    for email in ["operator@demo.example", "viewer@demo.example"] {
        let cookie = harness.sign_in(email).await;
        let page = harness.get("/security-events", Some(&cookie)).await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{email}: page");
        assert!(!text(page).await.contains("Viewer → Operator"), "{email}");

        let listed = harness
            .call(
                "/api/security-events/list",
                "query[page][page]=1&query[page][page_size]=10",
                Some(&cookie),
            )
            .await;
        assert_eq!(listed.status(), StatusCode::FORBIDDEN, "{email}: list");
        assert!(text(listed).await.contains("does not allow"));

        let csv = harness
            .get("/exports/security-events.csv", Some(&cookie))
            .await;
        assert_eq!(csv.status(), StatusCode::FORBIDDEN, "{email}: CSV");
        let body = text(csv).await;
        assert!(body.contains("does not allow"), "{email}: {body}");
        assert!(!body.contains("Role changed"), "{email}: {body}");
    }

    let anonymous = harness
        .get("/exports/security-events.csv?kind=role-changed", None)
        .await;
    assert_eq!(anonymous.status(), StatusCode::FOUND);
    assert_eq!(
        anonymous.headers()[header::LOCATION],
        "/sign-in?next=/exports/security-events.csv%3Fkind%3Drole-changed"
    );
}
