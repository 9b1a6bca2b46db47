//! Partner staff and what each role may do.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Reads customers and records.
    Viewer,
    /// Also freezes, unfreezes, restricts purchases and sets budgets.
    Operator,
    /// Everything, including settings and staff.
    Admin,
}

impl Role {
    pub const ALL: [Self; 3] = [Self::Admin, Self::Operator, Self::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Operator => "operator",
            Self::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub fn label(self) -> Message {
        match self {
            Self::Viewer => msg!("role-viewer"),
            Self::Operator => msg!("role-operator"),
            Self::Admin => msg!("role-admin"),
        }
    }

    /// Roles are ordered by power: a role may do everything the roles below it may.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// The signed-in staff member, as pages and services see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Signed in with a one-time password an admin set: nothing but choosing a new one is
    /// allowed until then.
    pub must_change_password: bool,
}

/// A staff account as the Staff page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub member: StaffMember,
    /// A disabled account cannot sign in, and its open sessions stop working.
    pub enabled: bool,
}

/// A reset member's e-mail address and the one-time password the admin hands over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    pub email: String,
    pub password: String,
}

/// A demo-mode account, shown on the sign-in page so visitors can try each role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub password: String,
    pub role: Role,
}

/// Shortest password accepted for a new account, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted: hashing is costly, so unbounded input is refused.
pub const MAX_PASSWORD_CHARS: usize = 256;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_NAME_CHARS: usize = 100;

/// Checks an e-mail address as typed and returns it in the form it is stored and compared
/// in: trimmed and lower-cased.
pub fn normalize_email(email: &str) -> Result<String, Message> {
    let email = email.trim().to_lowercase();
    let well_formed = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    });
    if email.chars().count() > MAX_EMAIL_CHARS
        || !well_formed
        || email.matches('@').count() != 1
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(msg!("staff-email-malformed"));
    }
    Ok(email)
}

/// Checks a display name and returns it trimmed: no control or invisible format characters.
pub fn validate_display_name(name: &str) -> Result<String, Message> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(msg!("staff-name-empty")),
        n if n > MAX_NAME_CHARS => Err(msg!(
            "staff-name-too-long",
            length = n,
            max = MAX_NAME_CHARS
        )),
        _ if name.chars().any(char::is_control) => {
            Err(msg!("input-control-characters", what = msg!("field-name")))
        }
        _ => crate::input::check_visible(msg!("field-name"), name).map(|()| name.to_owned()),
    }
}

/// Checks a new password's strength: length is what matters (NIST SP 800-63B), not
/// character classes.
pub fn validate_new_password(password: &str) -> Result<(), Message> {
    match password.chars().count() {
        n if n < MIN_PASSWORD_CHARS => {
            Err(msg!("staff-password-too-short", min = MIN_PASSWORD_CHARS))
        }
        n if n > MAX_PASSWORD_CHARS => {
            Err(msg!("staff-password-too-long", max = MAX_PASSWORD_CHARS))
        }
        _ if password.trim().is_empty() => Err(msg!("staff-password-only-spaces")),
        // Typed blind, such a character could not be typed again at sign-in.
        _ => crate::input::check_visible(msg!("field-password"), password),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_is_below_them() {
        assert!(Role::Admin.allows(Role::Operator));
        assert!(Role::Operator.allows(Role::Operator));
        assert!(!Role::Viewer.allows(Role::Operator));
        assert!(!Role::Operator.allows(Role::Admin));
    }

    #[test]
    fn emails_are_normalized_and_malformed_ones_refused() {
        assert_eq!(
            normalize_email(" Ops@Example.COM ").unwrap(),
            "ops@example.com"
        );
        for bad in [
            "",
            "ops",
            "ops@",
            "@example.com",
            "ops@example",
            "a b@example.com",
            "a@b@example.com",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_shorter_than_twelve_characters_are_refused() {
        assert!(validate_new_password("elevenchars")
            .unwrap_err()
            .to_string()
            .contains("at least 12"));
        assert!(validate_new_password("twelve chars").is_ok());
        assert!(validate_new_password(&" ".repeat(12)).is_err());
        assert!(validate_new_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
        assert!(validate_new_password("twelve\u{200B}chars").is_err());
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(validate_display_name("  Ana Li ").unwrap(), "Ana Li");
        assert!(validate_display_name("   ").is_err());
        assert!(validate_display_name(&"n".repeat(101)).is_err());
        for invisible in [
            "Ana\u{202E}iL",
            "Ana\u{2066}Li",
            "\u{FEFF}Ana",
            "An\u{200D}a",
        ] {
            assert!(
                validate_display_name(invisible)
                    .unwrap_err()
                    .to_string()
                    .contains("invisible"),
                "{invisible:?}"
            );
        }
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
