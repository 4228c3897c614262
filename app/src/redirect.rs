//! Where a request may send a browser back to (sign-in's `next`, a plain form post's way
//! back, the offline page's `from`): only a path on this site.

/// Whether `path` is a path on this site, safe to send a browser to: it starts with one `/`
/// and has no `\` (`//host` and `/\host` are other sites to a browser).
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')
}
