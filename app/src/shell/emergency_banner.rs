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
                "Call "
                <a class="emergency-number" href=tel(&emergency)>{emergency.clone()}</a>
                " if life is in danger or a crime is happening now."
                {non_emergency.map(|n| view! { " Non-emergency: " <a href=tel(&n)>{n.clone()}</a> "." })}
                <span class="emergency-country">" (" {country_name} ")"</span>
            </p>
        </aside>
    }
}
