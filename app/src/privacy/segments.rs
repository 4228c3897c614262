//! Splitting a text at its flagged spans, so a page can highlight them.

use super::{Flag, PiiKind};
use serde::{Deserialize, Serialize};

/// A run of text, flagged or not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub flag: Option<PiiKind>,
}

/// `text` cut into plain and flagged runs, in order. Flags must be sorted and not overlap
/// (as `scan` returns them); any that do not fit the text are ignored rather than panicking.
pub fn segments(text: &str, flags: &[Flag]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for flag in flags {
        let fits = flag.start >= at
            && flag.end > flag.start
            && text.is_char_boundary(flag.start)
            && text.get(flag.start..flag.end).is_some();
        if !fits {
            continue;
        }
        if flag.start > at {
            out.push(Segment { text: text[at..flag.start].to_string(), flag: None });
        }
        out.push(Segment { text: text[flag.start..flag.end].to_string(), flag: Some(flag.kind) });
        at = flag.end;
    }
    if at < text.len() {
        out.push(Segment { text: text[at..].to_string(), flag: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_flags_and_ignores_bad_ones() {
        let text = "Ring 07700 900123 or é@x.org";
        let flags = [
            Flag { kind: PiiKind::Phone, start: 5, end: 17 },
            Flag { kind: PiiKind::Email, start: 10, end: 12 }, // overlaps: ignored
            Flag { kind: PiiKind::Email, start: 21, end: 30 }, // past the end: ignored
        ];
        let s = segments(text, &flags);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1], Segment { text: "07700 900123".into(), flag: Some(PiiKind::Phone) });
        assert_eq!(s.iter().map(|s| s.text.as_str()).collect::<String>(), text);
    }
}
