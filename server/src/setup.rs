//! Admin tasks shared by the CLI and `serve --demo`.

use app::areas::hierarchy::{import_hierarchy, ImportReport};
use app::updates::demo::{is_loaded, load_demo, DemoReport};
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
    Ok((areas, demo))
}
