//! Feeds in and out.
//!
//! In: agencies already publish news as RSS, Atom or JSON Feed and warnings as CAP alerts.
//! Beat polls them ([`poller`]), decodes them ([`text`]), reads them ([`parse`], [`cap`]),
//! turns their HTML into plain text ([`html_text`]), decides where each item belongs
//! ([`place`]) and stores the items as updates ([`store`]). The source status page shows how each feed is doing.
//!
//! Out: every area's updates as Atom, RSS and JSON Feed, its events as iCalendar and its
//! warnings as CAP ([`out`], served by [`http`] with ETags and 304s).
//!
//! The pure core (format, text, parse, cap, html_text, item, place, schedule, out) has no I/O;
//! fetch, store, poller, http and api are the edges.

#[cfg(feature = "ssr")]
pub mod admin;
pub mod api;
#[cfg(feature = "ssr")]
pub mod config;
pub mod config_choices;
pub mod format;
pub mod source_page;
pub mod sources_page;
pub mod status;
pub mod subscribe;

#[cfg(feature = "ssr")]
pub mod cap;
#[cfg(feature = "ssr")]
pub mod egress;
#[cfg(feature = "ssr")]
pub mod fetch;
#[cfg(feature = "ssr")]
pub mod html_text;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod item;
#[cfg(feature = "ssr")]
pub mod out;
#[cfg(feature = "ssr")]
pub mod parse;
#[cfg(feature = "ssr")]
pub mod place;
#[cfg(feature = "ssr")]
pub mod poller;
#[cfg(feature = "ssr")]
pub mod schedule;
#[cfg(feature = "ssr")]
pub mod status_store;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod text;
