use crate::browser::pwa::use_pwa;
use leptos::prelude::*;

/// Shown while the device is offline. `as_of` is when the page's content was fetched
/// (in the area's time), for pages worth reading from the device's copy.
#[component]
pub fn OfflineNotice(as_of: Option<String>) -> impl IntoView {
    let pwa = use_pwa();
    view! {
        <Show when=move || !pwa.online.get()>
            <p class="offline-notice" role="status" data-testid="offline-notice">
                <strong>"Offline"</strong>
                {as_of.clone().map(|t| view! { ", last updated " <time>{t}</time> ". Newer updates will show when you are back online." })}
                {as_of.is_none().then_some(". Pages you have opened before still work; sending needs a connection.")}
            </p>
        </Show>
    }
}
