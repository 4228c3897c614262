use super::api::{get_admin_overview, Invite};
use super::role::Role;
use crate::reports::api::ArrangeRideAlong;
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::{action_error, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin`: accounts, invitations and ride-alongs.
#[component]
pub fn AdminPage() -> impl IntoView {
    let invite = ServerAction::<Invite>::new();
    let ride = ServerAction::<ArrangeRideAlong>::new();
    let overview = Resource::new(move || (invite.version().get(), ride.version().get()), |_| get_admin_overview());
    view! {
        <Title text="Admin"/>
        <PageFrame>
            <h1>"Admin"</h1>
            <p><a href="/admin/audit">"Audit log"</a> " · " <a href="/admin/feeds">"Feed sources"</a> " · " <a href="/account">"Your account"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! {
                            <InviteForm action=invite sources=o.sources.clone()/>
                            <RideAlongForm action=ride sources=o.sources.clone()/>
                            <h2>"Accounts"</h2>
                            <table class="table">
                                <thead><tr><th>"Username"</th><th>"Name"</th><th>"Role"</th><th>"For"</th></tr></thead>
                                <tbody>
                                    {o.accounts.into_iter().map(|a| view! {
                                        <tr>
                                            <td>{a.username}{a.invited.then_some(" (invited)")}</td>
                                            <td>{a.display_name}</td>
                                            <td>{a.role.label()}</td>
                                            <td>{a.source_name.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}

#[component]
fn SourceSelect(
    name: &'static str,
    sources: Vec<(String, String)>,
    #[prop(optional)] empty: Option<&'static str>,
) -> impl IntoView {
    view! {
        <select id=name name=name>
            {empty.map(|e| view! { <option value="">{e}</option> })}
            {sources.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
        </select>
    }
}

#[component]
fn InviteForm(action: ServerAction<Invite>, sources: Vec<(String, String)>) -> impl IntoView {
    let error = action_error(&action);
    let link = move || action.value().get().and_then(Result::ok);
    view! {
        <section class="panel" aria-labelledby="invite-h">
            <h2 id="invite-h">"Invite someone"</h2>
            <p class="hint">"Creates the account; the person opens the link to choose a password. Links last a week."</p>
            <ActionForm action attr:class="stack-form">
                <label for="username">"Username"</label>
                <input id="username" name="username" autocapitalize="none" required maxlength="32"/>
                <FieldError error field="username"/>
                <label for="display_name">"Display name (shown with a reporter's notes)"</label>
                <input id="display_name" name="display_name" required maxlength="60"/>
                <FieldError error field="display_name"/>
                <label for="role">"Role"</label>
                <select id="role" name="role">
                    {Role::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
                <FieldError error field="role"/>
                <label for="source">"Acts for (officers, council staff, moderators)"</label>
                <SourceSelect name="source" sources empty="None (reporters and admins)"/>
                <FieldError error field="source"/>
                <FormError error/>
                <button class="button primary" type="submit" disabled=move || action.pending().get()>"Create invitation"</button>
            </ActionForm>
            {move || link().map(|path| view! {
                <p class="success" role="status">"Invitation created. Send this link: " <a class="invite-link" href=path.clone()>{path.clone()}</a></p>
            })}
        </section>
    }
}

#[component]
fn RideAlongForm(action: ServerAction<ArrangeRideAlong>, sources: Vec<(String, String)>) -> impl IntoView {
    let error = action_error(&action);
    view! {
        <section class="panel" aria-labelledby="ride-h">
            <h2 id="ride-h">"Arrange a ride-along"</h2>
            <ActionForm action attr:class="stack-form">
                <label for="reporter">"Reporter's username"</label>
                <input id="reporter" name="reporter" autocapitalize="none" required maxlength="32"/>
                <FieldError error field="reporter"/>
                <label for="team">"Team"</label>
                <SourceSelect name="team" sources/>
                <FieldError error field="team"/>
                <label for="area">"Area code (ward or council), e.g. E05011376"</label>
                <input id="area" name="area" required maxlength="12"/>
                <FieldError error field="area"/>
                <label for="starts">"Shift starts (local time)"</label>
                <input id="starts" name="starts" type="datetime-local" required/>
                <FieldError error field="starts"/>
                <label for="hours">"Hours"</label>
                <input id="hours" name="hours" type="number" min="1" max="12" value="4" required/>
                <FieldError error field="hours"/>
                <FormError error/>
                <button class="button primary" type="submit" disabled=move || action.pending().get()>"Arrange"</button>
            </ActionForm>
            {move || action.value().get().and_then(Result::ok).map(|id| view! {
                <p class="success" role="status">"Ride-along " {id} " arranged. The reporter sees it on their page."</p>
            })}
        </section>
    }
}
