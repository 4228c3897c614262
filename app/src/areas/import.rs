//! Reading ward (or any area) boundaries from a GeoJSON FeatureCollection.
//!
//! Everything is checked before anything is stored, so a bad file changes nothing:
//! invalid JSON, features that are not Polygon/MultiPolygon, coordinates out of range,
//! open or too-short rings, missing names or codes, and codes used twice.

use super::area::AreaCode;
use geo::{LineString, MultiPolygon, Polygon};
use geojson::{GeoJson, Value};

/// Which feature properties hold the code and names.
#[derive(Clone, Debug)]
pub struct PropertyNames {
    pub code: String,
    pub name: String,
    /// Optional second-language name (Welsh names in the ONS files).
    pub name_alt: Option<String>,
}

impl Default for PropertyNames {
    /// The files Beat ships (`server/data/boundaries`): `code`, `name` and the Welsh `name_cy`.
    fn default() -> Self {
        PropertyNames { code: "code".into(), name: "name".into(), name_alt: Some("name_cy".into()) }
    }
}

/// One area read from the file.
#[derive(Clone, Debug)]
pub struct ImportedArea {
    pub code: AreaCode,
    pub name: String,
    pub name_alt: Option<String>,
    pub shape: MultiPolygon<f64>,
}

/// Why a file was refused. The text names the feature so the file can be fixed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("not valid GeoJSON: {0}")]
    Json(String),
    #[error("expected a GeoJSON FeatureCollection, found a {0}")]
    NotACollection(&'static str),
    #[error("the FeatureCollection has no features")]
    Empty,
    #[error("feature {index}: {reason}")]
    Feature { index: usize, reason: String },
    #[error("feature {index}: code {code} is used twice (first by feature {first})")]
    DuplicateCode { index: usize, code: String, first: usize },
}

/// Parses and checks a whole FeatureCollection.
pub fn parse_areas(text: &str, props: &PropertyNames) -> Result<Vec<ImportedArea>, ImportError> {
    areas_of(&parse_collection(text)?, props)
}

/// A FeatureCollection from its text, for a caller that reads more of it than
/// [`areas_of`] does (a region's time zone).
pub fn parse_collection(text: &str) -> Result<geojson::FeatureCollection, ImportError> {
    match text.parse().map_err(|e: geojson::Error| ImportError::Json(e.to_string()))? {
        GeoJson::FeatureCollection(fc) => Ok(fc),
        GeoJson::Feature(_) => Err(ImportError::NotACollection("Feature")),
        GeoJson::Geometry(_) => Err(ImportError::NotACollection("Geometry")),
    }
}

/// Checks every feature of a collection and reads it as an area; `result[i]` is feature `i`.
pub fn areas_of(
    collection: &geojson::FeatureCollection,
    props: &PropertyNames,
) -> Result<Vec<ImportedArea>, ImportError> {
    if collection.features.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut seen = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(collection.features.len());
    for (index, feature) in collection.features.iter().enumerate() {
        let fail = |reason: String| ImportError::Feature { index, reason };
        let text_prop =
            |key: &str| feature.property(key).and_then(|v| v.as_str()).map(str::trim).filter(|s| !s.is_empty());
        let raw_code =
            text_prop(&props.code).ok_or_else(|| fail(format!("no '{}' property (the area code)", props.code)))?;
        let code = AreaCode::parse(raw_code).map_err(fail)?;
        let name =
            text_prop(&props.name).ok_or_else(|| fail(format!("no '{}' property (the area name)", props.name)))?;
        if name.chars().count() > 120 {
            return Err(fail("the name is longer than 120 characters".into()));
        }
        let name_alt = props.name_alt.as_deref().and_then(text_prop).filter(|alt| *alt != name).map(str::to_string);
        let geometry = feature.geometry.as_ref().ok_or_else(|| fail(format!("{code} has no geometry")))?;
        let shape = to_multi_polygon(&geometry.value).map_err(|reason| fail(format!("{code}: {reason}")))?;
        if let Some(first) = seen.insert(code.clone(), index) {
            return Err(ImportError::DuplicateCode { index, code: code.to_string(), first });
        }
        out.push(ImportedArea { code, name: name.to_string(), name_alt, shape });
    }
    Ok(out)
}

fn to_multi_polygon(value: &Value) -> Result<MultiPolygon<f64>, String> {
    match value {
        Value::Polygon(rings) => Ok(MultiPolygon::new(vec![to_polygon(rings)?])),
        Value::MultiPolygon(polygons) => {
            if polygons.is_empty() {
                return Err("the MultiPolygon is empty".into());
            }
            Ok(MultiPolygon::new(polygons.iter().map(|p| to_polygon(p)).collect::<Result<_, _>>()?))
        }
        other => Err(format!("geometry is a {}; only Polygon and MultiPolygon are accepted", other.type_name())),
    }
}

fn to_polygon(rings: &[Vec<Vec<f64>>]) -> Result<Polygon<f64>, String> {
    let (outer, holes) = rings.split_first().ok_or("a polygon has no rings")?;
    Ok(Polygon::new(to_ring(outer)?, holes.iter().map(|r| to_ring(r)).collect::<Result<_, _>>()?))
}

fn to_ring(positions: &[Vec<f64>]) -> Result<LineString<f64>, String> {
    if positions.len() < 4 {
        return Err(format!("a ring has {} positions; at least 4 are needed", positions.len()));
    }
    let mut coords = Vec::with_capacity(positions.len());
    for p in positions {
        let (lon, lat) = match p.as_slice() {
            [lon, lat] | [lon, lat, _] => (*lon, *lat),
            _ => return Err(format!("a position has {} numbers; expected longitude, latitude", p.len())),
        };
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) || !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(format!("coordinate [{lon}, {lat}] is out of range (longitude -180..180, latitude -90..90)"));
        }
        coords.push((lon, lat));
    }
    if coords.first() != coords.last() {
        return Err("a ring is not closed (its first and last positions differ)".into());
    }
    Ok(LineString::from(coords))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

    fn collection(features: &[String]) -> String {
        format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","))
    }

    fn feature(code: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}","name":"Ward {code}","name_cy":null}},"geometry":{geometry}}}"#
        )
    }

    fn polygon(coords: &str) -> String {
        format!(r#"{{"type":"Polygon","coordinates":{coords}}}"#)
    }

    #[test]
    fn accepts_polygons_multipolygons_and_holes() {
        let with_hole = "[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]";
        let multi =
            format!(r#"{{"type":"MultiPolygon","coordinates":[{SQUARE},{}]}}"#, "[[[5,5],[6,5],[6,6],[5,6],[5,5]]]");
        let text = collection(&[feature("AA01", &polygon(with_hole)), feature("AA02", &multi)]);
        let areas = parse_areas(&text, &PropertyNames::default()).unwrap();
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].shape.0[0].interiors().len(), 1);
        assert_eq!(areas[1].shape.0.len(), 2);
        assert_eq!(areas[1].name, "Ward AA02");
    }

    #[test]
    fn rejects_bad_files_with_a_clear_reason() {
        let props = PropertyNames::default();
        let cases: Vec<(String, &str)> = vec![
            ("{not json".into(), "not valid GeoJSON"),
            (
                r#"{"type":"Feature","properties":{},"geometry":null}"#.into(),
                "expected a GeoJSON FeatureCollection, found a Feature",
            ),
            (collection(&[]), "no features"),
            (
                collection(&[feature("AA01", r#"{"type":"Point","coordinates":[0,0]}"#)]),
                "geometry is a Point; only Polygon and MultiPolygon",
            ),
            (
                collection(&[feature("AA01", r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#)]),
                "geometry is a LineString",
            ),
            (collection(&[feature("AA01", &polygon("[[[0,0],[181,0],[1,1],[0,0]]]"))]), "out of range"),
            (collection(&[feature("AA01", &polygon("[[[0,0],[1,0],[1,95],[0,0]]]"))]), "out of range"),
            (collection(&[feature("AA01", &polygon("[[[0,0],[1,0],[1,1],[0,1]]]"))]), "not closed"),
            (collection(&[feature("AA01", &polygon("[[[0,0],[1,0],[0,0]]]"))]), "at least 4"),
            (collection(&[feature("AA01", &polygon("[[[0],[1,0],[1,1],[0]]]"))]), "position must contain two or more"),
            (
                collection(&[feature("AA01", &polygon(SQUARE)), feature("AA01", &polygon(SQUARE))]),
                "feature 1: code AA01 is used twice (first by feature 0)",
            ),
            (collection(&[feature("A;1", &polygon(SQUARE))]), "not an area code"),
            (
                collection(&[r#"{"type":"Feature","properties":{"code":"AA01"},"geometry":null}"#.to_string()]),
                "no 'name' property",
            ),
            (
                collection(&[r#"{"type":"Feature","properties":{"name":"X"},"geometry":null}"#.to_string()]),
                "no 'code' property",
            ),
            (
                collection(&[
                    r#"{"type":"Feature","properties":{"code":"AA01","name":"X"},"geometry":null}"#.to_string()
                ]),
                "AA01 has no geometry",
            ),
        ];
        for (text, want) in cases {
            let err = parse_areas(&text, &props).expect_err(&text).to_string();
            assert!(err.contains(want), "{text}\n  gave: {err}\n  want: {want}");
        }
    }

    #[test]
    fn property_names_are_configurable() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X1","label":"Harbour"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let props = PropertyNames { code: "code".into(), name: "label".into(), name_alt: None };
        assert_eq!(parse_areas(text, &props).unwrap()[0].name, "Harbour");
    }

    #[test]
    fn reads_the_shipped_ward_files() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../server/data/boundaries/gb/wards/W06000015.json"
        ))
        .unwrap();
        let areas = parse_areas(&text, &PropertyNames::default()).unwrap();
        assert_eq!(areas.len(), 28, "Cardiff's wards since May 2022");
        let cathays = areas.iter().find(|a| a.name == "Cathays").unwrap();
        assert_eq!(cathays.name_alt, None, "Welsh name equal to English is not repeated");
        let splott = areas.iter().find(|a| a.name == "Splott").unwrap();
        assert_eq!(splott.name_alt.as_deref(), Some("Y Sblot"));
    }
}
