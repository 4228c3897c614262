//! Server functions for the feed sources pages (admins only).

use super::status::FeedSourceStatus;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::{
        admin::add_feed,
        config::FeedConfig,
        poller::{Outcome, Poller},
        status_store::statuses,
        store,
    },
    crate::accounts::session::require_admin,
    crate::error::with_status,
    crate::state::app_state,
    crate::text::parse_id,
};

/// The sources page: every feed, and the choices for adding one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedSourcesOverview {
    pub feeds: Vec<FeedSourceStatus>,
    /// Organisations (slug, name) a feed can publish as.
    pub organisations: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
const FEED_SOURCES: &str = "manage feed sources";

#[server(endpoint = "feed_sources")]
pub async fn get_feed_sources() -> Result<FeedSourcesOverview, AppError> {
    with_status(async move {
        require_admin(FEED_SOURCES).await?;
        let pool = app_state()?.pool;
        let feeds = statuses(&pool, None).await?;
        let organisations =
            crate::accounts::store::sources(&pool).await?.into_iter().map(|s| (s.slug, s.name)).collect();
        Ok(FeedSourcesOverview { feeds, organisations })
    })
    .await
}

/// One feed's status.
#[server(endpoint = "feed_source")]
pub async fn get_feed_source(id: Option<String>) -> Result<FeedSourceStatus, AppError> {
    with_status(async move {
        require_admin(FEED_SOURCES).await?;
        let id = parse_id(id.as_deref(), "a feed")?;
        statuses(&app_state()?.pool, Some(id))
            .await?
            .pop()
            .ok_or_else(|| AppError::NotFound(format!("There is no feed number {id}.")))
    })
    .await
}

/// Adds a feed (http or https only from the web). Returns its id; it is polled at once.
#[server(endpoint = "add_feed_source")]
pub async fn add_feed_source(
    location: Option<String>,
    format: Option<String>,
    source: Option<String>,
    kind: Option<String>,
    areas: Option<String>,
    every_minutes: Option<String>,
) -> Result<i64, AppError> {
    with_status(async move {
        let admin = require_admin(FEED_SOURCES).await?;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let config = FeedConfig::check(
            &text(&location),
            &text(&format),
            &text(&kind),
            &text(&areas),
            &text(&every_minutes),
            false,
        )?;
        let state = app_state()?;
        let id = add_feed(&state.pool, Some(admin.id), &text(&source), &config).await?;
        Ok(id)
    })
    .await
}

/// Polls a feed now and says how it went.
#[server(endpoint = "poll_feed_source")]
pub async fn poll_feed_source(id: Option<String>) -> Result<String, AppError> {
    with_status(async move {
        require_admin(FEED_SOURCES).await?;
        let id = parse_id(id.as_deref(), "a feed")?;
        let state = app_state()?;
        if store::get(&state.pool, id).await?.is_none() {
            return Err(AppError::NotFound(format!("There is no feed number {id}.")));
        }
        let poller = Poller::new(state.pool.clone(), state.areas.clone(), state.feed_limits.clone());
        Ok(match poller.poll_now(id).await? {
            None => "A poll of this feed is already running.".into(),
            Some(Outcome::NotModified) => "Not modified since the last poll.".into(),
            Some(Outcome::Stored(r)) => {
                format!("Polled: {} new, {} changed, {} unchanged.", r.new, r.changed, r.unchanged)
            }
            Some(Outcome::Failed(message)) => format!("The poll failed. {message}"),
        })
    })
    .await
}

/// Pauses (`enabled` "false") or resumes a feed.
#[server(endpoint = "set_feed_source_enabled")]
pub async fn set_feed_source_enabled(id: Option<String>, enabled: Option<String>) -> Result<(), AppError> {
    with_status(async move {
        require_admin(FEED_SOURCES).await?;
        let id = parse_id(id.as_deref(), "a feed")?;
        let enabled = match enabled.as_deref() {
            Some("true") => true,
            Some("false") => false,
            _ => return Err(AppError::BadRequest("enabled must be true or false.".into())),
        };
        let now = chrono::Utc::now().timestamp_millis();
        if !store::set_enabled(&app_state()?.pool, id, enabled, now).await? {
            return Err(AppError::NotFound(format!("There is no feed number {id}.")));
        }
        Ok(())
    })
    .await
}
