use super::area::{AreaLevel, AreaSummary};
use leptos::prelude::*;

/// Areas as a list of large links to their feeds; councils also link to their wards.
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
                    let wards = (a.level == AreaLevel::Council).then(|| {
                        view! {
                            <a class="area-browse" href=format!("/areas?in={}", a.code)>
                                "Wards" <span class="visually-hidden">" in " {a.name.clone()}</span>
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
