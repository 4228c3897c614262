//! Push alerts for an area: a resident's device subscribes per area, with a minimum
//! severity and quiet hours; publishing a matching update sends a short notification.
//!
//! Pure: [`policy`] (who is told about what, and when). Standards, server only:
//! - [`encrypt`]: RFC 8291 message encryption in the RFC 8188 `aes128gcm` content coding
//!   (one record, record size 4096), and the user agent's side ([`encrypt::decrypt`]) for tests.
//! - [`vapid`]: RFC 8292 VAPID keys and the `Authorization: vapid t=…, k=…` header (ES256 JWT).
//! - [`message`]: the RFC 8030 request (TTL, Urgency, Topic headers and the encrypted body) and
//!   what a push service's status code means for the subscription.
//!
//! Edges: [`store`] (subscriptions, the outbox, the key), [`sender`] (the one worker that
//! sends), [`api`] (server functions), [`subscription`] (the browser's subscription).
//! Component: [`alerts_card`].

pub mod alerts_card;
pub mod api;
pub mod policy;
pub mod subscription;

#[cfg(feature = "ssr")]
pub mod encrypt;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod message;
#[cfg(feature = "ssr")]
pub mod sealing;
#[cfg(feature = "ssr")]
pub mod sender;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod vapid;

#[cfg(feature = "ssr")]
pub use encrypt::UserAgentKeys;
#[cfg(feature = "ssr")]
pub use error::PushError;
#[cfg(feature = "ssr")]
pub use message::{outcome, PushRequest, SendOutcome, Subscription, Urgency};
#[cfg(feature = "ssr")]
pub use vapid::VapidKeys;

#[cfg(feature = "ssr")]
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
#[cfg(feature = "ssr")]
use base64::engine::DecodePaddingMode;
#[cfg(feature = "ssr")]
use base64::{alphabet, Engine as _};

/// Base64url with or without `=` padding, as subscriptions arrive in the wild.
#[cfg(feature = "ssr")]
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Base64url without padding, the form Web Push uses for keys and JWT parts.
#[cfg(feature = "ssr")]
fn b64_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url (padding optional; the standard alphabet's `+` and `/` are accepted too).
#[cfg(feature = "ssr")]
fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    LENIENT.decode(text).ok()
}
