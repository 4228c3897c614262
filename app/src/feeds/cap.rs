//! Reading a CAP alert (OASIS Common Alerting Protocol 1.1 or 1.2,
//! <https://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html>) into one item.
//!
//! roxmltree gives a read-only, namespace-aware tree: CAP is small and nested, so a tree
//! is simpler than events. Exercises, tests and drafts are skipped; an Update or Cancel
//! names the alerts it supersedes, which the store withdraws.

use super::html_text::{one_line, tidy};
use super::item::{clip, safe_link, Incoming, ItemKey, Parsed, Place, Shape, BODY_MAX, TITLE_MAX};
use crate::updates::kind::Severity;
use roxmltree::{Document, Node};

const NAMESPACES: [&str; 2] = ["urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1"];

/// Reads one `<alert>`.
pub fn parse(body: &[u8]) -> Result<Parsed, String> {
    let text = std::str::from_utf8(body)
        .map_err(|e| format!("The CAP alert is not valid UTF-8 (byte {}); CAP must be UTF-8.", e.valid_up_to()))?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = Document::parse_with_options(text.trim_start_matches('\u{feff}'), options)
        .map_err(|e| format!("The CAP alert is not well-formed XML: {e}."))?;
    let alert = doc.root_element();
    let ns = alert.tag_name().namespace().unwrap_or_default();
    if alert.tag_name().name() != "alert" || !NAMESPACES.contains(&ns) {
        return Err("This is not a CAP 1.1 or 1.2 alert (the root must be <alert> in the CAP namespace).".into());
    }
    let field = |name: &str| child_text(alert, ns, name);
    let identifier = field("identifier").ok_or("The CAP alert has no <identifier>.")?;
    let mut parsed = Parsed::default();
    match field("status").as_deref() {
        Some("Actual") => {}
        other => {
            parsed
                .skipped
                .push(format!("an alert with status {} (only Actual alerts are shown)", other.unwrap_or("missing")));
            return Ok(parsed);
        }
    }
    let supersedes = match field("msgType").as_deref() {
        Some("Update" | "Cancel") => references(&field("references").unwrap_or_default()),
        _ => Vec::new(),
    };
    let Some(info) = pick_info(alert, ns) else {
        parsed.skipped.push("an alert with no <info> block".into());
        return Ok(parsed);
    };
    let info_text = |name: &str| child_text(info, ns, name);
    let title = one_line(&info_text("headline").or_else(|| info_text("event")).unwrap_or_default());
    let body =
        [info_text("description"), info_text("instruction")].into_iter().flatten().collect::<Vec<_>>().join("\n\n");
    let body = tidy(&body);
    if field("msgType").as_deref() == Some("Cancel") || (title.is_empty() && body.is_empty()) {
        // A cancellation has nothing to show; it only withdraws what it names.
        parsed.items.extend((!supersedes.is_empty()).then(|| cancellation(&identifier, supersedes)));
        return Ok(parsed);
    }
    parsed.items.push(Incoming {
        key: ItemKey::choose(&identifier, None, "", ""),
        title: clip(if title.is_empty() { "Alert" } else { &title }, TITLE_MAX),
        body: clip(&body, BODY_MAX),
        link: info_text("web").and_then(|w| safe_link(&w)),
        published_ms: field("sent").as_deref().and_then(time_ms),
        updated_ms: None,
        expires_ms: info_text("expires").as_deref().and_then(time_ms),
        severity: Some(severity(info_text("severity").as_deref().unwrap_or_default())),
        kind: None,
        place: place(info, ns),
        supersedes,
    });
    Ok(parsed)
}

/// A cancel message: no text of its own, only the alerts it withdraws.
fn cancellation(identifier: &str, supersedes: Vec<ItemKey>) -> Incoming {
    Incoming {
        key: ItemKey::choose(identifier, None, "", ""),
        title: String::new(),
        body: String::new(),
        link: None,
        published_ms: None,
        updated_ms: None,
        expires_ms: None,
        severity: None,
        kind: None,
        place: Place::default(),
        supersedes,
    }
}

/// The English `<info>` if there is one, else the first.
fn pick_info<'a>(alert: Node<'a, 'a>, ns: &'a str) -> Option<Node<'a, 'a>> {
    let infos: Vec<_> = children(alert, ns, "info").collect();
    infos
        .iter()
        .find(|i| child_text(**i, ns, "language").is_none_or(|l| l.to_ascii_lowercase().starts_with("en")))
        .or(infos.first())
        .copied()
}

/// CAP severity to Beat's three levels.
fn severity(cap: &str) -> Severity {
    match cap {
        "Extreme" | "Severe" => Severity::Warning,
        "Moderate" => Severity::Advisory,
        _ => Severity::Info,
    }
}

/// `references` is a space-separated list of `sender,identifier,sent`.
fn references(raw: &str) -> Vec<ItemKey> {
    raw.split_whitespace()
        .filter_map(|r| r.split(',').nth(1))
        .filter(|id| !id.is_empty())
        .map(|id| ItemKey::choose(id, None, "", ""))
        .collect()
}

/// Every `<area>`'s polygons, circles and geocodes.
fn place(info: Node, ns: &str) -> Place {
    let mut place = Place::default();
    for area in children(info, ns, "area") {
        for polygon in children(area, ns, "polygon").filter_map(|p| p.text()) {
            place.shapes.extend(parse_polygon(polygon).map(Shape::Polygon));
        }
        for circle in children(area, ns, "circle").filter_map(|c| c.text()) {
            place.shapes.extend(parse_circle(circle));
        }
        for geocode in children(area, ns, "geocode") {
            place.codes.extend(child_text(geocode, ns, "value"));
        }
    }
    place
}

/// "lat,lon lat,lon …" (first point repeated last) to a ring of (lon, lat).
pub fn parse_polygon(raw: &str) -> Option<Vec<(f64, f64)>> {
    let points = raw.split_whitespace().map(lat_lon).collect::<Option<Vec<_>>>()?;
    (points.len() >= 4 && points.first() == points.last()).then_some(points)
}

/// "lat,lon radius_km".
pub fn parse_circle(raw: &str) -> Option<Shape> {
    let (centre, radius) = raw.trim().split_once(char::is_whitespace)?;
    let (lon, lat) = lat_lon(centre)?;
    let radius_km = radius.trim().parse::<f64>().ok().filter(|r| r.is_finite() && *r >= 0.0 && *r <= 5000.0)?;
    Some(Shape::Circle { lon, lat, radius_km })
}

fn lat_lon(pair: &str) -> Option<(f64, f64)> {
    let (lat, lon) = pair.split_once(',')?;
    let lat = lat.trim().parse::<f64>().ok().filter(|v| (-90.0..=90.0).contains(v))?;
    let lon = lon.trim().parse::<f64>().ok().filter(|v| (-180.0..=180.0).contains(v))?;
    Some((lon, lat))
}

fn time_ms(raw: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(raw.trim()).ok().map(|t| t.timestamp_millis())
}

fn children<'a, 'n: 'a>(node: Node<'a, 'n>, ns: &'a str, name: &'a str) -> impl Iterator<Item = Node<'a, 'n>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(ns))
}

fn child_text(node: Node, ns: &str, name: &str) -> Option<String> {
    children(node, ns, name).next().and_then(|c| c.text()).map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(status: &str, msg_type: &str, extra: &str, info: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>GMP-2026-0042</identifier><sender>alerts@gmp.example</sender>
  <sent>2026-11-22T09:00:00-00:00</sent><status>{status}</status><msgType>{msg_type}</msgType>
  <scope>Public</scope>{extra}{info}
</alert>"#
        )
    }

    const INFO: &str = r#"<info><language>en-GB</language><category>Safety</category><event>Flooding</event>
      <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
      <expires>2026-11-23T09:00:00+00:00</expires><headline>Flood warning: River Irwell</headline>
      <description>Water levels are rising.</description><instruction>Avoid the riverside paths.</instruction>
      <web>https://example.org/flood</web>
      <area><areaDesc>Salford riverside</areaDesc>
        <polygon>53.48,-2.26 53.49,-2.26 53.49,-2.24 53.48,-2.24 53.48,-2.26</polygon>
        <circle>53.4794,-2.2453 0.5</circle>
        <geocode><valueName>GSS</valueName><value>E05011376</value></geocode></area></info>"#;

    #[test]
    fn an_actual_alert_becomes_one_item() {
        let parsed = parse(alert("Actual", "Alert", "", INFO).as_bytes()).unwrap();
        let item = &parsed.items[0];
        assert_eq!(item.key.stored(), "id:GMP-2026-0042");
        assert_eq!(item.title, "Flood warning: River Irwell");
        assert_eq!(item.body, "Water levels are rising.\n\nAvoid the riverside paths.");
        assert_eq!(item.severity, Some(Severity::Warning));
        assert_eq!(item.link.as_deref(), Some("https://example.org/flood"));
        assert_eq!(item.expires_ms, Some(1_795_424_400_000));
        assert_eq!(item.place.codes, vec!["E05011376".to_string()]);
        assert_eq!(item.place.shapes.len(), 2);
        assert_eq!(item.place.shapes[1], Shape::Circle { lon: -2.2453, lat: 53.4794, radius_km: 0.5 });
    }

    #[test]
    fn exercises_are_skipped_and_cancels_supersede() {
        let exercise = parse(alert("Exercise", "Alert", "", INFO).as_bytes()).unwrap();
        assert!(exercise.items.is_empty());
        assert!(exercise.skipped[0].contains("status Exercise"));
        let refs = "<references>alerts@gmp.example,GMP-2026-0041,2026-11-21T09:00:00-00:00</references>";
        let cancel = parse(alert("Actual", "Cancel", refs, INFO).as_bytes()).unwrap();
        assert_eq!(cancel.items.len(), 1);
        assert!(cancel.items[0].title.is_empty());
        assert_eq!(cancel.items[0].supersedes, vec![ItemKey::Id("GMP-2026-0041".into())]);
    }

    #[test]
    fn broken_alerts_are_explained() {
        let cases: &[(&[u8], &str)] = &[
            (b"<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</ident", "not well-formed"),
            (b"<alert><identifier>x</identifier></alert>", "not a CAP 1.1 or 1.2 alert"),
            (
                b"<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><status>Actual</status></alert>",
                "no <identifier>",
            ),
            (b"<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\xff</alert>", "not valid UTF-8"),
            (b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><alert/>", "not well-formed"),
        ];
        for (body, want) in cases {
            let err = parse(body).unwrap_err();
            assert!(err.contains(want), "{err}");
        }
    }

    #[test]
    fn shapes_are_checked() {
        assert!(parse_polygon("53.4,-2.2 53.5,-2.2 53.5,-2.1 53.4,-2.2").is_some());
        assert!(parse_polygon("53.4,-2.2 53.5,-2.2 53.4,-2.2").is_none(), "too few points");
        assert!(parse_polygon("53.4,-2.2 53.5,-2.2 53.5,-2.1 53.6,-2.2").is_none(), "not closed");
        assert!(parse_polygon("95,-2.2 53.5,-2.2 53.5,-2.1 95,-2.2").is_none(), "latitude out of range");
        assert!(parse_circle("53.4,-2.2 NaN").is_none());
        assert!(parse_circle("53.4,-2.2 -1").is_none());
        assert!(parse_circle("53.4 -2.2").is_none());
    }
}
