use super::api::SignIn;
use crate::shell::form_error::{action_error, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/sign-in`: for community reporters and staff. Residents never need an account.
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = action_error(&action);
    let next = use_query_map().with_untracked(|q| q.get("next")).unwrap_or_default();
    view! {
        <Title text="Sign in"/>
        <PageFrame>
            <h1>"Sign in"</h1>
            <p class="lede">"For community reporters, officers and council staff. You do not need an account to read updates."</p>
            <ActionForm action attr:class="stack-form">
                <input type="hidden" name="next" value=next/>
                <label for="username">"Username"</label>
                <input id="username" name="username" autocomplete="username" autocapitalize="none" required maxlength="32"/>
                <FieldError error field="username"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128"/>
                <FieldError error field="password"/>
                <FormError error/>
                <button class="button primary" type="submit" disabled=move || action.pending().get()>"Sign in"</button>
            </ActionForm>
            <p class="hint">"Reporters: your invitation link lets you choose a password. Lost it? Ask the officer who invited you."</p>
        </PageFrame>
    }
}
