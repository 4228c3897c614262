use crate::qa::api::{SessionPhase, SessionSummary};
use leptos::prelude::*;

/// A titled list of sessions, each a card linking to its page; `empty` when there are none.
#[component]
pub fn SessionList(
    id: &'static str,
    heading: &'static str,
    sessions: Vec<SessionSummary>,
    empty: &'static str,
) -> impl IntoView {
    let none = sessions.is_empty();
    view! {
        <section class="qa-sessions" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {none.then(|| view! { <p class="empty">{empty}</p> })}
            <ul class="cards">
                {sessions.into_iter().map(|s| view! {
                    <li class=format!("card qa-session-card qa-{}", s.phase.as_str())>
                        <p class="card-meta">
                            <span class="badge kind">{s.phase.label()}</span>
                            {s.is_demo.then(|| view! { <span class="badge demo" title="Fictional sample data">"Demo"</span> })}
                        </p>
                        <h3><a href=format!("/ask/{}", s.id)>{s.title}</a></h3>
                        <p class="card-when">{s.when_local}</p>
                        // A closed session's notice ("answers stay below") is for its own page.
                        {(s.phase != SessionPhase::Closed).then(|| view! { <p class="qa-status">{s.status_line}</p> })}
                        <p class="card-source">{s.team_name} " · " {s.area_name}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
