//! Reporters' note drafts kept on the device, keyed by the note's client key, so a note
//! survives a closed tab or a dropped signal before it reaches the server.

use crate::browser::device_storage;
use crate::reports::note::NoteText;

fn key(client_key: &str) -> String {
    format!("beat.note.{client_key}")
}

/// The draft saved on this device for the note, if any. Always `None` on the server.
pub fn load(client_key: &str) -> Option<NoteText> {
    device_storage::get(&key(client_key))
}

/// Keeps the draft on the device. Does nothing on the server or if storage is off.
pub fn save(client_key: &str, text: &NoteText) {
    device_storage::set(&key(client_key), text);
}

/// Forgets the device copy once the server holds the submitted note.
pub fn remove(client_key: &str) {
    device_storage::delete(&key(client_key));
}
