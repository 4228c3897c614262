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

use app::content_policy::PageNonce;
use app::http_cache::{is_fresh, weak_etag, PRIVATE_PAGE, PUBLIC_PAGE};
use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, SET_COOKIE, VARY};
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Pages that are the same for everyone who asks without signing in. Not the live pages
/// (times in the viewer's zone, from a cookie), Q&A (the asker's own questions) or forms.
const PUBLIC_PAGES: [&str; 6] = ["/", "/install", "/offline", "/areas", "/area/{code}", "/updates/{id}"];
/// A public page is held whole to tag it. None comes near this (a page shows 20 to 50
/// updates, about 100 KB); one that did would be a fault of ours, answered 500.
const MOST_BUFFERED: usize = 4 * 1024 * 1024;

pub async fn page_cache(req: Request<Body>, next: Next) -> Response {
    let public = matches!(*req.method(), Method::GET | Method::HEAD)
        && !app::accounts::session::is_personal(req.headers())
        && req.extensions().get::<MatchedPath>().is_some_and(|p| PUBLIC_PAGES.contains(&p.as_str()));
    let asked = req.headers().clone();
    let nonce = req.extensions().get::<PageNonce>().map(|PageNonce(n)| n.clone());
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
    let etag = match nonce.filter(|n| !n.is_empty()) {
        Some(n) => weak_etag(String::from_utf8_lossy(&bytes).replace(&n, "").as_bytes()),
        None => weak_etag(&bytes),
    };
    let etag = HeaderValue::from_str(&etag).expect("an ETag is ASCII");
    parts.headers.insert(CACHE_CONTROL, HeaderValue::from_static(PUBLIC_PAGE));
    parts.headers.insert(ETAG, etag.clone());
    if is_fresh(&asked, etag.to_str().unwrap_or_default(), None) {
        let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
        let h = not_modified.headers_mut();
        h.insert(ETAG, etag);
        h.insert(CACHE_CONTROL, HeaderValue::from_static(PUBLIC_PAGE));
        if let Some(vary) = parts.headers.get(VARY) {
            h.insert(VARY, vary.clone());
        }
        return not_modified;
    }
    Response::from_parts(parts, Body::from(bytes))
}
