//! The vehicle registration rule; what it finds and leaves alone is set out with the other rules
//! in [`super`].

use super::text::{any_of, pattern, spans, window};
use regex::Regex;
use std::sync::LazyLock;

/// Current (`AB12 CDE`), prefix (`A123 BCD`), suffix (`ABC 123D`) and Northern Irish
/// (`ABZ 1234`, whose letters hold an I or a Z) formats, any case. The older formats never
/// used I, O, Q, U or Z as the year letter, nor I or Q among the three.
static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(&format!(
        r"(?i)\b{}\b",
        any_of(&[
            r"(?P<current>[a-hj-pr-y][a-z][0-7][0-9] ?[a-z]{3})",
            r"[a-hj-npr-tv-y][0-9]{1,3} ?[a-hj-pr-z]{3}",
            r"[a-hj-pr-z]{3} ?[0-9]{1,3}[a-hj-npr-tv-y]",
            r"[a-z](?:[a-z][iz]|i[a-z]) ?[0-9]{1,4}",
        ])
    ))
});

/// A word that makes a plate-shaped code a plate.
static VEHICLE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    let words = any_of(&[
        "reg(?:istration)?",
        "regd",
        "plates?",
        "vrm",
        "index",
        "vehicles?",
        "cars?",
        "vans?",
        "motorbikes?",
        "moped",
        "scooter",
        "taxi",
        "cab",
        "lorry",
        "truck",
        "hgv",
        "pick-?up",
        "hatchback",
        "saloon",
        "estate",
        "4x4",
        "suv",
        "driver",
        "driven",
        "parked",
        "corsa",
        "fiesta",
        "focus",
        "golf",
        "polo",
        "astra",
        "clio",
        "qashqai",
        "prius",
        "transit",
        "sprinter",
        "bmw",
        "audi",
        "mercedes",
        "merc",
        "ford",
        "vauxhall",
        "toyota",
        "nissan",
        "honda",
        "kia",
        "hyundai",
        "peugeot",
        "renault",
        "citro[eë]n",
        "vw",
        "volkswagen",
        "skoda",
        "seat",
        "volvo",
        "land rover",
        "range rover",
        "mini",
        "fiat",
        "tesla",
    ]);
    pattern(&format!(r"(?i)\b{words}\b"))
});

/// Letters that make an older-format shape an organisation or a model, not a plate: "the M60
/// GMP patrol", "a Mercedes C220 AMG". Current-format plates may hold them (`LR19 AMG`).
const NOT_PLATE_LETTERS: &[&str] = &[
    "GMP", "SWP", "BTP", "ASB", "CID", "NHS", "RTC", "MOT", "CPS", "TFL", "TFW", "BBC", "AMG", "HSE", "GTI", "GTD",
    "TDI", "TSI", "RST", "SUV", "AWD", "LWB", "SWB", "XLT", "SEL", "DCI", "DSI",
];

pub(super) fn vehicle_spans(text: &str) -> Vec<(usize, usize)> {
    let plates = PLATE.captures_iter(text).filter_map(|c| {
        let whole = c.get(0)?;
        let plate = whole.as_str();
        let current = c.name("current").is_some();
        let capitals = !plate.chars().any(|ch| ch.is_ascii_lowercase());
        // "00" and "50" are never age identifiers.
        let dated = current && !plate.contains("00") && !plate.contains("50");
        let jargon = !current
            && plate
                .split(|ch: char| ch.is_ascii_digit() || ch == ' ')
                .any(|part| NOT_PLATE_LETTERS.iter().any(|j| j.eq_ignore_ascii_case(part)));
        // Alone, only a current plate in capitals is sure; older formats must also be capitals.
        let cued = || VEHICLE_CUE.is_match(window(text, whole.start(), whole.end(), 60, 40));
        let keep = !jargon && ((dated && capitals) || ((current || capitals) && cued()));
        keep.then_some(whole)
    });
    spans(plates)
}

#[cfg(test)]
mod tests {
    use crate::privacy::redact::{found, PiiKind::VehicleReg};

    #[test]
    fn common_forms_are_found() {
        let cases: &[(&str, &str)] = &[
            ("Seen AB12 CDE again", "AB12 CDE"),
            ("Seen AB12CDE again", "AB12CDE"),
            ("Car reg ab12cde, grey", "ab12cde"),
            ("Old car, A123 BCD, abandoned", "A123 BCD"),
            ("The van was ABC 123D", "ABC 123D"),
            ("Northern Irish reg ABZ 1234", "ABZ 1234"),
        ];
        for &(text, piece) in cases {
            assert_eq!(found(text), [(VehicleReg, piece)], "{text:?}");
        }
    }

    #[test]
    fn near_misses_are_not_flagged() {
        let texts = ["The M60 GMP unit stopped a car; an Audi Q7 SUV; a Mercedes C220 AMG."];
        for text in texts {
            assert_eq!(found(text), [], "{text:?}");
        }
    }
}
