use crate::qa::api::AskQuestion;
use crate::shell::form_error::{action_error, FieldError, FormError};
use leptos::form::ActionForm;
use leptos::html::Textarea;
use leptos::prelude::*;

/// The question form of an open session. A plain form: without JavaScript the server sends
/// the page back with `?asked=…` (`asked`), or with the error.
#[component]
pub fn AskForm(session_id: i64, ask: ServerAction<AskQuestion>, asked: Signal<bool>) -> impl IntoView {
    let error = action_error(&ask);
    let text = NodeRef::<Textarea>::new();
    // Set once hydrated, so a test (or a script) knows the form is live.
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    // Taken: empty the box for the next question.
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(area)) = (ask.value().get(), text.get()) {
            area.set_value("");
        }
    });
    let thanks = move || {
        let taken = matches!(ask.value().get(), Some(Ok(_))) || (asked.get() && error.get().is_none());
        taken.then(|| {
            view! {
                <p class="success" role="status">
                    "Thank you. Your question is waiting for the team to check it. "
                    "If they answer it, the answer appears on this page and in the area's updates."
                </p>
            }
        })
    };
    view! {
        <section class="qa-ask" aria-labelledby="qa-ask-heading" data-ready=move || ready.get().then_some("true")>
            <h2 id="qa-ask-heading">"Ask a question"</h2>
            <p class="hint">
                "No account needed. Questions are checked before they are answered in public, so leave out names, "
                "addresses, phone numbers and anything else that could identify someone. "
                "This is not the way to report a crime: if it is happening now or life is in danger, call the "
                "emergency number at the top of this page; otherwise call the non-emergency number there, or "
                "report it on your police force's website."
            </p>
            <ActionForm action=ask attr:class="stack-form qa-ask-form">
                <input type="hidden" name="session" value=session_id/>
                <label for="question">"Your question"</label>
                <textarea id="question" name="question" rows="4" minlength="10" maxlength="500" required node_ref=text></textarea>
                <FieldError error field="question"/>
                <FormError error/>
                <button class="button primary" type="submit" disabled=move || ask.pending().get()>"Send question"</button>
            </ActionForm>
            {thanks}
        </section>
    }
}
