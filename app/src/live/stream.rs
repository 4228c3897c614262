//! `GET /events`: server-sent events for an open live page.
//!
//! - `?area=CODE` (with optional `kind` and `source`, as the feed filters): new updates
//!   for the area's feed.
//! - `?campaign=SLUG`: new updates on a live day's page, with follow-the-sun times, and
//!   the day's counters after each.
//!
//! Each update that becomes visible is an `update` event, and each withdrawal a `withdrawn`
//! event (its data the update's id); the event id is the live event log's number. A page
//! says where it starts with `after=` (the newest event when it was rendered); a browser
//! that reconnects sends `Last-Event-ID`, which wins. Either way it gets every later change
//! it wants exactly once, in order ([`super::resume`]).

use super::hub::{Full, LiveEvent, LiveHub, OpenStream};
use super::resume::{parse_last_event_id, Deduper};
use super::store::{self, Announcement, Campaign, Change};
use super::window::dual_time;
use super::wire::{FollowTheSun, LiveUpdate, EVENT_COUNTERS, EVENT_RESET, EVENT_UPDATE, EVENT_WITHDRAWN};
use crate::areas::area::{AreaCode, AreaContext};
use crate::client_address::Client;
use crate::state::AppState;
use crate::updates::feed::{to_item, to_item_named};
use crate::updates::kind::UpdateKind;
use crate::updates::store::Event as UpdateEvent;
use axum::extract::{Query, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono_tz::Tz;
use futures::stream::{self, Stream};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};

/// Live events read for a reconnecting page at most (the most one stream holds waiting to be
/// sent); beyond that it is told to reload.
pub const MAX_REPLAY: i64 = 500;
/// How soon a browser reconnects after losing the stream: between these, chosen per stream,
/// so the pages a dead server held do not all come back in the same instant.
const RETRY_MIN: Duration = Duration::from_millis(1000);
const RETRY_SPREAD_MS: u64 = 2000;
/// How long a stream may wait for its turn to start (see [`StreamLimits::starting_at_once`])
/// before it is refused: a crowd of pages reconnecting at once queues instead of failing.
///
/// [`StreamLimits::starting_at_once`]: super::hub::StreamLimits::starting_at_once
const STARTING_WAIT: Duration = Duration::from_secs(5);
/// A comment this often keeps proxies from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The cookie the app sets to the browser's IANA zone, for "your time".
pub const ZONE_COOKIE: &str = "beat_tz";

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    area: Option<String>,
    campaign: Option<String>,
    after: Option<String>,
    kind: Option<String>,
    source: Option<String>,
}

/// What one stream sends.
enum Scope {
    Area { context: AreaContext, tz: Tz, kind: Option<UpdateKind>, source: Option<String> },
    Campaign { campaign: Campaign, viewer: Option<Tz> },
}

impl Scope {
    /// Whether this page shows `a` (or showed it, for a withdrawal).
    fn covers(&self, a: &Announcement) -> bool {
        let u = &a.update;
        match self {
            Scope::Area { context, kind, source, .. } => {
                context.chain().any(|area| u.area_codes.iter().any(|c| c == area.code.as_str()))
                    && kind.is_none_or(|k| k == u.kind)
                    && source.as_deref().is_none_or(|s| s == u.source_slug)
            }
            Scope::Campaign { campaign, .. } => campaign.includes(a),
        }
    }

    /// Whether this page wants `a` as a new card now: it covers it and it has not expired.
    fn wants(&self, a: &Announcement, now_ms: i64) -> bool {
        self.covers(a) && a.update.expires_at_ms.is_none_or(|ms| ms > now_ms)
    }

    /// Which kind of page this is, for sharing what is shown ([`store::Shown`]): pages with
    /// the same key show an announcement byte for byte the same.
    fn kind_of_page(&self) -> String {
        match self {
            Scope::Area { context, tz, .. } => format!("area {} {}", context.area.code, tz.name()),
            Scope::Campaign { campaign, viewer } => {
                format!("campaign {} {}", campaign.id, viewer.map_or("-", |tz| tz.name()))
            }
        }
    }

    fn show(&self, a: &Announcement) -> LiveUpdate {
        match self {
            Scope::Area { context, tz, .. } => {
                LiveUpdate { item: to_item(a.update.clone(), context, *tz), times: None, call: a.call }
            }
            Scope::Campaign { campaign, viewer } => show_in_campaign(a, campaign, *viewer),
        }
    }
}

/// An update on a campaign's page: its local time where it was posted, and the viewer's.
pub fn show_in_campaign(a: &Announcement, campaign: &Campaign, viewer: Option<Tz>) -> LiveUpdate {
    let there: Tz = a.source_zone.parse().or_else(|_| campaign.time_zone.parse()).unwrap_or(Tz::UTC);
    let item = to_item_named(a.update.clone(), a.area_name.clone(), there);
    LiveUpdate { item, times: Some(follow_the_sun(a.update.published_at_ms, there, viewer)), call: a.call }
}

/// `at_ms` where it happened, and for the viewer when their clock differs.
pub fn follow_the_sun(at_ms: i64, there: Tz, viewer: Option<Tz>) -> FollowTheSun {
    match viewer {
        Some(viewer) => {
            let d = dual_time(at_ms, viewer, there);
            FollowTheSun { there: d.source, yours: (!d.same_zone).then_some(d.viewer) }
        }
        None => FollowTheSun { there: dual_time(at_ms, there, there).source, yours: None },
    }
}

/// The viewer's zone from the `beat_tz` cookie the app sets, if it names a real zone.
pub fn viewer_zone(headers: &HeaderMap) -> Option<Tz> {
    crate::accounts::cookie::cookie_value(headers, &[ZONE_COOKIE]).and_then(|zone| zone.parse().ok())
}

async fn events(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    match open(&state, &client, &headers, params).await {
        Ok(stream) => Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response(),
        Err((status, message)) if status == StatusCode::SERVICE_UNAVAILABLE => {
            (status, [(RETRY_AFTER, BUSY_RETRY_S)], message).into_response()
        }
        Err((status, message)) => (status, message).into_response(),
    }
}

/// This stream's reconnection delay.
fn retry() -> Duration {
    let mut bytes = [0u8; 8];
    let spread = match getrandom::fill(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes) % RETRY_SPREAD_MS,
        Err(_) => RETRY_SPREAD_MS / 2,
    };
    RETRY_MIN + Duration::from_millis(spread)
}

/// How long a refused page waits before it tries again, in seconds.
const BUSY_RETRY_S: &str = "30";

fn busy(full: Full) -> Refusal {
    let message = match full {
        Full::Server => "Live updates are busy on this server. The page will try again shortly.",
        Full::Network => "Too many live pages are open from your network. Close some, or reload later.",
    };
    (StatusCode::SERVICE_UNAVAILABLE, message.into())
}

type Refusal = (StatusCode, String);

fn bad(message: impl Into<String>) -> Refusal {
    (StatusCode::BAD_REQUEST, message.into())
}

fn internal(e: impl std::fmt::Display) -> Refusal {
    tracing::error!(error = %e, "live stream could not start");
    (StatusCode::INTERNAL_SERVER_ERROR, "The live stream could not start. Please try again.".into())
}

/// Checks the request and sets the stream up: subscribe first, then read what was missed.
async fn open(
    state: &AppState,
    client: &Client,
    headers: &HeaderMap,
    params: Params,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, Refusal> {
    let pool = &state.pool;
    let hub: &Arc<LiveHub> = &state.live;
    // Counted before any work: a flood of streams is refused at the door.
    let open = hub.stream_opened(crate::client_address::network_key(client.ip)).map_err(busy)?;
    let _starting = match tokio::time::timeout(STARTING_WAIT, hub.starting.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        _ => return Err(busy(Full::Server)),
    };
    let scope = match (params.area.as_deref(), params.campaign.as_deref()) {
        (Some(area), None) => {
            let code = AreaCode::parse(area).map_err(bad)?;
            let context = crate::areas::store::context(pool, &code)
                .await
                .map_err(internal)?
                .ok_or_else(|| (StatusCode::NOT_FOUND, format!("There is no area with code {code}.")))?;
            let tz = context.time_zone.parse().map_err(|_| internal("stored time zone"))?;
            let kind = match params.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                Some(k) => Some(UpdateKind::parse(k).ok_or_else(|| bad(format!("{k:?} is not a kind of update.")))?),
                None => None,
            };
            let source = params.source.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            Scope::Area { context, tz, kind, source }
        }
        (None, Some(slug)) => {
            let campaign = store::by_slug(pool, slug.trim())
                .await
                .map_err(internal)?
                .ok_or_else(|| (StatusCode::NOT_FOUND, "There is no live day at that address.".to_string()))?;
            Scope::Campaign { campaign, viewer: viewer_zone(headers) }
        }
        _ => return Err(bad("Ask for one area (?area=CODE) or one live day (?campaign=NAME).")),
    };
    let last_event_id = headers.get("last-event-id").and_then(|v| v.to_str().ok());
    let after = parse_last_event_id(last_event_id, params.after.as_deref()).map_err(bad)?;

    // Subscribe before reading the backlog: anything published meanwhile is in one or both.
    let rx = hub.subscribe();
    let page = scope.kind_of_page();
    let mut conn = Conn { rx, scope, page, deduper: Deduper::after(after), pending: VecDeque::new(), _open: open };
    conn.pending.push_back(Event::default().retry(retry()));
    if let Some(after) = after {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        let backlog = store::since(pool, after, MAX_REPLAY + 1).await.map_err(internal)?;
        if backlog.events as i64 > MAX_REPLAY {
            // Too much to replay: the page reloads, and the stream goes on from the newest.
            let newest = crate::updates::store::newest_event(pool).await.map_err(internal)?;
            conn.deduper = Deduper::after(Some(newest as u64));
            conn.pending.push_back(Event::default().event(EVENT_RESET).id(newest.to_string()).data("reload"));
        } else {
            let now_ms = chrono::Utc::now().timestamp_millis();
            let mut replayed = false;
            for change in &backlog.changes {
                if let Some(event) = conn.admit(change, now_ms) {
                    conn.pending.push_back(event);
                    replayed = true;
                }
            }
            // The counters on the page are as old as the page: bring them up to date.
            if let (true, Scope::Campaign { campaign, .. }) = (replayed, &conn.scope) {
                let counters = store::counters(pool, campaign, now_ms).await.map_err(internal)?;
                conn.pending.push_back(counters_event(&counters));
            }
        }
    } else {
        conn.deduper = Deduper::after(Some(hub.watermark().max(0) as u64));
    }
    Ok(stream::unfold(conn, |mut conn| async move {
        loop {
            if let Some(event) = conn.pending.pop_front() {
                return Some((Ok(event), conn));
            }
            match conn.rx.recv().await {
                Ok(LiveEvent::Change(change)) => {
                    let now_ms = chrono::Utc::now().timestamp_millis();
                    if let Some(event) = conn.admit(&change, now_ms) {
                        return Some((Ok(event), conn));
                    }
                }
                Ok(LiveEvent::Counters { campaign_id, counters }) => {
                    if matches!(&conn.scope, Scope::Campaign { campaign, .. } if campaign.id == campaign_id) {
                        return Some((Ok(counters_event(&counters)), conn));
                    }
                }
                // This stream fell behind the channel: what it missed is not known, so
                // the page reloads and the stream goes on from here.
                Err(RecvError::Lagged(_)) => {
                    conn.rx = conn.rx.resubscribe();
                    return Some((Ok(Event::default().event(EVENT_RESET).data("reload")), conn));
                }
                Ok(LiveEvent::Closing) | Err(RecvError::Closed) => return None,
            }
        }
    }))
}

/// One open stream.
struct Conn {
    rx: broadcast::Receiver<LiveEvent>,
    scope: Scope,
    /// `scope.kind_of_page()`, made once: every event asks for it.
    page: String,
    deduper: Deduper,
    pending: VecDeque<Event>,
    _open: OpenStream,
}

impl Conn {
    /// The event for `change` if this page wants it and has not had it.
    fn admit(&mut self, change: &Change, now_ms: i64) -> Option<Event> {
        let seq = u64::try_from(change.seq).ok()?;
        if !self.deduper.admit(seq) {
            return None;
        }
        let a = &change.announcement;
        match change.event {
            UpdateEvent::Visible if self.scope.wants(a, now_ms) => {
                let data = change.shown.get_or_make(&self.page, || {
                    serde_json::to_string(&self.scope.show(a))
                        .map_err(|e| tracing::error!(error = %e, seq, "live update could not be encoded"))
                        .ok()
                })?;
                Some(Event::default().event(EVENT_UPDATE).id(seq.to_string()).data(&*data))
            }
            UpdateEvent::Withdrawn if self.scope.covers(a) => {
                Some(Event::default().event(EVENT_WITHDRAWN).id(seq.to_string()).data(a.update.id.to_string()))
            }
            _ => None,
        }
    }
}

fn counters_event(counters: &super::wire::CampaignCounters) -> Event {
    Event::default().event(EVENT_COUNTERS).json_data(counters).unwrap_or_else(|_| Event::default().comment("counters"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::window::Window;
    use chrono_tz::{Europe::London, Pacific::Auckland};

    #[test]
    fn a_day_from_0800_in_auckland_read_in_london_across_london_clocks_going_forward() {
        // London's clocks go forward at 01:00 UTC on Sunday 28 March 2027, during this day.
        let w = Window::parse("2027-03-28T08:00", "2027-03-29T08:00", "Pacific/Auckland").unwrap();
        let starts = follow_the_sun(w.starts_at_ms, Auckland, Some(London));
        assert_eq!(starts.there, "08:00 Sun 28 Mar NZDT");
        assert_eq!(starts.yours.as_deref(), Some("19:00 Sat 27 Mar"));
        let ends = follow_the_sun(w.ends_at_ms, Auckland, Some(London));
        assert_eq!(ends.there, "08:00 Mon 29 Mar NZDT");
        assert_eq!(ends.yours.as_deref(), Some("20:00 Sun 28 Mar"), "London is on summer time by then");
        // After New Zealand's clocks go back (4 April 2027), 08:00 is 20:00 BST the day before.
        let w = Window::parse("2027-04-10T08:00", "2027-04-11T08:00", "Pacific/Auckland").unwrap();
        let starts = follow_the_sun(w.starts_at_ms, Auckland, Some(London));
        assert_eq!(
            (starts.there.as_str(), starts.yours.as_deref()),
            ("08:00 Sat 10 Apr NZST", Some("21:00 Fri 9 Apr"))
        );
        // No viewer zone, or the same clock: one time only.
        assert_eq!(follow_the_sun(w.starts_at_ms, Auckland, None).yours, None);
        assert_eq!(follow_the_sun(w.starts_at_ms, Auckland, Some(Auckland)).yours, None);
    }

    #[test]
    fn the_viewers_zone_comes_from_a_real_zone_name_only() {
        let headers = |cookie: &str| {
            let mut h = HeaderMap::new();
            h.insert(axum::http::header::COOKIE, cookie.parse().unwrap());
            h
        };
        assert_eq!(viewer_zone(&headers("beat_session=x; beat_tz=Europe/London")), Some(London));
        assert_eq!(viewer_zone(&headers("beat_tz=Mars/Olympus")), None);
        assert_eq!(viewer_zone(&headers("beat_tz=")), None);
        assert_eq!(viewer_zone(&HeaderMap::new()), None);
    }
}
