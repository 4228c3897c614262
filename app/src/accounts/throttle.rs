//! Slow-down and lock-out after failed sign-ins, counted per typed username in the
//! database (so every app server sees the same count, and unknown names are treated
//! exactly like known ones).

use crate::error::AppError;
use sqlx::{AnyPool, Row};

/// Failures allowed before the first lock.
pub const FREE_FAILURES: i64 = 5;
const FIRST_LOCK_MS: i64 = 60_000;
const MAX_LOCK_MS: i64 = 60 * 60_000;

/// How long to lock after `failures` consecutive failures: none for the first few, then
/// one minute, doubling with each further failure up to an hour.
pub fn lock_ms(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(10) as u32;
    (FIRST_LOCK_MS << doublings).min(MAX_LOCK_MS)
}

/// Refuses while `username` is locked, saying for how long.
pub async fn check(pool: &AnyPool, username: &str, now_ms: i64) -> Result<(), AppError> {
    let row = sqlx::query("SELECT locked_until_ms FROM sign_in_failures WHERE username = $1")
        .bind(username)
        .fetch_optional(pool)
        .await?;
    let locked_until: i64 = match row {
        Some(row) => row.try_get(0)?,
        None => 0,
    };
    if locked_until > now_ms {
        let minutes = (locked_until - now_ms + 59_999) / 60_000;
        return Err(AppError::TooMany(format!(
            "Too many failed attempts. Try again in {minutes} minute{}.",
            if minutes == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// Counts a failure and sets the lock it earns.
pub async fn failed(pool: &AnyPool, username: &str, now_ms: i64) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let failures: i64 = sqlx::query(
        "INSERT INTO sign_in_failures (username, failures, locked_until_ms) VALUES ($1, 1, 0)
         ON CONFLICT (username) DO UPDATE SET failures = sign_in_failures.failures + 1
         RETURNING failures",
    )
    .bind(username)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let lock = lock_ms(failures);
    if lock > 0 {
        sqlx::query("UPDATE sign_in_failures SET locked_until_ms = $1 WHERE username = $2")
            .bind(now_ms + lock)
            .bind(username)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Clears the count after a successful sign-in.
pub async fn succeeded(pool: &AnyPool, username: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE username = $1").bind(username).execute(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::lock_ms;

    #[test]
    fn locks_grow_and_stop_at_an_hour() {
        let table = [(0, 0), (4, 0), (5, 60_000), (6, 120_000), (7, 240_000), (10, 1_920_000), (11, 3_600_000)];
        for (failures, ms) in table {
            assert_eq!(lock_ms(failures), ms, "{failures} failures");
        }
        assert_eq!(lock_ms(1_000_000), 3_600_000);
    }
}
