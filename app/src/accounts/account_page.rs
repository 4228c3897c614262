use super::api::{current_account, SignOut};
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/account`: who you are signed in as, and the pages your role uses.
#[component]
pub fn AccountPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_account());
    let sign_out = ServerAction::<SignOut>::new();
    // Signed-in pages kept for offline use go with the session (a shared phone).
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            crate::browser::pwa::forget_private_pages();
        }
    });
    view! {
        <Title text="Your account"/>
        <PageFrame>
            <h1>"Your account"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(user)) => {
                            let links = [
                                (user.can_write_notes(), "/reporter", "Your ride-alongs and notes"),
                                (user.moderates(), "/moderation", "Notes waiting for moderation"),
                                (user.publishes(), "/publish", "Publish an update"),
                                (user.publishes(), "/publish/calls", "Live call log"),
                                (user.publishes(), "/publish/ask", "Q&A sessions: schedule, moderate, answer"),
                                (user.is_admin(), "/admin", "Accounts, invitations and ride-alongs"),
                                (user.is_admin(), "/admin/audit", "Audit log"),
                                (user.is_admin(), "/admin/feeds", "Feed sources"),
                                (user.is_admin(), "/admin/live", "Live days"),
                            ];
                            view! {
                                <p class="lede">
                                    "Signed in as " <strong>{user.display_name.clone()}</strong> " (" {user.username.clone()} "), "
                                    {user.role.label()}
                                    {user.source.as_ref().map(|s| format!(" for {}", s.name))} "."
                                </p>
                                <ul class="link-list">
                                    {links.into_iter().filter(|(show, _, _)| *show).map(|(_, href, text)| view! { <li><a href=href>{text}</a></li> }).collect_view()}
                                </ul>
                                <ActionForm action=sign_out>
                                    <button class="button" type="submit">"Sign out"</button>
                                </ActionForm>
                            }
                            .into_any()
                        }
                        Ok(None) => view! {
                            <p>"You are not signed in. Residents do not need an account: " <a href="/?pick=1">"see updates for your area"</a> "."</p>
                            <p><a class="button primary" href="/sign-in">"Sign in"</a></p>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
