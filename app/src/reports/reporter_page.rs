use super::api::get_reporter_home;
use super::note::NoteStatus;
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/reporter`: a community reporter's ride-alongs and notes.
#[component]
pub fn ReporterPage() -> impl IntoView {
    let home = Resource::new(|| (), |_| get_reporter_home());
    view! {
        <Title text="Your ride-alongs"/>
        <PageFrame>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match home.await {
                        Ok(h) => view! {
                            <h1>"Hello, " {h.display_name}</h1>
                            <p class="lede">"Write what you saw, what you made of it and how it felt. A moderator checks every note before anyone sees it, and removes anything that could identify a person or a place smaller than the area."</p>
                            <h2>"Ride-alongs"</h2>
                            {if h.ride_alongs.is_empty() {
                                view! { <p class="empty">"No ride-alongs yet. The officer who arranges your patrol adds it here."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards">
                                        {h.ride_alongs.into_iter().map(|r| view! {
                                            <li class="card">
                                                <h3>{r.team_name}</h3>
                                                <p>{r.area_name} " · " {r.shift_local}</p>
                                                {if r.writable {
                                                    view! { <a class="button primary" href=format!("/reporter/notes/new?ride={}", r.id)>"Write a note"</a> }.into_any()
                                                } else {
                                                    view! { <p class="hint">"Notes open when the shift starts and close a week after it."</p> }.into_any()
                                                }}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <h2>"Your notes"</h2>
                            {if h.notes.is_empty() {
                                view! { <p class="empty">"No notes yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards notes">
                                        {h.notes.into_iter().map(|n| view! {
                                            <li class=format!("card note-{}", n.status.as_str())>
                                                <p class="card-meta"><span class="badge">{match &n.scheduled_local {
                                                    Some(when) => format!("Scheduled for {when}"),
                                                    None => n.status.label().to_string(),
                                                }}</span></p>
                                                <h3><a href=format!("/reporter/notes/{}", n.id)>{n.title}</a></h3>
                                                <p class="card-source">{n.team_name} " · " {n.area_name} " · " {n.updated_local}</p>
                                                {n.reject_reason.map(|r| view! { <p class="notice">"Moderator: " {r}</p> })}
                                                {n.update_id.filter(|_| n.status == NoteStatus::Approved && n.scheduled_local.is_none()).map(|id| view! {
                                                    <p><a href=format!("/updates/{id}")>"See it published"</a></p>
                                                })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }
                        .into_any(),
                        Err(error) => view! { <h1>"Your ride-alongs"</h1><ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
