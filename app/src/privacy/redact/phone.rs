//! The phone-number rule; what it finds and leaves alone is set out with the other rules in
//! [`super`].

use super::text::{any_of, char_after, char_before, pattern, window};
use regex::Regex;
use std::sync::LazyLock;

/// A run of digit groups that might hold one or more numbers; [`phone_spans`] decides.
static PHONE_RUN: LazyLock<Regex> = LazyLock::new(|| {
    let space = r"[ \u{a0}]";
    let piece = r"\(?[0-9]+\)?";
    let separator = format!(r"(?:{space}?[\-.]{space}?|{space})");
    pattern(&format!(r"(?:\+{space}?)?{piece}(?:{separator}?{piece})*"))
});

/// A word that says a number follows: "phone", "ring her on", "mob:", "tlf.".
static PHONE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    let word = any_of(&[
        "tel(?:ephone)?",
        "phone",
        "mob(?:ile)?",
        "ring",
        "rang",
        "call(?:ed)?",
        "text(?:ed)?",
        "whatsapp",
        "tlf",
        "ph",
        "puh",
        "telefon",
        "mobil",
    ]);
    let then = r"(?:\s+(?:number|no\.?))?(?:\s+(?:her|him|them|me|us|back))?(?:\s+(?:on|at))?";
    pattern(&format!(r"(?i)\b{word}\b\.?{then}\s*[:\-]?\s*$"))
});

/// One group of digits in a run, with its byte range (brackets included).
struct Group<'t> {
    start: usize,
    end: usize,
    digits: &'t str,
}

pub(super) fn phone_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for run in PHONE_RUN.find_iter(text) {
        let groups = digit_groups(text, run.start(), run.end());
        let plus = run.as_str().starts_with('+');
        // "log1234", "£20", "v2.07", "14:30" are not a number's start. Only ASCII letters count,
        // because Chinese or Japanese text puts no space before a number.
        let glued = char_before(text, run.start()).is_some_and(|c| c.is_ascii_alphanumeric() || ".:£$€#".contains(c));
        let mut i = 0;
        while i < groups.len() {
            let found = if i == 0 && glued { None } else { longest_number(text, &groups, i, plus && i == 0) };
            match found {
                Some(j) => {
                    let start = if i == 0 && plus { run.start() } else { groups[i].start };
                    out.push((start, groups[j].end));
                    i = j + 1;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// The digit groups of a run. A bracketed trunk zero, as in `+44 (0)161`, is dropped.
fn digit_groups(text: &str, from: usize, to: usize) -> Vec<Group<'_>> {
    let bytes = text.as_bytes();
    let mut groups = Vec::new();
    let mut at = from;
    while at < to {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let digits_start = at;
        while at < to && bytes[at].is_ascii_digit() {
            at += 1;
        }
        let open = digits_start > from && bytes[digits_start - 1] == b'(';
        let close = at < to && bytes[at] == b')';
        let digits = &text[digits_start..at];
        if digits == "0" && open && close && !groups.is_empty() {
            continue;
        }
        let start = if open { digits_start - 1 } else { digits_start };
        let end = if close { at + 1 } else { at };
        groups.push(Group { start, end, digits });
    }
    groups
}

/// The last group of the longest plausible number starting at group `i`, if any.
fn longest_number(text: &str, groups: &[Group<'_>], i: usize, international: bool) -> Option<usize> {
    let last = groups.len().min(i + 6);
    (i..last).rev().find(|&j| {
        let ends_cleanly = char_after(text, groups[j].end)
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || ":%".contains(c)) || j + 1 < groups.len());
        ends_cleanly && plausible_number(text, &groups[i..=j], international)
    })
}

fn plausible_number(text: &str, groups: &[Group<'_>], international: bool) -> bool {
    let digits: usize = groups.iter().map(|g| g.digits.len()).sum();
    let first = groups[0].digits;
    let later_at_least = |n: usize| groups[1..].iter().all(|g| g.digits.len() >= n);
    let all_digits = || groups.iter().flat_map(|g| g.digits.bytes());
    if international || first.starts_with("00") {
        let (lead, count): (Vec<u8>, usize) = if international {
            (all_digits().take(2).collect(), digits)
        } else {
            (all_digits().skip(2).take(2).collect(), digits - 2)
        };
        // After the country code one short group is normal (+64 9 ...), then groups of 2+.
        let groups_ok = groups.iter().skip(2).all(|g| g.digits.len() >= 2);
        let length_ok = match lead.as_slice() {
            [b'4', b'4'] => (11..=13).contains(&count),
            [b'1', ..] => count == 11,
            _ => (8..=15).contains(&count),
        };
        return groups_ok && length_ok;
    }
    if first.starts_with('0') {
        let starts = |prefix: &str| all_digits().take(prefix.len()).eq(prefix.bytes());
        // Organisation ranges: UK 03 (eleven digits) and 080/084/087 freephone and shared cost.
        let organisation = (digits == 11 && starts("03")) || starts("080") || starts("084") || starts("087");
        // "05-06-2020": two short groups in front are a date, not a number.
        let date_like = first.len() <= 2 && groups.get(1).is_some_and(|g| g.digits.len() <= 2);
        return (9..=11).contains(&digits) && later_at_least(2) && !date_like && !organisation;
    }
    north_american(groups) || (cued_local(text, groups, digits) && later_at_least(2) && first.len() >= 2)
}

/// `(416) 555-0123`, `416-555-0123`, `1 416 555 0123`: area and exchange start with 2-9.
fn north_american(groups: &[Group<'_>]) -> bool {
    let groups = match groups {
        [one, rest @ ..] if one.digits == "1" && rest.len() == 3 => rest,
        _ => groups,
    };
    let lens: Vec<usize> = groups.iter().map(|g| g.digits.len()).collect();
    let leads_ok = groups.iter().take(2).all(|g| g.digits.as_bytes()[0] >= b'2');
    lens == [3, 3, 4] && leads_ok
}

/// A local number without its trunk prefix, only right after a phone word.
fn cued_local(text: &str, groups: &[Group<'_>], digits: usize) -> bool {
    (7..=11).contains(&digits) && PHONE_CUE.is_match(window(text, groups[0].start, groups[0].start, 40, 0))
}

#[cfg(test)]
mod tests {
    use crate::privacy::redact::{found, PiiKind::Phone};

    #[test]
    fn common_forms_are_found() {
        let cases: &[(&str, &str)] = &[
            ("Ring 07700 900123 today", "07700 900123"),
            ("Mobile 07700900123.", "07700900123"),
            ("Call 0161 496 0123 or", "0161 496 0123"),
            ("Tel (029) 2018 0123", "(029) 2018 0123"),
            ("Abroad: +44 (0)7700 900123", "+44 (0)7700 900123"),
            ("Abroad: 0044 161 496 0123", "0044 161 496 0123"),
            ("Cousin on +64 21 555 0142", "+64 21 555 0142"),
            ("Auckland landline 09 555 0187", "09 555 0187"),
            ("Landlord (416) 555-0123 in Toronto", "(416) 555-0123"),
            ("Oslo: ring her on 22 12 34 56", "22 12 34 56"),
        ];
        for &(text, piece) in cases {
            assert_eq!(found(text), [(Phone, piece)], "{text:?}");
        }
    }

    #[test]
    fn near_misses_are_not_flagged() {
        let texts = [
            "999",
            "Call 101 or 111",
            "Call 999 in an emergency.",
            "Crimestoppers: 0800 555 111.",
            "Council tax: 0300 123 4567.",
            "We met at 14:30, then 10pm, between 9 and 11.",
            "Shift 07:00-17:00, briefing 06.45.",
            "Log 1234 of 12/03 refers; crime ref 06/123456/26; occurrence 2300123456.",
            "Version 2.3.1 shipped on 01.03.2026.",
        ];
        for text in texts {
            assert_eq!(found(text), [], "{text:?}");
        }
    }
}
