//! Feed sources and their items in the database. Every statement about items is scoped to
//! one feed source, and a poll's items and its status are written in one transaction: a bad
//! feed can fail only its own poll, and never leaves half a poll behind.

use super::fetch::Validators;
use super::format::FeedFormat;
use super::place::AreaTree;
use crate::error::AppError;
use crate::publishing::pipeline::Publishing;
use crate::sources::SourceKind;
use crate::updates::kind::{Severity, UpdateKind};
use crate::updates::store::{self as updates, FeedOrigin, FeedUpdate};
use sqlx::{AnyPool, Row};

/// A feed source, as the poller needs it.
#[derive(Clone, Debug)]
pub struct FeedSource {
    pub id: i64,
    pub source_id: i64,
    pub source_kind: SourceKind,
    pub source_is_demo: bool,
    pub location: String,
    pub format: Option<FeedFormat>,
    pub default_kind: UpdateKind,
    pub poll_interval_s: i64,
    pub failures: u32,
    pub validators: Validators,
    pub area_codes: Vec<String>,
}

const SOURCE_COLUMNS: &str =
    "f.id, f.source_id, s.kind AS source_kind, s.is_demo AS source_is_demo, f.location, f.format,
    f.default_kind, f.poll_interval_s, f.failures, f.etag, f.last_modified";

fn feed_source(row: &sqlx::any::AnyRow) -> Result<FeedSource, AppError> {
    let text = |c: &str| -> Result<String, AppError> { Ok(row.try_get::<String, _>(c)?) };
    let bad = |what: &str, v: String| AppError::internal(&format!("feed source has unknown {what}"), v);
    let kind = text("source_kind")?;
    let default_kind = text("default_kind")?;
    let format: Option<String> = row.try_get("format")?;
    Ok(FeedSource {
        id: row.try_get("id")?,
        source_id: row.try_get("source_id")?,
        source_kind: SourceKind::parse(&kind).ok_or_else(|| bad("source kind", kind.clone()))?,
        source_is_demo: row.try_get::<i64, _>("source_is_demo")? != 0,
        location: row.try_get("location")?,
        format: format.map(|f| FeedFormat::parse(&f).ok_or_else(|| bad("format", f.clone()))).transpose()?,
        default_kind: UpdateKind::parse(&default_kind).ok_or_else(|| bad("kind", default_kind.clone()))?,
        poll_interval_s: row.try_get("poll_interval_s")?,
        failures: u32::try_from(row.try_get::<i64, _>("failures")?).unwrap_or(u32::MAX),
        validators: Validators { etag: row.try_get("etag")?, last_modified: row.try_get("last_modified")? },
        area_codes: Vec::new(),
    })
}

/// One feed source with its default areas.
pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<FeedSource>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {SOURCE_COLUMNS} FROM feed_sources f JOIN sources s ON s.id = f.source_id WHERE f.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut source = feed_source(&row)?;
    source.area_codes =
        sqlx::query("SELECT area_code FROM feed_source_areas WHERE feed_source_id = $1 ORDER BY area_code")
            .bind(id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
    Ok(Some(source))
}

/// A feed source to add.
pub struct NewFeedSource<'a> {
    pub source_id: i64,
    pub location: &'a str,
    pub format: Option<FeedFormat>,
    pub default_kind: UpdateKind,
    pub poll_interval_s: i64,
    pub area_codes: &'a [String],
    pub created_by: Option<i64>,
}

/// Adds a feed source, due at once. The caller has checked the fields.
pub async fn add(tx: &mut sqlx::AnyConnection, new: &NewFeedSource<'_>, now_ms: i64) -> Result<i64, AppError> {
    let taken = sqlx::query("SELECT id FROM feed_sources WHERE location = $1")
        .bind(new.location)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(AppError::invalid("location", "Beat already polls this feed."));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO feed_sources (source_id, location, format, default_kind, poll_interval_s, next_poll_at_ms, created_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id",
    )
    .bind(new.source_id)
    .bind(new.location)
    .bind(new.format.map(FeedFormat::as_str))
    .bind(new.default_kind.as_str())
    .bind(new.poll_interval_s)
    .bind(now_ms)
    .bind(new.created_by)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    for code in new.area_codes {
        sqlx::query("INSERT INTO feed_source_areas (feed_source_id, area_code) VALUES ($1, $2)")
            .bind(id)
            .bind(code)
            .execute(&mut *tx)
            .await?;
    }
    Ok(id)
}

/// Takes a feed source for polling until `now + lease`: only one server polls it at a time.
/// With `due_only`, only if its time has come (the scheduler); without, whenever no other
/// poll holds it (a "poll now").
pub async fn claim(pool: &AnyPool, id: i64, now_ms: i64, lease_ms: i64, due_only: bool) -> Result<bool, AppError> {
    let due = if due_only { "AND enabled = 1 AND next_poll_at_ms <= $2" } else { "" };
    let done = sqlx::query(&format!(
        "UPDATE feed_sources SET claimed_until_ms = $3
         WHERE id = $1 {due} AND (claimed_until_ms IS NULL OR claimed_until_ms <= $2)"
    ))
    .bind(id)
    .bind(now_ms)
    .bind(now_ms + lease_ms)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ids of enabled sources whose time has come, most overdue first.
pub async fn due(pool: &AnyPool, now_ms: i64) -> Result<Vec<i64>, AppError> {
    sqlx::query("SELECT id FROM feed_sources WHERE enabled = 1 AND next_poll_at_ms <= $1 ORDER BY next_poll_at_ms, id")
        .bind(now_ms)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

/// The earliest next poll of any enabled source.
pub async fn next_due(pool: &AnyPool) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query("SELECT MIN(next_poll_at_ms) FROM feed_sources WHERE enabled = 1")
        .fetch_one(pool)
        .await?
        .try_get(0)?)
}

/// Records a failed poll: the error in words, one more failure, the backed-off next poll.
/// Items already stored are untouched.
pub async fn record_failure(pool: &AnyPool, id: i64, message: &str, now_ms: i64, next_ms: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE feed_sources SET failures = failures + 1, last_error = $2, last_error_at_ms = $3, last_polled_at_ms = $3,
            last_outcome = 'Failed', next_poll_at_ms = $4, claimed_until_ms = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(message)
    .bind(now_ms)
    .bind(next_ms)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a poll answered "not modified".
pub async fn record_not_modified(pool: &AnyPool, id: i64, now_ms: i64, next_ms: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE feed_sources SET failures = 0, last_polled_at_ms = $2, last_success_at_ms = $2,
            last_outcome = 'Not modified since the last poll', last_new = 0, last_changed = 0, last_skipped = 0,
            last_redacted = 0, next_poll_at_ms = $3, claimed_until_ms = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(now_ms)
    .bind(next_ms)
    .execute(pool)
    .await?;
    Ok(())
}

/// Pauses or resumes polling.
pub async fn set_enabled(pool: &AnyPool, id: i64, enabled: bool, now_ms: i64) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE feed_sources SET enabled = $2, next_poll_at_ms = $3 WHERE id = $1")
        .bind(id)
        .bind(i64::from(enabled))
        .bind(now_ms)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Each area's parent for gathering wards into councils and forces. Countries are never
/// gathered into: an alert over all of one country's known forces is not a national alert.
pub async fn area_tree(pool: &AnyPool) -> Result<AreaTree, AppError> {
    let rows = sqlx::query(
        "SELECT a.code, CASE WHEN p.level = 'country' THEN NULL ELSE a.parent_code END AS parent
         FROM areas a LEFT JOIN areas p ON p.code = a.parent_code",
    )
    .fetch_all(pool)
    .await?;
    let rows = rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<Vec<_>, AppError>>()?;
    Ok(AreaTree::new(rows))
}

/// An item ready to store: text cleaned and checked, areas chosen.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub key: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub kind: UpdateKind,
    pub severity: Severity,
    pub published_ms: i64,
    pub expires_ms: Option<i64>,
    pub hash: String,
    pub area_codes: Vec<String>,
}

/// What a poll changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PollReport {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub withdrawn: usize,
    pub skipped: usize,
    pub redacted: usize,
}

impl PollReport {
    /// "3 new, 1 changed, 12 unchanged, 1 skipped (…)".
    pub fn describe(&self, skipped_reasons: &[String]) -> String {
        let mut parts = vec![
            format!("{} new", self.new),
            format!("{} changed", self.changed),
            format!("{} unchanged", self.unchanged),
        ];
        if self.withdrawn > 0 {
            parts.push(format!("{} withdrawn by the agency", self.withdrawn));
        }
        if self.skipped > 0 {
            let mut reasons: Vec<&str> = skipped_reasons.iter().map(String::as_str).collect();
            reasons.dedup();
            parts.push(format!("{} skipped: {}", self.skipped, reasons.join("; ")));
        }
        if self.redacted > 0 {
            parts.push(format!("{} with personal details removed by the privacy guard", self.redacted));
        }
        parts.join(", ")
    }
}

/// How a successful poll ends, once every item has been stored.
pub struct PollEnd<'a> {
    pub supersedes: &'a [String],
    pub format: FeedFormat,
    pub validators: &'a Validators,
    /// Why each item not taken was left out, in the order they were met; one reason an item.
    pub skipped_reasons: &'a [String],
    pub redacted: usize,
    pub next_ms: i64,
}

impl Prepared {
    fn as_update(&self) -> FeedUpdate<'_> {
        FeedUpdate {
            key: &self.key,
            kind: self.kind,
            severity: self.severity,
            title: &self.title,
            body: &self.body,
            published_at_ms: self.published_ms,
            expires_at_ms: self.expires_ms,
            link: self.link.as_deref(),
            hash: &self.hash,
            area_codes: &self.area_codes,
        }
    }
}

/// A successful poll being stored, in one transaction through the publishing pipeline like
/// every other publisher: new items are inserted and changed ones updated a chunk at a time,
/// as the poller prepares them ([`PollWriter::store`]); then superseded items are withdrawn
/// and the poll is recorded ([`PollWriter::finish`]). Dropped unfinished, nothing is kept.
///
/// The transaction (and with it the publishing lock) begins with the first chunk, not
/// before: while the feed is still being read, other publishers are not held up.
pub struct PollWriter<'a> {
    pool: &'a AnyPool,
    source: &'a FeedSource,
    now_ms: i64,
    publishing: Option<Publishing>,
    report: PollReport,
}

impl<'a> PollWriter<'a> {
    pub fn new(pool: &'a AnyPool, source: &'a FeedSource, now_ms: i64) -> Self {
        PollWriter { pool, source, now_ms, publishing: None, report: PollReport::default() }
    }

    async fn publishing(&mut self) -> Result<&mut Publishing, AppError> {
        if self.publishing.is_none() {
            self.publishing = Some(Publishing::begin(self.pool, self.now_ms).await?);
        }
        Ok(self.publishing.as_mut().expect("begun just now"))
    }

    /// Stores the next items of the feed: new ones inserted (and announced), changed ones
    /// updated, the rest counted as unchanged. Keys are unique across the whole poll.
    pub async fn store(&mut self, items: &[Prepared]) -> Result<(), AppError> {
        let (source_id, now_ms) = (self.source.id, self.now_ms);
        let origin = FeedOrigin {
            source_id: self.source.source_id,
            feed_source_id: source_id,
            is_demo: self.source.source_is_demo,
        };
        let publishing = self.publishing().await?;
        let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
        let existing = updates::feed_items(publishing.tx(), source_id, &keys).await?;
        let (mut fresh, mut changed, mut unchanged) = (Vec::new(), 0, 0);
        for item in items {
            match existing.get(item.key.as_str()) {
                None => fresh.push(item.as_update()),
                Some((_, hash, _)) if *hash == item.hash => unchanged += 1,
                Some((_, _, true)) => unchanged += 1,
                Some((id, _, false)) => {
                    updates::change_feed_item(publishing.tx(), *id, &item.as_update(), now_ms).await?;
                    changed += 1;
                }
            }
        }
        publishing.insert_feed_items(origin, &fresh).await?;
        self.report.new += fresh.len();
        self.report.changed += changed;
        self.report.unchanged += unchanged;
        Ok(())
    }

    /// Withdraws the items the feed says are superseded, records the poll and commits.
    pub async fn finish(mut self, end: PollEnd<'_>) -> Result<PollReport, AppError> {
        let (source_id, now_ms) = (self.source.id, self.now_ms);
        self.report.skipped += end.skipped_reasons.len();
        self.report.redacted += end.redacted;
        self.publishing().await?;
        let mut publishing = self.publishing.take().expect("begun just now");
        let withdrawn = updates::withdraw_feed_items(publishing.tx(), source_id, end.supersedes, now_ms).await?;
        self.report.withdrawn += withdrawn;
        let report = self.report;
        sqlx::query(
            "UPDATE feed_sources SET failures = 0, last_polled_at_ms = $2, last_success_at_ms = $2, last_outcome = $3,
                etag = $4, last_modified = $5, detected_format = $6, items_stored = items_stored + $7, last_new = $7,
                last_changed = $8, last_skipped = $9, last_redacted = $10, next_poll_at_ms = $11, claimed_until_ms = NULL
             WHERE id = $1",
        )
        .bind(source_id)
        .bind(now_ms)
        .bind(report.describe(end.skipped_reasons))
        .bind(end.validators.etag.as_deref())
        .bind(end.validators.last_modified.as_deref())
        .bind(end.format.as_str())
        .bind(report.new as i64)
        .bind(report.changed as i64)
        .bind(report.skipped as i64)
        .bind(report.redacted as i64)
        .bind(end.next_ms)
        .execute(&mut *publishing.tx())
        .await?;
        publishing.commit(None).await?;
        Ok(report)
    }
}
