//! Tests of [`scan`], [`redact`] and [`review`] as a whole: overlaps, placeholders, hostile text.
//! Each rule's own table of cases is in its file.

use super::*;
use PiiKind::*;

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
