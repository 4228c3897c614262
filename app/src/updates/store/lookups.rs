//! What other features read of updates: push's headlines, a live day's span of updates, when a
//! reporter's note went out, the demo's answers. They ask here instead of joining `updates` in
//! their own SQL, so this store stays the one reader and writer of its tables.

use super::out;
use crate::db::Args;
use crate::error::AppError;
use crate::updates::kind::{Severity, UpdateKind};
use sqlx::{AnyPool, Row};
use std::collections::{HashMap, HashSet};

/// What an alert says about an update.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Headline {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: UpdateKind,
    #[sqlx(try_from = "String")]
    pub severity: Severity,
    pub title: String,
    pub published_at_ms: i64,
    withdrawn_at_ms: Option<i64>,
    expires_at_ms: Option<i64>,
}

impl Headline {
    /// Withdrawn, or expired at `now_ms`: not to be announced.
    pub fn gone(&self, now_ms: i64) -> bool {
        self.withdrawn_at_ms.is_some() || self.expires_at_ms.is_some_and(|at| at <= now_ms)
    }
}

/// The headlines of `ids` (ids not stored are left out), in no set order.
pub async fn headlines(pool: &AnyPool, ids: &[i64]) -> Result<Vec<Headline>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let sql = format!(
        "SELECT id, kind, severity, title, published_at_ms, withdrawn_at_ms, expires_at_ms FROM updates WHERE id IN ({})",
        args.list(ids.iter().copied())
    );
    Ok(args.query_as(&sql)?.fetch_all(pool).await?)
}

/// Which of `ids` are withdrawn now.
pub async fn withdrawn_among(pool: &AnyPool, ids: &[i64]) -> Result<HashSet<i64>, AppError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let mut args = Args::new();
    let sql = format!(
        "SELECT id FROM updates WHERE withdrawn_at_ms IS NOT NULL AND id IN ({})",
        args.list(ids.iter().copied())
    );
    args.query(&sql)?.fetch_all(pool).await?.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// The areas an update was published to.
pub async fn areas_of(pool: &AnyPool, id: i64) -> Result<Vec<String>, AppError> {
    sqlx::query("SELECT area_code FROM update_areas WHERE update_id = $1 ORDER BY area_code")
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

/// When each of `ids` is (or was) public; a delayed approval's time is in the future.
pub async fn published_at(pool: &AnyPool, ids: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut args = Args::new();
    let sql = format!("SELECT id, published_at_ms FROM updates WHERE id IN ({})", args.list(ids.iter().copied()));
    args.query(&sql)?.fetch_all(pool).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// Updates published to any of `roots` or any area inside them in `[from_ms, until_ms)`, from
/// one of `sources` (any source when empty): a live day's share of the feed.
pub struct Span<'a> {
    pub roots: &'a [String],
    pub sources: Vec<i64>,
    pub from_ms: i64,
    pub until_ms: i64,
}

impl Span<'_> {
    /// The statement's opening `WITH RECURSIVE` clause naming `span_areas`: the roots and every
    /// area inside them, found by the database. (Binding the areas themselves cost one value
    /// each: a Tweet-a-thon over every UK force is 8,921 of them, and binding numbered values
    /// in SQLite grows with the square of their count: 1.2 s a query.)
    fn areas_clause(&self, args: &mut Args) -> String {
        format!(
            "WITH RECURSIVE span_areas (code) AS (
                SELECT code FROM areas WHERE code IN ({})
                UNION SELECT a.code FROM areas a JOIN span_areas s ON a.parent_code = s.code
            ) ",
            args.list(self.roots.iter().cloned())
        )
    }

    /// The SQL condition for an update `u` in the span that is out at `now_ms`, binding as it
    /// goes; the statement starts with [`Span::areas_clause`].
    fn condition(&self, args: &mut Args, now_ms: i64) -> String {
        let mut sql = format!(
            "ua.area_code IN (SELECT code FROM span_areas) AND u.published_at_ms >= {} AND u.published_at_ms < {} AND {}",
            args.arg(self.from_ms),
            args.arg(self.until_ms),
            out(&args.arg(now_ms)),
        );
        if !self.sources.is_empty() {
            sql.push_str(&format!(" AND u.source_id IN ({})", args.list(self.sources.iter().copied())));
        }
        sql
    }
}

/// The ids of the newest `limit` updates in `span` out at `now_ms`, newest first.
pub async fn newest_in(pool: &AnyPool, span: &Span<'_>, limit: i64, now_ms: i64) -> Result<Vec<i64>, AppError> {
    if span.roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let sql = format!(
        "{}SELECT DISTINCT u.id, u.published_at_ms FROM updates u JOIN update_areas ua ON ua.update_id = u.id
         WHERE {} ORDER BY u.published_at_ms DESC, u.id DESC LIMIT {}",
        span.areas_clause(&mut args),
        span.condition(&mut args, now_ms),
        args.arg(limit)
    );
    args.query(&sql)?.fetch_all(pool).await?.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// One update in a span, for counting: the area it was published to (one row per area), and
/// a call log entry's category and outcome as stored.
pub struct Counted {
    pub area_code: String,
    pub id: i64,
    pub call_category: Option<String>,
    pub call_outcome: Option<String>,
}

/// Every update in `span` out at `now_ms`, once for each of the span's areas it went to.
pub async fn counted_in(pool: &AnyPool, span: &Span<'_>, now_ms: i64) -> Result<Vec<Counted>, AppError> {
    if span.roots.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let sql = format!(
        "{}SELECT ua.area_code, u.id, u.call_category, u.call_outcome FROM updates u
         JOIN update_areas ua ON ua.update_id = u.id WHERE {}",
        span.areas_clause(&mut args),
        span.condition(&mut args, now_ms)
    );
    args.query(&sql)?
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Counted {
                area_code: r.try_get(0)?,
                id: r.try_get(1)?,
                call_category: r.try_get(2)?,
                call_outcome: r.try_get(3)?,
            })
        })
        .collect()
}

/// A demo update found by its headline: (id, body, published at).
pub async fn demo_titled(tx: &mut sqlx::AnyConnection, title: &str) -> Result<Option<(i64, String, i64)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, body, published_at_ms FROM updates WHERE is_demo = 1 AND title = $1")
        .bind(title)
        .fetch_optional(&mut *tx)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
}

/// Which of `ids` are demo updates whose headline starts with `prefix`.
pub async fn demo_among(tx: &mut sqlx::AnyConnection, ids: &[i64], prefix: &str) -> Result<Vec<i64>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let sql = format!(
        "SELECT id FROM updates WHERE is_demo = 1 AND title LIKE {} ESCAPE '\\' AND id IN ({})",
        args.arg(format!("{}%", prefix.replace('%', "\\%").replace('_', "\\_"))),
        args.list(ids.iter().copied())
    );
    args.query(&sql)?.fetch_all(&mut *tx).await?.iter().map(|r| r.try_get(0)).collect()
}
