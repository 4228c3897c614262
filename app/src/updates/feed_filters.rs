use super::kind::UpdateKind;
use leptos::prelude::*;

/// Filter by kind and source: a GET form, so it works without JavaScript. Folded away
/// (a native `<details>`) unless a filter is on, so the updates come first on a phone.
#[component]
pub fn FeedFilters(
    area: String,
    kind: Option<String>,
    source: Option<String>,
    sources: Vec<(String, String)>,
) -> impl IntoView {
    let kind = kind.unwrap_or_default();
    let source = source.unwrap_or_default();
    let active = !kind.is_empty() || !source.is_empty();
    view! {
        <details class="filters" open=active>
        <summary>{if active { "Filtered: change or clear" } else { "Filter updates" }}</summary>
        <form action=format!("/area/{area}") method="get">
            <div class="field">
                <label for="filter-kind">"Kind"</label>
                <select id="filter-kind" name="kind">
                    <option value="" selected=kind.is_empty()>"All kinds"</option>
                    {UpdateKind::ALL
                        .iter()
                        .map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{k.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-source">"From"</label>
                <select id="filter-source" name="source">
                    <option value="" selected=source.is_empty()>"Everyone"</option>
                    {sources
                        .into_iter()
                        .map(|(slug, name)| {
                            let selected = source == slug;
                            view! { <option value=slug selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button class="button" type="submit">"Show"</button>
            {active.then(|| view! { <a class="button" href=format!("/area/{area}")>"Clear"</a> })}
        </form>
        </details>
    }
}
