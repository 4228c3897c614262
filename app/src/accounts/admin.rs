//! Creating accounts and invitations: shared by the admin page and the server CLI.

use super::role::Role;
use super::store::{self, NewUser};
use super::{password, token, validate};
use crate::audit::store::{append, Record};
use crate::error::AppError;
use sqlx::AnyPool;

/// Invitations are open for a week.
pub const INVITATION_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// An account to create, as typed.
pub struct AccountForm<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    /// Slug of the team, council or force (staff roles only).
    pub source: &'a str,
}

struct Checked {
    username: String,
    display_name: String,
    role: Role,
    source_id: Option<i64>,
}

async fn check(pool: &AnyPool, form: &AccountForm<'_>) -> Result<Checked, AppError> {
    let username = validate::username(form.username)?;
    let display_name = validate::DISPLAY_NAME.clean(form.display_name)?;
    let role = Role::parse(form.role.trim()).ok_or_else(|| {
        AppError::invalid("role", "Choose a role: reporter, officer, council staff, moderator or admin.")
    })?;
    let source = form.source.trim();
    let source_id = match (role.needs_source(), source.is_empty()) {
        (true, true) => {
            return Err(AppError::invalid(
                "source",
                format!("A {} acts for a team, council or force: choose one.", role.label()),
            ))
        }
        (true, false) => Some(store::source_id(pool, source).await?),
        (false, false) => {
            return Err(AppError::invalid(
                "source",
                format!("A {} does not act for a source; leave it empty.", role.label()),
            ))
        }
        (false, true) => None,
    };
    Ok(Checked { username, display_name, role, source_id })
}

impl Checked {
    /// Inserts the account and its audit entry in the caller's transaction.
    async fn insert(
        &self,
        tx: &mut sqlx::AnyConnection,
        password_hash: Option<&str>,
        is_demo: bool,
        actor_id: Option<i64>,
        action: &str,
        now_ms: i64,
    ) -> Result<i64, AppError> {
        let user = NewUser {
            username: &self.username,
            display_name: &self.display_name,
            role: self.role,
            source_id: self.source_id,
            password_hash,
            is_demo,
        };
        let id = store::create_user(&mut *tx, &user, now_ms).await?;
        let after = serde_json::json!({
            "username": self.username, "display_name": self.display_name,
            "role": self.role.as_str(), "source_id": self.source_id,
        });
        let record = Record {
            actor_id,
            action,
            subject: "user",
            subject_id: Some(id),
            before: None,
            after: Some(after),
            reason: None,
        };
        append(tx, record, now_ms).await?;
        Ok(id)
    }
}

/// Creates an account without a password and an invitation to set one. Returns the
/// account id and the invitation token (shown once; only its hash is stored).
pub async fn invite(pool: &AnyPool, actor_id: Option<i64>, form: &AccountForm<'_>) -> Result<(i64, String), AppError> {
    let c = check(pool, form).await?;
    let now = chrono::Utc::now().timestamp_millis();
    let (token, hash) = token::new_token()?;
    let mut tx = crate::db::begin_write(pool).await?;
    let id = c.insert(&mut tx, None, false, actor_id, "account.invite", now).await?;
    store::create_invitation(&mut tx, &hash, id, actor_id, now, now + INVITATION_MS).await?;
    tx.commit().await?;
    Ok((id, token))
}

/// Creates an account with a password straight away (server CLI, demo data).
pub async fn create_with_password(
    pool: &AnyPool,
    form: &AccountForm<'_>,
    new_password: &str,
    is_demo: bool,
) -> Result<i64, AppError> {
    let c = check(pool, form).await?;
    let pw = validate::new_password(new_password, &c.username)?;
    let hash = password::hash(pw).await?;
    let now = chrono::Utc::now().timestamp_millis();
    let mut tx = crate::db::begin_write(pool).await?;
    let id = c.insert(&mut tx, Some(&hash), is_demo, None, "account.create", now).await?;
    tx.commit().await?;
    Ok(id)
}
