//! Q&A storage: sessions, questions, and the hashed traces the rate limit needs.

mod asks;

pub use crate::client_address::{hash_key, keyed_hash};
pub use asks::{recent_asks, record_ask};

use super::{QuestionStatus, Session};
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// A stored session with its area's and source's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub title: String,
    pub area_code: String,
    pub area_name: String,
    pub source_id: i64,
    pub source_name: String,
    pub session: Session,
    pub is_demo: bool,
}

const SESSION_COLUMNS: &str = "q.id, q.title, q.area_code, a.name AS area_name, q.source_id, s.name AS source_name,
     q.opens_at_ms, q.closes_at_ms, q.is_demo
     FROM qa_sessions q JOIN areas a ON a.code = q.area_code JOIN sources s ON s.id = q.source_id";

fn session_row(r: &AnyRow) -> Result<SessionRow, sqlx::Error> {
    Ok(SessionRow {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        area_code: r.try_get("area_code")?,
        area_name: r.try_get("area_name")?,
        source_id: r.try_get("source_id")?,
        source_name: r.try_get("source_name")?,
        session: Session { opens_at_ms: r.try_get("opens_at_ms")?, closes_at_ms: r.try_get("closes_at_ms")? },
        is_demo: r.try_get::<i64, _>("is_demo")? != 0,
    })
}

/// A session to store.
pub struct NewSession<'a> {
    pub title: &'a str,
    pub area_code: &'a str,
    pub source_id: i64,
    pub session: Session,
    pub created_by: Option<i64>,
    pub is_demo: bool,
}

/// Stores a session; returns its id.
pub async fn create_session(tx: &mut sqlx::AnyConnection, s: &NewSession<'_>, now_ms: i64) -> Result<i64, AppError> {
    Ok(sqlx::query(
        "INSERT INTO qa_sessions (title, area_code, source_id, opens_at_ms, closes_at_ms, created_by, created_at_ms, is_demo)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(s.title)
    .bind(s.area_code)
    .bind(s.source_id)
    .bind(s.session.opens_at_ms)
    .bind(s.session.closes_at_ms)
    .bind(s.created_by)
    .bind(now_ms)
    .bind(i64::from(s.is_demo))
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?)
}

/// One session.
pub async fn session(pool: &AnyPool, id: i64) -> Result<Option<SessionRow>, AppError> {
    let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} WHERE q.id = $1")).bind(id).fetch_optional(pool).await?;
    Ok(row.as_ref().map(session_row).transpose()?)
}

/// Sessions still to close or closed after `closed_since_ms` (of one source, if given), by
/// opening time.
pub async fn sessions(
    pool: &AnyPool,
    source_id: Option<i64>,
    closed_since_ms: i64,
    limit: i64,
) -> Result<Vec<SessionRow>, AppError> {
    let rows = match source_id {
        Some(source) => {
            sqlx::query(&format!(
                "SELECT {SESSION_COLUMNS} WHERE q.closes_at_ms > $1 AND q.source_id = $2
                 ORDER BY q.opens_at_ms DESC, q.id DESC LIMIT $3"
            ))
            .bind(closed_since_ms)
            .bind(source)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT {SESSION_COLUMNS} WHERE q.closes_at_ms > $1 ORDER BY q.opens_at_ms DESC, q.id DESC LIMIT $2"
            ))
            .bind(closed_since_ms)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows.iter().map(session_row).collect::<Result<_, _>>()?)
}

/// A stored question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: i64,
    pub session_id: i64,
    pub text: String,
    pub status: QuestionStatus,
    pub asked_at_ms: i64,
}

fn question_row(r: &AnyRow) -> Result<QuestionRow, AppError> {
    let status: String = r.try_get("status")?;
    Ok(QuestionRow {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        text: r.try_get("text")?,
        status: QuestionStatus::parse(&status).ok_or_else(|| AppError::internal("stored question status", status))?,
        asked_at_ms: r.try_get("asked_at_ms")?,
    })
}

/// Stores a new question, waiting for moderation; returns its id.
pub async fn insert_question(
    tx: &mut sqlx::AnyConnection,
    session_id: i64,
    text: &str,
    now_ms: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query(
        "INSERT INTO qa_questions (session_id, text, status, asked_at_ms) VALUES ($1, $2, 'pending', $3) RETURNING id",
    )
    .bind(session_id)
    .bind(text)
    .bind(now_ms)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?)
}

/// One question.
pub async fn question(pool: &AnyPool, id: i64) -> Result<Option<QuestionRow>, AppError> {
    let row = sqlx::query("SELECT id, session_id, text, status, asked_at_ms FROM qa_questions WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(question_row).transpose()
}

/// A session's questions with `status`, oldest first.
pub async fn questions(pool: &AnyPool, session_id: i64, status: QuestionStatus) -> Result<Vec<QuestionRow>, AppError> {
    sqlx::query(
        "SELECT id, session_id, text, status, asked_at_ms FROM qa_questions
         WHERE session_id = $1 AND status = $2 ORDER BY asked_at_ms, id",
    )
    .bind(session_id)
    .bind(status.as_str())
    .fetch_all(pool)
    .await?
    .iter()
    .map(question_row)
    .collect()
}

/// How many of a session's questions wait for moderation or an answer.
pub async fn waiting(pool: &AnyPool, session_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT COUNT(*) FROM qa_questions WHERE session_id = $1 AND status IN ('pending', 'approved')")
        .bind(session_id)
        .fetch_one(pool)
        .await?
        .try_get(0)?)
}

/// A question answered in public, as the session page shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AnsweredRow {
    pub id: i64,
    pub text: String,
    pub answer: String,
    pub answered_at_ms: i64,
    pub update_id: i64,
}

/// A session's answered questions whose published answer is still up, newest answer first.
pub async fn answered(pool: &AnyPool, session_id: i64) -> Result<Vec<AnsweredRow>, AppError> {
    let rows: Vec<AnsweredRow> = sqlx::query_as(
        "SELECT id, text, answer, answered_at_ms, answer_update_id AS update_id FROM qa_questions
         WHERE session_id = $1 AND status = 'answered' AND answer_update_id IS NOT NULL
         ORDER BY answered_at_ms DESC, id DESC",
    )
    .bind(session_id)
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.update_id).collect();
    let withdrawn = crate::updates::store::withdrawn_among(pool, &ids).await?;
    Ok(rows.into_iter().filter(|r| !withdrawn.contains(&r.update_id)).collect())
}

/// Moves a question from one of `from` to `to` (approve, reject); false when it was no longer
/// in any of `from` (someone else decided first).
pub async fn moderate(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    from: &[QuestionStatus],
    to: QuestionStatus,
    by: Option<i64>,
    reason: Option<&str>,
    now_ms: i64,
) -> Result<bool, AppError> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let sql = format!(
        "UPDATE qa_questions SET status = $1, moderated_by = $2, moderated_at_ms = $3, reject_reason = $4
         WHERE id = $5 AND status IN ({})",
        crate::db::placeholders(6, from.len())
    );
    let mut q = sqlx::query(&sql).bind(to.as_str()).bind(by).bind(now_ms).bind(reason).bind(id);
    for status in from {
        q = q.bind(status);
    }
    Ok(q.execute(&mut *tx).await?.rows_affected() == 1)
}

/// Marks an approved question answered by the update `update_id`; false when it was not
/// (or no longer) approved.
pub async fn mark_answered(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    answer: &str,
    update_id: i64,
    by: Option<i64>,
    now_ms: i64,
) -> Result<bool, AppError> {
    let n = sqlx::query(
        "UPDATE qa_questions SET status = 'answered', answer = $1, answer_update_id = $2, answered_by = $3, answered_at_ms = $4
         WHERE id = $5 AND status = 'approved'",
    )
    .bind(answer)
    .bind(update_id)
    .bind(by)
    .bind(now_ms)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}
