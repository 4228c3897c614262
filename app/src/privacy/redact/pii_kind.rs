//! The kinds of personal detail, with their wire names, labels and placeholders.

use serde::{Deserialize, Serialize};

/// A kind of personal detail the guard looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Phone,
    Email,
    Postcode,
    VehicleReg,
    Address,
    DateOfBirth,
}

impl PiiKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [PiiKind] = &[
        PiiKind::Phone,
        PiiKind::Email,
        PiiKind::Postcode,
        PiiKind::VehicleReg,
        PiiKind::Address,
        PiiKind::DateOfBirth,
    ];

    /// The wire name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::Phone => "phone",
            PiiKind::Email => "email",
            PiiKind::Postcode => "postcode",
            PiiKind::VehicleReg => "vehicle_reg",
            PiiKind::Address => "address",
            PiiKind::DateOfBirth => "date_of_birth",
        }
    }

    /// A name to show the author next to a flag.
    pub fn label(self) -> &'static str {
        match self {
            PiiKind::Phone => "Phone number",
            PiiKind::Email => "Email address",
            PiiKind::Postcode => "Postcode",
            PiiKind::VehicleReg => "Vehicle registration",
            PiiKind::Address => "Address",
            PiiKind::DateOfBirth => "Date of birth",
        }
    }

    /// What the detail is replaced with in the redacted text.
    pub fn placeholder(self) -> &'static str {
        match self {
            PiiKind::Phone => "[phone number removed]",
            PiiKind::Email => "[email removed]",
            PiiKind::Postcode => "[postcode removed]",
            PiiKind::VehicleReg => "[vehicle registration removed]",
            PiiKind::Address => "[address removed]",
            PiiKind::DateOfBirth => "[date of birth removed]",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PiiKind::*;

    #[test]
    fn kinds_have_stable_names_labels_and_placeholders() {
        assert_eq!(PiiKind::ALL.len(), 6);
        for &kind in PiiKind::ALL {
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<PiiKind>(&wire).unwrap(), kind);
            assert!(kind.placeholder().starts_with('[') && kind.placeholder().ends_with("removed]"));
            assert!(!kind.label().is_empty());
        }
        assert_eq!(VehicleReg.as_str(), "vehicle_reg");
        assert_eq!(DateOfBirth.placeholder(), "[date of birth removed]");
    }
}
