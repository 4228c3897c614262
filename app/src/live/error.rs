//! The error every live-day form check returns, and the text rule the forms share.

/// A problem with one form field, worded so the person filling in the form can fix it.
///
/// `field` is the form field's name (`"text"`, `"starts_at"`, ...), so the page can show `message`
/// next to it. The app turns it into `AppError::Invalid { field, message }`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The form field the message is about.
    pub field: &'static str,
    /// A plain sentence saying what is wrong and what to do.
    pub message: String,
}

impl FieldError {
    /// An error about `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

impl From<FieldError> for crate::error::AppError {
    fn from(e: FieldError) -> Self {
        crate::error::AppError::invalid(e.field, e.message)
    }
}

/// Checks free text typed into a form and returns it trimmed, with line breaks normalised to `\n`.
///
/// Length is counted in characters (Unicode scalar values) after trimming and must be within
/// `min..=max`. Line breaks are allowed (forms use `<textarea>`); every other control character
/// (tabs, NUL, escape codes, ...) and the invisible bidirectional overrides (U+202A..U+202E,
/// U+2066..U+2069), which can make published text read differently from what was typed, are refused.
pub fn check_text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let text = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    let len = text.chars().count();
    if len < min {
        let message = if len == 0 {
            "This cannot be empty. Please write something.".to_string()
        } else {
            format!("Please write at least {min} characters; this has {len}.")
        };
        return Err(FieldError::new(field, message));
    }
    if len > max {
        return Err(FieldError::new(field, format!("Please keep this to {max} characters or fewer; it has {len}.")));
    }
    let hidden = |c: char| (c.is_control() && c != '\n') || crate::text::is_bidi_control(c);
    if text.chars().any(hidden) {
        return Err(FieldError::new(
            field,
            "The text contains an invisible control character, often pasted in from another program. \
             Please retype it or paste it as plain text.",
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        assert_eq!(check_text("t", "  héé  ", 3, 3), Ok("héé".to_string()));
        assert_eq!(check_text("t", "ab", 3, 5).unwrap_err().message, "Please write at least 3 characters; this has 2.");
        assert_eq!(
            check_text("t", "abcdef", 3, 5).unwrap_err().message,
            "Please keep this to 5 characters or fewer; it has 6."
        );
        assert_eq!(check_text("t", "   ", 3, 5).unwrap_err().field, "t");
    }

    #[test]
    fn line_breaks_are_kept_and_normalised_other_controls_refused() {
        assert_eq!(check_text("t", "one\r\ntwo\rthree", 3, 50), Ok("one\ntwo\nthree".to_string()));
        for bad in ["tab\there", "nul\0here", "esc\u{1b}[31m", "bidi\u{202E}txet", "iso\u{2066}late", "del\u{7f}ete"] {
            assert!(check_text("t", bad, 3, 50).is_err(), "{bad:?} should be refused");
        }
    }
}
