//! `fn router(state) -> Router`, so tests can call it without a socket.

use app::app::{shell, App};
use app::client_address::Client;
use app::content_policy::PageNonce;
use app::error::AppError;
use app::state::AppState;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::ConnectInfo;
use axum::extract::{MatchedPath, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, SET_COOKIE,
    STRICT_TRANSPORT_SECURITY, VARY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::http::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use leptos::prelude::{provide_context, use_context};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes};
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

mod cache;
mod health;
mod page_nonce;

pub use cache::PageStore;

/// Every route of the app: pages, server functions under `/api`, and static files; public
/// pages kept in `pages` between renders.
pub fn router(state: AppState, pages: PageStore) -> Router {
    router_with(state, page_routes(), pages)
}

/// The page routes, found by running the app once. Do this before any page is rendered:
/// while it runs, Leptos suppresses resource loading process-wide, and a page whose
/// resource first polls in that window waits for ever (leptos-rs/leptos#4773).
pub fn page_routes() -> Vec<AxumRouteListing> {
    generate_route_list(App)
}

/// [`router`] with routes generated earlier (tests share one list across threads).
pub fn router_with(state: AppState, routes: Vec<AxumRouteListing>, pages: PageStore) -> Router {
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The page's scripts carry the nonce `security_headers` made for this request (it
            // replaces the one Leptos made, which no header would name).
            let nonce = use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
            if let Some(PageNonce(nonce)) = nonce {
                provide_context(leptos::nonce::Nonce::from_value(nonce));
            }
        }
    };
    let options = state.leptos_options.clone();
    Router::new()
        .route("/api/{*name}", post(server_fn).get(server_fn))
        .merge(app::feeds::http::routes())
        .merge(app::pwa::http::routes())
        .merge(app::live::stream::routes())
        .merge(health::routes())
        .merge(bundles(&state.leptos_options))
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(middleware::from_fn(api_guard))
        .layer(middleware::from_fn_with_state(
            cache::Pages { store: pages, live: state.live.clone() },
            cache::page_cache,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), identify_client))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request<Body>| tracing::info_span!("request", method = %req.method(), route = %logged_route(req)),
        ))
        .with_state(state)
}

/// What a request's log lines say it asked for: the route's template (`/invite/{token}`),
/// never the raw path, which can carry a secret (an invitation's token) or a place (an area
/// page). Query strings and bodies, which can carry a location cell or search text, are never
/// logged. Server functions are named by their fixed endpoint.
fn logged_route(req: &Request<Body>) -> String {
    match req.extensions().get::<MatchedPath>().map(MatchedPath::as_str) {
        Some("/api/{*name}") => {
            let name = req.uri().path().trim_start_matches("/api/");
            if name.len() <= 40 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                format!("/api/{name}")
            } else {
                "/api/{*name}".to_string()
            }
        }
        Some(template) => template.to_string(),
        // The app's own files are named; any other path (a guess, a typo) is not kept.
        None => match req.uri().path() {
            path if path.starts_with("/pkg/") && path.len() <= 80 && !path.contains("..") => path.to_string(),
            _ => "(no route)".to_string(),
        },
    }
}

/// The app's bundles (`/pkg`): the brotli or gzip file made at build time (`cargo leptos build
/// --precompress`) when the browser takes it, so nothing is compressed per request (without
/// one, the compression layer still compresses). Named after their content in a release build,
/// they are kept for a year; otherwise asked for again each time.
fn bundles(options: &leptos::config::LeptosOptions) -> Router<AppState> {
    let dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let keep = if options.hash_files { app::http_cache::IMMUTABLE } else { "no-cache" };
    let files = tower_http::services::ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new().nest_service("/pkg", files).layer(middleware::map_response(move |mut res: Response| async move {
        if res.status() == StatusCode::OK || res.status() == StatusCode::NOT_MODIFIED {
            res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(keep));
            // ServeDir picks the encoding but does not say so: without this a shared cache
            // keeps the first encoding it saw and hands brotli to a browser that asked for gzip.
            res.headers_mut().insert(VARY, HeaderValue::from_static("accept-encoding"));
        }
        res
    }))
}

/// Works out who sent the request (its address, https, host) once, believing forwarding
/// headers only from trusted proxies, and keeps it in the request for everything after.
async fn identify_client(State(state): State<AppState>, mut req: Request<Body>, next: Next) -> Response {
    // As axum's ConnectInfo extractor finds it: the socket's, or the one a test gives.
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())
        .or_else(|| req.extensions().get::<MockConnectInfo<SocketAddr>>().map(|MockConnectInfo(a)| a.ip()));
    let client = Client::of_request(peer, req.uri(), req.headers(), &state.trusted_proxies);
    req.extensions_mut().insert(client);
    next.run(req).await
}

/// Headers every answer carries: no sniffing, no framing, referrers kept to this site,
/// location only for this site's own pages, HSTS over https. Anything answered to a signed-in
/// browser (or one whose cookie names who was), every server function's answer and anything
/// that sets a cookie is `private, no-store`: a shared cache never keeps what belongs to one
/// person.
async fn security_headers(State(state): State<AppState>, mut req: Request<Body>, next: Next) -> Response {
    // The bundles are the same for everyone, signed in or not.
    let path = req.uri().path();
    let personal =
        path.starts_with("/api/") || (app::accounts::session::is_personal(req.headers()) && !path.starts_with("/pkg/"));
    let https = state.secure_cookies || req.extensions().get::<Client>().is_some_and(|c| c.https);
    // Made here, so the policy this answer carries and the page's scripts always agree.
    let nonce = leptos::nonce::Nonce::new().to_string();
    req.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(req).await;
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(self), camera=(), microphone=(), payment=()"),
    );
    // A page's policy names its nonce; every other answer allows no inline script or style.
    // A 304 carries none: the kept page's policy, naming the kept page's nonce, stays.
    let page = h.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if !not_modified {
        let policy = app::content_policy::policy(page.then_some(nonce.as_str()));
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_str(&policy).expect("the policy is ASCII"));
    }
    if https {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if personal || h.contains_key(SET_COOKIE) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    if page {
        response.map(|body| page_nonce::hidden(body, &nonce))
    } else {
        response
    }
}

/// The largest server-function body that can be right: a 6,000-character update or a
/// three-part note, form-encoded at worst (12 bytes a character), with room to spare.
const API_BODY_LIMIT: usize = 128 * 1024;
/// However it is trickled, a body arrives within this long or the request ends.
const API_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Every server function (leptos registers each at its own `/api/NAME` route; the catch-all
/// route answers unknown names): the body is read here first, within [`API_BODY_LIMIT`]
/// (413) and [`API_READ_TIMEOUT`] (408); then every error answer gets the status of the error
/// it carries (server_fn sends them all as 500), so a request whose arguments cannot be
/// decoded is a 400 that says why, not our fault logged as one.
async fn api_guard(req: Request<Body>, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let declared = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > API_BODY_LIMIT as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let bytes = match tokio::time::timeout(API_READ_TIMEOUT, Limited::new(body, API_BODY_LIMIT).collect()).await {
        Err(_) => return refuse(StatusCode::REQUEST_TIMEOUT),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return refuse(StatusCode::PAYLOAD_TOO_LARGE),
        Ok(Err(_)) => return refuse(StatusCode::BAD_REQUEST),
        Ok(Ok(body)) => body.to_bytes(),
    };
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(status) =
        serde_json::from_slice::<AppError>(&body).ok().and_then(|e| StatusCode::from_u16(e.status()).ok())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(body))
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}

/// A request refused before any server function saw it, in the error encoding the app reads.
fn refuse(status: StatusCode) -> Response {
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "The request is too large.",
        StatusCode::REQUEST_TIMEOUT => "The request took too long to arrive. Check your connection and try again.",
        _ => "The request could not be read.",
    };
    let body = serde_json::to_string(&AppError::BadRequest(message.into())).unwrap_or_default();
    (status, [(CONTENT_TYPE, "application/json")], body).into_response()
}
