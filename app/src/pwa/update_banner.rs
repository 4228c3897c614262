use crate::browser::pwa::{reload_to_update, use_pwa};
use leptos::prelude::*;

/// "A new version of Beat is ready", once its service worker has installed.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let pwa = use_pwa();
    view! {
        <Show when=move || pwa.update_ready.get()>
            <div class="update-banner" role="status" data-testid="update-banner">
                <p>"Update available: a new version of Beat is ready."</p>
                <button class="button primary" type="button" on:click=|_| reload_to_update()>"Reload"</button>
            </div>
        </Show>
    }
}
