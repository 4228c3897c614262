//! Feeds out: an area's updates written as syndication documents.
//!
//! Pure functions, strings in and strings out: no I/O, no clock. The same input always gives
//! byte-identical output, because the server hashes the body for its ETag.
//!
//! | Writer                  | Format                                   | Content type        |
//! |-------------------------|------------------------------------------|---------------------|
//! | [`atom::feed`]          | Atom 1.0 (RFC 4287)                      | [`content_type::ATOM`] |
//! | [`rss::channel`]        | RSS 2.0 with `atom:link` and `dc:creator` | [`content_type::RSS`]  |
//! | [`json_feed::feed`]     | JSON Feed 1.1                            | [`content_type::JSON`] |
//! | [`ical::calendar`]      | iCalendar (RFC 5545), events only        | [`content_type::ICS`]  |
//! | [`cap::alert`]          | CAP 1.2, one document per warning        | [`content_type::CAP`]  |
//! | [`cap::index`]          | Atom index linking to the CAP documents  | [`content_type::ATOM`] |
//!
//! [`model`] holds the input types ([`Channel`], [`Entry`]) and the text clean-up every writer
//! applies: C0 control characters other than tab and newline are dropped, because XML 1.0
//! cannot carry them at all and RFC 5545 forbids them in text.

pub mod atom;
pub mod cap;
pub mod ical;
pub mod json_feed;
pub mod model;
pub mod rss;

#[cfg(test)]
mod fixtures;

pub use cap::CapSender;
pub use model::{Channel, Entry};

/// `Content-Type` header values for each document.
pub mod content_type {
    /// Atom feeds, including the CAP alerts index.
    pub const ATOM: &str = "application/atom+xml; charset=utf-8";
    /// RSS 2.0 channels.
    pub const RSS: &str = "application/rss+xml; charset=utf-8";
    /// JSON Feed 1.1 documents.
    pub const JSON: &str = "application/feed+json; charset=utf-8";
    /// iCalendar documents.
    pub const ICS: &str = "text/calendar; charset=utf-8";
    /// CAP 1.2 alert documents.
    pub const CAP: &str = "application/cap+xml; charset=utf-8";
}
