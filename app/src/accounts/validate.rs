//! Rules for usernames, display names and passwords, with messages for the form.

use crate::error::AppError;
use crate::text::Field;

pub const DISPLAY_NAME: Field =
    Field { name: "display_name", label: "Display name", min: 2, max: 60, multiline: false };

/// NIST SP 800-63B: length matters, composition rules do not. 12 is a passphrase's floor.
pub const PASSWORD_MIN: usize = 12;
/// argon2 hashes any length, but a megabyte "password" is a denial-of-service attempt.
pub const PASSWORD_MAX: usize = 128;

/// A username: 3 to 32 of a-z, 0-9, `.`, `_`, `-`, case-insensitive (stored lowercase).
pub fn username(value: &str) -> Result<String, AppError> {
    let name = value.trim().to_lowercase();
    let ok_chars = name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if !(3..=32).contains(&name.chars().count()) || !ok_chars {
        return Err(AppError::invalid(
            "username",
            "A username is 3 to 32 letters, digits, dots, dashes or underscores.",
        ));
    }
    Ok(name)
}

/// A new password, checked against the username it is for.
pub fn new_password(value: &str, username: &str) -> Result<String, AppError> {
    let len = value.chars().count();
    if len < PASSWORD_MIN {
        return Err(AppError::invalid(
            "password",
            format!("Use at least {PASSWORD_MIN} characters (a few words work well)."),
        ));
    }
    if len > PASSWORD_MAX {
        return Err(AppError::invalid("password", format!("Use at most {PASSWORD_MAX} characters.")));
    }
    if value.to_lowercase().contains(username) {
        return Err(AppError::invalid("password", "The password must not contain the username."));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(username("  Jo.Bloggs ").unwrap(), "jo.bloggs");
        for bad in ["", "ab", "jo bloggs", "<script>", "jo@example", &"a".repeat(33), "émile"] {
            assert!(username(bad).unwrap_err().for_field("username").is_some(), "{bad:?}");
        }
    }

    #[test]
    fn passwords() {
        assert!(new_password("correct horse battery", "jo").is_ok());
        assert!(new_password("short", "jo").unwrap_err().for_field("password").unwrap().contains("at least 12"));
        assert!(new_password(&"x".repeat(129), "jo").is_err());
        assert!(new_password("my name is jobloggs!", "jobloggs").is_err());
    }
}
