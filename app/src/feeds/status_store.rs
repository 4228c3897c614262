//! Reading feed sources for the status pages.

use super::format::FeedFormat;
use super::status::{every, FeedSourceStatus, When};
use crate::error::AppError;
use crate::updates::feed::local_label;
use sqlx::{AnyPool, Row};

/// Every feed source (or one, by id), by organisation name.
pub async fn statuses(pool: &AnyPool, only: Option<i64>) -> Result<Vec<FeedSourceStatus>, AppError> {
    let filter = if only.is_some() { "WHERE f.id = $1" } else { "" };
    let sql = format!(
        "SELECT f.id, f.location, f.format, f.detected_format, f.default_kind, f.poll_interval_s, f.enabled, f.failures,
                f.last_polled_at_ms, f.last_success_at_ms, f.last_outcome, f.last_error, f.last_error_at_ms,
                f.next_poll_at_ms, f.items_stored, f.last_new, f.last_changed, f.last_skipped, f.last_redacted,
                s.name AS source_name, s.slug AS source_slug
         FROM feed_sources f JOIN sources s ON s.id = f.source_id {filter} ORDER BY s.name, f.id"
    );
    let mut q = sqlx::query(&sql);
    if let Some(id) = only {
        q = q.bind(id);
    }
    let rows = q.fetch_all(pool).await?;
    let mut list = rows.iter().map(status).collect::<Result<Vec<_>, AppError>>()?;
    let names = sqlx::query(
        "SELECT fa.feed_source_id, a.name FROM feed_source_areas fa JOIN areas a ON a.code = fa.area_code ORDER BY a.name",
    )
    .fetch_all(pool)
    .await?;
    for row in names {
        let id: i64 = row.try_get(0)?;
        if let Some(s) = list.iter_mut().find(|s| s.id == id) {
            s.area_names.push(row.try_get(1)?);
        }
    }
    Ok(list)
}

fn status(row: &sqlx::any::AnyRow) -> Result<FeedSourceStatus, AppError> {
    let when = |col: &str| -> Result<Option<When>, AppError> {
        let ms: Option<i64> = row.try_get(col)?;
        Ok(ms.map(|ms| When {
            utc: chrono::DateTime::from_timestamp_millis(ms)
                .unwrap_or_default()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            label: local_label(ms, chrono_tz::UTC),
        }))
    };
    let format_label = |v: Option<String>| v.and_then(|f| FeedFormat::parse(&f)).map(|f| f.label().to_string());
    let kind: String = row.try_get("default_kind")?;
    let enabled = row.try_get::<i64, _>("enabled")? != 0;
    Ok(FeedSourceStatus {
        id: row.try_get("id")?,
        location: row.try_get("location")?,
        source_name: row.try_get("source_name")?,
        source_slug: row.try_get("source_slug")?,
        format: format_label(row.try_get("format")?).unwrap_or_else(|| "Detect".into()),
        detected_format: format_label(row.try_get("detected_format")?),
        default_kind: crate::updates::kind::UpdateKind::parse(&kind).map(|k| k.label().to_string()).unwrap_or(kind),
        area_names: Vec::new(),
        poll_every: every(row.try_get("poll_interval_s")?),
        enabled,
        failures: row.try_get("failures")?,
        last_polled: when("last_polled_at_ms")?,
        last_success: when("last_success_at_ms")?,
        last_outcome: row.try_get("last_outcome")?,
        last_error: row.try_get("last_error")?,
        last_error_at: when("last_error_at_ms")?,
        next_poll: if enabled { when("next_poll_at_ms")? } else { None },
        items_stored: row.try_get("items_stored")?,
        last_new: row.try_get("last_new")?,
        last_changed: row.try_get("last_changed")?,
        last_skipped: row.try_get("last_skipped")?,
        last_redacted: row.try_get("last_redacted")?,
    })
}
