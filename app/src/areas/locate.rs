//! Choosing the resident's ward on the device.
//!
//! The server is told only a coarse cell and answers with every ward that overlaps it,
//! each clipped to the cell. The phone, which alone knows the precise position, picks the
//! ward that contains it. So the answer is exact at ward boundaries while the server never
//! learns more than the cell.

use super::area::AreaSummary;
use super::cell::LatLon;
use geo::{Distance, Euclidean, Intersects, LineString, MapCoords, MultiPolygon, Point, Polygon};
use serde::{Deserialize, Serialize};

/// A ward overlapping a cell, with its shape inside that cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellArea {
    pub area: AreaSummary,
    /// Polygons, each a list of rings (outer first, then holes), each ring `[lon, lat]` pairs.
    pub shape: Vec<Vec<Vec<[f64; 2]>>>,
}

impl CellArea {
    pub fn to_multi_polygon(&self) -> MultiPolygon<f64> {
        let ring = |r: &Vec<[f64; 2]>| LineString::from(r.iter().map(|c| (c[0], c[1])).collect::<Vec<_>>());
        MultiPolygon::new(
            self.shape
                .iter()
                .filter(|rings| !rings.is_empty())
                .map(|rings| Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect()))
                .collect(),
        )
    }

    pub fn from_multi_polygon(area: AreaSummary, shape: &MultiPolygon<f64>) -> Self {
        let ring = |ls: &LineString<f64>| ls.coords().map(|c| [c.x, c.y]).collect::<Vec<_>>();
        CellArea {
            area,
            shape: shape
                .iter()
                .map(|p| std::iter::once(ring(p.exterior())).chain(p.interiors().iter().map(ring)).collect())
                .collect(),
        }
    }
}

/// What the device concluded.
#[derive(Clone, Debug, PartialEq)]
pub enum Located {
    /// The position is inside exactly this ward (on a shared border: the first listed).
    Inside(AreaSummary),
    /// The position is in none of them (GPS drift, a coast or ward edge that 200 m
    /// generalised boundaries miss, or outside the covered areas): the wards of the cell,
    /// nearest first, for the resident to choose from.
    Nearby(Vec<AreaSummary>),
}

/// Picks the ward containing `pos` among the wards overlapping its cell. Where two wards'
/// shapes overlap (Greater Manchester's 20 m wards and their neighbours' 200 m ones), the
/// first in the server's order wins, so the same position always gets the same answer.
pub fn pick_area(pos: LatLon, candidates: &[CellArea]) -> Located {
    let point = Point::new(pos.lon(), pos.lat());
    if let Some(hit) = candidates.iter().find(|c| c.to_multi_polygon().intersects(&point)) {
        return Located::Inside(hit.area.clone());
    }
    // Distances on a plane with longitude shrunk by cos(latitude), so east-west and
    // north-south metres count the same.
    let k = pos.lat().to_radians().cos();
    let scaled = Point::new(pos.lon() * k, pos.lat());
    let mut by_distance: Vec<(f64, &CellArea)> = candidates
        .iter()
        .map(|c| {
            let shape = c.to_multi_polygon().map_coords(|p| geo::coord! { x: p.x * k, y: p.y });
            (Euclidean.distance(&scaled, &shape), c)
        })
        .collect();
    by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
    Located::Nearby(by_distance.into_iter().map(|(_, c)| c.area.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::super::area::{AreaCode, AreaLevel};
    use super::*;

    fn area(code: &str) -> AreaSummary {
        AreaSummary {
            code: AreaCode::parse(code).unwrap(),
            name: code.to_string(),
            name_alt: None,
            level: AreaLevel::Ward,
            parent_name: None,
        }
    }

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
        vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    }

    #[test]
    fn picks_the_containing_ward_and_respects_holes() {
        // West ward with a hole; the hole is filled by an island ward. East ward beside it.
        let west =
            CellArea { area: area("WEST"), shape: vec![vec![square(0.0, 0.0, 1.0, 1.0), square(0.4, 0.4, 0.6, 0.6)]] };
        let island = CellArea { area: area("ISLAND"), shape: vec![vec![square(0.4, 0.4, 0.6, 0.6)]] };
        let east = CellArea {
            area: area("EAST"),
            shape: vec![vec![square(1.0, 0.0, 2.0, 1.0)], vec![square(3.0, 0.0, 4.0, 1.0)]],
        };
        let all = [west, island, east];
        let at = |lon: f64, lat: f64| match pick_area(LatLon::new(lat, lon).unwrap(), &all) {
            Located::Inside(a) => a.code.as_str().to_string(),
            Located::Nearby(list) => format!("nearby:{}", list[0].code),
        };
        assert_eq!(at(0.2, 0.2), "WEST");
        assert_eq!(at(0.5, 0.5), "ISLAND", "a point in West's hole is not West");
        assert_eq!(at(1.5, 0.5), "EAST");
        assert_eq!(at(3.5, 0.5), "EAST", "second part of a MultiPolygon");
        assert_eq!(at(1.0, 0.5), "WEST", "on the shared border: first listed wins");
        assert_eq!(at(2.5, 0.5), "nearby:EAST", "between parts: the nearest first");
        assert_eq!(at(0.5, -0.1), "nearby:WEST", "south of West: West is nearer than the larger East");
    }

    #[test]
    fn shapes_round_trip() {
        let c =
            CellArea { area: area("AB"), shape: vec![vec![square(0.0, 0.0, 1.0, 1.0), square(0.2, 0.2, 0.3, 0.3)]] };
        assert_eq!(CellArea::from_multi_polygon(c.area.clone(), &c.to_multi_polygon()), c);
    }
}
