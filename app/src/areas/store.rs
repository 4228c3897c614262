//! Area queries. Small functions that take the pool and return domain types.

use super::area::{AreaCode, AreaContext, AreaLevel, AreaSummary, EmergencyNumbers};
use super::import::ImportedArea;
use super::index::{AreaIndex, IndexedArea};
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

fn search_name(name: &str, alt: Option<&str>) -> String {
    match alt {
        Some(alt) => format!("{} {}", name.to_lowercase(), alt.to_lowercase()),
        None => name.to_lowercase(),
    }
}

/// Inserts or updates one area. An existing code may only be updated in place: same level
/// and same parent; anything else is refused so a file cannot move or retype an area.
pub async fn upsert_area(tx: &mut sqlx::AnyConnection, area: &NewArea) -> Result<(), StoreImportError> {
    let existing = sqlx::query("SELECT level, COALESCE(parent_code, '') AS parent FROM areas WHERE code = $1")
        .bind(area.code.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let parent = area.parent.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default();
    if let Some(row) = existing {
        let (level, old_parent): (String, String) = (row.try_get("level")?, row.try_get("parent")?);
        if level != area.level.as_str() || old_parent != parent {
            return Err(StoreImportError::CodeTaken { code: area.code.to_string(), level, parent: old_parent });
        }
    }
    // Level and parent never change (checked above), so the update leaves them alone.
    sqlx::query(
        "INSERT INTO areas (code, name, name_alt, level, parent_code, time_zone, emergency_number,
            non_emergency_number, search_name, shape_geojson)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_alt = excluded.name_alt,
            time_zone = excluded.time_zone, emergency_number = excluded.emergency_number,
            non_emergency_number = excluded.non_emergency_number, search_name = excluded.search_name,
            shape_geojson = excluded.shape_geojson",
    )
    .bind(area.code.as_str())
    .bind(&area.name)
    .bind(area.name_alt.clone())
    .bind(area.level.as_str())
    .bind(area.parent.as_ref().map(|p| p.as_str().to_string()))
    .bind(&area.time_zone)
    .bind(&area.emergency_number)
    .bind(area.non_emergency_number.clone())
    .bind(search_name(&area.name, area.name_alt.as_deref()))
    .bind(area.shape_geojson.clone())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Imports wards under `parent` in one transaction: all of them or none.
/// The wards inherit the parent's time zone and numbers.
pub async fn import_wards(
    pool: &AnyPool,
    parent: &AreaCode,
    wards: &[ImportedArea],
) -> Result<usize, StoreImportError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let count = import_wards_in(&mut tx, parent, wards).await?;
    tx.commit().await?;
    Ok(count)
}

/// [`import_wards`] inside a transaction the caller owns.
pub async fn import_wards_in(
    tx: &mut sqlx::AnyConnection,
    parent: &AreaCode,
    wards: &[ImportedArea],
) -> Result<usize, StoreImportError> {
    let row = sqlx::query("SELECT time_zone, emergency_number, non_emergency_number FROM areas WHERE code = $1")
        .bind(parent.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreImportError::NoParent(parent.to_string()))?;
    let (time_zone, emergency, non_emergency): (String, String, Option<String>) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    for ward in wards {
        let shape = geojson::Geometry::new(geojson::Value::from(&ward.shape)).to_string();
        let area = NewArea {
            code: ward.code.clone(),
            name: ward.name.clone(),
            name_alt: ward.name_alt.clone(),
            level: AreaLevel::Ward,
            parent: Some(parent.clone()),
            time_zone: time_zone.clone(),
            emergency_number: emergency.clone(),
            non_emergency_number: non_emergency.clone(),
            shape_geojson: Some(shape),
        };
        upsert_area(&mut *tx, &area).await?;
    }
    Ok(wards.len())
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

/// Reads every ward shape, and every country outline, into the in-memory index.
pub async fn load_index(pool: &AnyPool) -> Result<AreaIndex, AppError> {
    Ok(AreaIndex::new(shapes(pool, "ward").await?).with_countries(shapes(pool, "country").await?))
}

/// The areas of `level` that have a shape, with their shapes.
async fn shapes(pool: &AnyPool, level: &str) -> Result<Vec<IndexedArea>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, a.shape_geojson FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
         WHERE a.level = $1 AND a.shape_geojson IS NOT NULL"
    ))
    .bind(level)
    .fetch_all(pool)
    .await?;
    let mut areas = Vec::with_capacity(rows.len());
    for row in &rows {
        let text: String = row.try_get("shape_geojson")?;
        let geometry: geojson::Geometry =
            text.parse().map_err(|e| AppError::internal("stored shape is not GeoJSON", e))?;
        let shape =
            geo::MultiPolygon::<f64>::try_from(geometry.value).map_err(|e| AppError::internal("stored shape", e))?;
        areas.push(IndexedArea { summary: summary(row)?, shape });
    }
    Ok(areas)
}

/// An area with the chain above it, or `None` if the code is unknown.
pub async fn context(pool: &AnyPool, code: &AreaCode) -> Result<Option<AreaContext>, AppError> {
    let mut chain = Vec::new();
    let mut next = Some(code.as_str().to_string());
    let mut first_row = None;
    // The tree is at most four deep; the bound guards against a cycle in bad data.
    while let Some(code) = next.take().filter(|_| chain.len() < 8) {
        let Some(row) = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS}, a.parent_code, a.time_zone, a.emergency_number, a.non_emergency_number
             FROM areas a LEFT JOIN areas p ON p.code = a.parent_code WHERE a.code = $1"
        ))
        .bind(&code)
        .fetch_optional(pool)
        .await?
        else {
            break;
        };
        next = row.try_get("parent_code")?;
        chain.push(summary(&row)?);
        first_row.get_or_insert(row);
    }
    let Some(row) = first_row else { return Ok(None) };
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
    }))
}

/// Areas whose name (or Welsh name) contains `query`, councils and wards first.
pub async fn search(pool: &AnyPool, query: &str, limit: i64) -> Result<Vec<AreaSummary>, AppError> {
    let escaped: String = query
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
         WHERE a.search_name LIKE $1 ESCAPE '\\'
         ORDER BY CASE WHEN a.search_name LIKE $2 ESCAPE '\\' THEN 0 ELSE 1 END,
                  CASE a.level WHEN 'council' THEN 0 WHEN 'ward' THEN 1 WHEN 'force' THEN 2 ELSE 3 END, a.name
         LIMIT $3"
    ))
    .bind(format!("%{escaped}%"))
    .bind(format!("{escaped}%"))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(summary).collect()
}

/// The areas directly under `parent`, or the councils when `parent` is `None`.
pub async fn children(pool: &AnyPool, parent: Option<&AreaCode>) -> Result<Vec<AreaSummary>, AppError> {
    let rows = match parent {
        Some(parent) => {
            sqlx::query(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
                 WHERE a.parent_code = $1 ORDER BY a.name"
            ))
            .bind(parent.as_str())
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM areas a LEFT JOIN areas p ON p.code = a.parent_code
                 WHERE a.level = 'council' ORDER BY a.name"
            ))
            .fetch_all(pool)
            .await?
        }
    };
    rows.iter().map(summary).collect()
}
