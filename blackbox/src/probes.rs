//! The probes: each tries one hole of issue #11 (or a guarantee next to one) over HTTP and
//! says, in a sentence, what it found when the answer is not the one the issue asks for.
//! They run in table order; the parallel sign-in runs last, because it locks an account.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HOST, ORIGIN, REFERER};
use reqwest::Method;

use crate::client::{form_encode, Answer, Site};

pub type Outcome = Result<(), String>;
type Probe = for<'a> fn(&'a Context) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// The running server, signed in once per demo role, with its demo passwords and the
/// partner's own active reseller-model customers (each operating probe takes its own).
pub struct Context {
    pub site: Site,
    pub admin: String,
    pub operator: String,
    pub viewer: String,
    passwords: HashMap<String, String>,
    customers: Mutex<Vec<String>>,
}

const ADMIN: &str = "admin@demo.example";
const OPERATOR: &str = "operator@demo.example";
const VIEWER: &str = "viewer@demo.example";
const CSV_EXPORT: &str = "/exports/operation-records.csv";

impl Context {
    pub async fn new(site: Site) -> Result<Self, String> {
        let accounts = site
            .call("/api/auth/demo-accounts", "", None)
            .await?
            .json()?;
        let passwords: HashMap<String, String> = accounts
            .as_array()
            .ok_or("the demo accounts are not a list")?
            .iter()
            .filter_map(|account| {
                Some((
                    account["email"].as_str()?.to_owned(),
                    account["password"].as_str()?.to_owned(),
                ))
            })
            .collect();
        let sign_in = |email: &'static str| {
            let password = passwords.get(email).cloned().unwrap_or_default();
            let site = &site;
            async move {
                let answer = site.sign_in(email, &password).await?;
                answer
                    .session_cookie()
                    .ok_or_else(|| format!("signing in as {email}: {}", answer.describe()))
            }
        };
        let admin = sign_in(ADMIN).await?;
        let operator = sign_in(OPERATOR).await?;
        let viewer = sign_in(VIEWER).await?;
        let listing = site
            .call(
                "/api/customers/list",
                "query[search]=&query[label]=&query[account_manager]=&query[sort]=AssociatedOn\
                 &query[page][page]=1&query[page][page_size]=100",
                Some(&admin),
            )
            .await?
            .json()?;
        let customers = listing["customers"]["rows"]
            .as_array()
            .ok_or("the customer list has no rows")?
            .iter()
            .filter(|row| {
                row["state"] == "Active"
                    && row["association_type"] == "Reseller"
                    && row["reseller_id"].is_null()
            })
            .filter_map(|row| row["customer_id"].as_str().map(str::to_owned))
            .collect();
        Ok(Context {
            site,
            admin,
            operator,
            viewer,
            passwords,
            customers: Mutex::new(customers),
        })
    }

    /// An active customer of the partner's own that no other probe has operated on.
    fn fresh_customer(&self) -> Result<String, String> {
        self.customers
            .lock()
            .map_err(|_| "the customer list is poisoned".to_owned())?
            .pop()
            .ok_or_else(|| "no active customer left to operate on".to_owned())
    }

    async fn run_operation(
        &self,
        customer: &str,
        reason: &str,
        extra: &str,
    ) -> Result<Answer, String> {
        let body = format!(
            "operation=freeze-account&customer_ids={customer}&reason={}&agreed=on&back=%2F{extra}",
            form_encode(reason)
        );
        self.site
            .call("/api/operations/run", &body, Some(&self.operator))
            .await
    }

    async fn set_verification_codes(&self, enabled: bool) -> Outcome {
        let answer = self
            .site
            .call(
                "/api/settings/verification-code",
                &format!("enabled={enabled}"),
                Some(&self.admin),
            )
            .await?;
        expect(answer.status == 200, || {
            format!("turning codes {enabled}: {}", answer.describe())
        })
    }

    /// Runs `probe` with verification codes on, and turns them off again whatever it found.
    async fn with_codes_on<'a, F>(&'a self, probe: F) -> Outcome
    where
        F: Future<Output = Outcome> + 'a,
    {
        self.set_verification_codes(true).await?;
        let outcome = probe.await;
        self.set_verification_codes(false).await?;
        outcome
    }
}

fn expect(holds: bool, otherwise: impl FnOnce() -> String) -> Outcome {
    if holds {
        Ok(())
    } else {
        Err(otherwise())
    }
}

/// A redirect target that stays on this site: a path, not `//host` or `/\host`, or a full
/// address of this very origin.
fn is_local(location: &str, origin: &str) -> bool {
    let path = location.strip_prefix(origin).unwrap_or(location);
    path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\")
}

/// The probes in the order they run: (what must hold, the probe).
pub const PROBES: &[(&str, Probe)] = &[
    (
        "a foreign Host header is refused with 421 or 400 before any handler",
        |c| Box::pin(foreign_host(c)),
    ),
    (
        "the demo answers 127.0.0.1, localhost and [::1] at its port",
        |c| Box::pin(loopback_hosts(c)),
    ),
    (
        "pages carry CSP, nosniff, frame and referrer headers",
        |c| Box::pin(security_headers(c)),
    ),
    ("the session cookie is HttpOnly and SameSite=Lax", |c| {
        Box::pin(session_cookie_flags(c))
    }),
    (
        "signed-in pages are sent with Cache-Control: no-store",
        |c| Box::pin(no_store_page(c)),
    ),
    (
        "server function answers are sent with Cache-Control: no-store",
        |c| Box::pin(no_store_server_function(c)),
    ),
    ("the CSV export is sent with Cache-Control: no-store", |c| {
        Box::pin(no_store_export(c))
    }),
    (
        "HSTS when a trusted proxy says the request came over HTTPS",
        |c| Box::pin(hsts_from_trusted_proxy(c)),
    ),
    (
        "no HSTS or Secure cookie when an untrusted peer says HTTPS",
        |c| Box::pin(no_hsts_from_elsewhere(c)),
    ),
    (
        "anonymous callers are refused every server function (401) and page (sign-in)",
        |c| Box::pin(anonymous_refused(c)),
    ),
    ("a viewer is refused every operation (403)", |c| {
        Box::pin(viewer_refused_operations(c))
    }),
    (
        "an operator is refused every admin-only function and page (403)",
        |c| Box::pin(operator_refused_admin(c)),
    ),
    (
        "a cross-site POST is refused with 403 and changes nothing",
        |c| Box::pin(cross_site_post(c)),
    ),
    ("sign-in's next= never leads off the site", |c| {
        Box::pin(sign_in_next_stays_local(c))
    }),
    (
        "a plain-form Get Code with a Referer of //evil.example goes back to this site",
        |c| Box::pin(get_code_redirect_stays_local(c)),
    ),
    (
        "an upper-case form Content-Type with invalid UTF-8 is refused with 400",
        |c| Box::pin(upper_case_form_invalid_utf8(c)),
    ),
    (
        "a server function posted as text/plain is answered 415",
        |c| Box::pin(text_plain_415(c)),
    ),
    (
        "a server function posted as multipart/form-data is answered 415",
        |c| Box::pin(multipart_415(c)),
    ),
    (
        "Set Budget with also-unfreeze needs a code when codes are on",
        |c| Box::pin(budget_unfreeze_needs_code(c)),
    ),
    (
        "an operation without its code is refused when codes are on",
        |c| Box::pin(operation_needs_code(c)),
    ),
    (
        "retry_of naming a record that does not exist is refused with 400",
        |c| Box::pin(retry_of_unknown(c)),
    ),
    ("the same form token submitted twice runs one record", |c| {
        Box::pin(double_submit(c))
    }),
    ("a reason with U+202E is refused with a sentence", |c| {
        Box::pin(bidi_reason(c))
    }),
    (
        "the customer list carries every e-mail and phone masked, to every role",
        |c| Box::pin(contacts_masked(c)),
    ),
    (
        "a column choice naming an unknown column is refused with a sentence and saves nothing",
        |c| Box::pin(unknown_column(c)),
    ),
    (
        "a CSV cell -1;=1+1 is neutralised wherever a spreadsheet would start a formula",
        |c| Box::pin(csv_formula(c)),
    ),
    (
        "8 parallel wrong sign-ins for one account: at most 5 answered incorrect, the rest 429",
        |c| Box::pin(parallel_wrong_sign_ins(c)),
    ),
];

async fn foreign_host(c: &Context) -> Outcome {
    let port = c.site.host.rsplit(':').next().unwrap_or_default();
    for (method, path, body) in [
        (Method::GET, "/sign-in", ""),
        (Method::POST, "/api/auth/demo-accounts", ""),
    ] {
        let host = format!("evil.example:{port}");
        let answer = c
            .site
            .send(
                c.site
                    .request(method.clone(), path)
                    .header(HOST, &host)
                    .header(ORIGIN, format!("http://{host}"))
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(body),
            )
            .await?;
        expect([400, 421].contains(&answer.status), || {
            format!("{method} {path} for Host {host}: {}", answer.describe())
        })?;
        expect(!answer.body.contains("demo-admin-password"), || {
            format!("{method} {path} for Host {host} showed the demo passwords")
        })?;
    }
    Ok(())
}

async fn loopback_hosts(c: &Context) -> Outcome {
    let port = c.site.host.rsplit(':').next().unwrap_or_default();
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        let host = format!("{host}:{port}");
        let answer = c
            .site
            .send(c.site.request(Method::GET, "/sign-in").header(HOST, &host))
            .await?;
        expect(answer.status == 200, || {
            format!("Host {host}: {}", answer.status)
        })?;
    }
    Ok(())
}

async fn security_headers(c: &Context) -> Outcome {
    let answer = c.site.get("/sales/customers", Some(&c.viewer)).await?;
    let policy = answer.header("content-security-policy").unwrap_or_default();
    for (what, holds) in [
        (
            "CSP frame-ancestors 'none'",
            policy.contains("frame-ancestors 'none'"),
        ),
        ("CSP script nonce", policy.contains("'nonce-")),
        (
            "X-Content-Type-Options: nosniff",
            answer.header("x-content-type-options") == Some("nosniff"),
        ),
        (
            "X-Frame-Options: DENY",
            answer.header("x-frame-options") == Some("DENY"),
        ),
        (
            "Referrer-Policy",
            answer.header("referrer-policy").is_some(),
        ),
    ] {
        expect(holds, || format!("missing {what}"))?;
    }
    Ok(())
}

async fn session_cookie_flags(c: &Context) -> Outcome {
    let answer = c.site.sign_in(VIEWER, &c.passwords[VIEWER]).await?;
    let cookie = answer
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(crate::client::SESSION_COOKIE))
        .unwrap_or_default()
        .to_owned();
    expect(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        || format!("Set-Cookie: {cookie}"),
    )
}

fn no_store(answer: &Answer, what: &str) -> Outcome {
    let cache = answer.header("cache-control").unwrap_or("(none)");
    expect(answer.status == 200 && cache.contains("no-store"), || {
        format!("{what}: {} with Cache-Control {cache}", answer.status)
    })
}

async fn no_store_page(c: &Context) -> Outcome {
    no_store(
        &c.site.get("/sales/customers", Some(&c.viewer)).await?,
        "the customer list",
    )
}

async fn no_store_server_function(c: &Context) -> Outcome {
    let answer = c
        .site
        .call("/api/auth/current-staff", "", Some(&c.viewer))
        .await?;
    no_store(&answer, "current-staff")
}

async fn no_store_export(c: &Context) -> Outcome {
    no_store(
        &c.site.get(CSV_EXPORT, Some(&c.viewer)).await?,
        "the CSV export",
    )
}

async fn hsts_from_trusted_proxy(c: &Context) -> Outcome {
    let answer = c
        .site
        .send(
            c.site
                .request(Method::GET, "/sign-in")
                .header("x-forwarded-proto", "https"),
        )
        .await?;
    let hsts = answer
        .header("strict-transport-security")
        .unwrap_or("(none)");
    expect(hsts.starts_with("max-age="), || {
        format!("Strict-Transport-Security: {hsts}")
    })
}

async fn no_hsts_from_elsewhere(c: &Context) -> Outcome {
    let body = format!(
        "email={}&password={}",
        form_encode(VIEWER),
        form_encode(&c.passwords[VIEWER])
    );
    let answer = c
        .site
        .send(
            c.site
                .request_from_elsewhere(Method::POST, "/api/auth/sign-in")
                .header(ORIGIN, &c.site.origin)
                .header("x-forwarded-proto", "https")
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body),
        )
        .await?;
    expect(answer.header("strict-transport-security").is_none(), || {
        "HSTS sent to a peer that is not a trusted proxy".to_owned()
    })?;
    let cookie = answer
        .headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.contains("; Secure"));
    expect(!cookie, || {
        "the session cookie is marked Secure on an untrusted peer's word".to_owned()
    })
}

/// Every server function, with a body that reaches its access check.
const OPERATIONS: &[(&str, &str)] = &[
    (
        "/api/operations/dialog",
        "operation=freeze-account&customer_ids[0]=c1",
    ),
    (
        "/api/operations/run",
        "operation=freeze-account&customer_ids=c1&reason=x&agreed=on&back=%2F",
    ),
    ("/api/operations/budget-dialog", "customer_id=c1"),
    (
        "/api/operations/set-budget",
        "customer_id=c1&amount=100&budget_type=monthly&back=%2F",
    ),
    (
        "/api/verification/get-code",
        "operation=freeze-account&customer_ids[0]=c1",
    ),
    ("/api/customers/reveal-contact", "customer_id=c1"),
];
const ADMIN_ONLY: &[(&str, &str)] = &[
    ("/api/settings/load", ""),
    ("/api/settings/verification-code", "enabled=true"),
    ("/api/settings/label-set", "label_set=classic"),
    ("/api/settings/test-connection", ""),
    ("/api/staff/list", ""),
    (
        "/api/staff/create",
        "email=new%40example.com&display_name=New&role=admin&password=a+long+enough+password",
    ),
    ("/api/staff/role", "staff_id=2&role=admin"),
    ("/api/staff/enabled", "staff_id=1&enabled=false"),
    (
        "/api/security-events/list",
        "query[actor]=&query[subject]=&query[page][page]=1&query[page][page_size]=10",
    ),
];
const ADMIN_PAGES: &[&str] = &["/settings", "/staff", "/security-events"];
const VIEWER_FUNCTIONS: &[(&str, &str)] = &[
    ("/api/customers/list", "query[search]=&query[label]=&query[account_manager]=&query[sort]=AssociatedOn&query[page][page]=1&query[page][page_size]=10"),
    ("/api/customers/refresh", ""),
    ("/api/audit/records", "query[customer]=&query[staff]=&query[page][page]=1&query[page][page_size]=10"),
    ("/api/operations/record", "record_id=1"),
    ("/api/operations/record-panel", "record_id=1&close=%2F"),
    ("/api/customers/columns", "columns[0]=account_name&back=%2F"),
];
const VIEWER_PAGES: &[&str] = &["/sales/customers", "/sales/operation-records", CSV_EXPORT];

async fn refused_all(
    c: &Context,
    functions: &[(&str, &str)],
    cookie: Option<&str>,
    status: u16,
) -> Outcome {
    for (path, body) in functions {
        let answer = c.site.call(path, body, cookie).await?;
        expect(answer.status == status, || {
            format!("{path}: {}", answer.describe())
        })?;
    }
    Ok(())
}

async fn anonymous_refused(c: &Context) -> Outcome {
    for functions in [OPERATIONS, ADMIN_ONLY, VIEWER_FUNCTIONS] {
        refused_all(c, functions, None, 401).await?;
    }
    for page in VIEWER_PAGES.iter().chain(ADMIN_PAGES) {
        let answer = c.site.get(page, None).await?;
        let location = answer.header("location").unwrap_or_default();
        expect(
            [302, 303].contains(&answer.status) && location.starts_with("/sign-in"),
            || format!("{page}: {} to {location:?}", answer.status),
        )?;
    }
    Ok(())
}

async fn viewer_refused_operations(c: &Context) -> Outcome {
    refused_all(c, OPERATIONS, Some(&c.viewer), 403).await
}

async fn operator_refused_admin(c: &Context) -> Outcome {
    refused_all(c, ADMIN_ONLY, Some(&c.operator), 403).await?;
    for page in ADMIN_PAGES {
        let answer = c.site.get(page, Some(&c.operator)).await?;
        expect(answer.status == 403, || {
            format!("{page}: {}", answer.status)
        })?;
    }
    Ok(())
}

async fn cross_site_post(c: &Context) -> Outcome {
    let answer = c
        .site
        .send(c.site.call_request_with(
            "/api/settings/verification-code",
            "enabled=true",
            Some(&c.admin),
            &[(ORIGIN, "https://evil.example")],
        ))
        .await?;
    expect(answer.status == 403, || answer.describe())?;
    let settings = c
        .site
        .call("/api/settings/load", "", Some(&c.admin))
        .await?;
    expect(
        settings.body.contains("\"verification_code\":false"),
        || format!("the setting changed: {}", settings.describe()),
    )
}

async fn sign_in_next_stays_local(c: &Context) -> Outcome {
    for next in [
        "//evil.example/x",
        "/\\evil.example",
        "https://evil.example/",
    ] {
        let body = format!(
            "email={}&password={}&next={}",
            form_encode(VIEWER),
            form_encode(&c.passwords[VIEWER]),
            form_encode(next)
        );
        let answer = c
            .site
            .send(c.site.call_request_with(
                "/api/auth/sign-in",
                &body,
                None,
                &[
                    (ACCEPT, "text/html"),
                    (REFERER, &format!("{}/sign-in", c.site.origin)),
                ],
            ))
            .await?;
        let location = answer.header("location").unwrap_or("/");
        expect(is_local(location, &c.site.origin), || {
            format!("next={next} sent the browser to {location}")
        })?;
    }
    Ok(())
}

async fn get_code_redirect_stays_local(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    c.with_codes_on(async {
        // A code that is sent (the app's redirect) and one that is refused (Leptos' own
        // redirect to the Referer, with the error): both must stay on this site.
        for operation in ["freeze-account", "unfreeze-account"] {
            let answer = c
                .site
                .send(c.site.call_request_with(
                    "/api/verification/get-code",
                    &format!("operation={operation}&customer_ids[0]={customer}"),
                    Some(&c.operator),
                    &[
                        (ACCEPT, "text/html"),
                        (REFERER, &format!("{}//evil.example/x", c.site.origin)),
                    ],
                ))
                .await?;
            let location = answer.header("location").unwrap_or_default();
            expect([302, 303].contains(&answer.status), || answer.describe())?;
            expect(is_local(location, &c.site.origin), || {
                format!("{operation}: sent the browser to {location}")
            })?;
        }
        Ok(())
    })
    .await
}

async fn upper_case_form_invalid_utf8(c: &Context) -> Outcome {
    let answer = c
        .site
        .send(c.site.call_request_with(
            "/api/customers/list",
            "query[search]=a%FF%FEb&query[label]=&query[account_manager]=&query[sort]=AssociatedOn\
                     &query[page][page]=1&query[page][page_size]=10",
            Some(&c.viewer),
            &[(CONTENT_TYPE, "APPLICATION/X-WWW-FORM-URLENCODED")],
        ))
        .await?;
    expect(answer.status == 400, || answer.describe())
}

async fn posted_as(c: &Context, content_type: &str, body: &str) -> Outcome {
    let answer = c
        .site
        .send(c.site.call_request_with(
            "/api/auth/current-staff",
            body,
            Some(&c.viewer),
            &[(CONTENT_TYPE, content_type)],
        ))
        .await?;
    expect(answer.status == 415, || answer.describe())
}

async fn text_plain_415(c: &Context) -> Outcome {
    posted_as(c, "text/plain", "").await
}

async fn multipart_415(c: &Context) -> Outcome {
    posted_as(
        c,
        "multipart/form-data; boundary=x",
        "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n",
    )
    .await
}

/// Refused with a client error whose sentence speaks of the verification code.
fn refused_for_code(answer: &Answer, what: &str) -> Outcome {
    expect(
        (400..500).contains(&answer.status) && answer.body.to_lowercase().contains("code"),
        || format!("{what} without a code: {}", answer.describe()),
    )
}

async fn budget_unfreeze_needs_code(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    let frozen = c.run_operation(&customer, "Arrears", "").await?;
    expect(frozen.status == 200, || {
        format!("freezing first: {}", frozen.describe())
    })?;
    c.with_codes_on(async {
        let answer = c
            .site
            .call(
                "/api/operations/set-budget",
                &format!("customer_id={customer}&amount=100&budget_type=monthly&also_unfreeze=on&back=%2F"),
                Some(&c.operator),
            )
            .await?;
        refused_for_code(&answer, "Set Budget with also-unfreeze")
    })
    .await
}

async fn operation_needs_code(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    c.with_codes_on(async {
        let answer = c.run_operation(&customer, "Arrears", "").await?;
        refused_for_code(&answer, "Freeze")
    })
    .await
}

async fn retry_of_unknown(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    let answer = c
        .run_operation(&customer, "Arrears", "&retry_of=987654")
        .await?;
    expect(answer.status == 400, || answer.describe())
}

async fn double_submit(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    let dialog = c
        .site
        .call(
            "/api/operations/dialog",
            &format!("operation=freeze-account&customer_ids[0]={customer}"),
            Some(&c.operator),
        )
        .await?
        .json()?;
    let token = dialog["form_token"]
        .as_str()
        .ok_or("the dialog gives no form_token")?
        .to_owned();
    let extra = format!("&form_token={}", form_encode(&token));
    let first = c.run_operation(&customer, "Arrears", &extra).await?;
    let second = c.run_operation(&customer, "Arrears", &extra).await?;
    let record = first.json()?.as_i64().ok_or_else(|| first.describe())?;
    let points_at_first = second.json().ok().and_then(|id| id.as_i64()) == Some(record)
        || second.body.contains(&format!("operation-records/{record}"))
        || second.body.contains(&format!("record={record}"));
    expect(points_at_first, || {
        format!(
            "first ran record {record}; the second answered {}",
            second.describe()
        )
    })
}

async fn bidi_reason(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    let answer = c
        .run_operation(&customer, "Arrears \u{202E}fdp.exe", "")
        .await?;
    expect(answer.status == 400 && answer.json().is_ok(), || {
        answer.describe()
    })
}

/// The viewer's list as the page reads it.
async fn listing(c: &Context, cookie: &str) -> Result<serde_json::Value, String> {
    c.site
        .call(
            "/api/customers/list",
            "query[search]=&query[label]=&query[account_manager]=&query[sort]=AssociatedOn\
             &query[page][page]=1&query[page][page_size]=100",
            Some(cookie),
        )
        .await?
        .json()
}

async fn contacts_masked(c: &Context) -> Outcome {
    for cookie in [&c.viewer, &c.operator, &c.admin] {
        let listing = listing(c, cookie).await?;
        let rows = listing["customers"]["rows"]
            .as_array()
            .ok_or("the customer list has no rows")?;
        for row in rows {
            let contact = &row["contact"];
            let masked = |field: &str| {
                contact[field]
                    .as_str()
                    .is_some_and(|value| value.is_empty() || value.contains("****"))
            };
            expect(
                masked("email") && masked("telephone") && contact["revealed"] == false,
                || format!("{}: {contact}", row["customer_id"]),
            )?;
        }
    }
    Ok(())
}

async fn unknown_column(c: &Context) -> Outcome {
    let before = listing(c, &c.viewer).await?["columns"].clone();
    let answer = c
        .site
        .call(
            "/api/customers/columns",
            "columns[0]=label&columns[1]=password_hash&back=%2F",
            Some(&c.viewer),
        )
        .await?;
    expect(answer.status == 400 && answer.json().is_ok(), || {
        answer.describe()
    })?;
    let after = listing(c, &c.viewer).await?["columns"].clone();
    expect(after == before, || {
        format!("columns were {before}, now {after}")
    })
}

/// The raw fields of one CSV line, each with whether it was quoted.
fn csv_fields(line: &str) -> Vec<(String, bool)> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut field = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('"', Some('"')) => {
                        field.push('"');
                        chars.next();
                    }
                    ('"', _) => break,
                    _ => field.push(c),
                }
            }
        }
        for c in chars.by_ref() {
            if c == ',' {
                break;
            }
            field.push(c);
        }
        let done = chars.peek().is_none();
        fields.push((field, quoted));
        if done {
            return fields;
        }
    }
}

/// What a spreadsheet would make of a field: Excel in a semicolon-list locale splits an
/// unquoted field at each `;` and starts a formula at any `= + - @`, tab or CR.
fn starts_a_formula(field: &str, quoted: bool) -> bool {
    let cells: Vec<&str> = if quoted {
        vec![field]
    } else {
        field.split(';').collect()
    };
    cells
        .iter()
        .any(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r']))
}

async fn csv_formula(c: &Context) -> Outcome {
    let customer = c.fresh_customer()?;
    let run = c.run_operation(&customer, "-1;=1+1", "").await?;
    expect(run.status == 200, || {
        format!("the operation: {}", run.describe())
    })?;
    let csv = c.site.get(CSV_EXPORT, Some(&c.viewer)).await?;
    let (field, quoted) = csv
        .body
        .lines()
        .flat_map(csv_fields)
        .find(|(field, _)| field.contains("1+1"))
        .ok_or("the export has no cell with the reason")?;
    expect(!starts_a_formula(&field, quoted), || {
        format!(
            "the reason is exported as {}{field}{}",
            if quoted { "\"" } else { "" },
            if quoted { "\"" } else { "" }
        )
    })
}

async fn parallel_wrong_sign_ins(c: &Context) -> Outcome {
    let guesses: Vec<String> = (0..8).map(|guess| format!("wrong guess {guess}")).collect();
    let guesses = guesses.iter().map(|guess| c.site.sign_in(OPERATOR, guess));
    let answers = futures::future::join_all(guesses).await;
    let mut incorrect = 0;
    let mut throttled = 0;
    for answer in answers {
        let answer = answer?;
        match answer.status {
            429 => throttled += 1,
            _ if answer.body.contains("incorrect") => incorrect += 1,
            _ => return Err(format!("an unexpected answer: {}", answer.describe())),
        }
    }
    expect(incorrect <= 5 && incorrect + throttled == 8, || {
        format!("{incorrect} answered incorrect, {throttled} answered 429")
    })
}
