//! Server functions for composing, listing and withdrawing a source's updates.
// A server function takes its form's fields as flat arguments, and the code the #[server]
// macro generates does not carry a function-level allow.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::privacy::segments::Segment;
use crate::updates::kind::{Severity, UpdateKind};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    crate::accounts::session::require_publisher,
    crate::areas::{area::AreaCode, store as areas},
    crate::audit::store::Record,
    crate::error::with_status,
    crate::publishing::pipeline::{privacy_check, Publishing, BODY},
    crate::sources::SourceKind,
    crate::state::app_state,
    crate::updates::store::{self as updates, NewUpdate},
};

/// Updates an account may publish per hour.
pub const UPDATES_PER_HOUR: i64 = 30;

/// The kinds staff compose here. Reporters' notes and Q&A answers come from their own flows.
pub const COMPOSABLE: &[UpdateKind] = &[
    UpdateKind::Neighbourhood,
    UpdateKind::Appeal,
    UpdateKind::PreventionTip,
    UpdateKind::CallLog,
    UpdateKind::Tally,
    UpdateKind::CouncilNotice,
    UpdateKind::Event,
];

/// What the compose page offers and lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishDesk {
    pub source_name: String,
    /// (code, name) of the areas this account may publish to: its source's area and the areas inside it.
    pub areas: Vec<(String, String)>,
    pub recent: Vec<PublishedUpdate>,
    /// A fresh key for the compose form (see `publishing::pipeline::form_key`).
    pub form_key: String,
}

/// One of the source's recent updates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedUpdate {
    pub id: i64,
    pub title: String,
    pub kind: UpdateKind,
    pub severity: Severity,
    pub withdrawn: bool,
    /// When a delayed update becomes public, while that is still to come.
    pub scheduled_local: Option<String>,
    /// Withdrawn a moment ago: the withdrawal can still be undone.
    pub can_undo: bool,
}

/// How long a withdrawal can be undone.
pub const UNDO_MINUTES: i64 = 10;

/// (code, label) of the areas a compose form offers before anything is typed: the source's
/// own area and the areas directly inside it (a force's councils, a council's wards). The
/// rest (a force's thousand wards) are found by typing: [`publish_area_choices`].
#[cfg(feature = "ssr")]
pub async fn publish_areas(
    pool: &sqlx::AnyPool,
    source: &crate::accounts::user::SourceScope,
) -> Result<Vec<(String, String)>, AppError> {
    let code = AreaCode::parse(&source.area_code).map_err(|e| AppError::internal("stored area", e))?;
    let mut list = Vec::new();
    if let Some(c) = areas::context(pool, &code).await? {
        list.push((c.area.code.as_str().to_string(), choice_label(&c.area)));
    }
    for child in areas::children(pool, Some(&code)).await? {
        list.push((child.code.as_str().to_string(), choice_label(&child)));
    }
    Ok(list)
}

/// How a compose form names an area, and what it accepts back: the name, with the area it
/// is in for a ward, council or region ("Piccadilly (Manchester)"), since ward names repeat.
pub fn choice_label(area: &crate::areas::area::AreaSummary) -> String {
    use crate::areas::area::AreaLevel;
    match (&area.parent_name, area.level) {
        (Some(parent), AreaLevel::Ward | AreaLevel::Council | AreaLevel::Region) => format!("{} ({parent})", area.name),
        _ => area.name.clone(),
    }
}

/// The name part of a [`choice_label`] ("Piccadilly" of "Piccadilly (Manchester)"), or the
/// whole text when it has no parent in brackets.
#[cfg(feature = "ssr")]
fn label_name(label: &str) -> &str {
    label.split(" (").next().unwrap_or_default()
}

/// The areas the caller may publish to whose name matches `q`, as compose forms label them;
/// at most 20, best first. What the area field suggests as an officer types.
#[server(endpoint = "publish_area_choices")]
pub async fn publish_area_choices(q: Option<String>) -> Result<Vec<String>, AppError> {
    with_status(async move {
        let user = require_publisher("publish updates").await?;
        let source = user.source.clone().ok_or_else(|| AppError::internal("publisher without source", user.id))?;
        let q = q.unwrap_or_default();
        if q.chars().count() > crate::areas::api::MAX_QUERY_CHARS {
            return Err(AppError::BadRequest("Search for at most 60 characters.".into()));
        }
        let within = AreaCode::parse(&source.area_code).map_err(|e| AppError::internal("stored area", e))?;
        let name = label_name(&q);
        let found = app_state()?.areas.current().names().search(name, Some(&within), 20);
        Ok(found.iter().map(choice_label).collect())
    })
    .await
}

/// The area a form named, once it is known to exist and to be one `user` publishes to;
/// `verb` completes the refusal ("publish to", "log calls for"). The form may send an area
/// code, or a name as typed or picked from the suggestions ("Piccadilly (Manchester)").
#[cfg(feature = "ssr")]
pub async fn area_to_publish(
    pool: &sqlx::AnyPool,
    user: &crate::accounts::user::User,
    raw: Option<&str>,
    verb: &str,
) -> Result<crate::areas::area::AreaContext, AppError> {
    let raw = raw.unwrap_or_default().trim();
    if raw.is_empty() {
        return Err(AppError::invalid("area", "Choose an area."));
    }
    if raw.chars().count() > 200 {
        return Err(AppError::invalid("area", "That area name is too long."));
    }
    let source = user.source.as_ref().map_or("This account", |s| s.name.as_str());
    let context = match AreaCode::parse(raw).ok() {
        Some(code) => areas::context(pool, &code).await?,
        None => None,
    };
    let context = match context {
        Some(context) => context,
        None => area_named(pool, user, raw, source, verb).await?,
    };
    if let Some(notice) = context.retired_notice() {
        return Err(AppError::invalid("area", notice));
    }
    let chain: Vec<&str> = context.chain().map(|a| a.code.as_str()).collect();
    if !user.can_publish_to(&chain) {
        return Err(AppError::Forbidden(format!("{source} does not {verb} {}.", context.area.name)));
    }
    Ok(context)
}

/// The one area the caller may publish to that is called `raw` (its name, Welsh name or
/// compose-form label, ignoring case and accents). None or several is a field error that
/// says which.
#[cfg(feature = "ssr")]
async fn area_named(
    pool: &sqlx::AnyPool,
    user: &crate::accounts::user::User,
    raw: &str,
    source: &str,
    verb: &str,
) -> Result<crate::areas::area::AreaContext, AppError> {
    use crate::areas::name_search::fold;
    let Some(within) = user.source.as_ref().and_then(|s| AreaCode::parse(&s.area_code).ok()) else {
        return Err(AppError::Forbidden(format!("{source} does not {verb} {raw}.")));
    };
    let name = label_name(raw);
    let want = fold(raw);
    let found = app_state()?.areas.current().names().search(name, Some(&within), 200);
    let same = |a: &crate::areas::area::AreaSummary| {
        fold(&choice_label(a)) == want || fold(&a.name) == want || a.name_alt.as_deref().map(fold) == Some(want.clone())
    };
    let matches: Vec<_> = found.iter().filter(|a| same(a)).collect();
    match matches.as_slice() {
        [one] => areas::context(pool, &one.code)
            .await?
            .ok_or_else(|| AppError::invalid("area", format!("There is no area called “{raw}”."))),
        [] => Err(AppError::invalid(
            "area",
            format!("{source} has no area called “{raw}” to {verb}. Type part of its name and pick a suggestion."),
        )),
        several => {
            let names: Vec<String> = several.iter().take(6).map(|a| choice_label(a)).collect();
            Err(AppError::invalid(
                "area",
                format!("{} areas are called “{raw}”: {}. Pick the one you mean.", several.len(), names.join(", ")),
            ))
        }
    }
}

#[server(endpoint = "publish_desk")]
pub async fn get_publish_desk() -> Result<PublishDesk, AppError> {
    with_status(async move {
        let user = require_publisher("publish updates").await?;
        let source = user.source.clone().ok_or_else(|| AppError::internal("publisher without source", user.id))?;
        let pool = app_state()?.pool;
        let list = publish_areas(&pool, &source).await?;
        let now = chrono::Utc::now().timestamp_millis();
        let recent = updates::recent_of_source(&pool, source.id, 20)
            .await?
            .into_iter()
            .map(|r| PublishedUpdate {
                id: r.id,
                title: r.title,
                kind: r.kind,
                severity: r.severity,
                withdrawn: r.withdrawn_at_ms.is_some(),
                can_undo: r.withdrawn_at_ms.is_some_and(|at| now - at < UNDO_MINUTES * 60_000),
                scheduled_local: Some(r.published_at_ms)
                    .filter(|at| *at > now)
                    .map(|at| crate::updates::feed::local_label(at, chrono_tz::Europe::London)),
            })
            .collect();
        let form_key = crate::publishing::pipeline::new_form_key()?;
        Ok(PublishDesk { source_name: source.name, areas: list, recent, form_key })
    })
    .await
}

/// What the privacy guard finds in a text about to be published: the text cut at the flagged
/// spans, and the text with them replaced, as a moderator's card shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivacySuggestion {
    pub title: Vec<Segment>,
    pub body: Vec<Segment>,
    pub proposed_title: String,
    pub proposed_body: String,
}

/// For a publisher whose text was refused by the privacy guard: what it flagged and the text
/// it suggests. Stores nothing.
#[server(endpoint = "suggest_redaction")]
pub async fn suggest_redaction(title: Option<String>, body: Option<String>) -> Result<PrivacySuggestion, AppError> {
    with_status(async move {
        require_publisher("publish updates").await?;
        let title = crate::reports::note::TITLE.clean(title.as_deref().unwrap_or_default())?;
        let body = BODY.clean(body.as_deref().unwrap_or_default())?;
        let (t, b) = (crate::privacy::review(&title), crate::privacy::review(&body));
        use crate::privacy::segments::segments;
        Ok(PrivacySuggestion {
            title: segments(&title, &t.flags),
            body: segments(&body, &b.flags),
            proposed_title: t.redacted,
            proposed_body: b.redacted,
        })
    })
    .await
}

/// Publishes an update for the caller's source to `area`. Text the privacy guard flags
/// is refused unless `override_reason` says why it must go out as written (audited).
#[server(endpoint = "publish_update")]
pub async fn publish_update(
    area: Option<String>,
    kind: Option<String>,
    severity: Option<String>,
    title: Option<String>,
    body: Option<String>,
    expires_hours: Option<String>,
    override_reason: Option<String>,
    starts: Option<String>,
    duration_minutes: Option<String>,
    form_key: Option<String>,
) -> Result<i64, AppError> {
    with_status(async move {
        let user = require_publisher("publish updates").await?;
        let form_key = crate::publishing::pipeline::form_key(form_key.as_deref())?;
        let source = user.source.clone().ok_or_else(|| AppError::internal("publisher without source", user.id))?;
        let pool = app_state()?.pool;
        let context = area_to_publish(&pool, &user, area.as_deref(), "publish to").await?;
        let code = context.area.code.clone();
        let kind = kind
            .as_deref()
            .and_then(UpdateKind::parse)
            .filter(|k| COMPOSABLE.contains(k))
            .ok_or_else(|| AppError::invalid("kind", "Choose what kind of update this is."))?;
        if kind == UpdateKind::CouncilNotice && source.kind != SourceKind::Council {
            return Err(AppError::invalid("kind", "Council notices come from councils."));
        }
        let severity = severity
            .as_deref()
            .and_then(Severity::parse)
            .ok_or_else(|| AppError::invalid("severity", "Choose info, advisory or warning."))?;
        let title = crate::reports::note::TITLE.clean(title.as_deref().unwrap_or_default())?;
        let body = BODY.clean(body.as_deref().unwrap_or_default())?;
        let expires_hours = match expires_hours.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => Some(raw.parse::<i64>().ok().filter(|h| (1..=24 * 90).contains(h)).ok_or_else(|| {
                AppError::invalid("expires_hours", "Expiry is a number of hours from 1 to 2160 (90 days), or empty.")
            })?),
        };
        let event = match kind {
            UpdateKind::Event => Some(event_time(&context.time_zone, starts.as_deref(), duration_minutes.as_deref())?),
            _ => None,
        };
        let reason = privacy_check(&title, &body, override_reason.as_deref())?;
        let now = chrono::Utc::now().timestamp_millis();
        let mut publishing = Publishing::begin(&pool, now).await?;
        if let Some(id) = publishing.already_published(user.id, form_key.as_deref()).await? {
            crate::error::done_redirect("publish_update", id);
            return Ok(id);
        }
        publishing
            .within_hourly_limit(
                user.id,
                UPDATES_PER_HOUR,
                format!("You have published {UPDATES_PER_HOUR} updates in the last hour; wait a little."),
            )
            .await?;
        let codes = [code.as_str()];
        let id = publishing
            .insert(&NewUpdate {
                kind,
                severity,
                title: &title,
                body: &body,
                source_id: source.id,
                account_id: None,
                published_at_ms: now,
                // An event leaves the feeds when it is over (not a fixed time after publishing,
                // which could be before it starts); other updates when the publisher chose.
                expires_at_ms: event.map(|(_, end)| end).or(expires_hours.map(|h| now + h * 3_600_000)),
                is_demo: false,
                area_codes: &codes,
                author_id: Some(user.id),
                byline: None,
                starts_at_ms: event.map(|(start, _)| start),
                ends_at_ms: event.map(|(_, end)| end),
                client_key: form_key.as_deref(),
            })
            .await?;
        let after = serde_json::json!({ "area": code.as_str(), "kind": kind.as_str(), "severity": severity.as_str(), "title": title, "body": body, "expires_hours": expires_hours });
        publishing
            .audit(Record {
                actor_id: Some(user.id),
                action: if reason.is_some() { "update.publish_override" } else { "update.publish" },
                subject: "update",
                subject_id: Some(id),
                before: None,
                after: Some(after),
                reason: reason.as_deref(),
            })
            .await?;
        publishing.commit(Some(&app_state()?)).await?;
        crate::error::done_redirect("publish_update", id);
        Ok(id)
    })
    .await
}

/// Withdraws one of the caller's source's updates: it leaves every feed at once, and open
/// pages take it down. The reason is required and goes in the audit log; the withdrawal can
/// be undone for [`UNDO_MINUTES`].
#[server(endpoint = "withdraw_update")]
pub async fn withdraw_update(id: Option<String>, reason: Option<String>) -> Result<(), AppError> {
    with_status(async move {
        let user = require_publisher("publish updates").await?;
        let id = crate::text::parse_id(id.as_deref(), "an update")?;
        let reason = crate::text::Field { name: "reason", label: "The reason", min: 5, max: 300, multiline: false }
            .clean(reason.as_deref().unwrap_or_default())?;
        let (mut publishing, title) = own_update(&user, id, "withdraw").await?;
        if !publishing.withdraw(id).await? {
            return Err(AppError::Conflict("This update has already been withdrawn.".into()));
        }
        publishing
            .audit(Record {
                actor_id: Some(user.id),
                action: "update.withdraw",
                subject: "update",
                subject_id: Some(id),
                before: Some(serde_json::json!({ "title": title, "withdrawn": false })),
                after: Some(serde_json::json!({ "withdrawn": true })),
                reason: Some(&reason),
            })
            .await?;
        publishing.commit(Some(&app_state()?)).await?;
        crate::error::done_redirect("withdraw_update", id);
        Ok(())
    })
    .await
}

/// Undoes a withdrawal made in the last [`UNDO_MINUTES`] by the same source: the update is
/// back in the feeds as it was. Audited.
#[server(endpoint = "restore_update")]
pub async fn restore_update(id: Option<String>) -> Result<(), AppError> {
    with_status(async move {
        let user = require_publisher("publish updates").await?;
        let id = crate::text::parse_id(id.as_deref(), "an update")?;
        let (mut publishing, _) = own_update(&user, id, "restore").await?;
        let since = publishing.now_ms() - UNDO_MINUTES * 60_000;
        if !publishing.restore(id, since).await? {
            return Err(AppError::Conflict(format!(
                "This update is not withdrawn, or was withdrawn more than {UNDO_MINUTES} minutes ago: publish it again instead."
            )));
        }
        publishing
            .audit(Record {
                actor_id: Some(user.id),
                action: "update.restore",
                subject: "update",
                subject_id: Some(id),
                before: Some(serde_json::json!({ "withdrawn": true })),
                after: Some(serde_json::json!({ "withdrawn": false })),
                reason: None,
            })
            .await?;
        publishing.commit(Some(&app_state()?)).await?;
        Ok(())
    })
    .await
}

/// Begins withdrawing or restoring update `id` once it is known to be `user`'s team's or
/// council's; returns the pipeline and the update's title.
#[cfg(feature = "ssr")]
async fn own_update(user: &crate::accounts::user::User, id: i64, verb: &str) -> Result<(Publishing, String), AppError> {
    let pool = app_state()?.pool;
    let update = updates::standing(&pool, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no update number {id}.")))?;
    if !user.can_withdraw(update.source_id) {
        return Err(AppError::Forbidden(format!("You can only {verb} your own team's or council's updates.")));
    }
    Ok((Publishing::begin(&pool, chrono::Utc::now().timestamp_millis()).await?, update.title))
}

/// An event's start (local time in the area's zone) and end, as UTC milliseconds.
#[cfg(feature = "ssr")]
fn event_time(zone: &str, starts: Option<&str>, duration_minutes: Option<&str>) -> Result<(i64, i64), AppError> {
    let tz: chrono_tz::Tz = zone.parse().map_err(|_| AppError::internal("stored time zone", zone))?;
    let raw = starts
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AppError::invalid("starts", "An event needs a start date and time."))?;
    let start = crate::reports::ride_along::parse_local(raw, tz).map_err(|e| AppError::invalid("starts", e))?;
    let minutes = match duration_minutes.map(str::trim).filter(|s| !s.is_empty()) {
        None => 60,
        Some(m) => m
            .parse::<i64>()
            .ok()
            .filter(|m| (15..=24 * 60).contains(m))
            .ok_or_else(|| AppError::invalid("duration_minutes", "An event lasts 15 to 1440 minutes."))?,
    };
    Ok((start, start + minutes * 60_000))
}
