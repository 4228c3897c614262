//! The live fan-out: one tail per server reads the live event log (`update_events`: an
//! update became visible, or was withdrawn) in order and hands each change to every open
//! stream on that server. Before each read it announces updates whose time has come
//! (`updates::store::release_due`), so a delayed approval streams when it becomes visible.
//!
//! Why a tail, rather than each publisher broadcasting what it just did: event numbers are
//! the streams' resume cursors (`Last-Event-ID`), so they must reach a stream in increasing
//! order (see [`super::resume`]). One reader advancing a watermark gives that, whoever
//! published: this server, another server on the same PostgreSQL database, the feed poller
//! or the command line.
//!
//! [`Publisher`] is the small interface between "a commit published updates" and "tails,
//! read now". [`InProcess`] serves one process (SQLite), and reads every second as well for
//! what the command line writes to the same file. Several app servers on PostgreSQL use
//! [`super::notify::PgNotify`]: `NOTIFY` after a publish, `LISTEN` to wake, and a read every
//! ten seconds only as a safety net. Either way a lost wake-up delays an update but never
//! drops it. An update stored for later is read when its time comes, not at the next poll.

use super::store::{self, Campaign, Change};
use super::wire::CampaignCounters;
use crate::error::AppError;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Mutex, Notify};

/// How often a tail in one process reads even without a wake-up.
pub const POLL: Duration = Duration::from_secs(1);
/// Updates read per query.
const BATCH: i64 = 200;
/// Events a slow stream may fall behind before it is told to reload.
const CHANNEL: usize = 1024;

/// Tells tails that updates were committed.
pub trait Publisher: Send + Sync {
    /// Called after a commit that published updates.
    fn published(&self);
    /// Resolves after the next [`Publisher::published`] (or at once if one is pending).
    fn changed(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
    /// How long a tail waits for a wake-up before it reads anyway.
    fn catch_up_every(&self) -> Duration {
        POLL
    }
}

/// One process: a wake-up bell.
#[derive(Default)]
pub struct InProcess(Notify);

impl Publisher for InProcess {
    fn published(&self) {
        self.0.notify_one();
    }
    fn changed(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(self.0.notified())
    }
}

/// What open streams receive.
#[derive(Clone, Debug)]
pub enum LiveEvent {
    /// An update became visible, or was withdrawn.
    Change(Arc<Change>),
    /// A running campaign's counters after an update on its page.
    Counters { campaign_id: i64, counters: Arc<CampaignCounters> },
    /// The server is shutting down: streams end (browsers reconnect to another server,
    /// or to this one when it is back, and resume).
    Closing,
}

/// How many live streams one server holds. Past these a page's stream is refused with a 503
/// and `Retry-After` (the page still works; it reconnects later), so thousands of streams
/// from one place cannot starve the server, nor its database pool.
#[derive(Clone, Copy, Debug)]
pub struct StreamLimits {
    /// Open streams on this server.
    pub per_server: usize,
    /// Open streams from one network (`client_address::network_key`).
    pub per_network: usize,
    /// Streams setting up at once (each reads the area and what it missed).
    pub starting_at_once: usize,
}

impl Default for StreamLimits {
    fn default() -> Self {
        // `make live-load` held 10,000 streams in about 100 MB; a family's phones and tablets,
        // or an office behind one address, stay well under 40.
        StreamLimits { per_server: 20_000, per_network: 40, starting_at_once: 32 }
    }
}

/// Why a stream was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Full {
    Server,
    Network,
}

/// The tail, its watermark and the fan-out channel.
pub struct LiveHub {
    publisher: Box<dyn Publisher>,
    events: broadcast::Sender<LiveEvent>,
    /// The highest live event number handed to streams.
    watermark: AtomicI64,
    /// Changes to what is published that this server has heard of (see [`LiveHub::changes`]).
    changes: AtomicU64,
    /// One reader at a time (the loop, or a test calling [`LiveHub::advance`]).
    reading: Mutex<()>,
    open: AtomicUsize,
    limits: StreamLimits,
    by_network: std::sync::Mutex<HashMap<String, usize>>,
    /// Permits for streams setting up (see [`StreamLimits::starting_at_once`]).
    pub starting: Arc<tokio::sync::Semaphore>,
}

impl LiveHub {
    pub fn new(publisher: Box<dyn Publisher>, limits: StreamLimits) -> Arc<Self> {
        let (events, _) = broadcast::channel(CHANNEL);
        Arc::new(LiveHub {
            publisher,
            events,
            watermark: AtomicI64::new(0),
            changes: AtomicU64::new(0),
            reading: Mutex::new(()),
            open: AtomicUsize::new(0),
            limits,
            by_network: Default::default(),
            starting: Arc::new(tokio::sync::Semaphore::new(limits.starting_at_once)),
        })
    }

    /// A hub for one process.
    pub fn in_process() -> Arc<Self> {
        Self::in_process_with(StreamLimits::default())
    }

    /// A hub for one process, with its own stream limits.
    pub fn in_process_with(limits: StreamLimits) -> Arc<Self> {
        Self::new(Box::new(InProcess::default()), limits)
    }

    /// Starts after the newest live event already stored, then follows new ones until the
    /// process ends.
    pub async fn start(self: &Arc<Self>, pool: AnyPool) -> Result<(), AppError> {
        self.catch_up(&pool).await?;
        let hub = self.clone();
        tokio::spawn(async move {
            let mut wait = hub.publisher.catch_up_every();
            loop {
                tokio::select! {
                    _ = hub.publisher.changed() => {}
                    _ = tokio::time::sleep(wait) => {}
                }
                wait = hub.publisher.catch_up_every();
                if let Err(e) = hub.advance(&pool).await {
                    tracing::warn!(error = %e, "live tail could not read new updates");
                    tokio::time::sleep(POLL).await;
                    continue;
                }
                // An update stored for later is announced when its time comes.
                match crate::updates::store::next_due(&pool).await {
                    Ok(Some(due_ms)) => {
                        let ms = (due_ms - chrono::Utc::now().timestamp_millis()).max(0) as u64;
                        wait = wait.min(Duration::from_millis(ms));
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, "live tail could not read what is due next"),
                }
            }
        });
        Ok(())
    }

    /// Moves the watermark to the newest live event without announcing anything
    /// (what was published before this server started is on the pages already).
    pub async fn catch_up(&self, pool: &AnyPool) -> Result<(), AppError> {
        let _one = self.reading.lock().await;
        self.watermark.store(crate::updates::store::newest_event(pool).await?, Ordering::SeqCst);
        Ok(())
    }

    /// Wakes the tail (after a commit that published updates).
    pub fn wake(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        self.publisher.published();
    }

    /// A number that moves whenever this server learns that what is published changed: it
    /// published something itself ([`LiveHub::wake`]), or its tail read a change made anywhere
    /// (another server, the command line, an update whose time came). A page made while it
    /// stood at one value may be out of date once it moves (the router's page store).
    pub fn changes(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    /// Ends every open stream, so a graceful shutdown need not wait for live pages to close.
    pub fn close(&self) {
        let _ = self.events.send(LiveEvent::Closing);
    }

    /// A receiver for everything announced from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// The highest live event number handed to streams so far.
    pub fn watermark(&self) -> i64 {
        self.watermark.load(Ordering::SeqCst)
    }

    /// Streams open on this server.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// Counts a stream opening from `network`, or says which limit it is over.
    pub fn stream_opened(self: &Arc<Self>, network: String) -> Result<OpenStream, Full> {
        let mut by_network = self.by_network.lock().unwrap_or_else(|e| e.into_inner());
        if self.open.load(Ordering::SeqCst) >= self.limits.per_server {
            return Err(Full::Server);
        }
        let count = by_network.entry(network.clone()).or_default();
        if *count >= self.limits.per_network {
            return Err(Full::Network);
        }
        *count += 1;
        self.open.fetch_add(1, Ordering::SeqCst);
        Ok(OpenStream { hub: self.clone(), network })
    }

    /// Announces what has become due, reads every change above the watermark in order and
    /// hands each to the streams; then the counters of each running campaign they belong
    /// to. Returns how many events it read.
    pub async fn advance(&self, pool: &AnyPool) -> Result<usize, AppError> {
        let _one = self.reading.lock().await;
        let mut total = 0;
        let mut touched: Vec<Campaign> = Vec::new();
        let now_ms = chrono::Utc::now().timestamp_millis();
        if crate::updates::store::release_due(pool, now_ms).await? > 0 {
            // The other servers read what this one announced without waiting for its time.
            self.publisher.published();
        }
        let running = store::running(pool, now_ms).await?;
        loop {
            let read = store::since(pool, self.watermark(), BATCH).await?;
            for change in read.changes {
                for c in running.iter().filter(|c| c.includes(&change.announcement)) {
                    if !touched.iter().any(|t| t.id == c.id) {
                        touched.push(c.clone());
                    }
                }
                self.watermark.store(change.seq, Ordering::SeqCst);
                // No receivers is not an error: nobody has a live page open.
                let _ = self.events.send(LiveEvent::Change(Arc::new(change)));
            }
            // Past what was read, handed on or not: events with nothing to hand on (updates
            // withdrawn before anyone was told of them) must not hold the tail where it is.
            if let Some(last) = read.last_seq {
                self.watermark.fetch_max(last, Ordering::SeqCst);
            }
            if read.events > 0 {
                self.changes.fetch_add(1, Ordering::SeqCst);
            }
            total += read.events;
            if read.events < BATCH as usize {
                break;
            }
        }
        for c in touched {
            let counters = Arc::new(store::counters(pool, &c, now_ms).await?);
            let _ = self.events.send(LiveEvent::Counters { campaign_id: c.id, counters });
        }
        Ok(total)
    }
}

/// An open stream, counted while it lives.
pub struct OpenStream {
    hub: Arc<LiveHub>,
    network: String,
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        let mut by_network = self.hub.by_network.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = by_network.get_mut(&self.network) {
            *count -= 1;
            if *count == 0 {
                by_network.remove(&self.network);
            }
        }
        self.hub.open.fetch_sub(1, Ordering::SeqCst);
    }
}
