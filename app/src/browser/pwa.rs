//! The installed-app hooks: service worker registration and updates, the browser's install
//! prompt, and whether the device is online. Shared with components through [`Pwa`].
//! On the server every signal keeps its "unknown" value, so pages render the same there.

use leptos::prelude::*;

/// What the page knows about the installed app. Copy: every field is a signal.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// False when the browser says the device is offline.
    pub online: RwSignal<bool>,
    /// A new version's service worker is installed and waiting.
    pub update_ready: RwSignal<bool>,
    /// The browser offered its install prompt (Chromium's `beforeinstallprompt`).
    pub can_prompt: RwSignal<bool>,
    /// Running from the home screen already.
    pub standalone: RwSignal<bool>,
    /// iOS/iPadOS Safari: no prompt; "Share, then Add to Home Screen".
    pub ios: RwSignal<bool>,
    /// Set once the service worker is registered (offline reading and push need it).
    pub worker_ready: RwSignal<bool>,
}

/// Creates the hooks' signals and starts them in the browser. Call once, in `App`.
pub fn provide() -> Pwa {
    let pwa = Pwa {
        online: RwSignal::new(true),
        update_ready: RwSignal::new(false),
        can_prompt: RwSignal::new(false),
        standalone: RwSignal::new(false),
        ios: RwSignal::new(false),
        worker_ready: RwSignal::new(false),
    };
    provide_context(pwa);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        web::start(pwa);
    });
    pwa
}

/// The hooks, inside any component below `App`.
pub fn use_pwa() -> Pwa {
    use_context::<Pwa>().expect("browser::pwa::provide() runs in App")
}

/// Shows the browser's install prompt, if it offered one.
pub fn prompt_install(pwa: Pwa) {
    #[cfg(feature = "hydrate")]
    web::prompt_install(pwa);
    #[cfg(not(feature = "hydrate"))]
    let _ = pwa;
}

/// Lets the waiting worker take over, then reloads into the new version.
pub fn reload_to_update() {
    #[cfg(feature = "hydrate")]
    web::reload_to_update();
}

/// Forgets the cached copies of signed-in pages (on sign-out, on a shared phone).
pub fn forget_private_pages() {
    #[cfg(feature = "hydrate")]
    web::forget_private_pages();
}

#[cfg(feature = "hydrate")]
pub mod web {
    use super::Pwa;
    use leptos::prelude::*;
    use std::cell::RefCell;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    thread_local! {
        /// The deferred `beforeinstallprompt` event (not Send, so not in a signal).
        static INSTALL_EVENT: RefCell<Option<web_sys::Event>> = const { RefCell::new(None) };
    }

    pub fn start(pwa: Pwa) {
        let Some(window) = web_sys::window() else { return };
        let navigator = window.navigator();
        pwa.online.set(navigator.on_line());
        for (name, online) in [("online", true), ("offline", false)] {
            let listener = Closure::<dyn Fn()>::new(move || pwa.online.set(online));
            let _ = window.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listener.forget();
        }

        let standalone = window.match_media("(display-mode: standalone)").ok().flatten().is_some_and(|m| m.matches())
            || js_sys::Reflect::get(&navigator, &"standalone".into()).is_ok_and(|v| v.is_truthy());
        pwa.standalone.set(standalone);
        let agent = navigator.user_agent().unwrap_or_default();
        // iPadOS reports itself as a Mac; touch points tell them apart.
        let ios = agent.contains("iPhone")
            || agent.contains("iPad")
            || (agent.contains("Macintosh") && navigator.max_touch_points() > 1);
        pwa.ios.set(ios && !standalone);

        let prompt = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            // Keep the browser's own mini-bar away; Beat shows its button instead.
            event.prevent_default();
            INSTALL_EVENT.with(|slot| *slot.borrow_mut() = Some(event));
            pwa.can_prompt.set(true);
        });
        let _ = window.add_event_listener_with_callback("beforeinstallprompt", prompt.as_ref().unchecked_ref());
        prompt.forget();
        let installed = Closure::<dyn Fn()>::new(move || {
            pwa.can_prompt.set(false);
            pwa.standalone.set(true);
        });
        let _ = window.add_event_listener_with_callback("appinstalled", installed.as_ref().unchecked_ref());
        installed.forget();

        if let Some(script) = worker_script() {
            leptos::task::spawn_local(register(pwa, script));
        }
    }

    /// `<meta name="beat-service-worker">`, present in release builds only.
    fn worker_script() -> Option<String> {
        let document = web_sys::window()?.document()?;
        let meta = document.query_selector("meta[name=beat-service-worker]").ok()??;
        meta.get_attribute("content")
    }

    async fn register(pwa: Pwa, script: String) {
        let Some(window) = web_sys::window() else { return };
        let container = window.navigator().service_worker();
        let Ok(registration) = JsFuture::from(container.register(&script)).await else { return };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        pwa.worker_ready.set(true);
        // A worker already waiting (installed while this page was closed), or one that
        // finishes installing now, while an older one controls the page: a new version.
        let has_controller = container.controller().is_some();
        if has_controller && registration.waiting().is_some() {
            pwa.update_ready.set(true);
        }
        let reg = registration.clone();
        let found = Closure::<dyn Fn()>::new(move || {
            let Some(worker) = reg.installing() else { return };
            let watched = worker.clone();
            let changed = Closure::<dyn Fn()>::new(move || {
                let installed = watched.state() == web_sys::ServiceWorkerState::Installed;
                if installed && web_sys::window().is_some_and(|w| w.navigator().service_worker().controller().is_some())
                {
                    pwa.update_ready.set(true);
                }
            });
            worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
            changed.forget();
        });
        registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
        found.forget();
        // Check for a new version whenever the app comes back to the foreground.
        let reg = registration.clone();
        let visible = Closure::<dyn Fn()>::new(move || {
            if web_sys::window().and_then(|w| w.document()).is_some_and(|d| !d.hidden()) {
                let _ = reg.update();
            }
        });
        let _ = window.add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
        visible.forget();
    }

    pub fn prompt_install(pwa: Pwa) {
        let Some(event) = INSTALL_EVENT.with(|slot| slot.borrow_mut().take()) else { return };
        pwa.can_prompt.set(false);
        // `prompt()` is Chromium-only and not in web-sys; call it by name.
        if let Ok(prompt) = js_sys::Reflect::get(&event, &"prompt".into()) {
            if let Some(prompt) = prompt.dyn_ref::<js_sys::Function>() {
                let _ = prompt.call0(&event);
            }
        }
    }

    pub fn reload_to_update() {
        let Some(window) = web_sys::window() else { return };
        let container = window.navigator().service_worker();
        // Reload once the new worker controls the page, so HTML and bundle match.
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
        leptos::task::spawn_local(async move {
            let waiting = match JsFuture::from(container.get_registration()).await {
                Ok(reg) if !reg.is_undefined() => reg.unchecked_into::<web_sys::ServiceWorkerRegistration>().waiting(),
                _ => None,
            };
            match waiting {
                Some(worker) => {
                    let _ = worker.post_message(&JsValue::from_str("skip-waiting"));
                }
                None => {
                    let _ = web_sys::window().map(|w| w.location().reload());
                }
            }
        });
    }

    pub fn forget_private_pages() {
        if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
            let _ = caches.delete("beat-private-v1");
        }
    }

    /// The active registration, once the worker is registered (for push).
    pub async fn registration() -> Option<web_sys::ServiceWorkerRegistration> {
        let container = web_sys::window()?.navigator().service_worker();
        let ready = JsFuture::from(container.ready().ok()?).await.ok()?;
        Some(ready.unchecked_into())
    }
}
