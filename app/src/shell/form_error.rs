//! Errors shown on forms: next to the field they are about, or above the buttons.

use crate::error::AppError;
use leptos::prelude::*;

/// The message for `field`, if the last attempt failed because of it.
#[component]
pub fn FieldError(#[prop(into)] error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.for_field(field)).map(|message| {
            view! { <p class="field-error" id=format!("{field}-error") role="alert">{message}</p> }
        })
    }
}

/// Any error that is not about one field.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().filter(|e| !matches!(e, AppError::Invalid { .. })).map(|e| {
            let sign_in = (e == AppError::SignInRequired).then(|| view! { " " <a href="/sign-in">"Sign in"</a> });
            view! { <p class="notice" role="alert">{e.to_string()} {sign_in}</p> }
        })
    }
}

/// The error of an action's last result, as a signal for the components above.
pub fn action_error<I: 'static + Send + Sync, O: 'static + Send + Sync + Clone>(
    action: &Action<I, Result<O, AppError>>,
) -> Signal<Option<AppError>> {
    let value = action.value();
    Signal::derive(move || value.get().and_then(|r| r.err()))
}

/// The id a form's last submission succeeded with: the action's own answer, or, after a plain
/// form post (no JavaScript), the `?done=<endpoint>&id=<id>` the server sent the browser back
/// with (`crate::error::done_redirect`).
pub fn form_done<I: 'static + Send + Sync>(
    action: &Action<I, Result<i64, AppError>>,
    endpoint: &'static str,
) -> Signal<Option<i64>> {
    let value = action.value();
    let plain = plain_done(endpoint);
    Signal::derive(move || match value.get() {
        Some(result) => result.ok(),
        None => plain.get(),
    })
}

/// The id of the last plain form post (no JavaScript) to `endpoint` that succeeded, from the
/// `?done=<endpoint>&id=<id>` the server sent the browser back with.
pub fn plain_done(endpoint: &'static str) -> Signal<Option<i64>> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        query.with(|q| (q.get("done").as_deref() == Some(endpoint)).then(|| q.get("id")?.parse().ok()).flatten())
    })
}
