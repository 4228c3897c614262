use super::api::get_feed;
use super::feed::FeedPage as Page;
use super::feed_filters::FeedFilters;
use crate::areas::area::AreaContext;
use crate::areas::area_list::AreaList;
use crate::browser::remembered_area::{remember_area, remember_numbers};
use crate::feeds::subscribe::Subscribe;
use crate::live::live_feed::{use_area_stream, LiveAreaUpdates, RenderedCard};
use crate::push::alerts_card::AlertsCard;
use crate::pwa::install_button::InstallCard;
use crate::shell::error_page::ErrorPage;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/area/:code`: the updates for an area and the areas above it, newest first.
/// Server-rendered in full, so it reads the same with JavaScript off.
#[component]
pub fn FeedPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        let q = query.get();
        (params.with(|p| p.get("code")), q.get("kind"), q.get("source"), q.get("cursor"), q.get("limit"))
    };
    let feed = Resource::new(args, |(area, kind, source, cursor, limit)| get_feed(area, kind, source, cursor, limit));

    view! {
        <Suspense fallback=|| view! { <PageFrame><p>"Loading updates…"</p></PageFrame> }>
            {move || Suspend::new(async move {
                let (_, kind, source, cursor, _) = args();
                match feed.await {
                    Ok(page) => view! { <FeedView page kind source paged=cursor.is_some()/> }.into_any(),
                    Err(error) => view! {
                        <ErrorPage title="Area not found" heading="We couldn't show this area" error
                            next_href="/areas" next_text="Find your area"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FeedView(page: Page, kind: Option<String>, source: Option<String>, paged: bool) -> impl IntoView {
    let Page { context, items, next_cursor, sources, as_of_local, live_after } = page;
    let code = context.area.code.to_string();
    // A retired ward is not remembered as the resident's area: its page points to the new ones.
    if context.area.level.is_placeable() && context.replaced_by.is_none() {
        let (code, numbers) = (code.clone(), context.numbers.clone());
        Effect::new(move |_| {
            remember_area(&code);
            remember_numbers(Some(&numbers));
        });
    }
    // Back from an update: where the resident was, once the updates are on the page.
    Effect::new(|_| crate::browser::scroll_memory::restore_here());
    let filter_args = {
        let mut s = String::new();
        for (key, value) in [("kind", &kind), ("source", &source)] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                s.push_str(&format!("&{key}={v}"));
            }
        }
        s
    };
    let older = next_cursor.map(|c| format!("/area/{code}?cursor={c}{filter_args}"));
    let newest = paged.then(|| format!("/area/{code}?{}", filter_args.trim_start_matches('&')));
    let empty = items.is_empty();
    // New updates stream in on the newest page only: older pages are for reading back.
    let stream = (!paged).then(|| use_area_stream(&code, live_after, kind.as_deref(), source.as_deref()));
    let live = stream.map(|stream| view! { <LiveAreaUpdates code=code.clone() stream/> });
    view! {
        <Title text=format!("Updates for {}", context.area.name)/>
        <PageFrame numbers=context.numbers.clone() as_of=as_of_local>
            <AreaHeading context=context.clone()/>
            // No alerts for a retired ward: its page sends the resident to the current ones.
            {context.replaced_by.is_none().then(|| view! {
                <AlertsCard code=code.clone() area_name=context.area.name.clone()/>
            })}
            <FeedFilters area=code.clone() kind source sources/>
            <section class="feed" aria-label="Updates">
                {live}
                {empty.then(|| view! { <p class="empty">"No updates match. Try all kinds, or come back later."</p> })}
                {items.into_iter().map(|item| view! { <RenderedCard item area=code.clone() stream/> }).collect_view()}
            </section>
            // Below the updates: it appears only once the browser offers to install, and
            // must not push the feed down when it does.
            <InstallCard/>
            <nav class="pager" aria-label="More updates">
                {newest.map(|href| view! { <a class="button" href=href>"Newest"</a> })}
                {older.map(|href| view! { <a class="button" rel="next" href=href>"Older updates"</a> })}
            </nav>
            // After the updates: on a phone the first screen is for the first update.
            <Subscribe code=code.clone() area_name=context.area.name.clone()/>
        </PageFrame>
    }
}

/// The area's name, its Welsh name if any, and the chain above it.
#[component]
fn AreaHeading(context: AreaContext) -> impl IntoView {
    let above = context
        .ancestors
        .iter()
        .map(|a| view! { <li><a href=format!("/area/{}", a.code)>{a.name.clone()}</a></li> })
        .collect_view();
    view! {
        <div class="area-heading">
            <p class="eyebrow">{context.area.level.label()}</p>
            <h1>{context.area.name.clone()}</h1>
            {context.area.name_alt.clone().map(|alt| view! { <p class="alt-name" lang="cy">{alt}</p> })}
            {context.boundary_notice().map(|notice| view! {
                <p class="boundary-notice" role="note">{notice}" "<a href="/areas">"Find your area by name"</a></p>
            })}
            {context.retired_notice().map(|notice| {
                let now = context.replaced_by.clone().unwrap_or_default();
                view! {
                    <div class="boundary-notice" role="note">
                        <p>{notice}" "{if now.is_empty() { "" } else { "Its streets are now in:" }}</p>
                        {(!now.is_empty()).then(|| view! { <AreaList areas=now/> })}
                        <p><a href="/areas">"Find your area by name"</a></p>
                    </div>
                }
            })}
            // A country has nothing above it: no "Including updates for:" followed by nothing.
            {(!context.ancestors.is_empty()).then(|| view! {
                <p class="area-includes">"Including updates for:"</p>
                <ol class="breadcrumb">{above}</ol>
            })}
        </div>
    }
}
