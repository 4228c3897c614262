//! Atom 1.0 (RFC 4287), written with `atom_syndication`.

use atom_syndication::{Category, Content, Feed, Generator, Link, Person, Text};

use super::model::{clean, utc, Channel, Entry};

/// Category scheme for the kind of update (the term is the kind's slug). A `.invalid` URI:
/// it names the vocabulary and is never meant to be fetched.
pub const KIND_SCHEME: &str = "https://beat.invalid/kind";
/// Category scheme for severity (the term is the severity's slug).
pub const SEVERITY_SCHEME: &str = "https://beat.invalid/severity";

/// The area's updates as an Atom feed. The feed id is `self_url`.
pub fn feed(channel: &Channel, entries: &[Entry]) -> String {
    document(channel, entries.iter().map(entry).collect())
}

/// Wraps ready-made entries in the channel's feed element and serialises it; shared with the
/// CAP index, which is the same feed with different links.
pub(crate) fn document(channel: &Channel, entries: Vec<atom_syndication::Entry>) -> String {
    let feed = Feed {
        id: channel.self_url.clone(),
        title: Text::plain(clean(&channel.title)),
        subtitle: Some(Text::plain(channel.description())),
        links: vec![
            link(&channel.self_url, "self", "application/atom+xml"),
            link(&channel.page_url, "alternate", "text/html"),
        ],
        updated: utc(channel.updated_ms).fixed_offset(),
        generator: Some(Generator { value: "Beat".into(), ..Generator::default() }),
        lang: Some(channel.language.clone()),
        entries,
        ..Feed::default()
    };
    // Writing into a Vec cannot fail; `to_string` only yields "" if it somehow did.
    feed.to_string()
}

/// One update as an Atom entry, with its page as the alternate link.
pub(crate) fn entry(e: &Entry) -> atom_syndication::Entry {
    let mut links = vec![link(&e.url, "alternate", "text/html")];
    if let Some(original) = &e.original_url {
        links.push(Link { href: original.clone(), rel: "related".into(), ..Link::default() });
    }
    let person = |name: String| Person { name, ..Person::default() };
    let body = clean(&e.body).into_owned();
    atom_syndication::Entry {
        id: e.url.clone(),
        title: Text::plain(clean(&e.title)),
        links,
        published: Some(utc(e.published_ms).fixed_offset()),
        updated: utc(e.updated_ms).fixed_offset(),
        authors: vec![person(e.author_name())],
        contributors: e.contributor_name().map(person).into_iter().collect(),
        categories: vec![
            category(KIND_SCHEME, e.kind.as_str(), e.kind.label()),
            category(SEVERITY_SCHEME, e.severity.as_str(), e.severity.label()),
        ],
        // Readers that show only the summary still see that demo data is not real.
        summary: e.is_demo.then(|| Text::plain(format!("Demo: {body}"))),
        content: Some(Content { value: Some(body), content_type: Some("text".into()), ..Content::default() }),
        ..atom_syndication::Entry::default()
    }
}

/// A link with a relation and media type.
pub(crate) fn link(href: &str, rel: &str, mime_type: &str) -> Link {
    Link { href: href.into(), rel: rel.into(), mime_type: Some(mime_type.into()), ..Link::default() }
}

fn category(scheme: &str, term: &str, label: &str) -> Category {
    Category { term: term.into(), scheme: Some(scheme.into()), label: Some(label.into()) }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{channel, hostile, plain, HOSTILE_BODY_CLEAN, HOSTILE_TITLE, T0};
    use super::*;

    fn parse(xml: &str) -> feed_rs::model::Feed {
        feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs parses our Atom")
    }

    #[test]
    fn feed_level_fields_survive_for_any_entry_count() {
        for entries in [vec![], vec![plain(1)], vec![plain(1), hostile(2), plain(3)]] {
            let xml = feed(&channel(), &entries);
            let parsed = parse(&xml);
            assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
            assert_eq!(parsed.id, channel().self_url);
            assert_eq!(parsed.title.unwrap().content, "Beat: Piccadilly (Manchester)");
            assert_eq!(
                parsed.description.unwrap().content,
                "Police and council updates for Piccadilly. Not for emergencies: call 999."
            );
            assert_eq!(parsed.updated.unwrap().timestamp_millis(), channel().updated_ms);
            assert_eq!(parsed.generator.unwrap().content, "Beat");
            let rels: Vec<_> =
                parsed.links.iter().map(|l| (l.rel.as_deref(), l.media_type.as_deref(), l.href.as_str())).collect();
            assert_eq!(
                rels,
                [
                    (Some("self"), Some("application/atom+xml"), channel().self_url.as_str()),
                    (Some("alternate"), Some("text/html"), channel().page_url.as_str()),
                ]
            );
            assert_eq!(parsed.entries.len(), entries.len());
            let ids: Vec<_> = parsed.entries.iter().map(|e| e.id.clone()).collect();
            assert_eq!(ids, entries.iter().map(|e| e.url.clone()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn entries_round_trip_including_hostile_text() {
        let xml = feed(&channel(), &[plain(1), hostile(2)]);
        assert!(!xml.contains("<script>"), "title must be escaped");
        let parsed = parse(&xml);
        let (ordinary, nasty) = (&parsed.entries[0], &parsed.entries[1]);

        assert_eq!(ordinary.title.as_ref().unwrap().content, "Road closed on Deansgate");
        assert_eq!(ordinary.authors[0].name.as_deref(), Some("Greater Manchester Police"));
        assert!(ordinary.contributors.is_empty());
        assert!(ordinary.summary.is_none(), "only demo entries carry a summary");
        assert_eq!(ordinary.published.unwrap().timestamp_millis(), T0);
        assert_eq!(ordinary.links.len(), 1);

        assert_eq!(nasty.title.as_ref().unwrap().content, HOSTILE_TITLE);
        let content = nasty.content.as_ref().unwrap();
        assert_eq!(content.body.as_deref(), Some(HOSTILE_BODY_CLEAN));
        assert_eq!(content.content_type.essence().to_string(), "text/plain");
        assert_eq!(nasty.summary.as_ref().unwrap().content, format!("Demo: {HOSTILE_BODY_CLEAN}"));
        assert_eq!(nasty.authors[0].name.as_deref(), Some("Sam <Reporter> (community reporter)"));
        assert_eq!(nasty.contributors[0].name.as_deref(), Some("Greater Manchester Police"));
        assert_eq!(nasty.published.unwrap().timestamp_millis(), T0);
        assert_eq!(nasty.updated.unwrap().timestamp_millis(), T0 + 3_600_000);
        let links: Vec<_> = nasty.links.iter().map(|l| (l.rel.as_deref(), l.href.as_str())).collect();
        assert_eq!(
            links,
            [
                (Some("alternate"), "https://beat.example/update/2"),
                (Some("related"), "https://police.example/news/2?a=1&b=2")
            ]
        );
        let cats: Vec<_> =
            nasty.categories.iter().map(|c| (c.term.as_str(), c.scheme.as_deref(), c.label.as_deref())).collect();
        assert_eq!(
            cats,
            [("appeal", Some(KIND_SCHEME), Some("Appeal")), ("warning", Some(SEVERITY_SCHEME), Some("Warning"))]
        );
    }

    #[test]
    fn output_is_deterministic() {
        let entries = [plain(1), hostile(2)];
        assert_eq!(feed(&channel(), &entries), feed(&channel(), &entries));
    }
}
