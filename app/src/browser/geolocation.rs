//! The phone's position, asked for once, at low accuracy (a cell is all we need).

use crate::areas::cell::LatLon;

/// Why no position came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionError {
    /// The person (or the browser's settings) said no.
    Denied,
    /// The device could not tell where it is.
    Unavailable,
    /// No answer in time.
    Timeout,
    /// No Geolocation API here (or on the server).
    Unsupported,
}

impl PositionError {
    /// What to tell the resident.
    pub fn message(self) -> &'static str {
        match self {
            PositionError::Denied => "Location is turned off for Beat. That's fine: pick your area by name below.",
            PositionError::Unavailable => {
                "Your phone couldn't tell where you are right now. Pick your area by name below."
            }
            PositionError::Timeout => {
                "Finding your location took too long. Try again, or pick your area by name below."
            }
            PositionError::Unsupported => "This browser can't share a location. Pick your area by name below.",
        }
    }
}

/// Asks the browser for the current position and calls `done` once with the answer.
#[cfg(feature = "hydrate")]
pub fn request_position(done: impl FnOnce(Result<LatLon, PositionError>) + 'static) {
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        return done(Err(PositionError::Unsupported));
    };
    // Either callback may fire, but `done` runs once.
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |result| {
            if let Some(done) = done.borrow_mut().take() {
                done(result)
            }
        }
    };
    let finish_err = finish.clone();
    let on_position = Closure::once_into_js(move |position: JsValue| {
        let coords = position.unchecked_into::<web_sys::Position>().coords();
        finish(LatLon::new(coords.latitude(), coords.longitude()).map_err(|_| PositionError::Unavailable));
    });
    let on_error = Closure::once_into_js(move |error: JsValue| {
        let code = error.unchecked_into::<web_sys::PositionError>().code();
        finish_err(Err(match code {
            web_sys::PositionError::PERMISSION_DENIED => PositionError::Denied,
            web_sys::PositionError::TIMEOUT => PositionError::Timeout,
            _ => PositionError::Unavailable,
        }));
    });
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(false);
    options.set_timeout(15_000);
    options.set_maximum_age(300_000);
    let asked = geolocation.get_current_position_with_error_callback_and_options(
        on_position.unchecked_ref::<js_sys::Function>(),
        Some(on_error.unchecked_ref::<js_sys::Function>()),
        &options,
    );
    if asked.is_err() {
        if let Some(done) = done.borrow_mut().take() {
            done(Err(PositionError::Unsupported))
        }
    }
}

/// On the server there is no position.
#[cfg(not(feature = "hydrate"))]
pub fn request_position(done: impl FnOnce(Result<LatLon, PositionError>) + 'static) {
    done(Err(PositionError::Unsupported))
}
