//! The formats Beat reads, and telling them apart when a source does not say.

use crate::slug::slug_enum;

slug_enum! {
    /// A feed format Beat can read.
    FeedFormat {
        Rss => "rss", "RSS 2.0";
        Atom => "atom", "Atom";
        JsonFeed => "json_feed", "JSON Feed";
        Cap => "cap", "CAP 1.2 alert";
    }
}

impl FeedFormat {
    /// Guesses the format from the start of the body (and the Content-Type, when the body
    /// says nothing): the root element or the JSON Feed version. `None` when it is none of
    /// them, which the caller reports as "not a feed".
    pub fn detect(body: &[u8], content_type: Option<&str>) -> Option<Self> {
        let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
        let first = head.trim_start_matches('\u{feff}').trim_start().chars().next();
        if first == Some('{') {
            // JSON objects have no key order: the version may come after a long list of items.
            let version = b"jsonfeed.org/version";
            return body
                .windows(version.len())
                .any(|w| w.eq_ignore_ascii_case(version))
                .then_some(FeedFormat::JsonFeed);
        }
        if let Some(root) = root_element(&head) {
            return match root {
                "rss" | "rdf:rdf" => Some(FeedFormat::Rss),
                "feed" => Some(FeedFormat::Atom),
                "alert" => Some(FeedFormat::Cap),
                _ => None,
            };
        }
        let ct = content_type.unwrap_or_default().to_ascii_lowercase();
        [
            ("application/cap+xml", FeedFormat::Cap),
            ("application/atom+xml", FeedFormat::Atom),
            ("application/rss+xml", FeedFormat::Rss),
            ("application/feed+json", FeedFormat::JsonFeed),
        ]
        .into_iter()
        .find(|(prefix, _)| ct.starts_with(prefix))
        .map(|(_, f)| f)
    }
}

/// The name of the first element, skipping the XML declaration, comments and doctype;
/// a namespace prefix other than `rdf:` is dropped (`cap:alert` is an alert).
fn root_element(head: &str) -> Option<&str> {
    let mut rest = head;
    loop {
        let start = rest.find('<')?;
        rest = &rest[start + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
        let name = &rest[..end];
        return Some(match name.split_once(':') {
            Some(("rdf", _)) => name,
            Some((_, local)) => local,
            None => name,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_root_then_content_type() {
        let cases: &[(&str, Option<&str>, Option<FeedFormat>)] = &[
            ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>", None, Some(FeedFormat::Rss)),
            (
                "\u{feff}<?xml version='1.0'?><!-- hi --><feed xmlns=\"http://www.w3.org/2005/Atom\">",
                None,
                Some(FeedFormat::Atom),
            ),
            ("<rdf:RDF xmlns:rdf=\"x\">", None, Some(FeedFormat::Rss)),
            ("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">", None, Some(FeedFormat::Cap)),
            ("<cap:alert xmlns:cap=\"urn:oasis:names:tc:emergency:cap:1.2\">", None, Some(FeedFormat::Cap)),
            ("  {\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", None, Some(FeedFormat::JsonFeed)),
            ("{\"hello\": 1}", Some("application/feed+json"), None),
            // Keys written in sorted order put the version after the items.
            (
                &format!(
                    "{{\"items\": [{}], \"version\": \"https://jsonfeed.org/version/1.1\"}}",
                    "{\"id\": \"1\"}, ".repeat(400) + "{}"
                ),
                None,
                Some(FeedFormat::JsonFeed),
            ),
            ("<html><body>Not found</body></html>", Some("application/rss+xml"), None),
            ("garbage", Some("application/atom+xml; charset=utf-8"), Some(FeedFormat::Atom)),
            ("garbage", Some("text/plain"), None),
            ("", None, None),
        ];
        for (body, ct, want) in cases {
            assert_eq!(FeedFormat::detect(body.as_bytes(), *ct), *want, "{body:?} {ct:?}");
        }
    }
}
