//! The resident's chosen area, kept on the device (the area code, and the emergency numbers of
//! its country so pages without an area can show them; nothing else).

use super::device_storage;
use crate::areas::area::EmergencyNumbers;

const KEY: &str = "beat.area";
const NUMBERS_KEY: &str = "beat.numbers";

/// The remembered area code, if any. Always `None` on the server.
pub fn remembered_area() -> Option<String> {
    device_storage::get::<String>(KEY).filter(|code| crate::areas::area::AreaCode::parse(code).is_ok())
}

/// Remembers `code` on the device. Does nothing on the server or if storage is off.
pub fn remember_area(code: &str) {
    device_storage::set(KEY, code);
}

/// The emergency numbers of the country the resident was last found in. `None` on the server.
pub fn remembered_numbers() -> Option<EmergencyNumbers> {
    device_storage::get::<EmergencyNumbers>(NUMBERS_KEY).filter(|n| !n.emergency.is_empty())
}

/// Remembers the numbers of the country the resident is in (`None`: not known, forget them).
pub fn remember_numbers(numbers: Option<&EmergencyNumbers>) {
    match numbers {
        Some(n) => device_storage::set(NUMBERS_KEY, n),
        None => device_storage::delete(NUMBERS_KEY),
    }
}
