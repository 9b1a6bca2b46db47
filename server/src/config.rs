//! Configuration: every setting is a command-line flag and an environment variable
//! (see `.env.example`). Secrets are hidden from `--help` and never logged.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use domain::labels::LabelSet;
use domain::retention::{
    DEFAULT_ALERT_DAYS, DEFAULT_RETENTION_DAYS, MAX_ALERT_DAYS, MAX_RETENTION_DAYS,
};
use ipnet::IpNet;
use url::Url;

#[derive(Debug, Parser)]
#[command(
    name = "partner-center",
    version,
    about = "Huawei Cloud Partner Center: Customer Management dashboard.",
    long_about = "Huawei Cloud Partner Center: Customer Management dashboard.\n\n\
        Without --bss-endpoint it runs as a self-contained demo against an embedded BSS \
        emulator with seeded customers; with an endpoint and an AK/SK (or token) it manages \
        the partner's real customers."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the dashboard (the default).
    Serve,
    /// Create an admin account (the first one of a real deployment). The password is read
    /// from standard input, never from a flag other users could see in `ps`.
    CreateAdmin(CreateAdminArgs),
}

#[derive(Debug, Args)]
pub struct CreateAdminArgs {
    /// The admin's e-mail address, used to sign in.
    #[arg(long)]
    pub email: String,

    /// The name shown in the dashboard.
    #[arg(long, default_value = "Administrator")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct Config {
    /// Address the dashboard listens on.
    #[arg(
        long,
        env = "LISTEN_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub listen: SocketAddr,

    /// Folder for the database files (created when missing).
    #[arg(long, env = "DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The dashboard's database: `sqlite://FILE` (by default a file in the data folder) or
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (PostgreSQL 15 or newer).
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Folder holding the built site (WASM, JS, CSS), as cargo-leptos writes it.
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,

    /// Status and operation wording: `current` (Restrict Purchase) or `classic` (Freeze Account).
    #[arg(long, env = "LABEL_SET", default_value = "current", value_parser = parse_label_set, global = true)]
    pub label_set: LabelSet,

    /// Log output format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Seconds between background syncs of the customer mirror from BSS.
    #[arg(long, env = "MIRROR_SYNC_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(10..), global = true)]
    pub mirror_sync_secs: u64,

    /// Days a frozen customer's pay-per-use resources keep their data (Huawei's is 15), until
    /// an admin stores another in Settings.
    #[arg(long, env = "RETENTION_DAYS", default_value_t = DEFAULT_RETENTION_DAYS, value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_RETENTION_DAYS)), global = true)]
    pub retention_days: u16,

    /// Days before a retention deadline the alert e-mail goes to the chosen staff, until an
    /// admin stores another in Settings.
    #[arg(long, env = "RETENTION_ALERT_DAYS", default_value_t = DEFAULT_ALERT_DAYS, value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_ALERT_DAYS)), global = true)]
    pub retention_alert_days: u16,

    /// Seconds between reads of frozen customers' resources for the retention board (each
    /// customer is read again after 6 hours, or when the dashboard freezes it).
    #[arg(long, env = "RETENTION_SWEEP_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub retention_sweep_secs: u64,

    /// Seconds between looks for operation records no instance runs (one whose instance
    /// died, a run that stopped short); each is taken over and completed.
    #[arg(long, env = "RECONCILE_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..), global = true)]
    pub reconcile_secs: u64,

    #[command(flatten)]
    pub bss: BssConfig,

    #[command(flatten)]
    pub demo: DemoConfig,

    #[command(flatten)]
    pub http: HttpConfig,

    #[command(flatten)]
    pub sessions: SessionConfig,

    #[command(flatten)]
    pub mail: MailConfig,
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.data_dir.join("partner-center.db").display()
            )
        })
    }
}

#[derive(Debug, Args)]
pub struct BssConfig {
    /// BSS endpoint, e.g. https://bss-intl.myhuaweicloud.com. Unset: the embedded emulator.
    #[arg(long = "bss-endpoint", env = "BSS_ENDPOINT", global = true)]
    pub endpoint: Option<Url>,

    /// Access key (AK) for SDK-HMAC-SHA256 signing.
    #[arg(long = "bss-access-key", env = "BSS_ACCESS_KEY", global = true)]
    pub access_key: Option<String>,

    /// Secret key (SK). Prefer the environment variable to the flag.
    #[arg(
        long = "bss-secret-key",
        env = "BSS_SECRET_KEY",
        hide_env_values = true,
        global = true
    )]
    pub secret_key: Option<String>,

    /// IAM token, instead of an AK/SK.
    #[arg(
        long = "bss-token",
        env = "BSS_TOKEN",
        hide_env_values = true,
        global = true
    )]
    pub token: Option<String>,

    /// The partner's account (domain) id, sent as X-Domain-Id.
    #[arg(long = "bss-domain-id", env = "BSS_DOMAIN_ID", global = true)]
    pub domain_id: Option<String>,

    /// API generation for freeze and unfreeze: v2, or the legacy v1 (account level only).
    #[arg(long = "bss-api-version", env = "BSS_API_VERSION", value_enum, default_value_t = ApiVersionArg::V2, global = true)]
    pub api_version: ApiVersionArg,

    /// Requests per second per BSS API (the real service allows 10).
    #[arg(
        long = "bss-rate-limit",
        env = "BSS_RATE_LIMIT",
        default_value_t = 10,
        global = true
    )]
    pub rate_limit: u32,

    /// Seconds before a BSS call is abandoned.
    #[arg(
        long = "bss-timeout-secs",
        env = "BSS_TIMEOUT_SECS",
        default_value_t = 30,
        global = true
    )]
    pub timeout_secs: u64,
}

#[derive(Debug, Args)]
pub struct DemoConfig {
    /// Demo mode: direct customers the embedded emulator seeds on first start.
    #[arg(long, env = "DEMO_CUSTOMERS", default_value_t = 120, global = true)]
    pub demo_customers: usize,

    /// Demo mode: the embedded emulator's address (port 0 picks a free one). Its fault
    /// injection endpoint answers loopback clients only.
    #[arg(
        long,
        env = "DEMO_EMULATOR_ADDR",
        default_value = "127.0.0.1:0",
        global = true
    )]
    pub demo_emulator_addr: SocketAddr,

    /// Demo mode: seed of the emulator's generated data (same seed, same customers).
    #[arg(long, env = "DEMO_SEED", default_value_t = 20_261_123, global = true)]
    pub demo_seed: u64,
}

#[derive(Debug, Args)]
pub struct HttpConfig {
    /// The addresses staff open the dashboard at, as origins (https://pc.example.com,
    /// http://10.0.0.5:3000), comma-separated or repeated. A request whose Host is none of
    /// them is refused (421), which stops DNS-rebinding pages. Required against a real BSS;
    /// in demo mode 127.0.0.1, localhost and [::1] at the listening port are always allowed.
    #[arg(long = "public-origin", env = "PUBLIC_ORIGIN", value_delimiter = ',', value_parser = parse_origin, global = true)]
    pub public_origins: Vec<PublicOrigin>,

    /// Reverse proxies in front of the dashboard (IP addresses or CIDR blocks,
    /// comma-separated or repeated). Only from these are X-Forwarded-For (the client's
    /// address), X-Forwarded-Proto (HTTPS) and X-Forwarded-Host believed. Unset: none.
    #[arg(long = "trusted-proxies", env = "TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_proxy, global = true)]
    pub trusted_proxies: Vec<IpNet>,
}

/// A public origin reduced to what a browser sends as Host for it: the host, lower-case,
/// with the port when it is not the scheme's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicOrigin {
    pub host: String,
}

fn parse_origin(value: &str) -> Result<PublicOrigin, String> {
    let url = Url::parse(value.trim()).map_err(|error| format!("`{value}`: {error}"))?;
    let is_origin = matches!(url.scheme(), "http" | "https")
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    match url.host_str() {
        Some(host) if is_origin => Ok(PublicOrigin {
            host: match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            },
        }),
        _ => Err(format!(
            "`{value}` is not an origin: write the scheme, host and port only, such as https://pc.example.com"
        )),
    }
}

fn parse_proxy(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| {
            format!("`{value}` is neither an IP address nor a CIDR block such as 10.0.0.0/8")
        })
}

#[derive(Debug, Args)]
pub struct SessionConfig {
    /// Secure flag of the session cookie: `auto` sets it when the request came over HTTPS
    /// (as a trusted proxy reports with X-Forwarded-Proto), `always` and `never` as said.
    #[arg(long, env = "COOKIE_SECURE", value_enum, default_value_t = CookieSecure::Auto, global = true)]
    pub cookie_secure: CookieSecure,

    /// Minutes of inactivity after which a session ends and staff must sign in again.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 480, value_parser = clap::value_parser!(u32).range(1..), global = true)]
    pub session_idle_minutes: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CookieSecure {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct MailConfig {
    /// SMTP server for verification codes: smtp://user:password@host:587?tls=required
    /// (STARTTLS; without ?tls= the connection is unencrypted) or
    /// smtps://user:password@host:465. Unset: codes go to the Demo Inbox in demo mode, and
    /// cannot be sent otherwise.
    #[arg(long, env = "SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,

    /// Sender of verification codes, e.g. "Partner Center <noreply@example.com>".
    #[arg(long, env = "SMTP_FROM", global = true)]
    pub smtp_from: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ApiVersionArg {
    V2,
    V1,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_label_set(value: &str) -> Result<LabelSet, String> {
    LabelSet::parse(value)
        .ok_or_else(|| format!("`{value}` is not a label set; use current or classic"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("partner-center").chain(args.iter().copied()))
    }

    #[test]
    fn defaults_give_the_embedded_demo() {
        let cli = parse(&[]).unwrap();
        assert!(cli.config.bss.endpoint.is_none());
        assert_eq!(cli.config.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(cli.config.database_url(), "sqlite://data/partner-center.db");
        assert_eq!(cli.config.label_set, LabelSet::Current);
    }

    #[test]
    fn bad_values_are_refused_with_a_clear_message() {
        let error = parse(&["--label-set", "modern"]).unwrap_err().to_string();
        assert!(error.contains("not a label set"), "{error}");
        assert!(parse(&["--bss-endpoint", "not a url"]).is_err());
        assert!(parse(&["--bss-api-version", "v3"]).is_err());
        for origin in [
            "pc.example",
            "ftp://pc.example",
            "https://pc.example/app",
            "https://u@pc.example",
        ] {
            assert!(parse(&["--public-origin", origin]).is_err(), "{origin}");
        }
        assert!(parse(&["--trusted-proxies", "10.0.0.0/33"]).is_err());
    }

    #[test]
    fn origins_and_proxies_come_as_lists() {
        let cli = parse(&[
            "--public-origin",
            "https://PC.example/,http://10.0.0.5:3000",
            "--public-origin",
            "https://pc.example:443",
            "--trusted-proxies",
            "10.0.0.0/8, 192.0.2.1,::1",
        ])
        .unwrap();
        let hosts: Vec<&str> = cli
            .config
            .http
            .public_origins
            .iter()
            .map(|origin| origin.host.as_str())
            .collect();
        assert_eq!(hosts, ["pc.example", "10.0.0.5:3000", "pc.example"]);
        assert_eq!(cli.config.http.trusted_proxies.len(), 3);
    }
}
