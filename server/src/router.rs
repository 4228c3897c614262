//! `fn router(state) -> Router`, so tests can call it without a socket.

use app::app::{shell, App};
use app::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// Every route of the app: pages, server functions under `/api`, and static files.
pub fn router(state: AppState) -> Router {
    router_with(state, page_routes())
}

/// The page routes, found by running the app once. Do this before any page is rendered:
/// while it runs, Leptos suppresses resource loading process-wide, and a page whose
/// resource first polls in that window waits for ever (leptos-rs/leptos#4773).
pub fn page_routes() -> Vec<AxumRouteListing> {
    generate_route_list(App)
}

/// [`router`] with routes generated earlier (tests share one list across threads).
pub fn router_with(state: AppState, routes: Vec<AxumRouteListing>) -> Router {
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let options = state.leptos_options.clone();
    Router::new()
        .route("/api/{*name}", post(server_fn).get(server_fn))
        .merge(app::feeds::http::routes())
        .merge(app::pwa::http::routes())
        .merge(app::live::stream::routes())
        .leptos_routes_with_context(&state, routes, context, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        // Only the method and path are logged: query strings and bodies can carry a
        // location cell or search text, which the server must not keep.
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request<Body>| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
        ))
        .with_state(state)
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), req).await
}
