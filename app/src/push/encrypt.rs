//! RFC 8291 message encryption for Web Push, in the RFC 8188 `aes128gcm` content coding.
//!
//! The application server makes a fresh P-256 key and salt per message, agrees a secret with the
//! subscription's `p256dh` key (ECDH), mixes in the subscription's `auth` secret (HKDF-SHA-256,
//! RFC 8291 §3.3) and encrypts one record of size 4096 with `ece-native` (RFC 8188). The body is
//! `salt(16) | rs(4) | idlen(1) | as_public(65) | ciphertext | tag(16)`.

use std::fmt;

use p256::ecdh::{diffie_hellman, SharedSecret};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;

use super::{b64_decode, b64_encode, PushError};

/// The record size written in the header.
pub const RECORD_SIZE: u32 = 4096;
/// The largest body a push service has to accept (RFC 8030 §7.2).
pub const MAX_BODY: usize = 4096;
/// Length of an uncompressed P-256 point.
const KEY_LEN: usize = 65;
/// Salt, record size, key id length and the application server's key (RFC 8291 §4).
const HEADER_LEN: usize = 16 + 4 + 1 + KEY_LEN;
/// AES-GCM tag.
const TAG_LEN: usize = 16;
/// The largest payload whose body fits in [`MAX_BODY`]: 4096 − 86 − 1 (delimiter) − 16 = 3993.
pub const MAX_PAYLOAD: usize = MAX_BODY - HEADER_LEN - 1 - TAG_LEN;

/// Encrypts `payload` for a subscription's `p256dh` and `auth` values (base64url, as browsers
/// give them), with a random salt and a fresh application server key.
pub fn encrypt(payload: &[u8], p256dh_b64: &str, auth_b64: &str) -> Result<Vec<u8>, PushError> {
    let ua_public = parse_p256dh(p256dh_b64)?;
    let auth = parse_auth(auth_b64)?;
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    encrypt_with(payload, &ua_public, &auth, salt, &SecretKey::random(&mut OsRng))
}

/// [`encrypt`] with the salt and the application server's (ephemeral) private key given.
fn encrypt_with(
    payload: &[u8],
    ua_public: &PublicKey,
    auth: &[u8; 16],
    salt: [u8; 16],
    as_secret: &SecretKey,
) -> Result<Vec<u8>, PushError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(PushError::PayloadTooLarge { size: payload.len(), max: MAX_PAYLOAD });
    }
    let as_public = as_secret.public_key();
    let shared = diffie_hellman(as_secret.to_nonzero_scalar(), ua_public.as_affine());
    let ikm = combine(&shared, auth, ua_public, &as_public).ok_or(PushError::Encrypt)?;
    let keyid = as_public.to_encoded_point(false);
    ece_native::encrypt(ikm, salt, keyid.as_bytes(), std::iter::once(payload.to_vec()), RECORD_SIZE)
        .map_err(|_| PushError::Encrypt)
}

/// Decrypts a push message body as the user agent does: `ua_private` is the private half of the
/// subscription's `p256dh`, `auth` its auth secret. Only single-record messages are accepted
/// (RFC 8291 §4). The padding delimiter is checked by `ece-native`, which refuses `0x01` in the
/// last record but does not insist on `0x02`.
pub fn decrypt(body: &[u8], ua_private: &SecretKey, auth: &[u8; 16]) -> Result<Vec<u8>, PushError> {
    let header = body.get(..HEADER_LEN).ok_or(PushError::Malformed("it is shorter than the 86-byte header"))?;
    let rs = u32::from_be_bytes([header[16], header[17], header[18], header[19]]);
    if usize::from(header[20]) != KEY_LEN {
        return Err(PushError::Malformed("its key id is not a 65-byte P-256 public key"));
    }
    if rs < 18 {
        return Err(PushError::Malformed("its record size is below the minimum of 18"));
    }
    let record_len = body.len() - HEADER_LEN;
    if record_len < TAG_LEN + 1 {
        return Err(PushError::Malformed("its record is too short to hold a tag"));
    }
    if record_len > usize::try_from(rs).unwrap_or(usize::MAX) {
        return Err(PushError::Malformed("it has more than one record"));
    }
    let as_public = PublicKey::from_sec1_bytes(&header[HEADER_LEN - KEY_LEN..])
        .map_err(|_| PushError::Malformed("its key id is not a valid P-256 public key"))?;
    let shared = diffie_hellman(ua_private.to_nonzero_scalar(), as_public.as_affine());
    let ikm = combine(&shared, auth, &ua_private.public_key(), &as_public).ok_or(PushError::Decrypt)?;
    ece_native::decrypt(ikm, body.to_vec()).map_err(|_| PushError::Decrypt)
}

/// RFC 8291 §3.3: IKM = HKDF-SHA-256(salt = auth, IKM = ECDH secret,
/// info = "WebPush: info" 0x00 ua_public as_public, L = 32).
fn combine(shared: &SharedSecret, auth: &[u8; 16], ua_public: &PublicKey, as_public: &PublicKey) -> Option<[u8; 32]> {
    let mut info = Vec::with_capacity(14 + 2 * KEY_LEN);
    info.extend_from_slice(b"WebPush: info\0");
    info.extend_from_slice(ua_public.to_encoded_point(false).as_bytes());
    info.extend_from_slice(as_public.to_encoded_point(false).as_bytes());
    let mut ikm = [0u8; 32];
    shared.extract::<Sha256>(Some(auth)).expand(&info, &mut ikm).ok()?;
    Some(ikm)
}

/// Reads a subscription's `p256dh`: a 65-byte uncompressed P-256 point.
fn parse_p256dh(text: &str) -> Result<PublicKey, PushError> {
    let bytes = b64_decode(text).ok_or(PushError::NotBase64("p256dh"))?;
    if bytes.len() != KEY_LEN {
        return Err(PushError::InvalidP256dh);
    }
    PublicKey::from_sec1_bytes(&bytes).map_err(|_| PushError::InvalidP256dh)
}

/// Reads a subscription's `auth`: 16 bytes.
fn parse_auth(text: &str) -> Result<[u8; 16], PushError> {
    let bytes = b64_decode(text).ok_or(PushError::NotBase64("auth"))?;
    <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| PushError::InvalidAuth(bytes.len()))
}

/// A user agent's keys for one subscription, made as a browser makes them: a P-256 key pair and
/// a 16-byte auth secret. For tests and loopback push services.
#[derive(Clone)]
pub struct UserAgentKeys {
    secret: SecretKey,
    auth: [u8; 16],
}

impl UserAgentKeys {
    /// Fresh keys from the OS random number generator.
    pub fn generate() -> Self {
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        Self { secret: SecretKey::random(&mut OsRng), auth }
    }

    /// The subscription's `p256dh` value: the public key, uncompressed, base64url.
    pub fn p256dh_b64(&self) -> String {
        b64_encode(self.secret.public_key().to_encoded_point(false).as_bytes())
    }

    /// The subscription's `auth` value, base64url.
    pub fn auth_b64(&self) -> String {
        b64_encode(&self.auth)
    }

    /// The private key, for [`decrypt`].
    pub fn secret(&self) -> &SecretKey {
        &self.secret
    }

    /// The auth secret, for [`decrypt`].
    pub fn auth(&self) -> &[u8; 16] {
        &self.auth
    }

    /// Decrypts a body sent to this subscription.
    pub fn decrypt(&self, body: &[u8]) -> Result<Vec<u8>, PushError> {
        decrypt(body, &self.secret, &self.auth)
    }
}

impl fmt::Debug for UserAgentKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserAgentKeys").field("p256dh", &self.p256dh_b64()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8291 §5 (example) and Appendix A (intermediate values), as written in the working
    // group's source of the RFC: github.com/webpush-wg/webpush-encryption,
    // draft-ietf-webpush-encryption.md at commit ffc7521ea77ff38e4da6a64e1882f5499615cf05.
    const PLAINTEXT: &str = "When I grow up, I want to be a watermelon";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
    const UA_PUBLIC: &str = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const AS_PUBLIC: &str = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    const ECDH_SECRET: &str = "kyrL1jIIOHEzg3sM2ZWRHDRB62YACZhhSlknJ672kSs";
    const IKM: &str = "S4lYMb_L0FxCeq0WhDx813KgSYqU26kOyzWUdsXYyrg";
    const BODY: &str = concat!(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml",
        "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT",
        "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );

    fn bytes(text: &str) -> Vec<u8> {
        b64_decode(text).expect("test vector is base64url")
    }

    fn secret(text: &str) -> SecretKey {
        SecretKey::from_slice(&bytes(text)).expect("test vector is a P-256 private key")
    }

    fn rfc_auth() -> [u8; 16] {
        parse_auth(AUTH).expect("16-byte auth")
    }

    #[test]
    fn rfc8291_example_encrypts_byte_for_byte() {
        let ua_public = parse_p256dh(UA_PUBLIC).expect("ua_public");
        let salt: [u8; 16] = bytes(SALT).try_into().expect("16-byte salt");
        let body =
            encrypt_with(PLAINTEXT.as_bytes(), &ua_public, &rfc_auth(), salt, &secret(AS_PRIVATE)).expect("encrypt");
        assert_eq!(b64_encode(&body), BODY);
        // 86-byte header + 41 + 1 + 16. (The example's `Content-Length: 145` is one more than its
        // own body, 192 base64url characters = 144 bytes; the body is what we match.)
        assert_eq!(body.len(), 144);
    }

    #[test]
    fn rfc8291_example_decrypts_with_the_receiver_key() {
        let plain = decrypt(&bytes(BODY), &secret(UA_PRIVATE), &rfc_auth()).expect("decrypt");
        assert_eq!(plain, PLAINTEXT.as_bytes());
    }

    #[test]
    fn rfc8291_intermediate_values() {
        let ua = secret(UA_PRIVATE);
        let as_secret = secret(AS_PRIVATE);
        assert_eq!(b64_encode(ua.public_key().to_encoded_point(false).as_bytes()), UA_PUBLIC);
        assert_eq!(b64_encode(as_secret.public_key().to_encoded_point(false).as_bytes()), AS_PUBLIC);
        let shared = diffie_hellman(as_secret.to_nonzero_scalar(), ua.public_key().as_affine());
        assert_eq!(b64_encode(shared.raw_secret_bytes()), ECDH_SECRET);
        let ikm = combine(&shared, &rfc_auth(), &ua.public_key(), &as_secret.public_key()).expect("hkdf");
        assert_eq!(b64_encode(&ikm), IKM);
    }

    #[test]
    fn round_trip_with_random_keys() {
        let ua = UserAgentKeys::generate();
        let payload = br#"{"title":"Road closed","url":"/u/42"}"#;
        let body = encrypt(payload, &ua.p256dh_b64(), &ua.auth_b64()).expect("encrypt");
        assert_eq!(body.len(), HEADER_LEN + payload.len() + 1 + TAG_LEN);
        assert_eq!(body[16..20], RECORD_SIZE.to_be_bytes());
        assert_eq!(body[20], 65);
        assert_eq!(ua.decrypt(&body).expect("decrypt"), payload);
        let again = encrypt(payload, &ua.p256dh_b64(), &ua.auth_b64()).expect("encrypt");
        assert_ne!(body[..HEADER_LEN], again[..HEADER_LEN], "fresh salt and key each time");
        assert_eq!(ua.decrypt(&again).expect("decrypt"), payload);
        let empty = encrypt(b"", &ua.p256dh_b64(), &ua.auth_b64()).expect("encrypt");
        assert_eq!(ua.decrypt(&empty).expect("decrypt"), b"");
    }

    #[test]
    fn tampered_body_is_refused() {
        let ua = UserAgentKeys::generate();
        let body = encrypt(b"hello", &ua.p256dh_b64(), &ua.auth_b64()).expect("encrypt");
        for at in [0, 15, HEADER_LEN, body.len() - 1] {
            let mut bad = body.clone();
            bad[at] ^= 0x01;
            assert_eq!(ua.decrypt(&bad), Err(PushError::Decrypt), "byte {at} flipped");
        }
        let mut rfc = bytes(BODY);
        rfc[100] ^= 0x80;
        assert_eq!(decrypt(&rfc, &secret(UA_PRIVATE), &rfc_auth()), Err(PushError::Decrypt));
    }

    #[test]
    fn wrong_auth_or_key_is_refused() {
        let ua = UserAgentKeys::generate();
        let body = encrypt(b"hello", &ua.p256dh_b64(), &ua.auth_b64()).expect("encrypt");
        let other = UserAgentKeys::generate();
        assert_eq!(decrypt(&body, ua.secret(), other.auth()), Err(PushError::Decrypt));
        assert_eq!(decrypt(&body, other.secret(), ua.auth()), Err(PushError::Decrypt));
    }

    #[test]
    fn payload_limit_keeps_the_body_within_4096_bytes() {
        let ua = UserAgentKeys::generate();
        assert_eq!(MAX_PAYLOAD, 3993, "RFC 8291 §4");
        let body = encrypt(&[7; MAX_PAYLOAD], &ua.p256dh_b64(), &ua.auth_b64()).expect("largest payload");
        assert_eq!(body.len(), MAX_BODY);
        assert_eq!(ua.decrypt(&body).expect("decrypt"), [7; MAX_PAYLOAD]);
        let err = encrypt(&[7; MAX_PAYLOAD + 1], &ua.p256dh_b64(), &ua.auth_b64()).unwrap_err();
        assert_eq!(err, PushError::PayloadTooLarge { size: 3994, max: 3993 });
        assert_eq!(
            err.to_string(),
            "The payload is 3994 bytes but a push message can carry at most 3993; \
             send less (for example an id to fetch)."
        );
    }

    #[test]
    fn bad_subscription_keys_are_refused_with_a_message() {
        let ua = UserAgentKeys::generate();
        let (p256dh, auth) = (ua.p256dh_b64(), ua.auth_b64());
        let compressed = b64_encode(ua.secret().public_key().to_encoded_point(true).as_bytes());
        let mut off_curve = [0u8; 65];
        off_curve[0] = 4;
        let cases = [
            ("not base64!", auth.as_str(), "The subscription's p256dh value is not valid base64url."),
            (p256dh.as_str(), "a*b", "The subscription's auth value is not valid base64url."),
            (
                &p256dh[..80],
                auth.as_str(),
                "The subscription's p256dh key is not a valid P-256 public key (65-byte uncompressed point expected).",
            ),
            (
                &compressed,
                auth.as_str(),
                "The subscription's p256dh key is not a valid P-256 public key (65-byte uncompressed point expected).",
            ),
            (
                &b64_encode(&off_curve),
                auth.as_str(),
                "The subscription's p256dh key is not a valid P-256 public key (65-byte uncompressed point expected).",
            ),
            (p256dh.as_str(), &auth[..20], "The subscription's auth secret must be 16 bytes long, but it is 15 bytes."),
            (p256dh.as_str(), "", "The subscription's auth secret must be 16 bytes long, but it is 0 bytes."),
        ];
        for (p256dh, auth, message) in cases {
            let err = encrypt(b"x", p256dh, auth).unwrap_err();
            assert_eq!(err.to_string(), message, "p256dh {p256dh:?}, auth {auth:?}");
        }
    }

    #[test]
    fn padded_and_standard_base64_are_accepted() {
        let ua = UserAgentKeys::generate();
        let auth_std = format!("{}==", ua.auth_b64().replace('-', "+").replace('_', "/"));
        let body = encrypt(b"ok", &ua.p256dh_b64(), &auth_std).expect("padded standard base64");
        assert_eq!(ua.decrypt(&body).expect("decrypt"), b"ok");
    }

    #[test]
    fn malformed_bodies_are_refused() {
        let ua = UserAgentKeys::generate();
        let body = encrypt(b"hello", &ua.p256dh_b64(), &ua.auth_b64()).expect("encrypt");
        let malformed = |b: &[u8]| match ua.decrypt(b) {
            Err(PushError::Malformed(why)) => why,
            other => panic!("expected Malformed, got {other:?}"),
        };
        assert_eq!(malformed(&body[..50]), "it is shorter than the 86-byte header");
        let mut bad = body.clone();
        bad[20] = 33;
        assert_eq!(malformed(&bad), "its key id is not a 65-byte P-256 public key");
        let mut bad = body.clone();
        bad[16..20].copy_from_slice(&0u32.to_be_bytes());
        assert_eq!(malformed(&bad), "its record size is below the minimum of 18");
        let mut bad = body.clone();
        bad[16..20].copy_from_slice(&20u32.to_be_bytes());
        assert_eq!(malformed(&bad), "it has more than one record");
        assert_eq!(malformed(&body[..HEADER_LEN + 10]), "its record is too short to hold a tag");
        let mut bad = body.clone();
        bad[HEADER_LEN - 1] ^= 0x01;
        assert_eq!(malformed(&bad), "its key id is not a valid P-256 public key");
    }
}
