use super::api::list_campaigns;
use super::window::Window;
use super::wire::{CampaignSummary, FollowTheSun};
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/live`: live days (coming, running, recently over) and the way to Q&A sessions.
#[component]
pub fn LivePage() -> impl IntoView {
    let days = Resource::new(|| (), |_| list_campaigns());
    // Read again once the browser has said its zone, for "your time".
    Effect::new(move |_| {
        if crate::browser::time_zone::remember() {
            days.refetch();
        }
    });
    view! {
        <Title text="Live days"/>
        <PageFrame>
            <h1>"Live days"</h1>
            <p class="lede">
                "On a live day police and council teams post what they do as it happens: every call, "
                "across areas and time zones. Follow one to see updates the moment they are posted."
            </p>
            <Suspense fallback=|| view! { <p>"Loading live days…"</p> }>
                {move || Suspend::new(async move {
                    match days.await {
                        Ok(list) if list.days.is_empty() => view! {
                            <p class="empty">"No live days are planned at the moment."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="cards">
                                {list.days.into_iter().map(|d| view! { <DaySummary day=d now_ms=list.now_ms/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>"Ask the police"</h2>
            <p>
                "In a Q&A session officers answer residents' questions in public. "
                <a href="/ask">"See Q&A sessions"</a>
            </p>
        </PageFrame>
    }
}

#[component]
fn DaySummary(day: CampaignSummary, now_ms: i64) -> impl IntoView {
    let phase = Window { starts_at_ms: day.starts_at_ms, ends_at_ms: day.ends_at_ms }.phase(now_ms);
    view! {
        <li class="card">
            <p class="card-meta"><span class=format!("badge phase {}", phase_class(&phase))>{phase.label()}</span></p>
            <h3><a href=format!("/live/{}", day.slug)>{day.name}</a></h3>
            <p class="hashtag">"#" {day.hashtag}</p>
            <p class="card-when">"From " <Moment at=day.starts/> " to " <Moment at=day.ends/></p>
        </li>
    }
}

/// A time where it happens, then the viewer's when it differs.
#[component]
pub fn Moment(at: FollowTheSun) -> impl IntoView {
    view! {
        <span class="moment">
            {at.there}
            {at.yours.map(|y| view! { <span class="yours">" (" {y} " your time)"</span> })}
        </span>
    }
}

/// A class for a phase's badge.
pub fn phase_class(phase: &super::window::Phase) -> &'static str {
    match phase {
        super::window::Phase::Before { .. } => "before",
        super::window::Phase::Live { .. } => "live",
        super::window::Phase::Over { .. } => "over",
    }
}
