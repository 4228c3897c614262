//! Live days, the call log and Q&A sessions (issue 6): the pure core only, so far.
//! Nothing here is wired to pages, storage or the event stream yet.
//!
//! - [`window`]: a campaign's time window in its zone (clock changes refused or resolved),
//!   its phase, and "follow the sun" times for a viewer and a source in different zones;
//! - [`call_log`]: call categories and outcomes, quarter-hour rounding, entry checks,
//!   the day's counters;
//! - [`resume`]: exactly-once delivery after a reconnect (`Last-Event-ID`) and SSE frames;
//! - [`qa`]: session state, question checks, the sliding-window rate limit.
//!
//! Server-only for now: the zone data (chrono-tz) is not in the browser bundle.

pub mod call_log;
pub mod error;
pub mod qa;
pub mod resume;
pub mod window;
