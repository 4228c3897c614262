//! Where the resident was in a feed, so "back" from an update returns there. The app's own
//! navigation renders the feed again once its data has arrived, too late for the browser's
//! own scroll restoration. Positions are kept in memory for this tab only.

/// Starts noting back and forward navigations. Call once, in `App`.
pub fn start() {
    #[cfg(feature = "hydrate")]
    web::start();
}

/// Remembers how far down the current page is (on leaving it through a link).
pub fn remember_here() {
    #[cfg(feature = "hydrate")]
    web::remember_here();
}

/// If the current page was reached by going back (or forward) to it, scrolls to where it was
/// left. Call once its content is on the page.
pub fn restore_here() {
    #[cfg(feature = "hydrate")]
    web::restore_here();
}

#[cfg(feature = "hydrate")]
mod web {
    use std::cell::RefCell;
    use std::collections::HashMap;

    thread_local! {
        static POSITIONS: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
        /// The address the last back or forward navigation went to.
        static RETURNED_TO: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    fn here() -> Option<String> {
        let location = web_sys::window()?.location();
        Some(format!("{}{}", location.pathname().ok()?, location.search().ok()?))
    }

    pub fn start() {
        let handle = leptos::prelude::window_event_listener(leptos::ev::popstate, |_| {
            RETURNED_TO.with(|r| *r.borrow_mut() = here());
        });
        // For the life of the page, like the app itself.
        std::mem::forget(handle);
    }

    pub fn remember_here() {
        if let (Some(key), Some(y)) = (here(), web_sys::window().and_then(|w| w.scroll_y().ok())) {
            POSITIONS.with(|p| p.borrow_mut().insert(key, y));
        }
    }

    pub fn restore_here() {
        let Some(key) = here() else { return };
        if RETURNED_TO.with(|r| r.borrow_mut().take_if(|to| *to == key)).is_none() {
            return;
        }
        if let Some(y) = POSITIONS.with(|p| p.borrow().get(&key).copied()) {
            leptos::prelude::request_animation_frame(move || {
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, y);
                }
            });
        }
    }
}
