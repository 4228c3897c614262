//! Finding personal details in text and proposing a redacted version.
//!
//! Each kind has its own finder, in a file named after it; [`scan`] runs them in a fixed priority
//! order (email, date of birth, phone, address, postcode, vehicle registration) and keeps a span
//! only if it does not overlap one already kept. So the result is sorted and never overlaps, and
//! the more specific rule wins (an email's digits are never also a phone number).
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

mod address;
mod date_of_birth;
mod email;
mod phone;
mod pii_kind;
mod postcode;
#[cfg(test)]
mod tests;
mod text;
mod vehicle_reg;

pub use pii_kind::PiiKind;

use address::address_spans;
use date_of_birth::birth_date_spans;
use email::email_spans;
use phone::phone_spans;
use postcode::postcode_spans;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vehicle_reg::vehicle_spans;

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

/// The flagged pieces of `text`, as (kind, piece) pairs: what the tests of every rule compare.
#[cfg(test)]
fn found(text: &str) -> Vec<(PiiKind, &str)> {
    scan(text).into_iter().map(|f| (f.kind, &text[f.start..f.end])).collect()
}
