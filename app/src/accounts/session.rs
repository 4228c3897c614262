//! Sessions: a random token in a cookie, its hash in the `sessions` table.
//!
//! The cookie is HttpOnly (no script can read it), SameSite=Strict (other sites' forms
//! and links do not carry it, which also stops cross-site request forgery) and Secure
//! when Beat is served over https, when it is named with the `__Host-` prefix.

use super::cookie::cookie_value;
use super::store;
use super::token;
use super::user::User;
use crate::client_address::Client;
use crate::error::AppError;
use crate::state::app_state;
use cookie::{Cookie, SameSite};
use http::header::{ORIGIN, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::use_context;

/// A session lasts one long shift.
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;
const PLAIN_NAME: &str = "beat_session";
const SECURE_NAME: &str = "__Host-beat_session";

/// Whether this request came over https (directly or through a proxy that says so), or
/// the server was told to always use secure cookies.
pub(crate) fn secure(parts: &Parts, always: bool) -> bool {
    always || Client::of(parts).https
}

/// Whether a request carries a session cookie (signed in, or was): its answers are personal.
pub fn has_session_cookie(headers: &http::HeaderMap) -> bool {
    cookie_value(headers, &[SECURE_NAME, PLAIN_NAME]).is_some()
}

/// Whether answers to a request may be personal, and so never kept by a shared cache: it
/// carries a session cookie, or the `beat_who` cookie (pages then show that name, even after
/// the session has expired).
pub fn is_personal(headers: &http::HeaderMap) -> bool {
    has_session_cookie(headers) || cookie_value(headers, &[super::who::COOKIE]).is_some()
}

/// The session token in the request's cookies, if any. Over https only the `__Host-` cookie
/// counts: a plain-named one could have been planted by a sibling domain or over plain http
/// (session fixation).
fn token_of(parts: &Parts, always_secure: bool) -> Option<String> {
    let names: &[&str] = if secure(parts, always_secure) { &[SECURE_NAME] } else { &[SECURE_NAME, PLAIN_NAME] };
    cookie_value(&parts.headers, names).filter(|t| token::well_formed(t))
}

/// Refuses a request another site's page sent (login CSRF: signing a victim in as the
/// attacker, or into an invitation).
pub fn refuse_cross_site() -> Result<(), AppError> {
    match use_context::<Parts>() {
        Some(parts) if !same_origin(&parts) => {
            Err(AppError::Forbidden("This form can only be sent from Beat's own pages.".into()))
        }
        _ => Ok(()),
    }
}

/// A request from another site's page (its Origin names another host) never acts as the
/// signed-in user, whatever cookies it carries.
fn same_origin(parts: &Parts) -> bool {
    let Some(origin) = parts.headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let Some((_, origin_host)) = origin.split_once("://") else { return false };
    // Behind a trusted proxy the public host arrives as X-Forwarded-Host.
    Client::of(parts).host.is_some_and(|host| host == origin_host)
}

/// The signed-in account making this request, if any.
pub async fn current_user() -> Result<Option<User>, AppError> {
    let Some(parts) = use_context::<Parts>() else { return Ok(None) };
    let state = app_state()?;
    let Some(token) = token_of(&parts, state.secure_cookies).filter(|_| same_origin(&parts)) else { return Ok(None) };
    let pool = state.pool;
    store::user_by_session(&pool, &token::hash(&token), chrono::Utc::now().timestamp_millis()).await
}

/// The signed-in account, or 401.
pub async fn require_user() -> Result<User, AppError> {
    current_user().await?.ok_or(AppError::SignInRequired)
}

/// The signed-in admin, or 401/403 with "Only an admin can {task}."
pub async fn require_admin(task: &str) -> Result<User, AppError> {
    let user = require_user().await?;
    if !user.is_admin() {
        return Err(AppError::Forbidden(format!("Only an admin can {task}.")));
    }
    Ok(user)
}

/// The signed-in officer or council staff member who publishes for a source; `task` says
/// what they were trying to do ("publish updates", "log calls").
pub async fn require_publisher(task: &str) -> Result<User, AppError> {
    let user = require_user().await?;
    if !user.publishes() {
        return Err(AppError::Forbidden(format!("Only officers and council staff can {task}.")));
    }
    Ok(user)
}

/// Starts a session for `user_id` and sets its cookie on the response, with the display
/// name for the header beside it (see `accounts::who`).
pub async fn start(user_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let (token, hash) = token::new_token()?;
    let now = chrono::Utc::now().timestamp_millis();
    store::create_session(&state.pool, &hash, user_id, now, now + SESSION_MS).await?;
    let name = store::user_by_id(&state.pool, user_id).await?.map(|u| u.display_name).unwrap_or_default();
    set_cookie(Which::Session, token, SESSION_MS / 1000, state.secure_cookies)?;
    set_cookie(Which::Who, super::who::encode(&name), SESSION_MS / 1000, state.secure_cookies)
}

/// Ends the request's session (if any) and clears its cookies.
pub async fn end() -> Result<(), AppError> {
    let state = app_state()?;
    if let Some(token) = use_context::<Parts>().as_ref().and_then(|p| token_of(p, state.secure_cookies)) {
        store::delete_session(&state.pool, &token::hash(&token)).await?;
    }
    set_cookie(Which::Session, String::new(), 0, state.secure_cookies)?;
    set_cookie(Which::Who, String::new(), 0, state.secure_cookies)
}

/// The cookies a session sets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    /// The session token: HttpOnly, SameSite=Strict.
    Session,
    /// The display name for the header: readable by the page, SameSite=Lax; it grants nothing.
    Who,
}

fn set_cookie(which: Which, value: String, max_age_s: i64, always_secure: bool) -> Result<(), AppError> {
    let parts = use_context::<Parts>().ok_or_else(|| AppError::internal("session cookie", "no request parts"))?;
    let secure = secure(&parts, always_secure);
    let name = match which {
        Which::Session if secure => SECURE_NAME,
        Which::Session => PLAIN_NAME,
        Which::Who => super::who::COOKIE,
    };
    let session = which == Which::Session;
    let cookie = Cookie::build((name, value))
        .path("/")
        .http_only(session)
        .same_site(if session { SameSite::Strict } else { SameSite::Lax })
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age_s))
        .build();
    let header = http::HeaderValue::from_str(&cookie.to_string()).map_err(|e| AppError::internal("cookie", e))?;
    let response = use_context::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::internal("session cookie", "no response options"))?;
    response.append_header(SET_COOKIE, header);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A request as the router hands it on, from a trusted proxy on this machine.
    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut req = http::Request::builder().uri("/api/x");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut parts = req.body(()).unwrap().into_parts().0;
        let trusted = crate::client_address::TrustedProxies::parse("127.0.0.1").unwrap();
        let client = Client::of_request(Some([127, 0, 0, 1].into()), &parts.uri, &parts.headers, &trusted);
        parts.extensions.insert(client);
        parts
    }

    #[test]
    fn finds_only_well_formed_tokens() {
        let t = "a".repeat(64);
        assert_eq!(token_of(&parts(&[("cookie", &format!("x=1; beat_session={t}"))]), false), Some(t.clone()));
        assert_eq!(token_of(&parts(&[("cookie", &format!("__Host-beat_session={t}"))]), false), Some(t.clone()));
        assert_eq!(token_of(&parts(&[("cookie", "beat_session=' OR 1=1 --")]), false), None);
        assert_eq!(token_of(&parts(&[]), false), None);
        // Over https only the __Host- cookie is a session.
        let https = [("x-forwarded-proto", "https")];
        assert_eq!(token_of(&parts(&[https[0], ("cookie", &format!("beat_session={t}"))]), false), None);
        assert_eq!(token_of(&parts(&[("cookie", &format!("beat_session={t}"))]), true), None);
        assert_eq!(token_of(&parts(&[https[0], ("cookie", &format!("__Host-beat_session={t}"))]), false), Some(t));
    }

    #[test]
    fn other_origins_are_not_signed_in() {
        assert!(same_origin(&parts(&[("host", "beat.example")])));
        assert!(same_origin(&parts(&[("host", "beat.example"), ("origin", "https://beat.example")])));
        assert!(!same_origin(&parts(&[("host", "beat.example"), ("origin", "https://evil.example")])));
        assert!(!same_origin(&parts(&[("host", "beat.example"), ("origin", "null")])));
        let proxied =
            [("host", "127.0.0.1:3000"), ("x-forwarded-host", "beat.example"), ("origin", "https://beat.example")];
        assert!(same_origin(&parts(&proxied)));
    }

    #[test]
    fn secure_over_https_only() {
        assert!(!secure(&parts(&[]), false));
        assert!(secure(&parts(&[("x-forwarded-proto", "https")]), false));
        assert!(secure(&parts(&[]), true));
    }
}
