//! Tells the server the browser's time zone (a `beat_tz` cookie), so live days show
//! "your time" next to the time where a post was made. Only the zone's name is sent,
//! as every browser reports it (`Europe/London`); nothing about where the phone is.

/// Sets the cookie if it is missing or out of date (the phone travelled); returns whether
/// it changed, so a page rendered without it can read its times again.
pub fn remember() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web::remember()
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

#[cfg(feature = "hydrate")]
mod web {
    use wasm_bindgen::JsValue;

    const COOKIE: &str = "beat_tz";

    pub fn remember() -> bool {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        let Some(zone) = js_sys::Reflect::get(&options, &"timeZone".into()).ok().and_then(|z| z.as_string()) else {
            return false;
        };
        // IANA names are letters, digits, '/', '_', '-' and '+': anything else is not sent.
        if zone.is_empty() || !zone.chars().all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c)) {
            return false;
        }
        let cookies =
            js_sys::Reflect::get(&document, &"cookie".into()).ok().and_then(|c| c.as_string()).unwrap_or_default();
        let current = cookies.split(';').map(str::trim).find_map(|c| c.strip_prefix("beat_tz="));
        if current == Some(zone.as_str()) {
            return false;
        }
        let value = format!("{COOKIE}={zone}; path=/; max-age=31536000; samesite=lax");
        js_sys::Reflect::set(&document, &"cookie".into(), &JsValue::from_str(&value)).is_ok()
    }
}
