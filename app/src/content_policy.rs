//! The Content-Security-Policy Beat's answers carry: which scripts, styles and connections a
//! page may use. Pure: the policy is text built from the page's nonce.
//!
//! A page carries its own policy, naming the one-use nonce its render was given: the hydration
//! script and the resource data streamed into the page carry the nonce, so they run; a script
//! anyone manages to put into the page does not. The app itself is a module
//! (`'self'`) compiling WebAssembly (`'wasm-unsafe-eval'`, never `'unsafe-eval'`). Every other
//! answer (server functions, feeds, files, the service worker) gets [`policy`] with no nonce:
//! no inline script or style at all.

/// The policy for an answer; `nonce` is the page's one-use nonce, if it is a rendered page.
pub fn policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; style-src 'self'{inline}; \
         img-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )
}

/// The nonce a page's policy names, as [`policy`] wrote it.
pub fn nonce_of(policy: &str) -> Option<&str> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let len = policy[start..].find('\'')?;
    Some(&policy[start..start + len])
}

/// The nonce of the page a request may render: made per request by the server before the
/// page is rendered, given to Leptos for the page's scripts and written into the answer's
/// policy by the same hands, so the two always agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageNonce(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_nonce_no_inline_script_or_style_is_allowed() {
        let p = policy(None);
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"), "{p}");
        assert!(p.contains("style-src 'self';"), "{p}");
        assert!(!p.contains("unsafe-inline") && !p.contains("'unsafe-eval'"), "{p}");
        assert!(p.contains("frame-ancestors 'none'") && p.contains("object-src 'none'"), "{p}");
        assert_eq!(nonce_of(&p), None);
    }

    #[test]
    fn a_page_names_its_nonce_for_scripts_and_styles_only() {
        let p = policy(Some("abc_DEF-123"));
        assert!(p.contains("script-src 'self' 'nonce-abc_DEF-123' 'wasm-unsafe-eval';"), "{p}");
        assert!(p.contains("style-src 'self' 'nonce-abc_DEF-123';"), "{p}");
        assert_eq!(p.matches("nonce-").count(), 2);
        assert_eq!(nonce_of(&p), Some("abc_DEF-123"));
    }
}
