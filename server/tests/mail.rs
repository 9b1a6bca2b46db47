//! Verification codes by SMTP: the dashboard configured with `--smtp-url`/`--smtp-from`
//! sends Get Code's mail to a real SMTP receiver on loopback, and the code in that mail
//! lets the operation run.

mod common;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::{restrictable_customer, start, text};
use mailin_embedded::{response, Handler, Response, Server, SslConfig};

/// One message as the receiver got it: its recipients and its raw text.
#[derive(Clone, Debug, Default)]
struct Received {
    to: Vec<String>,
    data: Vec<u8>,
}

/// Keeps every message delivered to it.
#[derive(Clone, Default)]
struct Inbox {
    current: Received,
    delivered: Arc<Mutex<Vec<Received>>>,
}

impl Handler for Inbox {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Received {
            to: to.to_vec(),
            data: Vec::new(),
        };
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.delivered
            .lock()
            .unwrap()
            .push(std::mem::take(&mut self.current));
        response::OK
    }
}

/// An SMTP receiver on a free loopback port, serving on its own thread for the test's life.
fn smtp_receiver() -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let delivered = inbox.delivered.clone();
    let mut server = Server::new(inbox);
    server
        .with_name("receiver.test")
        .with_ssl(SslConfig::None)
        .unwrap()
        .with_tcp_listener(listener);
    // The receiver's error type is not Send; a failure shows as no mail arriving.
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    (port, delivered)
}

/// The six digits after "verification code is" in a mail's text.
fn code_in(mail: &str) -> Option<String> {
    let after = mail.split("verification code is ").nth(1)?;
    let code: String = after.chars().take_while(char::is_ascii_digit).collect();
    (code.len() == 6).then_some(code)
}

#[tokio::test]
async fn get_code_mails_the_code_by_smtp_and_that_code_lets_the_operation_run() {
    let (port, delivered) = smtp_receiver();
    let url = format!("smtp://127.0.0.1:{port}");
    let harness = start(&[
        "--smtp-url",
        &url,
        "--smtp-from",
        "Partner Center <noreply@partner.example>",
    ])
    .await;
    harness.wait_until_ready().await;
    let admin = harness.sign_in("admin@demo.example").await;
    let on = harness
        .call(
            "/api/settings/verification-code",
            "enabled=true",
            Some(&admin),
        )
        .await;
    assert_eq!(on.status(), StatusCode::OK);

    let operator = harness.sign_in("operator@demo.example").await;
    let customer = restrictable_customer(&harness.db().await).await;
    let sent = harness
        .call(
            "/api/verification/get-code",
            &format!("operation=freeze-account&customer_ids[0]={customer}"),
            Some(&operator),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::OK, "{}", text(sent).await);

    let mail = delivered
        .lock()
        .unwrap()
        .pop()
        .expect("the receiver got a mail");
    assert_eq!(mail.to, ["operator@demo.example"]);
    let body = String::from_utf8_lossy(&mail.data).into_owned();
    assert!(
        body.contains("From: \"Partner Center\" <noreply@partner.example>"),
        "{body}"
    );
    let code = code_in(&body).unwrap_or_else(|| panic!("no code in {body}"));
    let inbox = harness
        .call("/api/verification/demo-inbox", "", Some(&operator))
        .await;
    assert!(
        !text(inbox).await.contains(&code),
        "with SMTP configured the code goes by SMTP only"
    );

    let run = |code: String| {
        let body = format!(
            "operation=freeze-account&customer_ids={customer}&reason=Arrears&agreed=on\
             &code={code}&back=%2F"
        );
        let harness = &harness;
        let operator = operator.clone();
        async move {
            harness
                .call("/api/operations/run", &body, Some(&operator))
                .await
        }
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = run(wrong.to_owned()).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let ran = run(code).await;
    assert_eq!(ran.status(), StatusCode::OK, "{}", text(ran).await);
    let db = harness.db().await;
    let (state, verified): (String, bool) = db
        .query(
            "SELECT c.state, r.code_verified FROM customers c, operation_records r \
         WHERE c.customer_id = $1 ORDER BY r.id DESC LIMIT 1",
        )
        .bind(&customer)
        .fetch_one()
        .await
        .unwrap();
    assert!(verified, "the record says the code was checked");
    assert_ne!(state, "active", "the customer is restricted");
}
