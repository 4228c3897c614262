//! Notes a reporter sent while the signal was gone. Each waits on the device (with its
//! client key) and is submitted when the connection returns. The server's `save_note` is
//! idempotent per client key, so a retry after a lost answer still makes one note.

use crate::error::AppError;
use crate::reports::api::{save_note, NoteSaved};
use crate::reports::note::NoteText;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A submitted note that has not reached the server yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingNote {
    pub ride: i64,
    pub client_key: String,
    pub text: NoteText,
    /// The server's refusal, if it answered with one (the note stays until it is fixed).
    pub refused: Option<String>,
}

/// The outbox as signals, for the note page and the sending loop.
#[derive(Clone, Copy)]
pub struct Outbox {
    pub pending: RwSignal<Vec<PendingNote>>,
    /// Notes this page sent from the outbox: client key and what the server said.
    pub sent: RwSignal<Vec<(String, NoteSaved)>>,
    sending: RwSignal<bool>,
}

const KEY: &str = "beat.outbox";

/// Creates the outbox in `App`; in the browser it loads what is waiting and sends it
/// whenever the device is (or comes back) online.
pub fn provide(online: RwSignal<bool>) -> Outbox {
    let outbox =
        Outbox { pending: RwSignal::new(Vec::new()), sent: RwSignal::new(Vec::new()), sending: RwSignal::new(false) };
    provide_context(outbox);
    Effect::new(move |_| {
        outbox.pending.set(load());
        if online.get() {
            leptos::task::spawn_local(outbox.flush());
        }
    });
    // A send can also fail while the device counts as online (a dead signal, the server
    // restarting): try again every half minute while anything waits.
    Effect::new(move |_| {
        set_interval(
            move || {
                if online.get_untracked() && outbox.pending.with_untracked(|p| p.iter().any(|n| n.refused.is_none())) {
                    leptos::task::spawn_local(outbox.flush());
                }
            },
            std::time::Duration::from_secs(30),
        );
    });
    outbox
}

pub fn use_outbox() -> Outbox {
    use_context::<Outbox>().expect("note_outbox::provide() runs in App")
}

impl Outbox {
    /// Keeps a note to send later (replacing an earlier copy with the same key).
    pub fn queue(self, note: PendingNote) {
        self.pending.update(|all| {
            all.retain(|n| n.client_key != note.client_key);
            all.push(note);
        });
        store(&self.pending.get_untracked());
    }

    /// Takes a note out of the outbox (sent another way, or the reporter went back to it).
    pub fn forget(self, client_key: &str) {
        if self.pending.with_untracked(|all| all.iter().any(|n| n.client_key == client_key)) {
            self.pending.update(|all| all.retain(|n| n.client_key != client_key));
            store(&self.pending.get_untracked());
        }
    }

    /// Sends every waiting note once, in order. Stops at the first network failure (still
    /// offline); a refusal is kept on the note for the reporter to see.
    pub async fn flush(self) {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        for note in self.pending.get_untracked() {
            if note.refused.is_some() {
                continue;
            }
            let t = note.text.clone();
            let answer = save_note(
                Some(note.ride.to_string()),
                Some(note.client_key.clone()),
                Some(t.title),
                Some(t.saw),
                Some(t.made_of),
                Some(t.felt),
                Some("1".into()),
            )
            .await;
            match answer {
                Ok(saved) => {
                    self.pending.update(|all| all.retain(|n| n.client_key != note.client_key));
                    super::note_drafts::remove(&note.client_key);
                    self.sent.update(|s| s.push((note.client_key.clone(), saved)));
                }
                Err(AppError::Transport(_)) => break,
                Err(refusal) => self.pending.update(|all| {
                    if let Some(n) = all.iter_mut().find(|n| n.client_key == note.client_key) {
                        n.refused = Some(refusal.to_string());
                    }
                }),
            }
            store(&self.pending.get_untracked());
        }
        self.sending.set(false);
    }
}

fn load() -> Vec<PendingNote> {
    crate::browser::device_storage::get(KEY).unwrap_or_default()
}

fn store(pending: &[PendingNote]) {
    crate::browser::device_storage::set(KEY, pending);
}
