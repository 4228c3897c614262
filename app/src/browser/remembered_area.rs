//! The resident's chosen area, kept on the device (the area code only, nothing else).

const KEY: &str = "beat.area";

/// The remembered area code, if any. Always `None` on the server.
pub fn remembered_area() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::get::<String>(KEY).ok().filter(|code| crate::areas::area::AreaCode::parse(code).is_ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Remembers `code` on the device. Does nothing on the server or if storage is off.
pub fn remember_area(code: &str) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        // Storage can be off (private browsing): the app works, it just won't remember.
        let _ = LocalStorage::set(KEY, code);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (KEY, code);
}
