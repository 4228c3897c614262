//! Finding an area by name: every area's folded names in memory, ranked the way people expect.
//!
//! Held beside the ward index and replaced with it when boundaries are imported, so a search
//! is a scan of about 8,900 short strings in memory, the same on SQLite and PostgreSQL, with
//! no database round trip. A one-letter query matches nearly every name somewhere inside, so
//! each rank keeps only the first `limit` matches it meets; the entries are sorted once, at
//! build time, in the order ties are broken, so the first met are the ones to show.

use super::area::{AreaCode, AreaLevel, AreaSummary};
use std::collections::HashMap;

/// The text a name is searched by: lower case without accents (`Ynys Môn` is `ynys mon`,
/// `Höfuðborgarsvæði` is `hofudborgarsvaedi`), `&` read as `and`, apostrophes dropped (`Hawke's`
/// is `hawkes`), other punctuation and runs of spaces as one space. `deunicode` transliterates
/// rather than only dropping combining marks, so letters like ð, þ, ø and æ that have no
/// accent to drop still match what people type.
pub fn fold(text: &str) -> String {
    let plain = deunicode::deunicode(text).to_lowercase().replace('&', " and ").replace('\'', "");
    let words: Vec<&str> = plain.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join(" ")
}

/// An area as the directory is built from: what a search answers, and its parent's code.
pub struct NamedArea {
    pub code: AreaCode,
    pub name: String,
    pub name_alt: Option<String>,
    pub level: AreaLevel,
    pub parent: Option<AreaCode>,
}

struct Entry {
    summary: AreaSummary,
    /// The folded name, then the folded second-language name if there is one.
    keys: Vec<String>,
    /// The entries above this one, nearest first (ward: council, force, country).
    ancestors: Vec<u32>,
}

/// Every area's names, ready to search.
#[derive(Default)]
pub struct NameDirectory {
    /// Councils, wards, forces, regions, countries; within each by folded name, name, code.
    entries: Vec<Entry>,
    by_code: HashMap<AreaCode, u32>,
}

/// How well a name matches, best first.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// The name (or Welsh name) is the query.
    Exact,
    /// It starts with the query.
    Prefix,
    /// A word inside it starts with the query.
    Word,
    /// The query is somewhere inside it.
    Inside,
}

const RANKS: usize = 4;

fn level_order(level: AreaLevel) -> u8 {
    match level {
        AreaLevel::Council => 0,
        AreaLevel::Ward => 1,
        AreaLevel::Force => 2,
        AreaLevel::Region => 3,
        AreaLevel::Country => 4,
    }
}

/// How `key` (one folded name) matches the folded query `q`, if it does; `word` is `q` after
/// a space.
fn rank(key: &str, q: &str, word: &str) -> Option<Rank> {
    let at = key.find(q)?;
    Some(match at {
        0 if key.len() == q.len() => Rank::Exact,
        0 => Rank::Prefix,
        _ if key[at - 1..].contains(word) => Rank::Word,
        _ => Rank::Inside,
    })
}

impl NameDirectory {
    pub fn new(areas: impl IntoIterator<Item = NamedArea>) -> Self {
        // Names are ordered as folded, so case, accents and punctuation do not move them.
        let mut areas: Vec<(String, NamedArea)> = areas.into_iter().map(|a| (fold(&a.name), a)).collect();
        areas.sort_by(|(fa, a), (fb, b)| {
            (level_order(a.level), fa, &a.name, &a.code).cmp(&(level_order(b.level), fb, &b.name, &b.code))
        });
        let areas: Vec<NamedArea> = areas.into_iter().map(|(_, a)| a).collect();
        let by_code: HashMap<AreaCode, u32> =
            areas.iter().enumerate().map(|(i, a)| (a.code.clone(), i as u32)).collect();
        let parent_of: Vec<Option<u32>> =
            areas.iter().map(|a| a.parent.as_ref().and_then(|p| by_code.get(p).copied())).collect();
        let entries = areas
            .iter()
            .enumerate()
            .map(|(i, a)| {
                // The tree is at most four deep; the bound guards against a cycle in bad data.
                let mut ancestors = Vec::new();
                let mut next = parent_of[i];
                while let Some(p) = next.filter(|_| ancestors.len() < 8) {
                    ancestors.push(p);
                    next = parent_of[p as usize];
                }
                let keys = std::iter::once(&a.name).chain(a.name_alt.as_ref()).map(|n| fold(n)).collect();
                let parent_name = parent_of[i].map(|p| areas[p as usize].name.clone());
                let summary = AreaSummary {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    name_alt: a.name_alt.clone(),
                    level: a.level,
                    parent_name,
                };
                Entry { summary, keys, ancestors }
            })
            .collect();
        NameDirectory { entries, by_code }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Areas whose name (or Welsh name) contains `query`, ignoring case and accents, at most
    /// `limit`. Exact names come first, then names that start with it, then a word in the
    /// name that does, then the rest; within each, councils, wards, forces, regions and
    /// countries, then by name. With `within`, only that area and the areas inside it (what
    /// a force's officer may publish to); an unknown `within` finds nothing.
    pub fn search(&self, query: &str, within: Option<&AreaCode>, limit: usize) -> Vec<AreaSummary> {
        let q = fold(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let within = match within {
            Some(code) => match self.by_code.get(code) {
                Some(&i) => Some(i),
                None => return Vec::new(),
            },
            None => None,
        };
        let word = format!(" {q}");
        let mut found: [Vec<u32>; RANKS] = Default::default();
        for (i, entry) in self.entries.iter().enumerate() {
            let Some(best) = entry.keys.iter().filter_map(|k| rank(k, &q, &word)).min() else { continue };
            // Only the better ranks can still change the answer once this one is full.
            if found[..=best as usize].iter().map(Vec::len).sum::<usize>() >= limit {
                continue;
            }
            if within.is_some_and(|w| w != i as u32 && !entry.ancestors.contains(&w)) {
                continue;
            }
            found[best as usize].push(i as u32);
        }
        found.iter().flatten().take(limit).map(|&i| self.entries[i as usize].summary.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_what_people_type() {
        let cases = [
            ("Ynys Môn", "ynys mon"),
            ("Höfuðborgarsvæði", "hofudborgarsvaedi"),
            ("Ancoats & Beswick", "ancoats and beswick"),
            ("Bristol, City of", "bristol city of"),
            ("Anderston/City/Yorkhill", "anderston city yorkhill"),
            ("Québec", "quebec"),
            ("Västra Götaland", "vastra gotaland"),
            ("Hawke's Bay", "hawkes bay"),
            ("Hawke’s Bay", "hawkes bay"),
            ("  Cathays  ", "cathays"),
            ("100% _ \\ %", "100"),
        ];
        for (name, want) in cases {
            assert_eq!(fold(name), want, "{name}");
        }
    }

    fn area(code: &str, name: &str, alt: Option<&str>, level: AreaLevel, parent: Option<&str>) -> NamedArea {
        NamedArea {
            code: AreaCode::parse(code).unwrap(),
            name: name.into(),
            name_alt: alt.map(Into::into),
            level,
            parent: parent.map(|p| AreaCode::parse(p).unwrap()),
        }
    }

    fn directory() -> NameDirectory {
        use AreaLevel::*;
        NameDirectory::new([
            area("GB", "United Kingdom", None, Country, None),
            area("E23000036", "Avon and Somerset", None, Force, Some("GB")),
            area("W15000003", "South Wales", None, Force, Some("GB")),
            area("E06000023", "Bristol, City of", None, Council, Some("E23000036")),
            area("E05010901", "Bristol Road", None, Ward, Some("E06000023")),
            area("E05010902", "Old Bristol", None, Ward, Some("E06000023")),
            area("E05010903", "Redbristolia", None, Ward, Some("E06000023")),
            area("W06000015", "Cardiff", Some("Caerdydd"), Council, Some("W15000003")),
            area("W05001000", "Splott", Some("Y Sblot"), Ward, Some("W06000015")),
            area("W05001001", "Canton", Some("Treganna"), Ward, Some("W06000015")),
            area("W06000001", "Isle of Anglesey", Some("Ynys Môn"), Council, Some("W15000003")),
            area("W05001002", "Bristol", None, Ward, Some("W06000015")),
        ])
    }

    fn names(found: Vec<AreaSummary>) -> Vec<String> {
        found.into_iter().map(|a| a.name).collect()
    }

    #[test]
    fn exact_then_prefix_then_word_then_inside_councils_before_wards() {
        let d = directory();
        assert_eq!(
            names(d.search("bristol", None, 20)),
            ["Bristol", "Bristol, City of", "Bristol Road", "Old Bristol", "Redbristolia"]
        );
        assert_eq!(names(d.search("BRISTOL", None, 2)), ["Bristol", "Bristol, City of"]);
        assert_eq!(names(d.search("ynys mon", None, 20)), ["Isle of Anglesey"]);
        assert_eq!(names(d.search("YNYS MÔN", None, 20)), ["Isle of Anglesey"]);
        // A Welsh name a word inside: "Y Sblot".
        assert_eq!(names(d.search("sblot", None, 20)), ["Splott"]);
        assert_eq!(d.search("treganna", None, 20)[0].parent_name.as_deref(), Some("Cardiff"));
        assert!(d.search("%", None, 20).is_empty());
        assert!(d.search("no such place", None, 20).is_empty());
    }

    #[test]
    fn a_full_better_rank_keeps_the_worse_ones_out() {
        let d = directory();
        // "o" is inside nearly every name but starts only one, the ward "Old Bristol": it
        // comes before every council with "o" only inside, then a word ("of") beats the rest.
        assert_eq!(names(d.search("o", None, 1)), ["Old Bristol"]);
        assert_eq!(names(d.search("o", None, 3)), ["Old Bristol", "Bristol, City of", "Isle of Anglesey"]);
    }

    #[test]
    fn within_keeps_an_area_and_what_is_inside_it() {
        let d = directory();
        let wales = AreaCode::parse("W15000003").unwrap();
        assert_eq!(names(d.search("bristol", Some(&wales), 20)), ["Bristol"]);
        let cardiff = AreaCode::parse("W06000015").unwrap();
        assert_eq!(names(d.search("cardiff", Some(&cardiff), 20)), ["Cardiff"]);
        let unknown = AreaCode::parse("E99999999").unwrap();
        assert!(d.search("bristol", Some(&unknown), 20).is_empty());
    }
}
