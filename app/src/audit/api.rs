//! The audit log's server function (admins only).

use super::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use {crate::accounts::session::require_admin, crate::error::with_status, crate::state::app_state};

/// The newest 200 entries.
#[server(endpoint = "audit_log")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    with_status(async move {
        require_admin("read the audit log").await?;
        super::store::recent(&app_state()?.pool, None, 200).await
    })
    .await
}
