use super::api::moderation_queue;
use super::api::Approved;
use super::queue_card::{Decided, QueueCard};
use crate::shell::error_page::ErrorNotice;
use crate::shell::form_error::plain_done;
use crate::shell::page_frame::PageFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/moderation`: reporters' notes waiting in your force's queue, oldest first.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let decided = RwSignal::new(None::<Decided>);
    let queue = Resource::new(move || decided.get(), |_| moderation_queue());
    // Without JavaScript, a decision comes back as `?done=…&id=…` (the cards' own actions are gone).
    let approved_plain = plain_done("approve_note");
    let rejected_plain = plain_done("reject_note");
    let notice = move || {
        match decided.get() {
        Some(Decided::Approved(Approved { update_id, scheduled_local: None })) => Some(view! {
            <p class="success" role="status">"Approved and published. " <a href=format!("/updates/{update_id}")>"See the published update"</a></p>
        }
        .into_any()),
        Some(Decided::Approved(Approved { scheduled_local: Some(when), .. })) => Some(view! {
            <p class="success" role="status">"Approved. Scheduled for " {when} ": nobody sees it, and no alert goes out, until then."</p>
        }
        .into_any()),
        Some(Decided::Rejected) => {
            Some(view! { <p class="success" role="status">"Rejected; the reporter will see your reason."</p> }.into_any())
        }
        None => match (approved_plain.get(), rejected_plain.get()) {
            (Some(update_id), _) => Some(view! {
                <p class="success" role="status">"Approved. It is public at "
                    <a href=format!("/updates/{update_id}")>{format!("update number {update_id}")}</a>
                    " from the time you chose."</p>
            }
            .into_any()),
            (None, Some(_)) => Some(
                view! { <p class="success" role="status">"Rejected; the reporter will see your reason."</p> }.into_any(),
            ),
            (None, None) => None,
        },
    }
    };
    view! {
        <Title text="Moderation"/>
        <PageFrame>
            <h1>"Notes to check"</h1>
            <p class="lede">"Highlighted text may identify a person or place. Publish only what is area-level."</p>
            {notice}
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(items) if items.is_empty() => view! { <p class="empty">"Nothing waiting. Well done."</p> }.into_any(),
                        // Keyed by note: a card is never reused for another note after a decision.
                        Ok(items) => view! {
                            <For each=move || items.clone() key=|item| (item.id, item.proposal.clone()) let:item>
                                <QueueCard item decided/>
                            </For>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Transition>
        </PageFrame>
    }
}
