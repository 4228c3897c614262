//! Beat's server: the axum router (with the Leptos pages and server functions) and the
//! admin tasks behind the `beat` command.

pub mod cli;
pub mod demo;
pub mod router;
pub mod setup;
