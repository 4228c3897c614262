use super::api::{get_invitation, AcceptInvitation};
use crate::shell::error_page::ErrorPage;
use crate::shell::form_error::{action_error, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/invite/:token`: choose the name shown with your notes and a password.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = move || use_params_map().with(|p| p.get("token")).unwrap_or_default();
    let invitation = Resource::new(token, |t| get_invitation(Some(t)));
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action_error(&action);
    view! {
        <Suspense fallback=|| view! { <PageFrame><p>"Loading…"</p></PageFrame> }>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(inv) => view! {
                        <Title text="Accept your invitation"/>
                        <PageFrame>
                            <h1>"Welcome to Beat"</h1>
                            <p class="lede">"Your username is " <strong>{inv.username}</strong> ". Choose the name shown with your published notes (it need not be your real name) and a password."</p>
                            <ActionForm action attr:class="stack-form">
                                <input type="hidden" name="token" value=token()/>
                                <label for="display_name">"Name shown with your notes"</label>
                                <input id="display_name" name="display_name" value=inv.display_name required maxlength="60"/>
                                <FieldError error field="display_name"/>
                                <label for="password">"Password (at least 12 characters; a few words work well)"</label>
                                <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" maxlength="128"/>
                                <FieldError error field="password"/>
                                <label for="password_again">"The same password again"</label>
                                <input id="password_again" name="password_again" type="password" autocomplete="new-password" required maxlength="128"/>
                                <FieldError error field="password_again"/>
                                <FormError error/>
                                <button class="button primary" type="submit" disabled=move || action.pending().get()>"Set password and sign in"</button>
                            </ActionForm>
                        </PageFrame>
                    }
                    .into_any(),
                    Err(error) => view! {
                        <ErrorPage title="Invitation" heading="This invitation cannot be used" error next_href="/" next_text="Go to Beat"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
