use super::api::{get_feed_source, PollFeedSource, SetFeedSourceEnabled};
use super::status::When;
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::{action_error, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/admin/feeds/:id`: one feed's last success, last error in plain words, and counts.
#[component]
pub fn FeedSourcePage() -> impl IntoView {
    let params = use_params_map();
    let poll = ServerAction::<PollFeedSource>::new();
    let toggle = ServerAction::<SetFeedSourceEnabled>::new();
    let status = Resource::new(
        move || (params.read().get("id"), poll.version().get(), toggle.version().get()),
        |(id, _, _)| get_feed_source(id),
    );
    let poll_error = action_error(&poll);
    let time = |w: Option<When>, none: &'static str| match w {
        Some(w) => view! { <time datetime=w.utc>{w.label}</time> }.into_any(),
        None => view! { <span>{none}</span> }.into_any(),
    };
    view! {
        <Title text="Feed status"/>
        <PageFrame>
            <p><a href="/admin/feeds">"All feed sources"</a></p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(f) => view! {
                            <h1>"Feed: " {f.source_name.clone()}</h1>
                            <p class="feed-location">{f.location.clone()}</p>
                            <p><span class="badge">{f.health()}</span></p>
                            <dl class="facts">
                                <dt>"Last success"</dt><dd data-testid="last-success">{time(f.last_success, "Never")}</dd>
                                <dt>"Last poll"</dt><dd>{time(f.last_polled, "Not polled yet")}</dd>
                                <dt>"Outcome"</dt><dd data-testid="last-outcome">{f.last_outcome.unwrap_or_else(|| "—".into())}</dd>
                                <dt>"Last error"</dt>
                                <dd data-testid="last-error">
                                    {match (f.last_error, f.last_error_at) {
                                        (Some(e), at) => view! { <span>{e} " (" {time(at, "")} ")"</span> }.into_any(),
                                        (None, _) => view! { <span>"None"</span> }.into_any(),
                                    }}
                                </dd>
                                <dt>"Failures in a row"</dt><dd>{f.failures}</dd>
                                <dt>"Next poll"</dt><dd>{time(f.next_poll, "Paused")}</dd>
                                <dt>"Items stored"</dt><dd data-testid="items-stored">{f.items_stored}</dd>
                                <dt>"Its items"</dt>
                                <dd>{f.last_new} " new, " {f.last_changed} " changed, " {f.last_skipped} " skipped, "
                                    {f.last_redacted} " redacted"</dd>
                                <dt>"Format"</dt><dd>{f.format} {f.detected_format.map(|d| format!(" (read as {d})"))}</dd>
                                <dt>"Items are"</dt><dd>{f.default_kind}</dd>
                                <dt>"Areas"</dt><dd>{f.area_names.join(", ")}</dd>
                                <dt>"Polled"</dt><dd>{f.poll_every}</dd>
                            </dl>
                            <ActionForm action=poll attr:class="inline-form">
                                <input type="hidden" name="id" value=f.id/>
                                <button class="button primary" type="submit" disabled=move || poll.pending().get()>"Poll now"</button>
                            </ActionForm>
                            <ActionForm action=toggle attr:class="inline-form">
                                <input type="hidden" name="id" value=f.id/>
                                <input type="hidden" name="enabled" value=if f.enabled { "false" } else { "true" }/>
                                <button class="button" type="submit">{if f.enabled { "Pause" } else { "Resume" }}</button>
                            </ActionForm>
                            <FormError error=poll_error/>
                            {move || poll.value().get().and_then(Result::ok).map(|m| view! { <p class="success" role="status">{m}</p> })}
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </PageFrame>
    }
}
