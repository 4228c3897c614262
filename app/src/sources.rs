//! Who publishes: the kinds of organisation (or person in office) behind a source. Shared by
//! accounts (which source an officer acts for), publishing, feeds in and out, and updates.

use crate::slug::slug_enum;

slug_enum! {
    /// The kind of organisation (or person in office) that publishes updates.
    SourceKind {
        PoliceForce => "police_force", "Police force";
        NeighbourhoodTeam => "neighbourhood_team", "Neighbourhood team";
        Council => "council", "Council";
        Councillor => "councillor", "Councillor";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for s in SourceKind::ALL {
            assert_eq!(SourceKind::parse(s.as_str()), Some(*s));
        }
        assert_eq!(SourceKind::parse("Council"), None);
    }
}
