//! RFC 8292 VAPID: the application server's P-256 key and the `vapid` Authorization header.
//!
//! The header is `vapid t=<JWT>, k=<public key>`, where the JWT is signed with ES256 and claims
//! `aud` (the endpoint's origin), `exp` (12 hours ahead; RFC 8292 allows at most 24) and `sub`
//! (a `mailto:` or `https:` contact).

use std::fmt;

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use rand_core::OsRng;
use url::Url;

use super::{b64_decode, b64_encode, PushError};

/// How long a VAPID token is valid.
pub const TOKEN_LIFETIME_SECS: u64 = 12 * 60 * 60;

/// The JOSE header of every VAPID token.
const JWT_HEADER: &str = r#"{"typ":"JWT","alg":"ES256"}"#;

/// The application server's VAPID key pair.
#[derive(Clone)]
pub struct VapidKeys {
    signing: SigningKey,
}

impl VapidKeys {
    /// A new key pair from the OS random number generator.
    pub fn generate() -> Self {
        Self { signing: SigningKey::random(&mut OsRng) }
    }

    /// Reads a private key stored with [`VapidKeys::private_key_b64`]: the 32-byte P-256 scalar
    /// in base64url (the format `web-push generate-vapid-keys` prints, too).
    pub fn from_private_key_b64(text: &str) -> Result<Self, PushError> {
        let bytes = b64_decode(text).ok_or(PushError::InvalidVapidKey)?;
        if bytes.len() != 32 {
            return Err(PushError::InvalidVapidKey);
        }
        let signing = SigningKey::from_slice(&bytes).map_err(|_| PushError::InvalidVapidKey)?;
        Ok(Self { signing })
    }

    /// The private key as base64url, for storing. Keep it secret.
    pub fn private_key_b64(&self) -> String {
        b64_encode(&self.signing.to_bytes())
    }

    /// The public key as an uncompressed point in base64url: the browser's
    /// `applicationServerKey` and the header's `k=`.
    pub fn public_key_b64(&self) -> String {
        b64_encode(self.signing.verifying_key().to_encoded_point(false).as_bytes())
    }

    /// The `Authorization` header value for a push to `endpoint`, made at `now_unix` (seconds).
    /// `subject` is the contact for the push service: `mailto:…` or `https://…`.
    pub fn authorization(&self, endpoint: &str, subject: &str, now_unix: u64) -> Result<String, PushError> {
        let aud = audience(endpoint)?;
        check_subject(subject)?;
        let claims = serde_json::json!({
            "aud": aud,
            "exp": now_unix.saturating_add(TOKEN_LIFETIME_SECS),
            "sub": subject,
        });
        let input = format!("{}.{}", b64_encode(JWT_HEADER.as_bytes()), b64_encode(claims.to_string().as_bytes()));
        let signature: Signature = self.signing.try_sign(input.as_bytes()).map_err(|_| PushError::Sign)?;
        Ok(format!("vapid t={input}.{}, k={}", b64_encode(&signature.to_bytes()), self.public_key_b64()))
    }
}

impl fmt::Debug for VapidKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VapidKeys").field("public", &self.public_key_b64()).finish_non_exhaustive()
    }
}

/// The origin (`scheme://host[:port]`, default port left out) of an http(s) endpoint: the
/// token's `aud`. Refuses anything that is not an absolute http(s) URL with a host.
pub(super) fn audience(endpoint: &str) -> Result<String, PushError> {
    let url = Url::parse(endpoint).map_err(|_| PushError::InvalidEndpoint)?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(PushError::InvalidEndpoint);
    }
    Ok(url.origin().ascii_serialization())
}

/// Accepts `mailto:local@domain` or an `https:` URL with a host, with no whitespace.
fn check_subject(subject: &str) -> Result<(), PushError> {
    let bad = || PushError::InvalidSubject(subject.to_owned());
    if subject.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    if let Some(address) = subject.strip_prefix("mailto:") {
        return match address.split_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !domain.contains('@') => Ok(()),
            _ => Err(bad()),
        };
    }
    match Url::parse(subject) {
        Ok(url) if url.scheme() == "https" && url.host().is_some() => Ok(()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;
    use serde_json::{json, Value};

    const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    /// Splits `vapid t=<jwt>, k=<key>` and checks the JWT's signature against `k`.
    fn verified_parts(header: &str) -> (Value, Value, String) {
        let rest = header.strip_prefix("vapid t=").expect("vapid scheme");
        let (jwt, k) = rest.split_once(", k=").expect("k parameter");
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3, "header.claims.signature");
        let key = VerifyingKey::from_sec1_bytes(&b64_decode(k).expect("k is base64url")).expect("k is a P-256 key");
        let signature = Signature::from_slice(&b64_decode(parts[2]).expect("base64url")).expect("64-byte r||s");
        let signed = format!("{}.{}", parts[0], parts[1]);
        key.verify(signed.as_bytes(), &signature).expect("ES256 signature verifies");
        let decode = |part: &str| serde_json::from_slice(&b64_decode(part).expect("base64url")).expect("JSON");
        (decode(parts[0]), decode(parts[1]), k.to_owned())
    }

    #[test]
    fn authorization_is_a_signed_es256_jwt_with_the_right_claims() {
        let keys = VapidKeys::generate();
        let header = keys
            .authorization(
                "https://push.example.net:8443/push/JzLQ3raZJfFBR0aqvOMsLrt54w4rJUsV?x=1",
                "mailto:ops@example.org",
                NOW,
            )
            .expect("header");
        let (jose, claims, k) = verified_parts(&header);
        assert_eq!(jose, json!({"typ": "JWT", "alg": "ES256"}));
        assert_eq!(
            claims,
            json!({"aud": "https://push.example.net:8443", "exp": NOW + 43_200, "sub": "mailto:ops@example.org"})
        );
        assert_eq!(k, keys.public_key_b64());
    }

    #[test]
    fn audience_is_the_origin_without_default_port_or_path() {
        let keys = VapidKeys::generate();
        for (endpoint, aud) in [
            ("https://fcm.googleapis.com/fcm/send/abc:def", "https://fcm.googleapis.com"),
            (
                "https://updates.push.services.mozilla.com:443/wpush/v2/gAAA",
                "https://updates.push.services.mozilla.com",
            ),
            ("http://127.0.0.1:8089/push/1", "http://127.0.0.1:8089"),
            ("https://WEB.push.apple.com/QO", "https://web.push.apple.com"),
        ] {
            let (_, claims, _) =
                verified_parts(&keys.authorization(endpoint, "https://beat.example", NOW).expect("header"));
            assert_eq!(claims["aud"], aud, "{endpoint}");
        }
    }

    #[test]
    fn a_changed_token_does_not_verify() {
        let keys = VapidKeys::generate();
        let header = keys.authorization("https://push.example.net/x", "mailto:a@b.c", NOW).expect("header");
        let later = keys.authorization("https://push.example.net/x", "mailto:a@b.c", NOW + 1).expect("header");
        let (jwt, k) = header["vapid t=".len()..].split_once(", k=").expect("k");
        let later_claims = later["vapid t=".len()..].split('.').nth(1).expect("claims");
        let parts: Vec<&str> = jwt.split('.').collect();
        let forged = format!("{}.{}", parts[0], later_claims);
        let key = VerifyingKey::from_sec1_bytes(&b64_decode(k).expect("k")).expect("key");
        let signature = Signature::from_slice(&b64_decode(parts[2]).expect("sig")).expect("sig");
        assert!(key.verify(forged.as_bytes(), &signature).is_err());
    }

    #[test]
    fn private_key_export_import_round_trips() {
        let keys = VapidKeys::generate();
        let stored = keys.private_key_b64();
        assert_eq!(stored.len(), 43, "32 bytes, base64url without padding");
        let back = VapidKeys::from_private_key_b64(&stored).expect("import");
        assert_eq!(back.public_key_b64(), keys.public_key_b64());
        assert_eq!(back.private_key_b64(), stored);
        assert_eq!(b64_decode(&keys.public_key_b64()).expect("b64").len(), 65);
        assert_ne!(VapidKeys::generate().public_key_b64(), keys.public_key_b64());
    }

    #[test]
    fn public_key_matches_a_known_p256_pair() {
        // RFC 8291 §5's application server key pair (any fixed P-256 pair would do).
        let keys = VapidKeys::from_private_key_b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw").expect("import");
        assert_eq!(
            keys.public_key_b64(),
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
        );
    }

    #[test]
    fn bad_private_keys_are_refused() {
        let zero = b64_encode(&[0u8; 32]);
        // n, the order of P-256's group: one past the largest valid scalar.
        let order = b64_encode(&[
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6,
            0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
        ]);
        for text in ["", "not base64!", &b64_encode(&[1u8; 31]), &b64_encode(&[1u8; 33]), &zero, &order] {
            let err = VapidKeys::from_private_key_b64(text).unwrap_err();
            assert_eq!(err, PushError::InvalidVapidKey, "{text:?}");
        }
        assert_eq!(
            PushError::InvalidVapidKey.to_string(),
            "The VAPID private key is not valid: expected a base64url-encoded 32-byte P-256 private key."
        );
    }

    #[test]
    fn subjects_must_be_mailto_or_https() {
        let keys = VapidKeys::generate();
        for good in ["mailto:ops@example.org", "https://beat.example/contact"] {
            assert!(keys.authorization("https://p.example/1", good, NOW).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ops@example.org",
            "mailto:",
            "mailto:ops",
            "mailto:@example.org",
            "mailto:ops@",
            "mailto: ops@example.org",
            "http://beat.example",
            "https://",
            "ftp://beat.example",
        ] {
            let err = keys.authorization("https://p.example/1", bad, NOW).unwrap_err();
            assert_eq!(err, PushError::InvalidSubject(bad.to_owned()));
        }
        assert_eq!(
            PushError::InvalidSubject("ops@example.org".into()).to_string(),
            "The VAPID subject must be a mailto: address or an https: URL \
             (for example mailto:ops@example.org), but it is \"ops@example.org\"."
        );
    }

    #[test]
    fn endpoints_must_be_http_urls() {
        let keys = VapidKeys::generate();
        for bad in
            ["", "push.example.net/x", "ftp://push.example.net/x", "mailto:a@b.c", "https://", "data:text/plain,x"]
        {
            assert_eq!(keys.authorization(bad, "mailto:a@b.c", NOW), Err(PushError::InvalidEndpoint), "{bad:?}");
        }
    }
}
