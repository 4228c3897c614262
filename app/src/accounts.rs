//! Accounts for community reporters and staff: roles and what each may do, sign-in with
//! sessions kept in the database, invitations, and the admin page.
//!
//! Residents need no account. The policy ([`user`]) is pure and unit-tested; every server
//! function asks it on the server whatever the page showed.

pub mod account_page;
pub mod admin_page;
pub mod api;
pub mod invitation_page;
pub mod role;
pub mod sign_in_page;
pub mod user;
pub mod validate;
pub mod who;

#[cfg(feature = "ssr")]
pub mod admin;
#[cfg(feature = "ssr")]
pub mod cookie;
#[cfg(feature = "ssr")]
pub mod known_device;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;
#[cfg(feature = "ssr")]
pub mod token;
