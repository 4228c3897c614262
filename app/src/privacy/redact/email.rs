//! The email rule; what it finds is set out with the other rules in [`super`].

use super::text::{any_of, pattern, spans};
use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let at = r"(?:@|\s?[\[(]at[\])]\s?)";
    let dot = r"(?:\.|\s?[\[(]dot[\])]\s?)";
    pattern(&format!(r"(?i)[\w.%+'-]+{at}[\w-]+(?:{dot}[\w-]+)*{dot}[a-z]{{2,}}\b"))
});

/// Spelt out in words to dodge spam bots: "lisa dot jones at example dot com". Only with a
/// common ending, so "meet at the café" is never an email.
static EMAIL_SPELT: LazyLock<Regex> = LazyLock::new(|| {
    let tld = any_of(&[
        "com", "org", "net", "uk", "gov", "edu", "nz", "au", "ca", "no", "se", "dk", "fi", "is", "ie", "cymru",
        "wales", "io",
    ]);
    let name = r"[\w+-]+(?:\s+dot\s+[\w+-]+)*";
    pattern(&format!(r"(?i)\b{name}\s+at\s+{name}\s+dot\s+{tld}\b"))
});

pub(super) fn email_spans(text: &str) -> Vec<(usize, usize)> {
    spans(EMAIL.find_iter(text).chain(EMAIL_SPELT.find_iter(text)))
}

#[cfg(test)]
mod tests {
    use crate::privacy::redact::{found, PiiKind::Email};

    #[test]
    fn common_forms_are_found() {
        let cases: &[(&str, &str)] = &[
            ("Mail jo.bloggs@example.com.", "jo.bloggs@example.com"),
            ("Write to tom.h [at] example.org", "tom.h [at] example.org"),
            ("Reply to lisa dot jones at example dot com", "lisa dot jones at example dot com"),
        ];
        for &(text, piece) in cases {
            assert_eq!(found(text), [(Email, piece)], "{text:?}");
        }
    }
}
