//! A live day's time window: parsing it from a form, where "now" falls in it, and showing times
//! in two zones for campaigns that follow the sun.
//!
//! Local times entered on the form are read in the campaign's IANA zone. Around daylight-saving
//! changes two things can happen:
//! - a local time that is *skipped* (clocks go forward) is refused, naming the first time after the jump;
//! - a local time that happens *twice* (clocks go back) means its **first** occurrence, the one still
//!   on summer time. This is what RFC 5545 (iCalendar) and JavaScript's Temporal (`"compatible"`) do,
//!   and what people mean when they plan "01:30" on the night the clocks go back. Refusing would force
//!   organisers of a 24-hour day that spans that night to pick odd start times for no gain.

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::error::FieldError,
    chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone},
    chrono_tz::Tz,
};

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;
/// The longest window a campaign may have.
pub const MAX_WINDOW_MS: i64 = 72 * HOUR_MS;

/// When a campaign runs: from `starts_at_ms` (inclusive) to `ends_at_ms` (exclusive), Unix milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// First millisecond of the campaign.
    pub starts_at_ms: i64,
    /// First millisecond after the campaign.
    pub ends_at_ms: i64,
}

/// Where a moment falls relative to a [`Window`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// The window has not started.
    Before {
        /// Time until the start.
        starts_in_ms: i64,
    },
    /// The window is running.
    Live {
        /// Time until the end.
        ends_in_ms: i64,
    },
    /// The window has ended.
    Over {
        /// Time since the end.
        ended_ms_ago: i64,
    },
}

impl Window {
    /// Reads a window from two `<input type="datetime-local">` values (`"2026-11-27T08:00"`, seconds
    /// optional) in the IANA zone `zone`. Refuses unknown zones, malformed or skipped local times,
    /// an end not after the start, and windows longer than 72 hours. Ambiguous times take their
    /// first occurrence (see the module docs).
    #[cfg(feature = "ssr")]
    pub fn parse(start_local: &str, end_local: &str, zone: &str) -> Result<Window, FieldError> {
        let tz: Tz = zone.trim().parse().map_err(|_| {
            FieldError::new(
                "zone",
                format!("\"{}\" is not a time zone we know. Please choose one from the list.", zone.trim()),
            )
        })?;
        let starts_at_ms = local_to_ms("starts_at", "start", start_local, tz)?;
        let ends_at_ms = local_to_ms("ends_at", "end", end_local, tz)?;
        if ends_at_ms <= starts_at_ms {
            return Err(FieldError::new(
                "ends_at",
                "The end must be after the start. Please check both dates and times.",
            ));
        }
        let length_ms = ends_at_ms - starts_at_ms;
        if length_ms > MAX_WINDOW_MS {
            return Err(FieldError::new(
                "ends_at",
                format!(
                    "A campaign can last at most 72 hours; this one lasts {}. Please choose an earlier end.",
                    span(length_ms)
                ),
            ));
        }
        Ok(Window { starts_at_ms, ends_at_ms })
    }

    /// Where `now_ms` falls: start inclusive, end exclusive.
    pub fn phase(&self, now_ms: i64) -> Phase {
        if now_ms < self.starts_at_ms {
            Phase::Before { starts_in_ms: self.starts_at_ms - now_ms }
        } else if now_ms < self.ends_at_ms {
            Phase::Live { ends_in_ms: self.ends_at_ms - now_ms }
        } else {
            Phase::Over { ended_ms_ago: now_ms - self.ends_at_ms }
        }
    }
}

impl Phase {
    /// Plain English: "Starts in 3 h 20 min", "Live now: 5 h 2 min left", "Ended 2 days ago".
    /// Durations are rounded down to the minute (to the hour or day once the campaign is over).
    pub fn label(&self) -> String {
        match *self {
            Phase::Before { starts_in_ms } if starts_in_ms < MINUTE_MS => "Starts in less than a minute".to_string(),
            Phase::Before { starts_in_ms } => format!("Starts in {}", span(starts_in_ms)),
            Phase::Live { ends_in_ms } if ends_in_ms < MINUTE_MS => "Live now: less than a minute left".to_string(),
            Phase::Live { ends_in_ms } => format!("Live now: {} left", span(ends_in_ms)),
            Phase::Over { ended_ms_ago } if ended_ms_ago < MINUTE_MS => "Ended just now".to_string(),
            Phase::Over { ended_ms_ago } if ended_ms_ago < HOUR_MS => {
                format!("Ended {} min ago", ended_ms_ago / MINUTE_MS)
            }
            Phase::Over { ended_ms_ago } if ended_ms_ago < DAY_MS => format!("Ended {} h ago", ended_ms_ago / HOUR_MS),
            Phase::Over { ended_ms_ago } => format!("Ended {} ago", days(ended_ms_ago / DAY_MS)),
        }
    }
}

/// One moment shown in the viewer's zone and in the zone the post comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DualTime {
    /// In the viewer's zone, without abbreviation: `"19:00 Thu 26 Nov"`.
    pub viewer: String,
    /// In the source's zone, with its abbreviation: `"08:00 Fri 27 Nov NZDT"`.
    pub source: String,
    /// Both zones show the same wall-clock time at that moment (same UTC offset), so the page can
    /// show `viewer` alone.
    pub same_zone: bool,
}

/// Shows `at_ms` for a viewer in `viewer_zone` and, for posts from another part of a follow-the-sun
/// campaign, in `source_zone` with the zone's abbreviation (`NZDT`, `GMT`, `AEDT`, or `+1345` where
/// the zone has no letters).
#[cfg(feature = "ssr")]
pub fn dual_time(at_ms: i64, viewer_zone: Tz, source_zone: Tz) -> DualTime {
    let utc = DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
    let viewer = utc.with_timezone(&viewer_zone);
    let source = utc.with_timezone(&source_zone);
    DualTime {
        viewer: viewer.format("%H:%M %a %-d %b").to_string(),
        source: source.format("%H:%M %a %-d %b %Z").to_string(),
        same_zone: viewer.offset().fix() == source.offset().fix(),
    }
}

/// Resolves one form value to Unix milliseconds in `tz`.
#[cfg(feature = "ssr")]
fn local_to_ms(field: &'static str, what: &str, value: &str, tz: Tz) -> Result<i64, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, format!("Please enter the {what} date and time.")));
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            FieldError::new(field, format!("Please enter the {what} as a date and time, like 2026-11-27T08:00."))
        })?;
    if let Some(at) = tz.from_local_datetime(&naive).earliest() {
        return Ok(at.timestamp_millis());
    }
    // Skipped by a clock change: find the first minute that exists after it to suggest instead.
    let next =
        (1..=48 * 60).map(|m| naive + Duration::minutes(m)).find(|t| tz.from_local_datetime(t).earliest().is_some());
    let suggestion = next.map(|t| format!(" Please choose {} or later.", t.format("%H:%M"))).unwrap_or_default();
    Err(FieldError::new(
        field,
        format!(
            "The clocks go forward in {tz} then, so {} on {} never happens there.{suggestion}",
            naive.format("%H:%M"),
            naive.format("%-d %b %Y"),
        ),
    ))
}

/// "5 min", "3 h 20 min", "3 h", "2 days 4 h", rounded down to the minute.
fn span(ms: i64) -> String {
    let (d, h, m) = (ms / DAY_MS, ms % DAY_MS / HOUR_MS, ms % HOUR_MS / MINUTE_MS);
    match (d, h, m) {
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => days(d),
        (d, h, _) => format!("{} {h} h", days(d)),
    }
}

fn days(d: i64) -> String {
    if d == 1 {
        "1 day".to_string()
    } else {
        format!("{d} days")
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono::Utc;
    use chrono_tz::{Europe::London, Pacific::Auckland, Pacific::Chatham};

    fn utc_ms(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().timestamp_millis()
    }

    #[test]
    fn auckland_0800_is_1900_the_day_before_in_london() {
        let w = Window::parse("2026-11-27T08:00", "2026-11-28T08:00", "Pacific/Auckland").unwrap();
        assert_eq!(w.starts_at_ms, utc_ms(2026, 11, 26, 19, 0)); // NZDT is +13
        assert_eq!(w.ends_at_ms - w.starts_at_ms, 24 * HOUR_MS);
        let shown = dual_time(w.starts_at_ms, London, Auckland);
        assert_eq!(shown.viewer, "19:00 Thu 26 Nov");
        assert_eq!(shown.source, "08:00 Fri 27 Nov NZDT");
        assert!(!shown.same_zone);
    }

    #[test]
    fn dual_time_same_zone_and_numeric_abbreviation() {
        let at = utc_ms(2026, 11, 26, 19, 0);
        let shown = dual_time(at, London, London);
        assert!(shown.same_zone);
        assert_eq!(shown.source, "19:00 Thu 26 Nov GMT");
        // Europe/Lisbon is also UTC+0 in November: same wall clock, so one time is enough.
        assert!(dual_time(at, London, chrono_tz::Europe::Lisbon).same_zone);
        // Chatham is +13:45 in summer and has no letter abbreviation.
        assert_eq!(dual_time(at, London, Chatham).source, "08:45 Fri 27 Nov +1345");
        // London in summer is BST.
        assert_eq!(dual_time(utc_ms(2027, 7, 1, 12, 0), Auckland, London).source, "13:00 Thu 1 Jul BST");
        assert_eq!(dual_time(utc_ms(2027, 7, 1, 12, 0), Auckland, London).viewer, "00:00 Fri 2 Jul");
    }

    #[test]
    fn the_datetime_local_format_with_seconds_is_accepted() {
        let w = Window::parse("2026-11-27T08:00:00", " 2026-11-27T09:30 ", " Pacific/Auckland ").unwrap();
        assert_eq!(w.ends_at_ms - w.starts_at_ms, 90 * MINUTE_MS);
    }

    #[test]
    fn london_spring_forward_gap_is_refused_with_the_next_valid_time() {
        let e = Window::parse("2027-03-28T01:30", "2027-03-28T12:00", "Europe/London").unwrap_err();
        assert_eq!(e.field, "starts_at");
        assert_eq!(
            e.message,
            "The clocks go forward in Europe/London then, so 01:30 on 28 Mar 2027 never happens there. \
             Please choose 02:00 or later."
        );
        let e = Window::parse("2027-03-27T12:00", "2027-03-28T01:00", "Europe/London").unwrap_err();
        assert_eq!(e.field, "ends_at");
        // Either side of the gap is fine, and the window is an hour shorter than the wall clock says.
        let w = Window::parse("2027-03-28T00:59", "2027-03-28T02:00", "Europe/London").unwrap();
        assert_eq!(w.starts_at_ms, utc_ms(2027, 3, 28, 0, 59));
        assert_eq!(w.ends_at_ms, utc_ms(2027, 3, 28, 1, 0));
    }

    #[test]
    fn auckland_fall_back_ambiguous_time_takes_the_first_occurrence() {
        // 2027-04-04 03:00 NZDT (+13) becomes 02:00 NZST (+12): 02:00..02:59 happens twice.
        let w = Window::parse("2027-04-04T02:30", "2027-04-04T12:00", "Pacific/Auckland").unwrap();
        assert_eq!(w.starts_at_ms, utc_ms(2027, 4, 3, 13, 30)); // first 02:30, still NZDT
        assert_eq!(w.ends_at_ms, utc_ms(2027, 4, 4, 0, 0)); // 12:00 NZST
        assert_eq!(dual_time(w.starts_at_ms, Auckland, Auckland).source, "02:30 Sun 4 Apr NZDT");
        // A wall-clock 24 hours across the change is 25 real hours.
        let w = Window::parse("2027-04-03T08:00", "2027-04-04T08:00", "Pacific/Auckland").unwrap();
        assert_eq!(w.ends_at_ms - w.starts_at_ms, 25 * HOUR_MS);
    }

    #[test]
    fn london_fall_back_ambiguous_time_takes_the_first_occurrence() {
        // 2026-10-25 02:00 BST (+1) becomes 01:00 GMT: 01:00..01:59 happens twice.
        let w = Window::parse("2026-10-25T01:30", "2026-10-25T02:00", "Europe/London").unwrap();
        assert_eq!(w.starts_at_ms, utc_ms(2026, 10, 25, 0, 30));
        assert_eq!(w.ends_at_ms, utc_ms(2026, 10, 25, 2, 0));
        // Both ends in the repeated hour: the first occurrence of each, so "01:00 to 01:30" is 30 minutes.
        let w = Window::parse("2026-10-25T01:00", "2026-10-25T01:30", "Europe/London").unwrap();
        assert_eq!(w.ends_at_ms - w.starts_at_ms, 30 * MINUTE_MS);
    }

    #[test]
    fn bad_input_is_refused_with_the_right_field() {
        let field = |s: &str, e: &str, z: &str| Window::parse(s, e, z).unwrap_err().field;
        assert_eq!(field("2026-11-27T08:00", "2026-11-27T09:00", "Mars/Olympus"), "zone");
        assert_eq!(field("2026-11-27T08:00", "2026-11-27T09:00", "pacific/auckland"), "zone");
        assert_eq!(field("27/11/2026 08:00", "2026-11-27T09:00", "Europe/London"), "starts_at");
        assert_eq!(field("2026-02-30T08:00", "2026-11-27T09:00", "Europe/London"), "starts_at");
        assert_eq!(field("", "2026-11-27T09:00", "Europe/London"), "starts_at");
        assert_eq!(field("2026-11-27T08:00", "2026-11-27T25:00", "Europe/London"), "ends_at");
        assert_eq!(field("2026-11-27T08:00", "2026-11-27T08:00", "Europe/London"), "ends_at");
        assert_eq!(field("2026-11-27T08:00", "2026-11-27T07:59", "Europe/London"), "ends_at");
        let e = Window::parse("2026-11-27T08:00", "2026-11-27T09:00", "Mars/Olympus").unwrap_err();
        assert_eq!(e.message, "\"Mars/Olympus\" is not a time zone we know. Please choose one from the list.");
    }

    #[test]
    fn at_most_72_hours() {
        assert!(Window::parse("2026-11-27T08:00", "2026-11-30T08:00", "Europe/London").is_ok());
        let e = Window::parse("2026-11-27T08:00", "2026-11-30T08:01", "Europe/London").unwrap_err();
        assert_eq!(e.field, "ends_at");
        assert_eq!(
            e.message,
            "A campaign can last at most 72 hours; this one lasts 3 days. Please choose an earlier end."
        );
        // 72 wall-clock hours across a fall-back night are 73 real hours: refused.
        assert!(Window::parse("2026-10-24T08:00", "2026-10-27T08:00", "Europe/London").is_err());
    }

    #[test]
    fn phases_start_inclusive_end_exclusive() {
        let w = Window { starts_at_ms: 1_000 * HOUR_MS, ends_at_ms: 1_024 * HOUR_MS };
        assert_eq!(w.phase(w.starts_at_ms - 1), Phase::Before { starts_in_ms: 1 });
        assert_eq!(w.phase(w.starts_at_ms), Phase::Live { ends_in_ms: 24 * HOUR_MS });
        assert_eq!(w.phase(w.ends_at_ms - 1), Phase::Live { ends_in_ms: 1 });
        assert_eq!(w.phase(w.ends_at_ms), Phase::Over { ended_ms_ago: 0 });
    }

    #[test]
    fn labels() {
        let label = |p: Phase| p.label();
        assert_eq!(
            label(Phase::Before { starts_in_ms: 3 * HOUR_MS + 20 * MINUTE_MS + 59_999 }),
            "Starts in 3 h 20 min"
        );
        assert_eq!(label(Phase::Before { starts_in_ms: 59_999 }), "Starts in less than a minute");
        assert_eq!(label(Phase::Before { starts_in_ms: MINUTE_MS }), "Starts in 1 min");
        assert_eq!(label(Phase::Before { starts_in_ms: 2 * HOUR_MS }), "Starts in 2 h");
        assert_eq!(label(Phase::Before { starts_in_ms: DAY_MS + 4 * HOUR_MS + 5 * MINUTE_MS }), "Starts in 1 day 4 h");
        assert_eq!(label(Phase::Before { starts_in_ms: 3 * DAY_MS }), "Starts in 3 days");
        assert_eq!(label(Phase::Live { ends_in_ms: 5 * HOUR_MS + 2 * MINUTE_MS }), "Live now: 5 h 2 min left");
        assert_eq!(label(Phase::Live { ends_in_ms: 1 }), "Live now: less than a minute left");
        assert_eq!(label(Phase::Over { ended_ms_ago: 0 }), "Ended just now");
        assert_eq!(label(Phase::Over { ended_ms_ago: 59 * MINUTE_MS }), "Ended 59 min ago");
        assert_eq!(label(Phase::Over { ended_ms_ago: HOUR_MS }), "Ended 1 h ago");
        assert_eq!(label(Phase::Over { ended_ms_ago: DAY_MS - 1 }), "Ended 23 h ago");
        assert_eq!(label(Phase::Over { ended_ms_ago: DAY_MS }), "Ended 1 day ago");
        assert_eq!(label(Phase::Over { ended_ms_ago: 2 * DAY_MS + 5 * HOUR_MS }), "Ended 2 days ago");
    }
}
