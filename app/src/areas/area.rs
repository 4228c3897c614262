//! Area identity and the chain of areas above a ward.

use serde::{Deserialize, Serialize};

/// A boundary code such as `E05000697` (ward), `E08000003` (council) or `GB` (country).
///
/// Codes are 2 to 16 ASCII letters or digits; anything else is refused before it reaches SQL.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AreaCode(String);

impl AreaCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim();
        if code.is_empty() {
            return Err("An area code is required.".into());
        }
        if !(2..=16).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "'{}' is not an area code: use 2 to 16 letters or digits, like E05000697.",
                truncate(code, 40)
            ));
        }
        Ok(AreaCode(code.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for AreaCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an area sits in the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    Ward,
    Council,
    Force,
    Country,
}

impl AreaLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::Ward => "ward",
            AreaLevel::Council => "council",
            AreaLevel::Force => "force",
            AreaLevel::Country => "country",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "ward" => Some(AreaLevel::Ward),
            "council" => Some(AreaLevel::Council),
            "force" => Some(AreaLevel::Force),
            "country" => Some(AreaLevel::Country),
            _ => None,
        }
    }

    /// How a resident would name this level.
    pub fn label(self) -> &'static str {
        match self {
            AreaLevel::Ward => "Ward",
            AreaLevel::Council => "Council",
            AreaLevel::Force => "Police force area",
            AreaLevel::Country => "Country",
        }
    }
}

/// What a page needs to show about an area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaSummary {
    pub code: AreaCode,
    pub name: String,
    /// The name in a second language (Welsh for Cardiff wards), when it differs.
    pub name_alt: Option<String>,
    pub level: AreaLevel,
    /// The name of the area directly above, for telling same-named wards apart.
    pub parent_name: Option<String>,
}

/// Numbers to call, by country. Shown on every page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyNumbers {
    pub country_name: String,
    pub emergency: String,
    pub non_emergency: Option<String>,
}

/// An area with every area above it, nearest first: ward, council, force, country.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaContext {
    pub area: AreaSummary,
    pub ancestors: Vec<AreaSummary>,
    /// IANA time zone name, e.g. `Europe/London`.
    pub time_zone: String,
    pub numbers: EmergencyNumbers,
}

impl AreaContext {
    /// The area and its ancestors, nearest first: the areas whose updates a feed shows.
    pub fn chain(&self) -> impl Iterator<Item = &AreaSummary> {
        std::iter::once(&self.area).chain(self.ancestors.iter())
    }

    /// The police force area at or above this area, if there is one.
    pub fn force_code(&self) -> Option<&AreaCode> {
        self.chain().find(|a| a.level == AreaLevel::Force).map(|a| &a.code)
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_codes() {
        let cases: &[(&str, Option<&str>)] = &[
            ("E05000697", Some("E05000697")),
            (" e05000697 ", Some("E05000697")),
            ("GB", Some("GB")),
            ("", None),
            ("G", None),
            ("E05000697'; DROP TABLE areas; --", None),
            ("E0500 0697", None),
            ("ÉÉ", None),
            ("ABCDEFGHIJKLMNOPQ", None),
        ];
        for (raw, want) in cases {
            let got = AreaCode::parse(raw).ok();
            assert_eq!(got.as_ref().map(AreaCode::as_str), *want, "input {raw:?}");
        }
    }

    #[test]
    fn levels_round_trip() {
        for level in [AreaLevel::Ward, AreaLevel::Council, AreaLevel::Force, AreaLevel::Country] {
            assert_eq!(AreaLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(AreaLevel::parse("region"), None);
    }
}
