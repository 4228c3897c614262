//! Coarsening a precise position into a cell of about a kilometre or more.
//!
//! This runs on the phone: the precise [`LatLon`] never leaves it, only the [`CellId`].
//! The grid has rows of 0.01° latitude (1.11 km). Each row is cut into columns whose
//! width is a whole multiple of 0.01° longitude, chosen so the column is at least as
//! wide as the row is tall at the row's pole-ward edge: every cell is at least
//! 1.11 km × 1.11 km anywhere on Earth, growing wider (never narrower) towards the poles.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Row height, in hundredths of a degree.
const STEP_CENTIDEG: i32 = 1;
const STEP_DEG: f64 = STEP_CENTIDEG as f64 / 100.0;
const ROWS_PER_HEMISPHERE: i32 = 9000;

/// A precise position in WGS84 degrees. Only ever exists on the device.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    lat: f64,
    lon: f64,
}

impl LatLon {
    /// Checks the ranges: latitude -90..=90, longitude -180..=180, both finite.
    pub fn new(lat: f64, lon: f64) -> Result<Self, String> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(format!("latitude {lat} is outside -90..90"));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("longitude {lon} is outside -180..180"));
        }
        Ok(LatLon { lat, lon })
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }
}

/// A coarse cell of the grid: what the server is told instead of a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CellId {
    row: i32,
    col: i32,
}

/// The bounds of a cell in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellBounds {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

impl CellId {
    /// The cell that contains `pos`.
    pub fn containing(pos: LatLon) -> Self {
        let row = ((pos.lat / STEP_DEG).floor() as i32).clamp(-ROWS_PER_HEMISPHERE, ROWS_PER_HEMISPHERE - 1);
        let width = col_width_deg(row);
        let cols = cols_in_row(row);
        let col = (((pos.lon + 180.0) / width).floor() as i32).clamp(0, cols - 1);
        CellId { row, col }
    }

    /// Parses the wire form `ROW_COL`, e.g. `5347_8871`, checking both are on the grid.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let err = || {
            format!(
                "'{}' is not a location cell (expected ROW_COL, like 5347_8871).",
                raw.chars().take(32).collect::<String>()
            )
        };
        let (row, col) = raw.trim().split_once('_').ok_or_else(err)?;
        let row: i32 = row.parse().map_err(|_| err())?;
        let col: i32 = col.parse().map_err(|_| err())?;
        if !(-ROWS_PER_HEMISPHERE..ROWS_PER_HEMISPHERE).contains(&row) || !(0..cols_in_row(row)).contains(&col) {
            return Err(err());
        }
        Ok(CellId { row, col })
    }

    pub fn bounds(self) -> CellBounds {
        let min_lat = self.row as f64 * STEP_DEG;
        let width = col_width_deg(self.row);
        let min_lon = -180.0 + self.col as f64 * width;
        CellBounds { min_lat, max_lat: (min_lat + STEP_DEG).min(90.0), min_lon, max_lon: (min_lon + width).min(180.0) }
    }
}

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.row, self.col)
    }
}

/// Column width of a row, a whole number of 0.01° steps, so that it is at least as wide
/// on the ground as the row is tall (at the row's edge nearer the pole).
fn col_width_deg(row: i32) -> f64 {
    let poleward_lat = if row >= 0 { (row + 1) as f64 * STEP_DEG } else { row as f64 * STEP_DEG };
    let cos = poleward_lat.to_radians().cos().max(1e-6);
    let steps = (1.0 / cos).ceil().min(36_000.0);
    steps * STEP_DEG
}

fn cols_in_row(row: i32) -> i32 {
    (360.0 / col_width_deg(row)).ceil() as i32
}

/// Ground size of a cell in metres (north-south, east-west at its middle), for tests and docs.
pub fn cell_size_m(cell: CellId) -> (f64, f64) {
    const M_PER_DEG: f64 = 111_195.0;
    let b = cell.bounds();
    let mid = ((b.min_lat + b.max_lat) / 2.0).to_radians();
    ((b.max_lat - b.min_lat) * M_PER_DEG, (b.max_lon - b.min_lon) * M_PER_DEG * mid.cos())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).unwrap()
    }

    #[test]
    fn positions_are_validated() {
        assert!(LatLon::new(53.4774, -2.2309).is_ok());
        for (lat, lon) in [(91.0, 0.0), (-90.1, 0.0), (0.0, 180.5), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            assert!(LatLon::new(lat, lon).is_err(), "{lat},{lon}");
        }
    }

    #[test]
    fn cells_contain_their_position_and_are_at_least_a_km() {
        // (lat, lon) across the eight countries of the brief, the equator and near the poles.
        let cases = [
            (53.4774, -2.2309),   // Manchester Piccadilly
            (51.4822, -3.1810),   // Cardiff Castle
            (-36.8485, 174.7633), // Auckland
            (-33.8688, 151.2093), // Sydney
            (43.6532, -79.3832),  // Toronto
            (59.3293, 18.0686),   // Stockholm
            (64.1466, -21.9426),  // Reykjavik
            (52.3676, 4.9041),    // Amsterdam
            (69.6492, 18.9553),   // Tromsø-ish latitude (Lapland)
            (0.0, 0.0),
            (-0.004, -0.004),
            (89.999, 179.999),
            (-89.999, -179.999),
            (45.0, 180.0),
            (45.0, -180.0),
        ];
        for (lat, lon) in cases {
            let cell = CellId::containing(pos(lat, lon));
            let b = cell.bounds();
            assert!(b.min_lat <= lat && lat <= b.max_lat, "{lat} not in {b:?}");
            assert!(b.min_lon <= lon && lon <= b.max_lon + 1e-9, "{lon} not in {b:?}");
            let (ns, ew) = cell_size_m(cell);
            assert!(ns >= 1_000.0, "{lat},{lon}: {ns} m tall");
            if lat.abs() < 89.0 {
                assert!(ew >= 1_000.0, "{lat},{lon}: {ew} m wide");
            }
            assert_eq!(CellId::parse(&cell.to_string()), Ok(cell));
        }
    }

    #[test]
    fn nearby_positions_share_a_cell_and_the_cell_hides_the_digits() {
        let a = CellId::containing(pos(53.47741, -2.23091));
        let b = CellId::containing(pos(53.47702, -2.23403));
        assert_eq!(a, b);
        let wire = a.to_string();
        assert!(!wire.contains("53.47") && !wire.contains("2.23"), "{wire}");
    }

    #[test]
    fn malformed_cells_are_refused() {
        for raw in [
            "",
            "5347",
            "5347_",
            "_12",
            "a_b",
            "5347_-1",
            "9000_0",
            "-9001_0",
            "5347_99999",
            "1.5_2",
            "5347_8871_1",
            "53.4774,-2.2309",
        ] {
            assert!(CellId::parse(raw).is_err(), "{raw:?} accepted");
        }
    }
}
