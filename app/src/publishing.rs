//! Officers and council staff publishing updates to their areas, and withdrawing them.
//! Every text goes through the same privacy check as reporters' notes.

pub mod api;
pub mod publish_page;
