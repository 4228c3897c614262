//! Shared test input: a channel, an ordinary update, a hostile one and an event.

use super::model::{Channel, Entry};
use crate::sources::SourceKind;
use crate::updates::kind::{Severity, UpdateKind};

/// The title every test must survive.
pub const HOSTILE_TITLE: &str = "<script>alert(1)</script> & \"quotes\" ]]> 🚓 مرحبا";
/// A body with characters XML cannot carry, which the writers must drop.
pub const HOSTILE_BODY: &str = "Line one <b>&amp;</b>\nLine two ]]> \u{7}bell\r\u{0}\ttab; comma, back\\slash";
/// `HOSTILE_BODY` as the writers should emit it.
pub const HOSTILE_BODY_CLEAN: &str = "Line one <b>&amp;</b>\nLine two ]]> bell\ttab; comma, back\\slash";

/// 2026-11-22T14:05:00Z.
pub const T0: i64 = 1_795_356_300_000;
const HOUR: i64 = 3_600_000;

pub fn channel() -> Channel {
    Channel {
        title: "Beat: Piccadilly (Manchester)".into(),
        area_name: "Piccadilly".into(),
        area_code: "E05011376".into(),
        page_url: "https://beat.example/area/E05011376".into(),
        self_url: "https://beat.example/area/E05011376/feed.atom".into(),
        emergency_number: "999".into(),
        time_zone: chrono_tz::Europe::London,
        language: "en-GB".into(),
        updated_ms: T0 + 2 * HOUR,
    }
}

/// An ordinary police update.
pub fn plain(id: i64) -> Entry {
    Entry {
        id,
        url: format!("https://beat.example/update/{id}"),
        title: "Road closed on Deansgate".into(),
        body: "Officers closed the road.\nPlease avoid the area.".into(),
        kind: UpdateKind::Neighbourhood,
        severity: Severity::Info,
        source_name: "Greater Manchester Police".into(),
        source_kind: SourceKind::PoliceForce,
        byline: None,
        area_name: "Piccadilly".into(),
        area_codes: vec!["E05011376".into()],
        published_ms: T0,
        updated_ms: T0,
        expires_ms: None,
        starts_ms: None,
        ends_ms: None,
        is_demo: false,
        original_url: None,
        cap_url: None,
    }
}

/// A changed, demo, reporter-written warning with a hostile title and body and a CAP document.
pub fn hostile(id: i64) -> Entry {
    Entry {
        title: HOSTILE_TITLE.into(),
        body: HOSTILE_BODY.into(),
        kind: UpdateKind::Appeal,
        severity: Severity::Warning,
        byline: Some("Sam <Reporter>".into()),
        updated_ms: T0 + HOUR,
        expires_ms: Some(T0 + 48 * HOUR),
        is_demo: true,
        original_url: Some(format!("https://police.example/news/{id}?a=1&b=2")),
        cap_url: Some(format!("https://beat.example/cap/{id}.xml")),
        ..plain(id)
    }
}

/// A council event starting an hour after `T0`.
pub fn event(id: i64, ends_ms: Option<i64>) -> Entry {
    Entry {
        title: "Beat surgery, Library; bring ID, questions\\ideas".into(),
        body: "Meet your team.\nTea provided, free; all welcome.".into(),
        kind: UpdateKind::Event,
        source_name: "Manchester City Council".into(),
        source_kind: SourceKind::Council,
        starts_ms: Some(T0 + HOUR),
        ends_ms,
        ..plain(id)
    }
}
