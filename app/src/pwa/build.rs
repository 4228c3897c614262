//! Which build is running. cargo-leptos's release build names the bundle after its content
//! (`pkg/beat.<hash>.wasm`) and writes the hashes to `hash.txt` beside the server binary;
//! the service worker's cache is named after them, so a deploy never pairs new HTML with
//! an old bundle.

/// The bundle's file names and an id for the whole build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildInfo {
    /// Changes whenever any of the bundle's files changes; names the service worker's cache.
    pub id: String,
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// True when the file names carry content hashes (a release build).
    pub hashed: bool,
}

/// Pages and files every install keeps, besides the bundle.
pub const SHELL_FILES: &[&str] =
    &["/", "/offline", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/favicon-48.png"];

impl BuildInfo {
    /// An unhashed build (tests, `cargo leptos watch`): plain names, and an id that says so.
    pub fn unhashed(output_name: &str, pkg_dir: &str) -> Self {
        let file = |ext: &str| format!("/{pkg_dir}/{output_name}.{ext}");
        BuildInfo { id: "unhashed".into(), js: file("js"), wasm: file("wasm"), css: file("css"), hashed: false }
    }

    /// Reads `hash.txt` (`js: <hash>` lines, as cargo-leptos writes it). `None` if a
    /// line is missing or a hash is not base64url.
    pub fn parse(hash_txt: &str, output_name: &str, pkg_dir: &str) -> Option<Self> {
        let hash = |kind: &str| {
            hash_txt.lines().find_map(|line| {
                let (k, v) = line.split_once(':')?;
                let v = v.trim();
                // cargo-leptos writes base64url (letters, digits, `-`, `_`).
                let safe = v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                (k.trim() == kind && !v.is_empty() && safe).then(|| v.to_string())
            })
        };
        let (js, wasm, css) = (hash("js")?, hash("wasm")?, hash("css")?);
        let file = |h: &str, ext: &str| format!("/{pkg_dir}/{output_name}.{h}.{ext}");
        // Short, but long enough that two builds never share a cache.
        let id: String = [&js, &wasm, &css].iter().map(|h| &h[..h.len().min(8)]).collect::<Vec<_>>().join("-");
        Some(BuildInfo { id, js: file(&js, "js"), wasm: file(&wasm, "wasm"), css: file(&css, "css"), hashed: true })
    }

    /// Adds a deploy's name (`BEAT_RELEASE`) to the id: a deploy that changes only the
    /// server (pages, not the bundle) still makes installed apps offer the update.
    pub fn with_release(mut self, release: Option<&str>) -> Self {
        if let Some(r) = release.map(str::trim).filter(|r| !r.is_empty()) {
            let safe: String =
                r.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).take(40).collect();
            self.id = format!("{}-{safe}", self.id);
        }
        self
    }

    /// Everything the service worker stores when it installs.
    pub fn precache(&self) -> Vec<String> {
        let mut files: Vec<String> = SHELL_FILES.iter().map(|s| s.to_string()).collect();
        files.extend([self.js.clone(), self.wasm.clone(), self.css.clone()]);
        files
    }

    /// The service worker's script for this build.
    pub fn service_worker(&self) -> String {
        let list = serde_json::to_string(&self.precache()).unwrap_or_else(|_| "[]".into());
        include_str!("sw.js").replace("__BUILD_ID__", &self.id).replace("__PRECACHE__", &list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASHES: &str = "js: 1a2b3c4d5e6f7a8b\nwasm: 9f8e7d6c5b4a3f2e\ncss: 00112233aabbccdd\n";
    /// As cargo-leptos 0.3 writes it (base64url), with a `-` and a `_` put in.
    const REAL: &str = "js: w15UyX0SptdcvJ4EPke41A\nwasm: QKI5SWeW-nfrxzoN5CGahA\ncss: pAG2U4Jh7CK5h2Alp5_X4g\n";

    #[test]
    fn reads_cargo_leptos_hash_file() {
        let b = BuildInfo::parse(HASHES, "beat", "pkg").unwrap();
        assert_eq!(b.js, "/pkg/beat.1a2b3c4d5e6f7a8b.js");
        assert_eq!(b.wasm, "/pkg/beat.9f8e7d6c5b4a3f2e.wasm");
        assert_eq!(b.css, "/pkg/beat.00112233aabbccdd.css");
        assert_eq!(b.id, "1a2b3c4d-9f8e7d6c-00112233");
        assert!(b.hashed);
    }

    #[test]
    fn reads_base64url_hashes() {
        let b = BuildInfo::parse(REAL, "beat", "pkg").unwrap();
        assert_eq!(b.wasm, "/pkg/beat.QKI5SWeW-nfrxzoN5CGahA.wasm");
        assert_eq!(b.css, "/pkg/beat.pAG2U4Jh7CK5h2Alp5_X4g.css");
        assert_eq!(b.id, "w15UyX0S-QKI5SWeW-pAG2U4Jh");
    }

    #[test]
    fn any_changed_file_changes_the_build_id() {
        let a = BuildInfo::parse(HASHES, "beat", "pkg").unwrap();
        let b = BuildInfo::parse(&HASHES.replace("css: 0011", "css: 0012"), "beat", "pkg").unwrap();
        assert_ne!(a.id, b.id);
        assert_ne!(a.service_worker(), b.service_worker());
    }

    #[test]
    fn refuses_incomplete_or_odd_hash_files() {
        assert_eq!(BuildInfo::parse("js: abc\nwasm: def\n", "beat", "pkg"), None);
        assert_eq!(BuildInfo::parse("js: abc\nwasm: d/../ef\ncss: 12\n", "beat", "pkg"), None);
        assert_eq!(BuildInfo::parse("", "beat", "pkg"), None);
    }

    #[test]
    fn worker_lists_this_builds_files_and_names_its_cache() {
        let b = BuildInfo::parse(HASHES, "beat", "pkg").unwrap();
        let sw = b.service_worker();
        assert!(sw.contains(r#"const BUILD = "1a2b3c4d-9f8e7d6c-00112233";"#));
        assert!(sw.contains(r#""/pkg/beat.9f8e7d6c5b4a3f2e.wasm""#));
        assert!(sw.contains(r#""/offline""#));
        assert!(!sw.contains("__PRECACHE__") && !sw.contains("__BUILD_ID__"));
    }

    #[test]
    fn a_release_name_changes_the_worker_but_never_breaks_the_script() {
        let b = BuildInfo::parse(HASHES, "beat", "pkg").unwrap();
        assert_eq!(b.clone().with_release(None), b);
        assert_eq!(b.clone().with_release(Some("  ")), b);
        let r = b.clone().with_release(Some("v2\"; alert(1); \""));
        assert_eq!(r.id, "1a2b3c4d-9f8e7d6c-00112233-v2alert1");
        assert_ne!(r.service_worker(), b.service_worker());
    }

    #[test]
    fn unhashed_build_uses_plain_names() {
        let b = BuildInfo::unhashed("beat", "pkg");
        assert_eq!(b.precache().last().map(String::as_str), Some("/pkg/beat.css"));
        assert!(!b.hashed);
    }
}
