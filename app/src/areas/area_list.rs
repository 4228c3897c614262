use super::area::AreaSummary;
use leptos::prelude::*;

/// Areas as a list of large links to their feeds; areas with areas inside them (a country's
/// forces or regions, a force's councils, a council's wards) also link to those.
#[component]
pub fn AreaList(areas: Vec<AreaSummary>) -> impl IntoView {
    view! {
        <ul class="area-list">
            {areas
                .into_iter()
                .map(|a| {
                    let context = match (&a.parent_name, a.name_alt.as_deref()) {
                        (Some(parent), Some(alt)) => format!("{} · {alt} · {parent}", a.level.label()),
                        (Some(parent), None) => format!("{} in {parent}", a.level.label()),
                        (None, _) => a.level.label().to_string(),
                    };
                    let wards = a.level.children_label(&a.code).map(|label| {
                        view! {
                            <a class="area-browse" href=format!("/areas?in={}", a.code)>
                                {label} <span class="visually-hidden">" in " {a.name.clone()}</span>
                            </a>
                        }
                    });
                    view! {
                        <li>
                            <a class="area-link" href=format!("/area/{}", a.code)>
                                <span class="area-name">{a.name.clone()}</span>
                                <span class="area-context">{context}</span>
                            </a>
                            {wards}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
