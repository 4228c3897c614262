//! Update queries: the feed (keyset-paginated), one update, and inserting.

use super::feed::{FeedQuery, StoredUpdate};
use super::kind::{Severity, SourceKind, UpdateKind};
use crate::error::AppError;
use sqlx::{AnyPool, Row};

pub(crate) const COLUMNS: &str =
    "u.id, u.kind, u.severity, u.title, u.body, u.published_at_ms, u.expires_at_ms, u.is_demo, u.byline,
    u.updated_at_ms, u.starts_at_ms, u.ends_at_ms, u.external_url,
    s.slug AS source_slug, s.name AS source_name, s.kind AS source_kind";

/// `$from, $from+1, …` for `count` bound values (an `IN (…)` list).
pub(crate) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Maps a row; unknown slugs mean a bad migration or hand edit, so they are internal errors.
pub(crate) fn stored(row: &sqlx::any::AnyRow) -> Result<StoredUpdate, AppError> {
    let slug = |col: &str| -> Result<String, AppError> { Ok(row.try_get::<String, _>(col)?) };
    let bad = |what: &str, v: String| AppError::internal(&format!("stored update has unknown {what}"), v);
    let kind = slug("kind")?;
    let severity = slug("severity")?;
    let source_kind = slug("source_kind")?;
    Ok(StoredUpdate {
        id: row.try_get("id")?,
        kind: UpdateKind::parse(&kind).ok_or_else(|| bad("kind", kind.clone()))?,
        severity: Severity::parse(&severity).ok_or_else(|| bad("severity", severity.clone()))?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        source_slug: row.try_get("source_slug")?,
        source_name: row.try_get("source_name")?,
        source_kind: SourceKind::parse(&source_kind).ok_or_else(|| bad("source kind", source_kind.clone()))?,
        published_at_ms: row.try_get("published_at_ms")?,
        expires_at_ms: row.try_get("expires_at_ms")?,
        is_demo: row.try_get::<i64, _>("is_demo")? != 0,
        byline: row.try_get("byline")?,
        updated_at_ms: row.try_get("updated_at_ms")?,
        starts_at_ms: row.try_get("starts_at_ms")?,
        ends_at_ms: row.try_get("ends_at_ms")?,
        external_url: row.try_get("external_url")?,
        area_codes: Vec::new(),
    })
}

/// Fills in the areas each update was published to (one query for the page).
pub(crate) async fn with_areas(pool: &AnyPool, mut updates: Vec<StoredUpdate>) -> Result<Vec<StoredUpdate>, AppError> {
    if updates.is_empty() {
        return Ok(updates);
    }
    let sql = format!(
        "SELECT update_id, area_code FROM update_areas WHERE update_id IN ({}) ORDER BY area_code",
        placeholders(1, updates.len())
    );
    let mut query = sqlx::query(&sql);
    for u in &updates {
        query = query.bind(u.id);
    }
    for row in query.fetch_all(pool).await? {
        let id: i64 = row.try_get("update_id")?;
        let code: String = row.try_get("area_code")?;
        if let Some(u) = updates.iter_mut().find(|u| u.id == id) {
            u.area_codes.push(code);
        }
    }
    Ok(updates)
}

/// The SQL condition for an update residents can see at the time bound as `$n`: its time has
/// come, and it is neither withdrawn nor expired. One definition for the feed and its filter.
fn visible(n: usize) -> String {
    format!("u.withdrawn_at_ms IS NULL AND u.published_at_ms <= ${n} AND (u.expires_at_ms IS NULL OR u.expires_at_ms > ${n})")
}

/// One page of live updates (published, not expired, not withdrawn) published to any of `area_codes`, newest first.
/// Returns the page and whether older items exist.
pub async fn feed(
    pool: &AnyPool,
    area_codes: &[&str],
    query: &FeedQuery,
    now_ms: i64,
) -> Result<(Vec<StoredUpdate>, bool), AppError> {
    let mut sql = format!(
        "SELECT {COLUMNS} FROM updates u JOIN sources s ON s.id = u.source_id
         WHERE EXISTS (SELECT 1 FROM update_areas ua WHERE ua.update_id = u.id AND ua.area_code IN ({}))
           AND {}",
        placeholders(1, area_codes.len()),
        visible(area_codes.len() + 1)
    );
    let mut next = area_codes.len() + 2;
    let mut arg = |sql: &mut String, clause: &str| {
        sql.push_str(&clause.replace('#', &format!("${next}")));
        next += 1;
    };
    if query.kind.is_some() {
        arg(&mut sql, " AND u.kind = #");
    }
    if query.source.is_some() {
        arg(&mut sql, " AND s.slug = #");
    }
    if query.up_to_id.is_some() {
        arg(&mut sql, " AND u.id <= #");
    }
    if query.cursor.is_some() {
        // (published, id) < (cursor.published, cursor.id), spelled out for both engines.
        let (a, b, c) = (next, next + 1, next + 2);
        sql.push_str(&format!(" AND (u.published_at_ms < ${a} OR (u.published_at_ms = ${b} AND u.id < ${c}))"));
        next += 3;
    }
    sql.push_str(&format!(" ORDER BY u.published_at_ms DESC, u.id DESC LIMIT ${next}"));

    let mut q = sqlx::query(&sql);
    for code in area_codes {
        q = q.bind(code.to_string());
    }
    q = q.bind(now_ms);
    if let Some(kind) = query.kind {
        q = q.bind(kind.as_str());
    }
    if let Some(source) = &query.source {
        q = q.bind(source.clone());
    }
    if let Some(id) = query.up_to_id {
        q = q.bind(id);
    }
    if let Some(cursor) = query.cursor {
        q = q.bind(cursor.published_at_ms).bind(cursor.published_at_ms).bind(cursor.id);
    }
    q = q.bind(i64::from(query.limit) + 1);
    let rows = q.fetch_all(pool).await?;
    let has_more = rows.len() > query.limit as usize;
    let page = rows.iter().take(query.limit as usize).map(stored).collect::<Result<Vec<_>, _>>()?;
    Ok((with_areas(pool, page).await?, has_more))
}

/// One published update by id, whether or not it has expired; withdrawn updates and
/// those whose publication time has not come are not found.
pub async fn get(pool: &AnyPool, id: i64, now_ms: i64) -> Result<Option<StoredUpdate>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM updates u JOIN sources s ON s.id = u.source_id
         WHERE u.id = $1 AND u.withdrawn_at_ms IS NULL AND u.published_at_ms <= $2"
    ))
    .bind(id)
    .bind(now_ms)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => Ok(with_areas(pool, vec![stored(&row)?]).await?.pop()),
        None => Ok(None),
    }
}

/// The sources with an update residents of `area_codes` can see at `now_ms` (slug, name), for
/// the feed filter: never a source with nothing to show here, nor one whose update is not out yet.
pub async fn sources_for(pool: &AnyPool, area_codes: &[&str], now_ms: i64) -> Result<Vec<(String, String)>, AppError> {
    let sql = format!(
        "SELECT DISTINCT s.slug, s.name FROM sources s JOIN updates u ON u.source_id = s.id
         JOIN update_areas ua ON ua.update_id = u.id WHERE ua.area_code IN ({}) AND {}
         ORDER BY s.name",
        placeholders(1, area_codes.len()),
        visible(area_codes.len() + 1)
    );
    let mut q = sqlx::query(&sql);
    for code in area_codes {
        q = q.bind(code.to_string());
    }
    q = q.bind(now_ms);
    q.fetch_all(pool).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// The PostgreSQL advisory lock key that orders publishing ("BEAT" in ASCII).
const PUBLISH_LOCK: i64 = 0x4245_4154;

/// A new update to store.
pub struct NewUpdate<'a> {
    pub kind: UpdateKind,
    pub severity: Severity,
    pub title: &'a str,
    pub body: &'a str,
    pub source_id: i64,
    pub account_id: Option<i64>,
    pub published_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub is_demo: bool,
    pub area_codes: &'a [&'a str],
    /// The account that published it from Beat (not set for demo or imported updates).
    pub author_id: Option<i64>,
    /// A community reporter's display name.
    pub byline: Option<&'a str>,
    /// When an event happens (events only).
    pub starts_at_ms: Option<i64>,
    pub ends_at_ms: Option<i64>,
}

/// Inserts an update and its areas; returns the new id.
///
/// Update ids are live streams' resume cursors, so they must become visible in id order
/// (`live::resume`). SQLite has one writer at a time, which gives that; on PostgreSQL a
/// transaction-scoped lock makes concurrent publishers take ids and commit one after another.
pub async fn insert(tx: &mut sqlx::AnyConnection, update: &NewUpdate<'_>) -> Result<i64, sqlx::Error> {
    if tx.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(PUBLISH_LOCK).execute(&mut *tx).await?;
    }
    let id: i64 = sqlx::query(
        "INSERT INTO updates (kind, severity, title, body, source_id, account_id, published_at_ms, expires_at_ms, is_demo,
                              author_id, byline, starts_at_ms, ends_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(update.kind.as_str())
    .bind(update.severity.as_str())
    .bind(update.title)
    .bind(update.body)
    .bind(update.source_id)
    .bind(update.account_id)
    .bind(update.published_at_ms)
    .bind(update.expires_at_ms)
    .bind(i64::from(update.is_demo))
    .bind(update.author_id)
    .bind(update.byline)
    .bind(update.starts_at_ms)
    .bind(update.ends_at_ms)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    for code in update.area_codes {
        sqlx::query("INSERT INTO update_areas (update_id, area_code) VALUES ($1, $2)")
            .bind(id)
            .bind(code.to_string())
            .execute(&mut *tx)
            .await?;
    }
    // Announced to the areas' followers once committed (demo data never is).
    if !update.is_demo {
        crate::push::store::enqueue(tx, &[id], update.published_at_ms).await?;
    }
    Ok(id)
}
