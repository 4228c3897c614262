//! The installable app: manifest and icons (static, in `public/`), the service worker with
//! this build's asset list, the install and update prompts, and the offline notices.
//!
//! Pure: [`build`] (which files this build has). Edges: [`http`] (`/sw.js`), the hooks in
//! [`crate::browser::pwa`]. Components: one per file.

pub mod install_button;
pub mod install_page;
pub mod offline_notice;
pub mod offline_page;
pub mod update_banner;

pub mod build;
#[cfg(feature = "ssr")]
pub mod http;
