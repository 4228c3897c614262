use super::page_frame::PageFrame;
use crate::areas::area_search::AreaSearch;
use crate::areas::locate_button::LocateButton;
use crate::browser::page_address::open_page;
use crate::browser::remembered_area::remembered_area;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The start: find my area from my location, or by name. A returning resident goes
/// straight to the area remembered on this device (unless they asked to pick again), as a
/// full page load: the installed app opened offline then shows the service worker's last
/// copy of that area, where an in-app navigation would need the network.
#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    Effect::new(move |_| {
        if query.with_untracked(|q| q.get("pick").is_none()) {
            if let Some(code) = remembered_area() {
                open_page(&format!("/area/{code}"));
            }
        }
    });
    view! {
        <Title text="Police and council updates near you"/>
        <PageFrame>
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
