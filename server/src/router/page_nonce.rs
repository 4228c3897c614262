//! Keeps a page's script nonce out of every attribute but `nonce`.
//!
//! Leptos 0.8.23 (the newest 0.8 release on 2026-11-30) writes the nonce into the `crossorigin`
//! attribute of the two preload links `HydrationScripts` renders (leptos-rs/leptos#4843, fixed
//! upstream in #4844 but not yet released). Browsers hide a `nonce` attribute's value from
//! the page; a `crossorigin` value is readable by any selector, and Firefox treats the
//! mismatched preload badly enough to break hydration on streamed pages. Until a release
//! carries the fix, the answer's head is rewritten on its way out: `crossorigin="<nonce>"`
//! becomes `crossorigin=""`, the value the links have without a nonce. Delete this file
//! when the Leptos release with #4844 is in Cargo.lock (its test then fails: nothing to mend).

use axum::body::{Body, Bytes};
use futures::StreamExt;

/// The page's body with the nonce kept out of its `crossorigin` attributes.
pub fn hidden(body: Body, nonce: &str) -> Body {
    let rewrite = Rewrite::new(nonce);
    let stream = futures::stream::unfold((body.into_data_stream(), Some(rewrite)), |(mut body, rewrite)| async move {
        let mut rewrite = rewrite?;
        match body.next().await {
            Some(Ok(chunk)) => {
                let out = rewrite.push(&chunk);
                Some((Ok(out), (body, Some(rewrite))))
            }
            Some(Err(e)) => Some((Err(e), (body, None))),
            None => Some((Ok(rewrite.finish()), (body, None))),
        }
    })
    .filter(|chunk| std::future::ready(!matches!(chunk, Ok(bytes) if bytes.is_empty())))
    // The server may ask again after the end: a fused stream keeps answering "ended".
    .fuse();
    Body::from_stream(stream)
}

/// The rewrite over a stream of chunks: a match split between two chunks is still found, and
/// nothing after `</head>` is looked at (the links are in the head).
struct Rewrite {
    needle: Vec<u8>,
    replacement: &'static [u8],
    held: Vec<u8>,
    past_head: bool,
}

impl Rewrite {
    fn new(nonce: &str) -> Self {
        Rewrite {
            needle: format!("crossorigin=\"{nonce}\"").into_bytes(),
            replacement: b"crossorigin=\"\"",
            held: Vec::new(),
            past_head: false,
        }
    }

    fn push(&mut self, chunk: &[u8]) -> Bytes {
        if self.past_head {
            return Bytes::copy_from_slice(chunk);
        }
        self.held.extend_from_slice(chunk);
        let data = std::mem::take(&mut self.held);
        if let Some(end) = find(&data, b"</head>") {
            self.past_head = true;
            let mut out = replace_all(&data[..end], &self.needle, self.replacement);
            out.extend_from_slice(&data[end..]);
            return out.into();
        }
        let mut out = replace_all(&data, &self.needle, self.replacement);
        // Hold back what could be the start of a match (or of `</head>`) the next chunk completes.
        let keep = (self.needle.len() - 1).min(out.len());
        self.held = out.split_off(out.len() - keep);
        out.into()
    }

    fn finish(self) -> Bytes {
        self.held.into()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn replace_all(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(at) = find(rest, needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(chunks: &[&str], nonce: &str) -> String {
        let mut r = Rewrite::new(nonce);
        let mut out = Vec::new();
        for c in chunks {
            out.extend_from_slice(&r.push(c.as_bytes()));
        }
        out.extend_from_slice(&r.finish());
        String::from_utf8(out).unwrap()
    }

    const PAGE: &str = r#"<head><link rel="modulepreload" href="/pkg/beat.js" crossorigin="N0nce"><link rel="preload" crossorigin="N0nce"><script type="module" nonce="N0nce">x</script></head><body><p>crossorigin="N0nce"</p></body>"#;

    #[test]
    fn the_nonce_leaves_the_links_and_stays_on_the_script() {
        let out = run(&[PAGE], "N0nce");
        assert_eq!(out.matches(r#"crossorigin="""#).count(), 2, "{out}");
        assert!(out.contains(r#"<script type="module" nonce="N0nce">"#), "{out}");
        // Past the head nothing is touched (a page's text is the page's).
        assert!(out.ends_with(r#"<p>crossorigin="N0nce"</p></body>"#), "{out}");
    }

    /// Hyper asks a body for more after its end; the first version panicked when it did.
    #[test]
    fn the_body_can_be_asked_again_after_its_end() {
        use http_body_util::BodyExt;
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let mut body = hidden(Body::from(PAGE), "N0nce");
            let mut all = Vec::new();
            while let Some(frame) = body.frame().await {
                all.extend_from_slice(frame.unwrap().data_ref().unwrap());
            }
            assert!(body.frame().await.is_none());
            assert_eq!(String::from_utf8(all).unwrap(), run(&[PAGE], "N0nce"));
        });
    }

    #[test]
    fn a_match_split_across_chunks_is_found_and_no_byte_is_lost() {
        let whole = run(&[PAGE], "N0nce");
        for cut in 1..PAGE.len() {
            let (a, b) = PAGE.split_at(cut);
            assert_eq!(run(&[a, b], "N0nce"), whole, "cut at {cut}");
        }
        assert_eq!(run(&["<head>", "no links here"], "N0nce"), "<head>no links here");
    }
}
