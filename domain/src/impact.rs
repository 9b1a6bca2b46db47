//! What an operation does to a customer's cloud resources, shown in its dialog before OK:
//! each resource with what happens to it, and what the customer can still do with each
//! billing mode, as Huawei's documentation tabulates it.

use i18n::{msg, Arg, Message};
use serde::{Deserialize, Serialize};

use crate::customer::FreezeLevel;

/// The dialog lists the resources of at most this many of the selected customers: each
/// costs two BSS calls, paced at the API's rate, and the dialog waits for them.
pub const PREVIEW_CUSTOMERS: usize = 10;

/// At most this many resources are listed per customer; the rest are counted.
pub const LISTED_PER_CUSTOMER: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BillingMode {
    PayPerUse,
    YearlyMonthly,
}

impl BillingMode {
    pub fn label(self) -> Message {
        match self {
            Self::PayPerUse => msg!("billing-pay-per-use"),
            Self::YearlyMonthly => msg!("billing-yearly-monthly"),
        }
    }
}

/// What the operation does to one resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceEffect {
    /// A running pay-per-use resource under a resource freeze. `released_on` is the day its
    /// retention period would end if the freeze ran now.
    Stops { released_on: String },
    /// A pay-per-use resource the freeze finds frozen already.
    StaysFrozen,
    /// A frozen pay-per-use resource under an unfreeze.
    StartsAgain,
    /// A running pay-per-use resource under an unfreeze.
    KeepsRunning,
    /// A yearly/monthly resource in use: neither a freeze nor an unfreeze stops it.
    KeepsWorking { until: Option<String> },
    /// Expired, frozen on its own or being released: the operation leaves it as it is.
    Unchanged(UnchangedState),
}

/// Why an operation leaves a resource as it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnchangedState {
    BeingReleased,
    Frozen,
    /// Expired, on the day BSS gives when it gives one.
    Expired {
        on: Option<String>,
    },
}

impl UnchangedState {
    fn label(&self) -> Message {
        match self {
            Self::BeingReleased => msg!("resource-being-released"),
            Self::Frozen => msg!("resource-frozen"),
            Self::Expired { on: Some(day) } => msg!("resource-expired-on", day = Arg::date(day)),
            Self::Expired { on: None } => msg!("resource-expired"),
        }
    }
}

impl ResourceEffect {
    pub fn sentence(&self) -> Message {
        match self {
            Self::Stops { released_on } => {
                msg!("effect-stops", released_on = Arg::date(released_on))
            }
            Self::StaysFrozen => msg!("effect-stays-frozen"),
            Self::StartsAgain => msg!("effect-starts-again"),
            Self::KeepsRunning => msg!("effect-keeps-running"),
            Self::KeepsWorking { until: Some(until) } => {
                msg!("effect-keeps-working-until", until = Arg::date(until))
            }
            Self::KeepsWorking { until: None } => msg!("effect-keeps-working"),
            Self::Unchanged(state) => msg!("effect-unchanged", state = state.label()),
        }
    }
}

/// One resource and what the operation will do to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceImpact {
    pub resource_id: String,
    pub name: String,
    pub service: String,
    pub region: String,
    pub billing: BillingMode,
    pub effect: ResourceEffect,
}

/// One customer's resources as BSS listed them, or why it could not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceListing {
    /// The first [`LISTED_PER_CUSTOMER`] resources, and how many more the customer has.
    Listed {
        resources: Vec<ResourceImpact>,
        more: usize,
    },
    /// A sentence saying why BSS did not list them, in the language the preview was asked in.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerResources {
    pub customer_id: String,
    /// The customer's name as the list shows it.
    pub name: String,
    pub listing: ResourceListing,
}

/// The resources of the first [`PREVIEW_CUSTOMERS`] selected customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcePreview {
    pub customers: Vec<CustomerResources>,
    /// Selected customers whose resources are not listed.
    pub not_listed: usize,
}

/// Something a customer may want to do with a resource, as Huawei's impact table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    Unsubscribing,
    ModifyingNames,
    ViewingInformation,
    Purchasing,
    ModifyingSpecifications,
    Renewing,
    YearlyMonthlyToPayPerUse,
    PayPerUseToYearlyMonthly,
    OperatingResources,
    Deleting,
    UsingResources,
}

impl Capability {
    pub fn label(self) -> Message {
        match self {
            Self::Unsubscribing => msg!("capability-unsubscribing"),
            Self::ModifyingNames => msg!("capability-modifying-names"),
            Self::ViewingInformation => msg!("capability-viewing-information"),
            Self::Purchasing => msg!("capability-purchasing"),
            Self::ModifyingSpecifications => msg!("capability-modifying-specifications"),
            Self::Renewing => msg!("capability-renewing"),
            Self::YearlyMonthlyToPayPerUse => msg!("capability-yearly-monthly-to-pay-per-use"),
            Self::PayPerUseToYearlyMonthly => msg!("capability-pay-per-use-to-yearly-monthly"),
            Self::OperatingResources => msg!("capability-operating-resources"),
            Self::Deleting => msg!("capability-deleting"),
            Self::UsingResources => msg!("capability-using-resources"),
        }
    }
}

/// What else happens to a billing mode's resources under a freeze.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillingModeNote {
    KeepWorkingUntilExpiry,
    UnavailableButBilled,
    StillUsable,
    RetentionPeriod,
}

impl BillingModeNote {
    pub fn sentence(self) -> Message {
        match self {
            Self::KeepWorkingUntilExpiry => msg!("capability-note-keep-working-until-expiry"),
            Self::UnavailableButBilled => msg!("capability-note-unavailable-but-billed"),
            Self::StillUsable => msg!("capability-note-still-usable"),
            Self::RetentionPeriod => msg!("capability-note-retention-period"),
        }
    }
}

/// What a frozen customer can and cannot do with the resources of one billing mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillingModeImpact {
    pub billing: BillingMode,
    pub possible: &'static [Capability],
    pub not_possible: &'static [Capability],
    pub note: BillingModeNote,
}

const YEARLY_MONTHLY_POSSIBLE: &[Capability] =
    &[Capability::Unsubscribing, Capability::ModifyingNames];
const YEARLY_MONTHLY_NOT_POSSIBLE: &[Capability] = &[
    Capability::Purchasing,
    Capability::ModifyingSpecifications,
    Capability::Renewing,
    Capability::YearlyMonthlyToPayPerUse,
    Capability::OperatingResources,
    Capability::Deleting,
];
const PAY_PER_USE_POSSIBLE: &[Capability] =
    &[Capability::ModifyingNames, Capability::ViewingInformation];
const PAY_PER_USE_NOT_POSSIBLE: &[Capability] = &[
    Capability::Purchasing,
    Capability::ModifyingSpecifications,
    Capability::PayPerUseToYearlyMonthly,
    Capability::OperatingResources,
    Capability::Deleting,
];
const PAY_PER_USE_FROZEN_NOT_POSSIBLE: &[Capability] = &[
    Capability::Purchasing,
    Capability::ModifyingSpecifications,
    Capability::PayPerUseToYearlyMonthly,
    Capability::OperatingResources,
    Capability::Deleting,
    Capability::UsingResources,
];

/// Huawei's table of what a customer frozen at `level` can still do, per billing mode
/// ("Impacts of Freezing Only Accounts or Both Accounts and Resources"). Pay-per-use covers
/// instances and spot instances.
pub fn capabilities(level: FreezeLevel) -> [BillingModeImpact; 2] {
    match level {
        FreezeLevel::Account => [
            BillingModeImpact {
                billing: BillingMode::YearlyMonthly,
                possible: YEARLY_MONTHLY_POSSIBLE,
                not_possible: YEARLY_MONTHLY_NOT_POSSIBLE,
                note: BillingModeNote::KeepWorkingUntilExpiry,
            },
            BillingModeImpact {
                billing: BillingMode::PayPerUse,
                possible: PAY_PER_USE_POSSIBLE,
                not_possible: PAY_PER_USE_NOT_POSSIBLE,
                note: BillingModeNote::UnavailableButBilled,
            },
        ],
        FreezeLevel::AccountAndResource => [
            BillingModeImpact {
                billing: BillingMode::YearlyMonthly,
                possible: YEARLY_MONTHLY_POSSIBLE,
                not_possible: YEARLY_MONTHLY_NOT_POSSIBLE,
                note: BillingModeNote::StillUsable,
            },
            BillingModeImpact {
                billing: BillingMode::PayPerUse,
                possible: PAY_PER_USE_POSSIBLE,
                not_possible: PAY_PER_USE_FROZEN_NOT_POSSIBLE,
                note: BillingModeNote::RetentionPeriod,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use i18n::Language;

    #[test]
    fn effects_write_their_days_and_states_in_the_reader_s_language() {
        let stops = ResourceEffect::Stops {
            released_on: "2026-12-19".to_owned(),
        };
        assert!(stops.sentence().render(Language::En).contains("2026-12-19"));
        assert!(stops
            .sentence()
            .render(Language::ZhCn)
            .contains("2026年12月19日"));
        let expired = ResourceEffect::Unchanged(UnchangedState::Expired {
            on: Some("2026-11-30".to_owned()),
        });
        assert_eq!(
            expired.sentence().render(Language::En),
            "Expired on 2026-11-30; not changed"
        );
        assert_eq!(
            expired.sentence().render(Language::ZhCn),
            "已于 2026年11月30日 过期；不变"
        );
    }

    #[test]
    fn freezing_resources_takes_away_more_than_freezing_the_account() {
        let [account_monthly, account_ppu] = capabilities(FreezeLevel::Account);
        let [frozen_monthly, frozen_ppu] = capabilities(FreezeLevel::AccountAndResource);
        assert_eq!(account_monthly.possible, frozen_monthly.possible);
        assert!(account_ppu
            .not_possible
            .iter()
            .all(|what| frozen_ppu.not_possible.contains(what)));
        assert!(frozen_ppu.not_possible.len() > account_ppu.not_possible.len());
    }
}
