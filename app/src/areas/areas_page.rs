use super::api::{area_children, get_area};
use super::area_list::AreaList;
use super::area_search::AreaSearch;
use super::locate_button::LocateButton;
use crate::error::AppError;
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/areas` ("Change area"): use my location, search by name (`?q=`), or browse councils and
/// the wards in one (`?in=CODE`).
#[component]
pub fn AreasPage() -> impl IntoView {
    let query = use_query_map();
    let q = query.with_untracked(|m| m.get("q").unwrap_or_default());
    let within = move || query.with(|m| m.get("in").filter(|c| !c.is_empty()));
    // One resource for both answers: several resources resolving in parallel under one
    // Suspense can lose a wake-up during server rendering (leptos-rs/leptos#4698).
    let browse = Resource::new(within, |code| async move {
        let heading = match &code {
            Some(code) => format!("Wards in {}", get_area(Some(code.clone())).await?.area.name),
            None => "Councils".to_string(),
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
                                <AreaList areas=list/>
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
