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

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal("database error", err)
    }
}

/// Inside a server function: sets the response status for `err` and returns it.
#[cfg(feature = "ssr")]
pub fn fail<T>(err: AppError) -> Result<T, AppError> {
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    Err(err)
}

/// Runs a server function body and gives any error its status code.
#[cfg(feature = "ssr")]
pub async fn with_status<T>(body: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    match body.await {
        Ok(value) => Ok(value),
        Err(err) => fail(err),
    }
}
