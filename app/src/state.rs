//! What every request can reach: the Leptos options, the one database pool and the
//! ward index. Given to server functions through context.

use crate::areas::index::SharedIndex;
use leptos::prelude::LeptosOptions;
use sqlx::AnyPool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: AnyPool,
    /// The ward index, replaced when new boundaries are imported (see `areas::store::reload`).
    pub areas: SharedIndex,
    /// Always mark the session cookie Secure (set when a proxy terminates https and does
    /// not send `X-Forwarded-Proto`).
    pub secure_cookies: bool,
    /// Timeout and size cap for polling agencies' feeds.
    pub feed_limits: crate::feeds::fetch::Limits,
    /// The address people reach Beat at (`https://beat.example`), for absolute links in
    /// published feeds; `None`: taken from each request's Host.
    pub public_url: Option<String>,
    /// Push alert settings, and the bell that wakes this server's sender after a publish.
    pub push: Arc<crate::push::sender::PushHub>,
    /// Open live pages: the tail of new updates and its fan-out.
    pub live: Arc<crate::live::hub::LiveHub>,
    /// Load balancers whose `X-Forwarded-*` headers are believed (`--trusted-proxies`).
    pub trusted_proxies: Arc<crate::client_address::TrustedProxies>,
}

impl AppState {
    /// Call after committing a transaction that published updates: wakes this server's
    /// push sender and the live tail, so alerts and open pages get them at once.
    pub fn after_publish(&self) {
        self.push.wake.notify_one();
        self.live.wake();
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, inside a server function or a page rendered on the server.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| crate::error::AppError::internal("no AppState in context", "missing"))
}
