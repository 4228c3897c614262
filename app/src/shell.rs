//! The frame every page shares: the emergency banner, header, footer; the home page and
//! the not-found page.

pub mod emergency_banner;
pub mod error_page;
pub mod form_error;
pub mod home_page;
pub mod not_found_page;
pub mod page_frame;
pub mod signed_in;
