//! `GET /sw.js`: the service worker for the running build.

use super::build::BuildInfo;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::LeptosOptions;
use std::sync::OnceLock;

pub fn routes() -> Router<AppState> {
    Router::new().route("/sw.js", get(service_worker))
}

/// The running build, read once: `hash.txt` beside the binary when file hashing is on
/// (where Leptos itself reads it), else the plain file names; plus `BEAT_RELEASE`.
pub fn current_build(options: &LeptosOptions) -> &'static BuildInfo {
    static BUILD: OnceLock<BuildInfo> = OnceLock::new();
    BUILD.get_or_init(|| {
        let (name, pkg) = (options.output_name.as_ref(), options.site_pkg_dir.as_ref());
        let hashed = options.hash_files.then(|| {
            let text = std::fs::read_to_string(beside_binary(&options.hash_file)?).ok()?;
            BuildInfo::parse(&text, name, pkg)
        });
        let build = match hashed.flatten() {
            Some(build) => build,
            None => {
                if options.hash_files {
                    tracing::warn!(
                        "file hashing is on but hash.txt is missing or unreadable; offline caching uses plain names"
                    );
                }
                BuildInfo::unhashed(name, pkg)
            }
        };
        build.with_release(std::env::var("BEAT_RELEASE").ok().as_deref())
    })
}

/// `file` in the server binary's folder, where cargo-leptos writes `hash.txt` and Leptos
/// reads it.
pub fn beside_binary(file: &str) -> Option<std::path::PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join(file))
}

async fn service_worker(State(state): State<AppState>) -> impl IntoResponse {
    let build = current_build(&state.leptos_options);
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // Browsers check for a new worker on every visit; never let a cache answer.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        build.service_worker(),
    )
}
