//! The resident's chosen area, kept on the device (the area code only, nothing else).

use super::device_storage;

const KEY: &str = "beat.area";

/// The remembered area code, if any. Always `None` on the server.
pub fn remembered_area() -> Option<String> {
    device_storage::get::<String>(KEY).filter(|code| crate::areas::area::AreaCode::parse(code).is_ok())
}

/// Remembers `code` on the device. Does nothing on the server or if storage is off.
pub fn remember_area(code: &str) {
    device_storage::set(KEY, code);
}
