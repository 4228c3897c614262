//! Fetching a feed: conditional GET with a timeout and a size cap, or reading a local file.
//! Every failure is a [`FetchError`] whose text is a sentence for the status page.

use std::time::Duration;

/// Limits for one fetch.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The whole request, connection to last byte.
    pub timeout: Duration,
    /// Bodies larger than this are abandoned (after decompression).
    pub max_bytes: usize,
    /// Host names (or addresses) a feed may be fetched from although they are on a private
    /// network: an on-premises feed server (`--allow-feed-hosts`). Every other internal
    /// address is refused (see [`super::egress`]).
    pub internal_hosts: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(20), max_bytes: 8 * 1024 * 1024, internal_hosts: Vec::new() }
    }
}

/// What the last full response said, to make the next request conditional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetch that worked.
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    Body { bytes: Vec<u8>, content_type: Option<String>, validators: Validators },
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("The feed's server did not answer within {0} seconds.")]
    Timeout(u64),
    #[error("The feed is larger than {} MB, so Beat stopped reading it.", .0 / (1024 * 1024))]
    TooLarge(usize),
    #[error("The feed's server answered {code} {reason}.")]
    Status { code: u16, reason: String, retry_after_s: Option<i64> },
    #[error("Beat could not reach the feed's server: {0}.")]
    Connect(String),
    #[error("The connection broke while reading the feed: {0}.")]
    Body(String),
    #[error("The file {path} could not be read: {reason}.")]
    File { path: String, reason: String },
    #[error("Beat does not fetch feeds from {0}: it is not a public internet address.")]
    Refused(String),
}

impl FetchError {
    /// A Retry-After the server sent with a 429 or 503.
    pub fn retry_after_s(&self) -> Option<i64> {
        match self {
            FetchError::Status { retry_after_s, .. } => *retry_after_s,
            _ => None,
        }
    }
}

/// The client every poll shares (connection reuse, one TLS set-up). Every address it
/// connects to, on the first request and on each of up to five redirects, is checked by
/// [`super::egress`]: names through its resolver, address literals and downgrades by the
/// redirect policy and [`fetch`].
pub fn client(limits: &Limits) -> reqwest::Client {
    let egress = std::sync::Arc::new(super::egress::Egress::new(limits.internal_hosts.clone()));
    let hops = egress.clone();
    reqwest::Client::builder()
        .user_agent(concat!("Beat/", env!("CARGO_PKG_VERSION"), " (feed reader; +https://github.com/beat)"))
        .redirect(reqwest::redirect::Policy::custom(move |attempt| {
            let from = attempt.previous().last().cloned();
            if attempt.previous().len() > 5 {
                return attempt.error("more than five redirects");
            }
            match hops.hop_allowed(from.as_ref(), attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(why) => attempt.error(super::egress::Refused(why)),
            }
        }))
        .dns_resolver(egress)
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default()
}

/// Fetches `location`: an http(s) URL, or else a path on this server.
pub async fn fetch(
    client: &reqwest::Client,
    location: &str,
    validators: &Validators,
    limits: &Limits,
) -> Result<Fetched, FetchError> {
    if location.starts_with("http://") || location.starts_with("https://") {
        let url = reqwest::Url::parse(location).map_err(|e| FetchError::Connect(e.to_string()))?;
        super::egress::Egress::new(limits.internal_hosts.clone())
            .hop_allowed(None, &url)
            .map_err(FetchError::Refused)?;
        let work = fetch_url(client, location, validators, limits.max_bytes);
        tokio::time::timeout(limits.timeout, work).await.map_err(|_| FetchError::Timeout(limits.timeout.as_secs()))?
    } else {
        fetch_file(location, validators, limits.max_bytes).await
    }
}

async fn fetch_url(
    client: &reqwest::Client,
    url: &str,
    validators: &Validators,
    max_bytes: usize,
) -> Result<Fetched, FetchError> {
    use reqwest::header::{ACCEPT, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};
    let mut request = client.get(url).header(
        ACCEPT,
        "application/rss+xml, application/atom+xml, application/feed+json, application/cap+xml, application/xml;q=0.9, */*;q=0.5",
    );
    if let Some(etag) = &validators.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(lm) = &validators.last_modified {
        request = request.header(IF_MODIFIED_SINCE, lm);
    }
    let mut response = request.send().await.map_err(|e| match super::egress::refusal(&e) {
        Some(why) => FetchError::Refused(why),
        None => FetchError::Connect(cause(&e)),
    })?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    let header = |name| {
        response.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_string)
    };
    if !status.is_success() {
        // Retry-After means "come back later" on 429 and 503 only.
        let asks_to_wait = matches!(status.as_u16(), 429 | 503);
        let retry_after_s = header(RETRY_AFTER).filter(|_| asks_to_wait).and_then(|v| v.trim().parse::<i64>().ok());
        return Err(FetchError::Status {
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            retry_after_s,
        });
    }
    if response.content_length().is_some_and(|n| n > max_bytes as u64) {
        return Err(FetchError::TooLarge(max_bytes));
    }
    let content_type = header(CONTENT_TYPE);
    let validators = Validators { etag: header(ETAG), last_modified: header(LAST_MODIFIED) };
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| FetchError::Body(cause(&e)))? {
        if bytes.len() + chunk.len() > max_bytes {
            return Err(FetchError::TooLarge(max_bytes));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched::Body { bytes, content_type, validators })
}

/// A local file; its modification time stands in for Last-Modified.
async fn fetch_file(path: &str, validators: &Validators, max_bytes: usize) -> Result<Fetched, FetchError> {
    let fail = |e: std::io::Error| FetchError::File { path: path.to_string(), reason: e.to_string() };
    let meta = tokio::fs::metadata(path).await.map_err(fail)?;
    if meta.len() > max_bytes as u64 {
        return Err(FetchError::TooLarge(max_bytes));
    }
    let modified = meta
        .modified()
        .ok()
        .map(|t| chrono::DateTime::<chrono::Utc>::from(t).format("%a, %d %b %Y %H:%M:%S%.f GMT").to_string());
    if modified.is_some() && modified == validators.last_modified {
        return Ok(Fetched::NotModified);
    }
    let bytes = tokio::fs::read(path).await.map_err(fail)?;
    Ok(Fetched::Body { bytes, content_type: None, validators: Validators { etag: None, last_modified: modified } })
}

/// The innermost cause of a reqwest error ("connection refused"), not its URL-laden wrapper.
fn cause(err: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = err;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}
