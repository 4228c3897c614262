//! Devices an account has signed in on: after a good password the device gets a random token
//! in a cookie sent only to the sign-in endpoint, and the server keeps the token's hash with
//! the username. Sign-in attempts from that device are throttled on their own key
//! ([`super::throttle::device_key`]), so a stranger guessing elsewhere cannot lock the owner
//! out (OWASP's "device cookies").

use super::{cookie::cookie_value, token};
use crate::error::AppError;
use cookie::{Cookie, SameSite};
use http::request::Parts;
use sqlx::{AnyPool, Row};

const COOKIE: &str = "beat_known_device";
/// The cookie is only ever sent with a sign-in.
const PATH: &str = "/api/sign_in";
const KEEP_MS: i64 = 180 * 24 * 60 * 60_000;

/// The hash of the request's device token when it is a device `username` signed in on.
pub async fn of(pool: &AnyPool, parts: &Parts, username: &str, now_ms: i64) -> Result<Option<String>, AppError> {
    let Some(token) = cookie_value(&parts.headers, &[COOKIE]).filter(|t| token::well_formed(t)) else {
        return Ok(None);
    };
    let hash = token::hash(&token);
    let row = sqlx::query("SELECT username FROM sign_in_devices WHERE token_hash = $1 AND expires_at_ms > $2")
        .bind(&hash)
        .bind(now_ms)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some(row) if row.try_get::<String, _>(0)? == username => Some(hash),
        _ => None,
    })
}

/// Remembers this device for `username` (a fresh token each time); returns the cookie to set.
pub async fn remember(pool: &AnyPool, username: &str, secure: bool, now_ms: i64) -> Result<String, AppError> {
    prune(pool, now_ms).await?;
    let (token, hash) = token::new_token()?;
    sqlx::query("INSERT INTO sign_in_devices (token_hash, username, expires_at_ms) VALUES ($1, $2, $3)")
        .bind(&hash)
        .bind(username)
        .bind(now_ms + KEEP_MS)
        .execute(pool)
        .await?;
    Ok(Cookie::build((COOKIE, token))
        .path(PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(cookie::time::Duration::milliseconds(KEEP_MS))
        .build()
        .to_string())
}

/// Forgets the device token `hash` (replaced by a fresh one at each sign-in).
pub async fn forget(pool: &AnyPool, hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_devices WHERE token_hash = $1").bind(hash).execute(pool).await?;
    Ok(())
}

/// Forgets devices whose time is up; returns how many.
pub async fn prune(pool: &AnyPool, now_ms: i64) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM sign_in_devices WHERE expires_at_ms <= $1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected())
}
