//! Feeds out over HTTP: every area as Atom, RSS, JSON Feed, an iCalendar of its events and
//! an index of its warnings as CAP, with ETag and Last-Modified so readers that poll every
//! few minutes mostly get a 304.
//!
//! The items are the area feed's (the area and every area above it, newest 50), so a feed
//! reader sees what the app shows.

use super::out::{self, content_type, CapSender, Channel, Entry};
use super::subscribe::DOCUMENTS;
use crate::areas::area::{AreaCode, AreaContext};
use crate::areas::store as areas;
use crate::client_address::Client;
use crate::error::AppError;
use crate::state::AppState;
use crate::updates::feed::{area_name, FeedQuery, StoredUpdate, MAX_PAGE_SIZE};
use crate::updates::kind::{Severity, UpdateKind};
use crate::updates::store;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

// Readers, and shared caches, may reuse a document a while before asking again (with its
// ETag). Only when its links come from the configured public address: links made from a
// request's `Host` header are that reader's alone, never stored where another reader would
// get them (a forged `Host` would otherwise poison a shared cache).
use crate::http_cache::{PRIVATE_FEED as PRIVATE_MAX_AGE, PUBLIC_FEED as PUBLIC_MAX_AGE};

/// The documents an area is published as, in the order of [`DOCUMENTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Document {
    Atom,
    Rss,
    Json,
    Events,
    Alerts,
}

/// The routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    let documents = [Document::Atom, Document::Rss, Document::Json, Document::Events, Document::Alerts];
    for (document, (file, ..)) in documents.into_iter().zip(DOCUMENTS) {
        router = router.route(
            &format!("/area/{{code}}/{file}"),
            get(move |state: State<AppState>, code: Path<String>, client: Client, headers: HeaderMap| {
                area_document(state, code, client, headers, document, file)
            }),
        );
    }
    router.route("/updates/{id}/alert.cap", get(cap_alert))
}

async fn area_document(
    State(state): State<AppState>,
    Path(code): Path<String>,
    client: Client,
    headers: HeaderMap,
    document: Document,
    file: &'static str,
) -> Response {
    let result = async {
        let code = AreaCode::parse(&code).map_err(AppError::BadRequest)?;
        let context = areas::context(&state.pool, &code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("There is no area with code {code}.")))?;
        let codes: Vec<&str> = context.chain().map(|a| a.code.as_str()).collect();
        let kind = (document == Document::Events).then_some(UpdateKind::Event);
        let query = FeedQuery { kind, source: None, cursor: None, limit: MAX_PAGE_SIZE };
        let now = chrono::Utc::now().timestamp_millis();
        let (updates, _) = store::feed(&state.pool, &codes, &query, now).await?;
        let (base, cache) = base_url(&state, &client);
        let entries: Vec<Entry> = updates.into_iter().map(|u| entry(u, &context, &base)).collect();
        let channel = channel(&context, &base, file, &entries)?;
        let (body, content_type) = match document {
            Document::Atom => (out::atom::feed(&channel, &entries), content_type::ATOM),
            Document::Rss => (out::rss::channel(&channel, &entries), content_type::RSS),
            Document::Json => (out::json_feed::feed(&channel, &entries), content_type::JSON),
            Document::Events => (out::ical::calendar(&channel, &entries), content_type::ICS),
            Document::Alerts => (out::cap::index(&channel, &entries), content_type::ATOM),
        };
        Ok::<_, AppError>(respond(&headers, body, content_type, channel.updated_ms, cache))
    };
    result.await.unwrap_or_else(failure)
}

async fn cap_alert(
    State(state): State<AppState>,
    Path(id): Path<String>,
    client: Client,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let id = crate::text::parse_id(Some(&id), "an update")?;
        let now = chrono::Utc::now().timestamp_millis();
        let not_found = || AppError::NotFound(format!("There is no warning number {id}."));
        let update =
            store::get(&state.pool, id, now).await?.filter(|u| u.severity != Severity::Info).ok_or_else(not_found)?;
        let (base, cache) = base_url(&state, &client);
        let host = base.split("://").nth(1).unwrap_or("beat").to_string();
        let mut contexts = Vec::new();
        for code in &update.area_codes {
            let code = AreaCode::parse(code).map_err(|e| AppError::internal("stored area code", e))?;
            contexts.extend(areas::context(&state.pool, &code).await?);
        }
        let context = contexts.first().ok_or_else(not_found)?;
        let names: Vec<&str> = contexts.iter().map(|c| c.area.name.as_str()).collect();
        let sender = CapSender {
            sender: format!("beat@{host}"),
            area_desc: names.join(", "),
            geocodes: update.area_codes.iter().map(|c| (geocode_name(c).to_string(), c.clone())).collect(),
            emergency_number: context.numbers.emergency.clone(),
            language: "en-GB".into(),
        };
        let entry = entry(update, context, &base);
        let updated = entry.updated_ms;
        Ok::<_, AppError>(respond(&headers, out::cap::alert(&entry, &sender), content_type::CAP, updated, cache))
    };
    result.await.unwrap_or_else(failure)
}

/// The kind of code, as CAP `valueName`: GSS codes for Great Britain's areas (E05…, W06…),
/// ISO 3166 for countries, Beat's own code otherwise.
fn geocode_name(code: &str) -> &'static str {
    let b = code.as_bytes();
    if b.len() == 9 && matches!(b[0], b'E' | b'W' | b'S' | b'N') && b[1..].iter().all(u8::is_ascii_digit) {
        "GSS"
    } else if b.len() == 2 {
        "ISO3166-1"
    } else {
        "BEAT"
    }
}

fn channel(context: &AreaContext, base: &str, file: &str, entries: &[Entry]) -> Result<Channel, AppError> {
    let area = &context.area;
    let title = match &area.parent_name {
        Some(parent) => format!("Beat: {} ({parent})", area.name),
        None => format!("Beat: {}", area.name),
    };
    Ok(Channel {
        title,
        area_name: area.name.clone(),
        area_code: area.code.to_string(),
        page_url: format!("{base}/area/{}", area.code),
        self_url: format!("{base}/area/{}/{file}", area.code),
        emergency_number: context.numbers.emergency.clone(),
        time_zone: context.time_zone.parse().map_err(|_| AppError::internal("stored time zone", &context.time_zone))?,
        language: "en-GB".into(),
        updated_ms: entries.iter().map(|e| e.updated_ms).max().unwrap_or(0),
    })
}

fn entry(u: StoredUpdate, context: &AreaContext, base: &str) -> Entry {
    let area_name = area_name(&u.area_codes, context);
    let url = format!("{base}/updates/{}", u.id);
    Entry {
        cap_url: (u.severity != Severity::Info).then(|| format!("{url}/alert.cap")),
        id: u.id,
        url,
        title: u.title,
        body: u.body,
        kind: u.kind,
        severity: u.severity,
        source_name: u.source_name,
        source_kind: u.source_kind,
        byline: u.byline,
        area_name,
        area_codes: u.area_codes,
        published_ms: u.published_at_ms,
        updated_ms: u.updated_at_ms.unwrap_or(u.published_at_ms).max(u.published_at_ms),
        expires_ms: u.expires_at_ms,
        starts_ms: u.starts_at_ms,
        ends_ms: u.ends_at_ms,
        is_demo: u.is_demo,
        original_url: u.external_url,
    }
}

/// `https://beat.example`: the configured public address, else this request's host; with
/// the `Cache-Control` a document whose links use it may carry.
fn base_url(state: &AppState, client: &Client) -> (String, &'static str) {
    if let Some(url) = &state.public_url {
        return (url.trim_end_matches('/').to_string(), PUBLIC_MAX_AGE);
    }
    let host = client
        .host
        .as_deref()
        .filter(|h| h.len() <= 255 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)))
        .unwrap_or("localhost");
    (format!("{}://{host}", if client.https { "https" } else { "http" }), PRIVATE_MAX_AGE)
}

/// 200 with validators, or 304 when the reader already has this version.
pub fn respond(
    headers: &HeaderMap,
    body: String,
    content_type: &'static str,
    updated_ms: i64,
    cache_control: &'static str,
) -> Response {
    let etag = crate::http_cache::weak_etag(body.as_bytes());
    let last_modified = chrono::DateTime::from_timestamp_millis(updated_ms)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let fresh = crate::http_cache::is_fresh(headers, &etag, Some(updated_ms));
    let mut response = if fresh { StatusCode::NOT_MODIFIED.into_response() } else { body.into_response() };
    let h = response.headers_mut();
    if !fresh {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    for (name, value) in
        [(header::ETAG, etag), (header::LAST_MODIFIED, last_modified), (header::CACHE_CONTROL, cache_control.into())]
    {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    response
}

/// The error as plain text with its status (internal causes were logged where they happened).
fn failure(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], error.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geocode_names() {
        assert_eq!(geocode_name("E05011376"), "GSS");
        assert_eq!(geocode_name("W06000015"), "GSS");
        assert_eq!(geocode_name("NZ"), "ISO3166-1");
        assert_eq!(geocode_name("NZAUCKLAND"), "BEAT");
    }
}
