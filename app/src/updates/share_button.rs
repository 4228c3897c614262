use crate::browser::page_address::{share, Shared};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// "Share": the phone's share sheet for an update's address, or a copy of it. Shown once the
/// app runs (it needs the browser); without JavaScript the address bar does the job.
#[component]
pub fn ShareButton(title: String, path: String) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let outcome = RwSignal::new(None::<Shared>);
    let (title, path) = (StoredValue::new(title), StoredValue::new(path));
    let click = move |_| {
        spawn_local(async move { outcome.set(Some(share(title.get_value(), path.get_value()).await)) });
    };
    view! {
        <Show when=move || hydrated.get()>
            <p class="share">
                <button class="button" type="button" on:click=click>"Share"</button>
                <span role="status" aria-live="polite">{move || match outcome.get() {
                    Some(Shared::Copied) => " Link copied.",
                    Some(Shared::Failed) => " Your browser would not share or copy; copy the address bar instead.",
                    Some(Shared::Sheet) | None => "",
                }}</span>
            </p>
        </Show>
    }
}
