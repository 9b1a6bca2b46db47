//! Who sent a request and how it reached the dashboard. The TCP peer is the client, unless
//! the peer is a configured trusted proxy: then `X-Forwarded-For`, `X-Forwarded-Proto` and
//! `X-Forwarded-Host` say what that proxy saw. From anyone else those headers are ignored,
//! since any client can send them.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::auth::ClientAddress;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ipnet::IpNet;

/// How one request reached the dashboard, as the middlewares after [`read`] see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forwarded {
    /// The client's address (see [`client_address`]).
    pub client: IpAddr,
    /// The browser used HTTPS to reach the proxy in front (the dashboard serves plain HTTP).
    pub https: bool,
    /// The host the browser asked for: a trusted proxy's `X-Forwarded-Host`, else `Host`.
    pub host: Option<String>,
}

/// The configured trusted proxies.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// What `headers` say about a request that came from `peer`.
    pub fn forwarded(
        &self,
        peer: IpAddr,
        headers: &HeaderMap,
        uri_host: Option<&str>,
    ) -> Forwarded {
        let own_host = headers
            .get(header::HOST)
            .and_then(|host| host.to_str().ok())
            .or(uri_host)
            .map(str::to_owned);
        if !self.trusts(peer) {
            return Forwarded {
                client: canonical(peer),
                https: false,
                host: own_host,
            };
        }
        Forwarded {
            client: self.client_address(peer, headers),
            https: last_entry(headers, "x-forwarded-proto")
                .is_some_and(|proto| proto.eq_ignore_ascii_case("https")),
            host: last_entry(headers, "x-forwarded-host").or(own_host),
        }
    }

    /// Walking `X-Forwarded-For` from the right (the entry the nearest proxy added), the
    /// first address that is not a trusted proxy: entries further left could have been
    /// written by the client itself. An entry that is not an address ends the walk at the
    /// last proxy that could be believed.
    fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        let entries: Vec<String> = list(headers, "x-forwarded-for");
        for entry in entries.iter().rev() {
            let Some(address) = parse_address(entry) else {
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

/// The entries of every `name` header, in order.
fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|entry| entry.trim().to_owned())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// The right-most entry: the one the nearest (trusted) proxy wrote.
fn last_entry(headers: &HeaderMap, name: &str) -> Option<String> {
    list(headers, name).pop()
}

/// An address as proxies write it: bare, or with a port (`1.2.3.4:5`, `[::1]:5`).
fn parse_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(canonical)
}

/// IPv4 peers of a dual-stack socket arrive as `::ffff:a.b.c.d`; they are IPv4 clients.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    }
}

/// Puts [`Forwarded`] and the app's [`ClientAddress`] in the request's extensions.
pub async fn read(
    State(proxies): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    else {
        tracing::error!("the server was started without the peer's address");
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server is not configured correctly.",
        )
            .into_response();
    };
    let forwarded = proxies.forwarded(
        peer.ip(),
        request.headers(),
        request.uri().authority().map(|a| a.as_str()),
    );
    request
        .extensions_mut()
        .insert(ClientAddress(forwarded.client));
    request.extensions_mut().insert(forwarded);
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(nets: &[&str]) -> TrustedProxies {
        TrustedProxies(nets.iter().map(|net| net.parse().unwrap()).collect())
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (
                    header::HeaderName::from_static(name),
                    header::HeaderValue::from_static(value),
                )
            })
            .collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let forwarded = proxies(&["10.0.0.0/8"]).forwarded(
            ip("198.51.100.1"),
            &headers(&[
                ("host", "pc.example"),
                ("x-forwarded-for", "203.0.113.1"),
                ("x-forwarded-proto", "https"),
                ("x-forwarded-host", "other.example"),
            ]),
            None,
        );
        assert_eq!(
            forwarded,
            Forwarded {
                client: ip("198.51.100.1"),
                https: false,
                host: Some("pc.example".into()),
            }
        );
    }

    #[test]
    fn a_trusted_chain_is_walked_from_the_right() {
        let trusted = proxies(&["10.0.0.0/8", "2001:db8::/32"]);
        let client = |forwarded_for: &'static str| {
            trusted
                .forwarded(
                    ip("10.0.0.2"),
                    &headers(&[("x-forwarded-for", forwarded_for)]),
                    None,
                )
                .client
        };
        assert_eq!(client("1.1.1.1, 203.0.113.7, 10.0.0.9"), ip("203.0.113.7"));
        assert_eq!(client("203.0.113.7:4711"), ip("203.0.113.7"));
        assert_eq!(client("[2001:db8::1]:80, 10.1.1.1"), ip("2001:db8::1"));
        assert_eq!(client("1.1.1.1, garbage, 10.1.1.1"), ip("10.1.1.1"));
        assert_eq!(client(""), ip("10.0.0.2"));
        assert!(trusted.trusts(ip("::ffff:10.0.0.3")));
    }

    #[test]
    fn a_trusted_proxy_says_how_the_browser_came() {
        let forwarded = proxies(&["127.0.0.0/8"]).forwarded(
            ip("127.0.0.1"),
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("x-forwarded-proto", "http, HTTPS"),
                ("x-forwarded-host", "pc.example"),
            ]),
            None,
        );
        assert!(forwarded.https);
        assert_eq!(forwarded.host.as_deref(), Some("pc.example"));
    }
}
