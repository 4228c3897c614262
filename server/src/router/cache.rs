//! Cache headers for pages: the public pages of an area or an update, asked for without a
//! session, may be kept by shared caches ([`app::http_cache::PUBLIC_PAGE`]) and carry an ETag,
//! so a cache asking again mostly gets a 304. Every other page is the browser's alone and
//! asked for again each time ([`app::http_cache::PRIVATE_PAGE`]); signed-in answers and any
//! answer that sets a cookie are `private, no-store` (the security headers' rule), untouched
//! here.
//!
//! Each page carries a nonce made for its request (the content security policy), so two
//! renderings of the same page differ in it: the ETag is taken over the page without it. A
//! kept copy keeps the nonce it was made with, and its policy header names that nonce; a 304
//! therefore carries no policy of its own (a cache would put it over the kept one).
//!
//! **The page store.** A public page is also kept whole in this server's memory
//! ([`PageStore`]) and served again to the next resident who asks for it without a session,
//! so a storm morning's loads of the same few hundred pages are rendered a few times a
//! minute instead of thousands of times a second, even with no cache in front (the one-process
//! default). A kept page is served only while it is younger than the store's time (10 s by
//! default, `--page-store-seconds`) and nothing has been published since it was made, as far
//! as this server knows ([`app::live::hub::LiveHub::changes`]: this server's own publishing at
//! once, another server's when the live tail reads it). Each answer gets its request's own
//! nonce: the page is kept cut where its nonce was and joined with the new one.

use app::client_address::Client;
use app::content_policy::PageNonce;
use app::http_cache::{is_fresh, weak_etag_of, PRIVATE_PAGE, PUBLIC_PAGE};
use app::live::hub::LiveHub;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Pages that are the same for everyone who asks without signing in. Not the live pages
/// (times in the viewer's zone, from a cookie), Q&A (the asker's own questions) or forms.
const PUBLIC_PAGES: [&str; 6] = ["/", "/install", "/offline", "/areas", "/area/{code}", "/updates/{id}"];
/// A public page is held whole to tag it. None comes near this (a page shows 20 to 50
/// updates, about 100 KB); one that did would be a fault of ours, answered 500.
const MOST_BUFFERED: usize = 4 * 1024 * 1024;

/// Public pages kept whole in memory between renders (see the module's notes).
#[derive(Clone)]
pub struct PageStore {
    kept: Option<Arc<quick_cache::sync::Cache<Key, Arc<Kept>, ByBytes>>>,
    fresh_for: Duration,
}

impl PageStore {
    /// How long a page is kept by default: a resident sees an update whose time has run out
    /// go from the page this long after at most (publishing and withdrawing show at once).
    pub const DEFAULT_SECONDS: u64 = 10;
    /// The bytes of pages kept at most: a few hundred area pages of 20 to 100 KB. A flood of
    /// made-up query strings pushes out pages that are asked for less, nothing more.
    const MOST_BYTES: u64 = 64 * 1024 * 1024;

    /// A store that keeps each page for `fresh_for`; zero keeps nothing (every request is
    /// rendered).
    pub fn new(fresh_for: Duration) -> Self {
        let kept = (!fresh_for.is_zero())
            .then(|| Arc::new(quick_cache::sync::Cache::with_weighter(2_000, Self::MOST_BYTES, ByBytes)));
        PageStore { kept, fresh_for }
    }

    /// The page kept for `key`, if it is still good at `changes`.
    fn get(&self, key: &Key, changes: u64) -> Option<Arc<Kept>> {
        let kept = self.kept.as_ref()?.get(key)?;
        (kept.changes == changes && kept.made.elapsed() < self.fresh_for).then_some(kept)
    }

    fn keep(&self, key: Key, kept: Kept) {
        if let Some(store) = &self.kept {
            store.insert(key, Arc::new(kept));
        }
    }
}

impl Default for PageStore {
    fn default() -> Self {
        PageStore::new(Duration::from_secs(Self::DEFAULT_SECONDS))
    }
}

/// What the page cache needs: the store, and the live hub that says when something changed.
#[derive(Clone)]
pub struct Pages {
    pub store: PageStore,
    pub live: Arc<LiveHub>,
}

/// A page is the same for everyone who asks for the same address under the same name, as a
/// shared cache keys it (links in it may be made from the host). A page that comes to depend
/// on anything else in the request (a language from `Accept-Language`) must add it here, and
/// say so in `Vary`.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    https: bool,
    host: String,
    uri: String,
}

impl Key {
    fn of(req: &Request<Body>) -> Self {
        let client = req.extensions().get::<Client>();
        Key {
            https: client.is_some_and(|c| c.https),
            host: client.and_then(|c| c.host.clone()).unwrap_or_default(),
            uri: req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default(),
        }
    }
}

/// A kept page: its headers (with its ETag) and its body cut where its nonce was.
struct Kept {
    headers: HeaderMap,
    pieces: Vec<Bytes>,
    len: usize,
    made: Instant,
    changes: u64,
}

/// `body` cut wherever `nonce` is in it.
fn cut(body: &Bytes, nonce: Option<&str>) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut rest = body.clone();
    if let Some(nonce) = nonce.filter(|n| !n.is_empty()) {
        let finder = memchr::memmem::Finder::new(nonce.as_bytes());
        while let Some(at) = finder.find(&rest) {
            pieces.push(rest.slice(..at));
            rest = rest.slice(at + nonce.len()..);
        }
    }
    pieces.push(rest);
    pieces
}

impl Kept {
    /// The page again, carrying `nonce` wherever it carried its own.
    fn body(&self, nonce: &str) -> Bytes {
        if self.pieces.len() == 1 {
            return self.pieces[0].clone();
        }
        let mut out = Vec::with_capacity(self.len + self.pieces.len() * nonce.len());
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(nonce.as_bytes());
            }
            out.extend_from_slice(piece);
        }
        out.into()
    }
}

/// A kept page weighs its bytes (and its address, which a caller chooses).
#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<Key, Arc<Kept>> for ByBytes {
    fn weight(&self, key: &Key, kept: &Arc<Kept>) -> u64 {
        (kept.len + key.uri.len() + key.host.len() + 256) as u64
    }
}

pub async fn page_cache(State(pages): State<Pages>, req: Request<Body>, next: Next) -> Response {
    let public = matches!(*req.method(), Method::GET | Method::HEAD)
        && !app::accounts::session::is_personal(req.headers())
        && req.extensions().get::<MatchedPath>().is_some_and(|p| PUBLIC_PAGES.contains(&p.as_str()));
    let asked = req.headers().clone();
    let nonce = req.extensions().get::<PageNonce>().map(|PageNonce(n)| n.clone()).filter(|n| !n.is_empty());
    // Read before rendering: a change made while the page renders leaves it out of date.
    let changes = pages.live.changes();
    let key = (public && req.method() == Method::GET).then(|| Key::of(&req));
    if let Some(kept) = key.as_ref().and_then(|key| pages.store.get(key, changes)) {
        return answer(&asked, kept.headers.clone(), || kept.body(nonce.as_deref().unwrap_or_default()));
    }
    let mut response = next.run(req).await;
    let page =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !page || response.headers().contains_key(CACHE_CONTROL) || response.headers().contains_key(SET_COOKIE) {
        return response;
    }
    if !public || response.status() != StatusCode::OK {
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(PRIVATE_PAGE));
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MOST_BUFFERED).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let pieces = cut(&bytes, nonce.as_deref());
    let etag = HeaderValue::from_str(&weak_etag_of(&pieces)).expect("an ETag is ASCII");
    parts.headers.insert(CACHE_CONTROL, HeaderValue::from_static(PUBLIC_PAGE));
    parts.headers.insert(ETAG, etag);
    if let Some(key) = key {
        let kept = Kept { headers: parts.headers.clone(), pieces, len: bytes.len(), made: Instant::now(), changes };
        pages.store.keep(key, kept);
    }
    answer(&asked, parts.headers, || bytes)
}

/// A public page's answer: a 304 when the asker has this version, else the page.
fn answer(asked: &HeaderMap, headers: HeaderMap, body: impl FnOnce() -> Bytes) -> Response {
    let etag = headers.get(ETAG).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if is_fresh(asked, etag, None) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        let h = not_modified.headers_mut();
        for name in [ETAG, CACHE_CONTROL, VARY] {
            if let Some(value) = headers.get(&name) {
                h.insert(name, value.clone());
            }
        }
        return not_modified;
    }
    let mut response = Response::new(Body::from(body()));
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_carries_the_new_nonce_wherever_it_had_its_own() {
        let page = Bytes::from_static(b"N1<script nonce=\"N1\"></script><style nonce=\"N1\">N1N1</style>");
        let pieces = cut(&page, Some("N1"));
        let kept = Kept { headers: HeaderMap::new(), pieces, len: page.len(), made: Instant::now(), changes: 0 };
        assert_eq!(
            kept.body("nonce-2"),
            &b"nonce-2<script nonce=\"nonce-2\"></script><style nonce=\"nonce-2\">nonce-2nonce-2</style>"[..]
        );
        // Its tag is the page's without any nonce, whichever nonce it was made with.
        assert_eq!(weak_etag_of(&kept.pieces), weak_etag_of(cut(&kept.body("other"), Some("other"))));
        assert_eq!(cut(&page, None), vec![page.clone()]);
        assert_eq!(cut(&page, Some("")), vec![page]);
    }
}
