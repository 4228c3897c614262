//! Answering a question in public: the question and answer are published as a Q&A answer in
//! the session's area, and show on the session's page.

use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    super::desk::{already, own_question, require_desk, ANSWER},
    super::now_ms,
    crate::audit::store::Record,
    crate::error::with_status,
    crate::publishing::pipeline::{privacy_check, Publishing},
    crate::qa::store,
    crate::qa::{answer_body, answer_title, QuestionStatus},
    crate::state::app_state,
    crate::updates::kind::{Severity, UpdateKind},
    crate::updates::store::NewUpdate,
    serde_json::json,
};

/// Answers an approved question in public: publishes the question and `answer` as a Q&A
/// answer in the session's area and shows it on the session page. An answer the privacy
/// guard flags is refused unless `override_reason` says why it must go out as written (audited).
#[server(endpoint = "answer_question")]
pub async fn answer_question(
    id: Option<String>,
    answer: Option<String>,
    override_reason: Option<String>,
) -> Result<i64, AppError> {
    with_status(async move {
        let user = require_desk().await?;
        let state = app_state()?;
        let (question, session) = own_question(&state.pool, &user, id.as_deref()).await?;
        if question.status != QuestionStatus::Approved {
            return Err(already(question.status));
        }
        let answer = ANSWER.clean(answer.as_deref().unwrap_or_default())?;
        let title = answer_title(&question.text);
        let body = answer_body(&question.text, &answer);
        // The question passed the guard when it was asked, so what it flags is in the answer.
        let reason = privacy_check(&title, &body, override_reason.as_deref()).map_err(|e| match e {
            AppError::Invalid { field, message } if field == "body" => AppError::invalid("answer", message),
            other => other,
        })?;
        let now = now_ms();
        let mut publishing = Publishing::begin(&state.pool, now).await?;
        let areas = [session.area_code.as_str()];
        let update = NewUpdate {
            kind: UpdateKind::QaAnswer,
            severity: Severity::Info,
            title: &title,
            body: &body,
            source_id: session.source_id,
            account_id: None,
            published_at_ms: now,
            expires_at_ms: None,
            // An answer given in a demo session is demo data too.
            is_demo: session.is_demo,
            area_codes: &areas,
            author_id: Some(user.id),
            byline: None,
            starts_at_ms: None,
            ends_at_ms: None,
            client_key: None,
        };
        let update_id = publishing.insert(&update).await?;
        if !store::mark_answered(publishing.tx(), question.id, &answer, update_id, Some(user.id), now).await? {
            return Err(AppError::Conflict("Someone else has just answered or rejected this question.".into()));
        }
        let record = Record {
            actor_id: Some(user.id),
            action: if reason.is_some() { "qa_question.answer_override" } else { "qa_question.answer" },
            subject: "qa_question",
            subject_id: Some(question.id),
            before: Some(json!({ "status": "approved", "text": question.text })),
            after: Some(json!({ "status": "answered", "answer": answer, "update_id": update_id })),
            reason: reason.as_deref(),
        };
        publishing.audit(record).await?;
        publishing.commit(Some(&state)).await?;
        Ok(update_id)
    })
    .await
}
