use super::install_button::InstallCard;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/install`: how to put Beat on the home screen, browser by browser. Readable without
/// JavaScript; with it, the browser's own prompt is one tap away.
#[component]
pub fn InstallPage() -> impl IntoView {
    view! {
        <Title text="Install Beat"/>
        <PageFrame>
            <h1>"Install Beat on your phone"</h1>
            <p class="lede">"Beat is a web app: installing it takes a few seconds, needs no app store and no account. "
                "It opens from your home screen, keeps your area's last updates for when the signal drops, "
                "and can alert you when your area gets a warning."</p>
            <InstallCard/>
            <h2>"iPhone and iPad (Safari)"</h2>
            <ol>
                <li>"Open Beat in Safari."</li>
                <li>"Tap " <strong>"Share"</strong> " (the square with an arrow pointing up)."</li>
                <li>"Scroll down and tap " <strong>"Add to Home Screen"</strong> ", then " <strong>"Add"</strong> "."</li>
            </ol>
            <p class="hint">"Alerts on iPhone and iPad need iOS 16.4 or later, and work only once Beat is on the home screen."</p>
            <h2>"Android (Chrome, Edge, Samsung Internet)"</h2>
            <ol>
                <li>"Tap " <strong>"Install Beat"</strong> " when it appears, or open the browser menu (⋮)."</li>
                <li>"Choose " <strong>"Install app"</strong> " or " <strong>"Add to Home screen"</strong> "."</li>
            </ol>
            <h2>"Computer (Chrome or Edge)"</h2>
            <p>"Click the install icon at the right of the address bar, or choose " <strong>"Install Beat"</strong> " from the menu."</p>
        </PageFrame>
    }
}
