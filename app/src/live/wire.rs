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
    /// The numbers of the live day's (first) area's country, if it has one.
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
        assert_eq!(area_stream_url("E05000697", 42, None, Some("")), "/events?area=E05000697&after=42");
        assert_eq!(
            area_stream_url("E05000697", 0, Some("call_log"), Some("gmp city&x")),
            "/events?area=E05000697&after=0&kind=call_log&source=gmp%20city%26x"
        );
        assert_eq!(campaign_stream_url("gmp24", 7), "/events?campaign=gmp24&after=7");
    }
}
