//! Reading a cookie from a request's headers, for every cookie Beat sets (the session, who
//! is signed in, the viewer's zone, the device key).

use cookie::Cookie;
use http::header::COOKIE;

/// The value of the first cookie named one of `names` in a request's headers.
pub fn cookie_value(headers: &http::HeaderMap, names: &[&str]) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| names.contains(&c.name()))
        .map(|c| c.value().to_string())
}
