//! Which shapes may hold a point: a grid of small squares, each listing the shapes whose
//! bounding box reaches into it.
//!
//! For a point query this answers in two hash lookups, where an R-tree walk took half of a
//! whole point -> ward lookup. A ward is listed in the 0.02° squares (about 2 km) its box
//! covers; a shape too big for that (a Highland ward, a Canadian province) is listed in
//! 1° squares instead, so no shape fills thousands of small squares. Over the UK's wards a
//! small square lists 2.6 shapes on average and 29 at most.

use geo::Rect;
use std::collections::HashMap;

const FINE_DEG: f64 = 0.02;
const COARSE_DEG: f64 = 1.0;
/// A shape whose box covers more fine squares than this is listed in the coarse ones.
const MOST_FINE_SQUARES: i64 = 256;

#[derive(Default)]
pub struct PointGrid {
    fine: HashMap<(i32, i32), Vec<u32>>,
    coarse: HashMap<(i32, i32), Vec<u32>>,
}

impl PointGrid {
    /// A grid of the shapes with these bounding boxes (`None`: an empty shape), each known by
    /// its position in `boxes`.
    pub fn new(boxes: &[Option<Rect<f64>>]) -> Self {
        let mut grid = PointGrid::default();
        for (i, rect) in boxes.iter().enumerate() {
            let Some(rect) = rect else { continue };
            let fine = squares(rect, FINE_DEG);
            let count = |r: &std::ops::RangeInclusive<i32>| i64::from(*r.end()) - i64::from(*r.start()) + 1;
            let (map, (xs, ys)) = if count(&fine.0) * count(&fine.1) <= MOST_FINE_SQUARES {
                (&mut grid.fine, fine)
            } else {
                (&mut grid.coarse, squares(rect, COARSE_DEG))
            };
            for x in xs {
                for y in ys.clone() {
                    map.entry((x, y)).or_default().push(i as u32);
                }
            }
        }
        grid
    }

    /// The shapes whose bounding box may hold the point (`x`, `y`), each once, in no order.
    pub fn candidates(&self, x: f64, y: f64) -> impl Iterator<Item = usize> + '_ {
        let fine = listed(&self.fine, x, y, FINE_DEG);
        fine.iter().chain(listed(&self.coarse, x, y, COARSE_DEG)).map(|&i| i as usize)
    }
}

fn listed(map: &HashMap<(i32, i32), Vec<u32>>, x: f64, y: f64, size: f64) -> &[u32] {
    map.get(&(square(x, size), square(y, size))).map(Vec::as_slice).unwrap_or_default()
}

fn square(v: f64, size: f64) -> i32 {
    (v / size).floor() as i32
}

fn squares(rect: &Rect<f64>, size: f64) -> (std::ops::RangeInclusive<i32>, std::ops::RangeInclusive<i32>) {
    (square(rect.min().x, size)..=square(rect.max().x, size), square(rect.min().y, size)..=square(rect.max().y, size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_shape_whose_box_holds_the_point() {
        let r = |x0, y0, x1, y1| Some(Rect::new((x0, y0), (x1, y1)));
        let boxes = [
            r(-0.10, 51.50, -0.09, 51.51),   // a small London ward
            r(-0.095, 51.505, -0.08, 51.52), // its neighbour, overlapping
            None,                            // a shape with no points
            r(-141.0, 60.0, -61.0, 83.0),    // a Canadian territory: coarse squares
            r(-0.0201, 51.49, 0.0, 51.5),    // on square edges (0° and -0.02°)
        ];
        let grid = PointGrid::new(&boxes);
        let cases: &[(f64, f64, &[usize])] = &[
            (-0.092, 51.507, &[0, 1]),
            (-0.0999, 51.5001, &[0]),
            (-100.0, 70.0, &[3]),
            (-0.0, 51.495, &[4]),
            (-0.0201, 51.49, &[4]),
            (10.0, 10.0, &[]),
        ];
        for &(x, y, want) in cases {
            let mut got: Vec<usize> = grid.candidates(x, y).collect();
            got.sort();
            // Candidates may include a shape whose box is near but not over the point (the
            // caller tests the shape itself); they never miss one whose box holds it.
            for w in want {
                assert!(got.contains(w), "({x}, {y}): {got:?} lacks {w}");
            }
            assert!(got.iter().all(|i| boxes[*i].is_some()), "({x}, {y}): {got:?}");
        }
        assert!(grid.candidates(10.0, 10.0).next().is_none());
    }
}
