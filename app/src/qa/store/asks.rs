//! The rate limit's traces: when a device or a network address last asked, stored only as
//! keyed hashes and only for as long as the limit's window.

use crate::error::AppError;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// The secret the rate limit's hashes are keyed with, created on first use.
pub async fn hash_key(pool: &AnyPool, now_ms: i64) -> Result<String, AppError> {
    if let Some(row) = sqlx::query("SELECT secret FROM qa_hash_key WHERE id = 1").fetch_optional(pool).await? {
        return Ok(row.try_get(0)?);
    }
    let (secret, _) = crate::accounts::token::new_token()?;
    // Two servers creating it at once keep whichever was first.
    sqlx::query("INSERT INTO qa_hash_key (id, secret, created_at_ms) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(secret)
        .bind(now_ms)
        .execute(pool)
        .await?;
    Ok(sqlx::query("SELECT secret FROM qa_hash_key WHERE id = 1").fetch_one(pool).await?.try_get(0)?)
}

/// The stored form of a device id or network key: SHA-256 of the secret, what it is and the
/// value, as hex. Without the secret the hash cannot be matched to a guessed address.
pub fn keyed_hash(secret: &str, what: &str, value: &str) -> String {
    let mut h = Sha256::new();
    for part in [secret, what, value] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

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

#[cfg(test)]
mod tests {
    use super::keyed_hash;

    #[test]
    fn hashes_depend_on_the_secret_and_what_is_hashed() {
        let a = keyed_hash("secret", "address", "v4:203.0.113.7");
        assert_eq!(a.len(), 64);
        assert!(!a.contains("203"));
        assert_eq!(a, keyed_hash("secret", "address", "v4:203.0.113.7"));
        assert_ne!(a, keyed_hash("other", "address", "v4:203.0.113.7"));
        assert_ne!(a, keyed_hash("secret", "device", "v4:203.0.113.7"));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(keyed_hash("s", "ab", "c"), keyed_hash("s", "a", "bc"));
    }
}
