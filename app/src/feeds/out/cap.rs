//! CAP 1.2 (OASIS Common Alerting Protocol): one alert document per warning, written with
//! the `quick-xml` writer, plus an Atom index linking to them the way MeteoAlarm and the
//! US NWS publish CAP.

mod terms;

use std::io;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::atom;
use super::model::{clean, Channel, Entry};

/// The CAP 1.2 namespace.
pub const NAMESPACE: &str = "urn:oasis:names:tc:emergency:cap:1.2";

/// Who issues the alerts, and the area they cover.
#[derive(Clone, Debug)]
pub struct CapSender {
    /// Globally unique sender id, e.g. "beat@beat.example" (spaces, commas, `<`, `&` dropped).
    pub sender: String,
    /// Plain-text description of the area, e.g. "Piccadilly, Manchester".
    pub area_desc: String,
    /// (valueName, value) pairs, e.g. ("GSS", "E05011376").
    pub geocodes: Vec<(String, String)>,
    /// The local emergency number, for the instruction.
    pub emergency_number: String,
    /// RFC 3066 language of the text, e.g. "en-GB".
    pub language: String,
}

/// One entry as a CAP 1.2 alert document.
///
/// A changed entry (`updated_ms > published_ms`) becomes an `Update` message: CAP needs
/// every message's identifier to be unique, so it gets "beat-update-{id}-{updated_ms}",
/// `sent` is the change time, and `references` points at the first version
/// ("beat-update-{id}", sent at publication).
pub fn alert(entry: &Entry, sender: &CapSender) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    match write_alert(&mut writer, entry, sender) {
        // Writing into a Vec cannot fail, and every input is a &str, so the bytes are UTF-8.
        Ok(()) => String::from_utf8(writer.into_inner()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// An Atom feed of the entries that have a CAP document, each linking to it as
/// `rel="alternate" type="application/cap+xml"` (ahead of the page link, for CAP clients
/// that take the first alternate).
pub fn index(channel: &Channel, entries: &[Entry]) -> String {
    let entries = entries
        .iter()
        .filter_map(|e| {
            let cap_url = e.cap_url.as_deref()?;
            let mut entry = atom::entry(e);
            entry.links.insert(0, atom::link(cap_url, "alternate", "application/cap+xml"));
            Some(entry)
        })
        .collect();
    atom::document(channel, entries)
}

fn write_alert(w: &mut Writer<Vec<u8>>, e: &Entry, s: &CapSender) -> io::Result<()> {
    let sender = terms::token(&s.sender);
    let first_id = format!("beat-update-{}", e.id);
    let is_update = e.updated_ms > e.published_ms;
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("alert").with_attribute(("xmlns", NAMESPACE)).write_inner_content(|w| {
        if is_update {
            text(w, "identifier", &format!("{first_id}-{}", e.updated_ms))?;
        } else {
            text(w, "identifier", &first_id)?;
        }
        text(w, "sender", &sender)?;
        text(w, "sent", &terms::time(e.updated_ms))?;
        text(w, "status", terms::status(e))?;
        text(w, "msgType", if is_update { "Update" } else { "Alert" })?;
        text(w, "scope", "Public")?;
        if is_update {
            text(w, "references", &format!("{sender},{first_id},{}", terms::time(e.published_ms)))?;
        }
        w.create_element("info").write_inner_content(|w| write_info(w, e, s))?;
        Ok(())
    })?;
    Ok(())
}

fn write_info(w: &mut Writer<Vec<u8>>, e: &Entry, s: &CapSender) -> io::Result<()> {
    text(w, "language", &s.language)?;
    text(w, "category", terms::category(e.source_kind))?;
    text(w, "event", e.kind.label())?;
    text(w, "urgency", terms::urgency(e.severity))?;
    text(w, "severity", terms::severity(e.severity))?;
    text(w, "certainty", terms::certainty(e))?;
    text(w, "effective", &terms::time(e.published_ms))?;
    if let Some(starts_ms) = e.starts_ms {
        text(w, "onset", &terms::time(starts_ms))?;
    }
    // An event stops mattering when it ends, if nothing else says so.
    if let Some(expires_ms) = e.expires_ms.or(e.ends_ms) {
        text(w, "expires", &terms::time(expires_ms))?;
    }
    text(w, "senderName", &e.source_name)?;
    text(w, "headline", &terms::headline(&clean(&e.title)))?;
    text(w, "description", &e.body)?;
    text(w, "instruction", &format!("Not for emergencies. In an emergency call {}.", s.emergency_number))?;
    text(w, "web", &e.url)?;
    w.create_element("area").write_inner_content(|w| {
        text(w, "areaDesc", &s.area_desc)?;
        for (name, value) in &s.geocodes {
            w.create_element("geocode").write_inner_content(|w| {
                text(w, "valueName", name)?;
                text(w, "value", value)
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// `<name>value</name>`, escaped, with what XML cannot carry dropped.
fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&clean(value)))?;
    Ok(())
}

#[cfg(test)]
mod tests;
