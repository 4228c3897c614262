//! What an update is: its kind and its severity. (Who posted it: `crate::sources`.)
//!
//! Stored as short stable slugs (`as_str`) so the database and URLs stay readable and
//! a renamed label never breaks stored rows.

use crate::slug::slug_enum;

slug_enum! {
    /// The kinds of update from the brief.
    UpdateKind {
        /// A summary of calls received (the #GMP24 day).
        CallLog => "call_log", "Call log";
        /// A post from an officer or neighbourhood team.
        Neighbourhood => "neighbourhood", "Neighbourhood update";
        /// A request for information or witnesses.
        Appeal => "appeal", "Appeal";
        /// Advice on staying safe.
        PreventionTip => "prevention_tip", "Prevention tip";
        /// Arrests or calls counted over a period.
        Tally => "tally", "Arrests and calls";
        /// A council notice: school closure, lost pet, service change.
        CouncilNotice => "council_notice", "Council notice";
        /// A surgery, beat meeting or other event.
        Event => "event", "Event";
        /// An answer given in a public Q&A session.
        QaAnswer => "qa_answer", "Q&A answer";
        /// A moderated note from a community reporter.
        ReporterNote => "reporter_note", "Community reporter";
    }
}

slug_enum! {
    /// How much attention an update asks for.
    Severity {
        Info => "info", "Info";
        Advisory => "advisory", "Advisory";
        Warning => "warning", "Warning";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_unknown_is_none() {
        for kind in UpdateKind::ALL {
            assert_eq!(UpdateKind::parse(kind.as_str()), Some(*kind));
        }
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(*s));
        }
        assert_eq!(UpdateKind::parse("Appeal"), None);
        assert_eq!(UpdateKind::parse(""), None);
        assert_eq!(Severity::parse("critical"), None);
    }

    #[test]
    fn serde_uses_the_slug() {
        assert_eq!(serde_json::to_string(&UpdateKind::PreventionTip).unwrap(), "\"prevention_tip\"");
        assert_eq!(
            serde_json::to_string(&UpdateKind::PreventionTip).unwrap(),
            format!("\"{}\"", UpdateKind::PreventionTip.as_str())
        );
    }
}
