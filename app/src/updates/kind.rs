//! What an update is: its kind, its severity and the kind of organisation that posted it.
//!
//! Stored as short stable slugs (`as_str`) so the database and URLs stay readable and
//! a renamed label never breaks stored rows.

/// Generates `as_str`, `parse`, `ALL` and `label` for a slug-backed enum.
macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $slug:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable slug used in storage and URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }

            /// A short label for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses a slug; `None` for anything else.
            pub fn parse(slug: &str) -> Option<Self> {
                match slug { $($slug => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use slug_enum;

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

slug_enum! {
    /// The kind of organisation (or person in office) that publishes updates.
    SourceKind {
        PoliceForce => "police_force", "Police force";
        NeighbourhoodTeam => "neighbourhood_team", "Neighbourhood team";
        Council => "council", "Council";
        Councillor => "councillor", "Councillor";
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
        for s in SourceKind::ALL {
            assert_eq!(SourceKind::parse(s.as_str()), Some(*s));
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
