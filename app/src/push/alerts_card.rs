use super::api::{follow_area, followed_areas, push_public_key, unfollow_area};
use super::policy::{hhmm, AreaAlert};
use crate::error::AppError;
use crate::push::subscription as push;
use crate::updates::kind::Severity;
use leptos::prelude::*;

/// "Alerts for this area": turn push alerts on with a threshold and quiet hours, see
/// them, change or stop them. The button works once the app has started in a browser
/// with push; elsewhere the card says what is needed.
#[component]
pub fn AlertsCard(code: String, area_name: String) -> impl IntoView {
    let supported = RwSignal::new(None::<bool>);
    let endpoint = RwSignal::new(None::<String>);
    let followed = RwSignal::new(Vec::<AreaAlert>::new());
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        supported.set(Some(push::supported()));
        leptos::task::spawn_local(async move {
            if let Some(device) = push::current().await {
                if let Ok(areas) = followed_areas(device.endpoint.clone()).await {
                    followed.set(areas);
                }
                endpoint.set(Some(device.endpoint));
            }
        });
    });
    let this_area = {
        let code = code.clone();
        Signal::derive(move || followed.with(|f| f.iter().find(|a| a.area_code == code).cloned()))
    };
    let area_label = StoredValue::new(area_name);
    let severity = RwSignal::new(Severity::Advisory.as_str().to_string());
    let quiet_from = RwSignal::new(String::new());
    let quiet_to = RwSignal::new(String::new());

    // Copy handlers (they hold only signals and this stored code), for the nested views.
    let code = StoredValue::new(code);
    let turn_on = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let code = code.get_value();
            leptos::task::spawn_local(async move {
                let result: Result<(String, Vec<AreaAlert>), String> = async {
                    let key = push_public_key().await.map_err(|e| e.to_string())?;
                    let device = push::subscribe(&key).await?;
                    let endpoint = device.endpoint.clone();
                    let from = Some(quiet_from.get_untracked()).filter(|s| !s.is_empty());
                    let to = Some(quiet_to.get_untracked()).filter(|s| !s.is_empty());
                    let areas = follow_area(
                        device.endpoint,
                        device.keys.p256dh,
                        device.keys.auth,
                        push::time_zone(),
                        code,
                        severity.get_untracked(),
                        from,
                        to,
                    )
                    .await
                    .map_err(|e: AppError| e.to_string())?;
                    Ok((endpoint, areas))
                }
                .await;
                match result {
                    Ok((e, areas)) => {
                        endpoint.set(Some(e));
                        followed.set(areas);
                        editing.set(false);
                    }
                    Err(why) => error.set(Some(why)),
                }
                busy.set(false);
            });
        }
    };
    let turn_off = {
        move |_| {
            let Some(e) = endpoint.get_untracked() else { return };
            let code = code.get_value();
            busy.set(true);
            leptos::task::spawn_local(async move {
                match unfollow_area(e, code).await {
                    Ok(areas) => {
                        if areas.is_empty() {
                            push::unsubscribe().await;
                            endpoint.set(None);
                        }
                        followed.set(areas);
                    }
                    Err(why) => error.set(Some(why.to_string())),
                }
                busy.set(false);
            });
        }
    };
    let start_editing = move |_| {
        if let Some(a) = this_area.get_untracked() {
            severity.set(a.min_severity.as_str().to_string());
            quiet_from.set(a.quiet.map(|q| hhmm(q.from_min)).unwrap_or_default());
            quiet_to.set(a.quiet.map(|q| hhmm(q.to_min)).unwrap_or_default());
        }
        editing.set(true);
    };
    let choices = [
        (Severity::Info, "Everything"),
        (Severity::Advisory, "Advisories and warnings"),
        (Severity::Warning, "Warnings only"),
    ];
    view! {
            <section class="alerts-card" aria-labelledby="alerts-heading" data-testid="alerts-card">
                <h2 id="alerts-heading">"Alerts for " {area_label.get_value()}</h2>
                // Rendered on the server as the one-line offer (no layout shift when the app
                // starts); replaced by the hint if this browser turns out to have no push.
                <Show when=move || supported.get() != Some(false) fallback=|| view! {
                    <p class="hint">"This browser cannot show alerts. On iPhone and iPad, add Beat to your Home Screen first ("
                        <a href="/install">"how"</a> "), then open it from there."</p>
                }>
                    {move || match (this_area.get(), editing.get()) {
                        (Some(a), false) => view! {
                            <p class="alerts-on">
                                <strong>"Alerts on: "</strong>
                                {choices.iter().find(|(s, _)| *s == a.min_severity).map(|(_, l)| *l)}
                                {a.quiet.map(|q| format!(", quiet {}", q.label()))}
                                "."
                            </p>
                            <div class="button-row">
                                <button class="button" type="button" on:click=start_editing>"Change"</button>
                                <button class="button" type="button" on:click=turn_off disabled=move || busy.get()>"Turn off"</button>
                            </div>
                        }.into_any(),
                        (None, false) => view! {
                            <p class="alerts-offer">"Get a notification when something is posted for this area."</p>
                            <button class="button" type="button" on:click=move |_| editing.set(true)
                                disabled=move || supported.get().is_none()>"Set up alerts"</button>
                        }.into_any(),
                        _ => view! {
                            <form class="stack-form alerts-form" on:submit=turn_on>
                                <p class="hint">"A notification when something is posted for this area. Beat keeps only the area and these settings, never your location."</p>
                                <label for="alert-severity">"Tell me about"</label>
                                <select id="alert-severity" prop:value=move || severity.get()
                                    on:change=move |ev| severity.set(event_target_value(&ev))>
                                    {choices.iter().map(|(s, label)| view! {
                                        <option value=s.as_str() selected=*s == Severity::Advisory>{*label}</option>
                                    }).collect_view()}
                                </select>
                                <fieldset class="quiet-hours">
                                    <legend>"Quiet hours (optional)"</legend>
                                    <label for="quiet-from">"From"</label>
                                    <input id="quiet-from" type="time" prop:value=move || quiet_from.get()
                                        on:input=move |ev| quiet_from.set(event_target_value(&ev))/>
                                    <label for="quiet-to">"to"</label>
                                    <input id="quiet-to" type="time" prop:value=move || quiet_to.get()
                                        on:input=move |ev| quiet_to.set(event_target_value(&ev))/>
                                </fieldset>
                                <div class="button-row">
                                    <button class="button primary" type="submit" disabled=move || busy.get()>
                                        {move || if this_area.get().is_some() { "Save alert settings" } else { "Turn on alerts" }}
                                    </button>
                                    <button class="button" type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                                </div>
                            </form>
                        }.into_any(),
                    }}
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                </Show>
            </section>
    }
}
