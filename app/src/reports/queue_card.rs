use super::api::{ApproveNote, Approved, QueueItem, RejectNote};
use crate::privacy::segments::Segment;
use crate::shell::form_error::{action_error, FieldError, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The last decision taken on the moderation page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    /// Approved: the update, public now or at a later time.
    Approved(Approved),
    Rejected,
}

/// Text with the privacy guard's findings marked.
#[component]
pub fn Highlighted(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|s| match s.flag {
            Some(kind) => view! { <mark class="pii" title=kind.label()>{s.text}<span class="visually-hidden">{format!(" ({})", kind.label())}</span></mark> }.into_any(),
            None => s.text.into_any(),
        })
        .collect_view()
}

/// One note in the queue: the text as written with flags highlighted, the proposed
/// redaction to edit, approve (now or after a delay) or reject with a reason.
///
/// The fields take their text as properties (`prop:value`), not as initial content: a card
/// must never keep showing what an earlier note put in the same place on the page. The list
/// is keyed by note (see `ModerationPage`), and the hidden `proposal` lets the server refuse
/// an approval from a card that showed another note.
#[component]
pub fn QueueCard(item: QueueItem, decided: RwSignal<Option<Decided>>) -> impl IntoView {
    let approve = ServerAction::<ApproveNote>::new();
    let reject = ServerAction::<RejectNote>::new();
    Effect::new(move |_| {
        if let Some(Ok(approved)) = approve.value().get() {
            decided.set(Some(Decided::Approved(approved)));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = reject.value().get() {
            decided.set(Some(Decided::Rejected));
        }
    });
    let approve_error = action_error(&approve);
    let reject_error = action_error(&reject);
    let id = item.id;
    // Each field is given its note's text as a property: see above.
    let (title, body, proposal) = (item.proposed_title.clone(), item.proposed_body.clone(), item.proposal.clone());
    let byline = item.proposed_byline.clone();
    view! {
        <article class="card queue-item" aria-labelledby=format!("note-{}", item.id)>
            <p class="card-meta">
                <span class="badge kind">"Community reporter"</span>
                {(!item.found.is_empty()).then(|| view! { <span class="badge severity-warning">{format!("Found: {}", item.found.join(", "))}</span> })}
            </p>
            <h3 id=format!("note-{}", item.id)><Highlighted segments=item.title/></h3>
            <p class="card-source"><Highlighted segments=item.byline.clone()/> " with " {item.team_name} " · " {item.area_name} " · " {item.submitted_local}</p>
            {item.first_note.then(|| view! {
                <p class="hint" data-testid="first-note">"This reporter's first note: check the name below before it is published beside it."</p>
            })}
            <dl class="note-text">
                {item.answers.into_iter().filter(|(_, s)| !s.is_empty()).map(|(label, segments)| view! {
                    <dt>{label}</dt><dd><Highlighted segments/></dd>
                }).collect_view()}
            </dl>
            <details open>
                <summary>"Approve"</summary>
                <ActionForm action=approve attr:class="stack-form">
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="proposal" value=item.proposal prop:value=proposal/>
                    <label for=format!("title-{id}")>"Headline to publish"</label>
                    <input id=format!("title-{id}") name="title" value=item.proposed_title prop:value=title maxlength="100"/>
                    <FieldError error=approve_error field="title"/>
                    <label for=format!("body-{id}")>"Text to publish (flagged details already replaced)"</label>
                    <textarea id=format!("body-{id}") name="body" rows="8" maxlength="6000" prop:value=body>{item.proposed_body}</textarea>
                    <FieldError error=approve_error field="body"/>
                    <label for=format!("byline-{id}")>"Reporter's name as published (a first name or initials; it changes for their later notes too)"</label>
                    <input id=format!("byline-{id}") name="byline" value=item.proposed_byline prop:value=byline maxlength="60"/>
                    <FieldError error=approve_error field="byline"/>
                    <label for=format!("delay-{id}")>"Publish"</label>
                    <select id=format!("delay-{id}") name="delay_minutes">
                        <option value="0">"Now"</option>
                        <option value="30">"In 30 minutes"</option>
                        <option value="60">"In 1 hour"</option>
                        <option value="120">"In 2 hours"</option>
                        <option value="480">"In 8 hours"</option>
                    </select>
                    <FieldError error=approve_error field="delay_minutes"/>
                    <label for=format!("override-{id}")>"Reason to publish a flagged detail as written (rarely needed)"</label>
                    <input id=format!("override-{id}") name="override_reason" maxlength="300"/>
                    <FieldError error=approve_error field="override_reason"/>
                    <FormError error=approve_error/>
                    <button class="button primary" type="submit" disabled=move || approve.pending().get()>"Approve and publish"</button>
                </ActionForm>
            </details>
            <details>
                <summary>"Reject"</summary>
                <ActionForm action=reject attr:class="stack-form">
                    <input type="hidden" name="id" value=id/>
                    <label for=format!("reason-{id}")>"Reason (the reporter sees this)"</label>
                    <textarea id=format!("reason-{id}") name="reason" rows="3" maxlength="500" required></textarea>
                    <FieldError error=reject_error field="reason"/>
                    <FormError error=reject_error/>
                    <button class="button" type="submit" disabled=move || reject.pending().get()>"Reject"</button>
                </ActionForm>
            </details>
        </article>
    }
}
