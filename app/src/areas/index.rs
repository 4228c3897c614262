//! The in-memory ward index: point -> ward and cell -> overlapping wards.
//!
//! A grid of ward bounding boxes (for a point) or an R-tree of them (for a cell or a shape)
//! narrows the search to a few wards; the exact test is done on the real shapes, prepared for
//! fast point tests (`PreparedShape`). Every area's names ride along for search by name
//! (`NameDirectory`). Built from the database at start-up and again when new boundaries are
//! imported.

use super::area::AreaSummary;
use super::cell::CellBounds;
use super::locate::CellArea;
use super::name_search::NameDirectory;
use super::point_grid::PointGrid;
use super::prepared_shape::PreparedShape;
use geo::{BooleanOps, BoundingRect, Intersects, MultiPolygon, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// One ward, its summary and its shape.
pub struct IndexedArea {
    pub summary: AreaSummary,
    pub shape: MultiPolygon<f64>,
    /// How far the shape was simplified, in metres, when known. Where two wards' shapes
    /// overlap (Greater Manchester's 20 m wards spill into their neighbours' 200 m ones), the
    /// finer shape is the better answer.
    pub resolution_m: Option<u32>,
}

impl IndexedArea {
    /// Which of two wards holding a point answers: the finer shape, then the lower code.
    fn rank(&self) -> u32 {
        self.resolution_m.unwrap_or(u32::MAX)
    }
}

/// The index a server answers from. Replaced whole when new boundaries are imported: a
/// request or a feed poll keeps the index it took for as long as it runs.
#[derive(Clone, Default)]
pub struct SharedIndex(std::sync::Arc<std::sync::RwLock<(i64, std::sync::Arc<AreaIndex>)>>);

impl SharedIndex {
    /// An index built from the boundaries of import `version` (see `store::boundaries_version`).
    pub fn new(version: i64, index: impl Into<std::sync::Arc<AreaIndex>>) -> Self {
        SharedIndex(std::sync::Arc::new(std::sync::RwLock::new((version, index.into()))))
    }

    /// The index now.
    pub fn current(&self) -> std::sync::Arc<AreaIndex> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).1.clone()
    }

    /// The import the index was built from.
    pub fn version(&self) -> i64 {
        self.0.read().unwrap_or_else(|e| e.into_inner()).0
    }

    /// Puts a newer index in place.
    pub fn replace(&self, version: i64, index: AreaIndex) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = (version, std::sync::Arc::new(index));
    }
}

#[derive(Default)]
pub struct AreaIndex {
    areas: Vec<IndexedArea>,
    /// `prepared[i]` is `areas[i].shape`, ready for point tests.
    prepared: Vec<PreparedShape>,
    grid: PointGrid,
    tree: RTree<Entry>,
    /// Country outlines, for a position in no ward: which country's numbers to show.
    countries: Vec<IndexedArea>,
    /// Every area's names, wards or not.
    names: NameDirectory,
}

impl AreaIndex {
    /// Builds the index. Areas are ordered by code so a point on a shared border always
    /// resolves to the same ward.
    pub fn new(mut areas: Vec<IndexedArea>) -> Self {
        areas.sort_by(|a, b| a.summary.code.cmp(&b.summary.code));
        let boxes: Vec<_> = areas.iter().map(|a| a.shape.bounding_rect()).collect();
        let entries = boxes
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let r = r.as_ref()?;
                Some(GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), i))
            })
            .collect();
        let prepared = areas.iter().map(|a| PreparedShape::new(&a.shape)).collect();
        let grid = PointGrid::new(&boxes);
        AreaIndex { areas, prepared, grid, tree: RTree::bulk_load(entries), ..Default::default() }
    }

    /// Adds country outlines (a handful; searched in order of code).
    pub fn with_countries(mut self, mut countries: Vec<IndexedArea>) -> Self {
        countries.sort_by(|a, b| a.summary.code.cmp(&b.summary.code));
        self.countries = countries;
        self
    }

    /// Adds every area's names, for search by name.
    pub fn with_names(mut self, names: NameDirectory) -> Self {
        self.names = names;
        self
    }

    /// Every area's names: search by name.
    pub fn names(&self) -> &NameDirectory {
        &self.names
    }

    /// The country whose outline holds the point (`lon`, `lat`), if Beat knows it.
    pub fn country_at(&self, lon: f64, lat: f64) -> Option<&AreaSummary> {
        let point = Point::new(lon, lat);
        self.countries
            .iter()
            .filter(|c| c.shape.bounding_rect().is_some_and(|r| r.intersects(&point)))
            .find(|c| c.shape.intersects(&point))
            .map(|c| &c.summary)
    }

    pub fn len(&self) -> usize {
        self.areas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// The ward containing the point (`lon`, `lat`). Where two wards hold it (a shared border,
    /// or overlapping shapes of different resolutions), the finer shape, then the lower code.
    pub fn lookup(&self, lon: f64, lat: f64) -> Option<&AreaSummary> {
        self.grid
            .candidates(lon, lat)
            .filter(|&i| self.prepared[i].contains(lon, lat))
            .min_by_key(|&i| (self.areas[i].rank(), i))
            .map(|i| &self.areas[i].summary)
    }

    /// The codes of the wards a shape covers part of (touching a border is not enough), by code.
    pub fn wards_meeting(&self, shape: &MultiPolygon<f64>) -> Vec<&str> {
        use geo::Area;
        let Some(r) = shape.bounding_rect() else { return Vec::new() };
        let envelope = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        let mut hits: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&envelope)
            .map(|e| e.data)
            .filter(|&i| {
                let ward = &self.areas[i].shape;
                ward.intersects(shape) && ward.intersection(shape).unsigned_area() > 0.0
            })
            .collect();
        hits.sort_unstable();
        hits.into_iter().map(|i| self.areas[i].summary.code.as_str()).collect()
    }

    /// Every ward overlapping the cell, each clipped to it: finer shapes first (the phone takes
    /// the first ward holding its position, see `pick_area`), then the largest overlap.
    pub fn overlapping(&self, cell: CellBounds) -> Vec<CellArea> {
        use geo::Area;
        let envelope = AABB::from_corners([cell.min_lon, cell.min_lat], [cell.max_lon, cell.max_lat]);
        let rect = Rect::new((cell.min_lon, cell.min_lat), (cell.max_lon, cell.max_lat)).to_polygon();
        let mut hits: Vec<(u32, f64, CellArea)> = self
            .tree
            .locate_in_envelope_intersecting(&envelope)
            .filter_map(|e| {
                let area = &self.areas[e.data];
                let clipped = area.shape.intersection(&MultiPolygon::new(vec![rect.clone()]));
                let size = clipped.unsigned_area();
                (size > 0.0).then(|| (area.rank(), size, CellArea::from_multi_polygon(area.summary.clone(), &clipped)))
            })
            .collect();
        hits.sort_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| b.1.total_cmp(&a.1)).then_with(|| a.2.area.code.cmp(&b.2.area.code))
        });
        hits.into_iter().map(|(_, _, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::area::{AreaCode, AreaLevel};
    use super::super::cell::{CellId, LatLon};
    use super::*;
    use geo::{LineString, Polygon};

    fn ward(code: &str, polygons: Vec<Polygon<f64>>) -> IndexedArea {
        IndexedArea {
            summary: AreaSummary {
                code: AreaCode::parse(code).unwrap(),
                name: code.into(),
                name_alt: None,
                level: AreaLevel::Ward,
                parent_name: None,
            },
            shape: MultiPolygon::new(polygons),
            resolution_m: None,
        }
    }

    #[test]
    fn finds_the_country_of_a_point_outside_every_ward() {
        let country = |code: &str, p: Polygon<f64>| {
            let mut c = ward(code, vec![p]);
            c.summary.level = AreaLevel::Country;
            c
        };
        let index = AreaIndex::new(vec![]).with_countries(vec![
            country("NZ", Polygon::new(square(166.0, -47.0, 179.0, -34.0), vec![])),
            country("GB", Polygon::new(square(-8.0, 49.0, 2.0, 61.0), vec![])),
        ]);
        assert_eq!(index.country_at(174.76, -36.85).map(|c| c.code.as_str()), Some("NZ"), "Auckland");
        assert_eq!(index.country_at(-1.55, 53.80).map(|c| c.code.as_str()), Some("GB"), "Leeds");
        assert_eq!(index.country_at(2.35, 48.86), None, "Paris: a country Beat has no numbers for");
    }

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> LineString<f64> {
        LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    }

    fn index() -> AreaIndex {
        AreaIndex::new(vec![
            // B has a hole filled by C; A is beside B and has two parts.
            ward("BB", vec![Polygon::new(square(1.0, 0.0, 2.0, 1.0), vec![square(1.4, 0.4, 1.6, 0.6)])]),
            ward("CC", vec![Polygon::new(square(1.4, 0.4, 1.6, 0.6), vec![])]),
            ward(
                "AA",
                vec![
                    Polygon::new(square(0.0, 0.0, 1.0, 1.0), vec![]),
                    Polygon::new(square(5.0, 5.0, 6.0, 6.0), vec![]),
                ],
            ),
        ])
    }

    #[test]
    fn shapes_meet_the_wards_they_cover() {
        let idx = index();
        let poly = |x0, y0, x1, y1| MultiPolygon::new(vec![Polygon::new(square(x0, y0, x1, y1), vec![])]);
        assert_eq!(idx.wards_meeting(&poly(0.5, 0.2, 1.5, 0.8)), vec!["AA", "BB", "CC"]);
        assert_eq!(idx.wards_meeting(&poly(5.2, 5.2, 5.3, 5.3)), vec!["AA"], "the second part of AA");
        assert_eq!(idx.wards_meeting(&poly(1.45, 0.45, 1.55, 0.55)), vec!["CC"], "inside B's hole");
        assert!(idx.wards_meeting(&poly(2.0, 0.0, 3.0, 1.0)).is_empty(), "touching B's edge only");
        assert!(idx.wards_meeting(&poly(10.0, 10.0, 11.0, 11.0)).is_empty());
    }

    #[test]
    fn point_in_area_table() {
        let idx = index();
        let cases: &[(f64, f64, Option<&str>)] = &[
            (0.5, 0.5, Some("AA")),
            (5.5, 5.5, Some("AA")), // second part of a MultiPolygon
            (1.2, 0.2, Some("BB")),
            (1.5, 0.5, Some("CC")), // in B's hole
            (1.0, 0.5, Some("AA")), // shared border: lowest code
            (1.4, 0.5, Some("BB")), // on the hole's edge: both B and C, lowest code
            (3.0, 3.0, None),       // outside everything
            (-0.0001, 0.5, None),   // just outside
        ];
        for (lon, lat, want) in cases {
            assert_eq!(idx.lookup(*lon, *lat).map(|a| a.code.as_str()), *want, "({lon}, {lat})");
        }
    }

    #[test]
    fn cell_overlap_clips_to_the_cell() {
        let idx = index();
        let bounds = CellBounds { min_lat: 0.2, max_lat: 0.8, min_lon: 0.8, max_lon: 1.5 };
        let hits = idx.overlapping(bounds);
        let codes: Vec<_> = hits.iter().map(|h| h.area.code.as_str()).collect();
        assert_eq!(codes, ["BB", "AA", "CC"]);
        for hit in &hits {
            for [lon, lat] in hit.shape.iter().flatten().flatten() {
                // Clipping snaps to a fixed grid: allow a micro-degree (about 0.1 m).
                let eps = 1e-6;
                assert!(
                    (0.8 - eps..=1.5 + eps).contains(lon) && (0.2 - eps..=0.8 + eps).contains(lat),
                    "{lon},{lat} outside the cell"
                );
            }
        }
        let far = CellId::containing(LatLon::new(40.0, 40.0).unwrap()).bounds();
        assert!(idx.overlapping(far).is_empty());
    }
}
