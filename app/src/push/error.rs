//! What can go wrong building or reading a push message, in sentences a person can act on.
//!
//! Messages never quote the endpoint or the keys: an endpoint is a capability URL.

use thiserror::Error;

/// Why a push message could not be built, encrypted or decrypted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PushError {
    /// A subscription value (`p256dh` or `auth`) is not base64url.
    #[error("The subscription's {0} value is not valid base64url.")]
    NotBase64(&'static str),
    /// The `p256dh` value is not a 65-byte uncompressed point on P-256.
    #[error("The subscription's p256dh key is not a valid P-256 public key (65-byte uncompressed point expected).")]
    InvalidP256dh,
    /// The `auth` value does not have 16 bytes.
    #[error("The subscription's auth secret must be 16 bytes long, but it is {0} bytes.")]
    InvalidAuth(usize),
    /// The payload does not fit in one 4096-byte push message.
    #[error(
        "The payload is {size} bytes but a push message can carry at most {max}; \
         send less (for example an id to fetch)."
    )]
    PayloadTooLarge {
        /// Payload length in bytes.
        size: usize,
        /// The largest payload that fits.
        max: usize,
    },
    /// The content coding refused its input (not expected with the checks done before it).
    #[error("The push message could not be encrypted.")]
    Encrypt,
    /// A received body is not a well-formed single-record `aes128gcm` push message.
    #[error("The push message is malformed: {0}.")]
    Malformed(&'static str),
    /// Authentication of a received body failed.
    #[error(
        "The push message could not be decrypted: it was altered, \
         or it was not encrypted for this key and auth secret."
    )]
    Decrypt,
    /// A stored VAPID private key could not be read.
    #[error("The VAPID private key is not valid: expected a base64url-encoded 32-byte P-256 private key.")]
    InvalidVapidKey,
    /// The VAPID signature could not be made.
    #[error("The VAPID token could not be signed.")]
    Sign,
    /// The VAPID `sub` claim is neither a `mailto:` address nor an `https:` URL.
    #[error(
        "The VAPID subject must be a mailto: address or an https: URL \
         (for example mailto:ops@example.org), but it is {0:?}."
    )]
    InvalidSubject(String),
    /// The subscription's endpoint is not an absolute http(s) URL with a host.
    #[error("The subscription's endpoint is not a valid https:// (or http://) URL.")]
    InvalidEndpoint,
    /// The `Topic` does not follow RFC 8030.
    #[error("The push topic must be 1 to 32 characters from A-Z, a-z, 0-9, '-' and '_', but it is {0:?}.")]
    InvalidTopic(String),
}
