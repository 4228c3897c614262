//! Demo Q&A sessions for `serve --demo`, for the City Centre team: one open for two hours from
//! start-up with an answered question, and the earlier session the demo feed's e-bikes answer
//! came from. Flagged `is_demo` like the other demo data.

use app::qa::store::{create_session, insert_question, mark_answered, moderate, NewSession};
use app::qa::{answer_body, answer_title, QuestionStatus, Session};
use app::updates::kind::{Severity, UpdateKind};
use app::updates::store::{insert, NewUpdate};
use sqlx::{AnyConnection, AnyPool, Row};

const MINUTE_MS: i64 = 60_000;
const AREA: &str = "E05011376"; // Piccadilly, Manchester
const TEAM: &str = "gmp-city-centre";
const OFFICER: &str = "officer.citycentre";
const OPEN_TITLE: &str = "#askGMP: City Centre, your questions";
const OPEN_QUESTION: &str = "Are there more patrols around Piccadilly Gardens in the evenings now?";
const OPEN_ANSWER: &str = "Yes. Since October the team walks Piccadilly Gardens every evening from 6pm to \
    midnight, with extra patrols on Friday and Saturday nights. If something worries you, tell an officer or \
    report it online; in an emergency call 999.";
const PAST_TITLE: &str = "#askGMP: City Centre streets";
/// The demo feed's answer from that earlier session (see `super::data`).
const PAST_ANSWER_TITLE: &str = "#askGMP: what are you doing about e-bikes on pavements?";

type Db = Result<(), String>;

fn db(e: impl std::fmt::Display) -> String {
    format!("demo Q&A: {e}")
}

/// Creates the demo sessions unless one is open or still to come, or replaces them (so a
/// restart within two hours keeps what residents asked; a later one opens a fresh session).
/// Also replaces them after `load-demo` replaced the answers they linked to. Returns whether
/// it created them. Needs the demo sources and accounts.
pub async fn ensure_demo_qa(pool: &AnyPool, now_ms: i64) -> Result<bool, String> {
    let current = sqlx::query(
        "SELECT 1 FROM qa_sessions s WHERE s.is_demo = 1 AND s.closes_at_ms > $1
           AND NOT EXISTS (SELECT 1 FROM qa_questions q JOIN qa_sessions d ON d.id = q.session_id
                           WHERE d.is_demo = 1 AND q.status = 'answered' AND q.answer_update_id IS NULL)",
    )
    .bind(now_ms)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    if current.is_some() {
        return Ok(false);
    }
    let Some(team) =
        sqlx::query("SELECT id FROM sources WHERE slug = $1").bind(TEAM).fetch_optional(pool).await.map_err(db)?
    else {
        return Err(format!("demo Q&A: source {TEAM} is missing; load the demo data first"));
    };
    let team: i64 = team.try_get(0).map_err(db)?;
    let officer = sqlx::query("SELECT id FROM users WHERE username = $1").bind(OFFICER).fetch_optional(pool).await;
    let officer: Option<i64> = officer.map_err(db)?.map(|r| r.try_get(0)).transpose().map_err(db)?;

    let mut tx = app::db::begin_write(pool).await.map_err(db)?;
    remove_old(&mut tx).await?;
    let demo = Demo { team, officer };
    // Open now for two hours, with one question answered ten minutes ago.
    let session = Session { opens_at_ms: now_ms, closes_at_ms: now_ms + 120 * MINUTE_MS };
    let question = demo.answered_question(&mut tx, OPEN_TITLE, session, OPEN_QUESTION, now_ms - 20 * MINUTE_MS).await?;
    let body = answer_body(OPEN_QUESTION, OPEN_ANSWER);
    let update = NewUpdate {
        kind: UpdateKind::QaAnswer,
        severity: Severity::Info,
        title: &answer_title(OPEN_QUESTION),
        body: &body,
        source_id: team,
        account_id: None,
        published_at_ms: now_ms - 10 * MINUTE_MS,
        expires_at_ms: None,
        is_demo: true,
        area_codes: &[AREA],
        author_id: None,
        byline: None,
        starts_at_ms: None,
        ends_at_ms: None,
        client_key: None,
    };
    let update_id = insert(&mut tx, &update, now_ms).await.map_err(db)?;
    mark_answered(&mut tx, question, OPEN_ANSWER, update_id, officer, update.published_at_ms).await.map_err(db)?;
    // The earlier session, around the demo feed's answer ("Q: … A: …").
    let past = app::updates::store::demo_titled(&mut tx, PAST_ANSWER_TITLE).await.map_err(db)?;
    if let Some((update_id, body, at)) = past {
        if let Some((q, a)) = body.strip_prefix("Q: ").and_then(|b| b.split_once(" A: ")) {
            let session = Session { opens_at_ms: at - 60 * MINUTE_MS, closes_at_ms: at + 30 * MINUTE_MS };
            let question = demo.answered_question(&mut tx, PAST_TITLE, session, q, at - 45 * MINUTE_MS).await?;
            mark_answered(&mut tx, question, a, update_id, officer, at).await.map_err(db)?;
        }
    }
    tx.commit().await.map_err(db)?;
    Ok(true)
}

/// Deletes the demo sessions, their questions and the answers published from them. Those
/// answers' headlines start "Q: " (`answer_title`); the demo feed's own Q&A answers are
/// `load_demo`'s to replace.
async fn remove_old(tx: &mut AnyConnection) -> Db {
    let answered: Vec<i64> = sqlx::query(
        "SELECT q.answer_update_id FROM qa_questions q JOIN qa_sessions s ON s.id = q.session_id
         WHERE s.is_demo = 1 AND q.answer_update_id IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()
    .map_err(db)?;
    let answers = app::updates::store::demo_among(tx, &answered, "Q: ").await.map_err(db)?;
    for sql in [
        "DELETE FROM qa_questions WHERE session_id IN (SELECT id FROM qa_sessions WHERE is_demo = 1)",
        "DELETE FROM qa_sessions WHERE is_demo = 1",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.map_err(db)?;
    }
    app::updates::store::delete_demo(tx, Some(&answers)).await.map_err(db)
}

struct Demo {
    team: i64,
    officer: Option<i64>,
}

impl Demo {
    /// A demo session in Piccadilly with one approved question; returns the question's id.
    async fn answered_question(
        &self,
        tx: &mut AnyConnection,
        title: &str,
        session: Session,
        question: &str,
        asked_at_ms: i64,
    ) -> Result<i64, String> {
        let new = NewSession {
            title,
            area_code: AREA,
            source_id: self.team,
            session,
            created_by: self.officer,
            is_demo: true,
        };
        let session_id = create_session(tx, &new, session.opens_at_ms - 24 * 60 * MINUTE_MS).await.map_err(db)?;
        let id = insert_question(tx, session_id, question, asked_at_ms).await.map_err(db)?;
        let pending = [QuestionStatus::Pending];
        moderate(tx, id, &pending, QuestionStatus::Approved, self.officer, None, asked_at_ms).await.map_err(db)?;
        Ok(id)
    }
}
