//! Item HTML to plain text. Beat stores and shows feed items as text only: no markup, no
//! scripts, no tracking images, whatever the agency's CMS put in the description.
//!
//! html2text parses with html5ever (the same HTML parser as ammonia and Servo) and keeps
//! paragraph and list structure as line breaks; `<script>` and `<style>` contents are dropped.

use html2text::render::TrivialDecorator;

/// Wide enough that no paragraph is wrapped: line breaks come from the HTML only.
const NO_WRAP: usize = 100_000;

/// The text of an HTML fragment, tidied by [`tidy`].
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy(html);
    }
    let rendered = html2text::config::with_decorator(TrivialDecorator::new())
        .raw_mode(true)
        .link_footnotes(false)
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), NO_WRAP);
    match rendered {
        Ok(text) => tidy(&text),
        // html5ever accepts any input; a render error means a layout limit, so fall back to
        // the raw text with its tags showing rather than lose the item.
        Err(_) => tidy(html),
    }
}

/// Plain text as Beat shows it: no control or bidi-override characters, spaces collapsed,
/// lines trimmed and at most one blank line between paragraphs.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_lines = 0;
    for line in text.lines() {
        let line = clean_line(line);
        if line.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        out.push_str(&line);
    }
    out
}

/// One line of text, for titles: the same cleaning with line breaks turned into spaces.
pub fn one_line(text: &str) -> String {
    clean_line(&text.replace(['\n', '\r'], " "))
}

fn clean_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = !out.is_empty();
            continue;
        }
        if c.is_control() || crate::text::is_bidi_control(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        let cases = [
            ("<p>Road closed.</p><p>Use the <b>A6</b> instead.</p>", "Road closed.\n\nUse the A6 instead."),
            ("Bins &amp; recycling &lt;today&gt;", "Bins & recycling <today>"),
            ("<script>alert(1)</script><style>p{}</style>Hello", "Hello"),
            ("<img src=x onerror=alert(1)>Photo", "Photo"),
            ("<a href=\"javascript:alert(1)\">Read more</a>", "Read more"),
            ("<ul><li>One</li><li>Two</li></ul>", "One\nTwo"),
            ("Line one<br>Line two", "Line one\nLine two"),
            ("  plain   text\twith   gaps  ", "plain text with gaps"),
            ("<p>unclosed <b>bold", "unclosed bold"),
            ("", ""),
        ];
        for (html, want) in cases {
            assert_eq!(html_to_text(html), want, "{html}");
        }
    }

    #[test]
    fn controls_and_bidi_overrides_go() {
        assert_eq!(tidy("a\u{7}b\u{202e}c\u{0}d"), "abcd");
        assert_eq!(tidy("one\n\n\n\n two \r\nthree"), "one\n\ntwo\nthree");
        assert_eq!(one_line(" Title\nwith break "), "Title with break");
        assert_eq!(tidy("مرحبا 🚓"), "مرحبا 🚓");
    }
}
