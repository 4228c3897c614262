//! The date-of-birth rule; what it finds and leaves alone is set out with the other rules in
//! [`super`].

use super::text::{any_of, pattern, spans};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A month name or abbreviation, English or Welsh.
fn month_pattern() -> String {
    let english = [
        "jan(?:uary)?",
        "feb(?:ruary)?",
        "mar(?:ch)?",
        "apr(?:il)?",
        "may",
        "june?",
        "july?",
        "aug(?:ust)?",
        "sep(?:t(?:ember)?)?",
        "oct(?:ober)?",
        "nov(?:ember)?",
        "dec(?:ember)?",
    ];
    let welsh = [
        "ionawr",
        "chwefror",
        "mawrth",
        "ebrill",
        "mai",
        "mehefin",
        "gorffennaf",
        "awst",
        "medi",
        "hydref",
        "tachwedd",
        "rhagfyr",
    ];
    format!(r"{}\.?", any_of(&[english.as_slice(), welsh.as_slice()].concat()))
}

/// A date: `12/03/1985`, `12.03.85`, `1985-03-12`, `3rd of March 1990`, `March 14, 1988`,
/// `May 2007`; if `year_optional`, also `12 March` and `March 12`.
fn date_pattern(year_optional: bool) -> String {
    let month = month_pattern();
    let ordinal = r"(?:st|nd|rd|th)?";
    let year = if year_optional { r"(?:,?\s+[0-9]{4})?" } else { r",?\s+[0-9]{4}" };
    any_of(&[
        r"[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:[0-9]{4}|[0-9]{2})\b",
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b",
        &format!(r"[0-9]{{1,2}}{ordinal}\s+(?:of\s+)?{month}{year}\b"),
        &format!(r"{month}\s+[0-9]{{4}}\b"),
        &format!(r"{month}\s+[0-9]{{1,2}}{ordinal}{year}\b"),
    ])
}

/// A date after a birth cue ("DOB", "born on the", "date of birth:", Welsh "ganwyd").
static BIRTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let cue = any_of(&[
        r"d[./]?\s?o[./]?\s?b\b\.?",
        r"date\s+of\s+birth",
        r"birth\s?date",
        r"birthday\s*(?:is|was|:)",
        "born",
        r"dyddiad\s+geni",
        "ganwyd",
    ]);
    // A short gap of words ("born in Cardiff on", "DOB's"), but no digits or sentence breaks,
    // so a later unrelated date is not pulled in.
    let gap = r"[\p{L}\s:\-–=('’]{0,24}?";
    pattern(&format!(r"(?i)\b{cue}{gap}(?P<date>{})", date_pattern(true)))
});

/// A full date right after a person's age, as custody and missing-person notes write it:
/// "Man, 34, 12/03/1990", "age 34 (12/03/1990)".
static DATE_AFTER_AGE: LazyLock<Regex> = LazyLock::new(|| {
    let person =
        any_of(&["male", "female", "man", "woman", "boy", "girl", "person", "suspect", "adult", "child", "[mf]"]);
    let age = format!(r"(?:aged?\s+[0-9]{{1,2}}|{person},?\s+[0-9]{{1,2}})(?:\s*(?:yrs?|years?(?:\s+old)?))?");
    pattern(&format!(r"(?i)\b{age}\s*[,(]\s*(?P<date>{})", date_pattern(false)))
});

pub(super) fn birth_date_spans(text: &str) -> Vec<(usize, usize)> {
    let dates = |re: &'static Regex| re.captures_iter(text).filter_map(|c: Captures| c.name("date"));
    spans(dates(&BIRTH_DATE).chain(dates(&DATE_AFTER_AGE)))
}

#[cfg(test)]
mod tests {
    use crate::privacy::redact::{found, PiiKind::DateOfBirth};

    #[test]
    fn common_forms_are_found() {
        let cases: &[(&str, &str)] = &[
            ("Missing, DOB 12/03/1985", "12/03/1985"),
            ("She was born 3 March 1990", "3 March 1990"),
            ("Date of birth: 1985-03-12", "1985-03-12"),
            ("Man, 34, 12/03/1990, arrested", "12/03/1990"),
        ];
        for &(text, piece) in cases {
            assert_eq!(found(text), [(DateOfBirth, piece)], "{text:?}");
        }
    }

    #[test]
    fn near_misses_are_not_flagged() {
        let texts = ["On 12/03/2026 we patrolled; on 05-06-2020 too.", "He was born in 1990 and raised in Splott."];
        for text in texts {
            assert_eq!(found(text), [], "{text:?}");
        }
    }
}
