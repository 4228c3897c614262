//! The one owner of the `updates`, `update_areas` and `update_events` tables: the feed
//! (keyset-paginated), one update, inserting (one at a time, or a feed poll's batch),
//! withdrawing and restoring, and the live event log open pages follow.
//!
//! Every write that changes what residents see appends to `update_events` in the same
//! transaction, under [`crate::db::publish_lock`]; an update stored for later is marked
//! `live_pending` and announced by [`release_due`] when its time comes.

use super::feed::{FeedQuery, StoredUpdate};
use super::kind::{Severity, UpdateKind};
use crate::db::{publish_lock, Args, Rows};
use crate::error::AppError;
use crate::sources::SourceKind;
use sqlx::{AnyPool, Row};

mod lookups;
pub use lookups::*;

const COLUMNS: &str =
    "u.id, u.kind, u.severity, u.title, u.body, u.published_at_ms, u.expires_at_ms, u.is_demo, u.byline,
    u.updated_at_ms, u.starts_at_ms, u.ends_at_ms, u.external_url,
    s.slug AS source_slug, s.name AS source_name, s.kind AS source_kind";

/// Maps a row; unknown slugs mean a bad migration or hand edit, so they are internal errors.
fn stored(row: &sqlx::any::AnyRow) -> Result<StoredUpdate, AppError> {
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
async fn with_areas(pool: &AnyPool, mut updates: Vec<StoredUpdate>) -> Result<Vec<StoredUpdate>, AppError> {
    if updates.is_empty() {
        return Ok(updates);
    }
    let mut args = Args::new();
    let ids = args.list(updates.iter().map(|u| u.id));
    let sql = format!("SELECT update_id, area_code FROM update_areas WHERE update_id IN ({ids}) ORDER BY area_code");
    for row in args.query(&sql)?.fetch_all(pool).await? {
        let id: i64 = row.try_get("update_id")?;
        let code: String = row.try_get("area_code")?;
        if let Some(u) = updates.iter_mut().find(|u| u.id == id) {
            u.area_codes.push(code);
        }
    }
    Ok(updates)
}

/// The SQL condition for an update `u` that is out at the time bound as `now` (a placeholder,
/// `$3`): its time has come and it is not withdrawn. A live day's timeline and counters keep
/// what expired since.
pub(crate) fn out(now: &str) -> String {
    format!("u.withdrawn_at_ms IS NULL AND u.published_at_ms <= {now}")
}

/// The SQL condition for an update `u` residents can see at the time bound as `now`: out, and
/// not expired. One definition for the feed and its source filter; push
/// (`push::store::queued`) and live streams (`release_due`) follow the same time.
pub(crate) fn visible(now: &str) -> String {
    format!("{} AND (u.expires_at_ms IS NULL OR u.expires_at_ms > {now})", out(now))
}

/// One page of live updates (published, not expired, not withdrawn) published to any of `area_codes`, newest first.
/// Returns the page and whether older items exist.
pub async fn feed(
    pool: &AnyPool,
    area_codes: &[&str],
    query: &FeedQuery,
    now_ms: i64,
) -> Result<(Vec<StoredUpdate>, bool), AppError> {
    let mut args = Args::new();
    let codes = args.list(area_codes.iter().map(|c| c.to_string()));
    let now = args.arg(now_ms);
    let mut sql = format!(
        "SELECT {COLUMNS} FROM updates u JOIN sources s ON s.id = u.source_id
         WHERE EXISTS (SELECT 1 FROM update_areas ua WHERE ua.update_id = u.id AND ua.area_code IN ({codes}))
           AND {}",
        visible(&now)
    );
    if let Some(kind) = query.kind {
        sql.push_str(&format!(" AND u.kind = {}", args.arg(kind.as_str())));
    }
    if let Some(source) = &query.source {
        sql.push_str(&format!(" AND s.slug = {}", args.arg(source.clone())));
    }
    if let Some(cursor) = query.cursor {
        // (published, id) < (cursor.published, cursor.id), spelled out for both engines.
        let (at, id) = (args.arg(cursor.published_at_ms), args.arg(cursor.id));
        sql.push_str(&format!(" AND (u.published_at_ms < {at} OR (u.published_at_ms = {at} AND u.id < {id}))"));
    }
    sql.push_str(&format!(
        " ORDER BY u.published_at_ms DESC, u.id DESC LIMIT {}",
        args.arg(i64::from(query.limit) + 1)
    ));
    let rows = args.query(&sql)?.fetch_all(pool).await?;
    let has_more = rows.len() > query.limit as usize;
    let page = rows.iter().take(query.limit as usize).map(stored).collect::<Result<Vec<_>, _>>()?;
    Ok((with_areas(pool, page).await?, has_more))
}

/// One published update by id, whether or not it has expired; withdrawn updates and
/// those whose publication time has not come are not found.
pub async fn get(pool: &AnyPool, id: i64, now_ms: i64) -> Result<Option<StoredUpdate>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM updates u JOIN sources s ON s.id = u.source_id WHERE u.id = $1 AND {}",
        out("$2")
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
    let mut args = Args::new();
    // The chain's codes as rows, so each is an equality: one index probe per source and area
    // (`update_areas_by_source`) that stops at the first visible update. With `IN (…)`,
    // PostgreSQL reads every matching entry of the index first (a bitmap scan: 25 ms a page
    // for a busy ward with a year of updates; the old DISTINCT join read every row, 180 ms).
    let codes = area_codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let at = args.arg(c.to_string());
            if i == 0 {
                format!("SELECT CAST({at} AS TEXT) AS code")
            } else {
                format!("SELECT {at}")
            }
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT s.slug, s.name FROM sources s WHERE EXISTS (
           SELECT 1 FROM ({codes}) c WHERE EXISTS (
             SELECT 1 FROM update_areas ua JOIN updates u ON u.id = ua.update_id
             WHERE ua.source_id = s.id AND ua.area_code = c.code AND {}))
         ORDER BY s.name",
        visible(&args.arg(now_ms))
    );
    args.query(&sql)?.fetch_all(pool).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

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
    /// The publishing form's key (with `author_id`): the same form sent twice stores once.
    pub client_key: Option<&'a str>,
}

/// The update `author_id` already published from the form with `client_key`, if any.
pub async fn by_client_key(
    tx: &mut sqlx::AnyConnection,
    author_id: i64,
    client_key: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM updates WHERE author_id = $1 AND client_key = $2")
        .bind(author_id)
        .bind(client_key)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Inserts an update and its areas; returns the new id. Visible at once (`published_at_ms`
/// has come at `now_ms`): announced to live pages on commit; otherwise when its time comes.
/// (The publishing pipeline queues it for push.)
pub async fn insert(tx: &mut sqlx::AnyConnection, update: &NewUpdate<'_>, now_ms: i64) -> Result<i64, sqlx::Error> {
    publish_lock(tx).await?;
    let pending = update.published_at_ms > now_ms;
    let id: i64 = sqlx::query(
        "INSERT INTO updates (kind, severity, title, body, source_id, account_id, published_at_ms, expires_at_ms, is_demo,
                              author_id, byline, starts_at_ms, ends_at_ms, live_pending, client_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
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
    .bind(i64::from(pending))
    .bind(update.client_key)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let pairs: Vec<(i64, &str)> = update.area_codes.iter().map(|c| (id, *c)).collect();
    insert_areas(tx, &pairs).await?;
    if !pending {
        append_events(tx, &[id], Event::Visible, now_ms).await?;
    }
    Ok(id)
}

/// Keys per lookup, and rows per multi-row INSERT. Kept to a few hundred bound values a
/// statement: sqlx-sqlite maps each `$n` with `sqlite3_bind_parameter_name`, a linear scan,
/// so binding cost grows with the square of a statement's size (measured: 200 rows of 13
/// values spent 30% of ingest there; 25 rows make it negligible).
const BATCH: usize = 100;
const INSERT_ROWS: usize = 25;

/// An item from an imported feed, as stored.
pub struct FeedUpdate<'a> {
    pub key: &'a str,
    pub kind: UpdateKind,
    pub severity: Severity,
    pub title: &'a str,
    pub body: &'a str,
    pub published_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub link: Option<&'a str>,
    pub hash: &'a str,
    pub area_codes: &'a [String],
}

/// Where a feed's items go: the source they appear under and the feed they came from.
#[derive(Clone, Copy)]
pub struct FeedOrigin {
    pub source_id: i64,
    pub feed_source_id: i64,
    pub is_demo: bool,
}

/// A feed's stored items among `keys`: key → (id, content hash, withdrawn).
pub async fn feed_items(
    tx: &mut sqlx::AnyConnection,
    feed_source_id: i64,
    keys: &[&str],
) -> Result<std::collections::HashMap<String, (i64, String, bool)>, AppError> {
    let mut found = std::collections::HashMap::new();
    for chunk in keys.chunks(BATCH) {
        let mut args = Args::new();
        let (feed, keys) = (args.arg(feed_source_id), args.list(chunk.iter().map(|k| k.to_string())));
        let sql = format!(
            "SELECT external_key, id, content_hash, withdrawn_at_ms FROM updates
             WHERE feed_source_id = {feed} AND external_key IN ({keys})"
        );
        for r in args.query(&sql)?.fetch_all(&mut *tx).await? {
            let withdrawn: Option<i64> = r.try_get(3)?;
            let hash = r.try_get::<Option<String>, _>(2)?.unwrap_or_default();
            found.insert(r.try_get(0)?, (r.try_get(1)?, hash, withdrawn.is_some()));
        }
    }
    Ok(found)
}

/// Inserts a feed poll's new items in id order (under the publishing lock, like every other
/// publisher) and announces those already visible; returns each new item's id and
/// publication time, for the pipeline to queue for push.
pub async fn insert_feed_items(
    tx: &mut sqlx::AnyConnection,
    origin: FeedOrigin,
    items: &[FeedUpdate<'_>],
    now_ms: i64,
) -> Result<Vec<(i64, i64)>, AppError> {
    publish_lock(tx).await?;
    let mut stored = Vec::with_capacity(items.len());
    for chunk in items.chunks(INSERT_ROWS) {
        const COLUMNS: usize = 14;
        let sql = format!(
            "INSERT INTO updates (kind, severity, title, body, source_id, published_at_ms, expires_at_ms, is_demo,
                                  feed_source_id, external_key, external_url, content_hash, updated_at_ms, live_pending)
             VALUES {} RETURNING id, external_key",
            Rows::for_connection(tx).rows(chunk.len(), COLUMNS)
        );
        let mut q = sqlx::query(&sql);
        for item in chunk {
            q = q
                .bind(item.kind.as_str())
                .bind(item.severity.as_str())
                .bind(item.title)
                .bind(item.body)
                .bind(origin.source_id)
                .bind(item.published_at_ms)
                .bind(item.expires_at_ms)
                .bind(i64::from(origin.is_demo))
                .bind(origin.feed_source_id)
                .bind(item.key)
                .bind(item.link)
                .bind(item.hash)
                .bind(item.published_at_ms)
                .bind(i64::from(item.published_at_ms > now_ms));
        }
        let ids: std::collections::HashMap<String, i64> = q
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(1)?, r.try_get(0)?)))
            .collect::<Result<_, AppError>>()?;
        let mut pairs: Vec<(i64, &str)> = Vec::new();
        let mut visible: Vec<i64> = Vec::new();
        for item in chunk {
            if let Some(id) = ids.get(item.key) {
                pairs.extend(item.area_codes.iter().map(|c| (*id, c.as_str())));
                if item.published_at_ms <= now_ms {
                    visible.push(*id);
                }
            }
        }
        visible.sort_unstable();
        insert_areas(tx, &pairs).await?;
        append_events(tx, &visible, Event::Visible, now_ms).await?;
        stored.extend(chunk.iter().filter_map(|item| Some((*ids.get(item.key)?, item.published_at_ms))));
    }
    stored.sort_unstable();
    Ok(stored)
}

/// A feed item the agency changed: new text and areas, same id and publication time.
pub async fn change_feed_item(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    item: &FeedUpdate<'_>,
    now_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE updates SET kind = $2, severity = $3, title = $4, body = $5, expires_at_ms = $6, external_url = $7,
            content_hash = $8, updated_at_ms = $9 WHERE id = $1",
    )
    .bind(id)
    .bind(item.kind.as_str())
    .bind(item.severity.as_str())
    .bind(item.title)
    .bind(item.body)
    .bind(item.expires_at_ms)
    .bind(item.link)
    .bind(item.hash)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM update_areas WHERE update_id = $1").bind(id).execute(&mut *tx).await?;
    let pairs: Vec<(i64, &str)> = item.area_codes.iter().map(|c| (id, c.as_str())).collect();
    Ok(insert_areas(tx, &pairs).await?)
}

/// Withdraws a feed's items whose keys its newer items supersede; returns how many.
pub async fn withdraw_feed_items(
    tx: &mut sqlx::AnyConnection,
    feed_source_id: i64,
    keys: &[String],
    now_ms: i64,
) -> Result<usize, AppError> {
    let mut ids: Vec<i64> = Vec::new();
    for chunk in keys.chunks(BATCH) {
        let mut args = Args::new();
        let (feed, keys) = (args.arg(feed_source_id), args.list(chunk.iter().cloned()));
        let sql = format!(
            "SELECT id FROM updates WHERE feed_source_id = {feed} AND withdrawn_at_ms IS NULL AND external_key IN ({keys})"
        );
        for r in args.query(&sql)?.fetch_all(&mut *tx).await? {
            ids.push(r.try_get(0)?);
        }
    }
    ids.sort_unstable();
    let mut n = 0;
    for id in ids {
        n += usize::from(withdraw(tx, id, now_ms).await?);
    }
    Ok(n)
}

/// Each area carries its update's source (for [`sources_for`]), read from the update itself.
async fn insert_areas(tx: &mut sqlx::AnyConnection, pairs: &[(i64, &str)]) -> Result<(), sqlx::Error> {
    for chunk in pairs.chunks(BATCH) {
        let mut at = Rows::for_connection(tx);
        let rows: Vec<String> = (0..chunk.len())
            .map(|_| {
                let (id, code, id_again) = (at.value(), at.value(), at.value());
                format!("({id}, {code}, (SELECT source_id FROM updates WHERE id = {id_again}))")
            })
            .collect();
        let sql = format!("INSERT INTO update_areas (update_id, area_code, source_id) VALUES {}", rows.join(", "));
        let mut q = sqlx::query(&sql);
        for (id, code) in chunk {
            q = q.bind(*id).bind(code.to_string()).bind(*id);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// What a live page is told about an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// It is now visible: its time came, or its withdrawal was undone.
    Visible,
    /// It was withdrawn: open pages take it down.
    Withdrawn,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Visible => "visible",
            Event::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "visible" => Some(Event::Visible),
            "withdrawn" => Some(Event::Withdrawn),
            _ => None,
        }
    }
}

/// Appends one event per id, in the order given, under the publishing lock.
async fn append_events(
    tx: &mut sqlx::AnyConnection,
    ids: &[i64],
    event: Event,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    publish_lock(tx).await?;
    for chunk in ids.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO update_events (update_id, event, at_ms) VALUES {}",
            Rows::for_connection(tx).rows(chunk.len(), 3)
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id).bind(event.as_str()).bind(now_ms);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// An update's owner and state, for deciding who may withdraw or restore it.
#[derive(sqlx::FromRow)]
pub struct Standing {
    pub source_id: i64,
    pub title: String,
    pub withdrawn_at_ms: Option<i64>,
}

/// Who owns update `id` and whether it is withdrawn; `None` if there is no such update.
pub async fn standing(pool: &AnyPool, id: i64) -> Result<Option<Standing>, AppError> {
    Ok(sqlx::query_as("SELECT source_id, title, withdrawn_at_ms FROM updates WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Withdraws update `id` at `now_ms` (it leaves every feed, and open pages are told);
/// `false` if it was already withdrawn.
pub async fn withdraw(tx: &mut sqlx::AnyConnection, id: i64, now_ms: i64) -> Result<bool, sqlx::Error> {
    publish_lock(tx).await?;
    // Withdrawn before its time came: it never will be announced.
    let row = sqlx::query(
        "UPDATE updates SET withdrawn_at_ms = $1, live_pending = 0 WHERE id = $2 AND withdrawn_at_ms IS NULL
         RETURNING live_pending",
    )
    .bind(now_ms)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if row.is_none() {
        return Ok(false);
    }
    append_events(tx, &[id], Event::Withdrawn, now_ms).await?;
    Ok(true)
}

/// Undoes a withdrawal made at or after `since_ms`: the update is back as it was (announced
/// again now, or when its time comes). `false` if it is not withdrawn, or was earlier.
pub async fn restore(tx: &mut sqlx::AnyConnection, id: i64, since_ms: i64, now_ms: i64) -> Result<bool, sqlx::Error> {
    publish_lock(tx).await?;
    let row = sqlx::query(
        "UPDATE updates SET withdrawn_at_ms = NULL,
            live_pending = CASE WHEN published_at_ms > $3 THEN 1 ELSE 0 END
         WHERE id = $1 AND withdrawn_at_ms >= $2 RETURNING live_pending",
    )
    .bind(id)
    .bind(since_ms)
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else { return Ok(false) };
    if row.try_get::<i64, _>(0)? == 0 {
        append_events(tx, &[id], Event::Visible, now_ms).await?;
    }
    Ok(true)
}

/// Announces every update whose time has come by `now_ms` (a delayed approval, a feed item
/// dated ahead): each once, whichever server gets there first. Returns how many.
pub async fn release_due(pool: &AnyPool, now_ms: i64) -> Result<usize, AppError> {
    // Most ticks find nothing: look before taking the lock.
    let due = sqlx::query("SELECT 1 FROM updates WHERE live_pending = 1 AND published_at_ms <= $1 LIMIT 1")
        .bind(now_ms)
        .fetch_optional(pool)
        .await?;
    if due.is_none() {
        return Ok(0);
    }
    let mut tx = crate::db::begin_write(pool).await?;
    publish_lock(&mut tx).await?;
    let ids: Vec<i64> = sqlx::query(
        "SELECT id FROM updates WHERE live_pending = 1 AND published_at_ms <= $1 ORDER BY published_at_ms, id",
    )
    .bind(now_ms)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    for chunk in ids.chunks(BATCH) {
        let mut args = Args::new();
        let sql = format!("UPDATE updates SET live_pending = 0 WHERE id IN ({})", args.list(chunk.iter().copied()));
        args.query(&sql)?.execute(&mut *tx).await?;
    }
    append_events(&mut tx, &ids, Event::Visible, now_ms).await?;
    tx.commit().await?;
    Ok(ids.len())
}

/// When the next update stored for later becomes visible (see [`release_due`]), if any.
pub async fn next_due(pool: &AnyPool) -> Result<Option<i64>, AppError> {
    let row = sqlx::query("SELECT MIN(published_at_ms) FROM updates WHERE live_pending = 1").fetch_one(pool).await?;
    Ok(row.try_get::<Option<i64>, _>(0)?)
}

/// The newest live event's number, or 0: where a page rendered now starts its stream.
pub async fn newest_event(pool: &AnyPool) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM update_events").fetch_one(pool).await?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Up to `limit` live events after `after`, in order: (number, event, update id).
pub async fn events_since(pool: &AnyPool, after: i64, limit: i64) -> Result<Vec<(i64, Event, i64)>, AppError> {
    sqlx::query("SELECT seq, event, update_id FROM update_events WHERE seq > $1 ORDER BY seq LIMIT $2")
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let event: String = r.try_get(1)?;
            let event = Event::parse(&event).ok_or_else(|| AppError::internal("stored live event", event))?;
            Ok((r.try_get(0)?, event, r.try_get(2)?))
        })
        .collect()
}

/// Updates (call log entries included) `author_id` published in the hour before `now_ms`.
pub async fn published_last_hour(
    tx: &mut sqlx::AnyConnection,
    author_id: i64,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM updates WHERE author_id = $1 AND published_at_ms > $2")
        .bind(author_id)
        .bind(now_ms - 3_600_000)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)
}

/// One of a source's own updates, as its compose page lists them.
#[derive(sqlx::FromRow)]
pub struct OwnUpdate {
    pub id: i64,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub kind: UpdateKind,
    #[sqlx(try_from = "String")]
    pub severity: Severity,
    pub withdrawn_at_ms: Option<i64>,
    pub published_at_ms: i64,
}

/// A source's newest `limit` updates published from Beat (not demo), withdrawn ones included.
pub async fn recent_of_source(pool: &AnyPool, source_id: i64, limit: i64) -> Result<Vec<OwnUpdate>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, title, kind, severity, withdrawn_at_ms, published_at_ms FROM updates WHERE source_id = $1 AND is_demo = 0
         ORDER BY published_at_ms DESC, id DESC LIMIT $2",
    )
    .bind(source_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Stores a call log entry's category, outcome and time on its update (inserted in the same
/// transaction).
pub async fn set_call_facts(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    category: &str,
    outcome: &str,
    received_at_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE updates SET call_category = $1, call_outcome = $2, call_received_at_ms = $3 WHERE id = $4")
        .bind(category)
        .bind(outcome)
        .bind(received_at_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Deletes demo updates (`ids`, or all of them) with their areas and live events: only
/// demo data is ever deleted; a real update is withdrawn instead.
pub async fn delete_demo(tx: &mut sqlx::AnyConnection, ids: Option<&[i64]>) -> Result<(), sqlx::Error> {
    match ids {
        None => {
            for sql in [
                "DELETE FROM update_events WHERE update_id IN (SELECT id FROM updates WHERE is_demo = 1)",
                "DELETE FROM update_areas WHERE update_id IN (SELECT id FROM updates WHERE is_demo = 1)",
                "DELETE FROM updates WHERE is_demo = 1",
            ] {
                sqlx::query(sql).execute(&mut *tx).await?;
            }
        }
        Some(ids) => {
            for id in ids {
                for sql in [
                    "DELETE FROM update_events WHERE update_id = $1",
                    "DELETE FROM update_areas WHERE update_id = $1",
                    "DELETE FROM updates WHERE id = $1 AND is_demo = 1",
                ] {
                    sqlx::query(sql).bind(*id).execute(&mut *tx).await?;
                }
            }
        }
    }
    Ok(())
}

/// Ids of the newest `limit` updates of `kind` that `author_id` published and has not
/// withdrawn, newest first.
pub async fn newest_of_author(
    pool: &AnyPool,
    author_id: i64,
    kind: UpdateKind,
    limit: i64,
) -> Result<Vec<i64>, AppError> {
    sqlx::query(
        "SELECT id FROM updates WHERE author_id = $1 AND kind = $2 AND withdrawn_at_ms IS NULL ORDER BY id DESC LIMIT $3",
    )
    .bind(author_id)
    .bind(kind.as_str())
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect()
}

/// An update with where it came from: its source, the zone of the source's own area, and a
/// call log entry's category and outcome as stored.
pub struct WithOrigin {
    pub update: StoredUpdate,
    pub source_id: i64,
    pub source_zone: String,
    pub call_category: Option<String>,
    pub call_outcome: Option<String>,
    pub withdrawn: bool,
}

/// The given updates (withdrawn ones too if `withdrawn`) with their areas and origin, newest
/// first.
pub async fn with_origin(pool: &AnyPool, ids: &[i64], withdrawn: bool) -> Result<Vec<WithOrigin>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let sql = format!(
        "SELECT {COLUMNS}, u.source_id, u.call_category, u.call_outcome, sa.time_zone AS source_zone, u.withdrawn_at_ms
         FROM updates u JOIN sources s ON s.id = u.source_id JOIN areas sa ON sa.code = s.area_code
         WHERE u.id IN ({}) {} ORDER BY u.published_at_ms DESC, u.id DESC",
        args.list(ids.iter().copied()),
        if withdrawn { "" } else { "AND u.withdrawn_at_ms IS NULL" }
    );
    let rows = args.query(&sql)?.fetch_all(pool).await?;
    let updates = with_areas(pool, rows.iter().map(stored).collect::<Result<_, _>>()?).await?;
    updates
        .into_iter()
        .zip(&rows)
        .map(|(update, row)| {
            Ok(WithOrigin {
                update,
                source_id: row.try_get("source_id")?,
                source_zone: row.try_get("source_zone")?,
                call_category: row.try_get("call_category")?,
                call_outcome: row.try_get("call_outcome")?,
                withdrawn: row.try_get::<Option<i64>, _>("withdrawn_at_ms")?.is_some(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// SQL naming one of this store's tables, outside this store: the rule "one owner per
    /// table" kept by a check rather than by memory. Both crates' sources are read.
    #[test]
    fn no_other_file_reads_or_writes_the_updates_tables() {
        let sql = regex::Regex::new(r"(?i)\b(from|join|into|update|table)\s+(updates|update_areas|update_events)\b")
            .expect("pattern");
        let offenders = crate::source_rules::lines_where(
            |path| {
                let owner =
                    path.ends_with("updates/store.rs") || path.parent().is_some_and(|p| p.ends_with("updates/store"));
                // db.rs's SQLite publishing lock is a no-op UPDATE that changes no row.
                owner || path.ends_with("src/db.rs")
            },
            |line| sql.is_match(line) && !line.trim_start().starts_with("//"),
        );
        assert!(offenders.is_empty(), "SQL on the updates tables outside updates::store:\n{}", offenders.join("\n"));
    }
}
