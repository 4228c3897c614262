use super::{DeskDone, DeskState};
use crate::qa::api::{AnswerQuestion, ApproveQuestion, DeskQuestion, RejectQuestion};
use crate::shell::form_error::{action_error, FieldError, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A question waiting to be checked: approve it, or reject it with a reason.
#[component]
pub fn PendingQuestion(question: DeskQuestion, state: DeskState) -> impl IntoView {
    let approve = ServerAction::<ApproveQuestion>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = approve.value().get() {
            state.finished(DeskDone::Approved);
        }
    });
    let error = action_error(&approve);
    let id = question.id;
    view! {
        <article class="card qa-desk-question" data-status="pending">
            <p class="qa-question">{question.text}</p>
            <p class="card-source">"Asked " {question.asked_local}</p>
            <ActionForm action=approve attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <button class="button primary" type="submit" disabled=move || approve.pending().get()>"Approve"</button>
            </ActionForm>
            <FormError error/>
            <RejectForm id state/>
        </article>
    }
}

/// An approved question: answer it in public (or still reject it).
#[component]
pub fn ApprovedQuestion(question: DeskQuestion, area: String, state: DeskState) -> impl IntoView {
    let answer = ServerAction::<AnswerQuestion>::new();
    Effect::new(move |_| {
        if let Some(Ok(update_id)) = answer.value().get() {
            state.finished(DeskDone::Answered(update_id));
        }
    });
    let error = action_error(&answer);
    let id = question.id;
    view! {
        <article class="card qa-desk-question" data-status="approved">
            <p class="qa-question">{question.text}</p>
            <p class="card-source">"Asked " {question.asked_local}</p>
            <ActionForm action=answer attr:class="stack-form">
                <input type="hidden" name="id" value=id/>
                <label for=format!("answer-{id}")>{format!("Your answer (published with the question to {area})")}</label>
                <textarea id=format!("answer-{id}") name="answer" rows="5" maxlength="3000" required></textarea>
                <FieldError error field="answer"/>
                <label for=format!("override-{id}")>"Reason to publish a flagged detail as written (audited)"</label>
                <input id=format!("override-{id}") name="override_reason" maxlength="300"/>
                <FieldError error field="override_reason"/>
                <FormError error/>
                <button class="button primary" type="submit" disabled=move || answer.pending().get()>"Publish answer"</button>
            </ActionForm>
            <RejectForm id state/>
        </article>
    }
}

/// Rejecting, folded away; the reason stays with the team.
#[component]
fn RejectForm(id: i64, state: DeskState) -> impl IntoView {
    let reject = ServerAction::<RejectQuestion>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = reject.value().get() {
            state.finished(DeskDone::Rejected);
        }
    });
    let error = action_error(&reject);
    view! {
        <details>
            <summary>"Reject…"</summary>
            <ActionForm action=reject attr:class="stack-form">
                <input type="hidden" name="id" value=id/>
                <label for=format!("reason-{id}")>"Reason (kept for the team; the asker is not told)"</label>
                <input id=format!("reason-{id}") name="reason" maxlength="300" required/>
                <FieldError error field="reason"/>
                <FormError error/>
                <button class="button" type="submit" disabled=move || reject.pending().get()>"Reject question"</button>
            </ActionForm>
        </details>
    }
}
