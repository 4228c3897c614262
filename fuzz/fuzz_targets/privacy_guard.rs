//! The privacy guard over any text an officer or reporter writes: never panics, flags lie on
//! the text's char boundaries, in order, without overlap.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let review = app::privacy::review(text);
    let mut last = 0;
    for flag in &review.flags {
        assert!(last <= flag.start && flag.start < flag.end && flag.end <= text.len(), "{text:?}: {flag:?}");
        assert!(text.is_char_boundary(flag.start) && text.is_char_boundary(flag.end), "{text:?}: {flag:?}");
        last = flag.end;
    }
});
