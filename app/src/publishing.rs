//! Publishing: the one pipeline every update and withdrawal goes through
//! ([`pipeline`]), and officers' and council staff's compose form.
//! Every text goes through the same privacy check as reporters' notes.

pub mod api;
pub mod area_choice;
#[cfg(feature = "ssr")]
pub mod pipeline;
pub mod publish_page;
