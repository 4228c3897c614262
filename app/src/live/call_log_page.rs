use super::api::{get_call_desk, LogCall};
use super::call_log::{CallCategory, CallOutcome};
use crate::publishing::publish_page::keep_key_if_lost;
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::{action_error, form_done, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/publish/calls`: the live call log form for control-room staff and officers. Quick to
/// fill in on a phone: two lists, the area, the time (rounded to the quarter hour) and one
/// short line; no addresses or names.
#[component]
pub fn CallLogPage() -> impl IntoView {
    let log = ServerAction::<LogCall>::new();
    let sent_key = StoredValue::new(None::<String>);
    let desk = Resource::new(move || log.version().get(), |_| get_call_desk());
    let error = action_error(&log);
    let logged = form_done(&log, "log_call");
    // Ready for the next call once one is logged.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(log.value().get(), Some(Ok(_))) {
            if let Some(form) = form.get() {
                form.reset();
            }
        }
    });
    view! {
        <Title text="Live call log"/>
        <PageFrame>
            <h1>"Live call log"</h1>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(d) => {
                            let form_key = keep_key_if_lost(&log, sent_key, d.form_key.clone());
                            view! {
                            <p class="lede">
                                "For " {d.source_name} ". Each entry goes straight to the area's feed and any live day. "
                                "The area only: no addresses, names, phone numbers or registrations."
                            </p>
                            <ActionForm action=log node_ref=form attr:class="stack-form call-log-form">
                                <input type="hidden" name="form_key" value=form_key/>
                                <label for="category">"Call about"</label>
                                <select id="category" name="category" required>
                                    {CallCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                                </select>
                                <FieldError error field="category"/>
                                <label for="area">"Area"</label>
                                <crate::publishing::area_choice::AreaChoice id="area" choices=d.areas/>
                                <FieldError error field="area"/>
                                <label for="received">"Came in at (" {d.zone} ", shown to the quarter hour)"</label>
                                <input id="received" name="received" type="datetime-local" step="900" value=d.now_local required/>
                                <FieldError error field="received"/>
                                <label for="text">"What happened, in a line"</label>
                                <textarea id="text" name="text" rows="3" maxlength="280" required
                                    placeholder="Caller worried about an elderly neighbour; officers checked and all is well."></textarea>
                                <FieldError error field="text"/>
                                <label for="outcome">"Outcome"</label>
                                <select id="outcome" name="outcome">
                                    {CallOutcome::ALL.iter().map(|o| {
                                        let unknown = *o == CallOutcome::Unknown;
                                        view! { <option value=o.as_str() selected=unknown>{o.label()}</option> }
                                    }).collect_view()}
                                </select>
                                <FieldError error field="outcome"/>
                                <details class="override">
                                    <summary>"The privacy check stopped a detail that must stay?"</summary>
                                    <label for="override_reason">"Reason to publish it as written (audited)"</label>
                                    <input id="override_reason" name="override_reason" maxlength="300"/>
                                    <FieldError error field="override_reason"/>
                                </details>
                                <FormError error/>
                                <button class="button primary" type="submit" disabled=move || log.pending().get()>"Log call"</button>
                            </ActionForm>
                            {move || logged.get().map(|id| view! {
                                <p class="success" role="status">"Logged. " <a href=format!("/updates/{id}")>"See it"</a></p>
                            })}
                            <h2>"Your recent entries"</h2>
                            {d.recent.is_empty().then(|| view! { <p class="empty">"None yet."</p> })}
                            <ul class="cards">
                                {d.recent.into_iter().map(|u| view! {
                                    <li class="card">
                                        <h3><a href=format!("/updates/{}", u.item.id)>{u.item.title}</a></h3>
                                        <p class="card-body">{u.item.body}</p>
                                        <p class="card-source">
                                            {u.item.area_name}
                                            {u.call.map(|c| view! { " · " {c.outcome.label()} })}
                                        </p>
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
