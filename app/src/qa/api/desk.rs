//! The officers' side of Q&A sessions: schedule one for an area their team or council
//! publishes to, then approve or reject its questions and answer them in public.

use super::SessionSummary;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::{now_ms, summary, zone_of},
    crate::accounts::user::User,
    crate::audit::store::{append, Record},
    crate::error::with_status,
    crate::qa::store::{self as store, NewSession, QuestionRow, SessionRow},
    crate::qa::{QuestionStatus, Session},
    crate::state::app_state,
    crate::text::{parse_id, Field},
    crate::updates::feed::local_label,
    serde_json::json,
    sqlx::AnyPool,
};

/// A question as the desk shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskQuestion {
    pub id: i64,
    pub text: String,
    pub asked_local: String,
}

/// One of the team's sessions with the questions that need someone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSession {
    pub summary: SessionSummary,
    /// Waiting for approval or rejection, oldest first.
    pub pending: Vec<DeskQuestion>,
    /// Approved, waiting for an answer, oldest first.
    pub approved: Vec<DeskQuestion>,
    pub answered: usize,
}

/// `/publish/ask`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaDesk {
    pub source_name: String,
    /// (code, name) of the areas this account may hold a session for.
    pub areas: Vec<(String, String)>,
    /// Now, in the team's zone, as a `datetime-local` value: the start the form suggests.
    pub default_start: String,
    /// Sessions open, to come, or closed in the last week; newest first.
    pub sessions: Vec<DeskSession>,
}

#[cfg(feature = "ssr")]
const SESSION_TITLE: Field = Field { name: "title", label: "The title", min: 5, max: 100, multiline: false };
#[cfg(feature = "ssr")]
pub(super) const ANSWER: Field = Field { name: "answer", label: "The answer", min: 10, max: 3000, multiline: true };
#[cfg(feature = "ssr")]
const REASON: Field = Field { name: "reason", label: "The reason", min: 5, max: 300, multiline: false };
#[cfg(feature = "ssr")]
const DESK_WEEK_MS: i64 = 7 * 24 * 3_600_000;

#[cfg(feature = "ssr")]
pub(super) async fn require_desk() -> Result<User, AppError> {
    crate::accounts::session::require_publisher("hold Q&A sessions").await
}

#[cfg(feature = "ssr")]
fn source_of(user: &User) -> Result<&crate::accounts::user::SourceScope, AppError> {
    user.source.as_ref().ok_or_else(|| AppError::internal("publisher without source", user.id))
}

#[cfg(feature = "ssr")]
fn desk_question(q: QuestionRow, tz: chrono_tz::Tz) -> DeskQuestion {
    DeskQuestion { id: q.id, text: q.text, asked_local: local_label(q.asked_at_ms, tz) }
}

#[server(endpoint = "qa_desk")]
pub async fn get_qa_desk() -> Result<QaDesk, AppError> {
    with_status(async move {
        let user = require_desk().await?;
        let source = source_of(&user)?;
        let pool = app_state()?.pool;
        // The same areas as the compose page.
        let areas = crate::publishing::api::publish_areas(&pool, source).await?;
        let (tz, _) = zone_of(&pool, &source.area_code).await?;
        let now = now_ms();
        let default_start = chrono::DateTime::from_timestamp_millis(now)
            .unwrap_or_default()
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let rows = store::sessions(&pool, Some(source.id), now - DESK_WEEK_MS, 20).await?;
        let mut sessions = Vec::with_capacity(rows.len());
        for row in &rows {
            let (tz, _) = zone_of(&pool, &row.area_code).await?;
            let summary = summary(row, tz, now);
            let list = |status| store::questions(&pool, row.id, status);
            let pending = list(QuestionStatus::Pending).await?.into_iter().map(|q| desk_question(q, tz)).collect();
            let approved = list(QuestionStatus::Approved).await?.into_iter().map(|q| desk_question(q, tz)).collect();
            let answered = list(QuestionStatus::Answered).await?.len();
            sessions.push(DeskSession { summary, pending, approved, answered });
        }
        Ok(QaDesk { source_name: source.name.clone(), areas, default_start, sessions })
    })
    .await
}

/// Schedules a session for the caller's team or council in `area` (one they publish to),
/// from `starts` (local time in the area, `2026-11-27T19:00`) for `duration_minutes` (15 to 240).
#[server(endpoint = "schedule_qa_session")]
pub async fn schedule_qa_session(
    title: Option<String>,
    area: Option<String>,
    starts: Option<String>,
    duration_minutes: Option<String>,
) -> Result<i64, AppError> {
    with_status(async move {
        let user = require_desk().await?;
        let source = source_of(&user)?;
        let pool = app_state()?.pool;
        let title = SESSION_TITLE.clean(title.as_deref().unwrap_or_default())?;
        if let Some(found) = super::ask::flagged(&title) {
            return Err(AppError::invalid("title", format!("The title may identify someone or somewhere ({found}).")));
        }
        let context = crate::publishing::api::area_to_publish(&pool, &user, area.as_deref(), "publish to").await?;
        let code = context.area.code.clone();
        let tz: chrono_tz::Tz = context.time_zone.parse().unwrap_or(chrono_tz::Europe::London);
        let opens = crate::reports::ride_along::parse_local(starts.as_deref().unwrap_or_default(), tz)
            .map_err(|e| AppError::invalid("starts", e))?;
        let minutes = duration_minutes
            .as_deref()
            .and_then(|m| m.trim().parse::<i64>().ok())
            .filter(|m| (15..=240).contains(m))
            .ok_or_else(|| AppError::invalid("duration_minutes", "A session lasts 15 to 240 minutes (4 hours)."))?;
        let now = now_ms();
        let session = Session::schedule(opens, opens + minutes * 60_000, now).map_err(|e| {
            AppError::invalid(if e.field == "opens_at" { "starts" } else { "duration_minutes" }, e.message)
        })?;
        let new = NewSession {
            title: &title,
            area_code: code.as_str(),
            source_id: source.id,
            session,
            created_by: Some(user.id),
            is_demo: false,
        };
        let mut tx = crate::db::begin_write(&pool).await?;
        let id = store::create_session(&mut tx, &new, now).await?;
        let after = json!({ "title": title, "area": code.as_str(), "opens_at_ms": session.opens_at_ms, "closes_at_ms": session.closes_at_ms });
        let record = Record {
            actor_id: Some(user.id),
            action: "qa_session.schedule",
            subject: "qa_session",
            subject_id: Some(id),
            before: None,
            after: Some(after),
            reason: None,
        };
        append(&mut tx, record, now).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}

/// A question of one of the caller's team's sessions, with its session.
#[cfg(feature = "ssr")]
pub(super) async fn own_question(
    pool: &AnyPool,
    user: &User,
    id: Option<&str>,
) -> Result<(QuestionRow, SessionRow), AppError> {
    let id = parse_id(id, "a question")?;
    let question = store::question(pool, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no question number {id}.")))?;
    let session = store::session(pool, question.session_id)
        .await?
        .ok_or_else(|| AppError::internal("question without session", id))?;
    if source_of(user)?.id != session.source_id {
        return Err(AppError::Forbidden(format!("This question was asked in {}'s session.", session.source_name)));
    }
    Ok((question, session))
}

/// Why a question cannot be decided or answered any more.
#[cfg(feature = "ssr")]
pub(super) fn already(status: QuestionStatus) -> AppError {
    AppError::Conflict(
        match status {
            QuestionStatus::Pending => "Approve this question before answering it.",
            QuestionStatus::Approved => "This question has already been approved.",
            QuestionStatus::Rejected => "This question has already been rejected.",
            QuestionStatus::Answered => "This question has already been answered.",
        }
        .into(),
    )
}

#[cfg(feature = "ssr")]
async fn decide(id: Option<String>, to: QuestionStatus, reason: Option<String>) -> Result<(), AppError> {
    let user = require_desk().await?;
    let pool = app_state()?.pool;
    let (question, _) = own_question(&pool, &user, id.as_deref()).await?;
    let (from, action): (&[QuestionStatus], _) = match to {
        QuestionStatus::Rejected => (&[QuestionStatus::Pending, QuestionStatus::Approved], "qa_question.reject"),
        _ => (&[QuestionStatus::Pending], "qa_question.approve"),
    };
    if !from.contains(&question.status) {
        return Err(already(question.status));
    }
    let reason = match reason {
        Some(raw) => Some(REASON.clean(&raw)?),
        None => None,
    };
    let now = now_ms();
    let mut tx = crate::db::begin_write(&pool).await?;
    if !store::moderate(&mut tx, question.id, from, to, Some(user.id), reason.as_deref(), now).await? {
        return Err(AppError::Conflict("Someone else has just decided on this question.".into()));
    }
    let record = Record {
        actor_id: Some(user.id),
        action,
        subject: "qa_question",
        subject_id: Some(question.id),
        before: Some(json!({ "status": question.status.as_str(), "text": question.text })),
        after: Some(json!({ "status": to.as_str() })),
        reason: reason.as_deref(),
    };
    append(&mut tx, record, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Approves a waiting question: it can then be answered.
#[server(endpoint = "approve_question")]
pub async fn approve_question(id: Option<String>) -> Result<(), AppError> {
    with_status(decide(id, QuestionStatus::Approved, None)).await
}

/// Rejects a question that is waiting or approved; the reason is kept for the officers.
#[server(endpoint = "reject_question")]
pub async fn reject_question(id: Option<String>, reason: Option<String>) -> Result<(), AppError> {
    with_status(decide(id, QuestionStatus::Rejected, Some(reason.unwrap_or_default()))).await
}
