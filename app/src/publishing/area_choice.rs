use super::api::publish_area_choices;
use leptos::prelude::*;

/// The area a staff form publishes to: a text field that suggests, as it is typed in, the
/// areas this account may publish to (its own area and everything inside it, down to a
/// force's wards), instead of a list of a thousand wards. The server takes a name as typed
/// or picked ("Piccadilly (Manchester)") or an area code, so the field also works before
/// the app has started and without JavaScript; an ambiguous name is a field error naming
/// the candidates.
#[component]
pub fn AreaChoice(id: &'static str, choices: Vec<(String, String)>) -> impl IntoView {
    let first = choices.first().map(|(_, label)| label.clone()).unwrap_or_default();
    let initial: Vec<String> = choices.into_iter().map(|(_, label)| label).collect();
    let suggestions = RwSignal::new(initial.clone());
    // Answers can arrive out of order: only the newest question's answer is shown.
    let asked = StoredValue::new(0u64);
    let on_input = move |ev| {
        let q = event_target_value(&ev);
        if q.trim().chars().count() < 2 {
            suggestions.set(initial.clone());
            return;
        }
        let n = asked.get_value() + 1;
        asked.set_value(n);
        leptos::task::spawn_local(async move {
            if let Ok(found) = publish_area_choices(Some(q)).await {
                if asked.get_value() == n {
                    suggestions.set(found);
                }
            }
        });
    };
    let list_id = format!("{id}-choices");
    view! {
        <input id=id name="area" type="text" list=list_id.clone() autocomplete="off" required maxlength="200"
            value=first on:input=on_input/>
        <datalist id=list_id>
            <For each=move || suggestions.get() key=|label| label.clone() let:label>
                <option value=label></option>
            </For>
        </datalist>
        <p class="hint">"Type part of a ward, council or force name for suggestions."</p>
    }
}
