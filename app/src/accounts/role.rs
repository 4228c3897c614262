//! The roles of the brief. Residents are anonymous and have no role row.

use crate::slug::slug_enum;

slug_enum! {
    /// What a signed-in account is for.
    Role {
        /// A member of the public who goes out with officers and writes notes.
        Reporter => "reporter", "Community reporter";
        /// A police officer or staff member of a neighbourhood team or force.
        Officer => "officer", "Officer";
        /// A member of council staff publishing for their council.
        CouncilStaff => "council_staff", "Council staff";
        /// Checks reporters' notes for one force.
        Moderator => "moderator", "Moderator";
        /// Creates accounts, invitations and ride-alongs; sees the audit log.
        Admin => "admin", "Admin";
    }
}

impl Role {
    /// Whether accounts with this role act for a source (team, council or force).
    pub fn needs_source(self) -> bool {
        matches!(self, Role::Officer | Role::CouncilStaff | Role::Moderator)
    }
}
