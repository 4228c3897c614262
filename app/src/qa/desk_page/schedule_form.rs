use crate::qa::api::ScheduleQaSession;
use crate::shell::form_error::{action_error, FieldError, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Title, area, opening time (local to the area) and length of a new session.
#[component]
pub fn ScheduleForm(
    action: ServerAction<ScheduleQaSession>,
    areas: Vec<(String, String)>,
    default_start: String,
) -> impl IntoView {
    let error = action_error(&action);
    view! {
        <ActionForm action attr:class="stack-form qa-schedule-form">
            <label for="qa-title">"Title"</label>
            <input id="qa-title" name="title" maxlength="100" required placeholder="#askGMP: City Centre"/>
            <FieldError error field="title"/>
            <label for="qa-area">"Area"</label>
            <crate::publishing::area_choice::AreaChoice id="qa-area" choices=areas/>
            <FieldError error field="area"/>
            <label for="qa-starts">"Opens (local time in the area)"</label>
            <input id="qa-starts" name="starts" type="datetime-local" value=default_start required/>
            <FieldError error field="starts"/>
            <label for="qa-duration">"Open for (minutes)"</label>
            <input id="qa-duration" name="duration_minutes" type="number" min="15" max="240" step="5" value="60" required/>
            <FieldError error field="duration_minutes"/>
            <FormError error/>
            <button class="button primary" type="submit" disabled=move || action.pending().get()>"Schedule session"</button>
        </ActionForm>
    }
}
