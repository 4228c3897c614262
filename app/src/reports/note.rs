//! A reporter's note: its three prompts, its life (draft, submitted, approved, rejected)
//! and the text that goes to the moderator.

use crate::error::AppError;
use crate::text::Field;
use serde::{Deserialize, Serialize};

crate::slug::slug_enum! {
    /// Where a note is in its life.
    NoteStatus {
        /// Saved, not yet sent; only the reporter sees it.
        Draft => "draft", "Draft";
        /// Waiting in the force's moderation queue.
        Submitted => "submitted", "Waiting for a moderator";
        /// Checked and published (perhaps after a delay).
        Approved => "approved", "Published";
        /// Not published; the reason is shown to the reporter.
        Rejected => "rejected", "Not published";
    }
}

pub const TITLE: Field = Field { name: "title", label: "Headline", min: 3, max: 100, multiline: false };
pub const SAW: Field = Field { name: "saw", label: "What you saw", min: 0, max: 2000, multiline: true };
pub const MADE_OF: Field = Field { name: "made_of", label: "What you made of it", min: 0, max: 2000, multiline: true };
pub const FELT: Field = Field { name: "felt", label: "How it made you feel", min: 0, max: 2000, multiline: true };

/// The prompts, in the order the form asks them, with a hint for each.
pub const PROMPTS: [(Field, &str); 3] = [
    (SAW, "Where you went (the area, not addresses), who you met, what happened."),
    (MADE_OF, "What you think it shows about the area or the work."),
    (FELT, "Honestly: surprised, reassured, worried, tired…"),
];

/// The text of a note, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteText {
    pub title: String,
    pub saw: String,
    pub made_of: String,
    pub felt: String,
}

impl NoteText {
    /// Checks every field. A draft may be mostly empty; a note being submitted needs a
    /// headline and at least one answer.
    pub fn checked(&self, submitting: bool) -> Result<NoteText, AppError> {
        let title = if submitting || !self.title.trim().is_empty() { TITLE.clean(&self.title)? } else { String::new() };
        let text = NoteText {
            title,
            saw: SAW.clean(&self.saw)?,
            made_of: MADE_OF.clean(&self.made_of)?,
            felt: FELT.clean(&self.felt)?,
        };
        if submitting && text.saw.is_empty() && text.made_of.is_empty() && text.felt.is_empty() {
            return Err(AppError::invalid("saw", "Write something for at least one of the three questions."));
        }
        Ok(text)
    }

    /// The text a moderator starts from: the answers under their prompts, empty ones left out.
    pub fn body(&self) -> String {
        [("What I saw", &self.saw), ("What I made of it", &self.made_of), ("How it made me feel", &self.felt)]
            .iter()
            .filter(|(_, text)| !text.is_empty())
            .map(|(heading, text)| format!("{heading}: {text}"))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Words every note shares (the prompts' own words, and English's commonest): they say
/// nothing about which note a text came from.
const COMMON: &[&str] = &[
    "about", "all", "and", "any", "are", "been", "but", "can", "could", "did", "does", "feel", "felt", "for", "from",
    "get", "got", "had", "has", "have", "her", "him", "his", "how", "into", "its", "just", "made", "more", "much",
    "not", "off", "one", "our", "out", "over", "saw", "she", "should", "some", "than", "that", "the", "their", "them",
    "then", "there", "they", "this", "too", "two", "very", "was", "way", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
];

/// The words of `text` worth comparing: lower case, three letters or more, not one of the
/// [`COMMON`] words, outside the `[… removed]` placeholders the privacy guard puts in.
fn words(text: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut depth = 0usize;
    for part in text.split(|c: char| !c.is_alphanumeric() && c != '[' && c != ']') {
        let mut word = String::new();
        for c in part.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                c if depth == 0 => word.extend(c.to_lowercase()),
                _ => {}
            }
        }
        if word.chars().count() >= 3 && !COMMON.contains(&word.as_str()) {
            out.insert(word);
        }
    }
    out
}

/// Whether `published` is an edit of this note (its text as written, or the proposed
/// redaction), not some other text: at least half of its words come from the note. A
/// moderator redacts and trims; a text that shares less than half its words is another
/// note's, or a rewrite that should go back to the reporter.
pub fn derived_from(published: &str, note: &[&str]) -> bool {
    let published = words(published);
    if published.is_empty() {
        return true;
    }
    let source: std::collections::BTreeSet<String> = note.iter().flat_map(|t| words(t)).collect();
    let shared = published.iter().filter(|w| source.contains(*w)).count();
    shared * 2 >= published.len()
}

/// The device's key for a note, which makes submitting it idempotent: 8 to 64 letters,
/// digits and dashes (a UUID fits).
pub fn client_key(raw: &str) -> Result<String, AppError> {
    let key = raw.trim();
    if crate::text::key_shaped(key, 8) {
        Ok(key.to_string())
    } else {
        Err(AppError::BadRequest("The note's key is missing or malformed; reload the page and try again.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str, saw: &str, made_of: &str, felt: &str) -> NoteText {
        NoteText { title: title.into(), saw: saw.into(), made_of: made_of.into(), felt: felt.into() }
    }

    #[test]
    fn drafts_may_be_empty_submissions_may_not() {
        assert!(text("", "", "", "").checked(false).is_ok());
        let err = text("", "x", "", "").checked(true).unwrap_err();
        assert_eq!(err.for_field("title").as_deref(), Some("Headline is required."));
        let err = text("A quiet night", "", " ", "").checked(true).unwrap_err();
        assert!(err.for_field("saw").is_some());
        assert!(text("A quiet night", "", "", "Reassured").checked(true).is_ok());
        let err = text("Night", &"x".repeat(2001), "", "").checked(false).unwrap_err();
        assert!(err.for_field("saw").unwrap().contains("2001 characters"));
    }

    #[test]
    fn body_keeps_only_answered_prompts() {
        let t = text("T", "Busy streets.", "", "Tired but glad.");
        assert_eq!(t.body(), "What I saw: Busy streets.\n\nHow it made me feel: Tired but glad.");
    }

    #[test]
    fn a_published_text_must_come_from_its_note() {
        let note = text(
            "Bikes on the canal path",
            "We walked the canal path with PC Nolan. A shopkeeper on 07700 900123 asked about bike thefts.",
            "People want officers on foot.",
            "Reassured.",
        );
        let proposed = "What I saw: We walked the canal path with PC Nolan. A shopkeeper on [phone number removed] asked about bike thefts.";
        let sources = [note.title.as_str(), &note.body(), proposed];
        assert!(derived_from(proposed, &sources), "the proposal itself");
        assert!(derived_from("We walked the canal path. A shopkeeper asked about bike thefts.", &sources), "trimmed");
        assert!(
            derived_from(
                "We walked the canal path with the team; a shopkeeper asked us about thefts of bikes and scooters.",
                &sources
            ),
            "lightly reworded"
        );
        // Another note's text under this note's headline: the bug this guards against.
        let other = "What I saw: A quiet evening at the park; teenagers were playing football and the café was busy.";
        assert!(!derived_from(other, &sources));
        assert!(!derived_from("Completely different words entirely here.", &sources));
        // Two notes under the same prompts, with the same short answers, are still told apart.
        let market = text(
            "Evening patrol",
            "The market was busy and stallholders asked about parking fines.",
            "A calm night.",
            "Reassured.",
        );
        let canal = text(
            "Evening patrol",
            "Bikes were stolen near the canal; we spoke to cyclists about locks.",
            "A calm night.",
            "Reassured.",
        );
        assert!(!derived_from(&canal.body(), &[&market.title, &market.body()]));
        assert!(derived_from(&market.body(), &[&market.title, &market.body()]));
        // Placeholders never count as words of the note.
        assert!(!derived_from("[phone number removed] [email removed] nothing else matches", &sources));
    }

    #[test]
    fn client_keys() {
        assert!(client_key("0f8fad5b-d9cb-469f-a165-70867728950e").is_ok());
        for bad in ["", "short", "has space in it", "x';DROP TABLE notes;--", &"a".repeat(65)] {
            assert!(client_key(bad).is_err(), "{bad:?}");
        }
    }
}
