use super::api::get_update;
use super::share_button::ShareButton;
use super::update_card::UpdateBadges;
use crate::shell::error_page::ErrorPage;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/updates/:id`: one update in full.
#[component]
pub fn UpdatePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = move || (params.with(|p| p.get("id")), query.with(|q| q.get("area")));
    let detail = Resource::new(args, |(id, area)| get_update(id, area));
    view! {
        <Suspense fallback=|| view! { <PageFrame><p>"Loading…"</p></PageFrame> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => {
                        let item = d.item;
                        let back = format!("/area/{}", d.context.area.code);
                        view! {
                            <Title text=item.title.clone()/>
                            <PageFrame numbers=d.context.numbers.clone()>
                                <p><a href=back>"← Updates for " {d.context.area.name.clone()}</a></p>
                                <article class=format!("update kind-{}", item.kind.as_str())>
                                    <UpdateBadges kind=item.kind severity=item.severity is_demo=item.is_demo/>
                                    <h1 dir="auto">{item.title.clone()}</h1>
                                    {d.expired.then(|| view! { <p class="notice">"This update has expired and no longer shows in feeds."</p> })}
                                    <p class="update-body" dir="auto">{item.body}</p>
                                    <dl class="update-facts">
                                        <dt>"From"</dt><dd>{match item.byline {
                                            Some(name) => format!("{name} (community reporter), out with {}", item.source_name),
                                            None => item.source_name,
                                        }}</dd>
                                        {item.event_local.map(|when| view! { <dt>"When"</dt><dd>{when}</dd> })}
                                        <dt>"Area"</dt><dd>{item.area_name}</dd>
                                        <dt>"Published"</dt><dd><time datetime=item.published_utc>{item.published_local}</time></dd>
                                        {item.expires_local.map(|e| view! { <dt>"Until"</dt><dd>{e}</dd> })}
                                        // Only http(s) links are ever stored (feeds::item::safe_link).
                                        {item.original_url.map(|url| view! {
                                            <dt>"Original"</dt><dd><a href=url rel="noopener nofollow">"Read it on the publisher's site"</a></dd>
                                        })}
                                    </dl>
                                    <ShareButton title=item.title.clone() path=format!("/updates/{}", item.id)/>
                                </article>
                            </PageFrame>
                        }
                        .into_any()
                    }
                    Err(error) => view! {
                        <ErrorPage title="Update not found" heading="We couldn't show this update" error
                            next_href="/?pick=1" next_text="Back to Beat"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
