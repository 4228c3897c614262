//! An item read from a feed, before it is stored: its key, clean text and where it belongs.

use crate::updates::kind::{Severity, UpdateKind};
use sha2::{Digest, Sha256};

/// Longest title and body kept from a feed, in characters (the rest is cut at a word).
pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 4000;
/// Keys longer than this are stored as their hash.
const KEY_MAX: usize = 200;

/// What identifies an item across polls, strongest first. Agencies' feeds do not always
/// give ids: a link is the next best thing, and an item with neither is known by its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ItemKey {
    Id(String),
    Link(String),
    Content(String),
}

impl ItemKey {
    /// Chooses the key from the item's id, link and text.
    pub fn choose(id: &str, link: Option<&str>, title: &str, body: &str) -> Self {
        let id = id.trim();
        if !id.is_empty() {
            return ItemKey::Id(bounded(id));
        }
        match link.map(str::trim).filter(|l| !l.is_empty()) {
            Some(link) => ItemKey::Link(bounded(link)),
            None => ItemKey::Content(hex(&Sha256::digest(format!("{title}\n{body}")))[..32].to_string()),
        }
    }

    /// The stored form, `id:…`, `link:…` or `text:…`.
    pub fn stored(&self) -> String {
        match self {
            ItemKey::Id(v) => format!("id:{v}"),
            ItemKey::Link(v) => format!("link:{v}"),
            ItemKey::Content(v) => format!("text:{v}"),
        }
    }
}

fn bounded(v: &str) -> String {
    if v.len() <= KEY_MAX {
        v.to_string()
    } else {
        format!("sha256:{}", hex(&Sha256::digest(v)))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where an item belongs, as the feed says it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Place {
    /// Shapes of the affected area (CAP `polygon` and `circle`).
    pub shapes: Vec<Shape>,
    /// Area codes the feed names (CAP `geocode` values); unknown ones are ignored.
    pub codes: Vec<String>,
}

impl Place {
    /// The feed said nothing: the source's default areas apply.
    pub fn is_unspecified(&self) -> bool {
        self.shapes.is_empty() && self.codes.is_empty()
    }
}

/// A shape in WGS84 degrees.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A closed ring of (longitude, latitude).
    Polygon(Vec<(f64, f64)>),
    Circle {
        lon: f64,
        lat: f64,
        radius_km: f64,
    },
}

/// One item, read and cleaned.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    pub key: ItemKey,
    /// Plain text, one line.
    pub title: String,
    /// Plain text with `\n` between paragraphs.
    pub body: String,
    /// The agency's own page for it (http or https only).
    pub link: Option<String>,
    pub published_ms: Option<i64>,
    pub updated_ms: Option<i64>,
    pub expires_ms: Option<i64>,
    pub severity: Option<Severity>,
    /// A kind the item's categories name, else the source's default.
    pub kind: Option<UpdateKind>,
    pub place: Place,
    /// Keys of earlier items this one cancels or replaces (CAP `references`).
    pub supersedes: Vec<ItemKey>,
}

/// A feed read into items, with what was left out and why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub items: Vec<Incoming>,
    /// Plain-words reasons for items that were not taken, e.g. "an item with no title or text".
    pub skipped: Vec<String>,
}

/// Keeps a link only if it is an absolute http(s) URL: a feed's `javascript:` or `data:`
/// link must never become an `href` on Beat's pages.
pub fn safe_link(raw: &str) -> Option<String> {
    let link = raw.trim();
    let lower = link.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && link.len() <= 2000
        && !link.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    ok.then(|| link.to_string())
}

/// Names in an item's categories that mean one of Beat's kinds.
pub fn kind_from_categories<'a>(categories: impl IntoIterator<Item = &'a str>) -> Option<UpdateKind> {
    categories.into_iter().find_map(|c| {
        let c = c.trim().to_lowercase();
        let c = c.trim_end_matches('s');
        match c {
            "appeal" | "witness appeal" | "wanted" | "missing person" => Some(UpdateKind::Appeal),
            "event" | "meeting" | "surgery" | "beat meeting" => Some(UpdateKind::Event),
            "crime prevention" | "prevention" | "advice" | "safety advice" => Some(UpdateKind::PreventionTip),
            "council notice" | "school closure" | "road closure" | "service change" => Some(UpdateKind::CouncilNotice),
            _ => UpdateKind::ALL.iter().copied().find(|k| k.as_str() == c || k.label().to_lowercase() == c),
        }
    })
}

/// Cuts text to `max` characters at a word boundary, adding "…" when anything was cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", at_word.trim_end())
}

/// A hash of what is shown, so a re-poll can tell a changed item from an unchanged one.
pub fn content_hash(item: &Incoming) -> String {
    let mut h = Sha256::new();
    for part in [&item.title, &item.body, item.link.as_deref().unwrap_or_default()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(format!("{:?}{:?}{:?}", item.severity, item.expires_ms, item.kind));
    hex(&h.finalize())[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_prefer_id_then_link_then_text() {
        assert_eq!(ItemKey::choose(" abc ", Some("https://x"), "t", "b").stored(), "id:abc");
        assert_eq!(ItemKey::choose("", Some("https://x/1"), "t", "b").stored(), "link:https://x/1");
        let a = ItemKey::choose("", None, "Road closed", "All day");
        let b = ItemKey::choose("", Some("  "), "Road closed", "All day");
        let c = ItemKey::choose("", None, "Road closed", "All week");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.stored().starts_with("text:"));
        let long = "x".repeat(500);
        let k = ItemKey::choose(&long, None, "", "").stored();
        assert!(k.starts_with("id:sha256:") && k.len() < 100, "{k}");
    }

    #[test]
    fn only_http_links_are_kept() {
        let cases = [
            ("https://www.gmp.police.uk/news/1", true),
            ("HTTP://example.org/a?b=c", true),
            ("javascript:alert(1)", false),
            ("JaVaScRiPt:alert(1)", false),
            ("data:text/html,<script>", false),
            ("/relative/path", false),
            ("https://x.org/\"onmouseover=\"", false),
            ("https://x.org/a b", false),
            ("", false),
        ];
        for (raw, ok) in cases {
            assert_eq!(safe_link(raw).is_some(), ok, "{raw}");
        }
    }

    #[test]
    fn categories_name_kinds() {
        assert_eq!(kind_from_categories(["News", "Appeals"]), Some(UpdateKind::Appeal));
        assert_eq!(kind_from_categories(["Events"]), Some(UpdateKind::Event));
        assert_eq!(kind_from_categories(["School closures"]), Some(UpdateKind::CouncilNotice));
        assert_eq!(kind_from_categories(["prevention_tip"]), Some(UpdateKind::PreventionTip));
        assert_eq!(kind_from_categories(["News", "Sport"]), None);
        assert_eq!(kind_from_categories([]), None);
    }

    #[test]
    fn clipping_keeps_words_and_marks_the_cut() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("one two three four", 12), "one two…");
        assert_eq!(clip("abcdefghijklmnop", 6), "abcde…");
        assert_eq!(clip("🚓🚓🚓🚓", 3).chars().count(), 3);
    }
}
