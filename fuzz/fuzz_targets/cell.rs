//! A location cell from a phone (`/api/locate?cell=…`): never panics; what parses is on the
//! grid, inside the world, and writes back as the same cell.
#![no_main]
use app::areas::cell::CellId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    if let Ok(cell) = CellId::parse(raw) {
        let b = cell.bounds();
        assert!(-90.0 <= b.min_lat && b.min_lat < b.max_lat && b.max_lat <= 90.0, "{raw:?}: {b:?}");
        assert!(-180.0 <= b.min_lon && b.min_lon < b.max_lon && b.max_lon <= 180.0, "{raw:?}: {b:?}");
        assert_eq!(CellId::parse(&cell.to_string()), Ok(cell), "{raw:?}");
    }
});
