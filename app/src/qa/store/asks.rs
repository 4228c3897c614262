//! The rate limit's traces: when a device or a network address last asked, stored only as
//! keyed hashes and only for as long as the limit's window.

use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// The times of recent questions from this device and from this network address, since `since_ms`.
pub async fn recent_asks(
    pool: &AnyPool,
    device_hash: &str,
    address_hash: &str,
    since_ms: i64,
) -> Result<(Vec<i64>, Vec<i64>), AppError> {
    let times = |rows: Vec<AnyRow>| rows.iter().map(|r| r.try_get::<i64, _>(0)).collect::<Result<Vec<_>, _>>();
    let device = sqlx::query("SELECT at_ms FROM qa_asks WHERE device_hash = $1 AND at_ms > $2")
        .bind(device_hash)
        .bind(since_ms)
        .fetch_all(pool)
        .await?;
    let address = sqlx::query("SELECT at_ms FROM qa_asks WHERE address_hash = $1 AND at_ms > $2")
        .bind(address_hash)
        .bind(since_ms)
        .fetch_all(pool)
        .await?;
    Ok((times(device)?, times(address)?))
}

/// Records a question's device and address hashes, and forgets every trace from
/// `forget_until_ms` or earlier: they no longer count towards any limit.
pub async fn record_ask(
    tx: &mut sqlx::AnyConnection,
    device_hash: &str,
    address_hash: &str,
    now_ms: i64,
    forget_until_ms: i64,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM qa_asks WHERE at_ms <= $1").bind(forget_until_ms).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO qa_asks (device_hash, address_hash, at_ms) VALUES ($1, $2, $3)")
        .bind(device_hash)
        .bind(address_hash)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
