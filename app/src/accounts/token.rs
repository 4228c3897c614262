//! Random secrets for session cookies and invitation links.
//!
//! The secret goes to the person; the database keeps only its SHA-256, so a leaked
//! database copy cannot be used to sign in or accept an invitation.

use crate::error::AppError;
use sha2::{Digest, Sha256};

/// A new 256-bit secret as 64 hex digits, and its hash for storage.
pub fn new_token() -> Result<(String, String), AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal("random token", e))?;
    let token = hex(&bytes);
    let hash = hash(&token);
    Ok((token, hash))
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `token` looks like one of ours (64 hex digits); anything else is refused before
/// touching the database.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_ne!(a, b);
        assert!(well_formed(&a));
        assert_eq!(ha, hash(&a));
        assert_ne!(ha, a);
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(!well_formed("../etc/passwd"));
    }
}
