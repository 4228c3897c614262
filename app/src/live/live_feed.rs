//! The pieces of a live page: the stream's state, an area's new updates, and one entry of
//! a live day's timeline.

use super::wire::{area_stream_url, LiveUpdate};
use crate::live::live_stream::{use_live_stream, LiveStream, StreamState};
use crate::updates::feed::FeedItem;
use crate::updates::update_card::{UpdateBadges, UpdateCard};
use leptos::prelude::*;

/// Says whether new updates are arriving. Empty until the app runs: without JavaScript
/// the page is as it was read.
#[component]
pub fn LiveStatus(stream: LiveStream) -> impl IntoView {
    let text = move || match stream.state.get() {
        StreamState::Idle => "",
        StreamState::Connecting => "Connecting to live updates…",
        StreamState::Live => "Live: new updates appear here as they are posted.",
        StreamState::Reconnecting => "Reconnecting… anything posted meanwhile will appear.",
    };
    let class = move || match stream.state.get() {
        StreamState::Live => "live-status on",
        StreamState::Idle => "live-status idle",
        _ => "live-status off",
    };
    view! { <p class=class role="status">{text}</p> }
}

/// An area page's stream: what is posted or withdrawn after event `after`.
pub fn use_area_stream(code: &str, after: i64, kind: Option<&str>, source: Option<&str>) -> LiveStream {
    use_live_stream(Some(area_stream_url(code, after, kind, source)))
}

/// An area's updates posted since the page was read, newest first, above the page's own.
#[component]
pub fn LiveAreaUpdates(code: String, stream: LiveStream) -> impl IntoView {
    let area = StoredValue::new(code);
    view! {
        <LiveStatus stream/>
        <div class="live-updates" aria-live="polite">
            <For each=move || stream.updates.get() key=|u| u.item.id let:update>
                <UpdateCard item=update.item area=area.get_value()/>
            </For>
        </div>
    }
}

/// A card the page was rendered with; it comes down when the stream says it was withdrawn
/// (`stream` is `None` on a page without one).
#[component]
pub fn RenderedCard(item: FeedItem, area: String, stream: Option<LiveStream>) -> impl IntoView {
    let id = item.id;
    let card = view! { <UpdateCard item area/> };
    match stream {
        Some(stream) => view! { <div class="rendered-card" hidden=move || !stream.keeps(id)>{card}</div> }.into_any(),
        None => card.into_any(),
    }
}

/// One entry of a live day: what was posted, where, and when, in the poster's time and the
/// viewer's.
#[component]
pub fn TimelineEntry(entry: LiveUpdate) -> impl IntoView {
    let LiveUpdate { item, times, call } = entry;
    let from = match &item.byline {
        Some(name) => format!("{name}, out with {}", item.source_name),
        None => item.source_name.clone(),
    };
    view! {
        <article class=format!("card timeline kind-{}", item.kind.as_str()) aria-labelledby=format!("update-{}", item.id)>
            <p class="timeline-time">
                {times.map(|t| view! {
                    <time datetime=item.published_utc.clone()>{t.there}</time>
                    {t.yours.map(|y| view! { <span class="yours">" · " {y} " your time"</span> })}
                })}
            </p>
            <UpdateBadges kind=item.kind severity=item.severity is_demo=item.is_demo/>
            <h3 id=format!("update-{}", item.id)>
                <a href=format!("/updates/{}", item.id)>{item.title}</a>
            </h3>
            <p class="card-body">{item.body}</p>
            {call.map(|c| view! { <p class="call-outcome">"Outcome: " {c.outcome.label()}</p> })}
            <p class="card-source">{from} " · " {item.area_name}</p>
        </article>
    }
}
