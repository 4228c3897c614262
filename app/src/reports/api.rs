//! Server functions for reporters (ride-alongs, notes) and moderators (the queue).

use super::note::{NoteStatus, NoteText};
use super::ride_along::RideAlong;
use crate::error::AppError;
use crate::privacy::segments::Segment;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::note::client_key,
    super::ride_along::{parse_local, shift_label, writable, SHIFT_MAX_HOURS},
    super::store::{self, NewRideAlong, Saved},
    crate::accounts::{session::require_user, store as accounts, user::User},
    crate::areas::{area::AreaCode, store as areas},
    crate::audit::store::{append, Record},
    crate::error::with_status,
    crate::privacy::{review, segments::segments},
    crate::publishing::pipeline::{privacy_check, Publishing, BODY},
    crate::state::app_state,
    crate::text::{parse_id, Field},
    crate::updates::feed::local_label,
    crate::updates::kind::{Severity, UpdateKind},
    crate::updates::store::NewUpdate,
};

/// Submissions allowed per reporter per hour.
pub const NOTES_PER_HOUR: i64 = 10;

/// A note in the reporter's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteSummary {
    pub id: i64,
    pub title: String,
    pub status: NoteStatus,
    pub team_name: String,
    pub area_name: String,
    pub updated_local: String,
    pub reject_reason: Option<String>,
    /// The published update, once approved.
    pub update_id: Option<i64>,
    /// When an approved note becomes public, while that is still to come.
    pub scheduled_local: Option<String>,
}

/// When an approved note's update becomes public, if that is still in the future.
#[cfg(feature = "ssr")]
fn scheduled(update_published_at_ms: Option<i64>, now_ms: i64) -> Option<String> {
    update_published_at_ms.filter(|at| *at > now_ms).map(|at| local_label(at, london()))
}

/// The reporter's page: their ride-alongs and notes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterHome {
    pub display_name: String,
    pub ride_alongs: Vec<RideAlong>,
    pub notes: Vec<NoteSummary>,
}

#[cfg(feature = "ssr")]
async fn require_reporter() -> Result<User, AppError> {
    let user = require_user().await?;
    if !user.can_write_notes() {
        return Err(AppError::Forbidden("Only community reporters write notes.".into()));
    }
    Ok(user)
}

#[cfg(feature = "ssr")]
fn london() -> chrono_tz::Tz {
    chrono_tz::Europe::London
}

#[cfg(feature = "ssr")]
async fn zone_of(pool: &sqlx::AnyPool, area_code: &str) -> Result<chrono_tz::Tz, AppError> {
    let code = AreaCode::parse(area_code).map_err(|e| AppError::internal("stored area code", e))?;
    Ok(areas::context(pool, &code).await?.and_then(|c| c.time_zone.parse().ok()).unwrap_or_else(london))
}

#[server(endpoint = "reporter_home")]
pub async fn get_reporter_home() -> Result<ReporterHome, AppError> {
    with_status(async move {
        let user = require_reporter().await?;
        let pool = app_state()?.pool;
        let now = chrono::Utc::now().timestamp_millis();
        let mut ride_alongs = Vec::new();
        for r in store::ride_alongs_of(&pool, user.id).await? {
            let tz = zone_of(&pool, &r.area_code).await?;
            ride_alongs.push(RideAlong {
                id: r.id,
                team_name: r.team_name,
                area_code: r.area_code,
                area_name: r.area_name,
                shift_local: shift_label(r.starts_at_ms, r.ends_at_ms, tz),
                writable: writable(r.starts_at_ms, r.ends_at_ms, now),
            });
        }
        let notes = store::notes_of(&pool, user.id)
            .await?
            .into_iter()
            .map(|n| NoteSummary {
                id: n.id,
                title: if n.text.title.is_empty() { "(no headline yet)".into() } else { n.text.title },
                status: n.status,
                team_name: n.team_name,
                area_name: n.area_name,
                updated_local: local_label(n.updated_at_ms, london()),
                reject_reason: n.reject_reason,
                update_id: n.update_id,
                scheduled_local: scheduled(n.update_published_at_ms, now),
            })
            .collect();
        Ok(ReporterHome { display_name: user.display_name, ride_alongs, notes })
    })
    .await
}

/// A note as its editor needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteDetail {
    pub id: Option<i64>,
    pub ride_along_id: i64,
    pub client_key: String,
    pub text: NoteText,
    pub status: NoteStatus,
    pub team_name: String,
    pub area_name: String,
    pub reject_reason: Option<String>,
    pub update_id: Option<i64>,
    /// When an approved note becomes public, while that is still to come.
    pub scheduled_local: Option<String>,
}

#[cfg(feature = "ssr")]
async fn own_ride(pool: &sqlx::AnyPool, user: &User, id: i64) -> Result<store::RideAlongRow, AppError> {
    store::ride_along(pool, id)
        .await?
        .filter(|r| r.reporter_id == user.id)
        .ok_or_else(|| AppError::NotFound(format!("You have no ride-along number {id}.")))
}

/// A reporter's own note (`id`), or a new one for ride-along `ride` with a fresh key.
#[server(endpoint = "note")]
pub async fn get_note(id: Option<String>, ride: Option<String>) -> Result<NoteDetail, AppError> {
    with_status(async move {
        let user = require_reporter().await?;
        let pool = app_state()?.pool;
        if id.as_deref().is_some_and(|s| !s.is_empty()) {
            let id = parse_id(id.as_deref(), "a note")?;
            let n = store::note_by_id(&pool, id)
                .await?
                .filter(|n| n.reporter_id == user.id)
                .ok_or_else(|| AppError::NotFound(format!("You have no note number {id}.")))?;
            return Ok(NoteDetail {
                id: Some(n.id),
                ride_along_id: n.ride_along_id,
                client_key: n.client_key,
                text: n.text,
                status: n.status,
                team_name: n.team_name,
                area_name: n.area_name,
                reject_reason: n.reject_reason,
                update_id: n.update_id,
                scheduled_local: scheduled(n.update_published_at_ms, chrono::Utc::now().timestamp_millis()),
            });
        }
        let r = own_ride(&pool, &user, parse_id(ride.as_deref(), "a ride-along")?).await?;
        let (key, _) = crate::accounts::token::new_token()?;
        Ok(NoteDetail {
            id: None,
            ride_along_id: r.id,
            client_key: key[..32].to_string(),
            text: NoteText::default(),
            status: NoteStatus::Draft,
            team_name: r.team_name,
            area_name: r.area_name,
            reject_reason: None,
            update_id: None,
            scheduled_local: None,
        })
    })
    .await
}

/// What saving or submitting did. Returned only once the note is committed to the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteSaved {
    pub id: i64,
    pub status: NoteStatus,
    /// True when this call found the note already submitted (a retry or double tap).
    pub repeated: bool,
}

/// Saves a draft (`submit` empty) or submits the note (`submit` = "1") to the force's
/// moderation queue. Idempotent per `client_key`: submitting twice creates one note.
#[server(endpoint = "save_note")]
#[allow(clippy::too_many_arguments)]
pub async fn save_note(
    ride: Option<String>,
    client_key: Option<String>,
    title: Option<String>,
    saw: Option<String>,
    made_of: Option<String>,
    felt: Option<String>,
    submit: Option<String>,
) -> Result<NoteSaved, AppError> {
    with_status(async move {
        let user = require_reporter().await?;
        let pool = app_state()?.pool;
        let key = self::client_key(client_key.as_deref().unwrap_or_default())?;
        let submitting = matches!(submit.as_deref(), Some("1" | "true" | "on"));
        let text = NoteText {
            title: title.unwrap_or_default(),
            saw: saw.unwrap_or_default(),
            made_of: made_of.unwrap_or_default(),
            felt: felt.unwrap_or_default(),
        }
        .checked(submitting)?;
        let ride = own_ride(&pool, &user, parse_id(ride.as_deref(), "a ride-along")?).await?;
        let now = chrono::Utc::now().timestamp_millis();
        if !writable(ride.starts_at_ms, ride.ends_at_ms, now) {
            return Err(AppError::Forbidden(
                "Notes for this ride-along can be written from the start of the shift until a week after it.".into(),
            ));
        }
        // A repeat of a submission that already went through is answered without counting it.
        if let Some(existing) = store::note_by_key(&pool, user.id, &key).await? {
            if existing.status != NoteStatus::Draft && existing.ride_along_id == ride.id {
                return Ok(NoteSaved { id: existing.id, status: existing.status, repeated: true });
            }
        }
        if submitting && store::submitted_since(&pool, user.id, now - 3_600_000).await? >= NOTES_PER_HOUR {
            return Err(AppError::TooMany(format!(
                "You have sent {NOTES_PER_HOUR} notes in the last hour. Your note is kept as it is; try again later."
            )));
        }
        let mut tx = crate::db::begin_write(&pool).await?;
        let saved = store::save_note(&mut tx, &ride, &key, &text, submitting, now).await?;
        let result = match saved {
            Saved::Written(id) => {
                if submitting {
                    let after = serde_json::to_value(&text).map_err(|e| AppError::internal("note json", e))?;
                    let record = Record {
                        actor_id: Some(user.id),
                        action: "note.submit",
                        subject: "note",
                        subject_id: Some(id),
                        before: None,
                        after: Some(after),
                        reason: None,
                    };
                    append(&mut tx, record, now).await?;
                }
                let status = if submitting { NoteStatus::Submitted } else { NoteStatus::Draft };
                NoteSaved { id, status, repeated: false }
            }
            Saved::AlreadySubmitted(id) => NoteSaved { id, status: NoteStatus::Submitted, repeated: true },
        };
        // The answer goes out only after the commit: an acknowledged note is stored.
        tx.commit().await?;
        // Without JavaScript, the form's page would be a new, empty note: go to this one.
        if crate::error::plain_form_post() {
            leptos_axum::redirect(&format!("/reporter/notes/{0}?done=save_note&id={0}", result.id));
        }
        Ok(result)
    })
    .await
}

/// A note waiting in a moderation queue, with what the privacy guard found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub reporter_name: String,
    pub team_name: String,
    pub area_name: String,
    pub submitted_local: String,
    /// The headline and the three answers, cut at flagged spans.
    pub title: Vec<Segment>,
    pub answers: Vec<(String, Vec<Segment>)>,
    /// Labels of what was found, e.g. "Phone number".
    pub found: Vec<String>,
    /// The text to publish, with flagged spans replaced: the moderator edits from here.
    pub proposed_title: String,
    pub proposed_body: String,
    /// A hash of the note's number and the proposal shown, sent back with the approval: the
    /// server refuses an approval made on a card that showed another note's proposal.
    pub proposal: String,
    /// The reporter's name as it would be published beside the note, cut at anything the
    /// privacy guard flags in it, and with those parts replaced: the moderator may edit it.
    pub byline: Vec<Segment>,
    pub proposed_byline: String,
    /// No note of this reporter's has been published yet: the card asks the moderator to
    /// check the name before it first goes out.
    pub first_note: bool,
}

/// A note's proposal, as the moderator is shown it: the redacted headline and text.
#[cfg(feature = "ssr")]
fn proposal_of(text: &NoteText) -> (String, String) {
    (review(&text.title).redacted, review(&text.body()).redacted)
}

/// The hash that ties a moderation card to one note's proposal.
#[cfg(feature = "ssr")]
fn proposal_hash(id: i64, (title, body): &(String, String)) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("note {id}\n{title}\n{body}"));
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(feature = "ssr")]
async fn require_moderator() -> Result<User, AppError> {
    let user = require_user().await?;
    if !user.moderates() {
        return Err(AppError::Forbidden("Only officers and moderators check reporters' notes.".into()));
    }
    Ok(user)
}

/// The notes waiting in the caller's force's queue (every queue for an admin), oldest first.
#[server(endpoint = "moderation_queue")]
pub async fn moderation_queue() -> Result<Vec<QueueItem>, AppError> {
    with_status(async move {
        let user = require_moderator().await?;
        let pool = app_state()?.pool;
        let forces: Option<Vec<String>> = if user.is_admin() {
            None
        } else {
            Some(user.source.iter().filter_map(|s| s.force_code.clone()).collect())
        };
        let notes = store::queue(&pool, forces.as_deref()).await?;
        let published = store::reporters_published(&pool).await?;
        Ok(notes
            .into_iter()
            .filter(|n| user.can_moderate(&n.force_code))
            .map(|n| {
                let title = review(&n.text.title);
                let body = review(&n.text.body());
                let proposal = proposal_hash(n.id, &(title.redacted.clone(), body.redacted.clone()));
                let mut found: Vec<String> = Vec::new();
                for f in title.flags.iter().chain(body.flags.iter()) {
                    if !found.iter().any(|l| l == f.kind.label()) {
                        found.push(f.kind.label().to_string());
                    }
                }
                let answer = |label: &str, text: &str| (label.to_string(), segments(text, &review(text).flags));
                let byline = review(&n.reporter_name);
                QueueItem {
                    byline: segments(&n.reporter_name, &byline.flags),
                    proposed_byline: byline.redacted,
                    first_note: !published.contains(&n.reporter_id),
                    id: n.id,
                    reporter_name: n.reporter_name,
                    team_name: n.team_name,
                    area_name: n.area_name,
                    submitted_local: local_label(n.submitted_at_ms.unwrap_or(n.updated_at_ms), london()),
                    title: segments(&n.text.title, &title.flags),
                    answers: vec![
                        answer("What I saw", &n.text.saw),
                        answer("What I made of it", &n.text.made_of),
                        answer("How it made me feel", &n.text.felt),
                    ],
                    found,
                    proposed_title: title.redacted,
                    proposed_body: body.redacted,
                    proposal,
                }
            })
            .collect())
    })
    .await
}

/// What approving a note did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approved {
    pub update_id: i64,
    /// When a delayed approval becomes public ("21:40 GMT, Sun 29 Nov"); `None` when it is public now.
    pub scheduled_local: Option<String>,
}

/// Approves a note: publishes `title` and `body` (the moderator's edit of the proposed
/// redaction) to the ride-along's area, after `delay_minutes` (0 to 1440). `proposal` is the
/// hash the moderation card was shown with ([`QueueItem::proposal`]): an approval from a card
/// that showed another note, or whose text does not come from this note, is refused.
#[server(endpoint = "approve_note")]
pub async fn approve_note(
    id: Option<String>,
    proposal: Option<String>,
    title: Option<String>,
    body: Option<String>,
    delay_minutes: Option<String>,
    override_reason: Option<String>,
    byline: Option<String>,
) -> Result<Approved, AppError> {
    with_status(async move {
        let user = require_moderator().await?;
        let pool = app_state()?.pool;
        let id = parse_id(id.as_deref(), "a note")?;
        let note = waiting_note(&pool, &user, id).await?;
        let shown = proposal_of(&note.text);
        if proposal.as_deref().map(str::trim) != Some(proposal_hash(id, &shown).as_str()) {
            return Err(AppError::Conflict(format!(
                "This form was not showing note number {id} as it is now. Reload the queue and check the note again."
            )));
        }
        let title = super::note::TITLE.clean(title.as_deref().unwrap_or_default())?;
        let body = BODY.clean(body.as_deref().unwrap_or_default())?;
        let written = [note.text.title.as_str(), &note.text.body(), &shown.0, &shown.1];
        if !super::note::derived_from(&body, &written) {
            return Err(AppError::invalid(
                "body",
                "This text does not come from this note: less than half of its words are the reporter's. \
                 Publish an edit of this note's text, or reject it and ask the reporter to rewrite it.",
            ));
        }
        let delay = match delay_minutes.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => 0,
            Some(raw) => raw.parse::<i64>().ok().filter(|m| (0..=1440).contains(m)).ok_or_else(|| {
                AppError::invalid("delay_minutes", "The delay is a number of minutes from 0 to 1440 (a day).")
            })?,
        };
        let reason = privacy_check(&title, &body, override_reason.as_deref())?;
        // The name published beside the note identifies the reporter: the guard reads it too,
        // and there is no overriding it, only editing it.
        let byline = match byline.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            Some(edited) => crate::accounts::validate::DISPLAY_NAME
                .clean(edited)
                .map_err(|e| AppError::invalid("byline", e.for_field("display_name").unwrap_or(e.to_string())))?,
            None => note.reporter_name.clone(),
        };
        if let Some(flag) = review(&byline).flags.first() {
            return Err(AppError::invalid(
                "byline",
                format!(
                    "The name to publish contains what looks like a {}. Edit it to a first name or initials.",
                    flag.kind.label().to_lowercase()
                ),
            ));
        }
        let ride = store::ride_along(&pool, note.ride_along_id)
            .await?
            .ok_or_else(|| AppError::internal("note without ride-along", id))?;
        let now = chrono::Utc::now().timestamp_millis();
        let publish_at = now + delay * 60_000;
        let mut publishing = Publishing::begin(&pool, now).await?;
        let area_codes = [ride.area_code.as_str()];
        let update_id = publishing
            .insert(&NewUpdate {
                kind: UpdateKind::ReporterNote,
                severity: Severity::Info,
                title: &title,
                body: &body,
                source_id: ride.source_id,
                account_id: None,
                published_at_ms: publish_at,
                expires_at_ms: None,
                is_demo: false,
                area_codes: &area_codes,
                author_id: Some(user.id),
                byline: Some(&byline),
                starts_at_ms: None,
                ends_at_ms: None,
                client_key: None,
            })
            .await?;
        if !store::decide(publishing.tx(), id, NoteStatus::Approved, None, Some(update_id), now).await? {
            return Err(AppError::Conflict("Someone else has just decided on this note.".into()));
        }
        if byline != note.reporter_name {
            // The reporter's name from now on, for every note: changed by a moderator, audited.
            crate::accounts::store::set_display_name(publishing.tx(), note.reporter_id, &byline).await?;
            publishing
                .audit(Record {
                    actor_id: Some(user.id),
                    action: "account.byline_edit",
                    subject: "user",
                    subject_id: Some(note.reporter_id),
                    before: Some(serde_json::json!({ "display_name": note.reporter_name })),
                    after: Some(serde_json::json!({ "display_name": byline })),
                    reason: None,
                })
                .await?;
        }
        let before = serde_json::to_value(&note.text).map_err(|e| AppError::internal("note json", e))?;
        let after =
            serde_json::json!({ "title": title, "body": body, "publish_at_ms": publish_at, "update_id": update_id });
        let record = Record {
            actor_id: Some(user.id),
            action: "note.approve",
            subject: "note",
            subject_id: Some(id),
            before: Some(before),
            after: Some(after),
            reason: reason.as_deref(),
        };
        publishing.audit(record).await?;
        publishing.commit(Some(&app_state()?)).await?;
        crate::error::done_redirect("approve_note", update_id);
        let zone = zone_of(&pool, &ride.area_code).await?;
        Ok(Approved { update_id, scheduled_local: (delay > 0).then(|| local_label(publish_at, zone)) })
    })
    .await
}

#[cfg(feature = "ssr")]
async fn waiting_note(pool: &sqlx::AnyPool, user: &User, id: i64) -> Result<store::NoteRow, AppError> {
    let note = store::note_by_id(pool, id)
        .await?
        .filter(|n| n.status != NoteStatus::Draft)
        .ok_or_else(|| AppError::NotFound(format!("There is no submitted note number {id}.")))?;
    if !user.can_moderate(&note.force_code) {
        return Err(AppError::Forbidden("This note is in another force's queue.".into()));
    }
    if note.status != NoteStatus::Submitted {
        return Err(AppError::Conflict(format!("This note has already been decided ({}).", note.status.label())));
    }
    Ok(note)
}

/// Rejects a note with a reason the reporter sees.
#[server(endpoint = "reject_note")]
pub async fn reject_note(id: Option<String>, reason: Option<String>) -> Result<(), AppError> {
    with_status(async move {
        let user = require_moderator().await?;
        let pool = app_state()?.pool;
        let id = parse_id(id.as_deref(), "a note")?;
        let note = waiting_note(&pool, &user, id).await?;
        let reason = Field { name: "reason", label: "The reason", min: 5, max: 500, multiline: true }
            .clean(reason.as_deref().unwrap_or_default())?;
        let now = chrono::Utc::now().timestamp_millis();
        let mut tx = crate::db::begin_write(&pool).await?;
        if !store::decide(&mut tx, id, NoteStatus::Rejected, Some(&reason), None, now).await? {
            return Err(AppError::Conflict("Someone else has just decided on this note.".into()));
        }
        let before = serde_json::to_value(&note.text).map_err(|e| AppError::internal("note json", e))?;
        let record = Record {
            actor_id: Some(user.id),
            action: "note.reject",
            subject: "note",
            subject_id: Some(id),
            before: Some(before),
            after: None,
            reason: Some(&reason),
        };
        append(&mut tx, record, now).await?;
        tx.commit().await?;
        crate::error::done_redirect("reject_note", id);
        Ok(())
    })
    .await
}

/// Arranges a ride-along: `reporter` (username) goes out with `team` (source slug) in
/// `area` from `starts` (local time, `2026-11-22T18:00`) for `hours` (1 to 12).
#[server(endpoint = "arrange_ride_along")]
pub async fn arrange_ride_along(
    reporter: Option<String>,
    team: Option<String>,
    area: Option<String>,
    starts: Option<String>,
    hours: Option<String>,
) -> Result<i64, AppError> {
    with_status(async move {
        let user = require_user().await?;
        let pool = app_state()?.pool;
        let username = crate::accounts::validate::username(reporter.as_deref().unwrap_or_default())
            .map_err(|_| AppError::invalid("reporter", "Give the reporter's username."))?;
        let reporter = match accounts::credentials(&pool, &username).await? {
            Some((id, _)) => accounts::user_by_id(&pool, id).await?,
            None => None,
        }
        .filter(|u| u.can_write_notes())
        .ok_or_else(|| AppError::invalid("reporter", format!("There is no community reporter called {username}.")))?;
        let team = accounts::source_scope(&pool, team.as_deref().unwrap_or_default().trim())
            .await
            .map_err(|_| AppError::invalid("team", "Choose the team the reporter goes out with."))?;
        let team_id = team.id;
        if !user.can_arrange_ride_along(team_id) {
            return Err(AppError::Forbidden("Only admins and the team's own officers arrange its ride-alongs.".into()));
        }
        let code = AreaCode::parse(area.as_deref().unwrap_or_default()).map_err(|e| AppError::invalid("area", e))?;
        let context = areas::context(&pool, &code)
            .await?
            .ok_or_else(|| AppError::invalid("area", format!("There is no area with code {code}.")))?;
        let force = context
            .force_code()
            .ok_or_else(|| AppError::invalid("area", "Ride-alongs are in a police force's area."))?
            .clone();
        // The notes publish under the team's name: only where the team's own force polices.
        if team.force_code.as_deref() != Some(force.as_str()) {
            return Err(AppError::invalid(
                "area",
                format!("{} is outside {}'s force area: choose an area the team polices.", context.area.name, team.name),
            ));
        }
        let tz: chrono_tz::Tz = context.time_zone.parse().unwrap_or_else(|_| london());
        let starts_at = parse_local(starts.as_deref().unwrap_or_default(), tz).map_err(|e| AppError::invalid("starts", e))?;
        let hours = hours
            .as_deref()
            .and_then(|h| h.trim().parse::<i64>().ok())
            .filter(|h| (1..=SHIFT_MAX_HOURS).contains(h))
            .ok_or_else(|| AppError::invalid("hours", format!("A shift is 1 to {SHIFT_MAX_HOURS} hours.")))?;
        let now = chrono::Utc::now().timestamp_millis();
        let ride = NewRideAlong {
            reporter_id: reporter.id,
            source_id: team_id,
            area_code: code.as_str(),
            force_code: force.as_str(),
            starts_at_ms: starts_at,
            ends_at_ms: starts_at + hours * 3_600_000,
            created_by: user.id,
        };
        let mut tx = crate::db::begin_write(&pool).await?;
        let id = store::create_ride_along(&mut tx, &ride, now).await?;
        let after = serde_json::json!({ "reporter": username, "team_id": team_id, "area": code.as_str(), "starts_at_ms": starts_at, "hours": hours });
        let record = Record {
            actor_id: Some(user.id),
            action: "ride_along.create",
            subject: "ride_along",
            subject_id: Some(id),
            before: None,
            after: Some(after),
            reason: None,
        };
        append(&mut tx, record, now).await?;
        tx.commit().await?;
        Ok(id)
    })
    .await
}
