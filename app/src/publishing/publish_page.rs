use super::api::{
    get_publish_desk, suggest_redaction, PrivacySuggestion, PublishUpdate, RestoreUpdate, WithdrawUpdate, COMPOSABLE,
    UNDO_MINUTES,
};
use crate::error::AppError;
use crate::reports::queue_card::Highlighted;
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::{action_error, form_done, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use crate::updates::kind::Severity;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/publish`: officers and council staff compose updates for their areas and withdraw them.
#[component]
pub fn PublishPage() -> impl IntoView {
    let publish = ServerAction::<PublishUpdate>::new();
    let sent_key = StoredValue::new(None::<String>);
    let withdraw = ServerAction::<WithdrawUpdate>::new();
    let restore = ServerAction::<RestoreUpdate>::new();
    let desk = Resource::new(
        move || (publish.version().get(), withdraw.version().get(), restore.version().get()),
        |_| get_publish_desk(),
    );
    let error = action_error(&publish);
    let published = form_done(&publish, "publish_update");
    let withdraw_error = action_error(&withdraw);
    let restore_error = action_error(&restore);
    // A privacy refusal shows what was flagged and the suggested text, as a moderator sees it.
    let (title_field, body_field) = (NodeRef::<leptos::html::Input>::new(), NodeRef::<leptos::html::Textarea>::new());
    let suggestion = RwSignal::new(None::<PrivacySuggestion>);
    Effect::new(move |_| {
        let flagged = matches!(error.get(), Some(AppError::Invalid { field, .. }) if field == "body");
        suggestion.set(None);
        if let (true, Some(title), Some(body)) = (flagged, title_field.get_untracked(), body_field.get_untracked()) {
            leptos::task::spawn_local(async move {
                if let Ok(s) = suggest_redaction(Some(title.value()), Some(body.value())).await {
                    // Only when the guard found something: a too-short text has nothing to suggest.
                    if s.body.iter().chain(s.title.iter()).any(|seg| seg.flag.is_some()) {
                        suggestion.set(Some(s));
                    }
                }
            });
        }
    });
    let use_suggestion = move |_| {
        if let (Some(s), Some(title), Some(body)) = (suggestion.get_untracked(), title_field.get(), body_field.get()) {
            title.set_value(&s.proposed_title);
            body.set_value(&s.proposed_body);
            suggestion.set(None);
        }
    };
    view! {
        <Title text="Publish an update"/>
        <PageFrame>
            <h1>"Publish an update"</h1>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(d) => {
                            let form_key = keep_key_if_lost(&publish, sent_key, d.form_key.clone());
                            view! {
                            <p class="lede">"For " {d.source_name} ". Areas only: no addresses, names, phone numbers or registrations."</p>
                            <ActionForm action=publish attr:class="stack-form">
                                <input type="hidden" name="form_key" value=form_key/>
                                <label for="area">"Area"</label>
                                <crate::publishing::area_choice::AreaChoice id="area" choices=d.areas/>
                                <FieldError error field="area"/>
                                <label for="kind">"Kind"</label>
                                <select id="kind" name="kind">
                                    {COMPOSABLE.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                                </select>
                                <FieldError error field="kind"/>
                                <label for="severity">"Severity"</label>
                                <select id="severity" name="severity">
                                    {Severity::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                                </select>
                                <label for="title">"Headline"</label>
                                <input id="title" name="title" maxlength="100" required node_ref=title_field/>
                                <FieldError error field="title"/>
                                <label for="body">"Text"</label>
                                <textarea id="body" name="body" rows="6" maxlength="6000" required node_ref=body_field></textarea>
                                <FieldError error field="body"/>
                                {move || suggestion.get().map(|s| view! {
                                    <div class="privacy-suggestion" data-testid="privacy-suggestion">
                                        <p><strong>"Flagged: "</strong><Highlighted segments=s.title/>" — "<Highlighted segments=s.body/></p>
                                        <p><strong>"Suggested text: "</strong>{s.proposed_body}</p>
                                        <button class="button" type="button" on:click=use_suggestion>"Use the suggested text"</button>
                                    </div>
                                })}
                                <fieldset class="event-time">
                                    <legend>"Events only: when it happens (local time)"</legend>
                                    <label for="starts">"Starts"</label>
                                    <input id="starts" name="starts" type="datetime-local"/>
                                    <FieldError error field="starts"/>
                                    <label for="duration_minutes">"Lasts (minutes)"</label>
                                    <input id="duration_minutes" name="duration_minutes" type="number" min="15" max="1440" value="60"/>
                                    <FieldError error field="duration_minutes"/>
                                </fieldset>
                                <label for="expires_hours">"Remove from feeds after (events: when they end)"</label>
                                <select id="expires_hours" name="expires_hours">
                                    <option value="">"Never"</option>
                                    <option value="6">"6 hours"</option>
                                    <option value="24">"1 day"</option>
                                    <option value="72">"3 days"</option>
                                    <option value="168">"1 week"</option>
                                </select>
                                <FieldError error field="expires_hours"/>
                                <label for="override_reason">"Reason to publish a flagged detail as written (audited)"</label>
                                <input id="override_reason" name="override_reason" maxlength="300"/>
                                <FieldError error field="override_reason"/>
                                <FormError error/>
                                <button class="button primary" type="submit" disabled=move || publish.pending().get()>"Publish"</button>
                            </ActionForm>
                            {move || published.get().map(|id| view! {
                                <p class="success" role="status">"Published. " <a href=format!("/updates/{id}")>"See it"</a></p>
                            })}
                            <h2>"Recent updates"</h2>
                            <FormError error=withdraw_error/>
                            <FieldError error=withdraw_error field="reason"/>
                            <FormError error=restore_error/>
                            <ul class="cards">
                                {d.recent.into_iter().map(|u| view! {
                                    <li class="card">
                                        <p class="card-meta"><span class="badge kind">{u.kind.label()}</span>
                                            {u.withdrawn.then(|| view! { <span class="badge">"Withdrawn"</span> })}
                                            {u.scheduled_local.map(|when| view! { <span class="badge scheduled">{format!("Scheduled for {when}")}</span> })}</p>
                                        <h3>{if u.withdrawn { view! { <span>{u.title}</span> }.into_any() } else { view! { <a href=format!("/updates/{}", u.id)>{u.title}</a> }.into_any() }}</h3>
                                        // Withdrawing asks why (audited) before it happens, and can be undone for a while.
                                        {(!u.withdrawn).then(|| view! {
                                            <details class="withdraw">
                                                <summary>"Withdraw…"</summary>
                                                <ActionForm action=withdraw attr:class="stack-form">
                                                    <input type="hidden" name="id" value=u.id/>
                                                    <label for=format!("reason-{}", u.id)>"Why is it being withdrawn? (kept in the audit log)"</label>
                                                    <input id=format!("reason-{}", u.id) name="reason" minlength="5" maxlength="300" required/>
                                                    <button class="button" type="submit">"Withdraw from every feed"</button>
                                                </ActionForm>
                                            </details>
                                        })}
                                        {u.can_undo.then(|| view! {
                                            <ActionForm action=restore attr:class="inline-form">
                                                <input type="hidden" name="id" value=u.id/>
                                                <button class="button" type="submit">"Undo withdrawal"</button>
                                                <span class="hint">{format!(" (for {UNDO_MINUTES} minutes)")}</span>
                                            </ActionForm>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </PageFrame>
    }
}

/// The key the compose form is sent with: the new form's own, unless the last send's answer
/// never arrived (the connection dropped, or the server failed). Then the update may be
/// stored already, and sending the same form again must find it rather than publish it
/// twice, so the key the form was sent with stays.
pub fn keep_key_if_lost<A>(action: &ServerAction<A>, sent: StoredValue<Option<String>>, fresh: String) -> String
where
    A: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    let lost = action.value().with_untracked(|v| matches!(v, Some(Err(AppError::Transport(_) | AppError::Internal))));
    let key = match (lost, sent.get_value()) {
        (true, Some(key)) => key,
        _ => fresh,
    };
    sent.set_value(Some(key.clone()));
    key
}
