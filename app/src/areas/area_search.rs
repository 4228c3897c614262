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
                    placeholder="e.g. Cathays, Bolton"
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
                                <p class="hint">"Beat covers Greater Manchester and Cardiff so far. If that's where you are, try part of "
                                    "the ward or council name (“Cathays”, “Bolton”), or "
                                    <a href="/areas">"browse every council and ward"</a>
                                    ". Elsewhere, your police force's and council's own websites have their news."</p>
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
