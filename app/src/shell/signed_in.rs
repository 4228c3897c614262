use crate::accounts::api::SignOut;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Who is signed in on this device, and a way out, in the header of every page. Read from
/// the `beat_who` cookie (a display name, set at sign-in beside the HttpOnly session cookie),
/// so residents, who never sign in, cost nothing and see nothing.
#[component]
pub fn SignedIn() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            crate::browser::pwa::forget_private_pages();
            crate::browser::page_address::open_page("/");
        }
    });
    crate::accounts::who::signed_in_name().map(|name| {
        view! {
            <div class="signed-in" data-testid="signed-in">
                <span>"Signed in as " <a href="/account">{name}</a></span>
                <ActionForm action=sign_out attr:class="sign-out-form">
                    <button class="button small" type="submit">"Sign out"</button>
                </ActionForm>
            </div>
        }
    })
}
