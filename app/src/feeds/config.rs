//! Checking what an admin typed to add a feed. Pure: the store checks that the areas and
//! the organisation exist.

use super::config_choices::FEED_KINDS;
use super::format::FeedFormat;
use crate::error::AppError;
use crate::updates::kind::UpdateKind;

/// Politeness to agencies' servers: never more often than every 5 minutes, at least daily.
pub const EVERY_MINUTES: std::ops::RangeInclusive<i64> = 5..=1440;
/// At most this many default areas per feed.
const AREAS_MAX: usize = 20;

/// A checked request to add a feed.
#[derive(Debug, PartialEq)]
pub struct FeedConfig {
    pub location: String,
    pub format: Option<FeedFormat>,
    pub kind: UpdateKind,
    pub area_codes: Vec<String>,
    pub poll_interval_s: i64,
}

impl FeedConfig {
    /// `allow_files`: a server path is accepted (the command line, run by someone with
    /// access to the server); the admin page accepts http(s) URLs only, so a web session
    /// can never publish a file from the server's disk.
    pub fn check(
        location: &str,
        format: &str,
        kind: &str,
        areas: &str,
        every_minutes: &str,
        allow_files: bool,
    ) -> Result<Self, AppError> {
        let location = check_location(location.trim(), allow_files)?;
        let format = match format.trim() {
            "" | "detect" => None,
            f => Some(FeedFormat::parse(f).ok_or_else(|| {
                AppError::invalid(
                    "format",
                    format!(
                        "'{}' is not a format: use rss, atom, json_feed or cap, or leave it empty to detect.",
                        clip(f)
                    ),
                )
            })?),
        };
        let kind = UpdateKind::parse(kind.trim())
            .filter(|k| FEED_KINDS.contains(k))
            .ok_or_else(|| AppError::invalid("kind", "Choose the kind of update the feed's items are."))?;
        let mut area_codes: Vec<String> = Vec::new();
        for raw in areas.split([',', ' ', '\n']).filter(|s| !s.trim().is_empty()) {
            let code = crate::areas::area::AreaCode::parse(raw).map_err(|e| AppError::invalid("areas", e))?;
            if !area_codes.contains(&code.to_string()) {
                area_codes.push(code.to_string());
            }
        }
        if area_codes.is_empty() || area_codes.len() > AREAS_MAX {
            return Err(AppError::invalid(
                "areas",
                format!("Give 1 to {AREAS_MAX} area codes for items that do not say where they are."),
            ));
        }
        let minutes =
            every_minutes.trim().parse::<i64>().ok().filter(|m| EVERY_MINUTES.contains(m)).ok_or_else(|| {
                AppError::invalid(
                    "every_minutes",
                    format!("Poll every {} to {} minutes.", EVERY_MINUTES.start(), EVERY_MINUTES.end()),
                )
            })?;
        Ok(FeedConfig { location, format, kind, area_codes, poll_interval_s: minutes * 60 })
    }
}

fn check_location(raw: &str, allow_files: bool) -> Result<String, AppError> {
    let bad = |m: &str| AppError::invalid("location", m.to_string());
    if raw.is_empty() {
        return Err(bad("Give the feed's address."));
    }
    if raw.len() > 2000 || raw.chars().any(char::is_control) {
        return Err(bad("That address is too long or contains control characters."));
    }
    let lower = raw.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let url = reqwest::Url::parse(raw).map_err(|e| bad(&format!("That is not a valid web address ({e}).")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("Put no user name or password in the address: Beat stores it as typed."));
        }
        return Ok(url.to_string());
    }
    if allow_files && std::path::Path::new(raw).is_absolute() {
        return Ok(raw.to_string());
    }
    Err(bad(if allow_files {
        "Give an http(s) address or an absolute path to a file on the server."
    } else {
        "Give an http:// or https:// address. Local files can be added with the command line on the server."
    }))
}

fn clip(s: &str) -> String {
    s.chars().take(32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<FeedConfig, AppError>) -> String {
        match r {
            Err(AppError::Invalid { field, message }) => format!("{field}: {message}"),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn accepts_a_good_feed() {
        let c = FeedConfig::check(
            " https://www.gmp.police.uk/news/rss ",
            "",
            "neighbourhood",
            "e05011376, E08000003",
            "15",
            false,
        )
        .unwrap();
        assert_eq!(c.location, "https://www.gmp.police.uk/news/rss");
        assert_eq!(c.format, None);
        assert_eq!(c.area_codes, vec!["E05011376", "E08000003"]);
        assert_eq!(c.poll_interval_s, 900);
        let f = FeedConfig::check("/srv/feeds/gmp.xml", "rss", "appeal", "E05011376", "60", true).unwrap();
        assert_eq!(f.format, Some(FeedFormat::Rss));
    }

    #[test]
    fn refuses_with_the_field_named() {
        let cases = [
            ("", "", "neighbourhood", "E05011376", "15", "location: Give"),
            ("ftp://x.org/feed", "", "neighbourhood", "E05011376", "15", "location: Give an http"),
            ("/etc/passwd", "", "neighbourhood", "E05011376", "15", "command line"),
            ("https://user:pw@x.org/feed", "", "neighbourhood", "E05011376", "15", "no user name"),
            ("https://x.org/\u{7}", "", "neighbourhood", "E05011376", "15", "control"),
            ("https://x.org/feed", "xml", "neighbourhood", "E05011376", "15", "format:"),
            ("https://x.org/feed", "", "reporter_note", "E05011376", "15", "kind:"),
            ("https://x.org/feed", "", "neighbourhood", "", "15", "areas: Give 1"),
            ("https://x.org/feed", "", "neighbourhood", "E05; DROP", "15", "areas:"),
            ("https://x.org/feed", "", "neighbourhood", "E05011376", "1", "every_minutes:"),
            ("https://x.org/feed", "", "neighbourhood", "E05011376", "1441", "every_minutes:"),
            ("https://x.org/feed", "", "neighbourhood", "E05011376", "ten", "every_minutes:"),
        ];
        for (location, format, kind, areas, every, want) in cases {
            let got = field(FeedConfig::check(location, format, kind, areas, every, false));
            assert!(got.contains(want), "{location} {format} {kind} {areas} {every}: {got}");
        }
    }
}
