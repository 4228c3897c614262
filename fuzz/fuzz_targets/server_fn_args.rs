//! Any request to any server function, as a stranger could send it: the router never answers
//! 5xx (but 503, busy) to a malformed request. The endpoint, method and Content-Type are
//! chosen by the input's first bytes; the rest is the body (or the query of a GET).
//!
//! One router over a fresh SQLite file with the demo data serves every input, as in
//! production. Signed out: argument decoding runs before any sign-in check.
#![no_main]
use app::state::AppState;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};
use tower::ServiceExt;

struct World {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    endpoints: Vec<(&'static str, Method)>,
    _dir: tempfile::TempDir,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("beat.db").display());
    let routes = server::router::page_routes();
    let router = runtime.block_on(async {
        let pool = app::db::connect(&url).await.unwrap();
        server::setup::ensure_demo(&pool, server::setup::DEFAULT_HIERARCHY.as_ref()).await.unwrap();
        let areas = app::areas::store::load_index(&pool).await.unwrap();
        let state = AppState {
            leptos_options: leptos::prelude::LeptosOptions::builder().output_name("beat").site_root("target/site").build(),
            pool,
            areas: Arc::new(areas),
            secure_cookies: false,
            feed_limits: Default::default(),
            public_url: None,
            push: app::push::sender::PushHub::new(app::push::sender::PushConfig::new(
                app::push::sealing::SealingKey::generate(),
            )),
            live: app::live::hub::LiveHub::in_process(),
            trusted_proxies: Arc::new(app::client_address::TrustedProxies::parse("127.0.0.1").unwrap()),
        };
        server::router::router_with(state, routes, server::router::PageStore::default())
            .layer(MockConnectInfo(std::net::SocketAddr::from(([192, 0, 2, 7], 40000))))
    });
    let mut endpoints: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    endpoints.sort_by_key(|(path, _)| *path);
    World { runtime, router, endpoints, _dir: dir }
});

const TYPES: [&str; 5] =
    ["application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=x", "text/plain", ""];

fuzz_target!(|data: &[u8]| {
    let world = &*WORLD;
    let [which, kind, rest @ ..] = data else { return };
    let (path, method) = &world.endpoints[*which as usize % world.endpoints.len()];
    let content_type = TYPES[*kind as usize % TYPES.len()];
    let request = if *method == Method::GET {
        let query: String = String::from_utf8_lossy(rest).chars().filter(|c| !c.is_control() && *c != '#').collect();
        let Ok(request) = Request::get(format!("{path}?{}", query.replace(' ', "+"))).body(Body::empty()) else { return };
        request
    } else {
        let mut builder = Request::post(*path).header("accept", "application/json");
        if !content_type.is_empty() {
            builder = builder.header("content-type", content_type);
        }
        builder.body(Body::from(rest.to_vec())).unwrap()
    };
    let response = world.runtime.block_on(world.router.clone().oneshot(request)).unwrap();
    let status = response.status();
    assert!(
        !status.is_server_error() || status.as_u16() == 503,
        "{method} {path} ({content_type}) answered {status} to {:?}",
        String::from_utf8_lossy(rest)
    );
});
