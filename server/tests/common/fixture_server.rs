//! A feed server on loopback for the ingest tests: the fixture files, plus the ways real
//! servers misbehave (500, 429 with Retry-After, too slow, too big), and ETag handling it
//! records so the test can check the poller's conditional requests.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request: its path and If-None-Match.
type Request = (String, Option<String>);

/// What the server saw, in order.
#[derive(Clone, Default)]
pub struct Seen(pub Arc<Mutex<Vec<Request>>>);

impl Seen {
    pub fn requests_to(&self, path: &str) -> Vec<Option<String>> {
        self.0.lock().unwrap().iter().filter(|(p, _)| p == path).map(|(_, inm)| inm.clone()).collect()
    }
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feeds");

/// Starts the server; returns its base URL and the log of requests.
pub async fn start() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/fixtures/{name}", get(fixture))
        .route("/status/{code}", get(status))
        .route("/slow", get(slow))
        .route("/huge", get(huge))
        .route("/redirect", get(redirect))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

/// A redirect to `?to=URL` (the SSRF tests send a feed somewhere else).
async fn redirect(
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    let to = q.get("to").cloned().unwrap_or_default();
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

fn record(seen: &Seen, path: String, headers: &HeaderMap) {
    let inm = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    seen.0.lock().unwrap().push((path, inm));
}

/// A fixture file with a strong ETag of its content; 304 when the client already has it.
async fn fixture(State(seen): State<Seen>, Path(name): Path<String>, headers: HeaderMap) -> Response {
    record(&seen, format!("/fixtures/{name}"), &headers);
    let Ok(bytes) = std::fs::read(format!("{FIXTURES}/{name}")) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{:x}-{}\"", bytes.iter().map(|b| *b as u64).sum::<u64>(), bytes.len());
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let content_type = match name.rsplit('.').next() {
        Some("rss") => "application/rss+xml",
        Some("atom") => "application/atom+xml",
        Some("json") => "application/feed+json",
        Some("cap") => "application/cap+xml",
        _ => "application/octet-stream",
    };
    ([(header::ETAG, etag), (header::CONTENT_TYPE, content_type.to_string())], bytes).into_response()
}

async fn status(State(seen): State<Seen>, Path(code): Path<u16>, headers: HeaderMap) -> Response {
    record(&seen, format!("/status/{code}"), &headers);
    let status = StatusCode::from_u16(code).unwrap();
    (status, [(header::RETRY_AFTER, "7200")], "nope").into_response()
}

/// Answers after 5 s: longer than the test's timeout.
async fn slow(State(seen): State<Seen>, headers: HeaderMap) -> Response {
    record(&seen, "/slow".into(), &headers);
    tokio::time::sleep(Duration::from_secs(5)).await;
    "<rss version=\"2.0\"><channel/></rss>".into_response()
}

/// 2 MB with no Content-Length (chunked), so only counting the bytes can stop it.
async fn huge(State(seen): State<Seen>, headers: HeaderMap) -> Response {
    record(&seen, "/huge".into(), &headers);
    let chunks = (0..256).map(|_| Ok::<_, std::io::Error>(vec![b' '; 8192]));
    axum::body::Body::from_stream(futures::stream::iter(chunks)).into_response()
}
