//! The area hierarchy file: countries, their police force areas, councils and the
//! GeoJSON file of each council's wards; or, for a country without finer areas, a GeoJSON
//! file of its regions. See `server/data/areas.json` (written by `scripts/boundaries.py`).

use super::area::{AreaCode, AreaLevel, AreaSummary};
use super::import::{areas_of, parse_areas, parse_collection, ImportedArea, PropertyNames};
use super::index::{AreaIndex, IndexedArea};
use super::name_search::{NameDirectory, NamedArea};
use super::store::{record_import, retire_missing_wards, upsert_areas, ward_rows, CouncilBoundaries, NewArea};
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
    /// A GeoJSON file of the country's first-level regions (properties `code`, `name` and an
    /// optional `time_zone` where the region's clock differs from the country's).
    pub regions: Option<String>,
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
    /// The council's name in a second language (Welsh), when it differs.
    pub name_alt: Option<String>,
    /// Path of the council's ward GeoJSON, relative to the hierarchy file.
    pub wards: Option<String>,
    /// When and how finely its wards were drawn, and how many were redrawn since.
    pub boundaries: Option<CouncilBoundaries>,
}

/// What an import did, for the CLI to print.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub countries: usize,
    pub forces: usize,
    pub councils: usize,
    pub wards: usize,
    pub regions: usize,
    /// Wards stored before that their council's new file no longer has (see
    /// `store::retire_missing_wards`).
    pub retired_wards: usize,
}

/// A hierarchy read from its files and checked, not yet stored.
pub struct CheckedHierarchy {
    /// Countries, forces, councils and regions, parents before children.
    pub rows: Vec<NewArea>,
    /// Each council's wards.
    pub ward_files: Vec<(AreaCode, Vec<ImportedArea>)>,
}

/// Reads the hierarchy and every ward file, checks them all, then stores everything in
/// one transaction. Nothing is written if any file is bad.
pub async fn import_hierarchy(pool: &AnyPool, path: &Path) -> Result<ImportReport, String> {
    store_hierarchy(pool, &read_hierarchy(path)?).await
}

/// Stores a checked hierarchy in one transaction: all of it or, if the database refuses any
/// of it (a code already used for another kind of area), none.
pub async fn store_hierarchy(pool: &AnyPool, checked: &CheckedHierarchy) -> Result<ImportReport, String> {
    let (rows, report) = rows_to_store(checked)?;
    let mut tx = crate::db::begin_write(pool).await.map_err(|e| e.to_string())?;
    upsert_areas(&mut tx, &rows).await.map_err(|e| e.to_string())?;
    let councils: Vec<(&AreaCode, &[ImportedArea])> =
        checked.ward_files.iter().map(|(c, w)| (c, w.as_slice())).collect();
    let retired = retire_missing_wards(&mut tx, &councils).await.map_err(|e| e.to_string())?;
    record_import(&mut tx, rows.len()).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(ImportReport { retired_wards: retired, ..report })
}

/// Every row of a checked hierarchy, parents first, wards with their council's clock and
/// numbers, and the counts to report.
fn rows_to_store(checked: &CheckedHierarchy) -> Result<(Vec<NewArea>, ImportReport), String> {
    let mut report = ImportReport::default();
    for row in &checked.rows {
        match row.level {
            AreaLevel::Country => report.countries += 1,
            AreaLevel::Force => report.forces += 1,
            AreaLevel::Council => report.councils += 1,
            AreaLevel::Region => report.regions += 1,
            AreaLevel::Ward => {}
        }
    }
    let councils: std::collections::HashMap<&AreaCode, &NewArea> =
        checked.rows.iter().filter(|r| r.level == AreaLevel::Council).map(|r| (&r.code, r)).collect();
    let mut rows = checked.rows.clone();
    for (council, wards) in &checked.ward_files {
        let c = councils.get(council).ok_or_else(|| format!("wards of {council}: no such council in the file"))?;
        rows.extend(ward_rows(council, (&c.time_zone, &c.emergency_number, c.non_emergency_number.as_deref()), wards));
        report.wards += wards.len();
    }
    Ok((rows, report))
}

/// Reads and checks the hierarchy file and every file it names. Touches no database.
pub fn read_hierarchy(path: &Path) -> Result<CheckedHierarchy, String> {
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
                boundaries: None,
            })
        };
        let mut row = area(&country.code, &country.name, AreaLevel::Country, None)?;
        let country_code = row.code.clone();
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
        if let Some(file) = &country.regions {
            let file = base.join(file);
            rows.extend(read_regions(&file, &country_code, &area)?);
        }
        for force in &country.forces {
            rows.push(area(&force.code, &force.name, AreaLevel::Force, Some(&country.code))?);
            for council in &force.councils {
                let mut row = area(&council.code, &council.name, AreaLevel::Council, Some(&force.code))?;
                row.name_alt = council.name_alt.as_deref().map(str::trim).filter(|n| *n != row.name).map(Into::into);
                if let Some(b) = &council.boundaries {
                    if b.redrawn_wards.is_some() != b.redrawn_in.is_some() || !(1..=10_000).contains(&b.resolution_m) {
                        return Err(format!("council {}: boundaries {b:?} are not sensible", council.code));
                    }
                }
                row.boundaries = council.boundaries.clone();
                rows.push(row);
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
    Ok(CheckedHierarchy { rows, ward_files })
}

/// The in-memory index of a checked hierarchy, as the server builds it from the database:
/// every ward and region with its shape, and the country outlines. For tests and benches
/// that need the shipped boundaries without a database.
pub fn index_of(checked: &CheckedHierarchy) -> AreaIndex {
    let summary = |code: &AreaCode, name: &str, alt: Option<&String>, level, parent: Option<String>| AreaSummary {
        code: code.clone(),
        name: name.to_string(),
        name_alt: alt.cloned(),
        level,
        parent_name: parent,
    };
    let row_of: std::collections::HashMap<&AreaCode, &NewArea> = checked.rows.iter().map(|r| (&r.code, r)).collect();
    let shaped = |level: AreaLevel| {
        checked.rows.iter().filter(move |r| r.level == level).filter_map(|r| {
            let geometry: geojson::Geometry = r.shape_geojson.as_deref()?.parse().ok()?;
            let shape = geo::MultiPolygon::<f64>::try_from(geometry.value).ok()?;
            let parent = r.parent.as_ref().and_then(|p| row_of.get(p)).map(|p| p.name.clone());
            let summary = summary(&r.code, &r.name, r.name_alt.as_ref(), r.level, parent);
            Some(IndexedArea { summary, shape, resolution_m: None })
        })
    };
    let mut places: Vec<IndexedArea> = shaped(AreaLevel::Region).collect();
    for (council, wards) in &checked.ward_files {
        let row = row_of.get(council);
        let parent = row.map(|r| r.name.clone());
        let resolution_m = row.and_then(|r| r.boundaries.as_ref()).map(|b| b.resolution_m);
        places.extend(wards.iter().map(|w| IndexedArea {
            summary: summary(&w.code, &w.name, w.name_alt.as_ref(), AreaLevel::Ward, parent.clone()),
            shape: w.shape.clone(),
            resolution_m,
        }));
    }
    let names = checked
        .rows
        .iter()
        .map(|r| NamedArea {
            code: r.code.clone(),
            name: r.name.clone(),
            name_alt: r.name_alt.clone(),
            level: r.level,
            parent: r.parent.clone(),
        })
        .chain(checked.ward_files.iter().flat_map(|(council, wards)| {
            wards.iter().map(|w| NamedArea {
                code: w.code.clone(),
                name: w.name.clone(),
                name_alt: w.name_alt.clone(),
                level: AreaLevel::Ward,
                parent: Some(council.clone()),
            })
        }));
    AreaIndex::new(places).with_countries(shaped(AreaLevel::Country).collect()).with_names(NameDirectory::new(names))
}

/// Makes a row of the country being read: (code, name, level, parent code).
type MakeArea<'a> = dyn Fn(&str, &str, AreaLevel, Option<&str>) -> Result<NewArea, String> + 'a;

/// The regions of a country from their GeoJSON file, each with its own time zone when the
/// file gives one (Western Australia keeps Perth's clock, not Sydney's).
fn read_regions(file: &Path, country: &AreaCode, area: &MakeArea<'_>) -> Result<Vec<NewArea>, String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", file.display());
    let text = std::fs::read_to_string(file).map_err(|e| fail(&e))?;
    let collection = parse_collection(&text).map_err(|e| fail(&e))?;
    let regions = areas_of(&collection, &PropertyNames::default()).map_err(|e| fail(&e))?;
    let zone_of = |i: usize| collection.features[i].property("time_zone").and_then(|z| z.as_str()).map(str::to_string);
    regions
        .into_iter()
        .enumerate()
        .map(|(i, region)| {
            let mut row = area(region.code.as_str(), &region.name, AreaLevel::Region, Some(country.as_str()))?;
            if let Some(zone) = zone_of(i) {
                zone.parse::<chrono_tz::Tz>()
                    .map_err(|_| fail(&format!("region {}: unknown time zone '{zone}'", region.code)))?;
                row.time_zone = zone;
            }
            row.name_alt = region.name_alt;
            row.shape_geojson = Some(geojson::Geometry::new(geojson::Value::from(&region.shape)).to_string());
            Ok(row)
        })
        .collect()
}
