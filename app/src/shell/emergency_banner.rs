use crate::areas::area::EmergencyNumbers;
use leptos::prelude::*;

/// "Not for emergencies", with the numbers for the area's country. On every page.
#[component]
pub fn EmergencyBanner(numbers: EmergencyNumbers) -> impl IntoView {
    let EmergencyNumbers { country_name, emergency, non_emergency } = numbers;
    let tel = |n: &str| format!("tel:{}", n.replace(' ', ""));
    view! {
        <aside class="emergency" aria-label="Not for emergencies">
            <p>
                <strong>"Not for emergencies. "</strong>
                "If life is in danger or a crime is happening now, call "
                <a class="emergency-number" href=tel(&emergency)>{emergency.clone()}</a>
                {non_emergency.map(|n| view! {
                    ". For non-emergencies call " <a href=tel(&n)>{n.clone()}</a>
                })}
                <span class="emergency-country">" (" {country_name} ")"</span>
                "."
            </p>
        </aside>
    }
}
