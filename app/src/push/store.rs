//! Push storage: the VAPID key, subscriptions and their areas, the outbox of updates to
//! announce, and the lease that makes one server the sender.

use super::policy::{AreaAlert, QuietHours};
use super::vapid::VapidKeys;
use crate::db::placeholders;
use crate::error::AppError;
use crate::updates::kind::{Severity, UpdateKind};
use sqlx::{AnyPool, Row};

/// The server's VAPID keys, created and stored on first use. Several servers starting at
/// once agree: the first insert wins and everyone reads it back.
pub async fn vapid_keys(pool: &AnyPool) -> Result<VapidKeys, AppError> {
    if let Some(keys) = stored_key(pool).await? {
        return Ok(keys);
    }
    let fresh = VapidKeys::generate();
    sqlx::query(
        "INSERT INTO push_keys (id, private_key, created_at_ms) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(fresh.private_key_b64())
    .bind(chrono::Utc::now().timestamp_millis())
    .execute(pool)
    .await?;
    stored_key(pool).await?.ok_or_else(|| AppError::internal("push key", "not stored"))
}

async fn stored_key(pool: &AnyPool) -> Result<Option<VapidKeys>, AppError> {
    let row = sqlx::query("SELECT private_key FROM push_keys WHERE id = 1").fetch_optional(pool).await?;
    row.map(|r| {
        let text: String = r.try_get(0)?;
        VapidKeys::from_private_key_b64(&text).map_err(|e| AppError::internal("stored push key", e))
    })
    .transpose()
}

/// A browser's subscription as the browser gives it, with the device's time zone.
pub struct DeviceSubscription<'a> {
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    pub time_zone: &'a str,
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
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO push_subscriptions (endpoint, p256dh, auth, time_zone, created_at_ms) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, time_zone = excluded.time_zone
         RETURNING id",
    )
    .bind(device.endpoint)
    .bind(device.p256dh)
    .bind(device.auth)
    .bind(device.time_zone)
    .bind(now_ms)
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

/// Stops alerts for one area; a subscription left with no areas is deleted.
pub async fn unfollow(pool: &AnyPool, endpoint: &str, area_code: &str) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
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

/// Queues updates for announcing, inside the transaction that publishes them.
pub async fn enqueue(tx: &mut sqlx::AnyConnection, update_ids: &[i64], now_ms: i64) -> Result<(), sqlx::Error> {
    for chunk in update_ids.chunks(50) {
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("({})", placeholders(1 + i * 2, 2))).collect();
        let sql = format!("INSERT INTO push_outbox (update_id, queued_at_ms) VALUES {}", rows.join(", "));
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id).bind(now_ms);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

/// An update waiting in the outbox.
pub struct Queued {
    pub update_id: i64,
    pub kind: UpdateKind,
    pub severity: Severity,
    pub title: String,
    pub published_at_ms: i64,
    /// Withdrawn or expired since it was queued: not announced.
    pub gone: bool,
}

/// The oldest queued updates whose time has come. An update published for later (a delayed
/// approval: "nothing goes out while officers are still at the scene") waits in the outbox
/// until then, and is announced once, when residents can see it.
pub async fn queued(pool: &AnyPool, limit: i64, now_ms: i64) -> Result<Vec<Queued>, AppError> {
    let rows = sqlx::query(
        "SELECT u.id, u.kind, u.severity, u.title, u.published_at_ms,
                CAST(CASE WHEN u.withdrawn_at_ms IS NOT NULL OR (u.expires_at_ms IS NOT NULL AND u.expires_at_ms <= $1)
                     THEN 1 ELSE 0 END AS BIGINT)
           FROM push_outbox o JOIN updates u ON u.id = o.update_id
          WHERE u.published_at_ms <= $1
          ORDER BY o.queued_at_ms, o.update_id LIMIT $2",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get(1)?;
            Ok(Queued {
                update_id: r.try_get(0)?,
                kind: UpdateKind::parse(&kind).ok_or_else(|| AppError::internal("stored kind", kind.clone()))?,
                severity: severity(&r.try_get::<String, _>(2)?)?,
                title: r.try_get(3)?,
                published_at_ms: r.try_get(4)?,
                gone: r.try_get::<i64, _>(5)? == 1,
            })
        })
        .collect()
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
}

/// Everyone following the update's areas or any area inside them (an update for a
/// council is for each of its wards' followers), one row per followed area.
pub async fn recipients(pool: &AnyPool, update_id: i64) -> Result<Vec<Recipient>, AppError> {
    let rows = sqlx::query(
        "WITH RECURSIVE covered (code) AS (
             SELECT area_code FROM update_areas WHERE update_id = $1
             UNION SELECT a.code FROM areas a JOIN covered c ON a.parent_code = c.code
         )
         SELECT s.id, s.endpoint, s.p256dh, s.auth, s.time_zone, f.area_code, ar.name, f.min_severity,
                f.quiet_from_min, f.quiet_to_min
           FROM push_subscription_areas f
           JOIN push_subscriptions s ON s.id = f.subscription_id
           JOIN areas ar ON ar.code = f.area_code
          WHERE f.area_code IN (SELECT code FROM covered)
          ORDER BY s.id, f.area_code",
    )
    .bind(update_id)
    .fetch_all(pool)
    .await?;
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
            })
        })
        .collect()
}

/// The push service said the subscription is gone (404/410): forget it and its areas.
pub async fn remove_subscription(pool: &AnyPool, id: i64) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM push_subscription_areas WHERE subscription_id = $1").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a send: success resets the failure count, a failure adds one.
pub async fn record_send(pool: &AnyPool, id: i64, delivered: bool, now_ms: i64) -> Result<(), AppError> {
    let query = if delivered {
        sqlx::query("UPDATE push_subscriptions SET last_sent_at_ms = $2, failures = 0 WHERE id = $1")
            .bind(id)
            .bind(now_ms)
    } else {
        sqlx::query("UPDATE push_subscriptions SET failures = failures + 1 WHERE id = $1").bind(id)
    };
    query.execute(pool).await?;
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
