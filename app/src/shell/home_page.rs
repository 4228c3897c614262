use super::page_frame::PageFrame;
use crate::areas::area::EmergencyNumbers;
use crate::areas::area_search::AreaSearch;
use crate::areas::locate_button::LocateButton;
use crate::browser::remembered_area::remembered_area;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The start: find my area from my location, or by name. A returning resident goes
/// straight to the area remembered on this device (unless they asked to pick again).
#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if query.with_untracked(|q| q.get("pick").is_none()) {
            if let Some(code) = remembered_area() {
                navigate(&format!("/area/{code}"), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    view! {
        <Title text="Police and council updates near you"/>
        <PageFrame numbers=EmergencyNumbers::default_uk()>
            <section class="hero">
                <h1>"What's happening where you live"</h1>
                <p class="lede">
                    "Updates from your neighbourhood police team and your council: appeals, closures, "
                    "meetings, and what officers are doing in your area."
                </p>
                <LocateButton/>
            </section>
            <section class="pick" aria-labelledby="pick-heading">
                <h2 id="pick-heading">"Or pick your area"</h2>
                <AreaSearch initial=String::new()/>
                <p><a href="/areas">"Browse all councils and wards"</a></p>
            </section>
        </PageFrame>
    }
}
