//! The writers' input: one area (`Channel`) and its updates (`Entry`), plus the helpers every
//! writer shares so the formats agree on wording, authorship and times.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::sources::SourceKind;
use crate::updates::kind::{Severity, UpdateKind};

/// The document's subject: one area and its feed URLs. All URLs absolute.
///
/// URLs and codes are built by the app and written as given; only free text is cleaned.
#[derive(Clone, Debug)]
pub struct Channel {
    /// Document title, e.g. "Beat: Piccadilly (Manchester)".
    pub title: String,
    /// The area's name as people know it.
    pub area_name: String,
    /// The area's official code, e.g. "E05011376".
    pub area_code: String,
    /// The area's page, e.g. "https://beat.example/area/E05011376".
    pub page_url: String,
    /// This document's own URL.
    pub self_url: String,
    /// The local emergency number: "999", "111", "000", "911", "112".
    pub emergency_number: String,
    /// The area's zone, for local times in text.
    pub time_zone: chrono_tz::Tz,
    /// BCP 47 language tag, e.g. "en-GB".
    pub language: String,
    /// Newest publication/change time among the entries (ms since epoch UTC); used as the
    /// feed-level updated time so the same data always gives byte-identical output
    /// (the server hashes the body for its ETag). Never use "now" anywhere.
    pub updated_ms: i64,
}

/// One update, as the writers need it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Database id; stable for the update's lifetime.
    pub id: i64,
    /// Absolute URL of the update's page.
    pub url: String,
    /// Plain text; may contain anything (`<`, `&`, quotes, emoji, RTL).
    pub title: String,
    /// Plain text with `\n` line breaks.
    pub body: String,
    /// What kind of update this is.
    pub kind: UpdateKind,
    /// How much attention it asks for.
    pub severity: Severity,
    /// Display name of the publishing organisation.
    pub source_name: String,
    /// What kind of organisation published it.
    pub source_kind: SourceKind,
    /// Community reporter display name, when a reporter wrote it.
    pub byline: Option<String>,
    /// Name of the area the update is about.
    pub area_name: String,
    /// Codes of the areas the update is about.
    pub area_codes: Vec<String>,
    /// First publication, ms since epoch UTC.
    pub published_ms: i64,
    /// Last change, ms since epoch UTC; equals `published_ms` unless changed later.
    pub updated_ms: i64,
    /// When the update stops being relevant, if it does.
    pub expires_ms: Option<i64>,
    /// Event start (events only).
    pub starts_ms: Option<i64>,
    /// Event end (events only).
    pub ends_ms: Option<i64>,
    /// Sample data shown on demo deployments.
    pub is_demo: bool,
    /// The agency's own link for imported items.
    pub original_url: Option<String>,
    /// Absolute URL of this entry's CAP document, if it is a warning.
    pub cap_url: Option<String>,
}

impl Channel {
    /// The one-line description every format carries, so no reader mistakes a feed for a way
    /// to report emergencies.
    pub fn description(&self) -> String {
        clean(&format!(
            "Police and council updates for {}. Not for emergencies: call {}.",
            self.area_name, self.emergency_number
        ))
        .into_owned()
    }
}

impl Entry {
    /// The person or organisation credited first: a community reporter's byline when there
    /// is one (labelled, so readers never take it for an official voice), else the source.
    pub fn author_name(&self) -> String {
        match &self.byline {
            Some(byline) => clean(&format!("{byline} (community reporter)")).into_owned(),
            None => clean(&self.source_name).into_owned(),
        }
    }

    /// The source, credited as contributor when a reporter is the author.
    pub fn contributor_name(&self) -> Option<String> {
        self.byline.as_ref().map(|_| clean(&self.source_name).into_owned())
    }
}

/// Drops the characters XML 1.0 cannot carry (C0 controls other than tab and newline, and the
/// non-characters U+FFFE/U+FFFF). The app refuses them upstream; this keeps every writer's
/// output parseable even if one slips through. Borrows when there is nothing to drop.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    let bad = |c: char| (c < ' ' && c != '\t' && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}';
    if text.contains(bad) {
        Cow::Owned(text.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Milliseconds since the epoch as a UTC time. Values chrono cannot represent (hundreds of
/// millennia away) become the epoch rather than failing the whole document.
pub(crate) fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_only_what_xml_cannot_carry() {
        let cases = [
            ("plain", "plain"),
            ("tab\tand\nnewline", "tab\tand\nnewline"),
            ("bell\u{7}nul\u{0}cr\r", "bellnulcr"),
            ("esc\u{1b}[31m", "esc[31m"),
            ("nonchar\u{FFFE}\u{FFFF}", "nonchar"),
            ("🚓 مرحبا <&>", "🚓 مرحبا <&>"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
        assert!(matches!(clean("nothing to do"), Cow::Borrowed(_)));
    }

    #[test]
    fn utc_converts_and_survives_absurd_values() {
        assert_eq!(utc(1_795_356_300_000).to_rfc3339(), "2026-11-22T14:05:00+00:00");
        assert_eq!(utc(i64::MAX), DateTime::<Utc>::default());
    }
}
