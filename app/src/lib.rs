//! Beat: police and council updates for your area.
//!
//! Map of the crate:
//! - pure core, no browser or database: [`areas::cell`], [`areas::locate`], [`areas::area`],
//!   [`updates::kind`], [`updates::feed`], [`privacy`] (redaction), [`text`] (input limits),
//!   [`accounts::user`] (who may do what), [`reports::note`], [`reports::ride_along`],
//!   [`push::policy`] (who is alerted, and when), [`pwa::build`] (the service worker's files);
//! - edges: `*/store.rs` (SQL, `ssr` only), `*/api.rs` (server functions), [`browser`] (hooks
//!   over browser APIs, inert on the server), `push::sender` (the one push worker);
//! - pages and components, one per file, named after what they hold.
#![recursion_limit = "256"]

pub mod accounts;
pub mod app;
pub mod areas;
pub mod audit;
pub mod browser;
pub mod client_address;
pub mod content_policy;
pub mod error;
pub mod feeds;
pub mod live;
pub mod privacy;
pub mod publishing;
pub mod push;
pub mod pwa;
pub mod qa;
pub mod redirect;
pub mod reports;
pub mod shell;
pub mod slug;
#[cfg(test)]
mod source_rules;
pub mod sources;
pub mod text;
pub mod updates;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod http_cache;
#[cfg(feature = "ssr")]
pub mod state;

/// Entry point of the WASM bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
