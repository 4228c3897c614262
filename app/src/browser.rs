//! Small hooks over browser APIs. On the server they answer "unknown", so a page renders
//! usefully without them and hydrates the same markup.

pub mod device_storage;
pub mod geolocation;
pub mod page_address;
pub mod pwa;
pub mod remembered_area;
pub mod scroll_memory;
pub mod time_zone;
