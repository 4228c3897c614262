//! A Beat router over a fresh database with the shipped areas and the demo data,
//! called without a socket.

// Each test file uses its own part of this module.
#![allow(dead_code)]

pub mod fixture_server;
pub mod sse;

use app::areas::hierarchy::{index_of, read_hierarchy, store_hierarchy, CheckedHierarchy};
use app::areas::index::{AreaIndex, SharedIndex};
use app::state::AppState;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::setup::{ensure_demo, DEFAULT_HIERARCHY};
use std::future::Future;
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

/// One multi-threaded runtime for all the tests of a file, as the server runs in production.
static RUNTIME: LazyLock<tokio::runtime::Runtime> =
    LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime"));

/// The page routes, generated once before any test renders a page (see
/// `server::router::page_routes`).
static ROUTES: LazyLock<Vec<leptos_axum::AxumRouteListing>> = LazyLock::new(server::router::page_routes);

/// Runs a test body on the shared runtime.
pub fn run<F: Future>(body: F) -> F::Output {
    RUNTIME.block_on(body)
}

/// Where the tests' requests come from: a trusted proxy on this machine.
pub const PEER: std::net::SocketAddr =
    std::net::SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 40000);

pub struct Harness {
    pub router: Router,
    pub pool: sqlx::AnyPool,
    pub state: AppState,
    /// The database's URL, for a second server on it.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    _schema: Option<Schema>,
}

/// A fresh database on the engine this run tests: `BEAT_TEST_ENGINE=postgres` (a schema of
/// its own on `BEAT_TEST_POSTGRES_URL`, dropped afterwards) or, by default, SQLite. `make
/// test` runs the suite once with each.
pub async fn harness() -> Harness {
    match std::env::var("BEAT_TEST_ENGINE").as_deref() {
        Err(_) | Ok("") | Ok("sqlite") => sqlite().await,
        Ok("postgres") => {
            let base = std::env::var("BEAT_TEST_POSTGRES_URL")
                .expect("BEAT_TEST_ENGINE=postgres needs BEAT_TEST_POSTGRES_URL (postgres://127.0.0.1:5432/test)");
            let (schema, url) = Schema::create(&base).await;
            let mut h = at(&url).await;
            h._schema = Some(schema);
            h
        }
        Ok(other) => panic!("BEAT_TEST_ENGINE is sqlite or postgres, not {other:?}"),
    }
}

/// Whether this run's harnesses are on PostgreSQL already.
pub fn on_postgres_run() -> bool {
    std::env::var("BEAT_TEST_ENGINE").as_deref() == Ok("postgres")
}

/// A PostgreSQL schema of a test's own, dropped when the test's harness goes.
pub struct Schema {
    base: String,
    name: String,
}

impl Schema {
    /// Creates it; returns it and a URL whose connections use it.
    pub async fn create(base: &str) -> (Schema, String) {
        sqlx::any::install_default_drivers();
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("beat_test_{}_{}_{n}", std::process::id(), chrono::Utc::now().timestamp_micros());
        let admin = sqlx::AnyPool::connect(base).await.expect("connect to PostgreSQL");
        sqlx::query(&format!("CREATE SCHEMA {name}")).execute(&admin).await.unwrap();
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{name}");
        (Schema { base: base.to_string(), name }, url)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let (base, name) = (self.base.clone(), self.name.clone());
        // Drop runs inside the tests' runtime: drop the schema from a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(admin) = sqlx::AnyPool::connect(&base).await {
                    let _ = sqlx::query(&format!("DROP SCHEMA {name} CASCADE")).execute(&admin).await;
                    admin.close().await;
                }
            })
        })
        .join();
    }
}

/// A fresh SQLite file in a temporary folder.
pub async fn sqlite() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("beat.db").display());
    let mut h = at(&url).await;
    h._dir = Some(dir);
    h
}

/// The shipped boundaries, read and checked once per test binary (10 MB of GeoJSON), and
/// their index: every harness stores the same areas, so they share one.
static SHIPPED: LazyLock<(CheckedHierarchy, Arc<AreaIndex>)> = LazyLock::new(|| {
    let checked = read_hierarchy(DEFAULT_HIERARCHY.as_ref()).expect("the shipped hierarchy reads");
    let index = Arc::new(index_of(&checked));
    (checked, index)
});

/// A database at `url`, set up with areas and demo data.
pub async fn at(url: &str) -> Harness {
    let pool = app::db::connect(url).await.unwrap();
    let (checked, index): (&'static CheckedHierarchy, Arc<AreaIndex>) = (&SHIPPED.0, SHIPPED.1.clone());
    // What `ensure_demo` would import from the files, stored from the copy read once.
    store_hierarchy(&pool, checked).await.unwrap();
    ensure_demo(&pool, DEFAULT_HIERARCHY.as_ref()).await.unwrap();
    let version = app::areas::store::boundaries_version(&pool).await.unwrap();
    let areas = SharedIndex::new(version, index);
    let options = LeptosOptions::builder().output_name("beat").site_root("target/site").build();
    let state = AppState {
        leptos_options: options,
        pool: pool.clone(),
        areas,
        secure_cookies: false,
        // The feed fixtures are loopback servers, allowed as an on-premises host would be.
        feed_limits: app::feeds::fetch::Limits { internal_hosts: vec!["127.0.0.1".into()], ..Default::default() },
        public_url: None,
        // The tests' push service is a loopback http server.
        push: app::push::sender::PushHub::new(app::push::sender::PushConfig {
            allow_http_endpoints: true,
            timeout: std::time::Duration::from_secs(5),
            ..app::push::sender::PushConfig::new(app::push::sealing::SealingKey::generate())
        }),
        // Not started: tests call `advance` themselves, so they know when it has run.
        live: app::live::hub::LiveHub::in_process(),
        // The tests' requests come from a proxy on this machine (see `PEER`), so they can say
        // what a load balancer would (`X-Forwarded-Proto: https`).
        trusted_proxies: Arc::new(app::client_address::TrustedProxies::parse("127.0.0.1").unwrap()),
    };
    state.live.catch_up(&pool).await.unwrap();
    Harness {
        router: server::router::router_with(state.clone(), ROUTES.clone(), server::router::PageStore::default())
            .layer(MockConnectInfo(PEER)),
        pool,
        state,
        url: url.to_string(),
        _dir: None,
        _schema: None,
    }
}

impl Harness {
    /// This server with public pages kept for `fresh_for` (zero: every request rendered).
    pub fn with_page_store(mut self, fresh_for: std::time::Duration) -> Harness {
        self.router =
            server::router::router_with(self.state.clone(), ROUTES.clone(), server::router::PageStore::new(fresh_for))
                .layer(MockConnectInfo(PEER));
        self
    }

    /// Another app server on the same database, with a live tail of its own.
    pub fn another_server(&self, live: Arc<app::live::hub::LiveHub>) -> Harness {
        self.with_state(AppState { live, ..self.state.clone() })
    }

    /// Another app server on the same database, set up as `state` says.
    pub fn with_state(&self, state: AppState) -> Harness {
        Harness {
            router: router_from(&state, PEER),
            pool: self.pool.clone(),
            state,
            url: self.url.clone(),
            _dir: None,
            _schema: None,
        }
    }
}

/// The app's router over `state`, as a request from `peer` reaches it.
pub fn router_from(state: &AppState, peer: std::net::SocketAddr) -> Router {
    server::router::router_with(state.clone(), ROUTES.clone(), server::router::PageStore::default())
        .layer(MockConnectInfo(peer))
}

/// Runs `body` against a PostgreSQL schema of its own (dropped afterwards) when
/// BEAT_TEST_POSTGRES_URL is set; says so and returns when it is not. On a run whose
/// harnesses are all on PostgreSQL ([`harness`]), the test's SQLite twin covers it.
pub async fn on_postgres<F, Fut>(body: F)
where
    F: FnOnce(Harness) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    if on_postgres_run() {
        eprintln!("this run is on PostgreSQL already: the SQLite twin of this test covers it");
        return;
    }
    let Ok(base) = std::env::var("BEAT_TEST_POSTGRES_URL") else {
        eprintln!("BEAT_TEST_POSTGRES_URL is not set: PostgreSQL test not run");
        return;
    };
    let (schema, url) = Schema::create(&base).await;
    let result = tokio::spawn(async move {
        let mut h = at(&url).await;
        h._schema = Some(schema);
        body(h).await
    })
    .await;
    if let Err(panic) = result {
        std::panic::resume_unwind(panic.into_panic());
    }
}

impl Harness {
    /// Calls a server function with form-encoded arguments, as a resident (no session).
    pub async fn call(&self, name: &str, args: &[(&str, &str)]) -> (StatusCode, serde_json::Value) {
        self.call_as(None, name, args).await
    }

    /// Calls a server function with the session cookie `session` (from [`Harness::sign_in`]).
    pub async fn call_as(
        &self,
        session: Option<&str>,
        name: &str,
        args: &[(&str, &str)],
    ) -> (StatusCode, serde_json::Value) {
        let (status, _, text) = self.post(session, name, args).await;
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, json)
    }

    /// Signs in with the demo password and returns the `Cookie` header value for the session.
    pub async fn sign_in(&self, username: &str) -> String {
        let (status, headers, body) =
            self.post(None, "sign_in", &[("username", username), ("password", server::setup::DEMO_PASSWORD)]).await;
        assert!(status.is_success() || status.is_redirection(), "sign in {username}: {status} {body}");
        let cookie = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("beat_session="))
            .unwrap_or_else(|| panic!("no session cookie for {username}: {headers:?}"));
        cookie.split(';').next().unwrap().to_string()
    }

    /// POSTs form arguments to a server function; returns status, headers and body text.
    pub async fn post(
        &self,
        session: Option<&str>,
        name: &str,
        args: &[(&str, &str)],
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let body = args.iter().map(|(k, v)| format!("{k}={}", urlencode(v))).collect::<Vec<_>>().join("&");
        let mut req = Request::post(format!("/api/{name}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .header("host", "beat.test");
        if let Some(cookie) = session {
            req = req.header("cookie", cookie);
        }
        let res = self.router.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// GETs a page with a session cookie.
    pub async fn get_as(&self, session: &str, path: &str) -> (StatusCode, String) {
        self.send(Request::get(path).header("cookie", session).body(Body::empty()).unwrap()).await
    }

    /// GETs a page and returns its status and HTML.
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Sends any request; returns the status, headers and body.
    pub async fn request(&self, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, headers, String::from_utf8_lossy(&bytes).into_owned())
    }

    async fn send(&self, req: Request<Body>) -> (StatusCode, String) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The demo reporter files a note (`client_key`, `title`, what they `saw`) on their first
/// ride-along and submits it; returns the moderator's session and the note's moderation card.
pub async fn submit_note(h: &Harness, client_key: &str, title: &str, saw: &str) -> (String, serde_json::Value) {
    let reporter = h.sign_in("reporter.sam").await;
    let moderator = h.sign_in("moderator.gmp").await;
    let (_, home) = h.call_as(Some(&reporter), "reporter_home", &[]).await;
    let ride = home["ride_alongs"][0]["id"].to_string();
    let note = [("ride", ride.as_str()), ("client_key", client_key), ("title", title), ("saw", saw), ("submit", "1")];
    let (status, saved) = h.call_as(Some(&reporter), "save_note", &note).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, queue) = h.call_as(Some(&moderator), "moderation_queue", &[]).await;
    let card = queue.as_array().unwrap().iter().find(|n| n["id"] == saved["id"]).unwrap().clone();
    (moderator, card)
}

/// A reporter files a note and a moderator approves it to go out `delay_minutes` from now;
/// returns the update's id.
pub async fn approve_delayed(h: &Harness, title: &str, delay_minutes: &str) -> i64 {
    let saw = "Officers were still at the scene of a crash on the ring road when we left.";
    let (moderator, card) = submit_note(h, "delayed-push-note", title, saw).await;
    let id = card["id"].to_string();
    let args = [
        ("id", id.as_str()),
        ("proposal", card["proposal"].as_str().unwrap()),
        ("title", title),
        ("body", card["proposed_body"].as_str().unwrap()),
        ("delay_minutes", delay_minutes),
    ];
    let (status, approved) = h.call_as(Some(&moderator), "approve_note", &args).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    approved["update_id"].as_i64().unwrap()
}
