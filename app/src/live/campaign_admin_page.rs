use super::api::{get_live_day_desk, CreateCampaign};
use super::live_page::Moment;
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::{action_error, FieldError, FormError};
use crate::shell::page_frame::PageFrame;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Zones offered first on the form: the eight countries of the global Tweet-a-thon.
const ZONES: &[&str] = &[
    "Pacific/Auckland",
    "Australia/Sydney",
    "Australia/Perth",
    "Europe/Helsinki",
    "Europe/Stockholm",
    "Europe/Amsterdam",
    "Europe/London",
    "Atlantic/Reykjavik",
    "America/Toronto",
    "America/Vancouver",
];

/// `/admin/live`: admins schedule live days (name, hashtag, window in a zone, areas, sources).
#[component]
pub fn CampaignAdminPage() -> impl IntoView {
    let create = ServerAction::<CreateCampaign>::new();
    let desk = Resource::new(move || create.version().get(), |_| get_live_day_desk());
    let error = action_error(&create);
    view! {
        <Title text="Live days"/>
        <PageFrame>
            <h1>"Schedule a live day"</h1>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match desk.await {
                        Ok(d) => view! {
                            <ActionForm action=create attr:class="stack-form">
                                <label for="name">"Name"</label>
                                <input id="name" name="name" maxlength="80" required placeholder="Global police Tweet-a-thon"/>
                                <FieldError error field="name"/>
                                <label for="slug">"Short name (its address: /live/…)"</label>
                                <input id="slug" name="slug" maxlength="40" required pattern="[a-z0-9-]+" placeholder="tweetathon"/>
                                <FieldError error field="slug"/>
                                <label for="hashtag">"Hashtag"</label>
                                <input id="hashtag" name="hashtag" maxlength="41" required placeholder="#GMP24"/>
                                <FieldError error field="hashtag"/>
                                <label for="zone">"Time zone the times below are in"</label>
                                <input id="zone" name="zone" list="zones" required value="Europe/London"/>
                                <datalist id="zones">{ZONES.iter().map(|z| view! { <option value=*z/> }).collect_view()}</datalist>
                                <FieldError error field="zone"/>
                                <label for="starts">"Starts"</label>
                                <input id="starts" name="starts" type="datetime-local" required/>
                                <FieldError error field="starts_at"/>
                                <label for="ends">"Ends"</label>
                                <input id="ends" name="ends" type="datetime-local" required/>
                                <FieldError error field="ends_at"/>
                                <FieldError error field="ends"/>
                                <label for="areas">"Areas (codes, separated by commas)"</label>
                                <input id="areas" name="areas" list="area-codes" required placeholder="E23000005, W15000001"/>
                                <datalist id="area-codes">
                                    {d.areas.into_iter().map(|(code, name, level)| view! { <option value=code.clone()>{format!("{name} ({level})")}</option> }).collect_view()}
                                </datalist>
                                <FieldError error field="areas"/>
                                <label for="sources">"Accounts taking part (short names; empty: every account in the areas)"</label>
                                <input id="sources" name="sources" list="source-slugs"/>
                                <datalist id="source-slugs">
                                    {d.sources.into_iter().map(|(slug, name)| view! { <option value=slug>{name}</option> }).collect_view()}
                                </datalist>
                                <FieldError error field="sources"/>
                                <FormError error/>
                                <button class="button primary" type="submit" disabled=move || create.pending().get()>"Schedule"</button>
                            </ActionForm>
                            {move || create.value().get().and_then(Result::ok).map(|slug| view! {
                                <p class="success" role="status">"Scheduled. " <a href=format!("/live/{slug}")>"Open its page"</a></p>
                            })}
                            <h2>"Live days"</h2>
                            <ul class="cards">
                                {d.days.days.into_iter().map(|day| view! {
                                    <li class="card">
                                        <h3><a href=format!("/live/{}", day.slug)>{day.name}</a></h3>
                                        <p class="card-when">"#" {day.hashtag} " · from " <Moment at=day.starts/> " to " <Moment at=day.ends/></p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </PageFrame>
    }
}
