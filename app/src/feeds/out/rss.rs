//! RSS 2.0, written with the `rss` crate, plus `atom:link rel="self"` (RSS Advisory Board
//! best practice) and Dublin Core `dc:creator`.

use rss::extension::atom::AtomExtension;
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Guid, Item};

use super::atom::{link, SEVERITY_SCHEME};
use super::model::{clean, utc, Channel, Entry};

/// The area's updates as an RSS 2.0 channel.
pub fn channel(channel: &Channel, entries: &[Entry]) -> String {
    let rss = rss::Channel {
        title: clean(&channel.title).into_owned(),
        link: channel.page_url.clone(),
        description: channel.description(),
        language: Some(channel.language.clone()),
        last_build_date: Some(utc(channel.updated_ms).to_rfc2822()),
        generator: Some("Beat".into()),
        atom_ext: Some(AtomExtension { links: vec![link(&channel.self_url, "self", "application/rss+xml")] }),
        items: entries.iter().map(item).collect(),
        ..rss::Channel::default()
    };
    // Writing into a Vec cannot fail; `to_string` only yields "" if it somehow did.
    rss.to_string()
}

fn item(e: &Entry) -> Item {
    let body = clean(&e.body);
    // RSS has no summary element, so the demo flag goes at the head of the description.
    let text = if e.is_demo { format!("Demo: {body}") } else { body.into_owned() };
    Item {
        title: Some(clean(&e.title).into_owned()),
        link: Some(e.url.clone()),
        guid: Some(Guid { value: e.url.clone(), permalink: true }),
        pub_date: Some(utc(e.published_ms).to_rfc2822()),
        description: Some(html_text(&text)),
        categories: vec![
            Category { name: e.kind.label().into(), domain: None },
            Category { name: e.severity.label().into(), domain: Some(SEVERITY_SCHEME.into()) },
        ],
        // RSS `<author>` must be an email address, which sources and reporters don't publish;
        // `dc:creator` takes a plain name and every major reader shows it.
        dublin_core_ext: Some(DublinCoreExtension {
            creators: vec![e.author_name()],
            contributors: e.contributor_name().into_iter().collect(),
            ..DublinCoreExtension::default()
        }),
        ..Item::default()
    }
}

/// Plain text as HTML. Readers treat `<description>` as HTML whatever its wrapping (the crate
/// writes it as CDATA, which only protects the XML, not the reader), so a body mentioning
/// `<script>` must arrive as text, and line breaks must survive HTML's whitespace collapsing.
fn html_text(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            '\n' => html.push_str("<br>\n"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self as fx, hostile, plain, HOSTILE_BODY_CLEAN, HOSTILE_TITLE, T0};
    use super::*;

    fn parse(xml: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs parses our RSS")
    }

    /// Undoes `html_text` the way a reader would, independently of it.
    fn html_to_text(html: &str) -> String {
        html.replace("<br>\n", "\n")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn channel_fields_survive_for_any_item_count() {
        for entries in [vec![], vec![plain(1)], vec![plain(1), hostile(2), plain(3)]] {
            let parsed = parse(&channel(&fx::channel(), &entries));
            assert_eq!(parsed.feed_type, feed_rs::model::FeedType::RSS2);
            assert_eq!(parsed.title.unwrap().content, "Beat: Piccadilly (Manchester)");
            assert_eq!(
                parsed.description.unwrap().content,
                "Police and council updates for Piccadilly. Not for emergencies: call 999."
            );
            assert_eq!(parsed.language.as_deref(), Some("en-gb"));
            assert_eq!(parsed.updated.unwrap().timestamp_millis(), fx::channel().updated_ms);
            let links: Vec<_> = parsed.links.iter().map(|l| (l.rel.as_deref(), l.href.as_str())).collect();
            let ch = fx::channel();
            assert_eq!(links, [(None, ch.page_url.as_str()), (Some("self"), ch.self_url.as_str())]);
            let ids: Vec<_> = parsed.entries.iter().map(|e| e.id.clone()).collect();
            assert_eq!(ids, entries.iter().map(|e| e.url.clone()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn items_round_trip_including_hostile_text() {
        let xml = channel(&fx::channel(), &[plain(1), hostile(2)]);
        // isPermaLink defaults to true, so the crate leaves the attribute out.
        assert!(xml.contains("<guid>https://beat.example/update/1</guid>"));
        assert!(!xml.contains("<script>") && !xml.contains("<b>"), "no live markup anywhere");
        let parsed = parse(&xml);
        let (ordinary, nasty) = (&parsed.entries[0], &parsed.entries[1]);

        let summary = |e: &feed_rs::model::Entry| html_to_text(&e.summary.as_ref().unwrap().content);
        assert_eq!(summary(ordinary), plain(1).body);
        assert_eq!(ordinary.authors[0].name.as_deref(), Some("Greater Manchester Police"));
        assert_eq!(ordinary.published.unwrap().timestamp_millis(), T0);
        assert_eq!(ordinary.links[0].href, "https://beat.example/update/1");

        assert_eq!(nasty.title.as_ref().unwrap().content, HOSTILE_TITLE);
        assert_eq!(summary(nasty), format!("Demo: {HOSTILE_BODY_CLEAN}"));
        assert_eq!(nasty.authors[0].name.as_deref(), Some("Sam <Reporter> (community reporter)"));
        let cats: Vec<_> = nasty.categories.iter().map(|c| (c.term.as_str(), c.scheme.as_deref())).collect();
        assert_eq!(cats, [("Appeal", None), ("Warning", Some(SEVERITY_SCHEME))]);
    }

    #[test]
    fn html_text_escapes_markup_and_keeps_line_breaks() {
        let cases = [("a\nb", "a<br>\nb"), ("<i>&'\"", "&lt;i&gt;&amp;&#39;&quot;"), ("🚓 مرحبا", "🚓 مرحبا")];
        for (text, want) in cases {
            assert_eq!(html_text(text), want);
        }
    }

    #[test]
    fn output_is_deterministic() {
        let entries = [plain(1), hostile(2)];
        let ch = fx::channel();
        assert_eq!(channel(&ch, &entries), channel(&ch, &entries));
    }
}
