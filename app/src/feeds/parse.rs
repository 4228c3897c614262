//! Reading a fetched body into items: RSS, Atom and JSON Feed through feed-rs, CAP through
//! [`super::cap`]. Errors are sentences for the source's status page.

use super::cap;
use super::format::FeedFormat;
use super::html_text::{html_to_text, one_line};
use super::item::{clip, kind_from_categories, safe_link, Incoming, ItemKey, Parsed, Place, BODY_MAX, TITLE_MAX};
use super::text;
use feed_rs::model::Entry;

/// Reads `body` as `format` (or the detected format when `None`). Returns the format used.
/// The bytes are decoded to UTF-8 first ([`text::decode`]), so every parser reads text.
pub fn parse(
    body: &[u8],
    format: Option<FeedFormat>,
    content_type: Option<&str>,
) -> Result<(FeedFormat, Parsed), String> {
    let mut parsed = Parsed::default();
    let format = parse_each(body, format, content_type, |item| match item {
        Ok(item) => parsed.items.push(item),
        Err(skipped) => parsed.skipped.push(skipped),
    })?;
    Ok((format, parsed))
}

/// [`parse`], handing each item (or the reason one was skipped) to `each` as soon as it is
/// made, in the feed's order, so the poller can store the first items while later ones are
/// still being turned into text. The whole document is read first: on an error, `each` has
/// not been called.
pub fn parse_each(
    body: &[u8],
    format: Option<FeedFormat>,
    content_type: Option<&str>,
    each: impl FnMut(Result<Incoming, String>),
) -> Result<FeedFormat, String> {
    let text = text::decode(body).map_err(|why| match format.or_else(|| FeedFormat::detect(body, content_type)) {
        Some(f) => format!("The feed could not be read as {}: {why}.", f.label()),
        None => format!("The feed could not be read: {why}."),
    })?;
    let format = match format {
        Some(f) => f,
        None => FeedFormat::detect(text.as_bytes(), content_type).ok_or_else(|| {
            "This is not a feed Beat can read: it is not RSS, Atom, JSON Feed or a CAP alert. \
             Check the address points at the feed itself, not a web page."
                .to_string()
        })?,
    };
    match format {
        FeedFormat::Cap => {
            let parsed = cap::parse(text::without_declarations(text).as_bytes())?;
            parsed.skipped.into_iter().map(Err).chain(parsed.items.into_iter().map(Ok)).for_each(each);
        }
        FeedFormat::Rss | FeedFormat::Atom => {
            syndication(&text::without_declarations(text), format)?.map(convert).for_each(each)
        }
        FeedFormat::JsonFeed => syndication(&text, format)?.map(convert).for_each(each),
    }
    Ok(format)
}

/// The entries of an RSS, Atom or JSON feed, read whole.
fn syndication(text: &str, format: FeedFormat) -> Result<impl Iterator<Item = Entry>, String> {
    // Missing ids are left empty, so Beat can tell them apart and key them itself.
    let parser = feed_rs::parser::Builder::new().id_generator(|_, _, _| String::new()).build();
    let feed = parser.parse(text.as_bytes()).map_err(|e| explain(format, &e))?;
    Ok(feed.entries.into_iter())
}

/// One entry as an item: its HTML as text, a key, a kind from its categories.
fn convert(entry: Entry) -> Result<Incoming, String> {
    let title = entry.title.as_ref().map(|t| one_line(&html_to_text(&t.content))).unwrap_or_default();
    let html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .or(entry.summary.as_ref().map(|s| s.content.as_str()))
        .unwrap_or_default();
    let body = html_to_text(html);
    if title.is_empty() && body.is_empty() {
        return Err("an item with no title or text".into());
    }
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .and_then(|l| safe_link(&l.href));
    let title = if title.is_empty() { clip(&one_line(&body), 80) } else { title };
    let key = ItemKey::choose(&entry.id, link.as_deref(), &title, &body);
    let categories = entry.categories.iter().flat_map(|c| [Some(c.term.as_str()), c.label.as_deref()]).flatten();
    Ok(Incoming {
        key,
        kind: kind_from_categories(categories),
        title: clip(&title, TITLE_MAX),
        body: clip(&body, BODY_MAX),
        link,
        published_ms: entry.published.map(|t| t.timestamp_millis()),
        updated_ms: entry.updated.map(|t| t.timestamp_millis()),
        expires_ms: None,
        severity: None,
        place: Place::default(),
        supersedes: Vec::new(),
    })
}

/// feed-rs's error, in words a member of staff can act on.
fn explain(format: FeedFormat, err: &feed_rs::parser::ParseFeedError) -> String {
    use feed_rs::parser::ParseFeedError as E;
    let detail = match err {
        E::ParseError(kind) => kind.to_string(),
        E::IoError(e) => e.to_string(),
        E::JsonSerde(e) => format!("the JSON is not valid ({e})"),
        E::JsonUnsupportedVersion(v) => format!("JSON Feed version {v} is not supported"),
        E::XmlReader(e) => format!("the XML is not well formed or not in the encoding it declares ({e})"),
    };
    format!("The feed could not be read as {}: {detail}.", format.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_without_ids_are_keyed_by_link_or_text() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><guid>g1</guid><title>With guid</title><description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description>
              <link>https://example.org/1</link><category>Appeals</category><pubDate>Sun, 22 Nov 2026 09:00:00 GMT</pubDate></item>
            <item><title>Link only</title><link>https://example.org/2</link></item>
            <item><title>Text only</title><description>No id or link</description></item>
            <item><description></description></item>
            <item><title>Bad link</title><link>javascript:alert(1)</link></item>
        </channel></rss>"#;
        let (format, parsed) = parse(rss.as_bytes(), None, None).unwrap();
        assert_eq!(format, FeedFormat::Rss);
        let keys: Vec<String> = parsed.items.iter().map(|i| i.key.stored()).collect();
        assert_eq!(keys[0], "id:g1");
        assert_eq!(keys[1], "link:https://example.org/2");
        assert!(keys[2].starts_with("text:"));
        assert!(keys[3].starts_with("text:"), "a javascript: link is no key and no link");
        assert_eq!(parsed.items[3].link, None);
        assert_eq!(parsed.items[0].body, "Hi & bye");
        assert_eq!(parsed.items[0].kind, Some(crate::updates::kind::UpdateKind::Appeal));
        assert_eq!(parsed.items[0].published_ms, Some(1_795_338_000_000));
        assert_eq!(parsed.skipped, vec!["an item with no title or text".to_string()]);
    }

    #[test]
    fn bad_bodies_are_explained() {
        let cases: &[(&[u8], Option<FeedFormat>, &str)] = &[
            (b"<html><body>Sorry</body></html>", None, "not a feed Beat can read"),
            (
                b"<rss version=\"2.0\"><channel><item><title>x</title></chan",
                Some(FeedFormat::Rss),
                "could not be read as RSS 2.0",
            ),
            (
                b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
                None,
                "could not be read as JSON Feed",
            ),
            (b"", Some(FeedFormat::Atom), "could not be read as Atom"),
        ];
        for (body, format, want) in cases {
            let err = parse(body, *format, None).unwrap_err();
            assert!(err.contains(want), "{err}");
        }
    }

    /// Found by `make fuzz`: feed-rs switched quick-xml's decoder at each declaration, and
    /// quick-xml 0.42 panics when that comes after its first 64 bytes. Beat decodes first, so a
    /// late or long declaration is read like any other feed, and a feed in another encoding
    /// (Latin-1, UTF-16 with a byte order mark) is read in it.
    #[test]
    fn feeds_in_other_encodings_and_with_odd_declarations_are_read() {
        let rss = |decl: &str| {
            let mut body = decl.as_bytes().to_vec();
            body.extend(b"<rss version=\"2.0\"><channel><item><title>Caf\xe9 reopens</title></item></channel></rss>");
            body
        };
        let long = rss(&format!("<?xml version=\"1.0\"{}encoding=\"ISO-8859-1\"?>", " ".repeat(60)));
        let (_, parsed) = parse(&long, Some(FeedFormat::Rss), None).unwrap();
        assert_eq!(parsed.items[0].title, "Caf\u{e9} reopens");
        // Late: not a declaration XML allows, so it names nothing and the body is UTF-8.
        let late = format!(
            "<!--{}--><?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel>\
             <item><title>Caf\u{e9} reopens</title></item></channel></rss>",
            "x".repeat(80)
        );
        let (_, parsed) = parse(late.as_bytes(), Some(FeedFormat::Rss), None).unwrap();
        assert_eq!(parsed.items[0].title, "Caf\u{e9} reopens");
        let err = parse(&rss("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), None, None).unwrap_err();
        assert!(err.contains("could not be read as RSS 2.0: it is not valid UTF-8 at byte"), "{err}");
        let atom = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                    <title>Cyngor</title><entry><id>1</id><title>Ysgolion ar gau \u{2013} storm</title></entry></feed>";
        let utf16: Vec<u8> = atom.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (format, parsed) = parse(&utf16, None, None).unwrap();
        assert_eq!(format, FeedFormat::Atom);
        assert_eq!(parsed.items[0].title, "Ysgolion ar gau \u{2013} storm");
        let err = parse(b"<?xml version=\"1.0\" encoding=\"x-unheard-of\"?><rss/>", None, None).unwrap_err();
        assert!(err.contains("encoding Beat does not know"), "{err}");
    }
}
