//! Server functions for the feed. Public HTTP endpoints: every argument is checked here,
//! whatever the page already checked.

use super::feed::{FeedItem, FeedPage};
use crate::areas::area::AreaContext;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::feed::{to_item, FeedQuery},
    super::store,
    crate::areas::{area::AreaCode, store as areas},
    crate::error::with_status,
    crate::state::app_state,
};

/// The updates for an area and every area above it, newest first, a page at a time.
/// `kind` and `source` filter; `cursor` is the `next_cursor` of the page before;
/// `limit` is 1 to 50 (default 20).
#[server(endpoint = "feed")]
pub async fn get_feed(
    area: Option<String>,
    kind: Option<String>,
    source: Option<String>,
    cursor: Option<String>,
    limit: Option<String>,
) -> Result<FeedPage, AppError> {
    with_status(async move {
        let code = AreaCode::parse(area.as_deref().unwrap_or_default()).map_err(AppError::BadRequest)?;
        let query = FeedQuery::parse(kind.as_deref(), source.as_deref(), cursor.as_deref(), limit.as_deref())
            .map_err(AppError::BadRequest)?;
        let pool = app_state()?.pool;
        let context = areas::context(&pool, &code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no area with code {code}.")))?;
        let tz = zone(&context)?;
        let codes: Vec<&str> = context.chain().map(|a| a.code.as_str()).collect();
        let now_ms = chrono::Utc::now().timestamp_millis();
        // Read first: whatever becomes visible after it comes through the page's stream (a
        // card both on the page and streamed is shown once, by the page's script).
        let live_after = store::newest_event(&pool).await?;
        let (updates, has_more) = store::feed(&pool, &codes, &query, now_ms).await?;
        let next_cursor = updates
            .last()
            .filter(|_| has_more)
            .map(|u| super::feed::Cursor { published_at_ms: u.published_at_ms, id: u.id }.to_string());
        let sources = store::sources_for(&pool, &codes, now_ms).await?;
        let items = updates.into_iter().map(|u| to_item(u, &context, tz)).collect();
        let as_of_local = super::feed::local_label(now_ms, tz);
        Ok(FeedPage { context, items, next_cursor, sources, as_of_local, live_after })
    })
    .await
}

/// One update with the area it is shown for (its numbers and time zone).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateDetail {
    pub item: FeedItem,
    pub context: AreaContext,
    pub expired: bool,
}

/// One update. `area` (optional) is the viewer's area, used for local times and numbers;
/// without it, the first area the update was published to.
#[server(endpoint = "update")]
pub async fn get_update(id: Option<String>, area: Option<String>) -> Result<UpdateDetail, AppError> {
    with_status(async move {
        let id = crate::text::parse_id(id.as_deref(), "an update")?;
        let pool = app_state()?.pool;
        let not_found = || AppError::NotFound(format!("There is no update number {id}. It may have been withdrawn."));
        let now_ms = chrono::Utc::now().timestamp_millis();
        let update = store::get(&pool, id, now_ms).await?.ok_or_else(not_found)?;
        let area = match area.filter(|a| !a.trim().is_empty()) {
            Some(a) => AreaCode::parse(&a).map_err(AppError::BadRequest)?,
            None => AreaCode::parse(update.area_codes.first().ok_or_else(not_found)?)
                .map_err(|e| AppError::internal("stored area code", e))?,
        };
        let context = areas::context(&pool, &area)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no area with code {area}.")))?;
        let tz = zone(&context)?;
        let expired = update.expires_at_ms.is_some_and(|ms| ms <= now_ms);
        Ok(UpdateDetail { item: to_item(update, &context, tz), context, expired })
    })
    .await
}

#[cfg(feature = "ssr")]
fn zone(context: &AreaContext) -> Result<chrono_tz::Tz, AppError> {
    context.time_zone.parse().map_err(|_| AppError::internal("stored time zone", &context.time_zone))
}
