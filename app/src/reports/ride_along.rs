//! A ride-along: a reporter out with a team, in an area, for a shift.

use serde::{Deserialize, Serialize};

/// The longest shift a ride-along may cover.
pub const SHIFT_MAX_HOURS: i64 = 12;
/// Notes can be written from the start of the shift until a week after it ends.
pub const WRITE_AFTER_END_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Whether notes can be written for a shift at `now_ms`: during it or in the week after.
pub fn writable(starts_at_ms: i64, ends_at_ms: i64, now_ms: i64) -> bool {
    now_ms >= starts_at_ms && now_ms <= ends_at_ms + WRITE_AFTER_END_MS
}

/// A ride-along as the reporter's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RideAlong {
    pub id: i64,
    pub team_name: String,
    pub area_code: String,
    pub area_name: String,
    /// Start and end in the area's local time, e.g. "Sat 22 Nov, 18:00 – 23:00".
    pub shift_local: String,
    pub writable: bool,
}

/// Parses an HTML `datetime-local` value ("2026-11-22T18:00") as a time in `tz`.
/// In the hour the clocks go back the earlier time is taken; a time skipped when they go
/// forward is refused.
#[cfg(feature = "ssr")]
pub fn parse_local(raw: &str, tz: chrono_tz::Tz) -> Result<i64, String> {
    use chrono::TimeZone;
    let naive = chrono::NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| "Give the start as a date and time, e.g. 2026-11-22T18:00.".to_string())?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| format!("{raw} does not exist in {tz} (the clocks go forward then)."))
}

/// "Sat 22 Nov, 18:00 – 23:00" (or with both dates when the shift crosses midnight).
#[cfg(feature = "ssr")]
pub fn shift_label(starts_at_ms: i64, ends_at_ms: i64, tz: chrono_tz::Tz) -> String {
    let local = |ms| chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().with_timezone(&tz);
    let (a, b) = (local(starts_at_ms), local(ends_at_ms));
    if a.date_naive() == b.date_naive() {
        format!("{} – {}", a.format("%a %-d %b, %H:%M"), b.format("%H:%M"))
    } else {
        format!("{} – {}", a.format("%a %-d %b, %H:%M"), b.format("%a %-d %b, %H:%M"))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    #[test]
    fn local_times_follow_the_clocks() {
        // 18:00 GMT in November is 18:00 UTC; 18:00 BST in July is 17:00 UTC.
        assert_eq!(parse_local("2026-11-22T18:00", London).unwrap(), 1_795_370_400_000);
        assert_eq!(parse_local("2026-07-01T18:00", London).unwrap(), 1_782_925_200_000);
        // 01:30 on 29 March 2026 never happened in London.
        assert!(parse_local("2026-03-29T01:30", London).unwrap_err().contains("does not exist"));
        assert!(parse_local("tomorrow", London).is_err());
    }

    #[test]
    fn labels_and_windows() {
        let start = parse_local("2026-11-22T18:00", London).unwrap();
        let end = parse_local("2026-11-22T23:00", London).unwrap();
        assert_eq!(shift_label(start, end, London), "Sun 22 Nov, 18:00 – 23:00");
        let late = parse_local("2026-11-23T02:00", London).unwrap();
        assert_eq!(shift_label(start, late, London), "Sun 22 Nov, 18:00 – Mon 23 Nov, 02:00");
        assert!(!writable(start, end, start - 1));
        assert!(writable(start, end, start));
        assert!(writable(start, end, end + WRITE_AFTER_END_MS));
        assert!(!writable(start, end, end + WRITE_AFTER_END_MS + 1));
    }
}
