//! The feed, as plain data: query checking, the cursor, and mapping stored rows to what a
//! page shows (with times in the area's zone). No database and no browser here.

use super::kind::{Severity, UpdateKind};
use crate::areas::area::AreaContext;
use crate::sources::SourceKind;
use serde::{Deserialize, Serialize};

/// Updates per page unless asked otherwise.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The most a client may ask for in one page.
pub const MAX_PAGE_SIZE: u32 = 50;

/// Where the previous page ended: the last item's publication time and id.
/// Keyset pagination, so a new update arriving never shifts or repeats items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub published_at_ms: i64,
    pub id: i64,
}

impl Cursor {
    /// Parses the wire form `MILLIS_ID`, both positive integers.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let err = || "That page link is not valid (bad cursor). Go back to the newest updates.".to_string();
        let (ms, id) = raw.split_once('_').ok_or_else(err)?;
        let published_at_ms = ms.parse::<i64>().ok().filter(|v| *v >= 0).ok_or_else(err)?;
        let id = id.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(err)?;
        Ok(Cursor { published_at_ms, id })
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}_{}", self.published_at_ms, self.id)
    }
}

/// A checked feed request.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedQuery {
    pub kind: Option<UpdateKind>,
    pub source: Option<String>,
    pub cursor: Option<Cursor>,
    pub limit: u32,
}

impl FeedQuery {
    /// Checks the raw arguments of a feed request. Empty strings mean "not given", as an
    /// HTML form sends them.
    pub fn parse(
        kind: Option<&str>,
        source: Option<&str>,
        cursor: Option<&str>,
        limit: Option<&str>,
    ) -> Result<Self, String> {
        let kind = given(kind)
            .map(|k| UpdateKind::parse(k).ok_or_else(|| format!("'{}' is not a kind of update.", clip(k))))
            .transpose()?;
        let source = given(source)
            .map(|s| {
                if s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                    Ok(s.to_string())
                } else {
                    Err(format!("'{}' is not a source id.", clip(s)))
                }
            })
            .transpose()?;
        let cursor = given(cursor).map(Cursor::parse).transpose()?;
        let limit = match given(limit) {
            None => DEFAULT_PAGE_SIZE,
            Some(raw) => raw.parse::<u32>().ok().filter(|n| (1..=MAX_PAGE_SIZE).contains(n)).ok_or_else(|| {
                format!("Page size must be a whole number from 1 to {MAX_PAGE_SIZE}, not '{}'.", clip(raw))
            })?,
        };
        Ok(FeedQuery { kind, source, cursor, limit })
    }
}

/// Empty strings mean "not given", as an HTML form sends them.
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

fn clip(s: &str) -> String {
    s.chars().take(32).collect()
}

/// An update as stored, before mapping for display.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredUpdate {
    pub id: i64,
    pub kind: UpdateKind,
    pub severity: Severity,
    pub title: String,
    pub body: String,
    pub source_slug: String,
    pub source_name: String,
    pub source_kind: SourceKind,
    pub published_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub is_demo: bool,
    /// A community reporter's chosen display name, for their notes.
    pub byline: Option<String>,
    /// Set when an imported item changed after it was first stored.
    pub updated_at_ms: Option<i64>,
    /// When an event happens (events only).
    pub starts_at_ms: Option<i64>,
    pub ends_at_ms: Option<i64>,
    /// The agency's own page for an imported item (checked http or https).
    pub external_url: Option<String>,
    /// Codes of the areas it was published to.
    pub area_codes: Vec<String>,
}

/// An update as a page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedItem {
    pub id: i64,
    pub kind: UpdateKind,
    pub severity: Severity,
    pub title: String,
    pub body: String,
    pub source_name: String,
    pub source_kind: SourceKind,
    /// The most local of the viewer's areas it was published to ("Manchester", "Piccadilly").
    pub area_name: String,
    /// RFC 3339 in UTC, for `<time datetime>`.
    pub published_utc: String,
    /// In the area's zone, e.g. "Sun 22 Nov, 14:05 GMT".
    pub published_local: String,
    pub expires_local: Option<String>,
    pub is_demo: bool,
    /// A community reporter's chosen display name, for their notes.
    pub byline: Option<String>,
    /// When an event happens, in the area's zone: "Thu 26 Nov 2026, 19:00 GMT".
    pub event_local: Option<String>,
    /// The agency's own page, for imported items.
    pub original_url: Option<String>,
}

/// A page of the feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedPage {
    pub context: AreaContext,
    pub items: Vec<FeedItem>,
    /// Set when there are older items.
    pub next_cursor: Option<String>,
    /// The sources that publish to these areas, for the filter.
    pub sources: Vec<(String, String)>,
    /// When this page was read, in the area's time ("14:05, 22 Nov"), for reading offline.
    pub as_of_local: String,
    /// Where the page's live stream starts: the newest update id when it was read.
    pub live_after: i64,
}

/// Maps a stored update for a viewer of `context`'s area.
#[cfg(feature = "ssr")]
pub fn to_item(update: StoredUpdate, context: &AreaContext, tz: chrono_tz::Tz) -> FeedItem {
    let area_name = area_name(&update.area_codes, context);
    to_item_named(update, area_name, tz)
}

/// Maps a stored update with times in `tz`, under the area name given.
#[cfg(feature = "ssr")]
pub fn to_item_named(update: StoredUpdate, area_name: String, tz: chrono_tz::Tz) -> FeedItem {
    FeedItem {
        id: update.id,
        kind: update.kind,
        severity: update.severity,
        title: update.title,
        body: update.body,
        source_name: update.source_name,
        source_kind: update.source_kind,
        area_name,
        published_utc: utc(update.published_at_ms).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        published_local: local_label(update.published_at_ms, tz),
        expires_local: update.expires_at_ms.map(|ms| local_label(ms, tz)),
        is_demo: update.is_demo,
        byline: update.byline,
        event_local: update.starts_at_ms.map(|ms| local_label(ms, tz)),
        original_url: update.external_url,
    }
}

/// The most local of the viewer's areas that an update was published to ("Manchester",
/// "Piccadilly"), or the viewer's own area.
#[cfg(feature = "ssr")]
pub fn area_name(area_codes: &[String], context: &AreaContext) -> String {
    context
        .chain()
        .find(|a| area_codes.iter().any(|c| c == a.code.as_str()))
        .map(|a| a.name.clone())
        .unwrap_or_else(|| context.area.name.clone())
}

#[cfg(feature = "ssr")]
fn utc(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// "Sun 22 Nov 2026, 14:05 GMT": the zone's abbreviation shows summer time (BST) too.
#[cfg(feature = "ssr")]
pub fn local_label(ms: i64, tz: chrono_tz::Tz) -> String {
    utc(ms).with_timezone(&tz).format("%a %-d %b %Y, %H:%M %Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_queries() {
        let ok =
            FeedQuery::parse(Some("appeal"), Some("gmp-city-centre"), Some("1700000000000_42"), Some("10")).unwrap();
        assert_eq!(ok.kind, Some(UpdateKind::Appeal));
        assert_eq!(ok.cursor, Some(Cursor { published_at_ms: 1_700_000_000_000, id: 42 }));
        assert_eq!(ok.limit, 10);
        let defaults = FeedQuery::parse(Some(""), None, Some(" "), None).unwrap();
        assert_eq!(defaults, FeedQuery { kind: None, source: None, cursor: None, limit: DEFAULT_PAGE_SIZE });

        /// (kind, source, cursor, limit, expected text in the error)
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);
        let bad: &[Case] = &[
            (Some("crime"), None, None, None, "not a kind"),
            (None, Some("GMP; DROP"), None, None, "not a source"),
            (None, None, Some("abc"), None, "bad cursor"),
            (None, None, Some("-5_1"), None, "bad cursor"),
            (None, None, Some("5_0"), None, "bad cursor"),
            (None, None, None, Some("0"), "from 1 to 50"),
            (None, None, None, Some("51"), "from 1 to 50"),
            (None, None, None, Some("1000000"), "from 1 to 50"),
            (None, None, None, Some("-1"), "from 1 to 50"),
            (None, None, None, Some("ten"), "from 1 to 50"),
        ];
        for (kind, source, cursor, limit, want) in bad {
            let err = FeedQuery::parse(*kind, *source, *cursor, *limit).unwrap_err();
            assert!(err.contains(want), "{kind:?} {source:?} {cursor:?} {limit:?}: {err}");
        }
    }

    #[test]
    fn cursor_round_trips() {
        let c = Cursor { published_at_ms: 1_763_800_000_123, id: 7 };
        assert_eq!(Cursor::parse(&c.to_string()), Ok(c));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn local_times_follow_the_zone_and_summer_time() {
        use chrono::TimeZone;
        let ms = |y, m, d, h, min| chrono::Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp_millis();
        let london: chrono_tz::Tz = "Europe/London".parse().unwrap();
        let auckland: chrono_tz::Tz = "Pacific/Auckland".parse().unwrap();
        let cases = [
            (ms(2026, 11, 22, 14, 5), london, "Sun 22 Nov 2026, 14:05 GMT"),
            (ms(2026, 7, 1, 14, 5), london, "Wed 1 Jul 2026, 15:05 BST"),
            // Clocks went back at 01:00 UTC on 25 Oct 2026.
            (ms(2026, 10, 25, 0, 30), london, "Sun 25 Oct 2026, 01:30 BST"),
            (ms(2026, 10, 25, 1, 30), london, "Sun 25 Oct 2026, 01:30 GMT"),
            (ms(2026, 11, 21, 19, 0), auckland, "Sun 22 Nov 2026, 08:00 NZDT"),
        ];
        for (at, tz, want) in cases {
            assert_eq!(local_label(at, tz), want);
        }
    }
}
