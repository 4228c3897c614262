use crate::areas::area::EmergencyNumbers;
use leptos::prelude::*;

/// The numbers a page's banner shows: its country's when the page knows it (an area's page),
/// otherwise none, and the banner gives guidance instead of guessing a country.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BannerNumbers(pub Option<EmergencyNumbers>);

impl From<EmergencyNumbers> for BannerNumbers {
    fn from(numbers: EmergencyNumbers) -> Self {
        BannerNumbers(Some(numbers))
    }
}

impl From<Option<EmergencyNumbers>> for BannerNumbers {
    fn from(numbers: Option<EmergencyNumbers>) -> Self {
        BannerNumbers(numbers)
    }
}

/// The banner's numbers, for a part of the page that learns the resident's country later
/// (finding the location on the home page): setting it changes the banner.
#[derive(Clone, Copy)]
pub struct CurrentNumbers(pub RwSignal<Option<EmergencyNumbers>>);

/// Lets the banner's numbers be changed from inside the page (see [`CurrentNumbers`]). A page
/// with no country of its own shows, once the app runs, the numbers of the country the
/// resident was last found in (kept on the device).
pub fn provide_numbers(numbers: Option<EmergencyNumbers>) -> RwSignal<Option<EmergencyNumbers>> {
    let own = numbers.is_some();
    let signal = RwSignal::new(numbers);
    provide_context(CurrentNumbers(signal));
    if !own {
        Effect::new(move |_| {
            if let Some(remembered) = crate::browser::remembered_area::remembered_numbers() {
                signal.set(Some(remembered));
            }
        });
    }
    signal
}

/// "Not for emergencies", with the numbers for the country the resident is in when it is
/// known; otherwise says so and lists the numbers of the countries Beat serves. On every page.
#[component]
pub fn EmergencyBanner(numbers: RwSignal<Option<EmergencyNumbers>>) -> impl IntoView {
    let tel = |n: &str| format!("tel:{}", n.replace(' ', ""));
    let known = move |n: EmergencyNumbers| {
        let EmergencyNumbers { country_name, emergency, non_emergency } = n;
        view! {
            <strong>"Not for emergencies. "</strong>
            "Call "
            <a class="emergency-number" href=tel(&emergency)>{emergency.clone()}</a>
            " if life is in danger or a crime is happening now."
            {non_emergency.map(|n| view! { " Non-emergency: " <a href=tel(&n)>{n.clone()}</a> "." })}
            <span class="emergency-country">" (" {country_name} ")"</span>
        }
        .into_any()
    };
    let unknown = move || {
        view! {
            <strong>"Not for emergencies. "</strong>
            "If life is in danger or a crime is happening now, call the local emergency number: "
            <a class="emergency-number" href="tel:999">"999"</a> " in the UK, "
            <a href="tel:112">"112"</a> " in Europe, "
            <a href="tel:911">"911"</a> " in Canada, "
            <a href="tel:000">"000"</a> " in Australia, "
            <a href="tel:111">"111"</a> " in New Zealand."
            <span class="emergency-country">" (Beat does not know which country you are in.)"</span>
        }
        .into_any()
    };
    view! {
        <aside class="emergency" aria-label="Not for emergencies">
            <p>{move || match numbers.get() {
                Some(n) => known(n),
                None => unknown(),
            }}</p>
        </aside>
    }
}
