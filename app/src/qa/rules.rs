//! Public question-and-answer sessions (#askGMP): when they are open, what a question may be, and
//! how often one device or network address may ask.

use crate::live::error::{check_text, FieldError};
use chrono::DateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;
/// The shortest session.
pub const MIN_SESSION_MS: i64 = 15 * MINUTE_MS;
/// The longest session.
pub const MAX_SESSION_MS: i64 = 4 * 60 * MINUTE_MS;
/// How far in the past a new session may start (the form took a while to fill in).
pub const PAST_START_SLACK_MS: i64 = 5 * MINUTE_MS;
/// The most links one question may contain.
pub const MAX_LINKS: usize = 3;

/// When a session takes questions: from `opens_at_ms` (inclusive) to `closes_at_ms` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// First millisecond questions are taken.
    pub opens_at_ms: i64,
    /// First millisecond they are no longer taken.
    pub closes_at_ms: i64,
}

/// Whether a session takes questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionState {
    /// Not open yet.
    Scheduled,
    /// Taking questions.
    Open,
    /// No longer taking questions; answers stay up.
    Closed,
}

impl Session {
    /// Checks a session being scheduled at `now_ms`: it lasts 15 minutes to 4 hours and does not
    /// start more than 5 minutes ago.
    pub fn schedule(opens_at_ms: i64, closes_at_ms: i64, now_ms: i64) -> Result<Session, FieldError> {
        if opens_at_ms < now_ms.saturating_sub(PAST_START_SLACK_MS) {
            return Err(FieldError::new(
                "opens_at",
                "The session would start in the past. Please choose a later start.",
            ));
        }
        let length_ms = closes_at_ms.saturating_sub(opens_at_ms);
        if length_ms < MIN_SESSION_MS {
            return Err(FieldError::new(
                "closes_at",
                "A session must last at least 15 minutes. Please choose a later end.",
            ));
        }
        if length_ms > MAX_SESSION_MS {
            return Err(FieldError::new(
                "closes_at",
                "A session can last at most 4 hours. Please choose an earlier end.",
            ));
        }
        Ok(Session { opens_at_ms, closes_at_ms })
    }

    /// The state at `now_ms`: open from `opens_at_ms` inclusive to `closes_at_ms` exclusive.
    pub fn state(&self, now_ms: i64) -> SessionState {
        if now_ms < self.opens_at_ms {
            SessionState::Scheduled
        } else if now_ms < self.closes_at_ms {
            SessionState::Open
        } else {
            SessionState::Closed
        }
    }
}

/// The rules for a question from the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question;

impl Question {
    /// Checks a question and returns it trimmed: 10..=500 characters, no control characters except
    /// line breaks, at most 3 links. A link is a word containing `://` or starting with `www.`;
    /// bare domains such as `example.com` are not counted.
    pub fn check(text: &str) -> Result<String, FieldError> {
        let text = check_text("question", text, 10, 500)?;
        let links = text
            .split_whitespace()
            .filter(|w| {
                let w = w.to_ascii_lowercase();
                w.contains("://") || w.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with("www.")
            })
            .count();
        if links > MAX_LINKS {
            return Err(FieldError::new(
                "question",
                format!("Please include at most {MAX_LINKS} links; this question has {links}."),
            ));
        }
        Ok(text)
    }
}

/// A sliding-window limit: at most `limit` actions in any `window_ms`. Pure; the edge keeps each
/// device's and each network address's recent action times and checks both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    /// Actions allowed per window.
    pub limit: usize,
    /// The window's length.
    pub window_ms: i64,
}

/// How long to wait before the next action is allowed, in milliseconds (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("You have asked several questions in a short time. Please wait {} before asking again.", wait(self.0))]
pub struct RetryAfterMs(pub i64);

impl RetryAfterMs {
    /// Whole seconds, rounded up, for a `Retry-After` header.
    pub fn secs(self) -> i64 {
        (self.0 + 999) / 1000
    }
}

fn wait(ms: i64) -> String {
    match (ms + 999) / 1000 {
        1 => "1 second".to_string(),
        s if s < 60 => format!("{s} seconds"),
        60 => "1 minute".to_string(),
        s => format!("{} minutes", (s + 59) / 60),
    }
}

impl RateLimit {
    /// Questions per device: 3 in 10 minutes.
    pub const PER_DEVICE: RateLimit = RateLimit { limit: 3, window_ms: 10 * MINUTE_MS };
    /// Questions per network address, which many people may share (offices, mobile networks): 20 in 10 minutes.
    pub const PER_ADDRESS: RateLimit = RateLimit { limit: 20, window_ms: 10 * MINUTE_MS };

    /// Whether one more action is allowed at `now_ms`, given earlier actions at `history_ms` (any
    /// order). An action counts while `now_ms - t < window_ms`, so it stops counting exactly
    /// `window_ms` later. Times after `now_ms` (clock skew) count.
    pub fn allow(&self, history_ms: &[i64], now_ms: i64) -> Result<(), RetryAfterMs> {
        let mut recent: Vec<i64> =
            history_ms.iter().copied().filter(|&t| now_ms.saturating_sub(t) < self.window_ms).collect();
        if recent.len() < self.limit {
            return Ok(());
        }
        recent.sort_unstable();
        // Wait until all but limit - 1 of the recent actions have left the window.
        let frees_a_slot = recent.get(recent.len() - self.limit).copied().unwrap_or(now_ms);
        Err(RetryAfterMs(frees_a_slot.saturating_add(self.window_ms).saturating_sub(now_ms).max(1)))
    }

    /// Whether an action at `t_ms` still matters at `now_ms`; the edge may forget the others.
    pub fn keeps(&self, t_ms: i64, now_ms: i64) -> bool {
        now_ms.saturating_sub(t_ms) < self.window_ms
    }
}

/// The notice shown once a session has closed, with the time in `tz`: "This session closed at 21:00 GMT on Fri 27 Nov.
/// Questions are no longer taken; answers stay below."
pub fn closed_message(closes_at_ms: i64, tz: Tz) -> String {
    let at = local(closes_at_ms, tz);
    format!(
        "This session closed at {}. Questions are no longer taken; answers stay below.",
        at.format("%H:%M %Z on %a %-d %b")
    )
}

/// Where a question is on its way to an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionStatus {
    /// Waiting for an officer to look at it.
    Pending,
    /// Accepted, waiting for an answer.
    Approved,
    /// Not answered; the reason stays with the officers.
    Rejected,
    /// Answered in public.
    Answered,
}

impl QuestionStatus {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Pending => "pending",
            QuestionStatus::Approved => "approved",
            QuestionStatus::Rejected => "rejected",
            QuestionStatus::Answered => "answered",
        }
    }

    /// The status stored as `raw`, if known.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Rejected, Self::Answered].into_iter().find(|s| s.as_str() == raw)
    }
}

/// The longest headline of a published answer (the compose form's limit).
pub const ANSWER_TITLE_MAX: usize = 100;

/// The headline of a published answer: "Q: " and the question on one line, cut with "…" to fit
/// [`ANSWER_TITLE_MAX`] characters.
pub fn answer_title(question: &str) -> String {
    let line = question.split_whitespace().collect::<Vec<_>>().join(" ");
    let room = ANSWER_TITLE_MAX - "Q: ".len();
    if line.chars().count() <= room {
        format!("Q: {line}")
    } else {
        format!("Q: {}…", line.chars().take(room - 1).collect::<String>().trim_end())
    }
}

/// The text of a published answer: the answer, after the question in full when the headline
/// ([`answer_title`]) had to cut the question short (a card shows both: never the same twice).
pub fn answer_body(question: &str, answer: &str) -> String {
    if answer_title(question).ends_with('…') {
        format!("Q: {question}\n\nA: {answer}")
    } else {
        format!("A: {answer}")
    }
}

/// "Thu 27 Nov, 19:00 – 21:00 GMT", with both dates when the session crosses midnight.
pub fn when_label(session: &Session, tz: Tz) -> String {
    let (a, b) = (local(session.opens_at_ms, tz), local(session.closes_at_ms, tz));
    if a.date_naive() == b.date_naive() {
        format!("{} – {}", a.format("%a %-d %b, %H:%M"), b.format("%H:%M %Z"))
    } else {
        format!("{} – {}", a.format("%a %-d %b, %H:%M"), b.format("%a %-d %b, %H:%M %Z"))
    }
}

/// One line on the session's state at `now_ms`: "Open until 20:00 GMT", "Opens Thu 27 Nov at
/// 19:00 GMT", or the [`closed_message`].
pub fn status_line(session: &Session, now_ms: i64, tz: Tz) -> String {
    match session.state(now_ms) {
        SessionState::Scheduled => {
            format!(
                "Opens {}. Questions are taken from then.",
                local(session.opens_at_ms, tz).format("%a %-d %b at %H:%M %Z")
            )
        }
        SessionState::Open => format!("Open until {}", local(session.closes_at_ms, tz).format("%H:%M %Z")),
        SessionState::Closed => closed_message(session.closes_at_ms, tz),
    }
}

fn local(ms: i64, tz: Tz) -> DateTime<Tz> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&tz)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    const NOW: i64 = 1_795_789_425_000; // 2026-11-27 14:23:45 UTC

    #[test]
    fn schedule_limits() {
        assert!(Session::schedule(NOW - PAST_START_SLACK_MS, NOW + 10 * MINUTE_MS, NOW).is_ok());
        let e = Session::schedule(NOW - PAST_START_SLACK_MS - 1, NOW + 60 * MINUTE_MS, NOW).unwrap_err();
        assert_eq!(e.field, "opens_at");
        assert!(Session::schedule(NOW, NOW + MIN_SESSION_MS, NOW).is_ok());
        assert_eq!(Session::schedule(NOW, NOW + MIN_SESSION_MS - 1, NOW).unwrap_err().field, "closes_at");
        assert_eq!(Session::schedule(NOW, NOW - 1, NOW).unwrap_err().field, "closes_at");
        assert!(Session::schedule(NOW, NOW + MAX_SESSION_MS, NOW).is_ok());
        let e = Session::schedule(NOW, NOW + MAX_SESSION_MS + 1, NOW).unwrap_err();
        assert_eq!(e.message, "A session can last at most 4 hours. Please choose an earlier end.");
        assert!(Session::schedule(i64::MIN, i64::MAX, NOW).is_err());
    }

    #[test]
    fn state_start_inclusive_end_exclusive() {
        let s = Session { opens_at_ms: NOW, closes_at_ms: NOW + MIN_SESSION_MS };
        assert_eq!(s.state(NOW - 1), SessionState::Scheduled);
        assert_eq!(s.state(NOW), SessionState::Open);
        assert_eq!(s.state(NOW + MIN_SESSION_MS - 1), SessionState::Open);
        assert_eq!(s.state(NOW + MIN_SESSION_MS), SessionState::Closed);
    }

    #[test]
    fn question_length_and_characters() {
        assert_eq!(Question::check("  Is the A6 open?  "), Ok("Is the A6 open?".to_string()));
        assert_eq!(Question::check("Too short").unwrap_err().field, "question"); // 9 characters
        assert!(Question::check("Ten chars!").is_ok());
        assert!(Question::check(&"q".repeat(500)).is_ok());
        assert!(Question::check(&"q".repeat(501)).is_err());
        assert!(Question::check("Why is there\u{0}a NUL here?").is_err());
        assert!(Question::check("Two lines\nare fine here").is_ok());
    }

    #[test]
    fn at_most_three_links() {
        let three = "See https://a.example/x, http://b.example and www.c.example please";
        assert!(Question::check(three).is_ok());
        let four = format!("{three} (WWW.D.EXAMPLE)");
        let e = Question::check(&four).unwrap_err();
        assert_eq!(e.message, "Please include at most 3 links; this question has 4.");
        assert!(Question::check("a://b c://d e://f g://h and more").is_err());
        assert!(Question::check("example.com and gmp.police.uk are not counted as links").is_ok());
    }

    #[test]
    fn rate_limit_window_edge() {
        let limit = RateLimit { limit: 3, window_ms: 60_000 };
        let history = [0, 10_000, 20_000];
        assert_eq!(limit.allow(&history[..2], 20_000), Ok(()));
        assert_eq!(limit.allow(&history, 20_000), Err(RetryAfterMs(40_000)));
        assert_eq!(limit.allow(&history, 59_999), Err(RetryAfterMs(1)));
        assert_eq!(limit.allow(&history, 60_000), Ok(()), "an action stops counting exactly one window later");
        // Unsorted history; two must expire when the limit has been exceeded before.
        assert_eq!(limit.allow(&[30_000, 0, 20_000, 10_000], 30_000), Err(RetryAfterMs(40_000)));
        assert_eq!(limit.allow(&[], 0), Ok(()));
        assert_eq!(RateLimit { limit: 0, window_ms: 60_000 }.allow(&[], 5), Err(RetryAfterMs(60_000)));
        // A time from a skewed clock, in the future, still counts.
        assert_eq!(limit.allow(&[5_000, 70_000, 80_000], 65_000), Ok(()));
        assert_eq!(limit.allow(&[10_000, 70_000, 80_000], 65_000), Err(RetryAfterMs(5_000)));
        assert!(limit.keeps(5_001, 65_000) && !limit.keeps(5_000, 65_000));
    }

    #[test]
    fn retry_after_wording() {
        assert_eq!(RetryAfterMs(1).secs(), 1);
        assert_eq!(RetryAfterMs(40_000).secs(), 40);
        assert_eq!(RetryAfterMs(40_001).secs(), 41);
        let msg = |ms| RetryAfterMs(ms).to_string();
        assert!(msg(1).ends_with("Please wait 1 second before asking again."));
        assert!(msg(40_000).ends_with("wait 40 seconds before asking again."));
        assert!(msg(60_000).ends_with("wait 1 minute before asking again."));
        assert!(msg(60_001).ends_with("wait 2 minutes before asking again."));
        assert!(msg(9 * MINUTE_MS).ends_with("wait 9 minutes before asking again."));
    }

    #[test]
    fn closed_message_in_the_viewers_zone() {
        let closes = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap().timestamp_millis();
        assert_eq!(
            closed_message(closes, chrono_tz::Europe::London),
            "This session closed at 21:00 GMT on Fri 27 Nov. Questions are no longer taken; answers stay below."
        );
        assert!(closed_message(closes, chrono_tz::Pacific::Auckland).contains("closed at 10:00 NZDT on Sat 28 Nov."));
    }

    #[test]
    fn question_statuses_round_trip() {
        for s in [QuestionStatus::Pending, QuestionStatus::Approved, QuestionStatus::Rejected, QuestionStatus::Answered]
        {
            assert_eq!(QuestionStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(QuestionStatus::parse("Pending"), None);
    }

    #[test]
    fn labels_in_the_areas_zone() {
        let at = |h, m| Utc.with_ymd_and_hms(2026, 11, 27, h, m, 0).unwrap().timestamp_millis();
        let s = Session { opens_at_ms: at(19, 0), closes_at_ms: at(20, 30) };
        let london = chrono_tz::Europe::London;
        assert_eq!(when_label(&s, london), "Fri 27 Nov, 19:00 – 20:30 GMT");
        assert_eq!(status_line(&s, at(18, 0), london), "Opens Fri 27 Nov at 19:00 GMT. Questions are taken from then.");
        assert_eq!(status_line(&s, at(19, 0), london), "Open until 20:30 GMT");
        assert!(status_line(&s, at(20, 30), london).starts_with("This session closed at 20:30 "));
        // Crossing midnight in Auckland (UTC+13 in November).
        let late = Session { opens_at_ms: at(10, 0), closes_at_ms: at(11, 30) };
        assert_eq!(when_label(&late, chrono_tz::Pacific::Auckland), "Fri 27 Nov, 23:00 – Sat 28 Nov, 00:30 NZDT");
        // Summer time.
        let june = Utc.with_ymd_and_hms(2026, 6, 1, 18, 0, 0).unwrap().timestamp_millis();
        let summer = Session { opens_at_ms: june, closes_at_ms: june + 60 * MINUTE_MS };
        assert_eq!(status_line(&summer, june, london), "Open until 20:00 BST");
    }

    #[test]
    fn published_answer_text() {
        assert_eq!(answer_title("Is the\nA6 open?"), "Q: Is the A6 open?");
        // The cut falls just after a space, which is trimmed before the ellipsis.
        let title = answer_title(&"abc ".repeat(40));
        assert_eq!(title.chars().count(), ANSWER_TITLE_MAX - 1);
        assert!(title.starts_with("Q: abc abc") && title.ends_with(" abc…"), "{title}");
        assert_eq!(answer_title(&"é".repeat(97)).chars().count(), ANSWER_TITLE_MAX);
        assert!(answer_title(&"é".repeat(98)).ends_with("é…"));
        // The headline holds the whole question, so the text is the answer alone.
        assert_eq!(answer_body("Why?", "Because."), "A: Because.");
    }

    #[test]
    fn an_answer_repeats_its_question_only_when_the_headline_cut_it() {
        let short = "When is the next beat meeting?";
        assert_eq!(answer_title(short), "Q: When is the next beat meeting?");
        assert_eq!(answer_body(short, "Tuesday at 7pm."), "A: Tuesday at 7pm.");
        let long =
            "Why do I sometimes wait such a long time on the phone when I ring 101 late on a Friday night in town?";
        assert!(answer_title(long).ends_with('…'));
        assert_eq!(answer_body(long, "999 comes first."), format!("Q: {long}\n\nA: 999 comes first."));
    }
}
