use super::api::get_note;
use super::note_editor::NoteEditor;
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/reporter/notes/new?ride=N` (a new note) and `/reporter/notes/:id` (a saved one).
#[component]
pub fn NotePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        let id = params.with(|p| p.get("id")).filter(|id| id != "new");
        (id, query.with(|q| q.get("ride")))
    };
    let note = Resource::new(args, |(id, ride)| get_note(id, ride));
    view! {
        <Title text="Your note"/>
        <PageFrame>
            <p><a href="/reporter">"← Your ride-alongs"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match note.await {
                        Ok(detail) => view! { <NoteEditor detail/> }.into_any(),
                        Err(error) => view! { <h1>"Your note"</h1><ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
