//! The signed-in member as pages see it: the layout loads it once per page (see
//! [`provide_current_staff`]) and pages read it with [`use_staff`], to hide what the role
//! does not allow; the server still refuses it (`crate::auth::require`).

use domain::staff::StaffMember;
use leptos::prelude::*;

use crate::api::auth::{current_staff, SignedIn};
use crate::error::AppError;

/// The signed-in staff member as the server-rendered pages see it.
#[derive(Clone, Copy)]
pub struct CurrentStaff(Resource<Result<Option<SignedIn>, AppError>>);

impl CurrentStaff {
    /// The member, once known; read it inside a `<Suspense>` or `<Transition>`.
    pub fn member(self) -> Option<StaffMember> {
        self.signed_in().map(|signed_in| signed_in.member)
    }

    pub fn signed_in(self) -> Option<SignedIn> {
        self.0.get().and_then(Result::ok).flatten()
    }
}

/// Loads the signed-in member for the layout and everything inside it.
pub fn provide_current_staff() -> CurrentStaff {
    let current = CurrentStaff(Resource::new(|| (), |_| current_staff()));
    provide_context(current);
    current
}

/// The signed-in member's [`CurrentStaff`], as the layout provided it.
pub fn use_current_staff() -> CurrentStaff {
    use_context::<CurrentStaff>().expect("pages are rendered inside the ConsoleLayout")
}

/// The signed-in staff member, reactively; `None` while loading or when signed out. Read it
/// inside a `<Suspense>` so the server waits for it before rendering.
pub fn use_staff() -> Signal<Option<StaffMember>> {
    let current = use_current_staff();
    Signal::derive(move || current.member())
}
