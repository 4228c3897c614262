//! A fetched body's bytes to text, before any parser sees them. Feeds arrive in whatever
//! encoding their publisher's system writes: UTF-8 mostly, but also ISO-8859-1, Windows-1252
//! and UTF-16 with a byte order mark. Beat decodes them itself, by XML's own rules (a byte
//! order mark first, then the `<?xml … encoding="…"?>` declaration, UTF-8 otherwise), with
//! `encoding_rs` (the WHATWG Encoding Standard, as browsers decode), and hands the parsers
//! UTF-8; XML parsers get it with the declaration taken out.
//!
//! Why not leave it to feed-rs: it switches quick-xml's decoder when it meets a declaration,
//! and quick-xml 0.42 panics when that comes after its first 64 bytes (a late, repeated or
//! long declaration; found by `make fuzz`). With UTF-8 in and no declaration left that names
//! another encoding, that path is never taken.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How far into the body a declaration is looked for. Real declarations are under 100 bytes.
const DECLARATION_MAX: usize = 1024;

/// `body` as text, decoded from the encoding its byte order mark or XML declaration names.
/// Errors (half a sentence: "it …", for the caller to say which feed) for a name Beat does not
/// know and for bytes not valid in the encoding: a mislabelled feed fails with a reason its
/// publisher can act on, rather than publishing garbled text to residents.
pub fn decode(body: &[u8]) -> Result<Cow<'_, str>, String> {
    let (encoding, start) = match Encoding::for_bom(body) {
        Some((encoding, bom)) => (encoding, bom),
        None => (sniff(body)?, 0),
    };
    let bytes = &body[start..];
    let text = match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => text,
        None if encoding == UTF_8 => {
            let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to()) + start;
            return Err(format!(
                "it is not valid UTF-8 at byte {at} and declares no other encoding \
                 (a feed in ISO-8859-1 or Windows-1252 must say so in its XML declaration)"
            ));
        }
        None => return Err(format!("it is not valid {}, the encoding it declares", encoding.name())),
    };
    if text.contains('\0') {
        return Err("it contains a NUL character, which XML and JSON do not allow".into());
    }
    Ok(text)
}

/// The encoding of a body with no byte order mark: UTF-16 told by its first two characters
/// (`<?` with zero bytes between), else what the declaration names, else UTF-8.
fn sniff(body: &[u8]) -> Result<&'static Encoding, String> {
    match body {
        [b'<', 0, b'?', 0, ..] => return Ok(UTF_16LE),
        [0, b'<', 0, b'?', ..] => return Ok(UTF_16BE),
        _ => {}
    }
    let Some(label) = declared(&body[..body.len().min(DECLARATION_MAX)]) else { return Ok(UTF_8) };
    let encoding = Encoding::for_label(label.trim_ascii()).ok_or_else(|| {
        format!(
            "it declares an encoding Beat does not know (\"{}\"; UTF-8 is the usual one)",
            String::from_utf8_lossy(label).chars().take(40).collect::<String>()
        )
    })?;
    // A body read this far as ASCII is not UTF-16 whatever it says (browsers agree):
    // `output_encoding` maps UTF-16 and the replacement encoding to UTF-8.
    Ok(encoding.output_encoding())
}

/// The `encoding` pseudo-attribute of a declaration at the start of `head` (after any white
/// space), if there is one.
fn declared(head: &[u8]) -> Option<&[u8]> {
    let head = head.trim_ascii_start();
    let rest = head.strip_prefix(b"<?xml")?;
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = &rest[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let value = decl[at + 8..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let (&quote, value) = value.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    Some(&value[..value.iter().position(|&b| b == quote)?])
}

/// `text` without byte order marks and white space before its first markup, and without any
/// XML declaration (`<?xml` then white space or `?>`, up to the next `?>`) wherever it is: the
/// text is UTF-8 now, whatever they said. One at the start is the only kind XML allows; a
/// later one (which quick-xml would act on) is dropped rather than costing the whole feed.
/// `<?xml-stylesheet …?>` and other processing instructions stay.
pub fn without_declarations(text: Cow<'_, str>) -> Cow<'_, str> {
    let lead = text.len() - text.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace()).len();
    let declaration_at = |s: &str| {
        s.match_indices("<?xml")
            .map(|(i, _)| i)
            .find(|&i| s[i + 5..].chars().next().is_none_or(|c| c == '?' || c.is_ascii_whitespace()))
    };
    if lead == 0 && declaration_at(&text).is_none() {
        return text;
    }
    let mut rest = &text[lead..];
    let mut out = String::with_capacity(rest.len());
    while let Some(i) = declaration_at(rest) {
        out.push_str(&rest[..i]);
        match rest[i..].find("?>") {
            Some(end) => rest = &rest[i + end + 2..],
            None => {
                // Never closed: not a declaration quick-xml would act on either.
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml(body: &[u8]) -> Result<Cow<'_, str>, String> {
        decode(body).map(without_declarations)
    }

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for unit in (if bom { "\u{feff}" } else { "" }).encode_utf16().chain(text.encode_utf16()) {
            out.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf8_without_a_declaration_is_borrowed_as_it_is() {
        let body = "<rss><channel><title>Caf\u{e9}</title></channel></rss>";
        assert!(matches!(xml(body.as_bytes()).unwrap(), Cow::Borrowed(b) if b == body));
    }

    #[test]
    fn the_declared_encoding_is_used_and_the_declaration_dropped() {
        let mut latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><title>Caf".to_vec();
        latin1.extend(b"\xe9 \x96 ok</title></rss>");
        // ISO-8859-1 is read as Windows-1252, as browsers do: 0x96 is an en dash.
        assert_eq!(xml(&latin1).unwrap(), "\n<rss><title>Caf\u{e9} \u{2013} ok</title></rss>");
        let single = b"  <?xml version='1.0' encoding = 'windows-1252' ?><feed>\x80</feed>";
        assert_eq!(xml(single).unwrap(), "<feed>\u{20ac}</feed>");
    }

    #[test]
    fn a_byte_order_mark_wins_and_utf16_is_read_with_or_without_one() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed>\u{1f4e2} Hwyl</feed>";
        for (little, bom) in [(true, true), (false, true), (true, false), (false, false)] {
            assert_eq!(xml(&utf16(doc, little, bom)).unwrap(), "<feed>\u{1f4e2} Hwyl</feed>", "{little} {bom}");
        }
        // A UTF-8 byte order mark outranks a declaration that says otherwise.
        let body = "\u{feff}<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><feed>Caf\u{e9}</feed>";
        assert_eq!(xml(body.as_bytes()).unwrap(), "<feed>Caf\u{e9}</feed>");
        // Declaring UTF-16 in a body that is plainly ASCII-compatible means UTF-8.
        assert_eq!(xml(b"<?xml version=\"1.0\" encoding=\"utf-16\"?><a>x</a>").unwrap(), "<a>x</a>");
    }

    #[test]
    fn late_repeated_and_long_declarations_are_all_dropped_but_other_instructions_stay() {
        let body = format!(
            "<!--{}--><?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><?xml-stylesheet href=\"s.xsl\"?>\
             <rss><?xml?><title>t</title></rss><?xml",
            "x".repeat(80)
        );
        assert_eq!(
            xml(body.as_bytes()).unwrap(),
            format!("<!--{}--><?xml-stylesheet href=\"s.xsl\"?><rss><title>t</title></rss><?xml", "x".repeat(80))
        );
        let long = format!("<?xml version=\"1.0\"{}encoding=\"ISO-8859-1\"?><a>\u{e9}</a>", " ".repeat(60));
        assert_eq!(xml(&encoding_rs::WINDOWS_1252.encode(&long).0).unwrap(), "<a>\u{e9}</a>");
    }

    #[test]
    fn unknown_encodings_nul_characters_and_bad_bytes() {
        let err = xml(b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><a/>").unwrap_err();
        assert!(err.contains("does not know (\"klingon-8\";"), "{err}");
        assert!(xml(b"<a>\0</a>").unwrap_err().contains("NUL"));
        let err = xml(b"<a>ok \xe9 done</a>").unwrap_err();
        assert!(err.contains("not valid UTF-8 at byte 6"), "{err}");
        let err = xml(&[0xff, 0xfe, b'<', 0, 0x00, 0xd8, b'>', 0]).unwrap_err();
        assert!(err.contains("not valid UTF-16LE"), "{err}");
        // An unquoted or unfinished declaration names nothing: UTF-8.
        assert_eq!(xml(b"<?xml encoding=latin1?><a>\xc3\xa9</a>").unwrap(), "<a>\u{e9}</a>");
    }
}
