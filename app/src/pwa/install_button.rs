use crate::browser::pwa::{prompt_install, use_pwa};
use leptos::prelude::*;

/// "Add Beat to your home screen": the browser's prompt where it offers one, the steps
/// on iOS Safari (which has none), nothing once installed.
#[component]
pub fn InstallCard() -> impl IntoView {
    let pwa = use_pwa();
    view! {
        <Show when=move || pwa.can_prompt.get() && !pwa.standalone.get()>
            <aside class="install-card" aria-label="Install Beat" data-testid="install-card">
                <p>"Add Beat to your home screen: it opens like an app, works offline and can alert you about your area."</p>
                <button class="button primary" type="button" on:click=move |_| prompt_install(pwa)>"Install Beat"</button>
            </aside>
        </Show>
        <Show when=move || pwa.ios.get()>
            <aside class="install-card" aria-label="Install Beat" data-testid="install-ios">
                <p>"Add Beat to your home screen: tap " <strong>"Share"</strong> " "
                    <span aria-hidden="true">"(the square with an arrow)"</span>
                    ", then " <strong>"Add to Home Screen"</strong>
                    ". On iPhone, alerts for your area work only from the home screen."</p>
            </aside>
        </Show>
    }
}
