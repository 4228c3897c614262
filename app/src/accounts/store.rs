//! Account queries: users, sessions and invitations.

use super::role::Role;
use super::user::{SourceScope, User};
use crate::areas::{area::AreaCode, store as areas};
use crate::error::AppError;
use crate::sources::SourceKind;
use serde::{Deserialize, Serialize};
use sqlx::{AnyPool, Row};

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role,
    s.id AS source_id, s.slug AS source_slug, s.name AS source_name, s.kind AS source_kind, s.area_code";

async fn user_from(pool: &AnyPool, row: &sqlx::any::AnyRow) -> Result<User, AppError> {
    let role: String = row.try_get("role")?;
    let source = match row.try_get::<Option<i64>, _>("source_id")? {
        Some(id) => Some(scope(pool, id, row).await?),
        None => None,
    };
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: Role::parse(&role).ok_or_else(|| AppError::internal("stored role", role))?,
        source,
    })
}

async fn scope(pool: &AnyPool, id: i64, row: &sqlx::any::AnyRow) -> Result<SourceScope, AppError> {
    let kind: String = row.try_get("source_kind")?;
    let area_code: String = row.try_get("area_code")?;
    let code = AreaCode::parse(&area_code).map_err(|e| AppError::internal("stored area code", e))?;
    let force_code = areas::context(pool, &code).await?.and_then(|c| c.force_code().map(|f| f.as_str().to_string()));
    Ok(SourceScope {
        id,
        slug: row.try_get("source_slug")?,
        name: row.try_get("source_name")?,
        kind: SourceKind::parse(&kind).ok_or_else(|| AppError::internal("stored source kind", kind))?,
        area_code,
        force_code,
    })
}

/// The account behind a live session.
pub async fn user_by_session(pool: &AnyPool, token_hash: &str, now_ms: i64) -> Result<Option<User>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM sessions x JOIN users u ON u.id = x.user_id
         LEFT JOIN sources s ON s.id = u.source_id
         WHERE x.token_hash = $1 AND x.expires_at_ms > $2 AND u.disabled = 0"
    ))
    .bind(token_hash)
    .bind(now_ms)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => Ok(Some(user_from(pool, &row).await?)),
        None => Ok(None),
    }
}

/// One account by id.
pub async fn user_by_id(pool: &AnyPool, id: i64) -> Result<Option<User>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users u LEFT JOIN sources s ON s.id = u.source_id WHERE u.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(row) => Ok(Some(user_from(pool, &row).await?)),
        None => Ok(None),
    }
}

/// What sign-in needs: the id and stored hash of an enabled account.
pub async fn credentials(pool: &AnyPool, username: &str) -> Result<Option<(i64, Option<String>)>, AppError> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE username = $1 AND disabled = 0")
        .bind(username)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some(row) => Some((row.try_get(0)?, row.try_get(1)?)),
        None => None,
    })
}

pub async fn create_session(
    pool: &AnyPool,
    token_hash: &str,
    user_id: i64,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<(), AppError> {
    // Expired sessions are swept whenever someone signs in.
    sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= $1").bind(now_ms).execute(pool).await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now_ms)
        .bind(expires_at_ms)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &AnyPool, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
    Ok(())
}

/// A new account. `password_hash` is `None` for an invited reporter who has yet to set one.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub source_id: Option<i64>,
    pub password_hash: Option<&'a str>,
    pub is_demo: bool,
}

/// Inserts an account; a taken username is a field error, and nothing is changed.
pub async fn create_user(tx: &mut sqlx::AnyConnection, user: &NewUser<'_>, now_ms: i64) -> Result<i64, AppError> {
    let taken =
        sqlx::query("SELECT 1 FROM users WHERE username = $1").bind(user.username).fetch_optional(&mut *tx).await?;
    if taken.is_some() {
        return Err(AppError::invalid("username", format!("The username {} is taken.", user.username)));
    }
    let id = sqlx::query(
        "INSERT INTO users (username, display_name, role, source_id, password_hash, created_at_ms, is_demo)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(user.username)
    .bind(user.display_name)
    .bind(user.role.as_str())
    .bind(user.source_id)
    .bind(user.password_hash)
    .bind(now_ms)
    .bind(i64::from(user.is_demo))
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    Ok(id)
}

/// The id of the source with `slug`, or a field error.
pub async fn source_id(pool: &AnyPool, slug: &str) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT id FROM sources WHERE slug = $1").bind(slug).fetch_optional(pool).await?;
    match row {
        Some(row) => Ok(row.try_get(0)?),
        None => Err(AppError::invalid("source", format!("There is no team, council or force called '{slug}'."))),
    }
}

/// Sets an account's display name (a moderator's edit of a reporter's byline), inside `tx`.
pub async fn set_display_name(tx: &mut sqlx::AnyConnection, user_id: i64, name: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2").bind(name).bind(user_id).execute(&mut *tx).await?;
    Ok(())
}

/// A team, council or force by its slug, with the police force its area is in.
pub async fn source_scope(pool: &AnyPool, slug: &str) -> Result<SourceScope, AppError> {
    let row = sqlx::query(
        "SELECT id, slug AS source_slug, name AS source_name, kind AS source_kind, area_code FROM sources WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await?
    .ok_or_else(|| AppError::invalid("source", format!("There is no team, council or force called '{slug}'.")))?;
    scope(pool, row.try_get("id")?, &row).await
}

/// A source someone can act for, for the admin page's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceChoice {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

pub async fn sources(pool: &AnyPool) -> Result<Vec<SourceChoice>, AppError> {
    let rows = sqlx::query("SELECT id, slug, name FROM sources ORDER BY name").fetch_all(pool).await?;
    rows.iter().map(|r| Ok(SourceChoice { id: r.try_get(0)?, slug: r.try_get(1)?, name: r.try_get(2)? })).collect()
}

/// An account as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub source_name: Option<String>,
    /// False while an invitation is waiting to be accepted.
    pub has_password: bool,
}

pub async fn list(pool: &AnyPool) -> Result<Vec<AccountRow>, AppError> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, s.name AS source_name, u.password_hash IS NOT NULL AS has_pw
         FROM users u LEFT JOIN sources s ON s.id = u.source_id ORDER BY u.role, u.username",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(AccountRow {
                id: r.try_get("id")?,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: Role::parse(&role).ok_or_else(|| AppError::internal("stored role", role))?,
                source_name: r.try_get("source_name")?,
                has_password: r
                    .try_get::<bool, _>("has_pw")
                    .or_else(|_| r.try_get::<i64, _>("has_pw").map(|v| v != 0))?,
            })
        })
        .collect()
}

/// Stores an invitation for `user_id`.
pub async fn create_invitation(
    tx: &mut sqlx::AnyConnection,
    token_hash: &str,
    user_id: i64,
    created_by: Option<i64>,
    now_ms: i64,
    expires_at_ms: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO invitations (token_hash, user_id, created_by, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(created_by)
    .bind(now_ms)
    .bind(expires_at_ms)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The account an open invitation is for: (user id, username, display name).
pub async fn open_invitation(
    pool: &AnyPool,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<(i64, String, String)>, AppError> {
    let row = sqlx::query(
        "SELECT u.id, u.username, u.display_name FROM invitations i JOIN users u ON u.id = i.user_id
         WHERE i.token_hash = $1 AND i.accepted_at_ms IS NULL AND i.expires_at_ms > $2 AND u.disabled = 0",
    )
    .bind(token_hash)
    .bind(now_ms)
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some(r) => Some((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)),
        None => None,
    })
}

/// Accepts an invitation: sets the password and display name, once. Returns false if the
/// invitation was used or expired in the meantime (nothing is changed then).
pub async fn accept_invitation(
    pool: &AnyPool,
    token_hash: &str,
    user_id: i64,
    password_hash: &str,
    display_name: &str,
    now_ms: i64,
) -> Result<bool, AppError> {
    let mut tx = crate::db::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE invitations SET accepted_at_ms = $1 WHERE token_hash = $2 AND accepted_at_ms IS NULL AND expires_at_ms > $3",
    )
    .bind(now_ms)
    .bind(token_hash)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Ok(false);
    }
    sqlx::query("UPDATE users SET password_hash = $1, display_name = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(display_name)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
