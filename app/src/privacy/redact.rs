//! Finding personal details in text and proposing a redacted version.
//!
//! Each kind has its own finder; [`scan`] runs them in a fixed priority order (email, date of
//! birth, phone, address, postcode, vehicle registration) and keeps a span only if it does not
//! overlap one already kept. So the result is sorted and never overlaps, and the more specific
//! rule wins (an email's digits are never also a phone number).
//!
//! The rules, and the decisions behind them:
//! - **Phone**: a run of digit groups (separated by a space, `-` or `.`, with optional brackets)
//!   that is a UK or overseas national number (starts with `0`, 9 to 11 digits), an
//!   international one (`+` or `00`, 8 to 15 digits; `+44` must then have a UK length), a North
//!   American `(416) 555-0123`, or 7 to 11 digits right after a word like "phone" or "ring"
//!   (local numbers such as `22 12 34 56`). Never 999, 101 or 111 (too short), and not the UK
//!   organisation ranges 03, 080, 084 and 087 (Crimestoppers, council contact centres), which
//!   identify no one. An organisation's ordinary landline cannot be told from a person's and is
//!   flagged; the author can keep it. `05-06-2020` style dates and times fail the grouping.
//! - **Email**: `name@domain.tld`, also `name [at] domain [dot] tld` and, with a common ending,
//!   `name dot surname at domain dot com`.
//! - **Postcode**: a full UK postcode with a real postcode area (`M1 1AD`, `CF24 4HQ`, `m11ad`),
//!   and a full Canadian one (`M5V 3L9`). An outward code alone (`M1`, `CF24`, `M60`) covers
//!   thousands of homes and is not flagged; nor are four-digit codes (NZ, AU, Nordic), which
//!   cannot be told from other numbers.
//! - **Vehicle registration**: the current UK format `AB12 CDE` in capitals anywhere. Older
//!   prefix `A123 BCD`, suffix `ABC 123D` and Northern Irish `ABZ 1234` formats, and the current
//!   format in lower case, only with a vehicle word within a few words ("car", "van", "reg", a
//!   make), because alone they look like codes; older formats also only in capitals and not
//!   with jargon letters ("M60 GMP", "C220 AMG"). Cherished plates (`JOE 1`) are not found.
//! - **Address**: a house number (with a letter or a range, optionally after "Flat 3,") and a
//!   capitalised street name ending in a street type: `14 Oldham Street`, `12a Cathays Terrace`,
//!   `221B Baker St`; also "number 7 on Station Road", `Flat 12, Kingston House`, a named house
//!   on a street (`Rose Cottage, Mill Lane`), Welsh `14 Heol y Deri` and Nordic `Storgata 12`.
//!   The span ends at the street: a following town is public and a following postcode is its
//!   own Postcode flag. A street without a number ("on Oldham Street", "the A6") is public.
//!   House numbers have at most three digits, so years ("since 2019 Oldham Road") are not read
//!   as house numbers; a street in lower case is not found, as "3 arrests on market street"
//!   would then look like an address.
//! - **Date of birth**: a date (`12/03/1985`, `1985-03-12`, `3 March 1990`, `March 1990`) only
//!   when a birth cue comes just before it ("DOB", "date of birth", "born", Welsh "ganwyd"), or
//!   a full date right after a person's age ("Man, 34, 12/03/1990"). Only the date is flagged,
//!   so "DOB [date of birth removed]" still reads. Plain dates ("on 12/03/2026 we patrolled"),
//!   ages ("aged 15") and a year alone ("born in 1990") are not flagged.

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A kind of personal detail the guard looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Phone,
    Email,
    Postcode,
    VehicleReg,
    Address,
    DateOfBirth,
}

impl PiiKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [PiiKind] = &[
        PiiKind::Phone,
        PiiKind::Email,
        PiiKind::Postcode,
        PiiKind::VehicleReg,
        PiiKind::Address,
        PiiKind::DateOfBirth,
    ];

    /// The wire name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Phone => "phone",
            PiiKind::Email => "email",
            PiiKind::Postcode => "postcode",
            PiiKind::VehicleReg => "vehicle_reg",
            PiiKind::Address => "address",
            PiiKind::DateOfBirth => "date_of_birth",
        }
    }

    /// A name to show the author next to a flag.
    pub fn label(self) -> &'static str {
        match self {
            PiiKind::Phone => "Phone number",
            PiiKind::Email => "Email address",
            PiiKind::Postcode => "Postcode",
            PiiKind::VehicleReg => "Vehicle registration",
            PiiKind::Address => "Address",
            PiiKind::DateOfBirth => "Date of birth",
        }
    }

    /// What the detail is replaced with in the redacted text.
    pub fn placeholder(self) -> &'static str {
        match self {
            PiiKind::Phone => "[phone number removed]",
            PiiKind::Email => "[email removed]",
            PiiKind::Postcode => "[postcode removed]",
            PiiKind::VehicleReg => "[vehicle registration removed]",
            PiiKind::Address => "[address removed]",
            PiiKind::DateOfBirth => "[date of birth removed]",
        }
    }
}

/// One flagged span: byte offsets into the scanned text, on char boundaries, `end` exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: PiiKind,
    pub start: usize,
    pub end: usize,
}

/// What the author is shown before publishing: the flags and the proposed text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub flags: Vec<Flag>,
    pub redacted: String,
}

/// A rule for one kind: the byte ranges it claims, in any order, possibly overlapping.
type Finder = fn(&str) -> Vec<(usize, usize)>;

/// Every flagged span, sorted by start, non-overlapping.
///
/// Where two rules claim overlapping text the higher-priority kind keeps it (see the module
/// doc). An address followed by a postcode gives two flags, Address then Postcode.
pub fn scan(text: &str) -> Vec<Flag> {
    let finders: [(PiiKind, Finder); 6] = [
        (PiiKind::Email, email_spans),
        (PiiKind::DateOfBirth, birth_date_spans),
        (PiiKind::Phone, phone_spans),
        (PiiKind::Address, address_spans),
        (PiiKind::Postcode, postcode_spans),
        (PiiKind::VehicleReg, vehicle_spans),
    ];
    // Keyed by start; the invariant "no two overlap" makes the overlap test one lookup.
    let mut kept: BTreeMap<usize, (usize, PiiKind)> = BTreeMap::new();
    for (kind, find) in finders {
        for (start, end) in find(text) {
            let clashes = kept.range(..end).next_back().is_some_and(|(_, &(prev_end, _))| prev_end > start);
            if start < end && !clashes {
                kept.insert(start, (end, kind));
            }
        }
    }
    kept.into_iter().map(|(start, (end, kind))| Flag { kind, start, end }).collect()
}

/// The text with each flagged span replaced by its kind's placeholder.
///
/// Flags may come from a client, so they are checked rather than trusted: ones out of range
/// or off a char boundary are ignored, and a flag overlapping an earlier one only extends the
/// text that the earlier placeholder replaces.
pub fn redact(text: &str, flags: &[Flag]) -> String {
    let mut sorted: Vec<&Flag> = flags
        .iter()
        .filter(|f| f.start < f.end && f.end <= text.len())
        .filter(|f| text.is_char_boundary(f.start) && text.is_char_boundary(f.end))
        .collect();
    sorted.sort_by_key(|f| (f.start, f.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for flag in sorted {
        if flag.start < cursor {
            cursor = cursor.max(flag.end);
            continue;
        }
        out.push_str(&text[cursor..flag.start]);
        out.push_str(flag.kind.placeholder());
        cursor = flag.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// Scans and redacts in one go.
pub fn review(text: &str) -> Review {
    let flags = scan(text);
    let redacted = redact(text, &flags);
    Review { flags, redacted }
}

/// Compiles a pattern written in this file; a typo fails every test at once.
fn pattern(source: &str) -> Regex {
    Regex::new(source).unwrap_or_else(|e| panic!("privacy pattern does not compile: {e}"))
}

/// `(?:a|b|c)`: long alternations stay readable as lists.
fn any_of(alternatives: &[&str]) -> String {
    format!("(?:{})", alternatives.join("|"))
}

/// The part of `text` from about `before` bytes ahead of `start` to about `after` bytes past
/// `end`, widened to char boundaries.
fn window(text: &str, start: usize, end: usize, before: usize, after: usize) -> &str {
    let mut from = start.saturating_sub(before);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = end.saturating_add(after).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|head| head.chars().next_back())
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|tail| tail.chars().next())
}

fn spans<'t>(matches: impl Iterator<Item = regex::Match<'t>>) -> Vec<(usize, usize)> {
    matches.map(|m| (m.start(), m.end())).collect()
}

// ---- Email -------------------------------------------------------------------------------

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

fn email_spans(text: &str) -> Vec<(usize, usize)> {
    spans(EMAIL.find_iter(text).chain(EMAIL_SPELT.find_iter(text)))
}

// ---- Date of birth -----------------------------------------------------------------------

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

fn birth_date_spans(text: &str) -> Vec<(usize, usize)> {
    let dates = |re: &'static Regex| re.captures_iter(text).filter_map(|c: Captures| c.name("date"));
    spans(dates(&BIRTH_DATE).chain(dates(&DATE_AFTER_AGE)))
}

// ---- Phone -------------------------------------------------------------------------------

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

fn phone_spans(text: &str) -> Vec<(usize, usize)> {
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

// ---- Address -----------------------------------------------------------------------------

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

fn address_spans(text: &str) -> Vec<(usize, usize)> {
    // "14:30 Oldham Street" and "£5 Market Street" are not house numbers.
    spans(ADDRESS.find_iter(text).filter(|m| !char_before(text, m.start()).is_some_and(|c| ":./£$€".contains(c))))
}

// ---- Postcode ----------------------------------------------------------------------------

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

fn postcode_spans(text: &str) -> Vec<(usize, usize)> {
    let real_area = |c: &Captures| c.name("area").is_none_or(|a| POSTCODE_AREAS.contains(&&*a.as_str().to_uppercase()));
    spans(POSTCODE.captures_iter(text).filter(real_area).filter_map(|c| c.get(0)))
}

// ---- Vehicle registration ----------------------------------------------------------------

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

fn vehicle_spans(text: &str) -> Vec<(usize, usize)> {
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
    use super::*;
    use PiiKind::*;

    /// The flagged pieces of `text`, as (kind, piece) pairs.
    fn found(text: &str) -> Vec<(PiiKind, &str)> {
        scan(text).into_iter().map(|f| (f.kind, &text[f.start..f.end])).collect()
    }

    #[test]
    fn each_kind_is_found_in_its_common_forms() {
        let cases: &[(&str, PiiKind, &str)] = &[
            ("Ring 07700 900123 today", Phone, "07700 900123"),
            ("Mobile 07700900123.", Phone, "07700900123"),
            ("Call 0161 496 0123 or", Phone, "0161 496 0123"),
            ("Tel (029) 2018 0123", Phone, "(029) 2018 0123"),
            ("Abroad: +44 (0)7700 900123", Phone, "+44 (0)7700 900123"),
            ("Abroad: 0044 161 496 0123", Phone, "0044 161 496 0123"),
            ("Cousin on +64 21 555 0142", Phone, "+64 21 555 0142"),
            ("Auckland landline 09 555 0187", Phone, "09 555 0187"),
            ("Landlord (416) 555-0123 in Toronto", Phone, "(416) 555-0123"),
            ("Oslo: ring her on 22 12 34 56", Phone, "22 12 34 56"),
            ("Mail jo.bloggs@example.com.", Email, "jo.bloggs@example.com"),
            ("Write to tom.h [at] example.org", Email, "tom.h [at] example.org"),
            ("Reply to lisa dot jones at example dot com", Email, "lisa dot jones at example dot com"),
            ("Found near M1 1AD", Postcode, "M1 1AD"),
            ("Typed as m11ad", Postcode, "m11ad"),
            ("Reports in CF24 4HQ", Postcode, "CF24 4HQ"),
            ("Visitor from SW1A 1AA", Postcode, "SW1A 1AA"),
            ("Toronto postal code M5V 3L9", Postcode, "M5V 3L9"),
            ("Seen AB12 CDE again", VehicleReg, "AB12 CDE"),
            ("Seen AB12CDE again", VehicleReg, "AB12CDE"),
            ("Car reg ab12cde, grey", VehicleReg, "ab12cde"),
            ("Old car, A123 BCD, abandoned", VehicleReg, "A123 BCD"),
            ("The van was ABC 123D", VehicleReg, "ABC 123D"),
            ("Northern Irish reg ABZ 1234", VehicleReg, "ABZ 1234"),
            ("Lives at 14 Oldham Street now", Address, "14 Oldham Street"),
            ("Lives at Flat 3, 22 Wilmslow Road now", Address, "Flat 3, 22 Wilmslow Road"),
            ("Break-in at 12a Cathays Terrace", Address, "12a Cathays Terrace"),
            ("Letters to 221B Baker St.", Address, "221B Baker St."),
            ("Noise at number 7 on Station Road", Address, "number 7 on Station Road"),
            ("Visit to 2 Heol y Deri", Address, "2 Heol y Deri"),
            ("Staying at Storgata 12 in Oslo", Address, "Storgata 12"),
            ("Owner of Rose Cottage, Mill Lane", Address, "Rose Cottage, Mill Lane"),
            ("Missing, DOB 12/03/1985", DateOfBirth, "12/03/1985"),
            ("She was born 3 March 1990", DateOfBirth, "3 March 1990"),
            ("Date of birth: 1985-03-12", DateOfBirth, "1985-03-12"),
            ("Man, 34, 12/03/1990, arrested", DateOfBirth, "12/03/1990"),
        ];
        for &(text, kind, piece) in cases {
            assert_eq!(found(text), [(kind, piece)], "{text:?}");
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
            "Patrols in Piccadilly, Cathays and the City Centre.",
            "3 arrests and 12 calls since 2019; 87% felt safe; £20 fine.",
            "Shift 07:00-17:00, briefing 06.45.",
            "Shoplifting on Oldham Street; traffic on the A6 and M60 junction 12.",
            "Log 1234 of 12/03 refers; crime ref 06/123456/26; occurrence 2300123456.",
            "The Route 42 bus; a Section 59 warning; aged 15.",
            "On 12/03/2026 we patrolled; on 05-06-2020 too.",
            "He was born in 1990 and raised in Splott.",
            "The M60 GMP unit stopped a car; an Audi Q7 SUV; a Mercedes C220 AMG.",
            "Most calls came from M14 and CF24.",
            "2 of the Oldham Road shops; At 9.30 Park Road was shut.",
            "Flat 3 had its door kicked in.",
            "Version 2.3.1 shipped on 01.03.2026.",
        ];
        for text in texts {
            assert_eq!(found(text), [], "{text:?}");
        }
    }

    #[test]
    fn an_address_then_its_postcode_are_two_flags() {
        let text = "She lives at 22 Wilmslow Road, Manchester M14 6XQ.";
        assert_eq!(found(text), [(Address, "22 Wilmslow Road"), (Postcode, "M14 6XQ")]);
        assert_eq!(review(text).redacted, "She lives at [address removed], Manchester [postcode removed].");
    }

    #[test]
    fn the_more_specific_kind_wins_an_overlap() {
        assert_eq!(found("Mail 07700900123@example.com"), [(Email, "07700900123@example.com")]);
        assert_eq!(found("DOB 05-06-1990"), [(DateOfBirth, "05-06-1990")]);
    }

    #[test]
    fn adjacent_details_are_flagged_and_redacted_separately() {
        let text = "Text 07700 900350/07700 900351 or jo@example.com/0161 496 0123.";
        assert_eq!(
            found(text),
            [(Phone, "07700 900350"), (Phone, "07700 900351"), (Email, "jo@example.com"), (Phone, "0161 496 0123")]
        );
        assert_eq!(
            review(text).redacted,
            "Text [phone number removed]/[phone number removed] or [email removed]/[phone number removed]."
        );
    }

    #[test]
    fn review_gives_flags_and_text_with_every_placeholder() {
        let text = "Ring 07700 900123, mail jo@example.com, M1 1AD, AB12 CDE, 14 Oldham Street, DOB 12/03/1985.";
        let r = review(text);
        let kinds: Vec<PiiKind> = r.flags.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Phone, Email, Postcode, VehicleReg, Address, DateOfBirth]);
        let want = "Ring [phone number removed], mail [email removed], [postcode removed], \
                    [vehicle registration removed], [address removed], DOB [date of birth removed].";
        assert_eq!(r.redacted, want);
        assert_eq!(review("Nothing to see here.").redacted, "Nothing to see here.");
    }

    #[test]
    fn redact_survives_flags_it_did_not_make() {
        let text = "Siân rang 07700 900123 ☎️";
        let phone = text.find('0').unwrap();
        let flags = [
            Flag { kind: Phone, start: phone + 6, end: phone + 12 }, // overlaps the next: absorbed
            Flag { kind: Phone, start: phone, end: phone + 8 },
            Flag { kind: Email, start: 2, end: 3 },   // inside "â": ignored
            Flag { kind: Email, start: 5, end: 500 }, // past the end: ignored
            Flag { kind: Email, start: 4, end: 4 },   // empty: ignored
        ];
        assert_eq!(redact(text, &flags), "Siân rang [phone number removed] ☎️");
        assert_eq!(redact(text, &[]), text);
    }

    #[test]
    fn unicode_text_is_scanned_on_char_boundaries() {
        let text = "Siân 👮‍♀️ rang 07700 900123，居民 ŵ 14 Heol y Deri ☕ jo@example.cymru 😀 M1 1AD 🚓";
        let r = review(text);
        assert_eq!(r.flags.len(), 4, "{:?}", found(text));
        assert_eq!(
            r.redacted,
            "Siân 👮‍♀️ rang [phone number removed]，居民 ŵ [address removed] ☕ [email removed] 😀 [postcode removed] 🚓"
        );
        assert_eq!(found("居民电话07700 900913，请回电"), [(Phone, "07700 900913")]);
    }

    /// Checks the promises of `scan` on any text: sorted, apart, on char boundaries.
    fn assert_well_formed(text: &str) {
        let flags = scan(text);
        for pair in flags.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{pair:?}");
        }
        for f in &flags {
            assert!(f.start < f.end && f.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
        }
        let _ = redact(text, &flags);
    }

    #[test]
    fn hostile_text_of_twenty_thousand_chars_is_handled() {
        let units = [
            "0",
            "0 ",
            "07700 ",
            "+4",
            "(0)",
            "1-",
            "A1 ",
            "AB12 ",
            "1 Oldham ",
            "Flat 1, ",
            "a@",
            "a.",
            " dot ",
            " at ",
            "born ",
            "DOB 1/",
            "😀",
            "ŵ1 ",
            "{",
            "\u{a0}0",
            "M1 1",
            "car A1 ",
            "Heol y ",
            "number 7 on ",
        ];
        for unit in units {
            let text: String = unit.chars().cycle().take(20_000).collect();
            assert_well_formed(&text);
        }
        // A pseudo-random mix of the characters the rules care about.
        let alphabet: Vec<char> = "0123456789 +-.()/:@AaBbMmZz,é😀居\n".chars().collect();
        let mut seed = 0x2545_f491_u32;
        let text: String = (0..20_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                alphabet[seed as usize % alphabet.len()]
            })
            .collect();
        assert_well_formed(&text);
    }

    #[test]
    fn kinds_have_stable_names_labels_and_placeholders() {
        assert_eq!(PiiKind::ALL.len(), 6);
        for &kind in PiiKind::ALL {
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<PiiKind>(&wire).unwrap(), kind);
            assert!(kind.placeholder().starts_with('[') && kind.placeholder().ends_with("removed]"));
            assert!(!kind.label().is_empty());
        }
        assert_eq!(VehicleReg.as_str(), "vehicle_reg");
        assert_eq!(DateOfBirth.placeholder(), "[date of birth removed]");
    }
}
