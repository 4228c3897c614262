//! Updates from police and councils, and the area feed that shows them.

pub mod api;
pub mod feed;
pub mod feed_filters;
pub mod feed_page;
pub mod kind;
pub mod share_button;
pub mod update_card;
pub mod update_page;

#[cfg(feature = "ssr")]
pub mod store;
