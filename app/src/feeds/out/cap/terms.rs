//! CAP 1.2 vocabulary: how Beat's kinds, severities and sources map onto CAP's fixed values,
//! and CAP's own date-time and text rules.

use super::super::model::{utc, Entry};
use crate::sources::SourceKind;
use crate::updates::kind::Severity;

/// `status`: demo data must never be taken for a real alert, and CAP's `Test` means exactly
/// "technical testing only, all recipients disregard".
pub(super) fn status(e: &Entry) -> &'static str {
    if e.is_demo {
        "Test"
    } else {
        "Actual"
    }
}

/// `category`: police output is law enforcement ("Security" in CAP); councils publish
/// general public-safety notices ("Safety").
pub(super) fn category(source: SourceKind) -> &'static str {
    match source {
        SourceKind::PoliceForce | SourceKind::NeighbourhoodTeam => "Security",
        SourceKind::Council | SourceKind::Councillor => "Safety",
    }
}

/// `urgency`: only warnings ask for action soon; advisories concern the near future and
/// information carries no timing.
pub(super) fn urgency(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "Expected",
        Severity::Advisory => "Future",
        Severity::Info => "Unknown",
    }
}

/// `severity`.
pub(super) fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "Severe",
        Severity::Advisory => "Moderate",
        Severity::Info => "Minor",
    }
}

/// `certainty`: official sources report what they know happened ("Observed"); a community
/// reporter's note is moderated but not verified ("Likely").
pub(super) fn certainty(e: &Entry) -> &'static str {
    if e.byline.is_some() {
        "Likely"
    } else {
        "Observed"
    }
}

/// A CAP dateTime: seconds precision, and UTC written "-00:00" because CAP forbids "Z".
pub(super) fn time(ms: i64) -> String {
    utc(ms).format("%Y-%m-%dT%H:%M:%S-00:00").to_string()
}

/// CAP recommends headlines of at most 160 characters; longer ones end in "…".
pub(super) fn headline(title: &str) -> String {
    const MAX: usize = 160;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let mut short: String = title.chars().take(MAX - 1).collect();
    short.push('…');
    short
}

/// `sender` and `identifier` must not contain spaces, commas or `<`/`&`; `references` joins
/// them with commas and spaces, so a stray one would corrupt it.
pub(super) fn token(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, ',' | '<' | '&')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_utc_without_z() {
        let cases = [(1_795_356_300_000, "2026-11-22T14:05:00-00:00"), (0, "1970-01-01T00:00:00-00:00")];
        for (ms, want) in cases {
            assert_eq!(time(ms), want);
        }
        assert_eq!(time(1_795_356_300_999), "2026-11-22T14:05:00-00:00", "seconds precision");
    }

    #[test]
    fn headline_keeps_160_chars_on_char_boundaries() {
        let emoji = "🚓".repeat(200);
        let cases = [("short", 5), (emoji.as_str(), 160), (&"a".repeat(160), 160), (&"a".repeat(161), 160)];
        for (title, chars) in cases {
            let got = headline(title);
            assert_eq!(got.chars().count(), chars, "{title}");
            assert_eq!(got.ends_with('…'), title.chars().count() > 160);
        }
    }

    #[test]
    fn token_strips_what_cap_forbids() {
        assert_eq!(token("beat@beat.example"), "beat@beat.example");
        assert_eq!(token(" be,at <x>&y\t\n"), "beatx>y");
    }

    #[test]
    fn mappings_cover_every_value() {
        let got: Vec<_> = Severity::ALL.iter().map(|s| (urgency(*s), severity(*s))).collect();
        assert_eq!(got, [("Unknown", "Minor"), ("Future", "Moderate"), ("Expected", "Severe")]);
        let got: Vec<_> = SourceKind::ALL.iter().map(|s| category(*s)).collect();
        assert_eq!(got, ["Security", "Security", "Safety", "Safety"]);
    }
}
