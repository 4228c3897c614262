//! Admin tasks shared by the CLI and `serve --demo`.

use crate::demo::{ensure_demo_qa, is_loaded, load_demo, DemoReport};
use app::areas::hierarchy::{import_hierarchy, ImportReport};
use sqlx::AnyPool;
use std::path::Path;

/// The hierarchy shipped with Beat (GB forces and councils with their wards, and the
/// other countries of the brief).
pub const DEFAULT_HIERARCHY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/areas.json");

/// Imports the areas if there are none yet, then loads the demo data if it is not loaded.
/// Returns what was done, for the log.
pub async fn ensure_demo(
    pool: &AnyPool,
    hierarchy: &Path,
) -> Result<(Option<ImportReport>, Option<DemoReport>), String> {
    let has_areas =
        sqlx::query("SELECT 1 FROM areas LIMIT 1").fetch_optional(pool).await.map_err(|e| e.to_string())?.is_some();
    let areas = if has_areas { None } else { Some(import_hierarchy(pool, hierarchy).await?) };
    let demo = if is_loaded(pool).await.map_err(|e| e.to_string())? {
        None
    } else {
        Some(load_demo(pool, chrono::Utc::now().timestamp_millis()).await?)
    };
    ensure_demo_accounts(pool).await?;
    app::live::store::ensure_demo_campaign(pool, chrono::Utc::now().timestamp_millis())
        .await
        .map_err(|e| format!("demo live day: {e}"))?;
    ensure_demo_qa(pool, chrono::Utc::now().timestamp_millis()).await?;
    Ok((areas, demo))
}

/// A fictional RSS file that `serve --demo` polls as a demo feed source.
pub const DEMO_FEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/demo-feeds/gmp-city-centre.rss");

/// Adds the demo feed source (a local file, published as the City Centre team) if there are
/// no feed sources yet; the scheduler polls it at once.
pub async fn ensure_demo_feed(pool: &AnyPool) -> Result<Option<i64>, String> {
    use app::feeds::{admin::add_feed, config::FeedConfig};
    let any =
        sqlx::query("SELECT 1 FROM feed_sources LIMIT 1").fetch_optional(pool).await.map_err(|e| e.to_string())?;
    if any.is_some() {
        return Ok(None);
    }
    let config =
        FeedConfig::check(DEMO_FEED, "rss", "neighbourhood", "E05011376", "60", true).map_err(|e| e.to_string())?;
    add_feed(pool, None, "gmp-city-centre", &config).await.map(Some).map_err(|e| e.to_string())
}

/// The password of every demo account. Demo accounts exist only when `--demo` is given;
/// never run a public server with them.
pub const DEMO_PASSWORD: &str = "beat demo passphrase";

/// Demo accounts: (username, display name, role, source slug).
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, &str)] = &[
    ("admin", "Beat admin", "admin", ""),
    ("moderator.gmp", "GMP moderator", "moderator", "gmp"),
    ("officer.gmp", "PC Demo (GMP, force-wide)", "officer", "gmp"),
    ("officer.citycentre", "PC Demo (City Centre)", "officer", "gmp-city-centre"),
    ("officer.cathays", "PC Demo (Cathays)", "officer", "swp-cathays-gabalfa"),
    ("staff.manchester", "Manchester council staff", "council_staff", "manchester-city-council"),
    ("reporter.sam", "Sam R", "reporter", ""),
];

/// Creates the demo accounts (if none exist) and a ride-along for the demo reporter with
/// the City Centre team that started an hour ago. Returns how many accounts were created.
pub async fn ensure_demo_accounts(pool: &AnyPool) -> Result<usize, String> {
    use app::accounts::admin::{create_with_password, AccountForm};
    let has = sqlx::query("SELECT 1 FROM users WHERE is_demo = 1 LIMIT 1")
        .fetch_optional(pool)
        .await
        .map_err(|e| e.to_string())?;
    if has.is_some() {
        return Ok(0);
    }
    let mut ids = std::collections::HashMap::new();
    for (username, display_name, role, source) in DEMO_ACCOUNTS {
        let form = AccountForm { username, display_name, role, source };
        let id =
            create_with_password(pool, &form, DEMO_PASSWORD, true).await.map_err(|e| format!("{username}: {e}"))?;
        ids.insert(*username, id);
    }
    let now = chrono::Utc::now().timestamp_millis();
    let team: i64 = sqlx::query("SELECT id FROM sources WHERE slug = 'gmp-city-centre'")
        .fetch_one(pool)
        .await
        .and_then(|r| sqlx::Row::try_get(&r, 0))
        .map_err(|e| e.to_string())?;
    let ride = app::reports::store::NewRideAlong {
        reporter_id: ids["reporter.sam"],
        source_id: team,
        area_code: "E05011376",
        force_code: "E23000005",
        starts_at_ms: now - 3_600_000,
        ends_at_ms: now + 4 * 3_600_000,
        created_by: ids["admin"],
    };
    let mut tx = app::db::begin_write(pool).await.map_err(|e| e.to_string())?;
    app::reports::store::create_ride_along(&mut tx, &ride, now).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(DEMO_ACCOUNTS.len())
}
