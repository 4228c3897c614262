//! Who is told about what, and when. A subscription follows areas; an update published to
//! an area or any area above it (council, force, country) is for that area's followers,
//! as in the feed. Each followed area has a minimum severity and optional quiet hours in
//! the device's own time zone.

use crate::updates::kind::{Severity, UpdateKind};
use serde::{Deserialize, Serialize};

/// The order one alert goes out in. Devices that took the last message go first, then those
/// never sent to yet, then those whose last sends failed (a phone switched off for good, a
/// made-up endpoint): those last get a short wait each and a time budget in all, so however
/// many of them pile up, they never hold back an alert for the others (see `sender`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    Proven,
    Untried,
    Failing,
}

impl Lane {
    pub fn of(failures: i64, delivered_before: bool) -> Lane {
        match (failures, delivered_before) {
            (0, true) => Lane::Proven,
            (0, false) => Lane::Untried,
            _ => Lane::Failing,
        }
    }
}

/// Quiet hours as minutes after local midnight; `from > to` wraps past midnight
/// (22:00–07:00). `from == to` is refused: it would mean "always" or "never".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub from_min: u16,
    pub to_min: u16,
}

/// One followed area's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaAlert {
    pub area_code: String,
    pub area_name: String,
    pub min_severity: Severity,
    pub quiet: Option<QuietHours>,
}

/// Why an alert is or is not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Send,
    BelowThreshold,
    Quiet,
}

impl QuietHours {
    /// From two `HH:MM` fields; both empty means no quiet hours.
    pub fn parse(from: &str, to: &str) -> Result<Option<QuietHours>, String> {
        let (from, to) = (from.trim(), to.trim());
        if from.is_empty() && to.is_empty() {
            return Ok(None);
        }
        let (Some(from_min), Some(to_min)) = (minutes(from), minutes(to)) else {
            return Err("Give quiet hours as two times like 22:00 and 07:00, or leave both empty.".into());
        };
        if from_min == to_min {
            return Err("Quiet hours must start and end at different times.".into());
        }
        Ok(Some(QuietHours { from_min, to_min }))
    }

    /// Whether `minute` (after local midnight) falls in the quiet hours, end excluded.
    pub fn contains(self, minute: u16) -> bool {
        if self.from_min < self.to_min {
            (self.from_min..self.to_min).contains(&minute)
        } else {
            minute >= self.from_min || minute < self.to_min
        }
    }

    /// "22:00–07:00".
    pub fn label(self) -> String {
        format!("{}–{}", hhmm(self.from_min), hhmm(self.to_min))
    }
}

pub fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn minutes(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.len() <= 5).then_some(h * 60 + m)
}

/// Whether a follower of an area with `alert`'s settings is told about an update of
/// `severity`, when the device's local time is `local_minute` after midnight.
pub fn decide(min_severity: Severity, quiet: Option<QuietHours>, severity: Severity, local_minute: u16) -> Decision {
    if rank(severity) < rank(min_severity) {
        Decision::BelowThreshold
    } else if quiet.is_some_and(|q| q.contains(local_minute)) {
        Decision::Quiet
    } else {
        Decision::Send
    }
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Advisory => 1,
        Severity::Warning => 2,
    }
}

/// The notification's text: short, and only what the update already shows publicly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// Opens the update, as seen from the followed area.
    pub url: String,
    /// Collapses repeats of the same update on the device.
    pub tag: String,
}

/// Notification titles stay under what phones show on one line.
pub const TITLE_MAX: usize = 60;
pub const BODY_MAX: usize = 140;

pub fn notice(
    update_id: i64,
    kind: UpdateKind,
    severity: Severity,
    title: &str,
    area_code: &str,
    area_name: &str,
) -> Notice {
    let label = match severity {
        Severity::Info => kind.label(),
        s => s.label(),
    };
    Notice {
        title: clip(&format!("{label} · {area_name}"), TITLE_MAX),
        body: clip(title, BODY_MAX),
        url: format!("/updates/{update_id}?area={area_code}"),
        tag: format!("update-{update_id}"),
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Severity::*;

    #[test]
    fn quiet_hours_parse_and_refuse() {
        assert_eq!(QuietHours::parse("", ""), Ok(None));
        assert_eq!(QuietHours::parse("22:00", "07:00"), Ok(Some(QuietHours { from_min: 1320, to_min: 420 })));
        assert_eq!(QuietHours::parse("9:30", "17:00"), Ok(Some(QuietHours { from_min: 570, to_min: 1020 })));
        for (a, b) in [
            ("22:00", ""),
            ("24:00", "07:00"),
            ("22:60", "07:00"),
            ("22", "07:00"),
            ("-1:00", "07:00"),
            ("07:00", "07:00"),
            ("22:000", "07:00"),
        ] {
            assert!(QuietHours::parse(a, b).is_err(), "{a}–{b} accepted");
        }
    }

    #[test]
    fn quiet_hours_wrap_midnight_and_exclude_the_end() {
        let night = QuietHours { from_min: 22 * 60, to_min: 7 * 60 };
        for (minute, quiet) in [
            (21 * 60 + 59, false),
            (22 * 60, true),
            (23 * 60 + 59, true),
            (0, true),
            (6 * 60 + 59, true),
            (7 * 60, false),
            (12 * 60, false),
        ] {
            assert_eq!(night.contains(minute), quiet, "minute {minute}");
        }
        let day = QuietHours { from_min: 9 * 60, to_min: 17 * 60 };
        assert!(day.contains(9 * 60) && day.contains(16 * 60 + 59));
        assert!(!day.contains(17 * 60) && !day.contains(8 * 60 + 59) && !day.contains(23 * 60));
        assert_eq!(night.label(), "22:00–07:00");
    }

    #[test]
    fn threshold_then_quiet_hours() {
        let night = Some(QuietHours { from_min: 22 * 60, to_min: 7 * 60 });
        assert_eq!(decide(Info, None, Info, 600), Decision::Send);
        assert_eq!(decide(Advisory, None, Info, 600), Decision::BelowThreshold);
        assert_eq!(decide(Advisory, None, Warning, 600), Decision::Send);
        assert_eq!(decide(Warning, None, Advisory, 600), Decision::BelowThreshold);
        assert_eq!(decide(Info, night, Warning, 23 * 60), Decision::Quiet);
        assert_eq!(decide(Info, night, Warning, 8 * 60), Decision::Send);
        assert_eq!(decide(Warning, night, Info, 23 * 60), Decision::BelowThreshold);
    }

    #[test]
    fn notices_are_short_and_open_the_update() {
        let n = notice(
            42,
            UpdateKind::Appeal,
            Info,
            "Witnesses sought after a collision on the ring road",
            "E05011362",
            "City Centre",
        );
        assert_eq!(n.title, "Appeal · City Centre");
        assert_eq!(n.url, "/updates/42?area=E05011362");
        assert_eq!(n.tag, "update-42");
        let long = "x".repeat(500);
        let w = notice(7, UpdateKind::CouncilNotice, Warning, &long, "W1", &"Llanfair".repeat(20));
        assert!(w.title.starts_with("Warning · "));
        assert_eq!(w.title.chars().count(), TITLE_MAX);
        assert_eq!(w.body.chars().count(), BODY_MAX);
        assert!(w.body.ends_with('…'));
    }
}
