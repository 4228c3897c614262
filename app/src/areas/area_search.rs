use super::api::search_areas;
use super::area_list::AreaList;
use crate::shell::error_page::ErrorNotice;
use leptos::prelude::*;

/// Find an area by name. A plain GET form to `/areas` that works without JavaScript;
/// with it, results appear as you type.
#[component]
pub fn AreaSearch(initial: String) -> impl IntoView {
    let query = RwSignal::new(initial);
    let results = Resource::new(move || query.get(), |q| async move { search_areas(Some(q)).await });
    view! {
        <form class="search" action="/areas" method="get" role="search">
            <label for="area-q">"Ward, town or council"</label>
            <div class="search-row">
                <input
                    id="area-q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    maxlength="60"
                    placeholder="e.g. Cathays, Glasgow, Auckland"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button class="button" type="submit">"Search"</button>
            </div>
        </form>
        <div class="search-results" aria-live="polite">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let q = query.get_untracked();
                    match results.await {
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                        Ok(list) if list.is_empty() && !q.trim().is_empty() => {
                            view! {
                                <p class="empty">"No area matches “" {q} "”."</p>
                                <p class="hint">"Beat covers every ward in the UK and the regions of New Zealand, Australia, "
                                    "Canada, Sweden, Iceland, the Netherlands and Finland. Try part of the ward, town or "
                                    "council name (“Cathays”, “Ynys Mon”), or "
                                    <a href="/areas">"browse by country, police force and council"</a> "."</p>
                            }
                            .into_any()
                        }
                        Ok(list) => view! { <AreaList areas=list/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
