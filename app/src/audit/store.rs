//! Writing and reading the audit log.

use super::AuditEntry;
use crate::error::AppError;
use sqlx::{AnyPool, Row};

/// What to record.
pub struct Record<'a> {
    /// `None` when the server CLI acted.
    pub actor_id: Option<i64>,
    /// A short verb, e.g. `note.approve`, `update.withdraw`, `account.create`.
    pub action: &'a str,
    /// The kind of thing acted on, e.g. `note`, `update`, `user`.
    pub subject: &'a str,
    pub subject_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

/// Appends an entry inside the caller's transaction.
pub async fn append(tx: &mut sqlx::AnyConnection, record: Record<'_>, now_ms: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (at_ms, actor_id, action, subject, subject_id, before_json, after_json, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now_ms)
    .bind(record.actor_id)
    .bind(record.action)
    .bind(record.subject)
    .bind(record.subject_id)
    .bind(record.before.map(|v| v.to_string()))
    .bind(record.after.map(|v| v.to_string()))
    .bind(record.reason)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The newest entries, optionally only those about one subject.
pub async fn recent(pool: &AnyPool, subject: Option<(&str, i64)>, limit: i64) -> Result<Vec<AuditEntry>, AppError> {
    let base =
        "SELECT a.id, a.at_ms, u.username, a.action, a.subject, a.subject_id, a.before_json, a.after_json, a.reason
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id";
    let rows = match subject {
        Some((subject, id)) => {
            sqlx::query(&format!("{base} WHERE a.subject = $1 AND a.subject_id = $2 ORDER BY a.id DESC LIMIT $3"))
                .bind(subject)
                .bind(id)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        None => sqlx::query(&format!("{base} ORDER BY a.id DESC LIMIT $1")).bind(limit).fetch_all(pool).await?,
    };
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                id: r.try_get(0)?,
                at_utc: chrono::DateTime::from_timestamp_millis(r.try_get(1)?)
                    .unwrap_or_default()
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                actor: r.try_get(2)?,
                action: r.try_get(3)?,
                subject: r.try_get(4)?,
                subject_id: r.try_get(5)?,
                before_json: r.try_get(6)?,
                after_json: r.try_get(7)?,
                reason: r.try_get(8)?,
            })
        })
        .collect()
}
