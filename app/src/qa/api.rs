//! Server functions for Q&A sessions (#askGMP): residents list sessions, read the answers and
//! ask while a session is open, without an account. The officers' side is in [`desk`] and [`answer`].

mod answer;
mod ask;
mod desk;

pub use answer::*;
pub use ask::*;
pub use desk::*;

use crate::areas::area::EmergencyNumbers;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::store::{self as store, SessionRow},
    super::{status_line, when_label, SessionState},
    crate::areas::{area::AreaCode, store as areas},
    crate::error::with_status,
    crate::state::app_state,
    crate::text::parse_id,
    crate::updates::feed::local_label,
    chrono_tz::Tz,
    sqlx::AnyPool,
};

#[cfg(feature = "ssr")]
mod client;

/// Where a session is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionPhase {
    /// Not open yet.
    Scheduled,
    /// Taking questions.
    Open,
    /// No longer taking questions; answers stay up.
    Closed,
}

impl SessionPhase {
    /// A badge's text.
    pub fn label(self) -> &'static str {
        match self {
            SessionPhase::Scheduled => "Coming up",
            SessionPhase::Open => "Open now",
            SessionPhase::Closed => "Closed",
        }
    }

    /// For class names: `scheduled`, `open`, `closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionPhase::Scheduled => "scheduled",
            SessionPhase::Open => "open",
            SessionPhase::Closed => "closed",
        }
    }
}

/// A session as lists and its page show it; times already in the area's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub title: String,
    pub area_code: String,
    pub area_name: String,
    /// The team or council holding it.
    pub team_name: String,
    /// "Fri 27 Nov, 19:00 – 20:30 GMT".
    pub when_local: String,
    /// "Open until 20:30 GMT", "Opens …" or the closed message.
    pub status_line: String,
    pub phase: SessionPhase,
    pub is_demo: bool,
}

/// `/ask`: sessions open now, to come, and closed in the last fortnight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaIndex {
    pub open: Vec<SessionSummary>,
    pub upcoming: Vec<SessionSummary>,
    pub recent: Vec<SessionSummary>,
}

/// A question answered in public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnsweredQuestion {
    pub id: i64,
    pub question: String,
    pub answer: String,
    pub team_name: String,
    pub answered_local: String,
    /// The answer as an update in the area's feed.
    pub update_id: i64,
}

/// `/ask/:id`: one session, its answers, and the area's emergency numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaSession {
    pub summary: SessionSummary,
    /// The session's country's numbers (`None` if its area has gone).
    pub numbers: Option<EmergencyNumbers>,
    pub answered: Vec<AnsweredQuestion>,
    /// Questions waiting for moderation or an answer.
    pub waiting: i64,
}

/// A question taken: it waits for moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub id: i64,
    pub session_id: i64,
}

/// How long closed sessions stay listed on `/ask`.
#[cfg(feature = "ssr")]
const RECENT_MS: i64 = 14 * 24 * 3_600_000;

#[cfg(feature = "ssr")]
impl From<SessionState> for SessionPhase {
    fn from(state: SessionState) -> Self {
        match state {
            SessionState::Scheduled => SessionPhase::Scheduled,
            SessionState::Open => SessionPhase::Open,
            SessionState::Closed => SessionPhase::Closed,
        }
    }
}

/// An area's zone and emergency numbers (London and none if the area has gone).
#[cfg(feature = "ssr")]
async fn zone_of(pool: &AnyPool, area_code: &str) -> Result<(Tz, Option<EmergencyNumbers>), AppError> {
    let code = AreaCode::parse(area_code).map_err(|e| AppError::internal("stored area code", e))?;
    Ok(match areas::context(pool, &code).await? {
        Some(c) => (c.time_zone.parse().unwrap_or(chrono_tz::Europe::London), Some(c.numbers)),
        None => (chrono_tz::Europe::London, None),
    })
}

#[cfg(feature = "ssr")]
fn summary(row: &SessionRow, tz: Tz, now_ms: i64) -> SessionSummary {
    SessionSummary {
        id: row.id,
        title: row.title.clone(),
        area_code: row.area_code.clone(),
        area_name: row.area_name.clone(),
        team_name: row.source_name.clone(),
        when_local: when_label(&row.session, tz),
        status_line: status_line(&row.session, now_ms, tz),
        phase: row.session.state(now_ms).into(),
        is_demo: row.is_demo,
    }
}

/// Summaries of `rows`, looking each area's zone up once.
#[cfg(feature = "ssr")]
async fn summaries(pool: &AnyPool, rows: &[SessionRow], now_ms: i64) -> Result<Vec<SessionSummary>, AppError> {
    let mut zones = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let tz = match zones.get(&row.area_code) {
            Some(tz) => *tz,
            None => {
                let (tz, _) = zone_of(pool, &row.area_code).await?;
                zones.insert(row.area_code.clone(), tz);
                tz
            }
        };
        out.push(summary(row, tz, now_ms));
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[server(endpoint = "qa_sessions")]
pub async fn get_qa_sessions() -> Result<QaIndex, AppError> {
    with_status(async move {
        let pool = app_state()?.pool;
        let now = now_ms();
        let rows = store::sessions(&pool, None, now - RECENT_MS, 100).await?;
        let mut index = QaIndex { open: Vec::new(), upcoming: Vec::new(), recent: Vec::new() };
        for s in summaries(&pool, &rows, now).await? {
            match s.phase {
                SessionPhase::Open => index.open.push(s),
                SessionPhase::Scheduled => index.upcoming.push(s),
                SessionPhase::Closed => index.recent.push(s),
            }
        }
        // Soonest first for what is to come; the rest newest first, as listed.
        index.upcoming.reverse();
        Ok(index)
    })
    .await
}

#[cfg(feature = "ssr")]
async fn session_row(pool: &AnyPool, id: Option<&str>) -> Result<SessionRow, AppError> {
    let id = parse_id(id, "a Q&A session")?;
    store::session(pool, id).await?.ok_or_else(|| AppError::NotFound(format!("There is no Q&A session number {id}.")))
}

#[server(endpoint = "qa_session")]
pub async fn get_qa_session(id: Option<String>) -> Result<QaSession, AppError> {
    with_status(async move {
        let pool = app_state()?.pool;
        let row = session_row(&pool, id.as_deref()).await?;
        let (tz, numbers) = zone_of(&pool, &row.area_code).await?;
        let answered = store::answered(&pool, row.id)
            .await?
            .into_iter()
            .map(|a| AnsweredQuestion {
                id: a.id,
                question: a.text,
                answer: a.answer,
                team_name: row.source_name.clone(),
                answered_local: local_label(a.answered_at_ms, tz),
                update_id: a.update_id,
            })
            .collect();
        let waiting = store::waiting(&pool, row.id).await?;
        Ok(QaSession { summary: summary(&row, tz, now_ms()), numbers, answered, waiting })
    })
    .await
}
