//! The real router that `server::build` assembles (demo mode: embedded emulator, demo
//! accounts), driven request by request, for the server's integration tests.

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod binary;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use clap::Parser;
use domain::services::db::scratch::ScratchDb;
use domain::services::db::{Backend, Db};
use http_body_util::BodyExt;
use server::config::Cli;
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:3000";
const CLIENT: &str = "192.0.2.10:50000";

pub struct Harness {
    router: Router,
    dashboard: server::Dashboard,
    pub dir: tempfile::TempDir,
    pub database: ScratchDb,
}

/// A dashboard in demo mode with its data folder in a temporary folder and a scratch
/// database of the backend the environment asks for (see `ScratchDb`): three seeded
/// customers unless `extra_args` ask for another number.
pub async fn start(extra_args: &[&str]) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let database = ScratchDb::create().await.unwrap();
    let data_dir = dir.path().to_str().unwrap().to_owned();
    let customers = ["--demo-customers", "3"]
        .into_iter()
        .filter(|_| !extra_args.contains(&"--demo-customers"));
    let args = [
        "partner-center",
        "--data-dir",
        &data_dir,
        "--database-url",
        database.url(),
    ]
    .into_iter()
    .chain(customers)
    .chain(extra_args.iter().copied());
    let cli = Cli::try_parse_from(args).unwrap();
    let dashboard = server::build(&cli.config).await.unwrap();
    Harness {
        router: dashboard.router.clone(),
        dashboard,
        dir,
        database,
    }
}

pub fn demo_password(email: &str) -> String {
    domain::services::staff::demo_accounts()
        .into_iter()
        .find(|account| account.email == email)
        .map(|account| account.password)
        .unwrap()
}

impl Harness {
    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.send_from(CLIENT, request).await
    }

    /// `request` as it arrives over TCP from `peer` (`address:port`).
    pub async fn send_from(&self, peer: &str, mut request: Request<Body>) -> Response<Body> {
        let peer: SocketAddr = peer.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// A server function call as the WASM client makes it: a same-origin form-encoded POST.
    pub async fn call(&self, path: &str, body: &str, cookie: Option<&str>) -> Response<Body> {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        let mut request = Request::builder().uri(path).header(header::HOST, HOST);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn sign_in_response(&self, email: &str, password: &str) -> Response<Body> {
        self.sign_in_from(CLIENT, email, password).await
    }

    /// A sign-in attempt from `client` (an `ip:port`).
    pub async fn sign_in_from(&self, client: &str, email: &str, password: &str) -> Response<Body> {
        let body = format!("email={email}&password={}", password.replace(' ', "+"));
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/auth/sign-in")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .unwrap();
        self.send_from(client, request).await
    }

    /// Signs in as a demo account and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str) -> String {
        let response = self.sign_in_response(email, &demo_password(email)).await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}",
            text(response).await
        );
        session_cookie(&response).expect("signing in sets the session cookie")
    }

    /// Waits for the first mirror sync, after which the customer list is filled.
    pub async fn wait_until_ready(&self) {
        for _ in 0..300 {
            if self.get("/readyz", None).await.status() == StatusCode::OK {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the dashboard did not become ready");
    }

    /// The dashboard's own database, opened beside the running server.
    pub async fn db(&self) -> Db {
        self.database.connect().await.unwrap()
    }

    /// The embedded emulator, to inject faults and read BSS's real state.
    pub fn emulator(&self) -> &bss::Emulator {
        self.dashboard
            .bss
            .emulator
            .as_ref()
            .expect("tests run in demo mode")
            .emulator()
    }

    /// The dashboard's BSS client, to change BSS behind the dashboard's back as the Huawei
    /// Cloud console would.
    pub fn bss(&self) -> &bss::BssClient {
        &self.dashboard.bss.client
    }

    pub async fn current_email(&self, cookie: &str) -> Option<String> {
        let response = self.call("/api/auth/current-staff", "", Some(cookie)).await;
        let json: serde_json::Value = serde_json::from_str(&text(response).await).unwrap();
        json["member"]["email"].as_str().map(str::to_owned)
    }
}

pub fn set_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(server::sessions::COOKIE_NAME))
        .map(str::to_owned)
}

pub fn session_cookie(response: &Response<Body>) -> Option<String> {
    set_cookie(response).map(|value| value.split(';').next().unwrap().to_owned())
}

pub async fn text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The SQL function that writes any value as a literal (NULL included), for snapshots of
/// whole tables.
pub fn quote_function(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Sqlite => "quote",
        Backend::Postgres => "quote_nullable",
    }
}

/// Polls `probe` until it returns something, for up to `seconds`.
pub async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    seconds: u64,
    what: &str,
    mut probe: impl FnMut() -> F,
) -> T {
    for _ in 0..seconds * 10 {
        if let Some(value) = probe().await {
            return value;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// One of the partner's own reseller-model customers, active, so any freeze applies to it.
/// The first mirror sync may still be running: this waits for it (up to 30 s).
pub async fn restrictable_customer(db: &Db) -> String {
    eventually(30, "a restrictable customer in the mirror", || async {
        db.query(
            "SELECT customer_id FROM customers WHERE association_type = 'reseller' \
             AND state = 'active' AND reseller_id = '' ORDER BY customer_id LIMIT 1",
        )
        .optional_scalar()
        .await
        .unwrap()
    })
    .await
}

/// A valid request body for each server function, so that the call reaches its access
/// check, and the least role it needs (`None`: open to anonymous callers). A server function
/// missing here fails the test: its access must be decided, not forgotten.
pub fn server_function_table() -> BTreeMap<&'static str, (&'static str, Option<&'static str>)> {
    BTreeMap::from([
        (
            "/api/audit/records",
            (
                "query[customer]=&query[staff]=&query[page][page]=1&query[page][page_size]=10",
                Some("viewer"),
            ),
        ),
        (
            "/api/audit/timeline",
            ("customer_id=c1&page[page]=1&page[page_size]=10", Some("viewer")),
        ),
        ("/api/auth/current-staff", ("", None)),
        ("/api/auth/demo-accounts", ("", None)),
        (
            "/api/auth/change-password",
            (
                "current_password=not+the+password&new_password=a+new+long+password\
                 &confirmation=a+new+long+password",
                Some("viewer"),
            ),
        ),
        ("/api/auth/sign-in", ("email=nobody%40example.com&password=wrong+password", None)),
        ("/api/auth/sign-out", ("", None)),
        ("/api/language", ("language=zh-CN&back=%2Fsales%2Fcustomers", None)),
        (
            "/api/customers/list",
            (
                "query[search]=&query[label]=&query[account_manager]=&query[sort]=AssociatedOn\
                 &query[page][page]=1&query[page][page_size]=10",
                Some("viewer"),
            ),
        ),
        ("/api/customers/refresh", ("", Some("viewer"))),
        (
            "/api/customers/columns",
            ("columns[0]=account_name&back=%2Fsales%2Fcustomers", Some("viewer")),
        ),
        ("/api/customers/reveal-contact", ("customer_id=c1", Some("operator"))),
        ("/api/customers/export", ("scope=all&format=csv&view=", Some("admin"))),
        ("/api/customers/exports", ("", Some("admin"))),
        (
            "/api/operations/dialog",
            ("operation=freeze-account&customer_ids[0]=c1", Some("operator")),
        ),
        (
            "/api/operations/run",
            ("operation=freeze-account&customer_ids=c1&reason=test&back=%2F", Some("operator")),
        ),
        ("/api/operations/record", ("record_id=1", Some("viewer"))),
        (
            "/api/operations/record-panel",
            ("record_id=1&close=%2Fsales%2Fcustomers", Some("viewer")),
        ),
        ("/api/operations/budget-dialog", ("customer_id=c1", Some("operator"))),
        (
            "/api/operations/set-budget",
            ("customer_id=c1&amount=100&budget_type=monthly&back=%2F", Some("operator")),
        ),
        (
            "/api/security-events/list",
            (
                "query[actor]=&query[subject]=&query[page][page]=1&query[page][page_size]=10",
                Some("admin"),
            ),
        ),
        ("/api/retention/deadlines", ("page[page]=1&page[page_size]=10", Some("viewer"))),
        ("/api/settings/load", ("", Some("admin"))),
        (
            "/api/settings/retention",
            ("retention_days=15&alert_days=3&recipients[0]=1", Some("admin")),
        ),
        ("/api/settings/self-managing-resellers", ("back=%2Fsettings", Some("admin"))),
        ("/api/settings/verification-code", ("enabled=true", Some("admin"))),
        ("/api/settings/label-set", ("label_set=classic", Some("admin"))),
        ("/api/settings/test-connection", ("", Some("admin"))),
        ("/api/staff/list", ("", Some("admin"))),
        (
            "/api/staff/create",
            ("email=new%40example.com&display_name=New&role=viewer&password=a+long+enough+password", Some("admin")),
        ),
        ("/api/staff/role", ("staff_id=1&role=viewer", Some("admin"))),
        ("/api/staff/enabled", ("staff_id=1&enabled=false", Some("admin"))),
        ("/api/staff/reset-password", ("staff_id=1", Some("admin"))),
        ("/api/staff/one-time-password", ("", Some("admin"))),
        (
            "/api/verification/get-code",
            ("operation=freeze-account&customer_ids[0]=c1", Some("operator")),
        ),
        ("/api/verification/demo-inbox", ("", Some("viewer"))),
    ])
}
