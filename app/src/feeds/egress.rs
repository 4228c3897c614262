//! Where the feed fetcher may connect: public internet addresses only, unless an operator
//! names an internal host (an on-premises feed server). A feed URL, or any of its
//! redirects, that leads to loopback, a private network, link-local (cloud metadata at
//! 169.254.169.254) or another reserved range is refused before a connection is made, so an
//! account that can add feeds cannot reach the server's own network, and the feed status
//! page cannot be used to scan it.
//!
//! Checked on the address actually connected to: names go through [`Egress`] as reqwest's
//! resolver (each hop resolves anew, so a redirect to a name that resolves inward is caught,
//! and so is a name whose answer changes between check and use); address literals and
//! https-to-http downgrades are checked per hop by [`Egress::hop_allowed`].

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Why a fetch was refused; found again in reqwest's error chain by [`refusal`].
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// The refusal inside a reqwest error, if that is what it was.
pub fn refusal(err: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(r) = e.downcast_ref::<Refused>() {
            return Some(r.0.clone());
        }
        source = e.source();
    }
    None
}

/// The fetcher's rule, with the internal hosts an operator allowed.
#[derive(Clone, Debug, Default)]
pub struct Egress {
    internal_hosts: Vec<String>,
}

impl Egress {
    pub fn new(internal_hosts: Vec<String>) -> Self {
        Egress { internal_hosts: internal_hosts.into_iter().map(|h| h.trim().to_ascii_lowercase()).collect() }
    }

    fn allows_internal(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        self.internal_hosts.contains(&host)
    }

    /// Whether a request may go to `to`, coming from `from` (a redirect) or not.
    pub fn hop_allowed(&self, from: Option<&Url>, to: &Url) -> Result<(), String> {
        if !matches!(to.scheme(), "http" | "https") {
            return Err(format!("{to} (only http and https)"));
        }
        if from.is_some_and(|f| f.scheme() == "https") && to.scheme() == "http" {
            return Err(format!("{to} (a redirect from https to plain http)"));
        }
        let host = to.host_str().unwrap_or_default();
        let literal = match to.host() {
            Some(url::Host::Ipv4(a)) => Some(IpAddr::V4(a)),
            Some(url::Host::Ipv6(a)) => Some(IpAddr::V6(a)),
            _ => None,
        };
        match literal {
            Some(addr) if !is_public(addr) && !self.allows_internal(host) => Err(host.to_string()),
            _ => Ok(()),
        }
    }
}

impl Resolve for Egress {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let allowed = self.allows_internal(&host);
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = found.into_iter().filter(|a| allowed || is_public(a.ip())).collect();
            if kept.is_empty() {
                return Err(Box::new(Refused(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// Whether `addr` is a public internet address (not loopback, private, link-local, shared,
/// multicast, documentation, benchmarking or otherwise reserved), for IPv4 and IPv6,
/// IPv4 inside IPv6 (mapped, NAT64, 6to4) included.
pub fn is_public(addr: IpAddr) -> bool {
    match addr.to_canonical() {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => public_v6(v6),
    }
}

fn public_v4(a: Ipv4Addr) -> bool {
    let [b0, b1, b2, _] = a.octets();
    !(a.is_unspecified()
        || a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_broadcast()
        || a.is_multicast()
        || a.is_documentation()
        || b0 == 0
        || (b0 == 100 && (64..128).contains(&b1)) // shared address space (carrier NAT)
        || (b0 == 192 && b1 == 0 && b2 == 0) // IETF protocol assignments
        || (b0 == 198 && (b1 == 18 || b1 == 19)) // benchmarking
        || b0 >= 240) // reserved
}

fn public_v6(a: Ipv6Addr) -> bool {
    let s = a.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return public_v4(embedded_v4(s[6], s[7])); // NAT64
    }
    if s[0] == 0x2002 {
        return public_v4(embedded_v4(s[1], s[2])); // 6to4
    }
    !(a.is_unspecified()
        || a.is_loopback()
        || a.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] < 0x0200) // IETF protocol assignments (Teredo, ORCHID, …)
        || s[0..6] == [0, 0, 0, 0, 0, 0]) // IPv4-compatible (deprecated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001:db8::1",
            "ff02::1",
        ] {
            assert!(!is_public(internal.parse().unwrap()), "{internal}");
        }
        for public in ["81.2.69.160", "8.8.8.8", "2a00:1450:4009:81a::200e", "::ffff:81.2.69.160", "64:ff9b::808:808"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn hops_to_internal_literals_and_downgrades_are_refused() {
        let egress = Egress::new(vec!["feeds.internal".into(), "10.0.0.7".into()]);
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(egress.hop_allowed(None, &url("https://www.gmp.police.uk/feed")).is_ok());
        for refused in [
            "http://127.0.0.1/feed",
            "http://[::1]:8080/",
            "http://169.254.169.254/latest/meta-data/",
            "http://0x7f000001/",
            "http://2130706433/",
            "http://[::ffff:7f00:1]/",
            "file:///etc/passwd",
        ] {
            assert!(egress.hop_allowed(None, &url(refused)).is_err(), "{refused}");
        }
        assert!(egress.hop_allowed(None, &url("http://10.0.0.7/feed")).is_ok(), "named by the operator");
        let from = url("https://police.example/feed");
        assert!(egress.hop_allowed(Some(&from), &url("http://police.example/feed")).is_err(), "downgrade");
        assert!(egress.hop_allowed(Some(&from), &url("https://cdn.police.example/feed")).is_ok());
    }
}
