//! Privacy: the guard that runs on text before it is published.
//!
//! Community reporters' notes and officers' updates are free text, and free text leaks: a
//! phone number, a house number, a date of birth. [`scan`] finds such details and says
//! where they are, [`redact`] replaces them with a placeholder, and [`review`] does both,
//! so the author can see each flag and accept or fix the proposed text before it goes out.
//! This is plain Rust with no I/O: it runs the same on the server and in the browser.
//!
//! The rules, and what they deliberately leave alone, are documented in `redact.rs`; the
//! labelled sentences in `privacy/redaction_corpus.txt` measure them (see `corpus.rs`).

mod redact;
pub mod segments;

pub use redact::*;

#[cfg(test)]
mod corpus;
