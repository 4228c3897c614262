//! A signed-in account and the policy: what each role may do, and where.
//!
//! Scope comes from the account's source: an officer of a Greater Manchester team may
//! moderate the GMP queue and publish to the team's area and the areas inside it, but
//! nothing in South Wales.

use super::role::Role;
use crate::sources::SourceKind;
use serde::{Deserialize, Serialize};

/// The source (team, council, force) a member of staff acts for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceScope {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: SourceKind,
    /// The area the source covers.
    pub area_code: String,
    /// The police force area at or above `area_code`, if any.
    pub force_code: Option<String>,
}

/// A signed-in account, as the server functions see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub source: Option<SourceScope>,
}

impl User {
    /// Reporters write notes on their own ride-alongs; nobody else writes notes.
    pub fn can_write_notes(&self) -> bool {
        self.role == Role::Reporter
    }

    /// Whether this account may check notes in the queue of `force_code`.
    pub fn can_moderate(&self, force_code: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Moderator | Role::Officer => self.force() == Some(force_code),
            Role::Reporter | Role::CouncilStaff => false,
        }
    }

    /// Whether this account moderates any queue at all (for showing the queue link).
    pub fn moderates(&self) -> bool {
        self.role == Role::Admin || (matches!(self.role, Role::Moderator | Role::Officer) && self.force().is_some())
    }

    /// Whether this account may publish to an area, given the area's chain of codes from
    /// itself up to its country (`chain[0]` is the area). Officers and council staff
    /// publish to their source's area and the areas inside it.
    pub fn can_publish_to(&self, chain: &[&str]) -> bool {
        match (self.role, &self.source) {
            (Role::Officer | Role::CouncilStaff, Some(source)) => chain.contains(&source.area_code.as_str()),
            _ => false,
        }
    }

    /// Whether this account publishes at all (for showing the compose page).
    pub fn publishes(&self) -> bool {
        matches!(self.role, Role::Officer | Role::CouncilStaff) && self.source.is_some()
    }

    /// Whether this account may withdraw an update published by `source_id`.
    pub fn can_withdraw(&self, source_id: i64) -> bool {
        self.publishes() && self.source.as_ref().is_some_and(|s| s.id == source_id)
    }

    /// Whether this account may arrange a ride-along with the team `source_id`.
    pub fn can_arrange_ride_along(&self, source_id: i64) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Officer => self.source.as_ref().is_some_and(|s| s.id == source_id),
            _ => false,
        }
    }

    /// Accounts, invitations and the audit log.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    fn force(&self) -> Option<&str> {
        self.source.as_ref().and_then(|s| s.force_code.as_deref())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const GMP: &str = "E23000005";
    pub const SWP: &str = "W15000003";
    pub const CITY_CENTRE: &str = "E05011376"; // Piccadilly (Manchester)
    pub const MANCHESTER: &str = "E08000003";

    pub fn user(role: Role, source: Option<(i64, &str, Option<&str>)>) -> User {
        User {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            source: source.map(|(id, area, force)| SourceScope {
                id,
                slug: format!("s{id}"),
                name: format!("Source {id}"),
                kind: SourceKind::NeighbourhoodTeam,
                area_code: area.into(),
                force_code: force.map(Into::into),
            }),
        }
    }

    #[test]
    fn each_role_does_what_it_should_and_nothing_else() {
        let chain = [CITY_CENTRE, MANCHESTER, GMP, "GB"];
        let reporter = user(Role::Reporter, None);
        let gmp_officer = user(Role::Officer, Some((3, MANCHESTER, Some(GMP))));
        let swp_officer = user(Role::Officer, Some((7, "W06000015", Some(SWP))));
        let council = user(Role::CouncilStaff, Some((9, MANCHESTER, Some(GMP))));
        let gmp_moderator = user(Role::Moderator, Some((1, GMP, Some(GMP))));
        let admin = user(Role::Admin, None);
        // (who, writes notes, moderates GMP, moderates SWP, publishes to Piccadilly, withdraws 3's, arranges with 3, admin)
        let table = [
            ("reporter", &reporter, true, false, false, false, false, false, false),
            ("GMP officer", &gmp_officer, false, true, false, true, true, true, false),
            ("SWP officer", &swp_officer, false, false, true, false, false, false, false),
            ("council staff", &council, false, false, false, true, false, false, false),
            ("GMP moderator", &gmp_moderator, false, true, false, false, false, false, false),
            ("admin", &admin, false, true, true, false, false, true, true),
        ];
        for (who, u, notes, mod_gmp, mod_swp, publish, withdraw, arrange, is_admin) in table {
            assert_eq!(u.can_write_notes(), notes, "{who} writes notes");
            assert_eq!(u.can_moderate(GMP), mod_gmp, "{who} moderates GMP");
            assert_eq!(u.can_moderate(SWP), mod_swp, "{who} moderates SWP");
            assert_eq!(u.can_publish_to(&chain), publish, "{who} publishes to Piccadilly");
            assert_eq!(u.can_withdraw(3), withdraw, "{who} withdraws source 3's update");
            assert_eq!(u.can_arrange_ride_along(3), arrange, "{who} arranges a ride-along with source 3");
            assert_eq!(u.is_admin(), is_admin, "{who} is admin");
        }
    }

    #[test]
    fn publishing_stays_inside_the_source_area() {
        let ward_team = user(Role::Officer, Some((3, CITY_CENTRE, Some(GMP))));
        assert!(ward_team.can_publish_to(&[CITY_CENTRE, MANCHESTER, GMP, "GB"]));
        // Not to the council above the team's ward, nor a neighbouring ward.
        assert!(!ward_team.can_publish_to(&[MANCHESTER, GMP, "GB"]));
        assert!(!ward_team.can_publish_to(&["E05011350", MANCHESTER, GMP, "GB"]));
        // A staff account without a source publishes nowhere.
        assert!(!user(Role::Officer, None).can_publish_to(&[CITY_CENTRE, MANCHESTER, GMP, "GB"]));
        assert!(!user(Role::Officer, None).moderates());
    }
}
