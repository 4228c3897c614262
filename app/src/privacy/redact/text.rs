//! Helpers the rules share: building patterns and looking at the text around a match.

use regex::Regex;

/// Compiles a rule's pattern; a typo fails every test at once.
pub(super) fn pattern(source: &str) -> Regex {
    Regex::new(source).unwrap_or_else(|e| panic!("privacy pattern does not compile: {e}"))
}

/// `(?:a|b|c)`: long alternations stay readable as lists.
pub(super) fn any_of(alternatives: &[&str]) -> String {
    format!("(?:{})", alternatives.join("|"))
}

/// The part of `text` from about `before` bytes ahead of `start` to about `after` bytes past
/// `end`, widened to char boundaries.
pub(super) fn window(text: &str, start: usize, end: usize, before: usize, after: usize) -> &str {
    let mut from = start.saturating_sub(before);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = end.saturating_add(after).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

pub(super) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|head| head.chars().next_back())
}

pub(super) fn char_after(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|tail| tail.chars().next())
}

pub(super) fn spans<'t>(matches: impl Iterator<Item = regex::Match<'t>>) -> Vec<(usize, usize)> {
    matches.map(|m| (m.start(), m.end())).collect()
}
