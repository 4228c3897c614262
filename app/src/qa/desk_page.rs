//! The officers' Q&A desk: schedule sessions, check the questions, answer them in public.

mod question_cards;
mod schedule_form;

use super::api::{get_qa_desk, DeskSession, ScheduleQaSession, SessionPhase};
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use question_cards::{ApprovedQuestion, PendingQuestion};
use schedule_form::ScheduleForm;

/// What the desk last did, for the one notice at the top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskDone {
    /// A session was scheduled; its id.
    Scheduled(i64),
    Approved,
    Rejected,
    /// An answer was published; the update's id.
    Answered(i64),
}

/// The last thing done on the desk (for the notice) and a count of changes (to reload the
/// lists). Copied into each form.
#[derive(Clone, Copy)]
pub struct DeskState {
    done: RwSignal<Option<DeskDone>>,
    changes: RwSignal<u32>,
}

impl DeskState {
    /// Says what was done and reloads the lists.
    pub fn finished(self, done: DeskDone) {
        self.done.set(Some(done));
        self.changes.update(|n| *n += 1);
    }
}

/// `/publish/ask`: for officers and council staff who publish.
#[component]
pub fn QaDeskPage() -> impl IntoView {
    let schedule = ServerAction::<ScheduleQaSession>::new();
    let state = DeskState { done: RwSignal::new(None), changes: RwSignal::new(0) };
    Effect::new(move |_| {
        if let Some(Ok(id)) = schedule.value().get() {
            state.finished(DeskDone::Scheduled(id));
        }
    });
    // Set once hydrated, so a test (or a script) knows the forms are live.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    // Only successes reload: after an error the forms keep what was typed.
    let desk = Resource::new(move || state.changes.get(), |_| get_qa_desk());
    let notice = move || {
        state.done.get().map(|d| {
            let (text, link) = match d {
                DeskDone::Scheduled(id) => ("Scheduled. ", Some((format!("/ask/{id}"), "Open the session page"))),
                DeskDone::Approved => ("Approved. It is now in the list to answer.", None),
                DeskDone::Rejected => ("Rejected. It will not be published.", None),
                DeskDone::Answered(id) => ("Answer published. ", Some((format!("/updates/{id}"), "See it in the feed"))),
            };
            view! { <p class="success" role="status">{text} {link.map(|(href, label)| view! { <a href=href>{label}</a> })}</p> }
        })
    };
    view! {
        <Title text="Q&A sessions desk"/>
        <PageFrame>
            <h1>"Q&A sessions"</h1>
            {notice}
            <div class="qa-desk" data-ready=move || ready.get().then_some("true")>
                <Transition fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match desk.await {
                            Ok(d) => view! {
                                <p class="lede">
                                    "For " {d.source_name} ". Residents ask without an account while a session is open; "
                                    "nothing they ask is public until you answer it."
                                </p>
                                <h2>"Schedule a session"</h2>
                                <ScheduleForm action=schedule areas=d.areas default_start=d.default_start/>
                                <h2>"Your sessions"</h2>
                                {d.sessions.is_empty().then(|| view! { <p class="empty">"No sessions this week."</p> })}
                                {d.sessions.into_iter().map(|s| view! { <DeskSessionView session=s state/> }).collect_view()}
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </PageFrame>
    }
}

#[component]
fn DeskSessionView(session: DeskSession, state: DeskState) -> impl IntoView {
    let DeskSession { summary: s, pending, approved, answered } = session;
    let heading = format!("qa-desk-session-{}", s.id);
    let labelled_by = heading.clone();
    let area = s.area_name.clone();
    view! {
        <section class="qa-desk-session" aria-labelledby=labelled_by>
            <h3 id=heading><a href=format!("/ask/{}", s.id)>{s.title}</a></h3>
            <p class="card-meta">
                <span class="badge kind">{s.phase.label()}</span>
                {s.is_demo.then(|| view! { <span class="badge demo">"Demo"</span> })}
            </p>
            <p class="card-when">{s.when_local} " · " {s.area_name}</p>
            {(s.phase != SessionPhase::Closed).then(|| view! { <p class="qa-status">{s.status_line}</p> })}
            <h4>"Waiting for you to check"</h4>
            {pending.is_empty().then(|| view! { <p class="empty">"None."</p> })}
            <ul class="cards">
                {pending.into_iter().map(|question| view! { <li><PendingQuestion question state/></li> }).collect_view()}
            </ul>
            <h4>"Approved, to answer"</h4>
            {approved.is_empty().then(|| view! { <p class="empty">"None."</p> })}
            <ul class="cards">
                {approved.into_iter().map(|question| view! {
                    <li><ApprovedQuestion question area=area.clone() state/></li>
                }).collect_view()}
            </ul>
            <p>{format!("Answered: {answered}.")}</p>
        </section>
    }
}
