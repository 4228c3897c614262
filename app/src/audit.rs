//! The append-only audit log: who did what, when, and the text before and after.
//!
//! The tables refuse updates and deletes (triggers in migration 0002), so an entry once
//! written stays. Entries are written in the same transaction as the change they record.

pub mod api;
pub mod audit_page;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// One entry, as the admin page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// When, in UTC, formatted on the server ("2026-11-22 18:04:05").
    pub at_utc: String,
    /// Username of the account that acted; `None` for the server CLI.
    pub actor: Option<String>,
    pub action: String,
    pub subject: String,
    pub subject_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub reason: Option<String>,
}
