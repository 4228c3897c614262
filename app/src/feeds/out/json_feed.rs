//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>), serialised from serde structs.

use std::borrow::Cow;

use chrono::SecondsFormat;
use serde::Serialize;

use super::model::{clean, utc, Channel, Entry};
use crate::updates::kind::{Severity, UpdateKind};

/// The area's updates as a compact JSON Feed 1.1 document.
pub fn feed(channel: &Channel, entries: &[Entry]) -> String {
    let document = Document {
        version: "https://jsonfeed.org/version/1.1",
        title: clean(&channel.title),
        home_page_url: &channel.page_url,
        feed_url: &channel.self_url,
        description: channel.description(),
        language: &channel.language,
        items: entries.iter().map(item).collect(),
        beat: FeedExtension { area_code: &channel.area_code, time_zone: channel.time_zone.name() },
    };
    // Plain structs of strings, bools and unit enums always serialise; the default is unreachable.
    serde_json::to_string(&document).unwrap_or_default()
}

#[derive(Serialize)]
struct Document<'a> {
    version: &'static str,
    title: Cow<'a, str>,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: String,
    language: &'a str,
    items: Vec<Item<'a>>,
    #[serde(rename = "_beat")]
    beat: FeedExtension<'a>,
}

/// The area behind the feed, for clients that know Beat.
#[derive(Serialize)]
struct FeedExtension<'a> {
    area_code: &'a str,
    time_zone: &'static str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: Cow<'a, str>,
    content_text: Cow<'a, str>,
    /// Only on demo items, so readers that list summaries still flag them.
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    date_published: String,
    date_modified: String,
    authors: Vec<Author>,
    tags: [&'static str; 2],
    /// JSON Feed reserves keys starting with `_` for extensions; readers ignore them.
    #[serde(rename = "_beat")]
    beat: ItemExtension<'a>,
}

#[derive(Serialize)]
struct Author {
    name: String,
}

/// Machine-readable fields the standard lacks, for clients that know Beat.
#[derive(Serialize)]
struct ItemExtension<'a> {
    kind: UpdateKind,
    severity: Severity,
    area_codes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    starts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ends: Option<String>,
    is_demo: bool,
}

fn item(e: &Entry) -> Item<'_> {
    let content_text = clean(&e.body);
    Item {
        id: &e.url,
        url: &e.url,
        external_url: e.original_url.as_deref(),
        title: clean(&e.title),
        summary: e.is_demo.then(|| format!("Demo: {content_text}")),
        content_text,
        date_published: rfc3339(e.published_ms),
        date_modified: rfc3339(e.updated_ms),
        authors: std::iter::once(e.author_name()).chain(e.contributor_name()).map(|name| Author { name }).collect(),
        tags: [e.kind.label(), e.severity.label()],
        beat: ItemExtension {
            kind: e.kind,
            severity: e.severity,
            area_codes: &e.area_codes,
            expires: e.expires_ms.map(rfc3339),
            starts: e.starts_ms.map(rfc3339),
            ends: e.ends_ms.map(rfc3339),
            is_demo: e.is_demo,
        },
    }
}

fn rfc3339(ms: i64) -> String {
    utc(ms).to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{channel, event, hostile, plain, HOSTILE_BODY_CLEAN, HOSTILE_TITLE, T0};
    use super::*;

    fn parse(json: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(json.as_bytes()).expect("feed-rs parses our JSON Feed")
    }

    #[test]
    fn feed_fields_survive_for_any_item_count() {
        for entries in [vec![], vec![plain(1)], vec![plain(1), hostile(2), plain(3)]] {
            let json = feed(&channel(), &entries);
            assert!(!json.contains('\n'), "compact output");
            let parsed = parse(&json);
            assert_eq!(parsed.feed_type, feed_rs::model::FeedType::JSON);
            assert_eq!(parsed.title.unwrap().content, "Beat: Piccadilly (Manchester)");
            assert_eq!(parsed.language.as_deref(), Some("en-GB"));
            let links: Vec<_> = parsed.links.iter().map(|l| l.href.as_str()).collect();
            assert_eq!(links, [channel().page_url.as_str(), channel().self_url.as_str()]);
            let ids: Vec<_> = parsed.entries.iter().map(|e| e.id.clone()).collect();
            assert_eq!(ids, entries.iter().map(|e| e.url.clone()).collect::<Vec<_>>());
            let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(raw["version"], "https://jsonfeed.org/version/1.1");
            assert_eq!(raw["description"], "Police and council updates for Piccadilly. Not for emergencies: call 999.");
        }
    }

    #[test]
    fn items_round_trip_including_hostile_text() {
        let json = feed(&channel(), &[plain(1), hostile(2)]);
        let parsed = parse(&json);
        let (ordinary, nasty) = (&parsed.entries[0], &parsed.entries[1]);

        assert_eq!(ordinary.content.as_ref().unwrap().body.as_deref(), Some(plain(1).body.as_str()));
        assert!(ordinary.summary.is_none());
        assert_eq!(ordinary.published.unwrap().timestamp_millis(), T0);
        assert_eq!(ordinary.updated.unwrap().timestamp_millis(), T0);
        assert_eq!(ordinary.links.len(), 1, "no external_url without an original link");

        assert_eq!(nasty.title.as_ref().unwrap().content, HOSTILE_TITLE);
        assert_eq!(nasty.content.as_ref().unwrap().body.as_deref(), Some(HOSTILE_BODY_CLEAN));
        assert_eq!(nasty.summary.as_ref().unwrap().content, format!("Demo: {HOSTILE_BODY_CLEAN}"));
        assert_eq!(nasty.updated.unwrap().timestamp_millis(), T0 + 3_600_000);
        let links: Vec<_> = nasty.links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(links, ["https://beat.example/update/2", "https://police.example/news/2?a=1&b=2"]);
        let authors: Vec<_> = nasty.authors.iter().map(|a| a.name.as_deref().unwrap()).collect();
        assert_eq!(authors, ["Sam <Reporter> (community reporter)", "Greater Manchester Police"]);
        let tags: Vec<_> = nasty.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(tags, ["Appeal", "Warning"]);
    }

    #[test]
    fn extension_carries_machine_fields() {
        let json = feed(&channel(), &[plain(1), hostile(2), event(3, Some(T0 + 7_200_000))]);
        let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(raw["_beat"], serde_json::json!({"area_code": "E05011376", "time_zone": "Europe/London"}));
        let times = &raw["items"][2]["_beat"];
        assert_eq!(
            (&times["starts"], &times["ends"]),
            (&"2026-11-22T15:05:00Z".into(), &"2026-11-22T16:05:00Z".into())
        );
        let beat = &raw["items"][1]["_beat"];
        assert_eq!(beat["kind"], "appeal");
        assert_eq!(beat["severity"], "warning");
        assert_eq!(beat["area_codes"], serde_json::json!(["E05011376"]));
        assert_eq!(beat["expires"], "2026-11-24T14:05:00Z");
        assert_eq!(beat["is_demo"], true);
        assert_eq!(raw["items"][1]["date_published"], "2026-11-22T14:05:00Z");
        for absent in ["expires", "starts", "ends"] {
            assert!(raw["items"][0]["_beat"].get(absent).is_none(), "{absent}");
        }
    }

    #[test]
    fn output_is_deterministic() {
        let entries = [plain(1), hostile(2)];
        assert_eq!(feed(&channel(), &entries), feed(&channel(), &entries));
    }
}
