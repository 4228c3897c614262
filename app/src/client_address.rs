//! Where a request came from: its address, as far as per-address limits need to know
//! (sign-in, Q&A questions; never kept as it is), and whether it came over https to which
//! host. Behind a load balancer the TCP peer is the balancer: its `X-Forwarded-For`,
//! `-Proto` and `-Host` are believed only from the addresses given to `--trusted-proxies`,
//! never from anyone else (who could then pick their own address for every limit).

use std::net::IpAddr;

/// The key a network address is rate-limited by. Addresses of one IPv6 /64 are one key: a
/// home or phone usually gets a whole /64 and can pick any address in it. An IPv4 address
/// mapped into IPv6 counts as that IPv4 address. `None` (no socket, as in router tests) is
/// the single key `unknown`.
pub fn network_key(addr: Option<IpAddr>) -> String {
    match addr.map(|a| a.to_canonical()) {
        None => "unknown".to_string(),
        Some(IpAddr::V4(v4)) => format!("v4:{v4}"),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("v6:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The network key of the request being served (`unknown` without a socket).
#[cfg(feature = "ssr")]
pub async fn network() -> String {
    let client = leptos::prelude::use_context::<http::request::Parts>().map(|p| Client::of(&p));
    network_key(client.and_then(|c| c.ip))
}

#[cfg(feature = "ssr")]
pub use keyed::{hash_key, hashed_network, keyed_hash};

/// Stored traces of where requests came from, keyed with a secret of the server's.
#[cfg(feature = "ssr")]
mod keyed {
    use crate::error::AppError;
    use sha2::{Digest, Sha256};
    use sqlx::{AnyPool, Row};

    /// The secret the per-address limits' hashes are keyed with, created on first use. Kept in
    /// `qa_hash_key` (named when Q&A was its only user); this module is its one reader and writer.
    pub async fn hash_key(pool: &AnyPool, now_ms: i64) -> Result<String, AppError> {
        if let Some(row) = sqlx::query("SELECT secret FROM qa_hash_key WHERE id = 1").fetch_optional(pool).await? {
            return Ok(row.try_get(0)?);
        }
        let (secret, _) = crate::accounts::token::new_token()?;
        // Two servers creating it at once keep whichever was first.
        sqlx::query(
            "INSERT INTO qa_hash_key (id, secret, created_at_ms) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(secret)
        .bind(now_ms)
        .execute(pool)
        .await?;
        Ok(sqlx::query("SELECT secret FROM qa_hash_key WHERE id = 1").fetch_one(pool).await?.try_get(0)?)
    }

    /// The stored form of a device id or network key: SHA-256 of the secret, what it is and the
    /// value, as hex. Without the secret the hash cannot be matched to a guessed address.
    pub fn keyed_hash(secret: &str, what: &str, value: &str) -> String {
        let mut h = Sha256::new();
        for part in [secret, what, value] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The request's network (see `network_key`) as stored for `purpose`.
    pub async fn hashed_network(pool: &AnyPool, purpose: &str, now_ms: i64) -> Result<String, AppError> {
        let secret = hash_key(pool, now_ms).await?;
        Ok(keyed_hash(&secret, purpose, &super::network().await))
    }
}

/// Proxies whose forwarding headers are believed (`--trusted-proxies 10.0.0.0/8,::1`).
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<ipnet::IpNet>);

#[cfg(feature = "ssr")]
impl TrustedProxies {
    /// A comma-separated list of networks (`10.0.0.0/8`) or single addresses (`127.0.0.1`).
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let net = match item.parse::<IpAddr>() {
                Ok(addr) => ipnet::IpNet::from(addr.to_canonical()),
                Err(_) => item
                    .parse::<ipnet::IpNet>()
                    .map_err(|_| format!("{item:?} is not an address or a network (10.0.0.0/8)"))?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// Who sent a request, worked out once per request by the router (`server::router`) and
/// kept in its extensions.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    /// The TCP peer; behind trusted proxies, the nearest address in `X-Forwarded-For` that is
    /// not one of them (read from the right: each proxy appends what it saw).
    pub ip: Option<IpAddr>,
    /// The connection was https, or a trusted proxy says it was.
    pub https: bool,
    /// The host asked for: a trusted proxy's `X-Forwarded-Host`, else `Host`.
    pub host: Option<String>,
}

#[cfg(feature = "ssr")]
impl Client {
    pub fn of_request(
        peer: Option<IpAddr>,
        uri: &http::Uri,
        headers: &http::HeaderMap,
        trusted: &TrustedProxies,
    ) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let believed = peer.is_some_and(|p| trusted.trusts(p));
        let host = if believed { text("x-forwarded-host").or_else(|| text("host")) } else { text("host") };
        let ip = if believed {
            let forwarded: Vec<IpAddr> = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|a| a.trim().parse::<IpAddr>().ok())
                .collect();
            forwarded.into_iter().rev().find(|a| !trusted.trusts(*a)).or(peer)
        } else {
            peer
        };
        let forwarded_https = believed && text("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
        Client {
            ip: ip.map(|a| a.to_canonical()),
            https: uri.scheme_str() == Some("https") || forwarded_https,
            host: host.filter(|h| !h.is_empty()).map(str::to_string),
        }
    }

    /// The client of a request the router has seen; without that (a request made up in a
    /// test), one that believes no forwarding header.
    pub fn of(parts: &http::request::Parts) -> Self {
        parts
            .extensions
            .get::<Client>()
            .cloned()
            .unwrap_or_else(|| Client::of_request(None, &parts.uri, &parts.headers, &TrustedProxies::default()))
    }
}

#[cfg(feature = "ssr")]
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client::of(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn forwarding_headers_are_believed_only_from_trusted_proxies() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        let headers = |pairs: &[(&str, &str)]| {
            let mut h = http::HeaderMap::new();
            for (k, v) in pairs {
                h.append(http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
            }
            h
        };
        let uri: http::Uri = "/".parse().unwrap();
        let forged = headers(&[
            ("host", "beat.example"),
            ("x-forwarded-for", "198.51.100.1"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "evil.example"),
        ]);
        let stranger = Client::of_request(Some("203.0.113.9".parse().unwrap()), &uri, &forged, &trusted);
        assert_eq!(
            stranger,
            Client { ip: Some("203.0.113.9".parse().unwrap()), https: false, host: Some("beat.example".into()) }
        );
        let via_balancer = Client::of_request(Some("10.1.2.3".parse().unwrap()), &uri, &forged, &trusted);
        assert_eq!(
            via_balancer,
            Client { ip: Some("198.51.100.1".parse().unwrap()), https: true, host: Some("evil.example".into()) }
        );
        // A client's own X-Forwarded-For entries come first; the balancer appends the real one.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.5")]);
        let client = Client::of_request(Some("10.9.9.9".parse().unwrap()), &uri, &chain, &trusted);
        assert_eq!(client.ip, Some("198.51.100.7".parse().unwrap()));
        assert!(TrustedProxies::parse("10.0.0.0/8,nonsense").is_err());
        assert!(TrustedProxies::parse("::ffff:127.0.0.1").unwrap().trusts("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn network_keys_group_ipv6_by_64() {
        let key = |s: &str| network_key(Some(s.parse().unwrap()));
        let cases = [
            ("203.0.113.7", "v4:203.0.113.7"),
            ("::ffff:203.0.113.7", "v4:203.0.113.7"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "v6:2001:db8:1:2::/64"),
            ("2001:db8:1:2::1", "v6:2001:db8:1:2::/64"),
            ("2001:db8:1:3::1", "v6:2001:db8:1:3::/64"),
            ("::1", "v6:0:0:0:0::/64"),
            ("127.0.0.1", "v4:127.0.0.1"),
        ];
        for (addr, expected) in cases {
            assert_eq!(key(addr), expected, "{addr}");
        }
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"), "IPv4 addresses are not grouped");
        assert_eq!(network_key(None), "unknown");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn hashes_depend_on_the_secret_and_what_is_hashed() {
        let a = keyed_hash("secret", "address", "v4:203.0.113.7");
        assert_eq!(a.len(), 64);
        assert!(!a.contains("203"));
        assert_eq!(a, keyed_hash("secret", "address", "v4:203.0.113.7"));
        assert_ne!(a, keyed_hash("other", "address", "v4:203.0.113.7"));
        assert_ne!(a, keyed_hash("secret", "device", "v4:203.0.113.7"));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(keyed_hash("s", "ab", "c"), keyed_hash("s", "a", "bc"));
    }
}
