use super::api::moderation_queue;
use super::queue_card::{Decided, QueueCard};
use crate::areas::area::EmergencyNumbers;
use crate::shell::error_page::ErrorNotice;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/moderation`: reporters' notes waiting in your force's queue, oldest first.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let decided = RwSignal::new(None::<Decided>);
    let queue = Resource::new(move || decided.get(), |_| moderation_queue());
    let notice = move || {
        decided.get().map(|d| match d {
            Decided::Approved(id) => view! {
                <p class="success" role="status">"Approved. " <a href=format!("/updates/{id}")>"See the published update"</a></p>
            }
            .into_any(),
            Decided::Rejected => {
                view! { <p class="success" role="status">"Rejected; the reporter will see your reason."</p> }.into_any()
            }
        })
    };
    view! {
        <Title text="Moderation"/>
        <PageFrame numbers=EmergencyNumbers::default_uk()>
            <h1>"Notes to check"</h1>
            <p class="lede">"Highlighted text may identify a person or place. Publish only what is area-level."</p>
            {notice}
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">"Nothing waiting. Well done."</p> }.into_any(),
                        Ok(items) => items.into_iter().map(|item| view! { <QueueCard item decided/> }).collect_view().into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </PageFrame>
    }
}
