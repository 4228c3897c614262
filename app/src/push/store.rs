//! Push storage: the VAPID key, subscriptions and their areas, the outbox of updates to
//! announce, and the lease that makes one server the sender.

use super::policy::{AreaAlert, QuietHours};
use super::sealing::{is_sealed, SealingKey};
use super::vapid::VapidKeys;
use crate::db::Args;
use crate::error::AppError;
use crate::updates::kind::Severity;
use crate::updates::store::{self as updates, Headline};
use sqlx::{AnyPool, Row};
use std::collections::HashMap;

/// The server's VAPID keys, created and stored on first use. Several servers starting at
/// once agree: the first insert wins and everyone reads it back.
pub async fn vapid_keys(pool: &AnyPool, sealing: &SealingKey) -> Result<VapidKeys, AppError> {
    if let Some(keys) = stored_key(pool, sealing).await? {
        return Ok(keys);
    }
    let fresh = VapidKeys::generate();
    let sealed = sealing.seal(VAPID, fresh.private_key_b64().as_bytes()).map_err(|e| AppError::internal("seal", e))?;
    sqlx::query(
        "INSERT INTO push_keys (id, private_key, created_at_ms) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(sealed)
    .bind(chrono::Utc::now().timestamp_millis())
    .execute(pool)
    .await?;
    stored_key(pool, sealing).await?.ok_or_else(|| AppError::internal("push key", "not stored"))
}

/// What the VAPID key is sealed as.
const VAPID: &str = "push_keys.private_key";

/// The stored key, opened. One stored before keys were sealed is sealed now, in place.
async fn stored_key(pool: &AnyPool, sealing: &SealingKey) -> Result<Option<VapidKeys>, AppError> {
    let Some(row) = sqlx::query("SELECT private_key FROM push_keys WHERE id = 1").fetch_optional(pool).await? else {
        return Ok(None);
    };
    let stored: String = row.try_get(0)?;
    let plain = if is_sealed(&stored) {
        let bytes =
            sealing.open(VAPID, &stored).map_err(|e| AppError::internal("cannot open the stored push key", e))?;
        String::from_utf8(bytes).map_err(|e| AppError::internal("stored push key", e))?
    } else {
        let sealed = sealing.seal(VAPID, stored.as_bytes()).map_err(|e| AppError::internal("seal", e))?;
        sqlx::query("UPDATE push_keys SET private_key = $1 WHERE id = 1 AND private_key = $2")
            .bind(sealed)
            .bind(&stored)
            .execute(pool)
            .await?;
        stored
    };
    Ok(Some(VapidKeys::from_private_key_b64(&plain).map_err(|e| AppError::internal("stored push key", e))?))
}

/// A browser's subscription as the browser gives it, with the device's time zone.
pub struct DeviceSubscription<'a> {
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    pub time_zone: &'a str,
    /// Where the sign-up came from (`client_address::hashed_network`).
    pub network_hash: &'a str,
}

/// Follows `area` from this device (keys refreshed if the browser renewed them).
pub async fn follow(
    pool: &AnyPool,
    device: &DeviceSubscription<'_>,
    area_code: &str,
    min_severity: Severity,
    quiet: Option<QuietHours>,
    now_ms: i64,
) -> Result<(), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    // The limit is checked and used under one lock: parallel sign-ups cannot all pass it.
    crate::db::lock(&mut tx, crate::db::Lock::PushSignUp).await?;
    let known = sqlx::query("SELECT 1 FROM push_subscriptions WHERE endpoint = $1")
        .bind(device.endpoint)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !known {
        let recent: i64 =
            sqlx::query("SELECT COUNT(*) FROM push_subscriptions WHERE network_hash = $1 AND created_at_ms > $2")
                .bind(device.network_hash)
                .bind(now_ms - HOUR_MS)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
        if recent >= NEW_DEVICES_PER_HOUR {
            return Err(AppError::TooMany(
                "Too many devices have signed up for alerts from your network in the last hour. Try again later."
                    .into(),
            ));
        }
    }
    let id: i64 = sqlx::query(
        "INSERT INTO push_subscriptions (endpoint, p256dh, auth, time_zone, created_at_ms, network_hash)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, time_zone = excluded.time_zone
         RETURNING id",
    )
    .bind(device.endpoint)
    .bind(device.p256dh)
    .bind(device.auth)
    .bind(device.time_zone)
    .bind(now_ms)
    .bind(device.network_hash)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let followed: i64 =
        sqlx::query("SELECT COUNT(*) FROM push_subscription_areas WHERE subscription_id = $1 AND area_code <> $2")
            .bind(id)
            .bind(area_code)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
    if followed >= MAX_AREAS {
        return Err(AppError::Invalid {
            field: "area".into(),
            message: format!("One device can follow up to {MAX_AREAS} areas. Stop alerts for one first."),
        });
    }
    sqlx::query(
        "INSERT INTO push_subscription_areas (subscription_id, area_code, min_severity, quiet_from_min, quiet_to_min)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subscription_id, area_code) DO UPDATE SET min_severity = excluded.min_severity,
             quiet_from_min = excluded.quiet_from_min, quiet_to_min = excluded.quiet_to_min",
    )
    .bind(id)
    .bind(area_code)
    .bind(min_severity.as_str())
    .bind(quiet.map(|q| i64::from(q.from_min)))
    .bind(quiet.map(|q| i64::from(q.to_min)))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many areas one device may follow.
pub const MAX_AREAS: i64 = 10;
/// New devices one network may sign up for alerts in an hour (a household's phones, an
/// office's, a school's: a flood of made-up subscriptions is not).
pub const NEW_DEVICES_PER_HOUR: i64 = 30;
/// Failed sends in a row after which a subscription is dropped.
pub const MAX_FAILURES: i64 = 5;
const HOUR_MS: i64 = 3_600_000;

/// Stops alerts for one area; a subscription left with no areas is deleted.
pub async fn unfollow(pool: &AnyPool, endpoint: &str, area_code: &str) -> Result<(), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query(
        "DELETE FROM push_subscription_areas WHERE area_code = $1
           AND subscription_id = (SELECT id FROM push_subscriptions WHERE endpoint = $2)",
    )
    .bind(area_code)
    .bind(endpoint)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM push_subscriptions WHERE endpoint = $1
           AND NOT EXISTS (SELECT 1 FROM push_subscription_areas a WHERE a.subscription_id = push_subscriptions.id)",
    )
    .bind(endpoint)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The areas this device follows, with their settings.
pub async fn followed(pool: &AnyPool, endpoint: &str) -> Result<Vec<AreaAlert>, AppError> {
    let rows = sqlx::query(
        "SELECT a.area_code, ar.name, a.min_severity, a.quiet_from_min, a.quiet_to_min
           FROM push_subscription_areas a
           JOIN push_subscriptions s ON s.id = a.subscription_id
           JOIN areas ar ON ar.code = a.area_code
          WHERE s.endpoint = $1 ORDER BY ar.name",
    )
    .bind(endpoint)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AreaAlert {
                area_code: r.try_get(0)?,
                area_name: r.try_get(1)?,
                min_severity: severity(&r.try_get::<String, _>(2)?)?,
                quiet: quiet(r.try_get(3)?, r.try_get(4)?),
            })
        })
        .collect()
}

fn severity(slug: &str) -> Result<Severity, AppError> {
    Severity::parse(slug).ok_or_else(|| AppError::internal("stored severity", slug.to_string()))
}

fn quiet(from: Option<i64>, to: Option<i64>) -> Option<QuietHours> {
    Some(QuietHours { from_min: u16::try_from(from?).ok()?, to_min: u16::try_from(to?).ok()? })
}

/// Queues updates for announcing, inside the transaction that publishes them: (update id,
/// when it is due: the time residents can see it).
pub async fn enqueue(tx: &mut sqlx::AnyConnection, due: &[(i64, i64)]) -> Result<(), sqlx::Error> {
    for chunk in due.chunks(50) {
        let mut args = Args::new();
        let rows: Vec<String> =
            chunk.iter().map(|(id, at)| format!("({}, {})", args.arg(*id), args.arg(*at))).collect();
        let sql = format!("INSERT INTO push_outbox (update_id, due_at_ms) VALUES {}", rows.join(", "));
        args.query(&sql)?.execute(&mut *tx).await?;
    }
    Ok(())
}

/// An update whose time has come, waiting in the outbox.
pub type Queued = Headline;

/// The oldest queued updates whose time has come. An update published for later (a delayed
/// approval: "nothing goes out while officers are still at the scene") waits in the outbox
/// until then, and is announced once, when residents can see it.
pub async fn queued(pool: &AnyPool, limit: i64, now_ms: i64) -> Result<Vec<Queued>, AppError> {
    let due: Vec<i64> =
        sqlx::query("SELECT update_id FROM push_outbox WHERE due_at_ms <= $1 ORDER BY due_at_ms, update_id LIMIT $2")
            .bind(now_ms)
            .bind(limit)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
    let mut found: HashMap<i64, Headline> =
        updates::headlines(pool, &due).await?.into_iter().map(|h| (h.id, h)).collect();
    let mut ready = Vec::with_capacity(due.len());
    for id in due {
        match found.remove(&id) {
            // Its time moved later since it was queued: wait for it.
            Some(h) if h.published_at_ms > now_ms => {
                sqlx::query("UPDATE push_outbox SET due_at_ms = $1 WHERE update_id = $2")
                    .bind(h.published_at_ms)
                    .bind(id)
                    .execute(pool)
                    .await?;
            }
            Some(h) => ready.push(h),
            // Not stored (only demo data is ever deleted): nothing to announce.
            None => dequeue(pool, id).await?,
        }
    }
    Ok(ready)
}

pub async fn dequeue(pool: &AnyPool, update_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM push_outbox WHERE update_id = $1").bind(update_id).execute(pool).await?;
    Ok(())
}

/// A device that follows an area the update was published to (or an area below one).
pub struct Recipient {
    pub subscription_id: i64,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub time_zone: String,
    pub area_code: String,
    pub area_name: String,
    pub min_severity: Severity,
    pub quiet: Option<QuietHours>,
    /// Sends in a row that failed, and whether any ever went through.
    pub failures: i64,
    pub delivered_before: bool,
}

/// Everyone following the update's areas or any area inside them (an update for a
/// council is for each of its wards' followers), one row per followed area.
pub async fn recipients(pool: &AnyPool, update_id: i64) -> Result<Vec<Recipient>, AppError> {
    let published = updates::areas_of(pool, update_id).await?;
    if published.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = Args::new();
    let sql = format!(
        "WITH RECURSIVE covered (code) AS (
             SELECT code FROM areas WHERE code IN ({})
             UNION SELECT a.code FROM areas a JOIN covered c ON a.parent_code = c.code
         )
         SELECT s.id, s.endpoint, s.p256dh, s.auth, s.time_zone, f.area_code, ar.name, f.min_severity,
                f.quiet_from_min, f.quiet_to_min, s.failures, s.last_sent_at_ms
           FROM push_subscription_areas f
           JOIN push_subscriptions s ON s.id = f.subscription_id
           JOIN areas ar ON ar.code = f.area_code
          WHERE f.area_code IN (SELECT code FROM covered)
          ORDER BY s.id, f.area_code",
        args.list(published)
    );
    let rows = args.query(&sql)?.fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            Ok(Recipient {
                subscription_id: r.try_get(0)?,
                endpoint: r.try_get(1)?,
                p256dh: r.try_get(2)?,
                auth: r.try_get(3)?,
                time_zone: r.try_get(4)?,
                area_code: r.try_get(5)?,
                area_name: r.try_get(6)?,
                min_severity: severity(&r.try_get::<String, _>(7)?)?,
                quiet: quiet(r.try_get(8)?, r.try_get(9)?),
                failures: r.try_get(10)?,
                delivered_before: r.try_get::<Option<i64>, _>(11)?.is_some(),
            })
        })
        .collect()
}

/// The push service said the subscription is gone (404/410): forget it and its areas.
pub async fn remove_subscription(pool: &AnyPool, id: i64) -> Result<(), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("DELETE FROM push_subscription_areas WHERE subscription_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a send: success resets the failure count, a failure adds one.
pub async fn record_send(pool: &AnyPool, id: i64, delivered: bool, now_ms: i64) -> Result<(), AppError> {
    if delivered {
        sqlx::query("UPDATE push_subscriptions SET last_sent_at_ms = $2, failures = 0 WHERE id = $1")
            .bind(id)
            .bind(now_ms)
            .execute(pool)
            .await?;
    } else {
        // A subscription that keeps failing (a made-up endpoint, a dead push service) is
        // dropped, so dead ones never pile up and slow every real alert.
        sqlx::query("UPDATE push_subscriptions SET failures = failures + 1 WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await?;
        sqlx::query("DELETE FROM push_subscriptions WHERE id = $1 AND failures >= $2")
            .bind(id)
            .bind(MAX_FAILURES)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// Takes or renews the named lease for `holder` until `until_ms`. True if `holder` has it:
/// nobody held it, the last holder's time ran out, or `holder` already had it.
pub async fn take_lease(
    pool: &AnyPool,
    name: &str,
    holder: &str,
    now_ms: i64,
    until_ms: i64,
) -> Result<bool, AppError> {
    let taken = sqlx::query(
        "INSERT INTO worker_leases (name, holder, until_ms) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
          WHERE worker_leases.holder = excluded.holder OR worker_leases.until_ms < $4",
    )
    .bind(name)
    .bind(holder)
    .bind(until_ms)
    .bind(now_ms)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// How many subscriptions there are (for the status line and tests).
pub async fn subscription_count(pool: &AnyPool) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT COUNT(*) FROM push_subscriptions").fetch_one(pool).await?.try_get(0)?)
}
