//! Community reporters: ride-alongs with a team, notes written with gentle prompts, and
//! the moderation queue where officers and moderators check notes before anything is
//! public.

pub mod api;
pub mod moderation_page;
pub mod note;
pub mod note_drafts;
pub mod note_editor;
pub mod note_outbox;
pub mod note_page;
pub mod queue_card;
pub mod reporter_page;
pub mod ride_along;

#[cfg(feature = "ssr")]
pub mod store;
