//! Live days and the live call log. (Q&A sessions are `crate::qa`.)
//!
//! Pure core:
//! - [`window`]: a campaign's time window in its zone (clock changes refused or resolved),
//!   its phase, and "follow the sun" times for a viewer and a source in different zones;
//! - [`call_log`]: call categories and outcomes, quarter-hour rounding, entry checks,
//!   the day's counters;
//! - [`resume`]: exactly-once delivery after a reconnect (`Last-Event-ID`) and SSE frames.
//!
//! Edges: `hub` (one tail of the live event log per server, fanned out to open streams
//! behind a small [`hub::Publisher`] interface; `notify` wakes tails on other servers through
//! PostgreSQL's `LISTEN/NOTIFY`), `stream` (the SSE endpoint), `store`, the
//! server functions in `api`, the pages, and the browser's stream hook (`live_stream`).
//!
//! The zone data (chrono-tz) stays on the server: pages get times already formatted.

pub mod call_log;
pub mod error;
pub mod window;
pub mod wire;

pub mod api;
pub mod call_log_page;
pub mod campaign_admin_page;
pub mod campaign_page;
pub mod live_feed;
pub mod live_page;
pub mod live_stream;

#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod resume;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod stream;
