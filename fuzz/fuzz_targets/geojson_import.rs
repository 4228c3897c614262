//! A boundary file an operator imports: never panics; an error is an error, not a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = app::areas::import::parse_areas(text, &app::areas::import::PropertyNames::default());
});
