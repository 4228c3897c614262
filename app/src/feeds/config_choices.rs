//! The kinds the add-a-feed form offers and the server accepts (both builds need it).

use crate::updates::kind::UpdateKind;

/// Kinds an agency's feed can be stored as by default (not reporters' notes or Q&A answers,
/// which only come through Beat's own moderation). The form lists them; the server checks them.
pub const FEED_KINDS: &[UpdateKind] = &[
    UpdateKind::Neighbourhood,
    UpdateKind::Appeal,
    UpdateKind::PreventionTip,
    UpdateKind::CouncilNotice,
    UpdateKind::Event,
    UpdateKind::CallLog,
    UpdateKind::Tally,
];
