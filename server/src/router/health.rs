//! What a load balancer asks: `/healthz` (the process answers) and `/readyz` (it can serve:
//! the database answers within two seconds and its schema is this build's). Neither is ever
//! cached, and neither says more than a reason a person running the servers can act on.

use app::state::AppState;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::time::Duration;

/// How long `/readyz` waits for the database.
const READY_WITHIN: Duration = Duration::from_secs(2);

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> Response {
    answer(StatusCode::OK, "alive\n".into())
}

async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(READY_WITHIN, app::db::ready(&state.pool)).await {
        Ok(Ok(())) => answer(StatusCode::OK, "ready\n".into()),
        Ok(Err(reason)) => answer(StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {reason}\n")),
        Err(_) => answer(StatusCode::SERVICE_UNAVAILABLE, "not ready: the database did not answer within 2 s\n".into()),
    }
}

fn answer(status: StatusCode, text: String) -> Response {
    (status, [(CONTENT_TYPE, "text/plain; charset=utf-8"), (CACHE_CONTROL, "no-store")], text).into_response()
}
