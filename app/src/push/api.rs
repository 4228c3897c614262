//! Server functions for push alerts. No account: a device is known only by its push
//! endpoint (a secret URL from its browser), and is told nothing about other devices.
// `follow_area` takes the subscription and the settings as flat form fields; the lint
// fires on the code #[server] generates, which a function-level allow does not reach.
#![allow(clippy::too_many_arguments)]

use super::policy::AreaAlert;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {
    super::policy::QuietHours,
    super::store::{self, DeviceSubscription},
    crate::areas::{area::AreaCode, store as areas},
    crate::error::with_status,
    crate::state::app_state,
    crate::updates::kind::Severity,
};

/// The server's VAPID public key (the browser's `applicationServerKey`).
#[server(endpoint = "push_key")]
pub async fn push_public_key() -> Result<String, AppError> {
    with_status(async move {
        let state = app_state()?;
        Ok(store::vapid_keys(&state.pool, &state.push.config.sealing_key).await?.public_key_b64())
    })
    .await
}

/// Follows an area's alerts from this device, or changes its settings.
#[server(endpoint = "follow_area")]
pub async fn follow_area(
    endpoint: String,
    p256dh: String,
    auth: String,
    time_zone: String,
    area: String,
    min_severity: String,
    quiet_from: Option<String>,
    quiet_to: Option<String>,
) -> Result<Vec<AreaAlert>, AppError> {
    with_status(async move {
        let state = app_state()?;
        let endpoint = checked_endpoint(&endpoint, state.push.config.allow_http_endpoints)?;
        let bad_keys = |message: String| AppError::Invalid { field: "subscription".into(), message };
        if p256dh.len() > 200 || auth.len() > 100 {
            return Err(bad_keys("The browser's subscription keys are too long.".into()));
        }
        // Encrypting a few bytes proves the keys are a real P-256 point and a 16-byte secret.
        super::encrypt::encrypt(b"check", &p256dh, &auth).map_err(|e| bad_keys(e.to_string()))?;
        let zone = time_zone.trim();
        if zone.len() > 64 || zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(AppError::Invalid {
                field: "time_zone".into(),
                message: "The device's time zone is not one Beat knows, so quiet hours cannot be kept.".into(),
            });
        }
        let code = AreaCode::parse(&area).map_err(|message| AppError::Invalid { field: "area".into(), message })?;
        let context = areas::context(&state.pool, &code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no area with code {code}.")))?;
        if let Some(notice) = context.retired_notice() {
            return Err(AppError::Invalid { field: "area".into(), message: notice });
        }
        let min_severity = Severity::parse(min_severity.trim()).ok_or_else(|| AppError::Invalid {
            field: "min_severity".into(),
            message: "Choose which alerts to get: everything, advisories and warnings, or warnings only.".into(),
        })?;
        let quiet =
            QuietHours::parse(quiet_from.as_deref().unwrap_or_default(), quiet_to.as_deref().unwrap_or_default())
                .map_err(|message| AppError::Invalid { field: "quiet".into(), message })?;
        let now = chrono::Utc::now().timestamp_millis();
        let network = crate::client_address::hashed_network(&state.pool, "alerts", now).await?;
        let device = DeviceSubscription {
            endpoint: &endpoint,
            p256dh: p256dh.trim(),
            auth: auth.trim(),
            time_zone: zone,
            network_hash: &network,
        };
        store::follow(&state.pool, &device, code.as_str(), min_severity, quiet, now).await?;
        store::followed(&state.pool, &endpoint).await
    })
    .await
}

/// Stops one area's alerts on this device.
#[server(endpoint = "unfollow_area")]
pub async fn unfollow_area(endpoint: String, area: String) -> Result<Vec<AreaAlert>, AppError> {
    with_status(async move {
        let state = app_state()?;
        let endpoint = checked_endpoint(&endpoint, state.push.config.allow_http_endpoints)?;
        let code = AreaCode::parse(&area).map_err(|message| AppError::Invalid { field: "area".into(), message })?;
        store::unfollow(&state.pool, &endpoint, code.as_str()).await?;
        store::followed(&state.pool, &endpoint).await
    })
    .await
}

/// The areas this device follows.
#[server(endpoint = "followed_areas")]
pub async fn followed_areas(endpoint: String) -> Result<Vec<AreaAlert>, AppError> {
    with_status(async move {
        let state = app_state()?;
        let endpoint = checked_endpoint(&endpoint, state.push.config.allow_http_endpoints)?;
        store::followed(&state.pool, &endpoint).await
    })
    .await
}

#[cfg(feature = "ssr")]
fn checked_endpoint(endpoint: &str, allow_http: bool) -> Result<String, AppError> {
    let endpoint = endpoint.trim();
    if endpoint.len() > 1024 || !super::sender::endpoint_allowed(endpoint, allow_http) {
        return Err(AppError::Invalid {
            field: "subscription".into(),
            message: "This browser's push service is not one Beat can send to.".into(),
        });
    }
    Ok(endpoint.to_string())
}
