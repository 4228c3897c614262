//! Q&A pages for residents: the list of sessions and one session, where they ask while it
//! is open and read the answers. Both read in full without JavaScript.

mod answer_list;
mod ask_form;
mod session_list;

use super::api::{get_qa_session, get_qa_sessions, AskQuestion, QaSession, SessionPhase};
use crate::shell::error_page::{ErrorNotice, ErrorPage};
use crate::shell::page_frame::PageFrame;
use answer_list::AnswerList;
use ask_form::AskForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use session_list::SessionList;

/// `/ask`: sessions open now, coming up, and recently closed.
#[component]
pub fn QaIndexPage() -> impl IntoView {
    let index = Resource::new(|| (), |_| get_qa_sessions());
    view! {
        <Title text="Q&A sessions"/>
        <PageFrame>
            <h1>"Q&A sessions"</h1>
            <p class="lede">
                "Ask your neighbourhood police team or council during a live session (#askGMP). "
                "No account needed; answers are published on the session's page and in the area's updates."
            </p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match index.await {
                        Ok(index) => view! {
                            <SessionList id="qa-open" heading="Open now" sessions=index.open
                                empty="No session is open right now."/>
                            <SessionList id="qa-upcoming" heading="Coming up" sessions=index.upcoming
                                empty="Nothing scheduled yet."/>
                            <SessionList id="qa-recent" heading="Recent sessions" sessions=index.recent
                                empty="No sessions in the last two weeks."/>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}

/// `/ask/:id`: one session: when it is, whether it takes questions, the form while it
/// does, and the answers.
#[component]
pub fn QaSessionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let ask = ServerAction::<AskQuestion>::new();
    let session = Resource::new(move || params.with(|p| p.get("id")), get_qa_session);
    // A plain form post (no JavaScript) that was taken comes back here with `?asked=ID`.
    let asked = Signal::derive(move || query.with(|q| q.get("asked")).is_some());
    view! {
        <Suspense fallback=|| view! { <PageFrame><p>"Loading…"</p></PageFrame> }>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(session) => view! { <SessionView session ask asked/> }.into_any(),
                    Err(error) => view! {
                        <ErrorPage title="Q&A session not found" heading="We couldn't show this session" error
                            next_href="/ask" next_text="All Q&A sessions"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SessionView(session: QaSession, ask: ServerAction<AskQuestion>, asked: Signal<bool>) -> impl IntoView {
    let QaSession { summary: s, numbers, answered, waiting } = session;
    let waiting = match waiting {
        0 => None,
        1 => Some("1 question is waiting for the team.".to_string()),
        n => Some(format!("{n} questions are waiting for the team.")),
    };
    view! {
        <Title text=s.title.clone()/>
        <PageFrame numbers>
            <p><a href="/ask">"← All Q&A sessions"</a></p>
            <article class="qa-session" aria-labelledby="qa-title">
                <p class="card-meta">
                    <span class="badge kind">{s.phase.label()}</span>
                    {s.is_demo.then(|| view! { <span class="badge demo" title="Fictional sample data">"Demo"</span> })}
                </p>
                <h1 id="qa-title">{s.title}</h1>
                <p class="card-source">
                    {s.team_name} " · " <a href=format!("/area/{}", s.area_code)>{s.area_name}</a>
                </p>
                <p class="card-when">{s.when_local}</p>
                <p class=format!("qa-status qa-{}", s.phase.as_str())>{s.status_line}</p>
                {(s.phase == SessionPhase::Open).then(|| view! { <AskForm session_id=s.id ask asked/> })}
                <section class="qa-answers" aria-labelledby="qa-answers-heading">
                    <h2 id="qa-answers-heading">"Answers"</h2>
                    {waiting.map(|w| view! { <p class="qa-waiting">{w}</p> })}
                    <AnswerList answered/>
                </section>
            </article>
        </PageFrame>
    }
}
