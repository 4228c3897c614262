//! The one error type of Beat's server functions.
//!
//! Each variant says which HTTP status it becomes. The message is safe to show to a
//! resident; details of internal failures are logged with `tracing`, never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: an argument is missing, malformed or out of range. The text says which.
    #[error("{0}")]
    BadRequest(String),
    /// 400: one form field is wrong; the page shows `message` next to `field`.
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// 401: this needs a signed-in account.
    #[error("Please sign in to do this.")]
    SignInRequired,
    /// 403: signed in, but this account may not do this. The text says why.
    #[error("{0}")]
    Forbidden(String),
    /// 404: the thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 409: the thing changed under the caller (e.g. a note someone else already approved).
    #[error("{0}")]
    Conflict(String),
    /// 429: too many attempts or submissions; the text says when to try again.
    #[error("{0}")]
    TooMany(String),
    /// 503: the server is at capacity for this kind of work; the text says to try again soon.
    #[error("{0}")]
    Busy(String),
    /// 500: our fault; the cause is in the server log.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The request never reached our code (network down, bad encoding).
    #[error("Could not reach Beat ({0}). Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest(_) | AppError::Invalid { .. } | AppError::Transport(_) => 400,
            AppError::SignInRequired => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::TooMany(_) => 429,
            AppError::Internal => 500,
            AppError::Busy(_) => 503,
        }
    }

    /// A field error.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.into(), message: message.into() }
    }

    /// The message for `field`, if this error is about that field.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    /// Logs an internal failure and returns the safe error for the client.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(%err, "{context}");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, a request whose arguments cannot be decoded is the caller's mistake
    /// (400, with the decoder's reason) and a path with no server function is a 404; in the
    /// browser, everything here is the connection's.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(reason) => AppError::BadRequest(format!("The request could not be read: {reason}")),
            ServerFnErrorErr::MissingArg(name) => AppError::BadRequest(format!("The request is missing {name}.")),
            ServerFnErrorErr::Registration(_) => AppError::NotFound("There is no such request.".into()),
            // On the server nothing is deserialized but the request.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(reason) => {
                AppError::BadRequest(format!("The request could not be read: {reason}"))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal("database error", err)
    }
}

/// Inside a server function: sets the response status for `err` and returns it.
///
/// Except for a browser's plain form post (no JavaScript): leptos answers that with a redirect
/// back to the form's page, the error encoded in the URL (`__err`), which the page shows next
/// to its field. A 4xx status would replace that redirect and show the raw error body instead.
#[cfg(feature = "ssr")]
pub fn fail<T>(err: AppError) -> Result<T, AppError> {
    if !plain_form_post() {
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(
                http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let AppError::Busy(_) = err {
                options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from_static("2"));
            }
        }
    }
    Err(err)
}

/// True inside a server function called by a browser's own form submission (no JavaScript):
/// a POST that accepts HTML. The app's own calls ask for JSON, and pages rendered on the
/// server (which call server functions directly) are GETs.
#[cfg(feature = "ssr")]
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| is_plain_form_post(&p))
}

#[cfg(feature = "ssr")]
fn is_plain_form_post(parts: &http::request::Parts) -> bool {
    parts.method == http::Method::POST
        && parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// After a plain form post succeeded, sends the browser back to the form's page with
/// `?done=<endpoint>&id=<id>`, so the page can say what happened (see
/// `shell::form_error::form_done`). Does nothing for the app's own calls.
#[cfg(feature = "ssr")]
pub fn done_redirect(endpoint: &str, id: i64) {
    if !plain_form_post() {
        return;
    }
    let back = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()).map(back_to))
        .unwrap_or_else(|| "/".into());
    let sep = if back.contains('?') { '&' } else { '?' };
    leptos_axum::redirect(&format!("{back}{sep}done={endpoint}&id={id}"));
}

/// The path and query of a referrer, without an earlier answer's `done`, `id`, `__path` and
/// `__err`; only a path on this site (a full URL's host is dropped).
#[cfg(feature = "ssr")]
fn back_to(referer: &str) -> String {
    let path = match referer.find("://") {
        Some(i) => referer[i + 3..].find('/').map(|j| &referer[i + 3 + j..]).unwrap_or("/"),
        None => referer,
    };
    let path = crate::redirect::local_path(path).unwrap_or_else(|| "/".to_string());
    let path = path.split_once('#').map_or(path.as_str(), |(p, _)| p);
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !matches!(key, "done" | "id" | "__path" | "__err")
        })
        .collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn plain_form_posts_are_posts_that_accept_html() {
        let parts = |method: &str, accept: &str| {
            http::Request::builder().method(method).header("accept", accept).body(()).unwrap().into_parts().0
        };
        assert!(is_plain_form_post(&parts("POST", "text/html,application/xhtml+xml,*/*;q=0.8")));
        assert!(!is_plain_form_post(&parts("POST", "application/json")));
        // A page rendered on the server calls its server functions inside the page's GET.
        assert!(!is_plain_form_post(&parts("GET", "text/html")));
    }

    #[test]
    fn goes_back_to_a_path_on_this_site_without_earlier_answers() {
        let cases = [
            ("http://127.0.0.1:3000/publish", "/publish"),
            ("https://beat.example/moderation?done=approve_note&id=3", "/moderation"),
            ("https://beat.example/area/E1?kind=event&__path=x&__err=y", "/area/E1?kind=event"),
            ("https://beat.example", "/"),
            ("//evil.example/x", "/"),
            ("javascript:alert(1)", "/"),
            ("/\\evil.example/x", "/"),
        ];
        for (referer, want) in cases {
            assert_eq!(back_to(referer), want, "{referer}");
        }
    }
}

/// Runs a server function body and gives any error its status code.
#[cfg(feature = "ssr")]
pub async fn with_status<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    match body.await {
        Ok(value) => Ok(value),
        Err(err) => fail(err),
    }
}
