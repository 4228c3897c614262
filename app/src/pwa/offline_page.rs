use crate::areas::area::EmergencyNumbers;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/offline`: what the installed app shows for a page it has never opened, when the
/// network is gone. Kept by the service worker when it installs.
#[component]
pub fn OfflinePage() -> impl IntoView {
    view! {
        <Title text="Offline"/>
        <PageFrame numbers=EmergencyNumbers::default_uk()>
            <h1>"You are offline"</h1>
            <p class="lede">"This page has not been opened on this device before, so there is no copy to show."</p>
            <p>"Your area's updates, and notes you have started, are kept on this device: "
                <a href="/">"open your area"</a> "."</p>
            <p>"In an emergency, phone calls still work without data: call 999 in the UK, 112 in Sweden, Iceland, the Netherlands and Finland, "
                "111 in New Zealand, 000 in Australia, 911 in Canada."</p>
        </PageFrame>
    }
}
