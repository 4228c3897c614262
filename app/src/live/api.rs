//! Server functions for live days and the call log.
// A server function takes its form's fields as flat arguments, and the code the #[server]
// macro generates does not carry a function-level allow.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::wire::CampaignSummary;
use super::wire::{CampaignView, LiveDays, LiveUpdate};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::call_log::{CallCategory, CallLogEntry, CallOutcome},
    super::store::{self, Campaign, NewCampaign},
    super::stream::{follow_the_sun, show_in_campaign, viewer_zone},
    super::window::Window,
    super::wire::CallFacts,
    crate::accounts::session::{require_admin, require_publisher},
    crate::areas::{area::AreaCode, store as areas},
    crate::audit::store::{append, Record},
    crate::error::with_status,
    crate::publishing::api::{area_to_publish, publish_areas, UPDATES_PER_HOUR},
    crate::publishing::pipeline::{privacy_check, Publishing},
    crate::state::app_state,
    crate::updates::kind::{Severity, UpdateKind},
    crate::updates::store::NewUpdate,
    chrono_tz::Tz,
    sqlx::Row,
};

/// Entries on a campaign's page when it is first read.
pub const TIMELINE_LENGTH: i64 = 50;

/// What the call log form offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallDesk {
    pub source_name: String,
    /// (code, name) of the areas this account may log calls for.
    pub areas: Vec<(String, String)>,
    /// Now, rounded down to the quarter hour, in the source's zone, for the time field
    /// (`2026-11-22T14:15`).
    pub now_local: String,
    /// The source's zone ("Europe/London").
    pub zone: String,
    /// The account's recent entries, newest first.
    pub recent: Vec<LiveUpdate>,
    /// A fresh key for the form (see `publishing::pipeline::form_key`).
    pub form_key: String,
}

#[cfg(feature = "ssr")]
async fn viewer() -> Option<Tz> {
    leptos_axum::extract::<http::HeaderMap>().await.ok().as_ref().and_then(viewer_zone)
}

#[cfg(feature = "ssr")]
fn zone_of(c: &Campaign) -> Result<Tz, AppError> {
    c.time_zone.parse().map_err(|_| AppError::internal("stored campaign zone", &c.time_zone))
}

#[cfg(feature = "ssr")]
fn summary(c: &Campaign, viewer: Option<Tz>) -> Result<CampaignSummary, AppError> {
    let tz = zone_of(c)?;
    Ok(CampaignSummary {
        slug: c.slug.clone(),
        name: c.name.clone(),
        hashtag: c.hashtag.clone(),
        starts_at_ms: c.starts_at_ms,
        ends_at_ms: c.ends_at_ms,
        starts: follow_the_sun(c.starts_at_ms, tz, viewer),
        ends: follow_the_sun(c.ends_at_ms, tz, viewer),
    })
}

/// Live days that are coming, running, or ended in the last 30 days.
#[server(endpoint = "live_days")]
pub async fn list_campaigns() -> Result<LiveDays, AppError> {
    with_status(async move {
        let pool = app_state()?.pool;
        let viewer = viewer().await;
        let now_ms = chrono::Utc::now().timestamp_millis();
        let days = store::listed(&pool, now_ms).await?.iter().map(|c| summary(c, viewer)).collect::<Result<_, _>>()?;
        Ok(LiveDays { now_ms, days })
    })
    .await
}

/// One live day's page: its window in its own zone and the viewer's, its counters and the
/// newest updates, with the cursor its stream starts from.
#[server(endpoint = "live_day")]
pub async fn get_campaign(slug: Option<String>) -> Result<CampaignView, AppError> {
    with_status(async move {
        let state = app_state()?;
        let pool = &state.pool;
        let slug = slug.unwrap_or_default();
        let campaign = store::by_slug(pool, slug.trim())
            .await?
            .ok_or_else(|| AppError::NotFound("There is no live day at this address.".into()))?;
        let viewer = viewer().await;
        let tz = zone_of(&campaign)?;
        let now = chrono::Utc::now().timestamp_millis();
        // Read the cursor first: anything newer comes through the stream.
        let after = crate::updates::store::newest_event(pool).await?;
        let timeline = store::timeline(pool, &campaign, TIMELINE_LENGTH, now)
            .await?
            .iter()
            .map(|a| show_in_campaign(a, &campaign, viewer))
            .collect();
        let counters = store::counters(pool, &campaign, now).await?;
        // A day in one country shows its numbers; a day across several (the Tweet-a-thon)
        // has no one number to show, and the banner lists them by country.
        let numbers = match store::single_country(pool, campaign.id).await? {
            Some(code) => {
                let code = AreaCode::parse(&code).map_err(|e| AppError::internal("stored area", e))?;
                areas::context(pool, &code).await?.map(|c| c.numbers)
            }
            None => None,
        };
        Ok(CampaignView {
            slug: campaign.slug.clone(),
            name: campaign.name.clone(),
            hashtag: campaign.hashtag.clone(),
            zone: campaign.time_zone.clone(),
            starts_at_ms: campaign.starts_at_ms,
            ends_at_ms: campaign.ends_at_ms,
            starts: follow_the_sun(campaign.starts_at_ms, tz, viewer),
            ends: follow_the_sun(campaign.ends_at_ms, tz, viewer),
            viewer_zone: viewer.map(|z| z.name().to_string()),
            areas: campaign.areas.clone(),
            sources: campaign.sources.iter().map(|(_, name)| name.clone()).collect(),
            counters,
            timeline,
            after,
            now_ms: now,
            numbers,
        })
    })
    .await
}

/// Schedules a live day (admins). `areas` and `sources` are lists of area codes and source
/// short names separated by commas or spaces; no sources means every source in the areas.
#[server(endpoint = "create_live_day")]
pub async fn create_campaign(
    name: Option<String>,
    slug: Option<String>,
    hashtag: Option<String>,
    zone: Option<String>,
    starts: Option<String>,
    ends: Option<String>,
    areas: Option<String>,
    sources: Option<String>,
) -> Result<String, AppError> {
    with_status(async move {
        let user = require_admin("schedule live days").await?;
        let pool = app_state()?.pool;
        let name = crate::text::Field { name: "name", label: "The name", min: 3, max: 80, multiline: false }
            .clean(name.as_deref().unwrap_or_default())?;
        let slug = check_slug(slug.as_deref().unwrap_or_default())?;
        let hashtag = check_hashtag(hashtag.as_deref().unwrap_or_default())?;
        let zone = zone.unwrap_or_default();
        let window = Window::parse(starts.as_deref().unwrap_or_default(), ends.as_deref().unwrap_or_default(), &zone)?;
        let mut codes = Vec::new();
        for raw in split_list(areas.as_deref()) {
            let code = AreaCode::parse(raw).map_err(|e| AppError::invalid("areas", e))?;
            if areas::context(&pool, &code).await?.is_none() {
                return Err(AppError::invalid("areas", format!("There is no area with code {code}.")));
            }
            if !codes.contains(&code.as_str().to_string()) {
                codes.push(code.as_str().to_string());
            }
        }
        if codes.is_empty() {
            return Err(AppError::invalid("areas", "Give at least one area code (a force, council or ward)."));
        }
        let mut source_ids = Vec::new();
        for raw in split_list(sources.as_deref()) {
            let row = sqlx::query("SELECT id FROM sources WHERE slug = $1").bind(raw).fetch_optional(&pool).await?;
            let id: i64 = row
                .ok_or_else(|| AppError::invalid("sources", format!("There is no source called {raw:?}.")))?
                .try_get(0)?;
            if !source_ids.contains(&id) {
                source_ids.push(id);
            }
        }
        let now = chrono::Utc::now().timestamp_millis();
        if window.ends_at_ms <= now {
            return Err(AppError::invalid("ends", "This live day would be over already. Please check the end."));
        }
        let zone = zone.trim().to_string();
        let mut tx = crate::db::begin_write(&pool).await?;
        let id = store::create(
            &mut tx,
            &NewCampaign {
                slug: &slug,
                name: &name,
                hashtag: &hashtag,
                time_zone: &zone,
                starts_at_ms: window.starts_at_ms,
                ends_at_ms: window.ends_at_ms,
                area_codes: &codes,
                source_ids: &source_ids,
                created_by: Some(user.id),
                is_demo: false,
            },
            now,
        )
        .await?;
        let after = serde_json::json!({ "slug": slug, "name": name, "hashtag": hashtag, "zone": zone,
            "starts_at_ms": window.starts_at_ms, "ends_at_ms": window.ends_at_ms, "areas": codes, "sources": source_ids });
        let record = Record {
            actor_id: Some(user.id),
            action: "live_day.create",
            subject: "campaign",
            subject_id: Some(id),
            before: None,
            after: Some(after),
            reason: None,
        };
        append(&mut tx, record, now).await?;
        tx.commit().await?;
        Ok(slug)
    })
    .await
}

/// What the live-day form offers an admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveDayDesk {
    /// (code, name, level) of forces and councils, for the areas field.
    pub areas: Vec<(String, String, String)>,
    /// (slug, name) of every source.
    pub sources: Vec<(String, String)>,
    pub days: LiveDays,
}

/// The admin's live-day form: area codes and source names to choose from, and the days.
#[server(endpoint = "live_day_desk")]
pub async fn get_live_day_desk() -> Result<LiveDayDesk, AppError> {
    with_status(async move {
        require_admin("schedule live days").await?;
        let pool = app_state()?.pool;
        let areas = sqlx::query(
            "SELECT code, name, level FROM areas WHERE level IN ('force', 'council') ORDER BY level DESC, name",
        )
        .fetch_all(&pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_, AppError>>()?;
        let sources = sqlx::query("SELECT slug, name FROM sources ORDER BY name")
            .fetch_all(&pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, AppError>>()?;
        Ok(LiveDayDesk { areas, sources, days: list_campaigns().await? })
    })
    .await
}

#[cfg(feature = "ssr")]
fn split_list(raw: Option<&str>) -> impl Iterator<Item = &str> {
    raw.unwrap_or_default().split([',', ' ', '\n', '\r', '\t']).map(str::trim).filter(|s| !s.is_empty())
}

/// A live day's short name in its address: 2 to 40 lowercase letters, digits and dashes.
#[cfg(feature = "ssr")]
fn check_slug(raw: &str) -> Result<String, AppError> {
    let slug = raw.trim().to_lowercase();
    let ok = (2..=40).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !ok {
        return Err(AppError::invalid(
            "slug",
            "The short name is 2 to 40 letters, digits or dashes, like gmp24 (it becomes /live/gmp24).",
        ));
    }
    Ok(slug)
}

/// A hashtag without its '#': 2 to 40 letters, digits or underscores.
#[cfg(feature = "ssr")]
fn check_hashtag(raw: &str) -> Result<String, AppError> {
    let tag = raw.trim().trim_start_matches('#').to_string();
    let ok = (2..=40).contains(&tag.chars().count()) && tag.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !ok {
        return Err(AppError::invalid("hashtag", "The hashtag is 2 to 40 letters, digits or underscores, like GMP24."));
    }
    Ok(tag)
}

/// The call log form: the areas, the time now and the account's recent entries.
#[server(endpoint = "call_desk")]
pub async fn get_call_desk() -> Result<CallDesk, AppError> {
    with_status(async move {
        let user = require_publisher("log calls").await?;
        let source = user.source.clone().ok_or_else(|| AppError::internal("publisher without source", user.id))?;
        let pool = app_state()?.pool;
        let area_list = publish_areas(&pool, &source).await?;
        let code = AreaCode::parse(&source.area_code).map_err(|e| AppError::internal("stored area", e))?;
        let zone =
            areas::context(&pool, &code).await?.map(|c| c.time_zone).unwrap_or_else(|| "Europe/London".to_string());
        let tz: Tz = zone.parse().map_err(|_| AppError::internal("stored zone", &zone))?;
        let now = chrono::Utc::now().timestamp_millis();
        let now_local = chrono::DateTime::from_timestamp_millis(super::call_log::round_to_quarter(now))
            .unwrap_or_default()
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let ids = crate::updates::store::newest_of_author(&pool, user.id, UpdateKind::CallLog, 10).await?;
        let recent = store::by_ids(&pool, &ids)
            .await?
            .into_iter()
            .map(|a| LiveUpdate {
                item: crate::updates::feed::to_item_named(a.update, a.area_name, tz),
                times: None,
                call: a.call,
            })
            .collect();
        let form_key = crate::publishing::pipeline::new_form_key()?;
        Ok(CallDesk { source_name: source.name, areas: area_list, now_local, zone, recent, form_key })
    })
    .await
}

/// Logs a call: category and outcome from the fixed lists, the area, when it came in (local
/// time, stored to the quarter hour) and a short public summary. The privacy guard reads the
/// summary; flagged text is refused unless `override_reason` says why it must stand (audited).
#[server(endpoint = "log_call")]
pub async fn log_call(
    area: Option<String>,
    category: Option<String>,
    outcome: Option<String>,
    received: Option<String>,
    text: Option<String>,
    override_reason: Option<String>,
    form_key: Option<String>,
) -> Result<i64, AppError> {
    with_status(async move {
        let user = require_publisher("log calls").await?;
        let form_key = crate::publishing::pipeline::form_key(form_key.as_deref())?;
        let source = user.source.clone().ok_or_else(|| AppError::internal("publisher without source", user.id))?;
        let state = app_state()?;
        let pool = &state.pool;
        let context = area_to_publish(pool, &user, area.as_deref(), "log calls for").await?;
        let code = context.area.code.clone();
        let category = CallCategory::from_form(category.as_deref().unwrap_or_default())?;
        let outcome = CallOutcome::from_form(outcome.as_deref().unwrap_or_default())?;
        let tz: Tz = context.time_zone.parse().map_err(|_| AppError::internal("stored zone", &context.time_zone))?;
        let now = chrono::Utc::now().timestamp_millis();
        let received_at = match received.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => now,
            Some(raw) => {
                crate::reports::ride_along::parse_local(raw, tz).map_err(|e| AppError::invalid("received", e))?
            }
        };
        let entry = CallLogEntry::check(category, outcome, text.as_deref().unwrap_or_default(), received_at, now)
            .map_err(|e| AppError::invalid(if e.field == "received_at" { "received" } else { e.field }, e.message))?;
        let title = entry.title(tz);
        let reason = privacy_check(&title, &entry.text, override_reason.as_deref()).map_err(|e| match e {
            // The form's field is "text".
            AppError::Invalid { field, message } if field == "body" => AppError::invalid("text", message),
            e => e,
        })?;
        let mut publishing = Publishing::begin(pool, now).await?;
        if let Some(id) = publishing.already_published(user.id, form_key.as_deref()).await? {
            crate::error::done_redirect("log_call", id);
            return Ok(id);
        }
        // A control room logs far more than a team posts: four times the publishing limit.
        let limit = 4 * UPDATES_PER_HOUR;
        let refusal = format!("You have logged {limit} calls and updates in the last hour; wait a little.");
        publishing.within_hourly_limit(user.id, limit, refusal).await?;
        let codes = [code.as_str()];
        let id = publishing
            .insert(&NewUpdate {
                kind: UpdateKind::CallLog,
                severity: Severity::Info,
                title: &title,
                body: &entry.text,
                source_id: source.id,
                account_id: None,
                published_at_ms: now,
                // A call log entry is news for a day or two, not for ever.
                expires_at_ms: Some(now + 48 * 3_600_000),
                is_demo: false,
                area_codes: &codes,
                author_id: Some(user.id),
                byline: None,
                starts_at_ms: None,
                ends_at_ms: None,
                client_key: form_key.as_deref(),
            })
            .await?;
        store::set_call(publishing.tx(), id, CallFacts { category, outcome }, entry.received_at_ms).await?;
        let after = serde_json::json!({ "area": code.as_str(), "category": category.as_str(), "outcome": outcome.as_str(),
            "received_at_ms": entry.received_at_ms, "text": entry.text });
        publishing
            .audit(Record {
                actor_id: Some(user.id),
                action: if reason.is_some() { "call_log.add_override" } else { "call_log.add" },
                subject: "update",
                subject_id: Some(id),
                before: None,
                after: Some(after),
                reason: reason.as_deref(),
            })
            .await?;
        publishing.commit(Some(&state)).await?;
        crate::error::done_redirect("log_call", id);
        Ok(id)
    })
    .await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_hashtags() {
        assert_eq!(check_slug(" GMP24 ").unwrap(), "gmp24");
        assert_eq!(check_slug("tweet-a-thon-2026").unwrap(), "tweet-a-thon-2026");
        for bad in ["", "x", "-gmp", "gmp-", "gmp 24", "gmp/24", "../admin", "ｇｍｐ", &"a".repeat(41)] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
        assert_eq!(check_hashtag("#GMP24").unwrap(), "GMP24");
        assert_eq!(check_hashtag("whatwedo").unwrap(), "whatwedo");
        for bad in ["#", "a", "gmp 24", "#<script>", "tag#two"] {
            assert!(check_hashtag(bad).is_err(), "{bad:?}");
        }
        let list: Vec<&str> = split_list(Some(" E23000005, W05001274\nE05011376 ,,")).collect();
        assert_eq!(list, ["E23000005", "W05001274", "E05011376"]);
    }
}
