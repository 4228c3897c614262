//! "Subscribe": an area's feeds, linked in the page head for feed readers' autodiscovery and
//! listed visibly for people.

use leptos::prelude::*;
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
#[component]
pub fn Subscribe(code: String, area_name: String) -> impl IntoView {
    let href = |file: &str| format!("/area/{code}/{file}");
    let head = DOCUMENTS[..3]
        .iter()
        .map(|(file, label, media)| {
            view! { <Link rel="alternate" type_=*media href=href(file) title=format!("{area_name} updates ({label})")/> }
        })
        .collect_view();
    let list = DOCUMENTS
        .iter()
        .map(|(file, label, media)| view! { <li><a href=href(file) type=*media>{*label}</a></li> })
        .collect_view();
    view! {
        {head}
        <details class="subscribe">
            <summary>"Subscribe to these updates"</summary>
            <p>"Follow " {area_name.clone()} " in a feed reader or calendar app: copy a link below into it."</p>
            <ul>{list}</ul>
        </details>
    }
}
