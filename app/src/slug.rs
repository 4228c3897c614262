//! Short stable slugs for the enums Beat stores and puts in URLs (`call_log`, `warning`,
//! `moderator`): a renamed label never breaks a stored row.

/// Generates `as_str`, `parse`, `ALL`, `label` and `TryFrom<String>` for a slug-backed enum.
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

        /// A stored slug (how rows map with `#[sqlx(try_from = "String")]`).
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(slug: String) -> Result<Self, String> {
                Self::parse(&slug).ok_or_else(|| format!("unknown {} {slug:?}", stringify!($name)))
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
