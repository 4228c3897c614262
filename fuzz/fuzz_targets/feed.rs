//! A fetched body from an agency's feed URL: format detection and parsing (RSS, Atom, JSON
//! Feed, CAP) never panic, whatever the body and its Content-Type.
#![no_main]
use libfuzzer_sys::fuzz_target;

const TYPES: [Option<&str>; 5] =
    [None, Some("application/rss+xml"), Some("application/json"), Some("application/cap+xml"), Some("text/html")];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let _ = app::feeds::format::FeedFormat::detect(body, TYPES[pick as usize % TYPES.len()]);
    let _ = app::feeds::parse::parse(body, None, TYPES[pick as usize % TYPES.len()]);
});
