//! The address rule; what it finds and leaves alone is set out with the other rules in [`super`].

use super::text::{any_of, char_before, pattern, spans};
use regex::Regex;
use std::sync::LazyLock;

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    let street_type = any_of(&[
        "Street",
        "St",
        "Road",
        "Rd",
        "Lane",
        "Ln",
        "Avenue",
        "Ave",
        "Close",
        "Drive",
        "Dr",
        "Way",
        "Terrace",
        "Tce",
        "Crescent",
        "Cres",
        "Place",
        "Pl",
        "Court",
        "Ct",
        "Grove",
        "Gardens",
        "Gdns",
        "Square",
        "Sq",
        "Hill",
        "Parade",
        "Walk",
        "Mews",
        "Row",
        "Rise",
        "Brow",
        "Fold",
        "Croft",
        "Heights",
        "Vale",
        "Boulevard",
        "Blvd",
        "Quay",
        "Wharf",
        "Approach",
        "Circus",
        "Esplanade",
        "Promenade",
        "Chase",
        "Gate",
        "Parkway",
        "Highway",
        "Hwy",
        "Broadway",
    ]);
    let flat = r"(?:\b(?i:Flat|Apartment|Apt\.?|Unit)\s+[0-9]{1,4}[A-Za-z]?,?\s+)";
    let house_number = r"\b[0-9]{1,3}[A-Za-z]?(?:\s?[-–/]\s?[0-9]{1,3}[A-Za-z]?)?\b";
    let number_word = r"\b(?i:number|no\.?)\s+";
    // Capitalised words, then the small words street names carry ("Duke of York Street"), but
    // never first: "2 of the Oldham Road shops" is a count.
    let cap = r"\p{Lu}[\p{L}'’.\-]*";
    let street = format!(r"{cap}(?:\s+(?:{cap}|of|the|and|de|la)){{0,3}}\s+(?i:{street_type})\b\.?");
    let welsh_type = any_of(&["Heol", "Ffordd", "Stryd", "Lôn", "Rhodfa", "Cilgant", "Clos", "Teras", "Maes"]);
    let welsh = format!(r"{welsh_type}(?:\s+(?:{cap}|y|yr|'r)){{1,3}}");
    let any_street = format!("(?:{street}|{welsh})");
    let block = any_of(&[
        "House",
        "Court",
        "Tower",
        "Towers",
        "Point",
        "Lofts",
        "Building",
        "Buildings",
        "Apartments",
        "Mansions",
        "Lodge",
        "Mill",
        "Works",
    ]);
    let house_name = any_of(&[
        "Cottage",
        "Farm",
        "Farmhouse",
        "Lodge",
        "Barn",
        "Rectory",
        "Vicarage",
        "Manor",
        "Villa",
        "Bungalow",
        "Grange",
    ]);
    let nordic_suffix = any_of(&[
        "gatan", "gata", "gate", "vägen", "vegen", "veien", "vej", "gade", "katu", "tie", "stræde", "straße",
        "strasse", "straat", "weg", "allé",
    ]);
    let nordic_word = any_of(&["gate", "gata", "vei", "veg", "vej", "gade"]);
    let nordic_street = format!(r"(?:\p{{Lu}}\p{{L}}*{nordic_suffix}|(?:\p{{Lu}}\p{{L}}+\s+){{1,2}}{nordic_word})");
    pattern(&any_of(&[
        // "14 Oldham Street", "Flat 3, 22 Wilmslow Road", "No. 9 Albert Road", "2 Heol y Deri".
        &format!(r"{flat}?(?:{number_word})?{house_number},?\s+{any_street}"),
        // "number 7 on Station Road".
        &format!(r"{number_word}[0-9]{{1,3}}[A-Za-z]?\s+(?:on|in)\s+{any_street}"),
        // "Flat 12, Kingston House".
        &format!(r"{flat}(?:{cap}\s+){{1,3}}{block}\b"),
        // "Rose Cottage, Mill Lane", "The Old Rectory, Church Lane".
        &format!(r"\b(?:{cap}\s+){{1,3}}{house_name},\s+{street}"),
        // "Storgata 12", "Karl Johans gate 22".
        &format!(r"\b{nordic_street}\s+[0-9]{{1,4}}[A-Za-z]?\b"),
    ]))
});

pub(super) fn address_spans(text: &str) -> Vec<(usize, usize)> {
    // "14:30 Oldham Street" and "£5 Market Street" are not house numbers.
    spans(ADDRESS.find_iter(text).filter(|m| !char_before(text, m.start()).is_some_and(|c| ":./£$€".contains(c))))
}

#[cfg(test)]
mod tests {
    use crate::privacy::redact::{found, PiiKind::Address};

    #[test]
    fn common_forms_are_found() {
        let cases: &[(&str, &str)] = &[
            ("Lives at 14 Oldham Street now", "14 Oldham Street"),
            ("Lives at Flat 3, 22 Wilmslow Road now", "Flat 3, 22 Wilmslow Road"),
            ("Break-in at 12a Cathays Terrace", "12a Cathays Terrace"),
            ("Letters to 221B Baker St.", "221B Baker St."),
            ("Noise at number 7 on Station Road", "number 7 on Station Road"),
            ("Visit to 2 Heol y Deri", "2 Heol y Deri"),
            ("Staying at Storgata 12 in Oslo", "Storgata 12"),
            ("Owner of Rose Cottage, Mill Lane", "Rose Cottage, Mill Lane"),
        ];
        for &(text, piece) in cases {
            assert_eq!(found(text), [(Address, piece)], "{text:?}");
        }
    }

    #[test]
    fn near_misses_are_not_flagged() {
        let texts = [
            "Patrols in Piccadilly, Cathays and the City Centre.",
            "3 arrests and 12 calls since 2019; 87% felt safe; £20 fine.",
            "Shoplifting on Oldham Street; traffic on the A6 and M60 junction 12.",
            "The Route 42 bus; a Section 59 warning; aged 15.",
            "2 of the Oldham Road shops; At 9.30 Park Road was shut.",
            "Flat 3 had its door kicked in.",
        ];
        for text in texts {
            assert_eq!(found(text), [], "{text:?}");
        }
    }
}
