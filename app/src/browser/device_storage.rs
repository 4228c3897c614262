//! The device's local storage, the one place the hooks read and write it. Inert on the
//! server (reads find nothing). Storage can be off (private browsing): writes are then
//! dropped, and the app works, it just does not remember.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The value stored under `key`, if there is one and it reads as a `T`.
pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::get(key).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Stores `value` under `key`.
pub fn set<T: Serialize + ?Sized>(key: &str, value: &T) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        let _ = LocalStorage::set(key, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// Forgets what is stored under `key`.
pub fn delete(key: &str) {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::delete(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}
