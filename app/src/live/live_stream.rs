//! A live page's stream: an `EventSource` on `/events`. After a cut the browser reconnects
//! by itself and sends `Last-Event-ID`, and the server replays exactly what was missed, so
//! this hook mostly collects what arrives. An answer other than 200 (a busy server's 503, a
//! balancer with no server left) closes an `EventSource` for good: the hook then opens a new
//! one from the last event it got, after a growing, jittered wait. Closed when the page goes.
//! On the server it stays idle and the page shows what it was rendered with.

use crate::live::wire::{CampaignCounters, LiveUpdate};
use leptos::prelude::*;

/// Where the stream is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamState {
    /// Not started (on the server, or before the app starts).
    Idle,
    Connecting,
    Live,
    /// Lost; the browser is trying again.
    Reconnecting,
}

/// What a live page gets. Copy: every field is a signal.
#[derive(Clone, Copy)]
pub struct LiveStream {
    /// Newest first.
    pub updates: RwSignal<Vec<LiveUpdate>>,
    /// Ids of updates withdrawn since the page was read: their cards come down.
    pub withdrawn: RwSignal<Vec<i64>>,
    /// The latest counters, on a campaign's page.
    pub counters: RwSignal<Option<CampaignCounters>>,
    pub state: RwSignal<StreamState>,
}

/// Opens `url` (from [`crate::live::wire`]) once the app runs in the browser; `None`: a
/// page with nothing more to come.
pub fn use_live_stream(url: Option<String>) -> LiveStream {
    let stream = LiveStream {
        updates: RwSignal::new(Vec::new()),
        withdrawn: RwSignal::new(Vec::new()),
        counters: RwSignal::new(None),
        state: RwSignal::new(StreamState::Idle),
    };
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(url) = &url {
            let id = web::open(url, stream);
            on_cleanup(move || web::close(id));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &url;
    });
    stream
}

impl LiveStream {
    /// Whether a card the page was rendered with still shows: not withdrawn since, and not
    /// come again through the stream (an update that became visible while the page was
    /// read is in both, and shows once, as the streamed card).
    pub fn keeps(self, id: i64) -> bool {
        !self.withdrawn.with(|w| w.contains(&id)) && !self.updates.with(|list| list.iter().any(|u| u.item.id == id))
    }

    /// An update became visible (or its withdrawal was undone).
    pub fn arrived(self, update: LiveUpdate) {
        let id = update.item.id;
        self.withdrawn.update(|w| w.retain(|x| *x != id));
        self.updates.update(|list| {
            list.retain(|u| u.item.id != id);
            list.insert(0, update);
        });
    }

    /// An update was withdrawn: its card comes down, streamed or rendered with the page.
    pub fn withdraw(self, id: i64) {
        self.updates.update(|list| list.retain(|u| u.item.id != id));
        self.withdrawn.update(|w| {
            if !w.contains(&id) {
                w.push(id);
            }
        });
    }
}

#[cfg(feature = "hydrate")]
mod web {
    use super::{LiveStream, StreamState};
    use crate::live::wire::{reopen_delay_ms, resume_url, EVENT_COUNTERS, EVENT_RESET, EVENT_UPDATE, EVENT_WITHDRAWN};
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    type Listener = Closure<dyn Fn(web_sys::Event)>;

    thread_local! {
        /// Open streams and their listeners, by id (neither is Send, so not in a signal).
        static OPEN: RefCell<HashMap<u32, (EventSource, Vec<Listener>)>> = RefCell::new(HashMap::new());
        static NEXT: RefCell<u32> = const { RefCell::new(0) };
    }

    pub fn open(url: &str, stream: LiveStream) -> u32 {
        let id = NEXT.with(|n| {
            let mut n = n.borrow_mut();
            *n += 1;
            *n
        });
        connect(id, url.to_string(), stream, 0);
        id
    }

    /// Opens (or opens again) stream `id` on `url`; `attempt` counts refusals in a row.
    fn connect(id: u32, url: String, stream: LiveStream, attempt: u32) {
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        stream.state.set(StreamState::Connecting);
        // The newest event id this stream got, to open a replacement from.
        let last_id: Rc<RefCell<Option<String>>> = Rc::default();
        let opened = Rc::new(Cell::new(false));
        let data = {
            let last_id = last_id.clone();
            move |event: &web_sys::Event| {
                let message = event.dyn_ref::<MessageEvent>()?;
                let id = message.last_event_id();
                if !id.is_empty() {
                    *last_id.borrow_mut() = Some(id);
                }
                message.data().as_string()
            }
        };
        let on_update: Listener = Closure::new({
            let data = data.clone();
            move |event: web_sys::Event| {
                let parsed = data(&event).and_then(|d| serde_json::from_str(&d).ok());
                if let Some(update) = parsed {
                    stream.arrived(update);
                }
            }
        });
        let on_withdrawn: Listener = Closure::new({
            let data = data.clone();
            move |event: web_sys::Event| {
                if let Some(id) = data(&event).and_then(|d| d.trim().parse().ok()) {
                    stream.withdraw(id);
                }
            }
        });
        let on_counters: Listener = Closure::new(move |event: web_sys::Event| {
            if let Some(counters) = data(&event).and_then(|d| serde_json::from_str(&d).ok()) {
                stream.counters.set(Some(counters));
            }
        });
        // Too much was missed to replay: read the page again.
        let on_reset: Listener = Closure::new(move |_| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let on_open: Listener = Closure::new({
            let opened = opened.clone();
            move |_| {
                opened.set(true);
                stream.state.set(StreamState::Live);
            }
        });
        let on_error: Listener = Closure::new(move |event: web_sys::Event| {
            stream.state.set(StreamState::Reconnecting);
            let closed = event
                .target()
                .and_then(|t| t.dyn_into::<EventSource>().ok())
                .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
            if !closed {
                return; // the browser is reconnecting by itself
            }
            let attempt = if opened.get() { 0 } else { attempt + 1 };
            let next = resume_url(&url, last_id.borrow().as_deref());
            let wait = reopen_delay_ms(attempt, js_sys::Math::random());
            gloo_timers::callback::Timeout::new(wait, move || {
                // Unless the page closed it meanwhile.
                if let Some((old, _)) = OPEN.with(|open| open.borrow_mut().remove(&id)) {
                    old.close();
                    connect(id, next, stream, attempt);
                }
            })
            .forget();
        });
        let listeners = [
            (EVENT_UPDATE, on_update),
            (EVENT_WITHDRAWN, on_withdrawn),
            (EVENT_COUNTERS, on_counters),
            (EVENT_RESET, on_reset),
            ("open", on_open),
            ("error", on_error),
        ]
        .into_iter()
        .map(|(name, listener)| {
            let _ = source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listener
        })
        .collect();
        OPEN.with(|open| open.borrow_mut().insert(id, (source, listeners)));
    }

    pub fn close(id: u32) {
        if let Some((source, _listeners)) = OPEN.with(|open| open.borrow_mut().remove(&id)) {
            source.close();
        }
    }
}
