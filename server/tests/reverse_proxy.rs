//! The README's deployment of two instances behind a reverse proxy, run as documented:
//! nginx with `docs/deploy/nginx.conf` (its addresses replaced by free ports) in front of
//! two real `partner-center` processes on one database. A browser signed in through the
//! proxy keeps its session when the instance that served it dies, and the page is served
//! by the other.
//!
//! nginx is Debian's, unpacked by `scripts/install-tools.sh --browser` (part of `make test`)
//! into `target/tools/nginx`, or named by `NGINX`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::binary::{database_with_admin, free_port, sign_in, Instance, StandaloneEmulator};

const EMAIL: &str = "admin@proxy.example";
const PASSWORD: &str = "a long reverse proxy test password";

fn nginx_binary() -> PathBuf {
    let path = std::env::var_os("NGINX").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/nginx/usr/sbin/nginx"),
        PathBuf::from,
    );
    assert!(
        path.is_file(),
        "no nginx at {}: run scripts/install-tools.sh --browser, or set NGINX",
        path.display()
    );
    path
}

/// nginx in the foreground on the example, its three addresses replaced and its files in
/// `prefix`; killed when dropped.
struct Nginx(Child);

impl Nginx {
    fn start(prefix: &Path, listen: u16, upstreams: [u16; 2]) -> Self {
        let example = include_str!("../../docs/deploy/nginx.conf");
        for address in ["127.0.0.1:3001", "127.0.0.1:3002", "127.0.0.1:8080"] {
            assert!(example.contains(address), "the example names {address}");
        }
        let config = example
            .replace("127.0.0.1:3001", &format!("127.0.0.1:{}", upstreams[0]))
            .replace("127.0.0.1:3002", &format!("127.0.0.1:{}", upstreams[1]))
            .replace("127.0.0.1:8080", &format!("127.0.0.1:{listen}"))
            // Debian's build keeps these under /var, which a test does not own.
            .replacen("http {", &format!("http {{\n{}", own_files(prefix)), 1);
        let path = prefix.join("nginx.conf");
        std::fs::write(&path, config).unwrap();
        let child = Command::new(nginx_binary())
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&path)
            .arg("-e")
            .arg("stderr")
            .arg("-g")
            // One process, so that killing it leaves no worker behind.
            .arg("daemon off; master_process off; pid nginx.pid;")
            .stdout(Stdio::null())
            .spawn()
            .expect("nginx starts");
        Self(child)
    }
}

/// The files nginx writes, in `prefix`.
fn own_files(prefix: &Path) -> String {
    let mut files = String::from("access_log off;\n");
    for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        let path = prefix.join(kind);
        files.push_str(&format!("{kind}_temp_path {};\n", path.display()));
    }
    files
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Customer Management through `base`, checked to be served to a signed-in member (a
/// session the instance does not know is sent to the sign-in page).
async fn customers_page(http: &reqwest::Client, base: &str, cookie: &str) {
    let response = http
        .get(format!("{base}/sales/customers"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.url().path(),
        "/sales/customers",
        "not sent to sign in"
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("Customer Management"), "{page}");
    assert!(page.contains("Sign out"), "signed in: {page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_behind_nginx_serve_one_session_when_one_dies() {
    let emulator = StandaloneEmulator::start(20, 10).await;
    let (database, _db) = database_with_admin(EMAIL, PASSWORD).await;

    let (proxy_port, ports) = (free_port(), [free_port(), free_port()]);
    let proxy = format!("http://127.0.0.1:{proxy_port}");
    let behind_proxy = [
        ("PUBLIC_ORIGIN", proxy.as_str()),
        ("TRUSTED_PROXIES", "127.0.0.1"),
    ];
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let (mut a, _b) = tokio::join!(
        Instance::start_on(
            ports[0],
            dirs[0].path(),
            &database,
            emulator.endpoint(),
            &behind_proxy
        ),
        Instance::start_on(
            ports[1],
            dirs[1].path(),
            &database,
            emulator.endpoint(),
            &behind_proxy
        ),
    );
    let prefix = tempfile::tempdir().unwrap();
    let _nginx = Nginx::start(prefix.path(), proxy_port, ports);
    let http = reqwest::Client::new();
    common::eventually(10, "nginx to listen", || async {
        http.get(format!("{proxy}/readyz")).send().await.ok()
    })
    .await;

    // An instance asked directly, by its own address, is not where staff open it.
    let direct = http
        .get(format!("{}/sign-in", a.base))
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), 421);

    let cookie = sign_in(&http, &proxy, EMAIL, PASSWORD).await;
    // Round robin: each instance serves some of these.
    for _ in 0..4 {
        customers_page(&http, &proxy, &cookie).await;
    }
    a.kill();
    // Every one of these is B's, for the same session.
    for _ in 0..4 {
        customers_page(&http, &proxy, &cookie).await;
    }
}
