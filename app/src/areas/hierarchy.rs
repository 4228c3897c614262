//! The area hierarchy file: countries, their police force areas, councils and the
//! GeoJSON file of each council's wards. See `server/data/areas.json`.

use super::area::{AreaCode, AreaLevel};
use super::import::{parse_areas, PropertyNames};
use super::store::{import_wards_in, upsert_area, NewArea};
use serde::Deserialize;
use sqlx::AnyPool;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hierarchy {
    pub countries: Vec<Country>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub code: String,
    pub name: String,
    /// IANA zone, e.g. `Europe/London`.
    pub time_zone: String,
    pub emergency: String,
    pub non_emergency: Option<String>,
    /// A GeoJSON file with the country's outline (one feature, property `code`): tells a
    /// resident outside every ward which country they are in, for its emergency numbers.
    pub outline: Option<String>,
    #[serde(default)]
    pub forces: Vec<Force>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Force {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub councils: Vec<Council>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Council {
    pub code: String,
    pub name: String,
    /// Path of the council's ward GeoJSON, relative to the hierarchy file.
    pub wards: Option<String>,
}

/// What an import did, for the CLI to print.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub countries: usize,
    pub forces: usize,
    pub councils: usize,
    pub wards: usize,
}

/// Reads the hierarchy and every ward file, checks them all, then stores everything in
/// one transaction. Nothing is written if any file is bad.
pub async fn import_hierarchy(pool: &AnyPool, path: &Path) -> Result<ImportReport, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let hierarchy: Hierarchy = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let base = path.parent().unwrap_or(Path::new("."));

    // Check everything first.
    let mut rows = Vec::new();
    let mut ward_files = Vec::new();
    for country in &hierarchy.countries {
        country
            .time_zone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| format!("country {}: unknown time zone '{}'", country.code, country.time_zone))?;
        let area = |code: &str, name: &str, level: AreaLevel, parent: Option<&str>| -> Result<NewArea, String> {
            Ok(NewArea {
                code: AreaCode::parse(code)?,
                name: name.trim().to_string(),
                name_alt: None,
                level,
                parent: parent.map(AreaCode::parse).transpose()?,
                time_zone: country.time_zone.clone(),
                emergency_number: country.emergency.clone(),
                non_emergency_number: country.non_emergency.clone(),
                shape_geojson: None,
            })
        };
        let mut row = area(&country.code, &country.name, AreaLevel::Country, None)?;
        if let Some(file) = &country.outline {
            let file = base.join(file);
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let names = PropertyNames { code: "code".into(), name: "name".into(), name_alt: None };
            let outline = parse_areas(&text, &names).map_err(|e| format!("{}: {e}", file.display()))?;
            let [outline] = outline.as_slice() else {
                return Err(format!("{}: an outline file holds one feature", file.display()));
            };
            if outline.code != row.code {
                return Err(format!("{}: the outline is of {}, not {}", file.display(), outline.code, row.code));
            }
            row.shape_geojson = Some(geojson::Geometry::new(geojson::Value::from(&outline.shape)).to_string());
        }
        rows.push(row);
        for force in &country.forces {
            rows.push(area(&force.code, &force.name, AreaLevel::Force, Some(&country.code))?);
            for council in &force.councils {
                rows.push(area(&council.code, &council.name, AreaLevel::Council, Some(&force.code))?);
                if let Some(file) = &council.wards {
                    let file = base.join(file);
                    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
                    let wards = parse_areas(&text, &PropertyNames::default())
                        .map_err(|e| format!("{}: {e}", file.display()))?;
                    ward_files.push((AreaCode::parse(&council.code)?, wards));
                }
            }
        }
    }

    let mut report = ImportReport::default();
    let mut tx = crate::db::begin_write(pool).await.map_err(|e| e.to_string())?;
    for row in &rows {
        upsert_area(&mut tx, row).await.map_err(|e| e.to_string())?;
        match row.level {
            AreaLevel::Country => report.countries += 1,
            AreaLevel::Force => report.forces += 1,
            AreaLevel::Council => report.councils += 1,
            AreaLevel::Ward => {}
        }
    }
    for (council, wards) in &ward_files {
        report.wards +=
            import_wards_in(&mut tx, council, wards).await.map_err(|e| format!("wards of {council}: {e}"))?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(report)
}
