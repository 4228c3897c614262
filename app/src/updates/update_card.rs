use super::feed::FeedItem;
use super::kind::{Severity, UpdateKind};
use leptos::prelude::*;

/// One update in a feed. `area` is the viewer's area, carried to the detail page.
#[component]
pub fn UpdateCard(item: FeedItem, area: String) -> impl IntoView {
    let href = format!("/updates/{}?area={area}", item.id);
    // "Greater Manchester Police · Greater Manchester Police" says nothing twice.
    let from = match &item.byline {
        // A reporter's chosen name, with the team they went out with.
        Some(name) => format!("{name}, out with {}", item.source_name),
        None => item.source_name.clone(),
    };
    let area_label = if item.area_name == item.source_name { from } else { format!("{from} · {}", item.area_name) };
    view! {
        <article class=format!("card kind-{}", item.kind.as_str()) aria-labelledby=format!("update-{}", item.id)>
            <UpdateBadges kind=item.kind severity=item.severity is_demo=item.is_demo/>
            // Text people wrote can be in any script: each block finds its own direction.
            <h3 id=format!("update-{}", item.id) dir="auto">
                // Back from the update returns here (see browser::scroll_memory).
                <a href=href on:click=|_| crate::browser::scroll_memory::remember_here()>{item.title}</a>
            </h3>
            {item.event_local.map(|when| view! { <p class="card-when">"When: " {when}</p> })}
            <p class="card-body" dir="auto">{item.body}</p>
            <p class="card-source">
                {area_label} " · "
                <time datetime=item.published_utc>{item.published_local}</time>
            </p>
        </article>
    }
}

/// Kind, severity (unless plain info) and the demo mark.
#[component]
pub fn UpdateBadges(kind: UpdateKind, severity: Severity, is_demo: bool) -> impl IntoView {
    view! {
        <p class="card-meta">
            <span class="badge kind">{kind.label()}</span>
            {(severity != Severity::Info)
                .then(|| view! { <span class=format!("badge severity-{}", severity.as_str())>{severity.label()}</span> })}
            {is_demo.then(|| view! { <span class="badge demo" title="Fictional sample data">"Demo"</span> })}
        </p>
    }
}
