//! Tests that read the project's own sources, for house rules kept by a check rather than by
//! memory (one owner per table, one way to begin a write).

use std::path::{Path, PathBuf};

/// Every line of both crates' Rust sources (`app/src`, `server/src`) that `matches`, as
/// `path:line: text`, outside the files `allowed` lets off.
pub fn lines_where(allowed: impl Fn(&Path) -> bool, matches: impl Fn(&str) -> bool) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [root.join("src"), root.join("../server/src")] {
        rust_files(&dir, &mut files);
    }
    let mut found = Vec::new();
    for path in files.iter().filter(|p| !allowed(p)) {
        let text = std::fs::read_to_string(path).expect("source file");
        for (n, line) in text.lines().enumerate().filter(|(_, l)| matches(l)) {
            found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
        }
    }
    found
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}
