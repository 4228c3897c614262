//! Adding a feed, for the admin page and the command line alike.

use super::config::FeedConfig;
use super::store::{self, NewFeedSource};
use crate::areas::{area::AreaCode, store as areas};
use crate::audit::store::{append, Record};
use crate::error::AppError;
use sqlx::{AnyPool, Row};

/// Adds a checked feed for the organisation `source_slug`. Its default areas must exist and
/// lie within the organisation's own area. Audited; returns the feed's id.
pub async fn add_feed(
    pool: &AnyPool,
    actor_id: Option<i64>,
    source_slug: &str,
    config: &FeedConfig,
) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT id, name, area_code FROM sources WHERE slug = $1")
        .bind(source_slug.trim())
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| {
            AppError::invalid("source", format!("There is no team, council or force called '{}'.", source_slug.trim()))
        })?;
    let (source_id, source_name, source_area): (i64, String, String) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    for code in &config.area_codes {
        let code = AreaCode::parse(code).map_err(|e| AppError::invalid("areas", e))?;
        let context = areas::context(pool, &code)
            .await?
            .ok_or_else(|| AppError::invalid("areas", format!("There is no area with code {code}.")))?;
        if !context.chain().any(|a| a.code.as_str() == source_area) {
            return Err(AppError::invalid(
                "areas",
                format!("{} ({code}) is not in {source_name}'s area.", context.area.name),
            ));
        }
    }
    let now = chrono::Utc::now().timestamp_millis();
    let new = NewFeedSource {
        source_id,
        location: &config.location,
        format: config.format,
        default_kind: config.kind,
        poll_interval_s: config.poll_interval_s,
        area_codes: &config.area_codes,
        created_by: actor_id,
    };
    let mut tx = crate::db::begin_write(pool).await?;
    let id = store::add(&mut tx, &new, now).await?;
    let after = serde_json::json!({
        "location": config.location, "source": source_slug, "format": config.format.map(|f| f.as_str()),
        "kind": config.kind.as_str(), "areas": config.area_codes, "poll_interval_s": config.poll_interval_s,
    });
    let record = Record {
        actor_id,
        action: "feed_source.add",
        subject: "feed_source",
        subject_id: Some(id),
        before: None,
        after: Some(after),
        reason: None,
    };
    append(&mut tx, record, now).await?;
    tx.commit().await?;
    Ok(id)
}
