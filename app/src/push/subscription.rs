//! The browser's push subscription: whether this browser can get alerts, the subscription
//! it already has, and asking for one. Inert on the server.

use serde::Deserialize;

/// A subscription as `PushSubscription.toJSON()` gives it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DeviceSubscription {
    pub endpoint: String,
    pub keys: Keys,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Keys {
    pub p256dh: String,
    pub auth: String,
}

/// Whether alerts can work here: a service worker, the Push API and notifications.
pub fn supported() -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else { return false };
        let has = |name: &str| js_sys::Reflect::has(&window, &name.into()).unwrap_or(false);
        has("PushManager")
            && has("Notification")
            && js_sys::Reflect::has(&window.navigator(), &"serviceWorker".into()).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// The device's IANA time zone ("Europe/London"), for quiet hours.
pub fn time_zone() -> String {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "UTC".into())
    }
    #[cfg(not(feature = "hydrate"))]
    "UTC".into()
}

/// The subscription this browser already has, if any.
pub async fn current() -> Option<DeviceSubscription> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen_futures::JsFuture;
        let registration = crate::browser::pwa::web::registration().await?;
        let found = JsFuture::from(registration.push_manager().ok()?.get_subscription().ok()?).await.ok()?;
        read(&found)
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Asks for notification permission and a subscription signed for `server_key`.
pub async fn subscribe(server_key: &str) -> Result<DeviceSubscription, String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen_futures::JsFuture;
        let no_worker =
            "Alerts need the app's offline support, which this browser has not started. Reload and try again.";
        let registration = crate::browser::pwa::web::registration().await.ok_or(no_worker)?;
        let permission =
            web_sys::Notification::request_permission().map_err(|_| "This browser cannot show notifications.")?;
        let answer = JsFuture::from(permission).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
        if answer != "granted" {
            return Err(
                "Notifications are blocked for Beat. Allow them in the browser's site settings, then try again.".into(),
            );
        }
        let options = web_sys::PushSubscriptionOptionsInit::new();
        options.set_user_visible_only(true);
        options.set_application_server_key_opt_str(Some(server_key));
        let manager = registration.push_manager().map_err(|_| "This browser has no push service.")?;
        let promise = manager.subscribe_with_options(&options).map_err(|_| "This browser has no push service.")?;
        let subscription = JsFuture::from(promise)
            .await
            .map_err(|_| "The browser's push service did not answer. Check your connection and try again.")?;
        read(&subscription).ok_or_else(|| "The browser gave an unreadable subscription.".into())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = server_key;
        Err("Alerts are set up in the browser.".into())
    }
}

/// Ends this browser's subscription (when it follows no area any more).
pub async fn unsubscribe() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let Some(registration) = crate::browser::pwa::web::registration().await else { return };
        let Some(found) = registration.push_manager().ok().and_then(|m| m.get_subscription().ok()) else { return };
        if let Ok(found) = JsFuture::from(found).await {
            if let Some(sub) = found.dyn_ref::<web_sys::PushSubscription>() {
                if let Ok(p) = sub.unsubscribe() {
                    let _ = JsFuture::from(p).await;
                }
            }
        }
    }
}

#[cfg(feature = "hydrate")]
fn read(value: &wasm_bindgen::JsValue) -> Option<DeviceSubscription> {
    if value.is_null() || value.is_undefined() {
        return None;
    }
    let json = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&json).ok()
}
