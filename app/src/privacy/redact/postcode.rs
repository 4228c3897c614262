//! The postcode rule; what it finds and leaves alone is set out with the other rules in [`super`].

use super::text::{any_of, pattern, spans};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// The UK postcode areas, so that "XX1 1AA"-shaped codes that are not postcodes are left.
const POSTCODE_AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB", "CF", "CH", "CM",
    "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX",
    "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE",
    "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG",
    "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG",
    "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// UK, any case (the inward code never uses C, I, K, M, O or V, so "A6 9am" is safe), and
/// Canadian in capitals.
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&any_of(&[
        r"(?i:\b(?P<area>[a-z]{1,2})[0-9][a-z0-9]?[ \u{a0}]{0,2}[0-9][abd-hjlnp-uw-z]{2}\b)",
        r"\bGIR ?0AA\b",
        r"\b[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]\b",
    ]))
});

pub(super) fn postcode_spans(text: &str) -> Vec<(usize, usize)> {
    let real_area = |c: &Captures| c.name("area").is_none_or(|a| POSTCODE_AREAS.contains(&&*a.as_str().to_uppercase()));
    spans(POSTCODE.captures_iter(text).filter(real_area).filter_map(|c| c.get(0)))
}

#[cfg(test)]
mod tests {
    use crate::privacy::redact::{found, PiiKind::Postcode};

    #[test]
    fn common_forms_are_found() {
        let cases: &[(&str, &str)] = &[
            ("Found near M1 1AD", "M1 1AD"),
            ("Typed as m11ad", "m11ad"),
            ("Reports in CF24 4HQ", "CF24 4HQ"),
            ("Visitor from SW1A 1AA", "SW1A 1AA"),
            ("Toronto postal code M5V 3L9", "M5V 3L9"),
        ];
        for &(text, piece) in cases {
            assert_eq!(found(text), [(Postcode, piece)], "{text:?}");
        }
    }

    #[test]
    fn near_misses_are_not_flagged() {
        let texts = ["Most calls came from M14 and CF24."];
        for text in texts {
            assert_eq!(found(text), [], "{text:?}");
        }
    }
}
