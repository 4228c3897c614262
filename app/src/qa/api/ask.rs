//! Asking a question: no account, only while the session is open, through the privacy guard
//! and the rate limits per device and per network.

use super::Asked;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    super::{client, now_ms, session_row, zone_of},
    crate::error::with_status,
    crate::qa::store,
    crate::qa::{closed_message, status_line, Question, RateLimit, SessionState},
    crate::state::app_state,
};

/// Asks a question in an open session, without an account. Refused when the session is not
/// open (409), when the text is too short or long or may identify someone (400), and when
/// this device or network address has asked too often lately (429, with `Retry-After`).
/// A plain form post (no JavaScript) is sent back to the session page with `?asked=ID`.
#[server(endpoint = "ask_question")]
pub async fn ask_question(session: Option<String>, question: Option<String>) -> Result<Asked, AppError> {
    with_status(async move {
        let state = app_state()?;
        let pool = state.pool.clone();
        // Every asker gets a device id, so a refused attempt is counted against the same one later.
        let device = client::device_id(state.secure_cookies)?;
        let row = session_row(&pool, session.as_deref()).await?;
        let now = now_ms();
        let (tz, _) = zone_of(&pool, &row.area_code).await?;
        match row.session.state(now) {
            SessionState::Open => {}
            SessionState::Scheduled => {
                return Err(AppError::Conflict(format!(
                    "This session is not open yet. {}",
                    status_line(&row.session, now, tz)
                )))
            }
            SessionState::Closed => return Err(AppError::Conflict(closed_message(row.session.closes_at_ms, tz))),
        }
        let text = Question::check(question.as_deref().unwrap_or_default())
            .map_err(|e| AppError::invalid(e.field, e.message))?;
        if let Some(found) = flagged(&text) {
            return Err(AppError::invalid(
                "question",
                format!(
                    "Your question may identify someone or somewhere ({found}). Questions are published with \
                     their answers, so please take that out and ask again."
                ),
            ));
        }
        let secret = store::hash_key(&pool, now).await?;
        let device_hash = store::keyed_hash(&secret, "device", &device);
        let address_hash = store::keyed_hash(&secret, "address", &crate::client_address::network().await);
        let window = RateLimit::PER_DEVICE.window_ms.max(RateLimit::PER_ADDRESS.window_ms);
        let (by_device, by_address) = store::recent_asks(&pool, &device_hash, &address_hash, now - window).await?;
        let wait = [RateLimit::PER_DEVICE.allow(&by_device, now), RateLimit::PER_ADDRESS.allow(&by_address, now)]
            .into_iter()
            .filter_map(Result::err)
            .max_by_key(|w| w.0);
        if let Some(wait) = wait {
            client::retry_after(wait.secs());
            return Err(AppError::TooMany(wait.to_string()));
        }
        let mut tx = crate::db::begin_write(&pool).await?;
        let id = store::insert_question(&mut tx, row.id, &text, now).await?;
        store::record_ask(&mut tx, &device_hash, &address_hash, now, now - window).await?;
        // The answer goes out only after the commit: an acknowledged question is stored.
        tx.commit().await?;
        if crate::error::plain_form_post() {
            leptos_axum::redirect(&format!("/ask/{}?asked={id}", row.id));
        }
        Ok(Asked { id, session_id: row.id })
    })
    .await
}

/// What the privacy guard found in `text` ("phone number, email address"), if anything.
#[cfg(feature = "ssr")]
pub(super) fn flagged(text: &str) -> Option<String> {
    let mut labels: Vec<&str> = Vec::new();
    for flag in crate::privacy::scan(text) {
        if !labels.contains(&flag.kind.label()) {
            labels.push(flag.kind.label());
        }
    }
    (!labels.is_empty()).then(|| labels.join(", ").to_lowercase())
}
