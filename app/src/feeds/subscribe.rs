//! "Subscribe": an area's feeds, linked in the page head for feed readers' autodiscovery and
//! listed visibly for people.

use crate::browser::page_address;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Link;

/// Every document an area is published as: (file after `/area/{code}/`, label, media type).
pub const DOCUMENTS: [(&str, &str, &str); 5] = [
    ("feed.atom", "Atom", "application/atom+xml"),
    ("feed.rss", "RSS", "application/rss+xml"),
    ("feed.json", "JSON Feed", "application/feed+json"),
    ("events.ics", "Events calendar", "text/calendar"),
    ("alerts.atom", "Warnings (CAP)", "application/atom+xml"),
];

/// The head links (the three feeds; autodiscovery is for feeds) and a visible list of all.
///
/// The links are documents, not pages of the app: `rel="external"` keeps the in-app router
/// from taking them over, so a tap opens the feed itself. With JavaScript, each has a Copy
/// button, and the calendar a `webcal:` link that calendar apps subscribe to.
#[component]
pub fn Subscribe(code: String, area_name: String) -> impl IntoView {
    let href = |file: &str| format!("/area/{code}/{file}");
    let head = DOCUMENTS[..3]
        .iter()
        .map(|(file, label, media)| {
            view! { <Link rel="alternate" type_=*media href=href(file) title=format!("{area_name} updates ({label})")/> }
        })
        .collect_view();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let copied = RwSignal::new(None::<&'static str>);
    let list = DOCUMENTS
        .iter()
        .map(|(file, label, media)| {
            let path = href(file);
            let copy = {
                let path = path.clone();
                move |_| {
                    let address = format!("{}{path}", page_address::origin().unwrap_or_default());
                    spawn_local(async move {
                        copied.set(Some(if page_address::copy(address).await { *label } else { "" }));
                    });
                }
            };
            let webcal = (*file == "events.ics").then(|| {
                let path = path.clone();
                move || {
                    page_address::host().filter(|_| hydrated.get()).map(|host| {
                        view! { <a href=format!("webcal://{host}{path}") rel="external">"Add to calendar app"</a> }
                    })
                }
            });
            view! {
                <li>
                    <a href=path.clone() type=*media rel="external">{*label}</a>
                    {webcal}
                    <Show when=move || hydrated.get()>
                        " "
                        <button class="button small copy" type="button" on:click=copy.clone()
                            aria-label=format!("Copy the {label} address")>"Copy"</button>
                    </Show>
                </li>
            }
        })
        .collect_view();
    view! {
        {head}
        <details class="subscribe">
            <summary>"Subscribe to these updates"</summary>
            <p>"Follow " {area_name.clone()} " in a feed reader or calendar app: copy a link below into it."</p>
            <ul>{list}</ul>
            <p class="copy-status" role="status" aria-live="polite">{move || copied.get().map(|label| {
                if label.is_empty() {
                    "Your browser would not copy; press and hold the link to copy it instead.".to_string()
                } else {
                    format!("Copied the {label} address.")
                }
            })}</p>
        </details>
    }
}
