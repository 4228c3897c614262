use crate::qa::api::AnsweredQuestion;
use leptos::prelude::*;

/// The questions a session's team has answered, newest answer first.
#[component]
pub fn AnswerList(answered: Vec<AnsweredQuestion>) -> impl IntoView {
    if answered.is_empty() {
        return view! { <p class="empty">"No answers yet."</p> }.into_any();
    }
    view! {
        <ul class="cards">
            {answered.into_iter().map(|a| view! {
                <li class="card qa-answer" id=format!("qa-answer-{}", a.id)>
                    <p class="qa-question"><strong>"Q: "</strong>{a.question}</p>
                    <p class="qa-reply"><strong>"A: "</strong>{a.answer}</p>
                    <p class="card-source">
                        {a.team_name} " · " {a.answered_local} " · "
                        <a href=format!("/updates/{}", a.update_id)>"Share this answer"</a>
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
