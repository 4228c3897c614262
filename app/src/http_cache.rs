//! What shared caches (a CDN, the load balancer's cache) and browsers may keep, and for how
//! long. The server only ever sees area codes, never a resident's position, so a page or feed
//! of an area is the same for everyone who asks without signing in: it can be kept and
//! served to the next resident. Anything that depends on a session is `private, no-store`
//! (set by the router's security headers) and never kept.
//!
//! Validators are weak ETags over the document (weak because the compression layer may send
//! the same document gzipped or brotli-encoded), so a cache asks again with
//! `If-None-Match` and mostly gets a 304.

use http::header::{IF_MODIFIED_SINCE, IF_NONE_MATCH};
use http::HeaderMap;
use sha2::{Digest, Sha256};

/// A public page of an area or an update: fresh for a minute, then served stale for up to
/// five more while one request asks the server again. A storm morning's 2,000 loads a second
/// for a few hundred pages reach the servers as a few requests a second.
pub const PUBLIC_PAGE: &str = "public, max-age=60, stale-while-revalidate=300";
/// A published feed: readers poll every few minutes.
pub const PUBLIC_FEED: &str = "public, max-age=300, stale-while-revalidate=600";
/// A feed whose links were made from the request's `Host` (no public URL configured): that
/// reader's alone, never kept where another reader would get it.
pub const PRIVATE_FEED: &str = "private, max-age=300";
/// A page that may differ between residents (a live day in the viewer's time zone) or is
/// a form: the browser may keep it, but asks each time.
pub const PRIVATE_PAGE: &str = "private, no-cache";
/// A bundle whose name carries its content's hash: it never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A weak ETag for `bytes`.
pub fn weak_etag(bytes: &[u8]) -> String {
    weak_etag_of([bytes])
}

/// A weak ETag for the bytes of `pieces` one after the other (a page without its nonce).
pub fn weak_etag_of<P: AsRef<[u8]>>(pieces: impl IntoIterator<Item = P>) -> String {
    let mut hasher = Sha256::new();
    for piece in pieces {
        hasher.update(piece.as_ref());
    }
    let digest = hasher.finalize();
    format!("W/\"{}\"", digest.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>())
}

/// Whether the asker already has the version tagged `etag` (or, failing a tag, one at least
/// as new as `updated_ms`).
pub fn is_fresh(headers: &HeaderMap, etag: &str, updated_ms: Option<i64>) -> bool {
    match headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => etag_matches(tags, etag),
        None => updated_ms.is_some_and(|updated_ms| {
            headers
                .get(IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
                .is_some_and(|since| updated_ms / 1000 <= since.timestamp())
        }),
    }
}

/// If-None-Match: a list of tags or `*`, compared weakly (RFC 9110 §13.1.2).
fn etag_matches(list: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    list.split(',').any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly_and_lists_work() {
        let tag = "W/\"abc\"";
        assert!(etag_matches("W/\"abc\"", tag));
        assert!(etag_matches("\"abc\"", tag));
        assert!(etag_matches("\"x\", W/\"abc\"", tag));
        assert!(etag_matches("*", tag));
        assert!(!etag_matches("\"abd\"", tag));
        assert!(!etag_matches("", tag));
    }

    #[test]
    fn a_tag_wins_over_a_date_and_a_date_alone_still_counts() {
        let tag = weak_etag(b"page");
        let mut h = HeaderMap::new();
        h.insert(IF_MODIFIED_SINCE, "Sun, 22 Nov 2026 09:00:00 GMT".parse().unwrap());
        assert!(is_fresh(&h, &tag, Some(1_795_338_000_000)));
        assert!(!is_fresh(&h, &tag, Some(1_795_338_001_000)));
        assert!(!is_fresh(&h, &tag, None), "a page has no date: only its tag counts");
        h.insert(IF_NONE_MATCH, "\"other\"".parse().unwrap());
        assert!(!is_fresh(&h, &tag, Some(1_795_338_000_000)));
        h.insert(IF_NONE_MATCH, tag.parse().unwrap());
        assert!(is_fresh(&h, &tag, None));
    }
}
