//! Area queries. Small functions that take the pool and return domain types.

use super::area::{AreaCode, AreaContext, AreaLevel, AreaSummary, BoundarySource, EmergencyNumbers, Redrawn};
use super::import::ImportedArea;
use super::index::{AreaIndex, IndexedArea, SharedIndex};
use super::name_search::{NameDirectory, NamedArea};
use crate::error::AppError;
use sqlx::{AnyPool, Row};

/// A row of `areas` as written by the importers.
#[derive(Clone, Debug)]
pub struct NewArea {
    pub code: AreaCode,
    pub name: String,
    pub name_alt: Option<String>,
    pub level: AreaLevel,
    pub parent: Option<AreaCode>,
    pub time_zone: String,
    pub emergency_number: String,
    pub non_emergency_number: Option<String>,
    pub shape_geojson: Option<String>,
    /// A council's: where its wards' boundaries come from.
    pub boundaries: Option<CouncilBoundaries>,
}

/// Where a council's ward boundaries come from, as the hierarchy file gives it and as it is
/// stored (on the council's row).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilBoundaries {
    /// When the wards were drawn, e.g. "May 2024".
    pub drawn: String,
    /// How far the shapes were simplified, in metres.
    pub resolution_m: u32,
    /// How many of the council's wards have been redrawn since, and when.
    pub redrawn_wards: Option<u32>,
    pub redrawn_in: Option<String>,
}

/// Why an import was refused by the database side (the file itself was fine).
#[derive(Debug, thiserror::Error)]
pub enum StoreImportError {
    #[error("parent area {0} does not exist; import the hierarchy first")]
    NoParent(String),
    #[error("code {code} is already a {level} under {parent}; codes must be unique across all areas")]
    CodeTaken { code: String, level: String, parent: String },
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// Checks `areas` against what is stored (`known`: code -> level, parent) and each other: no
/// code moves or changes level, none is used twice, every parent exists first.
fn check_placement(
    known: &std::collections::HashMap<String, (String, String)>,
    areas: &[NewArea],
) -> Result<(), StoreImportError> {
    let mut written: std::collections::HashMap<&str, (&str, String)> = std::collections::HashMap::new();
    for area in areas {
        let parent = area.parent.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default();
        if !parent.is_empty() && !known.contains_key(&parent) && !written.contains_key(parent.as_str()) {
            return Err(StoreImportError::NoParent(parent));
        }
        let clash = match (written.get(area.code.as_str()), known.get(area.code.as_str())) {
            (Some((level, old_parent)), _) => Some((level.to_string(), old_parent.clone())),
            (None, Some((level, old_parent))) if level != area.level.as_str() || *old_parent != parent => {
                Some((level.clone(), old_parent.clone()))
            }
            _ => None,
        };
        if let Some((level, parent)) = clash {
            return Err(StoreImportError::CodeTaken { code: area.code.to_string(), level, parent });
        }
        written.insert(area.code.as_str(), (area.level.as_str(), parent));
    }
    Ok(())
}

/// Rows per INSERT: 13 values each, well inside both engines' limits on bound values.
const AREAS_PER_INSERT: usize = 200;

/// Inserts or updates areas, parents before children, in the caller's transaction. An
/// existing code may only be updated in place: same level and same parent; anything else
/// is refused so a file cannot move or retype an area, and so is a code used twice or a
/// parent that is neither stored nor earlier in `areas`. Everything is checked against one
/// read of what is stored before anything is written; then the rows go in a few hundred
/// at a time (a national import is ~45 statements, not 17,000).
pub async fn upsert_areas(tx: &mut sqlx::AnyConnection, areas: &[NewArea]) -> Result<(), StoreImportError> {
    let mut known = std::collections::HashMap::new();
    for row in sqlx::query("SELECT code, level, COALESCE(parent_code, '') FROM areas").fetch_all(&mut *tx).await? {
        known.insert(row.try_get::<String, _>(0)?, (row.try_get::<String, _>(1)?, row.try_get::<String, _>(2)?));
    }
    check_placement(&known, areas)?;
    for chunk in areas.chunks(AREAS_PER_INSERT) {
        // Level and parent never change (checked above), so the update leaves them alone.
        let sql = format!(
            "INSERT INTO areas (code, name, name_alt, level, parent_code, time_zone, emergency_number,
                non_emergency_number, shape_geojson, boundaries_drawn, boundary_resolution_m,
                wards_redrawn, wards_redrawn_in)
             VALUES {}
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_alt = excluded.name_alt,
                time_zone = excluded.time_zone, emergency_number = excluded.emergency_number,
                non_emergency_number = excluded.non_emergency_number, shape_geojson = excluded.shape_geojson,
                boundaries_drawn = excluded.boundaries_drawn, boundary_resolution_m = excluded.boundary_resolution_m,
                wards_redrawn = excluded.wards_redrawn, wards_redrawn_in = excluded.wards_redrawn_in,
                retired_at_ms = NULL",
            crate::db::Rows::for_connection(tx).rows(chunk.len(), 13)
        );
        let mut q = sqlx::query(&sql);
        for area in chunk {
            let b = area.boundaries.as_ref();
            q = q
                .bind(area.code.as_str())
                .bind(&area.name)
                .bind(area.name_alt.clone())
                .bind(area.level.as_str())
                .bind(area.parent.as_ref().map(|p| p.as_str().to_string()))
                .bind(&area.time_zone)
                .bind(&area.emergency_number)
                .bind(area.non_emergency_number.clone())
                .bind(area.shape_geojson.clone())
                .bind(b.map(|b| b.drawn.clone()))
                .bind(b.map(|b| i64::from(b.resolution_m)))
                .bind(b.and_then(|b| b.redrawn_wards).map(i64::from))
                .bind(b.and_then(|b| b.redrawn_in.clone()));
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Retires the wards stored under each council of `councils` that are not among its new
/// wards, in the caller's transaction: a council's ward file is the whole set of its wards, so
/// a ward missing from it was redrawn away. Retired wards stay (updates, sources and alerts
/// may name them) but no lookup, search or list offers them, and their page points to the
/// wards now covering them. Returns how many were retired.
pub async fn retire_missing_wards(
    tx: &mut sqlx::AnyConnection,
    councils: &[(&AreaCode, &[ImportedArea])],
) -> Result<usize, sqlx::Error> {
    let current: std::collections::HashSet<&str> =
        councils.iter().flat_map(|(_, wards)| wards.iter().map(|w| w.code.as_str())).collect();
    let imported: std::collections::HashSet<&str> = councils.iter().map(|(c, _)| c.as_str()).collect();
    let stored = sqlx::query("SELECT code, parent_code FROM areas WHERE level = 'ward' AND retired_at_ms IS NULL")
        .fetch_all(&mut *tx)
        .await?;
    let mut gone = Vec::new();
    for row in &stored {
        let (code, parent): (String, Option<String>) = (row.try_get(0)?, row.try_get(1)?);
        if parent.is_some_and(|p| imported.contains(p.as_str())) && !current.contains(code.as_str()) {
            gone.push(code);
        }
    }
    let now = chrono::Utc::now().timestamp_millis();
    for chunk in gone.chunks(500) {
        let marks = (2..chunk.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!("UPDATE areas SET retired_at_ms = $1 WHERE code IN ({marks})");
        let mut q = sqlx::query(&sql).bind(now);
        for code in chunk {
            q = q.bind(code.as_str());
        }
        q.execute(&mut *tx).await?;
    }
    Ok(gone.len())
}

/// What a council's ward file did: wards written, and wards no longer in it retired.
#[derive(Debug, PartialEq, Eq)]
pub struct WardImport {
    pub wards: usize,
    pub retired: usize,
}

/// Imports a council's wards (`parent`'s whole set) in one transaction: all of them or none.
/// The wards inherit the parent's time zone and numbers; stored wards of `parent` that are
/// not in `wards` are retired (see [`retire_missing_wards`]).
pub async fn import_wards(
    pool: &AnyPool,
    parent: &AreaCode,
    wards: &[ImportedArea],
) -> Result<WardImport, StoreImportError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let row = sqlx::query("SELECT time_zone, emergency_number, non_emergency_number FROM areas WHERE code = $1")
        .bind(parent.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreImportError::NoParent(parent.to_string()))?;
    let (time_zone, emergency, non_emergency): (String, String, Option<String>) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let rows = ward_rows(parent, (&time_zone, &emergency, non_emergency.as_deref()), wards);
    upsert_areas(&mut tx, &rows).await?;
    let retired = retire_missing_wards(&mut tx, &[(parent, wards)]).await?;
    record_import(&mut tx, wards.len()).await?;
    tx.commit().await?;
    Ok(WardImport { wards: wards.len(), retired })
}

/// The rows of a council's wards, which take the council's time zone and numbers.
pub fn ward_rows(parent: &AreaCode, numbers: (&str, &str, Option<&str>), wards: &[ImportedArea]) -> Vec<NewArea> {
    let (time_zone, emergency, non_emergency) = numbers;
    wards
        .iter()
        .map(|ward| NewArea {
            code: ward.code.clone(),
            name: ward.name.clone(),
            name_alt: ward.name_alt.clone(),
            level: AreaLevel::Ward,
            parent: Some(parent.clone()),
            time_zone: time_zone.to_string(),
            emergency_number: emergency.to_string(),
            non_emergency_number: non_emergency.map(str::to_string),
            shape_geojson: Some(geojson::Geometry::new(geojson::Value::from(&ward.shape)).to_string()),
            boundaries: None,
        })
        .collect()
}

const SUMMARY_COLUMNS: &str = "a.code, a.name, a.name_alt, a.level, p.name AS parent_name";

fn summary(row: &sqlx::any::AnyRow) -> Result<AreaSummary, AppError> {
    let code: String = row.try_get("code")?;
    let level: String = row.try_get("level")?;
    Ok(AreaSummary {
        code: AreaCode::parse(&code).map_err(|e| AppError::internal("bad stored area code", e))?,
        name: row.try_get("name")?,
        name_alt: row.try_get("name_alt")?,
        level: AreaLevel::parse(&level).ok_or_else(|| AppError::internal("bad stored level", level))?,
        parent_name: row.try_get("parent_name")?,
    })
}

/// Which import of boundaries the database holds: the newest row of `area_imports` (0 for
/// none). Every import writes one in its own transaction.
pub async fn boundaries_version(pool: &AnyPool) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT COALESCE(MAX(id), 0) FROM area_imports").fetch_one(pool).await?;
    Ok(row.try_get(0)?)
}

/// Notes an import in the transaction that writes it, so every server reloads its index.
pub async fn record_import(tx: &mut sqlx::AnyConnection, areas: usize) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO area_imports (imported_at_ms, areas) VALUES ($1, $2)")
        .bind(chrono::Utc::now().timestamp_millis())
        .bind(areas as i64)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The index of the boundaries in the database, with the import it was built from.
pub async fn load_shared(pool: &AnyPool) -> Result<SharedIndex, AppError> {
    // The version first: an import that lands while the index is read is picked up next time.
    let version = boundaries_version(pool).await?;
    Ok(SharedIndex::new(version, load_index(pool).await?))
}

/// Rebuilds `shared` if boundaries were imported since it was built (by `beat
/// import-hierarchy`, or on another server). Returns whether it did.
pub async fn reload(pool: &AnyPool, shared: &SharedIndex) -> Result<bool, AppError> {
    let version = boundaries_version(pool).await?;
    if version == shared.version() {
        return Ok(false);
    }
    shared.replace(version, load_index(pool).await?);
    Ok(true)
}

/// Checks for newly imported boundaries every `every` until the process ends.
pub fn spawn_reloader(pool: AnyPool, shared: SharedIndex, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            match reload(&pool, &shared).await {
                Ok(true) => tracing::info!(places = shared.current().len(), "new boundaries: area index reloaded"),
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "could not check for new boundaries"),
            }
        }
    });
}

/// Reads every shape a resident can be placed in (wards, and regions where there are no
/// wards), every country outline, and every area's names into the in-memory index.
pub async fn load_index(pool: &AnyPool) -> Result<AreaIndex, AppError> {
    let mut places = shapes(pool, "ward").await?;
    places.extend(shapes(pool, "region").await?);
    Ok(AreaIndex::new(places).with_countries(shapes(pool, "country").await?).with_names(names(pool).await?))
}

/// Every area's names, for [`NameDirectory::search`].
async fn names(pool: &AnyPool) -> Result<NameDirectory, AppError> {
    let rows = sqlx::query("SELECT code, name, name_alt, level, parent_code FROM areas WHERE retired_at_ms IS NULL")
        .fetch_all(pool)
        .await?;
    let code = |raw: String| AreaCode::parse(&raw).map_err(|e| AppError::internal("bad stored area code", e));
    let areas = rows
        .into_iter()
        .map(|row| {
            let level: String = row.try_get("level")?;
            Ok(NamedArea {
                code: code(row.try_get("code")?)?,
                name: row.try_get("name")?,
                name_alt: row.try_get("name_alt")?,
                level: AreaLevel::parse(&level).ok_or_else(|| AppError::internal("bad stored level", level))?,
                parent: row.try_get::<Option<String>, _>("parent_code")?.map(code).transpose()?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(NameDirectory::new(areas))
}

/// The areas of `level` that have a shape, with their shapes (and a ward's council's resolution).
async fn shapes(pool: &AnyPool, level: &str) -> Result<Vec<IndexedArea>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, a.shape_geojson, p.boundary_resolution_m
         FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
         WHERE a.level = $1 AND a.shape_geojson IS NOT NULL AND a.retired_at_ms IS NULL"
    ))
    .bind(level)
    .fetch_all(pool)
    .await?;
    let mut areas = Vec::with_capacity(rows.len());
    for row in &rows {
        let shape = stored_shape(&row.try_get::<String, _>("shape_geojson")?)?;
        let resolution_m: Option<i64> = row.try_get("boundary_resolution_m")?;
        let resolution_m = resolution_m.and_then(|r| u32::try_from(r).ok());
        areas.push(IndexedArea { summary: summary(row)?, shape, resolution_m });
    }
    Ok(areas)
}

/// A shape as `shape_geojson` holds it.
fn stored_shape(text: &str) -> Result<geo::MultiPolygon<f64>, AppError> {
    let geometry: geojson::Geometry = text.parse().map_err(|e| AppError::internal("stored shape is not GeoJSON", e))?;
    geo::MultiPolygon::<f64>::try_from(geometry.value).map_err(|e| AppError::internal("stored shape", e))
}

/// An area with the chain above it, or `None` if the code is unknown.
pub async fn context(pool: &AnyPool, code: &AreaCode) -> Result<Option<AreaContext>, AppError> {
    let mut chain = Vec::new();
    let mut next = Some(code.as_str().to_string());
    let mut first_row = None;
    let mut boundaries = None;
    // The tree is at most four deep; the bound guards against a cycle in bad data.
    while let Some(code) = next.take().filter(|_| chain.len() < 8) {
        let Some(row) = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS}, a.parent_code, a.time_zone, a.emergency_number, a.non_emergency_number,
                    a.boundaries_drawn, a.boundary_resolution_m, a.wards_redrawn, a.wards_redrawn_in,
                    a.retired_at_ms,
                    -- Counted only where the boundary note needs it: on a council's row.
                    CASE WHEN a.boundaries_drawn IS NOT NULL THEN
                        (SELECT COUNT(*) FROM areas w
                         WHERE w.parent_code = a.code AND w.level = 'ward' AND w.retired_at_ms IS NULL)
                    END AS wards
             FROM areas a LEFT JOIN areas p ON p.code = a.parent_code WHERE a.code = $1"
        ))
        .bind(&code)
        .fetch_optional(pool)
        .await?
        else {
            break;
        };
        next = row.try_get("parent_code")?;
        if boundaries.is_none() {
            boundaries = boundary_source(&row)?;
        }
        chain.push(summary(&row)?);
        first_row.get_or_insert(row);
    }
    let Some(row) = first_row else { return Ok(None) };
    let replaced_by = match row.try_get::<Option<i64>, _>("retired_at_ms")? {
        Some(_) => Some(successors(pool, code).await?),
        None => None,
    };
    let country_name = chain.last().map(|a| a.name.clone()).unwrap_or_default();
    let mut chain = chain.into_iter();
    Ok(Some(AreaContext {
        area: chain.next().expect("first row exists"),
        ancestors: chain.collect(),
        time_zone: row.try_get("time_zone")?,
        numbers: EmergencyNumbers {
            country_name,
            emergency: row.try_get("emergency_number")?,
            non_emergency: row.try_get("non_emergency_number")?,
        },
        boundaries,
        replaced_by,
    }))
}

/// The current wards of a retired ward's council that cover part of its old shape.
async fn successors(pool: &AnyPool, code: &AreaCode) -> Result<Vec<AreaSummary>, AppError> {
    use geo::{Area, BooleanOps, Intersects};
    let Some(old) = sqlx::query("SELECT shape_geojson FROM areas WHERE code = $1")
        .bind(code.as_str())
        .fetch_optional(pool)
        .await?
        .and_then(|row| row.try_get::<Option<String>, _>(0).ok().flatten())
    else {
        return Ok(Vec::new());
    };
    let old = stored_shape(&old)?;
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, a.shape_geojson FROM areas a JOIN areas o ON o.parent_code = a.parent_code
         LEFT JOIN areas p ON p.code = a.parent_code
         WHERE o.code = $1 AND a.level = 'ward' AND a.retired_at_ms IS NULL AND a.shape_geojson IS NOT NULL
         ORDER BY a.name"
    ))
    .bind(code.as_str())
    .fetch_all(pool)
    .await?;
    let mut found = Vec::new();
    for row in &rows {
        let shape = stored_shape(&row.try_get::<String, _>("shape_geojson")?)?;
        if shape.intersects(&old) && shape.intersection(&old).unsigned_area() > 0.0 {
            found.push(summary(row)?);
        }
    }
    Ok(found)
}

/// A council row's boundary columns (see migration 0013), if it has them.
fn boundary_source(row: &sqlx::any::AnyRow) -> Result<Option<BoundarySource>, AppError> {
    let Some(drawn) = row.try_get::<Option<String>, _>("boundaries_drawn")? else { return Ok(None) };
    let count = |column: &str| -> Result<u32, AppError> {
        let n: Option<i64> = row.try_get(column)?;
        Ok(n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0))
    };
    let wards = count("wards_redrawn")?;
    let redrawn = match row.try_get::<Option<String>, _>("wards_redrawn_in")? {
        Some(since) if wards > 0 => Some(Redrawn { wards, of: count("wards")?, since }),
        _ => None,
    };
    Ok(Some(BoundarySource { drawn, resolution_m: count("boundary_resolution_m")?, redrawn }))
}

/// The areas directly under `parent`, or the countries when `parent` is `None`.
pub async fn children(pool: &AnyPool, parent: Option<&AreaCode>) -> Result<Vec<AreaSummary>, AppError> {
    let rows = match parent {
        Some(parent) => {
            sqlx::query(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
                 WHERE a.parent_code = $1 AND a.retired_at_ms IS NULL ORDER BY a.name"
            ))
            .bind(parent.as_str())
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
                 WHERE a.level = 'country' ORDER BY CASE a.code WHEN 'GB' THEN 0 ELSE 1 END, a.name"
            ))
            .fetch_all(pool)
            .await?
        }
    };
    rows.iter().map(summary).collect()
}
