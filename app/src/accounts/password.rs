//! Password hashing with argon2id (RFC 9106) through the RustCrypto `argon2` crate.
//!
//! Hashing takes tens of milliseconds of CPU on purpose, so it runs on tokio's blocking
//! pool and never stalls the threads serving other requests.

use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// A PHC string (`$argon2id$v=19$...`) for `password`, with a fresh random salt.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AppError::internal("salt", e))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::internal("salt", e))?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal("password hash", e))
    })
    .await
    .map_err(|e| AppError::internal("password hash task", e))?
}

/// Whether `password` matches `stored`. With no stored hash (unknown user, or an
/// invitation not yet accepted) a dummy hash is checked, so the answer takes as long
/// either way and does not reveal which usernames exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.to_string());
        let parsed = PasswordHash::new(&stored).map_err(|e| AppError::internal("stored password hash", e))?;
        Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok() && known)
    })
    .await
    .map_err(|e| AppError::internal("password verify task", e))?
}

/// The argon2id hash of a random string nobody knows, with the same parameters.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0VfRCaPBH5GoHf5ycZOv/WR+cjkASYsdHiOsKvTaxbo";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery".into(), Some(a.clone())).await.unwrap());
        assert!(!verify("correct horse batterY".into(), Some(a)).await.unwrap());
        assert!(!verify("anything".into(), None).await.unwrap());
    }

    #[test]
    fn dummy_is_a_valid_hash() {
        assert!(PasswordHash::new(DUMMY).is_ok());
    }
}
