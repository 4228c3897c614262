//! CAP documents checked with `roxmltree`, the index with `feed-rs`.

use super::super::fixtures::{channel, event, hostile, plain, HOSTILE_BODY_CLEAN, HOSTILE_TITLE, T0};
use super::*;
use crate::updates::kind::Severity;

fn sender() -> CapSender {
    CapSender {
        sender: "beat@beat.example".into(),
        area_desc: "Piccadilly, Manchester".into(),
        geocodes: vec![("GSS".into(), "E05011376".into())],
        emergency_number: "999".into(),
        language: "en-GB".into(),
    }
}

/// The child element names of `node`, in document order.
fn names<'a>(node: roxmltree::Node<'a, 'a>) -> Vec<&'a str> {
    node.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect()
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children().find(|n| n.has_tag_name((NAMESPACE, name))).map(|n| n.text().unwrap_or(""))
}

/// `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$`, written out.
fn is_cap_time(s: &str) -> bool {
    let pattern = "dddd-dd-ddTdd:dd:dd+dd:dd";
    s.len() == pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
            b'd' => c.is_ascii_digit(),
            b'+' => c == b'+' || c == b'-',
            p => c == p,
        })
}

#[test]
fn required_elements_in_order_for_each_kind_of_entry() {
    let changed = hostile(2);
    let long = Entry { title: "x".repeat(300), ..plain(3) };
    let council = Entry { severity: Severity::Advisory, ..event(4, Some(T0 + 7_200_000)) };
    // (entry, is an update, status, msgType, urgency, severity, certainty, category)
    let cases = [
        (plain(1), false, "Actual", "Alert", "Unknown", "Minor", "Observed", "Security"),
        (changed, true, "Test", "Update", "Expected", "Severe", "Likely", "Security"),
        (long, false, "Actual", "Alert", "Unknown", "Minor", "Observed", "Security"),
        (council, false, "Actual", "Alert", "Future", "Moderate", "Observed", "Safety"),
    ];
    for (entry, update, status, msg_type, urgency, severity, certainty, category) in cases {
        let xml = alert(&entry, &sender());
        let doc = roxmltree::Document::parse(&xml).expect("roxmltree parses our CAP");
        let root = doc.root_element();
        assert!(root.has_tag_name((NAMESPACE, "alert")));

        let mut want = vec!["identifier", "sender", "sent", "status", "msgType", "scope"];
        want.extend(update.then_some("references"));
        want.push("info");
        assert_eq!(names(root), want);

        let info = root.children().find(|n| n.has_tag_name((NAMESPACE, "info"))).unwrap();
        let mut want = vec!["language", "category", "event", "urgency", "severity", "certainty", "effective"];
        want.extend(entry.starts_ms.map(|_| "onset"));
        want.extend(entry.expires_ms.or(entry.ends_ms).map(|_| "expires"));
        want.extend(["senderName", "headline", "description", "instruction", "web", "area"]);
        assert_eq!(names(info), want);

        let sent = child(root, "sent").unwrap();
        assert!(is_cap_time(sent) && !sent.contains('Z'), "{sent}");
        for name in ["effective", "onset", "expires"] {
            assert!(child(info, name).is_none_or(is_cap_time), "{name}");
        }
        assert_eq!(child(root, "status"), Some(status));
        assert_eq!(child(root, "msgType"), Some(msg_type));
        assert_eq!(child(info, "urgency"), Some(urgency));
        assert_eq!(child(info, "severity"), Some(severity));
        assert_eq!(child(info, "certainty"), Some(certainty));
        assert_eq!(child(info, "category"), Some(category));
        assert!(child(info, "headline").unwrap().chars().count() <= 160);

        let area = info.children().find(|n| n.has_tag_name((NAMESPACE, "area"))).unwrap();
        assert_eq!(names(area), ["areaDesc", "geocode"]);
        let geocode = area.children().find(|n| n.has_tag_name((NAMESPACE, "geocode"))).unwrap();
        assert_eq!((child(geocode, "valueName"), child(geocode, "value")), (Some("GSS"), Some("E05011376")));
    }
}

#[test]
fn hostile_update_carries_text_and_references() {
    let xml = alert(&hostile(2), &sender());
    assert!(!xml.contains("<script>"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    let info = root.children().find(|n| n.has_tag_name((NAMESPACE, "info"))).unwrap();
    assert_eq!(child(root, "identifier"), Some("beat-update-2-1795359900000"));
    assert_eq!(child(root, "sent"), Some("2026-11-22T15:05:00-00:00"));
    assert_eq!(child(root, "references"), Some("beat@beat.example,beat-update-2,2026-11-22T14:05:00-00:00"));
    assert_eq!(child(info, "headline"), Some(HOSTILE_TITLE));
    assert_eq!(child(info, "description"), Some(HOSTILE_BODY_CLEAN));
    assert_eq!(child(info, "instruction"), Some("Not for emergencies. In an emergency call 999."));
    assert_eq!(child(info, "event"), Some("Appeal"));
    assert_eq!(child(info, "expires"), Some("2026-11-24T14:05:00-00:00"));
    assert_eq!(child(info, "web"), Some("https://beat.example/update/2"));
    assert_eq!(child(info, "senderName"), Some("Greater Manchester Police"));

    let first = alert(&plain(1), &sender());
    let doc = roxmltree::Document::parse(&first).unwrap();
    assert_eq!(child(doc.root_element(), "identifier"), Some("beat-update-1"));
    assert_eq!(child(doc.root_element(), "sent"), Some("2026-11-22T14:05:00-00:00"));
}

#[test]
fn index_lists_only_entries_with_cap_documents() {
    let cases = [(vec![], 0), (vec![plain(1)], 0), (vec![plain(1), hostile(2), plain(3), hostile(4)], 2)];
    for (entries, count) in cases {
        let xml = index(&channel(), &entries);
        let parsed = feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs parses the index");
        assert_eq!(parsed.id, channel().self_url);
        assert_eq!(parsed.entries.len(), count);
        for entry in &parsed.entries {
            let id = entry.id.rsplit('/').next().unwrap();
            let cap = &entry.links[0];
            assert_eq!(cap.href, format!("https://beat.example/cap/{id}.xml"));
            assert_eq!(
                (cap.rel.as_deref(), cap.media_type.as_deref()),
                (Some("alternate"), Some("application/cap+xml"))
            );
            assert_eq!(entry.links[1].media_type.as_deref(), Some("text/html"));
        }
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(alert(&hostile(2), &sender()), alert(&hostile(2), &sender()));
    let entries = [plain(1), hostile(2)];
    assert_eq!(index(&channel(), &entries), index(&channel(), &entries));
}
