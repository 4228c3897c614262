//! What live pages receive: from server functions when a page is rendered, then as
//! server-sent events from `/events`. Times arrive formatted: the browser bundle has no
//! zone data.

use super::call_log::{CallCategory, CallOutcome, Counters};
use crate::areas::area::EmergencyNumbers;
use crate::updates::feed::FeedItem;
use serde::{Deserialize, Serialize};

/// The SSE event names.
pub const EVENT_UPDATE: &str = "update";
pub const EVENT_COUNTERS: &str = "counters";
/// An update was withdrawn: the page takes its card down. The data is the update's id.
pub const EVENT_WITHDRAWN: &str = "withdrawn";
/// Sent when the stream cannot say exactly what was missed (too much, or this server fell
/// behind): the page reloads its data instead.
pub const EVENT_RESET: &str = "reset";

/// An update as a live page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveUpdate {
    pub item: FeedItem,
    /// On a campaign's page: when it was posted, for the viewer and where it was posted.
    pub times: Option<FollowTheSun>,
    /// A call log entry's category and outcome.
    pub call: Option<CallFacts>,
}

/// One moment for a viewer and for the place a post comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowTheSun {
    /// "08:00 Fri 27 Nov NZDT": in the source's (or campaign's) zone, with its abbreviation.
    pub there: String,
    /// "19:00 Thu 26 Nov": in the viewer's zone; `None` when the viewer's zone is unknown or
    /// shows the same clock time.
    pub yours: Option<String>,
}

/// What a call log entry was about and what came of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFacts {
    pub category: CallCategory,
    pub outcome: CallOutcome,
}

/// A campaign's counters for one of its areas.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaCounters {
    pub code: String,
    pub name: String,
    pub counters: Counters,
}

/// A campaign's counters: overall (each update once) and per area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCounters {
    pub overall: Counters,
    pub areas: Vec<AreaCounters>,
}

/// A live day's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CampaignView {
    pub slug: String,
    pub name: String,
    pub hashtag: String,
    /// The zone the day was planned in ("Pacific/Auckland").
    pub zone: String,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub starts: FollowTheSun,
    pub ends: FollowTheSun,
    /// The viewer's zone as the server understood it, if the browser told it.
    pub viewer_zone: Option<String>,
    /// (code, name) of the areas taking part.
    pub areas: Vec<(String, String)>,
    /// Names of the sources taking part; empty: every source in those areas.
    pub sources: Vec<String>,
    pub counters: CampaignCounters,
    /// Newest first.
    pub timeline: Vec<LiveUpdate>,
    /// The stream's starting cursor: the newest update id when the page was read.
    pub after: i64,
    /// When the page was read (Unix ms), for the state shown before the app starts.
    pub now_ms: i64,
    /// The numbers of the country every one of the live day's areas is in; `None` for a day
    /// across several countries.
    pub numbers: Option<EmergencyNumbers>,
}

/// A campaign in the list of live days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub slug: String,
    pub name: String,
    pub hashtag: String,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub starts: FollowTheSun,
    pub ends: FollowTheSun,
}

/// The list of live days, with the time it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveDays {
    pub now_ms: i64,
    /// Soonest first.
    pub days: Vec<CampaignSummary>,
}

/// The stream of an area's feed. `after` is the newest update id the page holds.
pub fn area_stream_url(code: &str, after: i64, kind: Option<&str>, source: Option<&str>) -> String {
    let mut url = format!("/events?area={}&after={after}", encode(code));
    for (key, value) in [("kind", kind), ("source", source)] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            url.push_str(&format!("&{key}={}", encode(v)));
        }
    }
    url
}

/// The stream of a campaign's page.
pub fn campaign_stream_url(slug: &str, after: i64) -> String {
    format!("/events?campaign={}&after={after}", encode(slug))
}

/// A stream's address opened again from `last_event_id` (the newest event the page got), in
/// place of the `after=` it was first opened with. Without one (or with one that is not a
/// number) the address is unchanged.
pub fn resume_url(url: &str, last_event_id: Option<&str>) -> String {
    let Some(id) = last_event_id.filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())) else {
        return url.to_string();
    };
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<String> =
        query.split('&').filter(|p| !p.is_empty() && !p.starts_with("after=")).map(String::from).collect();
    pairs.push(format!("after={id}"));
    format!("{path}?{}", pairs.join("&"))
}

/// How long a page waits before opening a refused stream again (a busy server's 503, a
/// balancer with no server to send it to): 2 s, doubling to a minute, each wait spread over
/// its upper half by `jitter` (0 to 1) so that pages cut together do not all come back together.
pub fn reopen_delay_ms(attempt: u32, jitter: f64) -> u32 {
    let ceiling = 2_000u32.saturating_mul(1 << attempt.min(5)).min(60_000);
    let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.5 };
    ceiling / 2 + (f64::from(ceiling / 2) * jitter) as u32
}

/// Query-string encoding for the few characters area codes and slugs could carry.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_urls() {
        assert_eq!(area_stream_url("E05011376", 42, None, Some("")), "/events?area=E05011376&after=42");
        assert_eq!(
            area_stream_url("E05011376", 0, Some("call_log"), Some("gmp city&x")),
            "/events?area=E05011376&after=0&kind=call_log&source=gmp%20city%26x"
        );
        assert_eq!(campaign_stream_url("gmp24", 7), "/events?campaign=gmp24&after=7");
    }

    #[test]
    fn a_refused_stream_opens_again_from_the_last_event_it_got() {
        let url = area_stream_url("E05011376", 42, Some("call_log"), None);
        assert_eq!(resume_url(&url, Some("1337")), "/events?area=E05011376&kind=call_log&after=1337");
        assert_eq!(resume_url(&url, None), url);
        assert_eq!(resume_url(&url, Some("")), url);
        assert_eq!(resume_url(&url, Some("12&area=x")), url);
        assert_eq!(resume_url("/events?campaign=gmp24", Some("9")), "/events?campaign=gmp24&after=9");
    }

    #[test]
    fn refused_pages_wait_longer_each_time_and_never_all_together() {
        assert_eq!(reopen_delay_ms(0, 0.0), 1_000);
        assert_eq!(reopen_delay_ms(0, 1.0), 2_000);
        assert_eq!(reopen_delay_ms(1, 0.0), 2_000);
        assert_eq!(reopen_delay_ms(4, 0.99), 31_840);
        for attempt in [5, 6, 40, u32::MAX] {
            assert_eq!(reopen_delay_ms(attempt, 1.0), 60_000);
            assert_eq!(reopen_delay_ms(attempt, 0.0), 30_000);
        }
        assert_eq!(reopen_delay_ms(0, f64::NAN), 1_500);
    }
}
