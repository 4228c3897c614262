//! One entry of a live day's call log, as typed by control-room staff, and the day's running counters.

use super::error::{check_text, FieldError};
use crate::slug::slug_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
#[cfg(feature = "ssr")]
use {chrono::DateTime, chrono_tz::Tz};

const MINUTE_MS: i64 = 60_000;
const QUARTER_HOUR_MS: i64 = 15 * MINUTE_MS;
/// How far in the future a received time may be, for clocks that are slightly off.
pub const FUTURE_SLACK_MS: i64 = 5 * MINUTE_MS;
/// How old a call may be and still be logged.
pub const MAX_AGE_MS: i64 = 48 * 60 * MINUTE_MS;

slug_enum! {
    /// What a call was about. Ordered, for the day's counters.
    #[derive(PartialOrd, Ord)]
    CallCategory {
        /// Someone may be at risk.
        ConcernForWelfare => "concern_for_welfare", "Concern for welfare";
        /// Theft.
        Theft => "theft", "Theft";
        /// Antisocial behaviour.
        AntisocialBehaviour => "antisocial_behaviour", "Antisocial behaviour";
        /// Road traffic collision.
        RoadTrafficCollision => "road_traffic_collision", "Road traffic collision";
        /// Domestic incident.
        Domestic => "domestic", "Domestic incident";
        /// Missing person.
        MissingPerson => "missing_person", "Missing person";
        /// Noise.
        Noise => "noise", "Noise";
        /// Burglary.
        Burglary => "burglary", "Burglary";
        /// Assault.
        Assault => "assault", "Assault";
        /// Suspicious activity.
        SuspiciousActivity => "suspicious_activity", "Suspicious activity";
        /// Anything else.
        Other => "other", "Other";
    }
}

impl CallCategory {
    /// The category a form chose, or a message on its `category` field.
    pub fn from_form(slug: &str) -> Result<Self, FieldError> {
        Self::parse(slug.trim()).ok_or_else(|| FieldError::new("category", "Please choose a category from the list."))
    }
}

slug_enum! {
    /// What came of a call, as far as is known when it is logged.
    #[derive(PartialOrd, Ord)]
    CallOutcome {
        /// Advice given.
        AdviceGiven => "advice_given", "Advice given";
        /// Officers attended.
        OfficersAttended => "officers_attended", "Officers attended";
        /// Arrest made; counted in [`Counters::arrests`].
        ArrestMade => "arrest_made", "Arrest made";
        /// Referred to a partner agency.
        ReferredToPartner => "referred_to_partner", "Referred to a partner agency";
        /// No further action.
        NoFurtherAction => "no_further_action", "No further action";
        /// Still being dealt with.
        Ongoing => "ongoing", "Ongoing";
        /// Not known yet.
        Unknown => "unknown", "Not known yet";
    }
}

impl CallOutcome {
    /// The outcome a form chose, or a message on its `outcome` field.
    pub fn from_form(slug: &str) -> Result<Self, FieldError> {
        Self::parse(slug.trim()).ok_or_else(|| FieldError::new("outcome", "Please choose an outcome from the list."))
    }
}

/// Rounds `ms` down to the quarter hour, in UTC.
///
/// Published call times are rounded so they do not pinpoint a caller. Rounding in UTC gives local
/// :00/:15/:30/:45 in every zone in use today, because every current offset is a whole multiple of
/// 15 minutes: whole hours, half hours (India +05:30, Newfoundland -03:30) and the :45 zones too
/// (Nepal +05:45, Pacific/Chatham +12:45/+13:45, Australia/Eucla +08:45). Only historical
/// local-mean-time offsets (before about 1970, e.g. Amsterdam +00:19:32) would not line up, and no
/// live-day call is that old. Rounding *down* never shows a call as later than it came in.
pub fn round_to_quarter(ms: i64) -> i64 {
    ms - ms.rem_euclid(QUARTER_HOUR_MS)
}

/// One checked call log entry, ready to store and publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallLogEntry {
    /// What the call was about.
    pub category: CallCategory,
    /// What came of it.
    pub outcome: CallOutcome,
    /// The public summary, trimmed, 3..=280 characters.
    pub text: String,
    /// When the call came in, rounded down to the quarter hour (Unix ms).
    pub received_at_ms: i64,
}

impl CallLogEntry {
    /// Checks a form's values: `text` must be 3..=280 characters after trimming with no control
    /// characters except line breaks; `received_at_ms` must be at most 5 minutes ahead of `now_ms`
    /// and at most 48 hours before it. The stored time is rounded down to the quarter hour.
    pub fn check(
        category: CallCategory,
        outcome: CallOutcome,
        text: &str,
        received_at_ms: i64,
        now_ms: i64,
    ) -> Result<CallLogEntry, FieldError> {
        let text = check_text("text", text, 3, 280)?;
        if received_at_ms > now_ms.saturating_add(FUTURE_SLACK_MS) {
            return Err(FieldError::new(
                "received_at",
                "The time the call came in is in the future. Please check the date and time.",
            ));
        }
        if received_at_ms < now_ms.saturating_sub(MAX_AGE_MS) {
            return Err(FieldError::new(
                "received_at",
                "Calls older than 48 hours cannot be added to the log. Please check the date and time.",
            ));
        }
        Ok(CallLogEntry { category, outcome, text, received_at_ms: round_to_quarter(received_at_ms) })
    }

    /// A heading such as "Concern for welfare · 14:15", with the time in `tz`.
    #[cfg(feature = "ssr")]
    pub fn title(&self, tz: Tz) -> String {
        let at = DateTime::from_timestamp_millis(self.received_at_ms).unwrap_or_default().with_timezone(&tz);
        format!("{} · {}", self.category.label(), at.format("%H:%M"))
    }
}

/// The running totals shown during a live day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Calls logged, by category; categories with no calls are absent.
    pub calls: BTreeMap<CallCategory, u32>,
    /// Calls whose outcome is [`CallOutcome::ArrestMade`].
    pub arrests: u32,
    /// Updates published (call log entries and other posts).
    pub updates_published: u32,
    /// Reporters currently out with officers.
    pub reporters_out: u32,
}

impl Counters {
    /// Counts a logged call, and an arrest if it ended in one.
    pub fn add_call(&mut self, category: CallCategory, outcome: CallOutcome) {
        let n = self.calls.entry(category).or_default();
        *n = n.saturating_add(1);
        if outcome == CallOutcome::ArrestMade {
            self.arrests = self.arrests.saturating_add(1);
        }
    }

    /// Takes back [`Counters::add_call`] for an entry that was withdrawn or is about to be edited
    /// (remove the old version, then add the new one). Does nothing if no call of that category
    /// is counted, so the totals never go below zero.
    pub fn remove_call(&mut self, category: CallCategory, outcome: CallOutcome) {
        let Some(n) = self.calls.get_mut(&category) else { return };
        *n = n.saturating_sub(1);
        if *n == 0 {
            self.calls.remove(&category);
        }
        if outcome == CallOutcome::ArrestMade {
            self.arrests = self.arrests.saturating_sub(1);
        }
    }

    /// Counts a published update.
    pub fn add_update(&mut self) {
        self.updates_published = self.updates_published.saturating_add(1);
    }

    /// A reporter has gone out with officers.
    pub fn reporter_out(&mut self) {
        self.reporters_out = self.reporters_out.saturating_add(1);
    }

    /// A reporter is back. Never goes below zero.
    pub fn reporter_back(&mut self) {
        self.reporters_out = self.reporters_out.saturating_sub(1);
    }

    /// Calls logged in `category`.
    pub fn calls_in(&self, category: CallCategory) -> u32 {
        self.calls.get(&category).copied().unwrap_or(0)
    }

    /// All calls logged.
    pub fn total_calls(&self) -> u32 {
        self.calls.values().fold(0, |sum, n| sum.saturating_add(*n))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use chrono_tz::{Asia::Kathmandu, Europe::London, Pacific::Auckland, Pacific::Chatham};

    const HOUR_MS: i64 = 60 * MINUTE_MS;
    // 2026-11-27 14:23:45 UTC
    const NOW: i64 = 1_795_789_425_000;

    fn entry(category: CallCategory, outcome: CallOutcome) -> CallLogEntry {
        CallLogEntry::check(category, outcome, "Caller worried about a neighbour.", NOW, NOW).unwrap()
    }

    #[test]
    fn slugs_round_trip_and_are_unique() {
        assert_eq!(CallCategory::ALL.len(), 11);
        assert_eq!(CallOutcome::ALL.len(), 7);
        for c in CallCategory::ALL {
            assert_eq!(CallCategory::from_form(c.as_str()), Ok(*c));
        }
        for o in CallOutcome::ALL {
            assert_eq!(CallOutcome::from_form(o.as_str()), Ok(*o));
        }
        let mut slugs: Vec<_> = CallCategory::ALL.iter().map(|c| c.as_str()).collect();
        slugs.extend(CallOutcome::ALL.iter().map(|o| o.as_str()));
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 18, "slugs are unique");
        assert!(slugs.iter().all(|s| s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')));
        assert_eq!(CallCategory::AntisocialBehaviour.as_str(), "antisocial_behaviour");
        assert_eq!(CallCategory::RoadTrafficCollision.label(), "Road traffic collision");
        assert_eq!(CallOutcome::ReferredToPartner.as_str(), "referred_to_partner");
        assert_eq!(CallOutcome::from_form("arrest_made"), Ok(CallOutcome::ArrestMade));
    }

    #[test]
    fn unknown_slugs_are_refused_on_their_field() {
        let e = CallCategory::from_form("Theft").unwrap_err();
        assert_eq!((e.field, e.message.as_str()), ("category", "Please choose a category from the list."));
        let e = CallOutcome::from_form("").unwrap_err();
        assert_eq!((e.field, e.message.as_str()), ("outcome", "Please choose an outcome from the list."));
    }

    #[test]
    fn rounds_down_to_the_quarter_hour() {
        let at = |h, m, s| Utc.with_ymd_and_hms(2026, 11, 27, h, m, s).unwrap().timestamp_millis();
        assert_eq!(round_to_quarter(at(14, 29, 59) + 999), at(14, 15, 0));
        assert_eq!(round_to_quarter(at(14, 30, 0)), at(14, 30, 0));
        assert_eq!(round_to_quarter(at(14, 44, 59)), at(14, 30, 0));
        assert_eq!(round_to_quarter(-1), -QUARTER_HOUR_MS); // before 1970 still rounds down
                                                            // Local quarter hours in half-hour and :45 zones.
        let rounded = DateTime::from_timestamp_millis(round_to_quarter(at(14, 23, 45))).unwrap();
        assert_eq!(rounded.with_timezone(&Chatham).format("%H:%M %:z").to_string(), "04:00 +13:45");
        assert_eq!(rounded.with_timezone(&Kathmandu).format("%H:%M %:z").to_string(), "20:00 +05:45");
        assert_eq!(rounded.with_timezone(&chrono_tz::Asia::Kolkata).format("%H:%M").to_string(), "19:45");
    }

    #[test]
    fn check_rounds_the_time_and_titles_it_in_a_zone() {
        let e = entry(CallCategory::ConcernForWelfare, CallOutcome::OfficersAttended);
        assert_eq!(e.received_at_ms, NOW - 8 * MINUTE_MS - 45_000);
        assert_eq!(e.title(London), "Concern for welfare · 14:15");
        assert_eq!(e.title(Auckland), "Concern for welfare · 03:15");
        assert_eq!(e.text, "Caller worried about a neighbour.");
    }

    #[test]
    fn text_rules() {
        let check = |t: &str| CallLogEntry::check(CallCategory::Noise, CallOutcome::Unknown, t, NOW, NOW);
        assert_eq!(check("  ok!  ").unwrap().text, "ok!");
        assert_eq!(check("ok").unwrap_err().field, "text");
        assert!(check(&"x".repeat(280)).is_ok());
        assert_eq!(check(&"x".repeat(281)).unwrap_err().field, "text");
        assert!(check(&"é".repeat(280)).is_ok(), "counted in characters, not bytes");
        assert_eq!(check("bell\u{7}").unwrap_err().field, "text");
    }

    #[test]
    fn received_time_limits() {
        let check = |at| CallLogEntry::check(CallCategory::Theft, CallOutcome::Ongoing, "Bike taken.", at, NOW);
        assert!(check(NOW + FUTURE_SLACK_MS).is_ok());
        assert_eq!(check(NOW + FUTURE_SLACK_MS + 1).unwrap_err().field, "received_at");
        assert!(check(NOW - 48 * HOUR_MS).is_ok());
        let e = check(NOW - 48 * HOUR_MS - 1).unwrap_err();
        assert_eq!(e.field, "received_at");
        assert!(e.message.starts_with("Calls older than 48 hours"));
        assert!(check(i64::MIN).is_err() && check(i64::MAX).is_err());
    }

    #[test]
    fn counters() {
        let mut c = Counters::default();
        c.add_call(CallCategory::Theft, CallOutcome::ArrestMade);
        c.add_call(CallCategory::Theft, CallOutcome::AdviceGiven);
        c.add_call(CallCategory::Noise, CallOutcome::Ongoing);
        c.add_update();
        c.add_update();
        c.reporter_out();
        c.reporter_out();
        c.reporter_back();
        assert_eq!((c.calls_in(CallCategory::Theft), c.calls_in(CallCategory::Noise)), (2, 1));
        assert_eq!(c.calls_in(CallCategory::Burglary), 0);
        assert_eq!((c.total_calls(), c.arrests, c.updates_published, c.reporters_out), (3, 1, 2, 1));

        // Correcting an entry: remove the old version, add the new one.
        c.remove_call(CallCategory::Noise, CallOutcome::Ongoing);
        c.add_call(CallCategory::Noise, CallOutcome::ArrestMade);
        assert_eq!((c.total_calls(), c.arrests), (3, 2));

        c.remove_call(CallCategory::Noise, CallOutcome::ArrestMade);
        c.remove_call(CallCategory::Noise, CallOutcome::ArrestMade);
        c.reporter_back();
        c.reporter_back();
        assert_eq!((c.calls_in(CallCategory::Noise), c.arrests, c.reporters_out), (0, 1, 0), "never below zero");
        assert!(!c.calls.contains_key(&CallCategory::Noise));
    }
}
