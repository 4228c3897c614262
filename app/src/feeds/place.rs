//! Where an imported item is published: the source's default areas, or the real areas an
//! alert's polygon, circle or geocode covers, as coarse as covers it.
//!
//! A flood alert over half of Manchester is published to the wards it touches; one over
//! every ward of a council goes to the council instead, and so on up, so it shows in every
//! feed below without being listed hundreds of times.

use super::item::{Place, Shape};
use crate::areas::index::AreaIndex;
use geo::{Destination, Haversine, LineString, MultiPolygon, Point, Polygon};
use std::collections::{BTreeSet, HashMap};

/// Sides of the polygon that stands in for a CAP circle.
const CIRCLE_SIDES: usize = 32;

/// Each area's parent, and how many children each area has.
#[derive(Default)]
pub struct AreaTree {
    parent: HashMap<String, String>,
    children: HashMap<String, usize>,
}

impl AreaTree {
    /// From `(code, parent_code)` rows.
    pub fn new(rows: impl IntoIterator<Item = (String, Option<String>)>) -> Self {
        let mut tree = AreaTree::default();
        for (code, parent) in rows {
            tree.children.entry(code.clone()).or_default();
            if let Some(parent) = parent {
                *tree.children.entry(parent.clone()).or_default() += 1;
                tree.parent.insert(code, parent);
            }
        }
        tree
    }

    pub fn contains(&self, code: &str) -> bool {
        self.children.contains_key(code)
    }
}

/// Where an item goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Placement {
    Areas(Vec<String>),
    /// The item names a place, and none of it is in Beat's areas.
    Outside,
}

/// The areas for `place`: `defaults` when the item does not say, else the known codes it
/// names plus the wards its shapes cover, coarsened.
pub fn place(place: &Place, index: &AreaIndex, tree: &AreaTree, defaults: &[String]) -> Placement {
    if place.is_unspecified() {
        return Placement::Areas(defaults.to_vec());
    }
    let mut codes: BTreeSet<String> =
        place.codes.iter().map(|c| c.trim().to_ascii_uppercase()).filter(|c| tree.contains(c)).collect();
    for shape in &place.shapes {
        codes.extend(index.wards_meeting(&to_polygon(shape)).into_iter().map(str::to_string));
    }
    let codes = coarsen(codes, tree);
    if codes.is_empty() {
        Placement::Outside
    } else {
        Placement::Areas(codes.into_iter().collect())
    }
}

/// Replaces every complete set of siblings by their parent, repeatedly; an area already
/// covered by an ancestor in the set is dropped.
pub fn coarsen(mut codes: BTreeSet<String>, tree: &AreaTree) -> BTreeSet<String> {
    loop {
        let mut by_parent: HashMap<&str, usize> = HashMap::new();
        for code in &codes {
            if let Some(parent) = tree.parent.get(code) {
                *by_parent.entry(parent).or_default() += 1;
            }
        }
        let complete: Vec<String> = by_parent
            .into_iter()
            .filter(|(parent, n)| tree.children.get(*parent) == Some(n))
            .map(|(parent, _)| parent.to_string())
            .collect();
        if complete.is_empty() {
            break;
        }
        codes.retain(|c| tree.parent.get(c).is_none_or(|p| !complete.contains(p)));
        codes.extend(complete);
    }
    let covered = |code: &String| {
        let mut at = tree.parent.get(code);
        while let Some(p) = at {
            if codes.contains(p) {
                return true;
            }
            at = tree.parent.get(p);
        }
        false
    };
    codes.iter().filter(|c| !covered(c)).cloned().collect()
}

fn to_polygon(shape: &Shape) -> MultiPolygon<f64> {
    let ring = match shape {
        Shape::Polygon(points) => LineString::from(points.clone()),
        Shape::Circle { lon, lat, radius_km } => {
            let centre = Point::new(*lon, *lat);
            let mut points: Vec<Point<f64>> = (0..CIRCLE_SIDES)
                .map(|i| Haversine.destination(centre, i as f64 * 360.0 / CIRCLE_SIDES as f64, radius_km * 1000.0))
                .collect();
            points.push(points[0]);
            LineString::from(points)
        }
    };
    MultiPolygon::new(vec![Polygon::new(ring, vec![])])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::area::{AreaCode, AreaLevel, AreaSummary};
    use crate::areas::index::IndexedArea;

    fn tree() -> AreaTree {
        let rows = [
            ("GB", None),
            ("F1", Some("GB")),
            ("C1", Some("F1")),
            ("C2", Some("F1")),
            ("W1", Some("C1")),
            ("W2", Some("C1")),
            ("W3", Some("C2")),
            ("W4", Some("C2")),
            ("W5", Some("C2")),
        ];
        AreaTree::new(rows.into_iter().map(|(c, p)| (c.to_string(), p.map(str::to_string))))
    }

    fn set(codes: &[&str]) -> BTreeSet<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn complete_sets_of_wards_become_their_council_and_up() {
        let t = tree();
        let cases: &[(&[&str], &[&str])] = &[
            (&["W1"], &["W1"]),
            (&["W1", "W2"], &["C1"]),
            (&["W1", "W2", "W3"], &["C1", "W3"]),
            (&["W1", "W2", "W3", "W4", "W5"], &["GB"]),
            (&["C1", "W1", "W4"], &["C1", "W4"]),
            (&["F1", "W3"], &["GB"]),
            (&[], &[]),
        ];
        for (given, want) in cases {
            assert_eq!(coarsen(set(given), &t), set(want), "{given:?}");
        }
    }

    #[test]
    fn shapes_and_codes_find_areas() {
        let square = |x0: f64, x1: f64| vec![(x0, 53.0), (x1, 53.0), (x1, 53.1), (x0, 53.1), (x0, 53.0)];
        let ward = |code: &str, ring: Vec<(f64, f64)>| IndexedArea {
            summary: AreaSummary {
                code: AreaCode::parse(code).unwrap(),
                name: code.into(),
                name_alt: None,
                level: AreaLevel::Ward,
                parent_name: None,
            },
            shape: MultiPolygon::new(vec![Polygon::new(LineString::from(ring), vec![])]),
            resolution_m: None,
        };
        let index = AreaIndex::new(vec![ward("W1", square(-2.3, -2.2)), ward("W2", square(-2.2, -2.1))]);
        let t = tree();
        let defaults = vec!["C1".to_string()];
        let with =
            |shapes: Vec<Shape>, codes: &[&str]| Place { shapes, codes: codes.iter().map(|c| c.to_string()).collect() };
        let areas = |codes: &[&str]| Placement::Areas(codes.iter().map(|c| c.to_string()).collect());

        assert_eq!(place(&Place::default(), &index, &t, &defaults), areas(&["C1"]));
        assert_eq!(
            place(&with(vec![Shape::Polygon(square(-2.25, -2.24))], &[]), &index, &t, &defaults),
            areas(&["W1"])
        );
        // 1 km around a point near the shared border reaches both wards: the whole council.
        let circle = Shape::Circle { lon: -2.2005, lat: 53.05, radius_km: 1.0 };
        assert_eq!(place(&with(vec![circle], &[]), &index, &t, &defaults), areas(&["C1"]));
        let small = Shape::Circle { lon: -2.25, lat: 53.05, radius_km: 0.1 };
        assert_eq!(place(&with(vec![small], &["w4"]), &index, &t, &defaults), areas(&["W1", "W4"]));
        assert_eq!(
            place(&with(vec![Shape::Polygon(square(10.0, 10.1))], &["E99"]), &index, &t, &defaults),
            Placement::Outside
        );
    }
}
