//! Who is asking, as far as the rate limit needs to know: a random device id kept in a cookie,
//! and the network the request came from. Neither is stored as it is (see `qa_store::asks`).

use crate::accounts::token;
use crate::error::AppError;
use cookie::{Cookie, SameSite};
use http::header::{RETRY_AFTER, SET_COOKIE};
use http::request::Parts;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

const DEVICE_COOKIE: &str = "beat_device";
const YEAR_S: i64 = 365 * 24 * 60 * 60;

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| AppError::internal("Q&A client", "no request parts"))
}

fn response() -> Result<ResponseOptions, AppError> {
    use_context::<ResponseOptions>().ok_or_else(|| AppError::internal("Q&A client", "no response options"))
}

/// The device id in the request's `beat_device` cookie, if it is one of ours.
fn device_of(parts: &Parts) -> Option<String> {
    crate::accounts::cookie::cookie_value(&parts.headers, &[DEVICE_COOKIE]).filter(|id| token::well_formed(id))
}

/// This device's id: the one in its cookie, or a new random one, set as a cookie for a year
/// (HttpOnly, SameSite=Lax; Secure over https or when the server is told to).
pub fn device_id(always_secure: bool) -> Result<String, AppError> {
    let parts = parts()?;
    if let Some(id) = device_of(&parts) {
        return Ok(id);
    }
    let (id, _) = token::new_token()?;
    let secure = crate::accounts::session::secure(&parts, always_secure);
    let cookie = Cookie::build((DEVICE_COOKIE, id.clone()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(YEAR_S))
        .build();
    let header = http::HeaderValue::from_str(&cookie.to_string()).map_err(|e| AppError::internal("cookie", e))?;
    response()?.append_header(SET_COOKIE, header);
    Ok(id)
}

/// Tells the client how many seconds to wait (`Retry-After`).
pub fn retry_after(secs: i64) {
    if let (Ok(response), Ok(value)) = (response(), http::HeaderValue::from_str(&secs.max(1).to_string())) {
        response.insert_header(RETRY_AFTER, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(cookie: &str) -> Parts {
        http::Request::builder().header("cookie", cookie).body(()).unwrap().into_parts().0
    }

    #[test]
    fn only_well_formed_device_ids_are_taken() {
        let id = "b".repeat(64);
        assert_eq!(device_of(&parts(&format!("beat_session=x; beat_device={id}"))), Some(id));
        assert_eq!(device_of(&parts("beat_device=not-ours")), None);
        assert_eq!(device_of(&parts("other=1")), None);
    }
}
