//! Security events as admins read them: what changed who may do what (the verification-code
//! setting, staff accounts, roles, passwords), sign-in lockouts, who looked at a customer's
//! unmasked contact and who exported the list with full values, with the page's filters,
//! which live in its URL like the Operation Records'.

use i18n::{msg, Message};
use serde::{Deserialize, Serialize};

use crate::input::{check_date, check_filter, date_from_url, filter_from_url};
use crate::paging::PageRequest;
use crate::url::{set_params, UrlQuery};

/// What happened. The slugs are stored, so a variant's slug never changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SecurityEventKind {
    CodeSettingOn,
    CodeSettingOff,
    StaffCreated,
    StaffDisabled,
    StaffEnabled,
    /// The details say from which role to which.
    RoleChanged,
    /// A member changed their own password.
    PasswordChanged,
    /// An admin set a one-time password for a member.
    PasswordReset,
    /// Sign-in paused for an account or a client address after too many failures.
    SignInLockedOut,
    /// A staff member looked at a customer's unmasked e-mail and phone; the details say whose.
    ContactRevealed,
    /// An admin exported the customer list with names, e-mails and phones unmasked; the
    /// details say how many customers and in which format.
    CustomersExported,
}

impl SecurityEventKind {
    pub const ALL: [Self; 11] = [
        Self::CodeSettingOn,
        Self::CodeSettingOff,
        Self::StaffCreated,
        Self::StaffDisabled,
        Self::StaffEnabled,
        Self::RoleChanged,
        Self::PasswordChanged,
        Self::PasswordReset,
        Self::SignInLockedOut,
        Self::ContactRevealed,
        Self::CustomersExported,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::CodeSettingOn => "verification-code-on",
            Self::CodeSettingOff => "verification-code-off",
            Self::StaffCreated => "staff-created",
            Self::StaffDisabled => "staff-disabled",
            Self::StaffEnabled => "staff-enabled",
            Self::RoleChanged => "role-changed",
            Self::PasswordChanged => "password-changed",
            Self::PasswordReset => "password-reset",
            Self::SignInLockedOut => "sign-in-locked-out",
            Self::ContactRevealed => "contact-revealed",
            Self::CustomersExported => "customers-exported",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }

    pub fn label(self) -> Message {
        match self {
            Self::CodeSettingOn => msg!("security-event-code-on"),
            Self::CodeSettingOff => msg!("security-event-code-off"),
            Self::StaffCreated => msg!("security-event-staff-created"),
            Self::StaffDisabled => msg!("security-event-staff-disabled"),
            Self::StaffEnabled => msg!("security-event-staff-enabled"),
            Self::RoleChanged => msg!("security-event-role-changed"),
            Self::PasswordChanged => msg!("security-event-password-changed"),
            Self::PasswordReset => msg!("security-event-password-reset"),
            Self::SignInLockedOut => msg!("security-event-sign-in-locked-out"),
            Self::ContactRevealed => msg!("security-event-contact-revealed"),
            Self::CustomersExported => msg!("security-event-customers-exported"),
        }
    }

    /// The event of turning the verification code on or off.
    pub fn code_setting(enabled: bool) -> Self {
        if enabled {
            Self::CodeSettingOn
        } else {
            Self::CodeSettingOff
        }
    }

    /// The event of enabling or disabling an account.
    pub fn account_enabled(enabled: bool) -> Self {
        if enabled {
            Self::StaffEnabled
        } else {
            Self::StaffDisabled
        }
    }
}

/// Which events the Security Events page lists and exports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityEventQuery {
    pub kind: Option<SecurityEventKind>,
    /// Part of the e-mail of who made the change, ignoring case.
    pub actor: String,
    /// Part of the e-mail of the member the event is about, ignoring case.
    pub subject: String,
    /// Inclusive dates in UTC, `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: PageRequest,
}

impl SecurityEventQuery {
    /// Refuses filter text and dates that [`UrlQuery::from_params`] would have cut or
    /// dropped.
    pub fn check(&self) -> Result<(), Message> {
        check_filter(msg!("field-actor-filter"), &self.actor)?;
        check_filter(msg!("field-subject-filter"), &self.subject)?;
        check_date(msg!("field-start-date"), self.from.as_deref())?;
        check_date(msg!("field-end-date"), self.to.as_deref())
    }
}

impl UrlQuery for SecurityEventQuery {
    fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let text = |name: &str| get(name).map(filter_from_url).unwrap_or_default();
        Self {
            kind: get("kind").and_then(SecurityEventKind::from_key),
            actor: text("actor"),
            subject: text("subject"),
            from: date_from_url(get("from")),
            to: date_from_url(get("to")),
            page: PageRequest::from_params(get("page"), get("page_size")),
        }
    }

    fn filter_params(&self) -> Vec<(&'static str, String)> {
        set_params([
            (
                "kind",
                self.kind.map(SecurityEventKind::key).unwrap_or_default(),
            ),
            ("actor", self.actor.as_str()),
            ("subject", self.subject.as_str()),
            ("from", self.from.as_deref().unwrap_or_default()),
            ("to", self.to.as_deref().unwrap_or_default()),
        ])
    }

    fn page(&self) -> PageRequest {
        self.page
    }

    fn with_page(&self, page: PageRequest) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }
}

/// One security event as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEvent {
    pub id: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub kind: SecurityEventKind,
    /// Who made the change, as they were; `None` for an anonymous request or the command line.
    pub actor_email: Option<String>,
    /// The member the event is about.
    pub subject_email: Option<String>,
    pub details: String,
    /// The client's IP address; `None` off HTTP.
    pub client: Option<String>,
}

/// One page of events with the total the filters match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityEventPage {
    pub rows: Vec<SecurityEvent>,
    pub total: u64,
    pub page: PageRequest,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for kind in SecurityEventKind::ALL {
            assert_eq!(SecurityEventKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(SecurityEventKind::from_key("root"), None);
    }

    #[test]
    fn a_query_round_trips_through_its_url_and_drops_what_it_cannot_read() {
        let query = SecurityEventQuery {
            kind: Some(SecurityEventKind::RoleChanged),
            actor: "admin@".into(),
            subject: "Ana & Co".into(),
            from: Some("2026-01-01".into()),
            to: Some("2026-12-31".into()),
            page: PageRequest::new(2, 20),
        };
        let mut params = query.filter_params();
        params.extend(query.page.to_params());
        assert_eq!(
            SecurityEventQuery::from_params(crate::url::lookup(&params)),
            query
        );
        assert_eq!(
            query.filter_query_string(),
            "?kind=role-changed&actor=admin%40&subject=Ana%20%26%20Co&from=2026-01-01&to=2026-12-31"
        );
        let hostile = [
            ("kind", "drop-table"),
            ("from", "2026-02-30"),
            ("page", "-1"),
        ];
        let parsed = SecurityEventQuery::from_params(|name| {
            hostile.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        });
        assert_eq!(parsed, SecurityEventQuery::default());
    }

    #[test]
    fn a_hand_made_query_is_refused_where_a_link_would_be_cleaned() {
        assert_eq!(SecurityEventQuery::default().check(), Ok(()));
        let long = SecurityEventQuery {
            subject: "x".repeat(500),
            ..SecurityEventQuery::default()
        };
        assert!(long
            .check()
            .unwrap_err()
            .to_string()
            .contains("staff member filter"));
        assert_eq!(
            long.normalized().subject.chars().count(),
            crate::input::MAX_FILTER_CHARS
        );
        let bad_date = SecurityEventQuery {
            to: Some("tomorrow".into()),
            ..SecurityEventQuery::default()
        };
        assert!(bad_date
            .check()
            .unwrap_err()
            .to_string()
            .contains("end date"));
    }
}
