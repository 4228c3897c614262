use super::api::get_campaign;
use super::call_log::{CallCategory, Counters};
use super::live_feed::{LiveStatus, TimelineEntry};
use super::live_page::{phase_class, Moment};
use super::window::{Phase, Window};
use super::wire::{campaign_stream_url, CampaignCounters, CampaignView};
use crate::live::live_stream::use_live_stream;
use crate::shell::error_page::ErrorPage;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/live/:slug`: a live day. Read in full on the server; once the app runs, new updates
/// and counters arrive without a reload and the state moves from "starts in" to "live" to
/// "ended" on time.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug"));
    let campaign = Resource::new(slug, get_campaign);
    // Read again once the browser has said its zone, for "your time".
    Effect::new(move |_| {
        if crate::browser::time_zone::remember() {
            campaign.refetch();
        }
    });
    view! {
        <Suspense fallback=|| view! { <PageFrame><p>"Loading the live day…"</p></PageFrame> }>
            {move || Suspend::new(async move {
                match campaign.await {
                    Ok(view) => view! { <CampaignView view/> }.into_any(),
                    Err(error) => view! {
                        <ErrorPage title="Live day not found" heading="We couldn't show this live day" error
                            next_href="/live" next_text="See live days"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CampaignView(view: CampaignView) -> impl IntoView {
    let CampaignView {
        slug,
        name,
        hashtag,
        zone,
        starts_at_ms,
        ends_at_ms,
        starts,
        ends,
        viewer_zone,
        areas,
        sources,
        counters,
        timeline,
        after,
        now_ms,
        numbers,
    } = view;
    let window = Window { starts_at_ms, ends_at_ms };
    let now = RwSignal::new(now_ms);
    // The state changes on time without a reload.
    Effect::new(move |_| {
        let tick = move || {
            // The browser's clock (chrono's needs a feature the bundle does not carry).
            #[cfg(feature = "hydrate")]
            now.set(js_sys::Date::now() as i64);
        };
        tick();
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(15)) {
            on_cleanup(move || handle.clear());
        }
    });
    let phase = Memo::new(move |_| window.phase(now.get()));
    let over_when_read = matches!(window.phase(now_ms), Phase::Over { .. });
    // Nothing more can arrive once the day is over.
    let stream = use_live_stream((!over_when_read).then(|| campaign_stream_url(&slug, after)));
    let initial = StoredValue::new(counters);
    let counters = Signal::derive(move || stream.counters.get().unwrap_or_else(|| initial.get_value()));
    let empty = timeline.is_empty();
    let taking_part = if sources.is_empty() {
        "Every police and council account in these areas.".to_string()
    } else {
        sources.join(", ")
    };
    view! {
        <Title text=format!("{name} (live day)")/>
        <PageFrame numbers>
            <div class="area-heading">
                <p class="eyebrow">"Live day"</p>
                <h1>{name.clone()}</h1>
                <p class="hashtag">"#" {hashtag}</p>
            </div>
            <p class=move || format!("phase-banner {}", phase_class(&phase.get())) role="status">{move || phase.get().label()}</p>
            <p class="card-when">"From " <Moment at=starts/> " to " <Moment at=ends/></p>
            <p class="zone-note">
                "Times are shown where each post was made"
                {match viewer_zone {
                    Some(z) if z != zone => format!(", and in your time ({z})."),
                    _ => ".".to_string(),
                }}
            </p>
            <details class="taking-part">
                <summary>"Taking part"</summary>
                <p>"Areas: " {areas.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")}</p>
                <p>"Accounts: " {taking_part}</p>
            </details>
            <CountersView counters/>
            <h2>"Timeline"</h2>
            {(!over_when_read).then(|| view! { <LiveStatus stream/> })}
            <section class="feed" aria-label="Timeline">
                <div class="live-updates" aria-live="polite">
                    <For each=move || stream.updates.get() key=|u| u.item.id let:entry>
                        <TimelineEntry entry/>
                    </For>
                </div>
                {timeline.into_iter().map(|entry| {
                    let id = entry.item.id;
                    view! { <div class="rendered-card" hidden=move || !stream.keeps(id)><TimelineEntry entry/></div> }
                }).collect_view()}
                {move || (empty && stream.updates.with(Vec::is_empty)).then(|| view! {
                    <p class="empty">{match phase.get() {
                        Phase::Before { .. } => "Updates appear here from the start.",
                        Phase::Live { .. } => "Nothing posted yet. Updates appear here as they are posted.",
                        Phase::Over { .. } => "Nothing was posted on this live day.",
                    }}</p>
                })}
            </section>
        </PageFrame>
    }
}

/// The day's counters: overall, then for each area.
#[component]
fn CountersView(counters: Signal<CampaignCounters>) -> impl IntoView {
    view! {
        <section class="counters" aria-labelledby="counters-heading">
            <h2 id="counters-heading">"So far"</h2>
            {move || {
                let c = counters.get();
                view! {
                    <Totals counters=c.overall.clone()/>
                    <CallsByCategory counters=c.overall.clone()/>
                    {(c.areas.len() > 1).then(|| view! {
                        <div class="table-scroll">
                        <table class="area-counters">
                            <caption>"By area"</caption>
                            <thead><tr><th scope="col">"Area"</th><th scope="col">"Calls"</th><th scope="col">"Arrests"</th><th scope="col">"Posts"</th><th scope="col">"Reporters"</th></tr></thead>
                            <tbody>
                                {c.areas.into_iter().map(|a| view! {
                                    <tr>
                                        <th scope="row">{a.name}</th>
                                        <td>{a.counters.total_calls()}</td>
                                        <td>{a.counters.arrests}</td>
                                        <td>{a.counters.updates_published}</td>
                                        <td>{a.counters.reporters_out}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    })}
                }
            }}
        </section>
    }
}

#[component]
fn Totals(counters: Counters) -> impl IntoView {
    view! {
        <dl class="totals">
            <div><dt>"Calls logged"</dt><dd data-counter="calls">{counters.total_calls()}</dd></div>
            <div><dt>"Arrests"</dt><dd data-counter="arrests">{counters.arrests}</dd></div>
            <div><dt>"Updates"</dt><dd data-counter="updates">{counters.updates_published}</dd></div>
            <div><dt>"Reporters out"</dt><dd data-counter="reporters">{counters.reporters_out}</dd></div>
        </dl>
    }
}

#[component]
fn CallsByCategory(counters: Counters) -> impl IntoView {
    let rows: Vec<(CallCategory, u32)> = counters.calls.into_iter().collect();
    (!rows.is_empty()).then(|| {
        view! {
            <ul class="by-category" aria-label="Calls by category">
                {rows.into_iter().map(|(c, n)| view! { <li><span>{c.label()}</span> " " <strong>{n}</strong></li> }).collect_view()}
            </ul>
        }
    })
}
