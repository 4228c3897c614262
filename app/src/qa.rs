//! Public question-and-answer sessions (#askGMP): residents ask, officers approve and answer
//! in public, and the answers are published as updates through the publishing pipeline.
//!
//! Pure core: [`rules`] (session state, question checks, the sliding-window rate limit).
//! Edges: `store` (sessions and questions), the server functions in `api`, and the pages.

pub mod api;
pub mod desk_page;
pub mod page;

#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use rules::*;
