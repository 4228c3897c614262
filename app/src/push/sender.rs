//! The push sender: one worker drains the outbox and posts each notification to the
//! subscribers' push services. However many app servers run, one holds the `push` lease
//! (renewed while it works) and sends; the others wait for it to lapse. Publishing wakes
//! the local worker at once; others notice within a few seconds.

use super::policy::{decide, notice, Decision, Lane};
use super::sealing::SealingKey;
use super::store::{self, Queued, Recipient};
use super::{outcome, PushRequest, SendOutcome, Subscription, Urgency, VapidKeys};
use crate::error::AppError;
use crate::updates::kind::Severity;
use chrono::Timelike;
use futures::stream::{self, StreamExt};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Settings for sending, shared through `AppState`.
#[derive(Clone, Debug)]
pub struct PushConfig {
    /// The VAPID contact (`mailto:` or `https:`), sent to push services with every message.
    pub subject: String,
    /// Accept `http://` endpoints (tests' loopback push server). Off in production:
    /// browsers' push services are all https, and the server POSTs wherever an endpoint points.
    pub allow_http_endpoints: bool,
    /// How long to wait for a push service.
    pub timeout: Duration,
    /// How long to wait for a push service about a device whose last sends failed.
    pub failing_timeout: Duration,
    /// The time one alert may spend on devices whose last sends failed, after everyone
    /// else has been sent to; those not tried by then count one more failure.
    pub failing_budget: Duration,
    /// Seals the VAPID private key in the database (see [`super::sealing`]).
    pub sealing_key: SealingKey,
}

impl PushConfig {
    /// The defaults, with the server's sealing key.
    pub fn new(sealing_key: SealingKey) -> Self {
        PushConfig {
            subject: "mailto:beat@localhost".into(),
            allow_http_endpoints: false,
            timeout: Duration::from_secs(10),
            failing_timeout: Duration::from_secs(3),
            failing_budget: Duration::from_secs(15),
            sealing_key,
        }
    }
}

/// The config and the bell that wakes the local worker after a publish.
#[derive(Debug)]
pub struct PushHub {
    pub config: PushConfig,
    pub wake: Notify,
}

impl PushHub {
    pub fn new(config: PushConfig) -> Arc<Self> {
        Arc::new(PushHub { config, wake: Notify::new() })
    }
}

/// Updates older than this when their turn comes are not announced (a feed's first poll
/// brings in months of items; nobody wants those as alerts).
pub const MAX_AGE_MS: i64 = 60 * 60 * 1000;
/// How long the push service may hold a message for an offline phone.
const TTL_SECONDS: u32 = 6 * 60 * 60;
const LEASE_MS: i64 = 30_000;
const IDLE: Duration = Duration::from_secs(5);
/// Messages in flight at once.
const PARALLEL: usize = 8;

/// What one pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendReport {
    pub updates: usize,
    pub delivered: usize,
    pub below_threshold: usize,
    pub quiet: usize,
    pub removed: usize,
    pub failed: usize,
    /// Withdrawn, expired or too old by the time the worker reached them.
    pub not_announced: usize,
}

pub struct PushSender {
    pool: AnyPool,
    hub: Arc<PushHub>,
    client: reqwest::Client,
    holder: String,
}

impl PushSender {
    pub fn new(pool: AnyPool, hub: Arc<PushHub>) -> Result<Self, AppError> {
        let client = reqwest::Client::builder()
            .timeout(hub.config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Beat push sender")
            .build()
            .map_err(|e| AppError::internal("push client", e))?;
        let (token, _) = crate::accounts::token::new_token()?;
        let holder = format!("{}-{}", std::process::id(), token.chars().take(12).collect::<String>());
        Ok(PushSender { pool, hub, client, holder })
    }

    /// Runs for ever: sends whatever is queued whenever this server holds the lease.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                match self.run_once().await {
                    Ok(Some(report)) if report.updates > 0 => tracing::info!(?report, "push alerts sent"),
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = %err, "push sender"),
                }
                let _ = tokio::time::timeout(IDLE, self.hub.wake.notified()).await;
            }
        })
    }

    /// One pass: `None` if another server holds the lease, else what was sent.
    pub async fn run_once(&self) -> Result<Option<SendReport>, AppError> {
        let now = chrono::Utc::now().timestamp_millis();
        if !store::take_lease(&self.pool, "push", &self.holder, now, now + LEASE_MS).await? {
            return Ok(None);
        }
        let keys = store::vapid_keys(&self.pool, &self.hub.config.sealing_key).await?;
        let mut report = SendReport::default();
        loop {
            let now = chrono::Utc::now().timestamp_millis();
            let batch = store::queued(&self.pool, 20, now).await?;
            if batch.is_empty() {
                break;
            }
            for update in batch {
                report.updates += 1;
                if update.gone(now) || update.published_at_ms < now - MAX_AGE_MS {
                    report.not_announced += 1;
                } else {
                    self.announce(&update, &keys, &mut report).await?;
                }
                // Done, whatever each device said: a failed message is not retried (the
                // update is in the feed); dequeuing after sending means a crash mid-way
                // resends, which the Topic header and the notification tag collapse.
                store::dequeue(&self.pool, update.id).await?;
                let now = chrono::Utc::now().timestamp_millis();
                if !store::take_lease(&self.pool, "push", &self.holder, now, now + LEASE_MS).await? {
                    return Ok(Some(report));
                }
            }
        }
        Ok(Some(report))
    }

    async fn announce(&self, update: &Queued, keys: &VapidKeys, report: &mut SendReport) -> Result<(), AppError> {
        let now = chrono::Utc::now();
        let mut by_device: BTreeMap<i64, Vec<Recipient>> = BTreeMap::new();
        for r in store::recipients(&self.pool, update.id).await? {
            by_device.entry(r.subscription_id).or_default().push(r);
        }
        let mut sends = Vec::new();
        for (_, areas) in by_device {
            // One message per device, for the first followed area that wants it.
            let decisions: Vec<Decision> = areas
                .iter()
                .map(|a| decide(a.min_severity, a.quiet, update.severity, local_minute(now, &a.time_zone)))
                .collect();
            match areas.iter().zip(&decisions).find(|(_, d)| **d == Decision::Send) {
                Some((area, _)) => sends.push((
                    Lane::of(area.failures, area.delivered_before),
                    self.request(update, area, keys, now.timestamp()),
                )),
                None if decisions.contains(&Decision::Quiet) => report.quiet += 1,
                None => report.below_threshold += 1,
            }
        }
        // Devices that work first; those whose last sends failed after them, each with a short
        // wait and all within a budget, so dead subscriptions never hold an alert back.
        sends.sort_by_key(|(lane, _)| *lane);
        let first_failing = sends.iter().position(|(lane, _)| *lane == Lane::Failing).unwrap_or(sends.len());
        let failing = sends.split_off(first_failing);
        let failing_ids: Vec<i64> = failing.iter().map(|(_, (id, _))| *id).collect();
        let config = &self.hub.config;
        let sending = async {
            let mut results: Vec<_> = stream::iter(sends)
                .map(|(_, (id, request))| self.post(id, request, config.timeout))
                .buffer_unordered(PARALLEL)
                .collect()
                .await;
            let late: Vec<_> = stream::iter(failing)
                .map(|(_, (id, request))| self.post(id, request, config.failing_timeout))
                .buffer_unordered(PARALLEL)
                .take_until(tokio::time::sleep(config.failing_budget))
                .collect()
                .await;
            let tried: std::collections::HashSet<i64> = late.iter().map(|(id, _)| *id).collect();
            results.extend(late);
            let untried = failing_ids.into_iter().filter(|id| !tried.contains(id));
            results
                .extend(untried.map(|id| (id, Err("not tried: this alert's time for failing devices ran out".into()))));
            results
        };
        // A long fan-out keeps renewing the lease, so no other server takes it and sends
        // the same alert again; if it is lost all the same, this server stops.
        let renewing = async {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis((LEASE_MS / 3) as u64)).await;
                let now = chrono::Utc::now().timestamp_millis();
                match store::take_lease(&self.pool, "push", &self.holder, now, now + LEASE_MS).await {
                    Ok(true) => {}
                    Ok(false) => return Err::<(), _>(AppError::Conflict("another server took the push lease".into())),
                    Err(e) => return Err(e),
                }
            }
        };
        let results: Vec<(i64, Result<SendOutcome, String>)> = tokio::select! {
            results = sending => results,
            lost = renewing => return lost,
        };
        let now_ms = now.timestamp_millis();
        for (id, result) in results {
            match result {
                Ok(SendOutcome::Delivered) => {
                    report.delivered += 1;
                    store::record_send(&self.pool, id, true, now_ms).await?;
                }
                Ok(SendOutcome::Gone) => {
                    report.removed += 1;
                    store::remove_subscription(&self.pool, id).await?;
                }
                Ok(other) => {
                    report.failed += 1;
                    tracing::info!(subscription = id, outcome = ?other, "push not accepted");
                    store::record_send(&self.pool, id, false, now_ms).await?;
                }
                Err(why) => {
                    report.failed += 1;
                    tracing::info!(subscription = id, error = %why, "push not sent");
                    store::record_send(&self.pool, id, false, now_ms).await?;
                }
            }
        }
        Ok(())
    }

    fn request(
        &self,
        update: &Queued,
        area: &Recipient,
        keys: &VapidKeys,
        now_unix: i64,
    ) -> (i64, Result<PushRequest, String>) {
        let message = notice(update.id, update.kind, update.severity, &update.title, &area.area_code, &area.area_name);
        let payload = serde_json::to_vec(&message).unwrap_or_default();
        let urgency = match update.severity {
            Severity::Warning => Urgency::High,
            Severity::Advisory => Urgency::Normal,
            Severity::Info => Urgency::Low,
        };
        let subscription =
            Subscription { endpoint: area.endpoint.clone(), p256dh: area.p256dh.clone(), auth: area.auth.clone() };
        let topic = format!("u{}", update.id);
        let request = PushRequest::new(
            &subscription,
            &payload,
            keys,
            &self.hub.config.subject,
            TTL_SECONDS,
            urgency,
            Some(&topic),
            u64::try_from(now_unix).unwrap_or_default(),
        )
        .map_err(|e| e.to_string());
        (area.subscription_id, request)
    }

    async fn post(
        &self,
        id: i64,
        request: Result<PushRequest, String>,
        timeout: Duration,
    ) -> (i64, Result<SendOutcome, String>) {
        let request = match request {
            Ok(r) => r,
            Err(e) => return (id, Err(e)),
        };
        if !endpoint_allowed(&request.endpoint, self.hub.config.allow_http_endpoints) {
            return (id, Err("endpoint not allowed".into()));
        }
        let mut builder = self.client.post(&request.endpoint).timeout(timeout).body(request.body);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        match builder.send().await {
            Ok(response) => (id, Ok(outcome(response.status().as_u16()))),
            Err(e) => (id, Err(e.without_url().to_string())),
        }
    }
}

/// Minutes after midnight on the device's clock (UTC if its zone is unknown).
fn local_minute(now: chrono::DateTime<chrono::Utc>, zone: &str) -> u16 {
    let local = match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => now.with_timezone(&tz).time(),
        Err(_) => now.time(),
    };
    u16::try_from(local.hour() * 60 + local.minute()).unwrap_or_default()
}

/// The browsers' push services. The server POSTs to whatever endpoint a device gives, so
/// only these hosts are accepted: an endpoint cannot aim Beat at another server.
pub const PUSH_SERVICES: &[&str] = &[
    "fcm.googleapis.com",                // Chrome, Edge on Android, Samsung Internet
    "updates.push.services.mozilla.com", // Firefox
    "push.apple.com",                    // Safari (web.push.apple.com)
    "notify.windows.com",                // Edge on Windows (*.notify.windows.com)
];

/// A push endpoint Beat will POST to: https on a browser's push service, or with
/// `allow_http` (tests' loopback push server) any http URL.
pub fn endpoint_allowed(endpoint: &str, allow_http: bool) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else { return false };
    match (url.scheme(), url.host()) {
        ("https", Some(url::Host::Domain(host))) => {
            PUSH_SERVICES.iter().any(|s| host == *s || host.strip_suffix(s).is_some_and(|rest| rest.ends_with('.')))
        }
        ("http", Some(_)) => allow_http,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_https_on_push_services() {
        assert!(endpoint_allowed("https://fcm.googleapis.com/fcm/send/abc", false));
        assert!(endpoint_allowed("https://updates.push.services.mozilla.com/wpush/v2/x", false));
        assert!(endpoint_allowed("https://web.push.apple.com/QGx", false));
        assert!(endpoint_allowed("https://wns2-db5p.notify.windows.com/w/?token=x", false));
        for bad in [
            "https://evil.example/fcm.googleapis.com",
            "https://fcm.googleapis.com.evil.example/x",
            "https://notpush.apple.com/x",
            "http://fcm.googleapis.com/x",
            "https://127.0.0.1/x",
            "https://[::1]/x",
            "https://localhost/x",
            "https://metadata.localhost/x",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "not a url",
        ] {
            assert!(!endpoint_allowed(bad, false), "{bad} allowed");
        }
        assert!(endpoint_allowed("http://127.0.0.1:9999/push/1", true));
    }

    #[test]
    fn quiet_hours_use_the_devices_clock() {
        // 23:30 UTC on 1 July is 00:30 in London (summer time) and 11:30 in Auckland.
        let now = chrono::DateTime::parse_from_rfc3339("2026-07-01T23:30:00Z").unwrap().with_timezone(&chrono::Utc);
        assert_eq!(local_minute(now, "Europe/London"), 30);
        assert_eq!(local_minute(now, "Pacific/Auckland"), 11 * 60 + 30);
        assert_eq!(local_minute(now, "Not/AZone"), 23 * 60 + 30);
    }
}
