//! Where a request may send a browser back to (sign-in's `next`, a plain form post's way
//! back, the offline page's `from`): only a path on this site.
//!
//! Decided by a real URL parser, the way a browser will read the address: the WHATWG parser
//! of the `url` crate on the server and the browser's own `URL` in the page. A hand-written
//! check misses what browsers quietly repair (`/\t/evil.example` loses its tab and becomes
//! `//evil.example`, another site).

/// Where addresses are resolved: any origin of our own would do.
const BASE: &str = "https://beat.invalid/";

/// The path on this site `path` leads to, as the parser normalised it (path, query and
/// fragment), or `None` when a browser would go anywhere else with it. Only an absolute path
/// is taken (no scheme, no host, no relative path).
pub fn local_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let (origin, local) = resolve(path)?;
    // Dot segments can leave `//host` (`/.//evil.example`): sent as a Location, a browser
    // reads that as another site.
    (origin == BASE.trim_end_matches('/') && !local.starts_with("//")).then_some(local)
}

/// (origin, path + query + fragment) of `path` resolved against [`BASE`].
#[cfg(feature = "ssr")]
fn resolve(path: &str) -> Option<(String, String)> {
    let url = url::Url::parse(BASE).ok()?.join(path).ok()?;
    Some((url.origin().ascii_serialization(), url[url::Position::BeforePath..].to_string()))
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn resolve(path: &str) -> Option<(String, String)> {
    let url = web_sys::Url::new_with_base(path, BASE).ok()?;
    Some((url.origin(), format!("{}{}{}", url.pathname(), url.search(), url.hash())))
}

/// Built with neither half (a plain `cargo check`): nothing is trusted.
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn resolve(_path: &str) -> Option<(String, String)> {
    None
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept_as_the_parser_reads_them() {
        assert_eq!(local_path("/").as_deref(), Some("/"));
        assert_eq!(local_path("/areas/E05011350?kind=alert#top").as_deref(), Some("/areas/E05011350?kind=alert#top"));
        // Dot segments are resolved, not followed off the site.
        assert_eq!(local_path("/a/../../b").as_deref(), Some("/b"));
        // An encoded slash is part of a path, never a host.
        assert_eq!(local_path("/%2F/evil.example").as_deref(), Some("/%2F/evil.example"));
        assert_eq!(local_path("/%5Cevil.example").as_deref(), Some("/%5Cevil.example"));
    }

    /// Found by `make fuzz` (next_path): dot segments can leave a path that starts with two
    /// slashes, which a browser reads as another site's address.
    #[test]
    fn a_path_that_resolves_to_two_leading_slashes_is_refused() {
        for hostile in ["/.//evil.example", "/././/evil.example/x", "/a/..//evil.example", "/./\\evil.example"] {
            let kept = local_path(hostile);
            assert!(!kept.as_deref().is_some_and(|p| p.starts_with("//")), "{hostile:?} -> {kept:?}");
        }
    }

    #[test]
    fn anything_a_browser_would_take_to_another_site_is_refused() {
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "\t//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\\/evil.example",
            "https://evil.example/",
            "HTTPS://evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "evil.example",
            " //evil.example",
            "",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
    }
}
