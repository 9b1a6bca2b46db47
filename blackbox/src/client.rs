//! HTTP as a browser (or an attacker) speaks it to the dashboard: no cookie jar and no
//! redirect following, so every probe sees exactly what the server answered.

use std::net::{IpAddr, Ipv4Addr};

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE, ORIGIN, SET_COOKIE,
};
use reqwest::{Client, Method, RequestBuilder};

pub const SESSION_COOKIE: &str = "partner_center_session";
const FORM: &str = "application/x-www-form-urlencoded";

/// What the server answered.
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn json(&self) -> Result<serde_json::Value, String> {
        serde_json::from_str(&self.body)
            .map_err(|error| format!("not JSON ({error}): {}", excerpt(&self.body)))
    }

    /// The session cookie it set, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with(SESSION_COOKIE))
            .and_then(|value| value.split(';').next())
            .map(str::to_owned)
    }

    /// `status` and the start of the body, for a failure's line.
    pub fn describe(&self) -> String {
        format!("{} {}", self.status, excerpt(&self.body))
    }
}

fn excerpt(text: &str) -> String {
    let line: String = text.chars().filter(|c| !c.is_control()).take(160).collect();
    line
}

pub fn form_encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The dashboard at `127.0.0.1:port`, reached from 127.0.0.1 (the configured trusted proxy)
/// or from 127.0.0.2 (any other peer).
pub struct Site {
    pub origin: String,
    pub host: String,
    trusted: Client,
    untrusted: Client,
}

impl Site {
    pub fn new(port: u16) -> Result<Self, String> {
        let client = |from: Ipv4Addr| {
            Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .local_address(IpAddr::V4(from))
                .build()
                .map_err(|error| error.to_string())
        };
        Ok(Site {
            origin: format!("http://127.0.0.1:{port}"),
            host: format!("127.0.0.1:{port}"),
            trusted: client(Ipv4Addr::LOCALHOST)?,
            untrusted: client(Ipv4Addr::new(127, 0, 0, 2))?,
        })
    }

    /// A request from the trusted proxy's address.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.trusted
            .request(method, format!("{}{path}", self.origin))
    }

    /// A request from a peer that is not a trusted proxy.
    pub fn request_from_elsewhere(&self, method: Method, path: &str) -> RequestBuilder {
        self.untrusted
            .request(method, format!("{}{path}", self.origin))
    }

    pub async fn send(&self, request: RequestBuilder) -> Result<Answer, String> {
        let response = request.send().await.map_err(|error| error.to_string())?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.map_err(|error| error.to_string())?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Result<Answer, String> {
        let mut request = self.request(Method::GET, path);
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie);
        }
        self.send(request).await
    }

    /// A server function called as the WASM client calls it: a same-origin form post.
    pub fn call_request(&self, path: &str, body: &str, cookie: Option<&str>) -> RequestBuilder {
        self.call_request_with(path, body, cookie, &[])
    }

    /// The same call with some of its headers replaced (reqwest would otherwise send both
    /// values, and the server would read the first).
    pub fn call_request_with(
        &self,
        path: &str,
        body: &str,
        cookie: Option<&str>,
        replaced: &[(HeaderName, &str)],
    ) -> RequestBuilder {
        let mut headers = HeaderMap::new();
        let defaults = [
            (ORIGIN, self.origin.as_str()),
            (CONTENT_TYPE, FORM),
            (ACCEPT, "application/json"),
        ];
        let cookie = cookie.map(|cookie| (COOKIE, cookie));
        for (name, value) in defaults
            .into_iter()
            .chain(cookie)
            .chain(replaced.iter().cloned())
        {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(name, value);
            }
        }
        self.request(Method::POST, path)
            .headers(headers)
            .body(body.to_owned())
    }

    pub async fn call(
        &self,
        path: &str,
        body: &str,
        cookie: Option<&str>,
    ) -> Result<Answer, String> {
        self.send(self.call_request(path, body, cookie)).await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Result<Answer, String> {
        let body = format!(
            "email={}&password={}",
            form_encode(email),
            form_encode(password)
        );
        self.call("/api/auth/sign-in", &body, None).await
    }
}
