//! Slow-down and lock-out after failed sign-ins, counted in the database (so every app server
//! sees the same count) against three kinds of key:
//!
//! - **an account from devices it has never signed in on** (`u:<username>`): five free
//!   failures, then a lock that doubles up to an hour. Unknown usernames are treated exactly
//!   like known ones. A stranger can lock this, which is what stops guessing;
//! - **an account from one device it has signed in on before** (`d:<token hash>`, the device
//!   cookie of [`super::known_device`]): counted apart, so a stranger's failures elsewhere
//!   never lock the owner out;
//! - **a network** (`n:<hash>`): forty failures across all usernames before it is slowed, so
//!   one address cannot try many accounts.
//!
//! An attempt is counted *before* its password is checked and forgiven if it succeeds, in one
//! atomic statement per key: parallel guesses cannot all slip through a check that none of
//! them has yet failed.

use crate::error::AppError;
use sqlx::{AnyPool, Row};

/// Failures allowed before an account key's first lock.
pub const FREE_FAILURES: i64 = 5;
/// Failures allowed from one network, across every username, before its first lock.
pub const NETWORK_FREE_FAILURES: i64 = 40;
const FIRST_LOCK_MS: i64 = 60_000;
const MAX_LOCK_MS: i64 = 60 * 60_000;
/// Rows untouched this long, and not locked, are forgotten.
pub const KEEP_MS: i64 = 24 * 60 * 60_000;

/// How long to lock after `failures` consecutive failures when `free` are allowed: none for
/// the first few, then one minute, doubling with each further failure up to an hour.
pub fn lock_ms(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(10) as u32;
    (FIRST_LOCK_MS << doublings).min(MAX_LOCK_MS)
}

/// A throttling key.
pub fn account_key(username: &str) -> String {
    format!("u:{username}")
}

/// The key of one known device (by its token's hash).
pub fn device_key(token_hash: &str) -> String {
    format!("d:{token_hash}")
}

/// The key of a network, from its keyed hash (`client_address::hashed_network`): the address
/// itself is not kept.
pub fn network_key(hashed_network: &str) -> String {
    format!("n:{hashed_network}")
}

/// Counts an attempt against `key` before its password is checked; refuses, counting
/// nothing, while the key is locked. The count earns the lock it would if the attempt
/// fails: [`forgive`] takes it back when it succeeds.
pub async fn attempt(pool: &AnyPool, key: &str, free: i64, now_ms: i64, locked: &str) -> Result<(), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let counted = sqlx::query(
        "INSERT INTO sign_in_failures (username, failures, locked_until_ms, last_at_ms) VALUES ($1, 1, 0, $2)
         ON CONFLICT (username) DO UPDATE SET failures = sign_in_failures.failures + 1, last_at_ms = $2
         WHERE sign_in_failures.locked_until_ms <= $2
         RETURNING failures",
    )
    .bind(key)
    .bind(now_ms)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(counted) = counted else {
        let until: i64 = sqlx::query("SELECT locked_until_ms FROM sign_in_failures WHERE username = $1")
            .bind(key)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        tx.commit().await?;
        let minutes = ((until - now_ms).max(1) + 59_999) / 60_000;
        return Err(AppError::TooMany(format!(
            "Too many failed attempts{locked}. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        )));
    };
    let failures: i64 = counted.try_get(0)?;
    if failures == 1 {
        // A key seen for the first time (random usernames add one each): old rows go.
        prune(&mut tx, now_ms).await?;
    }
    let lock = lock_ms(failures, free);
    if lock > 0 {
        sqlx::query("UPDATE sign_in_failures SET locked_until_ms = $1 WHERE username = $2")
            .bind(now_ms + lock)
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// After a successful sign-in: the account key starts afresh.
pub async fn succeeded(pool: &AnyPool, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username = $1").bind(key).execute(pool).await?;
    Ok(())
}

/// Takes back one counted attempt that turned out not to be a failure (a network's count
/// after a good password, or an attempt refused by another key), with the lock it earned.
pub async fn forgive(pool: &AnyPool, key: &str, free: i64, now_ms: i64) -> Result<(), AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let row = sqlx::query(
        "UPDATE sign_in_failures SET failures = failures - 1 WHERE username = $1 AND failures > 0 RETURNING failures",
    )
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = row {
        if lock_ms(row.try_get(0)?, free) == 0 {
            sqlx::query("UPDATE sign_in_failures SET locked_until_ms = 0 WHERE username = $1 AND locked_until_ms > $2")
                .bind(key)
                .bind(now_ms)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Forgets rows nobody has tried for [`KEEP_MS`] and that hold no lock; returns how many.
/// Run whenever a new key is counted, so the table holds about a day of keys.
pub async fn prune(conn: &mut sqlx::AnyConnection, now_ms: i64) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM sign_in_failures WHERE last_at_ms < $1 AND locked_until_ms < $2")
        .bind(now_ms - KEEP_MS)
        .bind(now_ms)
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_and_stop_at_an_hour() {
        let table = [(0, 0), (4, 0), (5, 60_000), (6, 120_000), (7, 240_000), (10, 1_920_000), (11, 3_600_000)];
        for (failures, ms) in table {
            assert_eq!(lock_ms(failures, FREE_FAILURES), ms, "{failures} failures");
        }
        assert_eq!(lock_ms(1_000_000, FREE_FAILURES), 3_600_000);
        assert_eq!(lock_ms(39, NETWORK_FREE_FAILURES), 0);
        assert_eq!(lock_ms(40, NETWORK_FREE_FAILURES), 60_000);
    }

    #[test]
    fn keys_of_each_kind_never_meet() {
        assert_ne!(account_key("d:abc"), device_key("abc"));
        assert_eq!(network_key("0a1b"), "n:0a1b");
    }
}
