//! A shape prepared for many point tests.
//!
//! A 200 m ward outline has a few hundred edges, and a general point-in-polygon test reads
//! all of them. Here the edges are sorted once into horizontal bands, so a test reads only
//! the edges crossing the point's band (a handful) and counts crossings of a ray to the east
//! (even-odd, so holes and a multipolygon's separate parts need no special case). A point
//! on an edge counts as inside, as it does for `geo`'s `Intersects`.

use geo::{BoundingRect, LineString, MultiPolygon};

/// Edges per band, on average, that the banding aims for.
const EDGES_PER_BAND: usize = 4;
/// Bands at most, so a shape's table stays small.
const MAX_BANDS: usize = 256;

/// One edge: `[x0, y0, x1, y1]`.
type Edge = [f64; 4];

pub struct PreparedShape {
    min: [f64; 2],
    max: [f64; 2],
    /// Bands per unit of latitude.
    scale: f64,
    /// `edges[starts[b]..starts[b + 1]]` are the edges crossing band `b`.
    starts: Vec<u32>,
    edges: Vec<Edge>,
}

impl PreparedShape {
    pub fn new(shape: &MultiPolygon<f64>) -> Self {
        let Some(rect) = shape.bounding_rect() else {
            return PreparedShape { min: [1.0, 1.0], max: [0.0, 0.0], scale: 0.0, starts: vec![0, 0], edges: vec![] };
        };
        let rings = shape.iter().flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        let all: Vec<Edge> = rings.flat_map(edges_of).collect();
        let (min, max) = ([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
        let bands = (all.len() / EDGES_PER_BAND).clamp(1, MAX_BANDS);
        let height = max[1] - min[1];
        let scale = if height > 0.0 { bands as f64 / height } else { 0.0 };
        let band = |y: f64| (((y - min[1]) * scale) as usize).min(bands - 1);
        // Counting sort of the edges into the bands each one spans.
        let mut starts = vec![0u32; bands + 1];
        for e in &all {
            for b in band(e[1].min(e[3]))..=band(e[1].max(e[3])) {
                starts[b + 1] += 1;
            }
        }
        for b in 0..bands {
            starts[b + 1] += starts[b];
        }
        let mut next = starts.clone();
        let mut edges = vec![[0.0; 4]; starts[bands] as usize];
        for e in &all {
            for b in band(e[1].min(e[3]))..=band(e[1].max(e[3])) {
                edges[next[b] as usize] = *e;
                next[b] += 1;
            }
        }
        PreparedShape { min, max, scale, starts, edges }
    }

    /// Whether the point (`x`, `y`) is inside the shape or on its outline.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        if !(self.min[0] <= x && x <= self.max[0] && self.min[1] <= y && y <= self.max[1]) {
            return false;
        }
        let bands = self.starts.len() - 1;
        let b = (((y - self.min[1]) * self.scale) as usize).min(bands - 1);
        let mut inside = false;
        for &[x0, y0, x1, y1] in &self.edges[self.starts[b] as usize..self.starts[b + 1] as usize] {
            if on_edge(x, y, x0, y0, x1, y1) {
                return true;
            }
            // Half-open in y, so a ray through a vertex counts the two edges meeting there once.
            if (y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0) {
                inside = !inside;
            }
        }
        inside
    }
}

fn edges_of(ring: &LineString<f64>) -> impl Iterator<Item = Edge> + '_ {
    ring.lines().filter(|l| l.start != l.end).map(|l| [l.start.x, l.start.y, l.end.x, l.end.y])
}

fn on_edge(x: f64, y: f64, x0: f64, y0: f64, x1: f64, y1: f64) -> bool {
    x0.min(x1) <= x
        && x <= x0.max(x1)
        && y0.min(y1) <= y
        && y <= y0.max(y1)
        && (x1 - x0) * (y - y0) == (y1 - y0) * (x - x0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Intersects, Point, Polygon};

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(points.to_vec())
    }

    /// A concave outline with a hole, and a second part: every case a ward can have.
    fn shape() -> MultiPolygon<f64> {
        MultiPolygon::new(vec![
            Polygon::new(
                ring(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (2.0, 2.0), (0.0, 4.0), (0.0, 0.0)]),
                vec![ring(&[(1.0, 0.5), (3.0, 0.5), (3.0, 1.5), (1.0, 1.5), (1.0, 0.5)])],
            ),
            Polygon::new(ring(&[(6.0, 6.0), (7.0, 6.0), (7.0, 7.0), (6.0, 7.0), (6.0, 6.0)]), vec![]),
        ])
    }

    #[test]
    fn answers_as_geo_does() {
        let shape = shape();
        let prepared = PreparedShape::new(&shape);
        let cases: &[(f64, f64, bool)] = &[
            (0.5, 0.25, true),  // inside
            (2.0, 1.0, false),  // in the hole
            (2.0, 3.0, false),  // in the notch of the concave top
            (0.5, 3.5, true),   // beside the notch
            (6.5, 6.5, true),   // the second part
            (5.0, 5.0, false),  // between the parts, inside the bounding box
            (0.0, 2.0, true),   // on the outline
            (1.0, 1.0, true),   // on the hole's outline
            (2.0, 2.0, true),   // the notch's vertex
            (4.0, 4.0, true),   // a corner
            (-0.1, 2.0, false), // just outside
            (4.0, 2.0, true),   // on the east edge, which the ray runs along from the vertex
            (3.0, 2.0, true),   // level with the notch's vertex, east of it
            (1.0, 2.0, true),   // level with the notch's vertex, west of it (the ray meets it)
        ];
        for &(x, y, want) in cases {
            assert_eq!(shape.intersects(&Point::new(x, y)), want, "geo at ({x}, {y})");
            assert_eq!(prepared.contains(x, y), want, "prepared at ({x}, {y})");
        }
    }

    #[test]
    fn agrees_with_geo_on_a_grid_of_points() {
        let shape = shape();
        let prepared = PreparedShape::new(&shape);
        for i in -10..=80 {
            for j in -10..=80 {
                let (x, y) = (i as f64 * 0.1 + 0.013, j as f64 * 0.1 + 0.007);
                assert_eq!(prepared.contains(x, y), shape.intersects(&Point::new(x, y)), "({x}, {y})");
            }
        }
    }

    #[test]
    fn an_empty_shape_holds_nothing() {
        assert!(!PreparedShape::new(&MultiPolygon::new(vec![])).contains(0.0, 0.0));
    }
}
