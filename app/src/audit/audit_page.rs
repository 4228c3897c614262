use super::api::audit_log;
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/admin/audit`: the newest audit entries, with the text before and after each change.
#[component]
pub fn AuditPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text="Audit log"/>
        <PageFrame>
            <h1>"Audit log"</h1>
            <p class="hint">"Append-only: entries cannot be changed or deleted. Times are UTC."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(list) => view! {
                            <ol class="audit">
                                {list.into_iter().map(|e| {
                                    view! {
                                        <li>
                                            <p><strong>{e.action}</strong> " " {e.subject} " " {e.subject_id.map(|i| format!("#{i}"))}
                                               " by " {e.actor.unwrap_or_else(|| "server CLI".into())} " at " {e.at_utc}</p>
                                            {e.reason.map(|r| view! { <p>"Reason: " {r}</p> })}
                                            {e.before_json.map(|b| view! { <details><summary>"Before"</summary><pre>{b}</pre></details> })}
                                            {e.after_json.map(|a| view! { <details><summary>"After"</summary><pre>{a}</pre></details> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
