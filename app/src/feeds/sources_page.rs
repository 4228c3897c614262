use super::api::{get_feed_sources, AddFeedSource};
use super::config_choices::FEED_KINDS;
use super::format::FeedFormat;
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::{action_error, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin/feeds`: the agencies' feeds Beat polls, how each is doing, and adding one.
#[component]
pub fn FeedSourcesPage() -> impl IntoView {
    let add = ServerAction::<AddFeedSource>::new();
    let overview = Resource::new(move || add.version().get(), |_| get_feed_sources());
    let error = action_error(&add);
    view! {
        <Title text="Feed sources"/>
        <PageFrame>
            <h1>"Feed sources"</h1>
            <p class="lede">"Agencies' RSS, Atom, JSON Feed and CAP feeds that Beat polls and publishes as updates."</p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! {
                            {o.feeds.is_empty().then(|| view! { <p>"No feeds yet."</p> })}
                            <ul class="cards feed-sources">
                                {o.feeds.into_iter().map(|f| view! {
                                    <li class="card">
                                        <p class="card-meta">
                                            <span class=format!("badge health-{}", f.health().to_lowercase().replace(' ', "-"))>{f.health()}</span>
                                            <span>{f.source_name.clone()}</span>
                                        </p>
                                        <h2><a href=format!("/admin/feeds/{}", f.id)>{f.location.clone()}</a></h2>
                                        <p>{f.format.clone()} ", " {f.poll_every.clone()} ", " {f.items_stored} " items stored"</p>
                                        {f.last_error.clone().filter(|_| f.failures > 0).map(|e| view! { <p class="field-error">{e}</p> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <h2>"Add a feed"</h2>
                            <ActionForm action=add attr:class="stack-form">
                                <label for="location">"Feed address (http or https)"</label>
                                <input id="location" name="location" type="url" required maxlength="2000"/>
                                <FieldError error field="location"/>
                                <label for="source">"Publish its items as"</label>
                                <select id="source" name="source">
                                    {o.organisations.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                                </select>
                                <FieldError error field="source"/>
                                <label for="format">"Format"</label>
                                <select id="format" name="format">
                                    <option value="">"Detect"</option>
                                    {FeedFormat::ALL.iter().map(|f| view! { <option value=f.as_str()>{f.label()}</option> }).collect_view()}
                                </select>
                                <FieldError error field="format"/>
                                <label for="kind">"Items are"</label>
                                <select id="kind" name="kind">
                                    {FEED_KINDS.iter().map(|k| view! { <option value=k.as_str()>{k.label()}</option> }).collect_view()}
                                </select>
                                <FieldError error field="kind"/>
                                <label for="areas">"Areas for items that do not say (codes, e.g. E05011376)"</label>
                                <input id="areas" name="areas" required maxlength="400"/>
                                <FieldError error field="areas"/>
                                <label for="every_minutes">"Poll every (minutes, 5 to 1440)"</label>
                                <input id="every_minutes" name="every_minutes" type="number" min="5" max="1440" value="15" required/>
                                <FieldError error field="every_minutes"/>
                                <FormError error/>
                                <button class="button primary" type="submit" disabled=move || add.pending().get()>"Add feed"</button>
                            </ActionForm>
                            {move || add.value().get().and_then(Result::ok).map(|id| view! {
                                <p class="success" role="status">"Added. " <a href=format!("/admin/feeds/{id}")>"See its status"</a></p>
                            })}
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </PageFrame>
    }
}
