use super::api::{country_of_cell, locate_cell};
use super::area::AreaSummary;
use super::area_list::AreaList;
use super::cell::CellId;
use super::locate::{pick_area, Located};
use crate::browser::geolocation::request_position;
use crate::browser::remembered_area::{remember_area, remember_numbers};
use crate::shell::emergency_banner::CurrentNumbers;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[derive(Clone, Debug, PartialEq)]
enum Finding {
    Idle,
    Working,
    Choose(Vec<AreaSummary>),
    Failed(String),
}

/// "Use my location": asks the phone where it is, sends only the coarse cell, and picks
/// the ward on the device. Needs JavaScript; without it the button stays disabled and
/// the area search below does the job.
#[component]
pub fn LocateButton() -> impl IntoView {
    let state = RwSignal::new(Finding::Idle);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let navigate = use_navigate();
    let banner = use_context::<CurrentNumbers>();

    let find = move |_| {
        state.set(Finding::Working);
        let navigate = navigate.clone();
        request_position(move |answer| match answer {
            Err(why) => state.set(Finding::Failed(why.message().into())),
            Ok(position) => spawn_local(async move {
                let cell = CellId::containing(position);
                match locate_cell(Some(cell.to_string())).await {
                    Err(err) => state.set(Finding::Failed(err.to_string())),
                    Ok(candidates) => match pick_area(position, &candidates) {
                        Located::Inside(area) => {
                            remember_area(area.code.as_str());
                            navigate(&format!("/area/{}", area.code), Default::default());
                        }
                        Located::Nearby(list) if !list.is_empty() => state.set(Finding::Choose(list)),
                        // Outside every ward: say which country's numbers to call, if Beat knows it.
                        Located::Nearby(_) => {
                            let country = country_of_cell(Some(cell.to_string())).await.ok().flatten();
                            let message = match &country {
                                Some(c) => format!(
                                    "Beat has no area where you are in {}. In an emergency there, call {}. \
                                     You can still pick an area below.",
                                    c.area.name, c.numbers.emergency
                                ),
                                // No outline holds the point: abroad, or at sea (outlines stop at the
                                // coast), and Beat cannot tell which.
                                None => "You are outside every area Beat covers, and Beat can't tell which \
                                         country you are in: you may be abroad or at sea. In an emergency \
                                         call the local number: 112 works from most mobile phones in Europe, \
                                         999 in the UK (at sea or on the coast, ask for the Coastguard), 911 \
                                         in North America. You can still pick an area below."
                                    .into(),
                            };
                            let numbers = country.map(|c| c.numbers);
                            remember_numbers(numbers.as_ref());
                            if let Some(CurrentNumbers(banner)) = banner {
                                banner.set(numbers);
                            }
                            state.set(Finding::Failed(message));
                        }
                    },
                }
            }),
        });
    };

    view! {
        <div class="locate">
            <button
                class="button primary"
                type="button"
                on:click=find
                disabled=move || !hydrated.get() || state.get() == Finding::Working
            >
                {move || if state.get() == Finding::Working { "Finding your area…" } else { "Use my location" }}
            </button>
            // Before the app has started (seconds on a slow phone) the button is not dead: it says so.
            {move || (!hydrated.get()).then(|| view! {
                <p class="hint locate-wait">"Getting ready… (or pick your area below)"</p>
            })}
            <noscript>
                <p class="hint">"Turn on JavaScript to find your area from your location, or pick it below."</p>
            </noscript>
            <div class="locate-status" role="status" aria-live="polite">
                {move || match state.get() {
                    Finding::Idle | Finding::Working => ().into_any(),
                    Finding::Failed(message) => view! { <p class="notice">{message}</p> }.into_any(),
                    Finding::Choose(list) => view! {
                        <p>"You're near more than one area. Which is yours?"</p>
                        <AreaList areas=list/>
                    }
                    .into_any(),
                }}
            </div>
        </div>
    }
}
