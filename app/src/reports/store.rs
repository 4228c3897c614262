//! Ride-along and note queries, and the moderation decisions (each in one transaction
//! with its audit entry).

use super::note::{NoteStatus, NoteText};
use crate::db::placeholders;
use crate::error::AppError;
use sqlx::{AnyPool, Row};

/// A ride-along row.
pub struct RideAlongRow {
    pub id: i64,
    pub reporter_id: i64,
    pub source_id: i64,
    pub team_name: String,
    pub area_code: String,
    pub area_name: String,
    pub force_code: String,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
}

const RIDE_COLUMNS: &str = "r.id, r.reporter_id, r.source_id, s.name AS team_name, r.area_code, a.name AS area_name,
    r.force_code, r.starts_at_ms, r.ends_at_ms";
const RIDE_FROM: &str = "ride_alongs r JOIN sources s ON s.id = r.source_id JOIN areas a ON a.code = r.area_code";

fn ride(row: &sqlx::any::AnyRow) -> Result<RideAlongRow, AppError> {
    Ok(RideAlongRow {
        id: row.try_get("id")?,
        reporter_id: row.try_get("reporter_id")?,
        source_id: row.try_get("source_id")?,
        team_name: row.try_get("team_name")?,
        area_code: row.try_get("area_code")?,
        area_name: row.try_get("area_name")?,
        force_code: row.try_get("force_code")?,
        starts_at_ms: row.try_get("starts_at_ms")?,
        ends_at_ms: row.try_get("ends_at_ms")?,
    })
}

pub async fn ride_along(pool: &AnyPool, id: i64) -> Result<Option<RideAlongRow>, AppError> {
    let row = sqlx::query(&format!("SELECT {RIDE_COLUMNS} FROM {RIDE_FROM} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(ride).transpose()
}

/// A reporter's ride-alongs, newest first.
pub async fn ride_alongs_of(pool: &AnyPool, reporter_id: i64) -> Result<Vec<RideAlongRow>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {RIDE_COLUMNS} FROM {RIDE_FROM} WHERE r.reporter_id = $1 ORDER BY r.starts_at_ms DESC LIMIT 50"
    ))
    .bind(reporter_id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(ride).collect()
}

/// A new ride-along.
pub struct NewRideAlong<'a> {
    pub reporter_id: i64,
    pub source_id: i64,
    pub area_code: &'a str,
    pub force_code: &'a str,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub created_by: i64,
}

pub async fn create_ride_along(
    tx: &mut sqlx::AnyConnection,
    r: &NewRideAlong<'_>,
    now_ms: i64,
) -> Result<i64, AppError> {
    Ok(sqlx::query(
        "INSERT INTO ride_alongs (reporter_id, source_id, area_code, force_code, starts_at_ms, ends_at_ms, created_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(r.reporter_id)
    .bind(r.source_id)
    .bind(r.area_code)
    .bind(r.force_code)
    .bind(r.starts_at_ms)
    .bind(r.ends_at_ms)
    .bind(r.created_by)
    .bind(now_ms)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?)
}

/// A note row with its ride-along's team and area.
#[derive(Clone, Debug)]
pub struct NoteRow {
    pub id: i64,
    pub ride_along_id: i64,
    pub reporter_id: i64,
    pub reporter_name: String,
    pub client_key: String,
    pub text: NoteText,
    pub status: NoteStatus,
    pub force_code: String,
    pub reject_reason: Option<String>,
    pub update_id: Option<i64>,
    /// When the published update is (or was) public: a delayed approval is in the future.
    pub update_published_at_ms: Option<i64>,
    pub updated_at_ms: i64,
    pub submitted_at_ms: Option<i64>,
    pub team_name: String,
    pub area_name: String,
    pub area_code: String,
}

const NOTE_COLUMNS: &str = "n.id, n.ride_along_id, n.reporter_id, u.display_name AS reporter_name, n.client_key,
    n.title, n.saw, n.made_of, n.felt, n.status, n.force_code, n.reject_reason, n.update_id, n.updated_at_ms,
    n.submitted_at_ms, s.name AS team_name, a.name AS area_name, r.area_code";
const NOTE_FROM: &str = "notes n JOIN users u ON u.id = n.reporter_id JOIN ride_alongs r ON r.id = n.ride_along_id
    JOIN sources s ON s.id = r.source_id JOIN areas a ON a.code = r.area_code";

fn note(row: &sqlx::any::AnyRow) -> Result<NoteRow, AppError> {
    let status: String = row.try_get("status")?;
    Ok(NoteRow {
        id: row.try_get("id")?,
        ride_along_id: row.try_get("ride_along_id")?,
        reporter_id: row.try_get("reporter_id")?,
        reporter_name: row.try_get("reporter_name")?,
        client_key: row.try_get("client_key")?,
        text: NoteText {
            title: row.try_get("title")?,
            saw: row.try_get("saw")?,
            made_of: row.try_get("made_of")?,
            felt: row.try_get("felt")?,
        },
        status: NoteStatus::parse(&status).ok_or_else(|| AppError::internal("stored note status", status))?,
        force_code: row.try_get("force_code")?,
        reject_reason: row.try_get("reject_reason")?,
        update_id: row.try_get("update_id")?,
        update_published_at_ms: None,
        updated_at_ms: row.try_get("updated_at_ms")?,
        submitted_at_ms: row.try_get("submitted_at_ms")?,
        team_name: row.try_get("team_name")?,
        area_name: row.try_get("area_name")?,
        area_code: row.try_get("area_code")?,
    })
}

/// Maps rows to notes, with when each published update is (or was) public.
async fn notes(pool: &AnyPool, rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<NoteRow>, AppError> {
    let mut notes = rows.iter().map(note).collect::<Result<Vec<_>, _>>()?;
    let ids: Vec<i64> = notes.iter().filter_map(|n| n.update_id).collect();
    let published = crate::updates::store::published_at(pool, &ids).await?;
    for n in &mut notes {
        n.update_published_at_ms = n.update_id.and_then(|id| published.get(&id).copied());
    }
    Ok(notes)
}

/// Reporters with a published (approved) note.
pub async fn reporters_published(pool: &AnyPool) -> Result<std::collections::HashSet<i64>, AppError> {
    sqlx::query("SELECT DISTINCT reporter_id FROM notes WHERE status = 'approved'")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
}

pub async fn note_by_id(pool: &AnyPool, id: i64) -> Result<Option<NoteRow>, AppError> {
    let row = sqlx::query(&format!("SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(notes(pool, row.into_iter().collect()).await?.pop())
}

pub async fn note_by_key(pool: &AnyPool, reporter_id: i64, client_key: &str) -> Result<Option<NoteRow>, AppError> {
    let row =
        sqlx::query(&format!("SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.reporter_id = $1 AND n.client_key = $2"))
            .bind(reporter_id)
            .bind(client_key)
            .fetch_optional(pool)
            .await?;
    Ok(notes(pool, row.into_iter().collect()).await?.pop())
}

/// A reporter's notes, newest first.
pub async fn notes_of(pool: &AnyPool, reporter_id: i64) -> Result<Vec<NoteRow>, AppError> {
    let rows =
        sqlx::query(&format!("SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.reporter_id = $1 ORDER BY n.updated_at_ms DESC, n.id DESC LIMIT 100"))
            .bind(reporter_id)
            .fetch_all(pool)
            .await?;
    notes(pool, rows).await
}

/// Submitted notes waiting in the queues of `force_codes` (every queue if `None`), oldest first.
pub async fn queue(pool: &AnyPool, force_codes: Option<&[String]>) -> Result<Vec<NoteRow>, AppError> {
    let rows = match force_codes {
        None => {
            sqlx::query(&format!("SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.status = 'submitted' ORDER BY n.submitted_at_ms, n.id LIMIT 100"))
                .fetch_all(pool)
                .await?
        }
        Some(codes) => {
            let list = placeholders(1, codes.len());
            let sql = format!(
                "SELECT {NOTE_COLUMNS} FROM {NOTE_FROM} WHERE n.status = 'submitted' AND n.force_code IN ({list})
                 ORDER BY n.submitted_at_ms, n.id LIMIT 100"
            );
            let mut q = sqlx::query(&sql);
            for code in codes {
                q = q.bind(code.clone());
            }
            q.fetch_all(pool).await?
        }
    };
    notes(pool, rows).await
}

/// How many notes `reporter_id` has submitted since `since_ms` (for the rate limit).
pub async fn submitted_since(pool: &AnyPool, reporter_id: i64, since_ms: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT COUNT(*) FROM notes WHERE reporter_id = $1 AND submitted_at_ms > $2")
        .bind(reporter_id)
        .bind(since_ms)
        .fetch_one(pool)
        .await?
        .try_get(0)?)
}

/// What saving did.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// The row now holds this text and status.
    Written(i64),
    /// The note was already submitted (or decided) earlier: nothing changed.
    AlreadySubmitted(i64),
}

/// Saves a draft or submits a note, keyed by (reporter, client key): a retry or a double
/// tap finds the same row. A note that has left the draft state is never changed here.
pub async fn save_note(
    tx: &mut sqlx::AnyConnection,
    ride: &RideAlongRow,
    client_key: &str,
    text: &NoteText,
    submit: bool,
    now_ms: i64,
) -> Result<Saved, AppError> {
    let status = if submit { NoteStatus::Submitted } else { NoteStatus::Draft };
    let written = sqlx::query(
        "INSERT INTO notes (ride_along_id, reporter_id, client_key, title, saw, made_of, felt, status, force_code,
                            created_at_ms, updated_at_ms, submitted_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
         ON CONFLICT (reporter_id, client_key) DO UPDATE SET
             title = excluded.title, saw = excluded.saw, made_of = excluded.made_of, felt = excluded.felt,
             status = excluded.status, updated_at_ms = excluded.updated_at_ms, submitted_at_ms = excluded.submitted_at_ms
         WHERE notes.status = 'draft' AND notes.ride_along_id = excluded.ride_along_id
         RETURNING id",
    )
    .bind(ride.id)
    .bind(ride.reporter_id)
    .bind(client_key)
    .bind(&text.title)
    .bind(&text.saw)
    .bind(&text.made_of)
    .bind(&text.felt)
    .bind(status.as_str())
    .bind(&ride.force_code)
    .bind(now_ms)
    .bind(submit.then_some(now_ms))
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = written {
        return Ok(Saved::Written(row.try_get(0)?));
    }
    let row = sqlx::query("SELECT id, status, ride_along_id FROM notes WHERE reporter_id = $1 AND client_key = $2")
        .bind(ride.reporter_id)
        .bind(client_key)
        .fetch_one(&mut *tx)
        .await?;
    let (id, ride_id): (i64, i64) = (row.try_get(0)?, row.try_get(2)?);
    if ride_id != ride.id {
        return Err(AppError::Conflict("This note belongs to another ride-along.".into()));
    }
    Ok(Saved::AlreadySubmitted(id))
}

/// Moves a submitted note to `to`; false if it was not waiting (someone else decided).
pub async fn decide(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    to: NoteStatus,
    reject_reason: Option<&str>,
    update_id: Option<i64>,
    now_ms: i64,
) -> Result<bool, AppError> {
    let n = sqlx::query(
        "UPDATE notes SET status = $1, reject_reason = $2, update_id = $3, updated_at_ms = $4
         WHERE id = $5 AND status = 'submitted'",
    )
    .bind(to.as_str())
    .bind(reject_reason)
    .bind(update_id)
    .bind(now_ms)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}
