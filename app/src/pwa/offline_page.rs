use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/offline`: what the installed app shows for a page it has never opened, when the
/// network is gone. Kept by the service worker when it installs.
///
/// The worker sends any page it has no copy of here, as `/offline?from=PATH`: once the
/// connection is back, this goes on to that page ("Try again" does it by hand).
#[component]
pub fn OfflinePage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    // Only a path on this site: never somewhere else, whatever the link said.
    let from = query.with_untracked(|q| q.get("from")).and_then(|p| crate::redirect::local_path(&p));
    let again = from.clone();
    // The worker serves its one copy of this page (saved without `from`) for every address:
    // what depends on `from` appears after hydration, so the saved HTML always matches.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        // Goes on by itself once the server answers again (asked, not taken from the
        // browser's online flag, which can say "online" with no working connection).
        if let Some(path) = again.clone() {
            leptos::task::spawn_local(async move {
                crate::browser::page_address::until_reachable(&path).await;
                crate::browser::page_address::open_page(&path);
            });
        }
    });
    view! {
        <Title text="Offline"/>
        <PageFrame>
            <h1>"You are offline"</h1>
            <p class="lede">"This page has not been opened on this device before, so there is no copy to show."</p>
            {move || from.clone().filter(|_| hydrated.get()).map(|path| view! {
                <p><a class="button" href=path rel="external">"Try again"</a>
                    " (it opens by itself once you are back online)"</p>
            })}
            <p>"Your area's updates, and notes you have started, are kept on this device: "
                <a href="/">"open your area"</a> "."</p>
            <p>"In an emergency, phone calls still work without data: call 999 in the UK, 112 in Sweden, Iceland, the Netherlands and Finland, "
                "111 in New Zealand, 000 in Australia, 911 in Canada."</p>
        </PageFrame>
    }
}
