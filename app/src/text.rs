//! Checking free text typed by people: length limits, control characters, blank fields.
//!
//! HTML and script are not special here: text is stored as typed and always rendered as
//! escaped text, so `<script>` shows as those characters and never runs.

use crate::error::AppError;

/// Limits for one text field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The form field's name, so the page can show the message next to it.
    pub name: &'static str,
    /// What people call it, for the message.
    pub label: &'static str,
    /// Minimum length in characters after trimming; 0 makes the field optional.
    pub min: usize,
    pub max: usize,
    /// Whether line breaks and tabs are allowed.
    pub multiline: bool,
}

impl Field {
    /// The trimmed text, with line endings made `\n`, or a message for the field.
    pub fn clean(&self, value: &str) -> Result<String, AppError> {
        let text = value.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if let Some(c) = text.chars().find(|c| !self.allowed(*c)) {
            let what = if c == '\n' || c == '\t' { "a line break" } else { "an invisible control character" };
            return Err(AppError::invalid(
                self.name,
                format!("{} contains {what} (U+{:04X}). Please retype it.", self.label, c as u32),
            ));
        }
        let len = text.chars().count();
        if len < self.min {
            let message = if len == 0 {
                format!("{} is required.", self.label)
            } else {
                format!("{} is too short: at least {} characters, please.", self.label, self.min)
            };
            return Err(AppError::invalid(self.name, message));
        }
        if len > self.max {
            return Err(AppError::invalid(
                self.name,
                format!("{} is too long: {len} characters, the limit is {}.", self.label, self.max),
            ));
        }
        Ok(text.to_string())
    }

    fn allowed(&self, c: char) -> bool {
        match c {
            '\n' | '\t' => self.multiline,
            c => !c.is_control() && !is_bidi_control(c),
        }
    }
}

/// Bidirectional embeddings, overrides and isolates: they can make text read differently
/// from what is stored, so typed text refuses them and imported text drops them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `key` has the shape of a key a client chose to make a request idempotent (a
/// note's, a publishing form's): `min` to 64 letters, digits and dashes; a UUID fits.
pub fn key_shaped(key: &str, min: usize) -> bool {
    (min..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A record number from a URL or form (an update, a note, a ride-along): a positive whole
/// number. `what` names it with its article, e.g. "an update".
pub fn parse_id(raw: Option<&str>, what: &str) -> Result<i64, AppError> {
    let raw = raw.unwrap_or_default().trim();
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        AppError::BadRequest(format!("'{}' is not {what} number.", raw.chars().take(20).collect::<String>()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: Field = Field { name: "title", label: "Title", min: 3, max: 10, multiline: false };
    const BODY: Field = Field { name: "body", label: "Text", min: 0, max: 20, multiline: true };

    #[test]
    fn ids_are_positive_whole_numbers() {
        assert_eq!(parse_id(Some(" 42 "), "a note").unwrap(), 42);
        for bad in [None, Some(""), Some("0"), Some("-3"), Some("4.2"), Some("1; DROP TABLE notes")] {
            assert!(
                matches!(parse_id(bad, "a note"), Err(AppError::BadRequest(m)) if m.ends_with("is not a note number."))
            );
        }
    }

    #[test]
    fn accepts_and_trims() {
        assert_eq!(TITLE.clean("  Hello  ").unwrap(), "Hello");
        assert_eq!(BODY.clean("a\r\nb\rc").unwrap(), "a\nb\nc");
        assert_eq!(BODY.clean("").unwrap(), "");
        // Markup is just text here.
        assert_eq!(BODY.clean("<b>x</b>").unwrap(), "<b>x</b>");
        // Ten characters, not ten bytes.
        assert_eq!(TITLE.clean("ŵŵŵŵŵŵŵŵŵŵ").unwrap().chars().count(), 10);
    }

    #[test]
    fn refuses_with_a_message_for_the_field() {
        let cases = [
            (TITLE, "", "Title is required."),
            (TITLE, "   ", "Title is required."),
            (TITLE, "ab", "Title is too short: at least 3 characters, please."),
            (TITLE, "abcdefghijk", "Title is too long: 11 characters, the limit is 10."),
            (TITLE, "a\nbcd", "Title contains a line break (U+000A). Please retype it."),
            (BODY, "a\u{0}b", "Text contains an invisible control character (U+0000). Please retype it."),
            (BODY, "a\u{1b}[31m", "Text contains an invisible control character (U+001B). Please retype it."),
            (BODY, "abc\u{202E}def", "Text contains an invisible control character (U+202E). Please retype it."),
        ];
        for (field, input, message) in cases {
            let err = field.clean(input).unwrap_err();
            assert_eq!(err.for_field(field.name).as_deref(), Some(message), "{input:?}");
        }
    }
}
