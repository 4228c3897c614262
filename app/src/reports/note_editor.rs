use super::api::{save_note, NoteDetail, NoteSaved, SaveNote};
use super::note::{NoteStatus, NoteText, PROMPTS, TITLE};
use super::note_drafts;
use super::note_outbox::{use_outbox, PendingNote};
use crate::error::AppError;
use crate::shell::form_error::{action_error, FieldError, FormError};
use leptos::prelude::*;

/// The three prompts and a headline. Every keystroke is kept on the device; "Save draft"
/// also keeps it on the server; "Send to moderator" submits it once, however often tapped.
/// Sent without a signal, the note waits in the device's outbox and goes when the
/// connection returns. Without JavaScript the same form posts to the server function.
#[component]
pub fn NoteEditor(detail: NoteDetail) -> impl IntoView {
    // A plain form post (no JavaScript) comes back here with `?done=save_note`, or with its error.
    let plain_saved =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("done").as_deref() == Some("save_note"));
    let plain_error = action_error(&ServerAction::<SaveNote>::new());
    if detail.status != NoteStatus::Draft {
        return view! { <SentNote detail sent=plain_saved/> }.into_any();
    }
    let key = detail.client_key.clone();
    // The device copy wins over the server's draft: it is never older than the last save.
    let start = note_drafts::load(&key).unwrap_or(detail.text.clone());
    let text = RwSignal::new(start);
    let submitting = RwSignal::new(false);
    // Effects run only in the browser: marks the form as handled by the app (tests wait for it).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let save = {
        let key = key.clone();
        Action::new(move |(text, submit): &(NoteText, bool)| {
            let (text, submit, key, ride) = (text.clone(), *submit, key.clone(), detail.ride_along_id);
            async move {
                save_note(
                    Some(ride.to_string()),
                    Some(key),
                    Some(text.title),
                    Some(text.saw),
                    Some(text.made_of),
                    Some(text.felt),
                    Some(if submit { "1".into() } else { String::new() }),
                )
                .await
            }
        })
    };
    let result = save.value();
    let outbox = use_outbox();
    let ride = detail.ride_along_id;
    // A submission that could not reach the server waits in the outbox instead.
    Effect::new({
        let key = key.clone();
        move |_| {
            if let Some(Err(AppError::Transport(_))) = result.get() {
                if submitting.get_untracked() {
                    let text = text.get_untracked();
                    outbox.queue(PendingNote { ride, client_key: key.clone(), text, refused: None });
                }
            }
        }
    });
    let waiting = Signal::derive({
        let key = key.clone();
        move || outbox.pending.with(|all| all.iter().find(|n| n.client_key == key).cloned())
    });
    let error = Signal::derive({
        move || match (waiting.get(), result.get()) {
            (Some(PendingNote { refused: Some(why), .. }), _) => Some(AppError::BadRequest(why)),
            (Some(_), _) => None,
            (None, None) => plain_error.get(),
            (None, r) => r.and_then(Result::err),
        }
    });
    let sent = Signal::derive({
        let key = key.clone();
        move || {
            result
                .get()
                .and_then(Result::ok)
                .filter(|s: &NoteSaved| s.status != NoteStatus::Draft)
                .or_else(|| outbox.sent.with(|s| s.iter().find(|(k, _)| *k == key).map(|(_, saved)| saved.clone())))
        }
    });
    Effect::new({
        let key = key.clone();
        move |_| {
            if sent.get().is_some() {
                note_drafts::remove(&key);
                outbox.forget(&key);
            }
        }
    });
    let is_waiting = Signal::derive(move || waiting.get().is_some_and(|n| n.refused.is_none()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !save.pending().get_untracked() {
            save.dispatch((text.get_untracked(), submitting.get_untracked()));
        }
    };
    let edit = move |f: fn(&mut NoteText) -> &mut String, key: String| {
        move |ev| {
            text.update(|t| *f(t) = event_target_value(&ev));
            note_drafts::save(&key, &text.get_untracked());
        }
    };
    let fields: [fn(&mut NoteText) -> &mut String; 3] = [|t| &mut t.saw, |t| &mut t.made_of, |t| &mut t.felt];
    // Copy, so the nested views below can each take the key.
    let stored_key = StoredValue::new(key.clone());
    view! {
        <h1>"Note: " {detail.team_name} ", " {detail.area_name}</h1>
        <p class="hint">"Areas only: no addresses, names, phone numbers or car registrations. The moderator removes any that slip in."</p>
        <Show when=move || sent.get().is_none() fallback=move || view! {
            <p class="success" role="status">"Sent. Your note is waiting for a moderator; you will see their decision on "
                <a href="/reporter">"your page"</a> "."</p>
        }>
        <Show when=move || !is_waiting.get() fallback=move || view! {
            <div class="pending" role="status" data-testid="note-pending">
                <p><strong>"Waiting for a signal."</strong>
                    " Your note is kept on this phone and will be sent to the moderator once, automatically, when you are back online."</p>
                <button class="button" type="button" on:click=move |_| outbox.forget(&stored_key.get_value())>"Keep editing instead"</button>
            </div>
        }>
            <form class="stack-form note-form" method="post" action="/api/save_note" on:submit=on_submit
                data-ready=move || ready.get().then_some("true")>
                <input type="hidden" name="ride" value=detail.ride_along_id/>
                <input type="hidden" name="client_key" value=stored_key.get_value()/>
                <label for="title">"Headline"</label>
                <input id="title" name="title" maxlength=TITLE.max value=text.get_untracked().title
                    prop:value=move || text.with(|t| t.title.clone()) on:input=edit(|t| &mut t.title, stored_key.get_value())/>
                <FieldError error field="title"/>
                {PROMPTS.into_iter().zip(fields).map(|((field, hint), get)| {
                    let initial = text.with_untracked(|t| { let mut t = t.clone(); get(&mut t).clone() });
                    view! {
                        <label for=field.name>{field.label}</label>
                        <p class="hint" id=format!("{}-hint", field.name)>{hint}</p>
                        <textarea id=field.name name=field.name rows="5" maxlength=field.max aria-describedby=format!("{}-hint", field.name)
                            prop:value=move || text.with(|t| { let mut t = t.clone(); get(&mut t).clone() })
                            on:input=edit(get, stored_key.get_value())>{initial}</textarea>
                        <FieldError error field=field.name/>
                    }
                }).collect_view()}
                <FormError error/>
                {move || (result.get().and_then(Result::ok).is_some_and(|s| s.status == NoteStatus::Draft)
                    || (result.get().is_none() && plain_saved)).then(|| view! {
                    <p class="success" role="status">"Draft saved on the server."</p>
                })}
                <div class="button-row">
                    <button class="button" type="submit" name="submit" value=""
                        on:click=move |_| submitting.set(false) disabled=move || save.pending().get()>"Save draft"</button>
                    <button class="button primary" type="submit" name="submit" value="1"
                        on:click=move |_| submitting.set(true) disabled=move || save.pending().get()>"Send to moderator"</button>
                </div>
            </form>
        </Show>
        </Show>
    }
    .into_any()
}

/// A note that has left the draft state: read-only, with its outcome.
#[component]
fn SentNote(detail: NoteDetail, sent: bool) -> impl IntoView {
    let t = detail.text;
    view! {
        <h1>{t.title}</h1>
        {sent.then(|| view! {
            <p class="success" role="status">"Sent. Your note is waiting for a moderator; you will see their decision on "
                <a href="/reporter">"your page"</a> "."</p>
        })}
        <p class="card-meta"><span class="badge">{match &detail.scheduled_local {
            Some(when) => format!("Scheduled for {when}"),
            None => detail.status.label().to_string(),
        }}</span></p>
        {detail.reject_reason.map(|r| view! { <p class="notice">"Moderator: " {r}</p> })}
        {detail.update_id.filter(|_| detail.scheduled_local.is_none()).map(|id| view! { <p><a href=format!("/updates/{id}")>"See it published"</a></p> })}
        <dl class="note-text">
            {PROMPTS.into_iter().zip([t.saw, t.made_of, t.felt]).map(|((f, _), text)| view! { <dt>{f.label}</dt><dd>{text}</dd> }).collect_view()}
        </dl>
    }
}
