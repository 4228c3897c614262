//! The demo data `serve --demo` and `load-demo` put in the database, in one place: the
//! sources, updates and accounts ([`data`]), the Q&A sessions ([`qa`]). It lives in the
//! server, not in the app crate the browser bundle is built from.
//!
//! Every demo source and update is flagged `is_demo`, and the app shows a "Demo" mark on
//! them. Loading is idempotent: if demo data is present it is replaced, never doubled.

pub mod data;
pub mod qa;

pub use qa::ensure_demo_qa;

use app::updates::kind::UpdateKind;
use app::updates::store::{insert, NewUpdate};
use data::{EVENT_TIMES, SOURCES, UPDATES};
use sqlx::{AnyPool, Row};

/// What was loaded.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoReport {
    pub sources: usize,
    pub updates: usize,
}

/// Replaces any demo data with a fresh copy whose times are relative to `now_ms`.
/// Needs the areas to be imported first; fails (changing nothing) if one is missing.
pub async fn load_demo(pool: &AnyPool, now_ms: i64) -> Result<DemoReport, String> {
    let db = |e: sqlx::Error| format!("database error: {e}");
    let mut tx = app::db::begin_write(pool).await.map_err(db)?;
    app::updates::store::delete_demo(&mut tx, None).await.map_err(db)?;
    sqlx::query("DELETE FROM accounts WHERE source_id IN (SELECT id FROM sources WHERE is_demo = 1)")
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    let mut ids = std::collections::HashMap::new();
    for source in SOURCES {
        let exists = sqlx::query("SELECT 1 FROM areas WHERE code = $1")
            .bind(source.area)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if exists.is_none() {
            return Err(format!(
                "area {} of demo source {} is not imported; run import-hierarchy first",
                source.area, source.slug
            ));
        }
        // Kept by slug rather than deleted, so accounts and ride-alongs that act for a
        // demo source survive a reload.
        let id: i64 = sqlx::query(
            "INSERT INTO sources (slug, name, kind, area_code, is_demo) VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, kind = excluded.kind, area_code = excluded.area_code
             RETURNING id",
        )
        .bind(source.slug)
        .bind(source.name)
        .bind(source.kind.as_str())
        .bind(source.area)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(db)?;
        let account: i64 =
            sqlx::query("INSERT INTO accounts (source_id, handle, display_name) VALUES ($1, $2, $3) RETURNING id")
                .bind(id)
                .bind(format!("demo-{}", source.slug))
                .bind(source.name)
                .fetch_one(&mut *tx)
                .await
                .and_then(|r| r.try_get(0))
                .map_err(db)?;
        ids.insert(source.slug, (id, account));
    }
    // Whole minutes, so two loads in the same minute give identical rows.
    let now_ms = now_ms - now_ms.rem_euclid(60_000);
    for update in UPDATES {
        let (source_id, account_id) =
            *ids.get(update.source).ok_or_else(|| format!("unknown demo source {}", update.source))?;
        let published_at_ms = now_ms - update.age_minutes * 60_000;
        let event = match update.kind {
            UpdateKind::Event => Some(event_time(update.title, now_ms)?),
            _ => None,
        };
        insert(
            &mut tx,
            &NewUpdate {
                kind: update.kind,
                severity: update.severity,
                title: update.title,
                body: update.body,
                source_id,
                account_id: Some(account_id),
                published_at_ms,
                // An event leaves the feeds when it is over, as a published one does.
                expires_at_ms: event
                    .map(|(_, end)| end)
                    .or(update.expires_after_hours.map(|h| published_at_ms + h * 3_600_000)),
                author_id: None,
                byline: None,
                starts_at_ms: event.map(|(start, _)| start),
                ends_at_ms: event.map(|(_, end)| end),
                client_key: None,
                is_demo: true,
                area_codes: update.areas,
            },
            now_ms,
        )
        .await
        .map_err(|e| format!("demo update '{}': {e}", update.title))?;
    }
    tx.commit().await.map_err(db)?;
    Ok(DemoReport { sources: SOURCES.len(), updates: UPDATES.len() })
}

/// A demo event's start and end: its day after `now_ms` at its local hour (UK time: every
/// demo event is in Greater Manchester or Cardiff).
fn event_time(title: &str, now_ms: i64) -> Result<(i64, i64), String> {
    use chrono::TimeZone;
    let (_, days, hour, minutes) = EVENT_TIMES
        .iter()
        .find(|(t, ..)| *t == title)
        .ok_or_else(|| format!("demo event '{title}' has no time in EVENT_TIMES"))?;
    let tz = chrono_tz::Europe::London;
    let day = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default().with_timezone(&tz).date_naive()
        + chrono::Days::new(*days as u64);
    let start = day
        .and_hms_opt(*hour, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .ok_or_else(|| format!("demo event '{title}' falls in a clock change"))?;
    let start_ms = start.timestamp_millis();
    Ok((start_ms, start_ms + minutes * 60_000))
}

/// Whether demo data is loaded.
pub async fn is_loaded(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM sources WHERE is_demo = 1 LIMIT 1").fetch_optional(pool).await?.is_some())
}
