//! A polled feed as its status page shows it.

use serde::{Deserialize, Serialize};

/// One feed Beat polls, with how its polls have gone. Times are UTC RFC 3339 for
/// `<time datetime>` plus a label in the server's words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedSourceStatus {
    pub id: i64,
    pub location: String,
    /// The organisation the items are published as.
    pub source_name: String,
    pub source_slug: String,
    /// The format configured, or "Detect".
    pub format: String,
    /// The format the last good response was read as.
    pub detected_format: Option<String>,
    pub default_kind: String,
    pub area_names: Vec<String>,
    pub poll_every: String,
    pub enabled: bool,
    pub failures: i64,
    pub last_polled: Option<When>,
    pub last_success: Option<When>,
    /// What the last poll did, in words ("3 new, 1 changed", "Not modified since the last poll").
    pub last_outcome: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<When>,
    pub next_poll: Option<When>,
    pub items_stored: i64,
    pub last_new: i64,
    pub last_changed: i64,
    pub last_skipped: i64,
    pub last_redacted: i64,
}

/// A moment, for `<time>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct When {
    pub utc: String,
    pub label: String,
}

impl FeedSourceStatus {
    /// One word or phrase for the list: how the feed is doing.
    pub fn health(&self) -> &'static str {
        match (self.enabled, self.failures, &self.last_polled) {
            (false, _, _) => "Paused",
            (true, 0, None) => "Not polled yet",
            (true, 0, Some(_)) => "Working",
            (true, _, _) => "Failing",
        }
    }
}

/// How often, in words: "every 15 minutes", "every hour", "every 2 hours".
pub fn every(interval_s: i64) -> String {
    let minutes = interval_s / 60;
    match minutes {
        m if m % 60 == 0 && m >= 60 => match m / 60 {
            1 => "every hour".into(),
            h => format!("every {h} hours"),
        },
        1 => "every minute".into(),
        m => format!("every {m} minutes"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn intervals_in_words() {
        let cases = [
            (60, "every minute"),
            (900, "every 15 minutes"),
            (3600, "every hour"),
            (7200, "every 2 hours"),
            (5400, "every 90 minutes"),
        ];
        for (s, want) in cases {
            assert_eq!(super::every(s), want);
        }
    }
}
