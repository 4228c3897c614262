//! Secrets Beat keeps in its database, sealed with a key that is not there: today the VAPID
//! private key, which would let anyone holding a copy of the database (a backup, a replica,
//! a dump) send real-looking alerts to every subscribed phone.
//!
//! AES-256-GCM (RustCrypto's `aes-gcm`) with a random nonce per seal and the secret's name as
//! associated data, so a sealed value cannot be moved to stand in for another. The key comes
//! from `--secret-key-file` or `BEAT_SECRET_KEY` (64 hex digits); `make run` makes one.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;

const PREFIX: &str = "sealed:v1:";

/// The sealing key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct SealingKey([u8; 32]);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(…)")
    }
}

impl SealingKey {
    /// From 64 hex digits (surrounding whitespace ignored, as in a key file).
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("a secret key is 64 hex digits (make one with: openssl rand -hex 32)".into());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
        }
        Ok(SealingKey(key))
    }

    /// A random key (tests; `make run` writes its own with the same shape).
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the system's random source");
        SealingKey(key)
    }

    /// `secret` sealed under the name `what`.
    pub fn seal(&self, what: &str, secret: &[u8]) -> Result<String, String> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
        let cipher = Aes256Gcm::new_from_slice(&self.0).map_err(|e| e.to_string())?;
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: secret, aad: what.as_bytes() })
            .map_err(|e| e.to_string())?;
        Ok(format!("{PREFIX}{}", STANDARD_NO_PAD.encode([nonce.as_slice(), &sealed].concat())))
    }

    /// The secret in `sealed`, if this key sealed it under the name `what`.
    pub fn open(&self, what: &str, sealed: &str) -> Result<Vec<u8>, String> {
        let body = sealed.strip_prefix(PREFIX).ok_or("not a sealed value")?;
        let bytes = STANDARD_NO_PAD.decode(body).map_err(|e| e.to_string())?;
        if bytes.len() < 12 + 16 {
            return Err("a sealed value too short to be one".into());
        }
        let (nonce, sealed) = bytes.split_at(12);
        let cipher = Aes256Gcm::new_from_slice(&self.0).map_err(|e| e.to_string())?;
        cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: what.as_bytes() }).map_err(|_| {
            "it was sealed with another key (is this server's secret key the one the database was set up with?)"
                .to_string()
        })
    }
}

/// Whether a stored value is sealed (values stored before sealing existed are not).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_name() {
        let key = SealingKey::generate();
        let sealed = key.seal("vapid", b"the private key").unwrap();
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("the private key"));
        assert_eq!(key.open("vapid", &sealed).unwrap(), b"the private key");
        assert_ne!(sealed, key.seal("vapid", b"the private key").unwrap(), "a fresh nonce each time");
        assert!(SealingKey::generate().open("vapid", &sealed).is_err(), "another key");
        assert!(key.open("other", &sealed).is_err(), "another name");
        assert!(key.open("vapid", "sealed:v1:AAAA").is_err());
        assert!(SealingKey::from_hex(&"ab".repeat(32)).is_ok());
        for bad in ["", "xyz", &"ab".repeat(31), &"zz".repeat(32)] {
            assert!(SealingKey::from_hex(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{key:?}"), "SealingKey(…)");
    }
}
