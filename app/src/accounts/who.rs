//! Who is signed in on this device, for the header: the display name in the `beat_who`
//! cookie, set beside the (HttpOnly) session cookie at sign-in and cleared at sign-out. It
//! grants nothing (every server function checks the session); it only lets each page say who
//! is signed in without asking the server. Read the same way on the server and in the
//! browser, so a page hydrates as it was rendered.

/// The cookie's name.
pub const COOKIE: &str = "beat_who";

/// `text` made safe for a cookie value: letters, digits and `-._~` as they are, every other
/// byte as `%XX`.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The display name in a cookie value, if it decodes to short, printable text.
pub fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let name = String::from_utf8(out).ok()?;
    let ok = !name.trim().is_empty() && name.chars().count() <= 80 && !name.chars().any(char::is_control);
    ok.then_some(name)
}

/// The display name of whoever is signed in on this device, as far as its cookie says.
pub fn signed_in_name() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        decode(&super::cookie::cookie_value(&parts.headers, &[COOKIE])?)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let document = web_sys::window()?.document()?;
        let cookies = js_sys::Reflect::get(&document, &"cookie".into()).ok()?.as_string()?;
        cookies.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then(|| decode(value)).flatten()
        })
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_odd_values_are_refused() {
        for name in ["PC Demo (City Centre)", "Siân Llŷr", "O'Brien; x=1", "Māori name"] {
            let value = encode(name);
            assert!(value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{value}");
            assert_eq!(decode(&value).as_deref(), Some(name));
        }
        for bad in ["", "%20%20", "%0Aevil", "%ZZ", "%E2", &"a".repeat(81)] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
