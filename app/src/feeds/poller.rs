//! The scheduler: polls each due feed, one at a time, and records how it went.
//!
//! Several app servers can run this loop against one PostgreSQL database: a poll starts only
//! after [`store::claim`] takes the feed, so each feed is polled by one server at a time.

use super::fetch::{self, Fetched, Limits};
use super::format::FeedFormat;
use super::item::{content_hash, Incoming};
use super::parse::parse_each;
use super::place::{place, AreaTree, Placement};
use super::schedule::next_poll_ms;
use super::store::{self, FeedSource, PollEnd, PollReport, Prepared};
use crate::areas::index::{AreaIndex, SharedIndex};
use crate::error::AppError;
use crate::sources::SourceKind;
use crate::updates::kind::{Severity, UpdateKind};
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;

/// A poll is given this long before another server may take the feed over.
const LEASE_MS: i64 = 5 * 60_000;
/// The scheduler looks for due feeds at least this often.
const TICK_MAX: Duration = Duration::from_secs(30);

/// How a poll went.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    NotModified,
    Stored(PollReport),
    /// The error in words, as the status page shows it.
    Failed(String),
}

/// Everything a poll needs.
#[derive(Clone)]
pub struct Poller {
    pub pool: AnyPool,
    pub areas: SharedIndex,
    pub client: reqwest::Client,
    pub limits: Limits,
}

impl Poller {
    pub fn new(pool: AnyPool, areas: SharedIndex, limits: Limits) -> Self {
        Poller { pool, areas, client: fetch::client(&limits), limits }
    }

    /// Runs the scheduler until the process ends.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.poll_due().await {
                    tracing::error!(error = %e, "feed scheduler");
                }
                let now = now_ms();
                let wait = match store::next_due(&self.pool).await {
                    Ok(Some(at)) => Duration::from_millis(at.saturating_sub(now).clamp(1000, 30_000) as u64),
                    _ => TICK_MAX,
                };
                tokio::time::sleep(wait).await;
            }
        })
    }

    /// Polls every due feed this server can claim. Returns each feed's outcome.
    pub async fn poll_due(&self) -> Result<Vec<(i64, Outcome)>, AppError> {
        let mut outcomes = Vec::new();
        for id in store::due(&self.pool, now_ms()).await? {
            if store::claim(&self.pool, id, now_ms(), LEASE_MS, true).await? {
                outcomes.push((id, self.poll(id).await?));
            }
        }
        Ok(outcomes)
    }

    /// Polls one feed now, due or not. `None` if another poll of it is running.
    pub async fn poll_now(&self, id: i64) -> Result<Option<Outcome>, AppError> {
        if !store::claim(&self.pool, id, now_ms(), LEASE_MS, false).await? {
            return Ok(None);
        }
        self.poll(id).await.map(Some)
    }

    /// One poll of a claimed feed. Only database errors are errors; a bad feed is an outcome.
    async fn poll(&self, id: i64) -> Result<Outcome, AppError> {
        let source =
            store::get(&self.pool, id).await?.ok_or_else(|| AppError::NotFound(format!("There is no feed {id}.")))?;
        let fetched = fetch::fetch(&self.client, &source.location, &source.validators, &self.limits).await;
        let now = now_ms();
        let (bytes, content_type, validators) = match fetched {
            Ok(Fetched::NotModified) => {
                store::record_not_modified(&self.pool, id, now, next_poll_ms(now, source.poll_interval_s, 0, None))
                    .await?;
                return Ok(Outcome::NotModified);
            }
            Ok(Fetched::Body { bytes, content_type, validators }) => (bytes, content_type, validators),
            Err(e) => return self.fail(&source, &e.to_string(), e.retry_after_s()).await,
        };
        // Reading up to the size cap (8 MB of XML or JSON) is CPU work: off the threads that
        // serve pages. Items are turned into text, placed and checked by the privacy guard
        // there too, and handed over a chunk at a time: the first chunk is being stored while
        // the next is made.
        let tree = store::area_tree(&self.pool).await?;
        let (chunks_tx, mut chunks) = tokio::sync::mpsc::channel(2);
        let reader = Reader { areas: self.areas.current(), tree, source: source.clone(), now_ms: now };
        let format_hint = source.format;
        let reading = tokio::task::spawn_blocking(move || reader.read(&bytes, format_hint, content_type, chunks_tx));
        let mut writer = store::PollWriter::new(&self.pool, &source, now);
        while let Some(chunk) = chunks.recv().await {
            writer.store(&chunk).await?;
        }
        let (format, read) = match reading.await.map_err(|e| AppError::internal("feed reading task", e))? {
            Ok(done) => done,
            // A feed that cannot be read fails before its first item, so nothing was stored;
            // were anything, dropping the writer rolls it back before the failure is recorded.
            Err(message) => {
                drop(writer);
                return self.fail(&source, &message, None).await;
            }
        };
        let skipped_reasons: Vec<String> = read.parse_skipped.into_iter().chain(read.skipped_reasons).collect();
        let end = PollEnd {
            supersedes: &read.supersedes,
            format,
            validators: &validators,
            skipped_reasons: &skipped_reasons,
            redacted: read.redacted,
            next_ms: next_poll_ms(now, source.poll_interval_s, 0, None),
        };
        Ok(Outcome::Stored(writer.finish(end).await?))
    }

    async fn fail(&self, source: &FeedSource, message: &str, retry_after_s: Option<i64>) -> Result<Outcome, AppError> {
        let now = now_ms();
        let next = next_poll_ms(now, source.poll_interval_s, source.failures.saturating_add(1), retry_after_s);
        tracing::warn!(feed = source.id, error = message, "feed poll failed");
        store::record_failure(&self.pool, source.id, message, now, next).await?;
        Ok(Outcome::Failed(message.to_string()))
    }
}

/// Items handed to the store at a time.
const CHUNK: usize = 256;

/// What the reading side of a poll needs: where items go, and the feed they come from.
struct Reader {
    areas: Arc<AreaIndex>,
    tree: AreaTree,
    source: FeedSource,
    now_ms: i64,
}

/// What the reading side found besides the items it handed on.
#[derive(Default)]
struct Read {
    /// Reasons the parser skipped items, then the reasons this side did.
    parse_skipped: Vec<String>,
    skipped_reasons: Vec<String>,
    supersedes: Vec<String>,
    redacted: usize,
}

impl Reader {
    /// Parses the feed and sends its items, prepared, in chunks of [`CHUNK`]. Stops making
    /// them if the store side has given up (it dropped the receiver).
    fn read(
        self,
        bytes: &[u8],
        format_hint: Option<FeedFormat>,
        content_type: Option<String>,
        chunks: tokio::sync::mpsc::Sender<Vec<Prepared>>,
    ) -> Result<(FeedFormat, Read), String> {
        let mut read = Read::default();
        let mut keys = std::collections::HashSet::new();
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut open = true;
        let format = parse_each(bytes, format_hint, content_type.as_deref(), |item| {
            let item = match item {
                _ if !open => return,
                Ok(item) => item,
                Err(skipped) => {
                    read.parse_skipped.push(skipped);
                    return;
                }
            };
            read.supersedes.extend(item.supersedes.iter().map(|k| k.stored()));
            if item.title.is_empty() && item.body.is_empty() {
                return;
            }
            let key = item.key.stored();
            if !keys.insert(key.clone()) {
                read.skipped_reasons.push("an item repeating an earlier item's id".into());
                return;
            }
            let area_codes = match place(&item.place, &self.areas, &self.tree, &self.source.area_codes) {
                Placement::Areas(codes) => codes,
                Placement::Outside => {
                    read.skipped_reasons.push("an alert for a place outside Beat's areas".into());
                    return;
                }
            };
            let (prepared, redacted) = prepare(item, key, &self.source, area_codes, self.now_ms);
            read.redacted += usize::from(redacted);
            chunk.push(prepared);
            if chunk.len() == CHUNK {
                open = chunks.blocking_send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK))).is_ok();
            }
        })?;
        if open && !chunk.is_empty() {
            let _ = chunks.blocking_send(chunk);
        }
        Ok((format, read))
    }
}

/// An item as it will be stored: personal details redacted, kind and times settled. Returns
/// whether the privacy guard changed anything.
fn prepare(item: Incoming, key: String, source: &FeedSource, area_codes: Vec<String>, now: i64) -> (Prepared, bool) {
    let hash = content_hash(&item);
    let title = crate::privacy::review(&item.title).redacted;
    let body = crate::privacy::review(&item.body).redacted;
    let redacted = title != item.title || body != item.body;
    let kind = match item.kind {
        // Council notices come from councils only, as in Beat's own publishing.
        Some(UpdateKind::CouncilNotice) if source.source_kind != SourceKind::Council => source.default_kind,
        Some(k) => k,
        None => source.default_kind,
    };
    // An undated item is dated when Beat first saw it; a date in the future (a wrong clock)
    // is brought back to now, so it is not hidden until then.
    let published_ms = item.published_ms.or(item.updated_ms).unwrap_or(now).min(now);
    let prepared = Prepared {
        key,
        title,
        body,
        link: item.link,
        kind,
        severity: item.severity.unwrap_or(Severity::Info),
        published_ms,
        expires_ms: item.expires_ms,
        hash,
        area_codes,
    };
    (prepared, redacted)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
