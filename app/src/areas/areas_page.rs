use super::api::{area_children, get_area};
use super::area::{uk_nation, AreaSummary};
use super::area_list::AreaList;
use super::area_search::AreaSearch;
use super::locate_button::LocateButton;
use crate::error::AppError;
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/areas` ("Change area"): use my location, search by name (`?q=`), or browse: countries,
/// then a country's police forces (by UK nation) or regions, a force's councils and a
/// council's wards (`?in=CODE`).
#[component]
pub fn AreasPage() -> impl IntoView {
    let query = use_query_map();
    let q = query.with_untracked(|m| m.get("q").unwrap_or_default());
    let within = move || query.with(|m| m.get("in").filter(|c| !c.is_empty()));
    // One resource for both answers: several resources resolving in parallel under one
    // Suspense can lose a wake-up during server rendering (leptos-rs/leptos#4698).
    let browse = Resource::new(within, |code| async move {
        let heading = match &code {
            Some(code) => {
                let area = get_area(Some(code.clone())).await?.area;
                let what = area.level.children_label(&area.code).unwrap_or("Areas");
                format!("{what} in {}", area.name)
            }
            None => "Countries".to_string(),
        };
        Ok::<_, AppError>((heading, area_children(code).await?))
    });
    view! {
        <Title text="Find your area"/>
        <PageFrame>
            <h1>"Find your area"</h1>
            <LocateButton/>
            <AreaSearch initial=q/>
            <Suspense fallback=|| view! { <p>"Loading areas…"</p> }>
                {move || Suspend::new(async move {
                    match browse.await {
                        Ok((heading, list)) => view! {
                            <section aria-labelledby="browse-heading">
                                <h2 id="browse-heading">{heading}</h2>
                                {by_nation(list)
                                    .into_iter()
                                    .map(|(nation, list)| match nation {
                                        Some(nation) => view! {
                                            <h3>{nation}</h3>
                                            <AreaList areas=list/>
                                        }
                                        .into_any(),
                                        None => view! { <AreaList areas=list/> }.into_any(),
                                    })
                                    .collect_view()}
                            </section>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}

/// The UK's police forces under their nations (England, Wales, Scotland, Northern Ireland),
/// in that order; any other list as one untitled group.
fn by_nation(list: Vec<AreaSummary>) -> Vec<(Option<&'static str>, Vec<AreaSummary>)> {
    let is_forces = !list.is_empty() && list.iter().all(|a| a.level == super::area::AreaLevel::Force);
    if !is_forces {
        return vec![(None, list)];
    }
    let mut groups: Vec<(Option<&'static str>, Vec<AreaSummary>)> = Vec::new();
    for nation in ["England", "Wales", "Scotland", "Northern Ireland"] {
        let forces: Vec<_> = list.iter().filter(|a| uk_nation(&a.code) == Some(nation)).cloned().collect();
        if !forces.is_empty() {
            groups.push((Some(nation), forces));
        }
    }
    let rest: Vec<_> = list.into_iter().filter(|a| uk_nation(&a.code).is_none()).collect();
    if !rest.is_empty() {
        groups.push((None, rest));
    }
    groups
}
