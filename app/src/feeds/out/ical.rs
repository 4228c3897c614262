//! iCalendar (RFC 5545) for the area's events, written with `icalendar`.
//!
//! The crate escapes TEXT values (`\`, `,`, `;`, newline) and folds content lines at 75
//! octets on UTF-8 character boundaries. Its fold points can leave whitespace at the end of a
//! folded line, which RFC 5545 allows but parsers that trim lines (the `ical` crate does)
//! lose, so `refold` moves every fold off whitespace. The crate also invents a DTSTAMP of
//! "now" and a random UID when they are missing, so every event sets both.

use chrono::Duration;
use icalendar::{Calendar, Component, Event, EventLike, Property};

use super::model::{clean, utc, Channel, Entry};

/// The calendar's product identifier (RFC 5545 §3.7.3).
pub const PRODID: &str = "-//Beat//Area events//EN";

/// The area's events (entries with `starts_ms`) as a VCALENDAR; other entries are skipped.
pub fn calendar(channel: &Channel, entries: &[Entry]) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [("VERSION", "2.0"), ("PRODID", PRODID), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")] {
        calendar.append_property(Property::new(key, value));
    }
    // Sets NAME and X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC (what most clients show).
    calendar.name(&clean(&channel.title)).description(&channel.description());
    // Times are UTC; this tells Apple and Google clients which zone to show them in.
    calendar.append_property(Property::new("X-WR-TIMEZONE", channel.time_zone.name()));
    let host = host(&channel.page_url);
    for entry in entries {
        if let Some(starts_ms) = entry.starts_ms {
            calendar.push(event(entry, starts_ms, host));
        }
    }
    refold(&calendar.to_string())
}

fn event(e: &Entry, starts_ms: i64, host: &str) -> Event {
    let start = utc(starts_ms);
    // RFC 5545 wants DTEND after DTSTART; a missing or inverted end becomes one hour.
    let end = e.ends_ms.map(utc).filter(|end| *end > start).unwrap_or(start + Duration::hours(1));
    let body = clean(&e.body);
    let demo = if e.is_demo { "Demo: " } else { "" };
    Event::new()
        // The host keeps UIDs from two deployments apart in one client.
        .uid(&format!("update-{}@{host}", e.id))
        .timestamp(utc(e.updated_ms))
        .starts(start)
        .ends(end)
        .summary(&clean(&e.title))
        .description(&format!("{demo}{body}\n\nMore: {}", e.url))
        .url(&e.url)
        // Area level only: the app never publishes a finer location than the area.
        .location(&clean(&e.area_name))
        .categories([e.kind.label()])
        .done()
}

/// The host part of an absolute URL, or "beat" if there is none.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.split(['/', '?', '#']).next() {
        Some(host) if !host.is_empty() => host,
        _ => "beat",
    }
}

/// Undoes the crate's folds and folds again (75 octets, continuation lines start with one
/// space) at points with no whitespace on either side, where there is such a point.
fn refold(ics: &str) -> String {
    // The crate escapes newlines inside values, so CRLF + space only ever comes from folding.
    let unfolded = ics.replace("\r\n ", "");
    let mut out = String::with_capacity(ics.len() + ics.len() / 32);
    for line in unfolded.split_terminator("\r\n") {
        let (mut rest, mut limit) = (line, 75);
        while rest.len() > limit {
            let cut = fold_point(rest, limit);
            out.push_str(&rest[..cut]);
            out.push_str("\r\n ");
            rest = &rest[cut..];
            limit = 74; // the leading space counts towards the 75
        }
        out.push_str(rest);
        out.push_str("\r\n");
    }
    out
}

/// The last char boundary at or before `limit` not touching whitespace, else the last one.
fn fold_point(line: &str, limit: usize) -> usize {
    let boundaries = || (1..=limit).rev().filter(|&i| line.is_char_boundary(i));
    let clear = |&i: &usize| !line[..i].ends_with(char::is_whitespace) && !line[i..].starts_with(char::is_whitespace);
    // A char is at most 4 octets, so a boundary exists in 1..=74; `limit` is the unreachable fallback.
    boundaries().find(clear).or_else(|| boundaries().next()).unwrap_or(limit)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{channel, event as event_entry, hostile, plain, HOSTILE_TITLE, T0};
    use super::*;
    use ical::parser::ical::component::IcalEvent;

    fn parse(ics: &str) -> ical::parser::ical::component::IcalCalendar {
        let mut calendars = ical::IcalParser::new(ics.as_bytes());
        let calendar = calendars.next().expect("one calendar").expect("ical parses our ICS");
        assert!(calendars.next().is_none());
        calendar
    }

    /// RFC 5545 §3.3.11 TEXT unescaping, written here so the test does not trust the writer.
    fn unescape(raw: &str) -> String {
        let mut out = String::new();
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                },
                (c, false) => out.push(c),
            }
        }
        out
    }

    fn prop(event: &IcalEvent, name: &str) -> String {
        let found = event.properties.iter().find(|p| p.name == name);
        found.and_then(|p| p.value.clone()).unwrap_or_else(|| panic!("{name} missing"))
    }

    #[test]
    fn only_events_appear_with_their_fields() {
        let entries = [plain(1), event_entry(2, None), hostile(3), event_entry(4, Some(T0 + 3 * 3_600_000))];
        let ics = calendar(&channel(), &entries);
        let parsed = parse(&ics);
        let calname = parsed.properties.iter().find(|p| p.name == "X-WR-CALNAME").unwrap();
        assert_eq!(calname.value.as_deref(), Some("Beat: Piccadilly (Manchester)"));
        for line in ["PRODID:-//Beat//Area events//EN", "METHOD:PUBLISH", "X-WR-TIMEZONE:Europe/London"] {
            assert!(ics.contains(&format!("\r\n{line}\r\n")), "{line}");
        }
        assert_eq!(parsed.events.len(), 2, "non-events are skipped");

        let cases =
            [(0, "update-2@beat.example", "20261122T160500Z"), (1, "update-4@beat.example", "20261122T170500Z")];
        for (index, uid, dtend) in cases {
            let event = &parsed.events[index];
            assert_eq!(prop(event, "UID"), uid);
            assert_eq!(prop(event, "DTSTART"), "20261122T150500Z");
            assert_eq!(prop(event, "DTEND"), dtend);
            assert_eq!(prop(event, "DTSTAMP"), "20261122T140500Z");
            assert_eq!(unescape(&prop(event, "SUMMARY")), event_entry(2, None).title);
            let description =
                format!("{}\n\nMore: https://beat.example/update/{}", event_entry(2, None).body, index * 2 + 2);
            assert_eq!(unescape(&prop(event, "DESCRIPTION")), description);
            assert_eq!(prop(event, "LOCATION"), "Piccadilly");
            assert_eq!(prop(event, "CATEGORIES"), "Event");
        }
    }

    #[test]
    fn hostile_text_round_trips_and_long_lines_fold() {
        let pattern = "Surgery; bring ID, questions\\ideas \"now\" 🚓 مرحبا  é ";
        let mut titles = vec![HOSTILE_TITLE.to_string()];
        // Each offset puts different characters (spaces, emoji, escapes) at the fold points.
        // Trimmed: `ical` drops whitespace at the very end of a value, which no fold can help.
        let window = |skip| pattern.chars().cycle().skip(skip).take(200).collect::<String>().trim_end().to_string();
        titles.extend((0..60).map(window));
        for title in titles {
            let body = format!("{title}\u{7}\r\n{title}");
            let entry = Entry { title: title.clone(), body, is_demo: true, ..event_entry(9, None) };
            let ics = calendar(&channel(), &[entry]);
            for line in ics.split("\r\n") {
                assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
            }
            let summary_at = ics.find("\r\nSUMMARY:").unwrap();
            let summary_folds = ics[summary_at + 2..].split("\r\n").nth(1).unwrap().starts_with(' ');
            assert_eq!(summary_folds, title.chars().count() > 190, "only the long titles fold");
            let event = &parse(&ics).events[0];
            assert_eq!(unescape(&prop(event, "SUMMARY")), title);
            let description = format!("Demo: {title}\n{title}\n\nMore: https://beat.example/update/9");
            assert_eq!(unescape(&prop(event, "DESCRIPTION")), description);
        }
    }

    #[test]
    fn fold_points_avoid_whitespace_and_split_chars() {
        let cases =
            [("abcdef", 4, 4), ("ab def", 3, 1), ("abc ef", 4, 2), ("a   ef", 4, 4), ("aé", 2, 1), ("ab  🚓x", 6, 1)];
        for (line, limit, want) in cases {
            assert_eq!(fold_point(line, limit), want, "{line:?} at {limit}");
        }
    }

    #[test]
    fn end_defaults_to_an_hour_and_host_falls_back() {
        let inverted = event_entry(5, Some(T0));
        let parsed = parse(&calendar(&channel(), &[inverted]));
        assert_eq!(prop(&parsed.events[0], "DTEND"), "20261122T160500Z");
        let hosts = [("https://beat.example/area/x", "beat.example"), ("http://h:8080?q", "h:8080"), ("", "beat")];
        for (url, want) in hosts {
            assert_eq!(host(url), want);
        }
    }

    #[test]
    fn empty_and_deterministic() {
        let empty = calendar(&channel(), &[plain(1)]);
        assert!(parse(&empty).events.is_empty());
        let entries = [event_entry(2, None), hostile(3)];
        assert_eq!(calendar(&channel(), &entries), calendar(&channel(), &entries));
    }
}
