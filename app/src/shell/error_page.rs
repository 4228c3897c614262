use super::page_frame::PageFrame;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// A page that could not be shown: what went wrong (a safe message) and a way on.
#[component]
pub fn ErrorPage(
    title: &'static str,
    heading: &'static str,
    error: AppError,
    next_href: &'static str,
    next_text: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <PageFrame>
            <h1>{heading}</h1>
            <ErrorNotice error/>
            <p><a href=next_href>{next_text}</a></p>
        </PageFrame>
    }
}

/// An error's safe message, announced to screen readers; "please sign in" links to the
/// sign-in page and back.
///
/// When the app could not reach Beat at all (offline, inside the app's own navigation), the
/// page is loaded again as a full page instead: the service worker answers that with its copy
/// of the page, or with the offline page, which comes back to this one once online.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    if matches!(error, AppError::Transport(_)) {
        Effect::new(move |_| crate::browser::page_address::reload());
    }
    let sign_in = (error == AppError::SignInRequired).then(|| {
        let next = leptos_router::hooks::use_location().pathname.get_untracked();
        view! { " " <a href=format!("/sign-in?next={next}")>"Sign in"</a> }
    });
    view! { <p class="notice" role="alert">{error.to_string()} {sign_in}</p> }
}
