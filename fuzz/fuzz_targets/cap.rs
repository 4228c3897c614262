//! A CAP alert from a warning feed: never panics, however malformed its XML and polygons.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = app::feeds::cap::parse(body);
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = app::feeds::cap::parse_polygon(text);
        let _ = app::feeds::cap::parse_circle(text);
    }
});
