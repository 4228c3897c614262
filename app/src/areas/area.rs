//! Area identity and the chain of areas above a ward.

use serde::{Deserialize, Serialize};

/// A boundary code such as `E05011376` (ward), `E08000003` (council), `NZ-AUK` (region) or
/// `GB` (country).
///
/// Codes are 2 to 16 ASCII letters, digits and inner hyphens (ISO 3166-2 region codes have
/// one); anything else is refused before it reaches SQL or a URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AreaCode(String);

impl AreaCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim();
        if code.is_empty() {
            return Err("An area code is required.".into());
        }
        let inner_hyphens = !code.starts_with('-') && !code.ends_with('-') && !code.contains("--");
        if !(2..=16).contains(&code.len())
            || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            || !inner_hyphens
        {
            return Err(format!(
                "'{}' is not an area code: use 2 to 16 letters or digits, like E05011376 or NZ-AUK.",
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
    /// A country's first-level division (a state, province, county or region), where Beat has
    /// no finer areas: the area a resident there is placed in. Directly under the country.
    Region,
    Country,
}

impl AreaLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::Ward => "ward",
            AreaLevel::Council => "council",
            AreaLevel::Force => "force",
            AreaLevel::Region => "region",
            AreaLevel::Country => "country",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "ward" => Some(AreaLevel::Ward),
            "council" => Some(AreaLevel::Council),
            "force" => Some(AreaLevel::Force),
            "region" => Some(AreaLevel::Region),
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
            AreaLevel::Region => "Region",
            AreaLevel::Country => "Country",
        }
    }

    /// Whether a resident can be placed in an area of this level by its shape: the finest
    /// level Beat has for a place (wards in the UK, regions elsewhere).
    pub fn is_placeable(self) -> bool {
        matches!(self, AreaLevel::Ward | AreaLevel::Region)
    }

    /// What the areas directly under one of this level are called, for a "browse" link.
    pub fn children_label(self, code: &AreaCode) -> Option<&'static str> {
        match self {
            AreaLevel::Country if code.as_str() == "GB" => Some("Police forces"),
            AreaLevel::Country => Some("Regions"),
            AreaLevel::Force => Some("Councils"),
            AreaLevel::Council => Some("Wards"),
            AreaLevel::Ward | AreaLevel::Region => None,
        }
    }
}

/// The UK nation an ONS code belongs to, from its first letter (E, W, S, N); `None` for codes
/// that are not ONS codes.
pub fn uk_nation(code: &AreaCode) -> Option<&'static str> {
    let c = code.as_str();
    if c.len() != 9 || !c[1..].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match c.as_bytes()[0] {
        b'E' => Some("England"),
        b'W' => Some("Wales"),
        b'S' => Some("Scotland"),
        b'N' => Some("Northern Ireland"),
        _ => None,
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

/// Where a council's ward boundaries come from, and whether they are known to be out of date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundarySource {
    /// When the wards were drawn, e.g. "May 2024".
    pub drawn: String,
    /// How far the shapes were simplified, in metres (20 in Greater Manchester, else 200).
    pub resolution_m: u32,
    /// Wards redrawn since, if any.
    pub redrawn: Option<Redrawn>,
}

/// Some of a council's wards have been redrawn since Beat's boundaries were made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redrawn {
    /// How many of its wards.
    pub wards: u32,
    /// How many wards Beat has for the council.
    pub of: u32,
    /// When, e.g. "May 2025".
    pub since: String,
}

impl BoundarySource {
    /// What a resident should know about these boundaries, in a sentence, when it matters:
    /// `council` is the council's name.
    pub fn notice(&self, council: &str) -> Option<String> {
        let r = self.redrawn.as_ref()?;
        let which = if r.wards >= r.of {
            format!("{council}'s wards were redrawn in {}", r.since)
        } else if r.wards == 1 {
            format!("One of {council}'s {} wards was redrawn in {}", r.of, r.since)
        } else {
            format!("{} of {council}'s {} wards were redrawn in {}", r.wards, r.of, r.since)
        };
        Some(format!(
            "{which}. Beat still has the wards of {}, so a ward's name or edges here may be out of date.",
            self.drawn
        ))
    }
}

/// An area with every area above it, nearest first: ward, council, force, country.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AreaContext {
    pub area: AreaSummary,
    pub ancestors: Vec<AreaSummary>,
    /// IANA time zone name, e.g. `Europe/London`.
    pub time_zone: String,
    pub numbers: EmergencyNumbers,
    /// Where the ward boundaries of the area's council come from (for a ward or a council).
    pub boundaries: Option<BoundarySource>,
    /// For a ward its council no longer has (re-warded since it was imported): the current
    /// wards covering part of it, by name. `None` for an area in use.
    pub replaced_by: Option<Vec<AreaSummary>>,
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

    /// For a retired ward, what to tell a resident who opens it: that it is no longer a ward.
    pub fn retired_notice(&self) -> Option<String> {
        self.replaced_by.as_ref()?;
        let council = self.ancestors.iter().find(|a| a.level == AreaLevel::Council).map_or("Its council", |c| &c.name);
        Some(format!(
            "{} is no longer a ward: {council}'s wards have been redrawn, and Beat shows its new ones.",
            self.area.name
        ))
    }

    /// What a resident of this area should know about its ward boundaries, if anything: that
    /// its council's wards have been redrawn since Beat's boundaries were made.
    pub fn boundary_notice(&self) -> Option<String> {
        let council = self.chain().find(|a| a.level == AreaLevel::Council)?;
        self.boundaries.as_ref()?.notice(&council.name)
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_notices_say_how_many_wards_were_redrawn() {
        let source = |redrawn: Option<(u32, u32)>| BoundarySource {
            drawn: "May 2024".into(),
            resolution_m: 200,
            redrawn: redrawn.map(|(wards, of)| Redrawn { wards, of, since: "May 2025".into() }),
        };
        let tail = "Beat still has the wards of May 2024, so a ward's name or edges here may be out of date.";
        let cases = [
            (None, None),
            (Some((63, 63)), Some(format!("Shire's wards were redrawn in May 2025. {tail}"))),
            (Some((24, 98)), Some(format!("24 of Shire's 98 wards were redrawn in May 2025. {tail}"))),
            (Some((1, 28)), Some(format!("One of Shire's 28 wards was redrawn in May 2025. {tail}"))),
            // More redrawn than Beat holds (the council's wards were imported in part): all.
            (Some((5, 3)), Some(format!("Shire's wards were redrawn in May 2025. {tail}"))),
        ];
        for (redrawn, want) in cases {
            assert_eq!(source(redrawn).notice("Shire"), want, "{redrawn:?}");
        }
    }

    #[test]
    fn area_codes() {
        let cases: &[(&str, Option<&str>)] = &[
            ("E05011376", Some("E05011376")),
            (" e05011376 ", Some("E05011376")),
            ("GB", Some("GB")),
            ("NZ-AUK", Some("NZ-AUK")),
            ("nl-bq1", Some("NL-BQ1")),
            ("-NZ", None),
            ("NZ-", None),
            ("NZ--AUK", None),
            ("AUS+00?", None),
            ("", None),
            ("G", None),
            ("E05011376'; DROP TABLE areas; --", None),
            ("E0501 1376", None),
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
        for level in [AreaLevel::Ward, AreaLevel::Council, AreaLevel::Force, AreaLevel::Region, AreaLevel::Country] {
            assert_eq!(AreaLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(AreaLevel::parse("nation"), None);
    }

    #[test]
    fn nations_come_from_ons_codes() {
        let nation = |c: &str| uk_nation(&AreaCode::parse(c).unwrap());
        assert_eq!(nation("E23000005"), Some("England"));
        assert_eq!(nation("W15000003"), Some("Wales"));
        assert_eq!(nation("S23000009"), Some("Scotland"));
        assert_eq!(nation("N23000001"), Some("Northern Ireland"));
        assert_eq!(nation("NZ-AUK"), None);
        assert_eq!(nation("E0500069"), None);
    }
}
