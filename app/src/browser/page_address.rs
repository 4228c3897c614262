//! This page's own address and the clipboard. Inert on the server: there is no origin to
//! read there, and nothing to copy to.

/// `host[:port]` of the page, e.g. `beat.example` (for `webcal://` links).
pub fn host() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?.location().host().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// `https://beat.example`: the page's scheme and host.
pub fn origin() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?.location().origin().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Puts `text` on the clipboard; false when the browser refused (no permission, no API).
pub async fn copy(text: String) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else { return false };
        let promise = window.navigator().clipboard().write_text(&text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}

/// Opens `path` as a full page load, replacing this page in history. Unlike the in-app
/// router, the load goes through the service worker, which answers from its copy offline.
pub fn open_page(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Loads this page again, through the service worker.
pub fn reload() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// This page's path, e.g. `/area/E05011350`.
pub fn path() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()?.location().pathname().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Marks the page as handled by the app (`<body data-hydrated="true">`): browser tests wait
/// for it before doing what only the app does.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// What sharing a link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    /// The phone's own share sheet took it (or the person closed it).
    Sheet,
    /// No share sheet here: the address was copied instead.
    Copied,
    /// Neither worked.
    Failed,
}

/// Shares `path` on this site with the phone's share sheet (`navigator.share`), or copies
/// its address where there is none (most desktop browsers).
pub async fn share(title: String, path: String) -> Shared {
    let address = format!("{}{path}", origin().unwrap_or_default());
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Shared::Failed };
        let share =
            js_sys::Reflect::get(&navigator, &"share".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(share) = share {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
            let _ = js_sys::Reflect::set(&data, &"url".into(), &address.clone().into());
            if let Ok(promise) = share.call1(&navigator, &data).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
                // A closed sheet rejects too; either way the sheet was offered.
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                return Shared::Sheet;
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = title;
    if copy(address).await {
        Shared::Copied
    } else {
        Shared::Failed
    }
}

/// Waits until Beat's server answers for `path` at all (any status: the network is back),
/// asking every 2 seconds with a HEAD request that no cache answers. Never returns on the server.
pub async fn until_reachable(path: &str) {
    #[cfg(feature = "hydrate")]
    loop {
        gloo_timers::future::TimeoutFuture::new(2_000).await;
        if answers(path).await {
            return;
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = path;
        std::future::pending::<()>().await
    }
}

#[cfg(feature = "hydrate")]
async fn answers(path: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return false };
    let init = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&init, &"method".into(), &"HEAD".into());
    let _ = js_sys::Reflect::set(&init, &"cache".into(), &"no-store".into());
    let Some(fetch) =
        js_sys::Reflect::get(&window, &"fetch".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match fetch.call2(&window, &path.into(), &init).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}
