//! Measures the guard on labelled sentences: span-level precision and recall, per kind.
//!
//! Format of `redaction_corpus.txt`: one sentence a line; lines starting with `#` are comments
//! and blank lines are skipped; a personal detail is marked `{kind:text}`, where `kind` is a
//! [`PiiKind::as_str`] name. Marks do not nest and there is no escape: sentences never need a
//! literal brace, so any stray brace is a mistake and the parse stops with its line number.
//!
//! Matching: a flag counts as found when it has the gold span's kind and covers at least half
//! of the gold span's bytes (so "No. 7 Station Road" found as "7 Station Road" counts; a flag
//! on a different detail does not). Each gold span and each flag is matched at most once.
//! `cargo test corpus -- --nocapture` prints the table, every miss and every false alarm.

use super::{scan, Flag, PiiKind};
use std::collections::HashMap;

const CORPUS: &str = include_str!("redaction_corpus.txt");

/// One labelled sentence: the plain text and its marked spans (byte offsets into `text`).
struct Sentence {
    line: usize,
    text: String,
    gold: Vec<Flag>,
}

/// Parses the whole corpus, panicking with the line number on the first malformed line.
fn parse(source: &str) -> Vec<Sentence> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| {
            let (text, gold) = parse_line(l).unwrap_or_else(|e| panic!("redaction corpus line {}: {e}", i + 1));
            Sentence { line: i + 1, text, gold }
        })
        .collect()
}

/// The plain text of one line and its marked spans.
fn parse_line(raw: &str) -> Result<(String, Vec<Flag>), String> {
    let mut text = String::with_capacity(raw.len());
    let mut gold = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("'}}' without '{{' in {raw:?}"));
        }
        text.push_str(&rest[..open]);
        let body_and_after = &rest[open + 1..];
        let close = body_and_after.find(['{', '}']).filter(|&c| body_and_after[c..].starts_with('}'));
        let close = close.ok_or_else(|| format!("'{{' without its '}}' in {raw:?}"))?;
        let body = &body_and_after[..close];
        let (name, span) = body.split_once(':').ok_or_else(|| format!("mark {{{body}}} has no 'kind:'"))?;
        let kind = PiiKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == name)
            .ok_or_else(|| format!("unknown kind {name:?} in {{{body}}}"))?;
        if span.trim().is_empty() {
            return Err(format!("empty mark {{{body}}}"));
        }
        gold.push(Flag { kind, start: text.len(), end: text.len() + span.len() });
        text.push_str(span);
        rest = &body_and_after[close + 1..];
    }
    text.push_str(rest);
    Ok((text, gold))
}

/// Counts for one kind (or all): gold spans, flags, and matched pairs.
#[derive(Clone, Copy, Default)]
struct Tally {
    gold: usize,
    flagged: usize,
    matched: usize,
}

impl Tally {
    fn precision(self) -> f64 {
        ratio(self.matched, self.flagged)
    }

    fn recall(self) -> f64 {
        ratio(self.matched, self.gold)
    }

    fn plus(self, other: Tally) -> Tally {
        Tally {
            gold: self.gold + other.gold,
            flagged: self.flagged + other.flagged,
            matched: self.matched + other.matched,
        }
    }
}

/// A share that is perfect when there was nothing to get right.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn covers_half(flag: &Flag, gold: &Flag) -> bool {
    let overlap = flag.end.min(gold.end).saturating_sub(flag.start.max(gold.start));
    flag.kind == gold.kind && overlap * 2 >= gold.end - gold.start
}

/// Scores every sentence, printing misses and false alarms; returns tallies by kind.
fn score(sentences: &[Sentence]) -> HashMap<PiiKind, Tally> {
    let mut tallies: HashMap<PiiKind, Tally> = HashMap::new();
    for sentence in sentences {
        let flags = scan(&sentence.text);
        let mut used = vec![false; flags.len()];
        for gold in &sentence.gold {
            let tally = tallies.entry(gold.kind).or_default();
            tally.gold += 1;
            match (0..flags.len()).find(|&i| !used[i] && covers_half(&flags[i], gold)) {
                Some(i) => {
                    used[i] = true;
                    tally.matched += 1;
                }
                None => report("MISS ", sentence, gold),
            }
        }
        for (flag, used) in flags.iter().zip(&used) {
            tallies.entry(flag.kind).or_default().flagged += 1;
            if !used {
                report("FALSE", sentence, flag);
            }
        }
    }
    tallies
}

fn report(what: &str, sentence: &Sentence, flag: &Flag) {
    let piece = &sentence.text[flag.start..flag.end];
    println!("{what} line {:>3} {:<13} {piece:?}", sentence.line, flag.kind.as_str());
}

#[test]
fn corpus_meets_the_recall_and_precision_bar() {
    let sentences = parse(CORPUS);
    let negatives = sentences.iter().filter(|s| s.gold.is_empty()).count();
    let tallies = score(&sentences);
    let by_kind: Vec<(&str, Tally)> =
        PiiKind::ALL.iter().map(|k| (k.as_str(), tallies.get(k).copied().unwrap_or_default())).collect();
    let total = by_kind.iter().fold(Tally::default(), |sum, (_, t)| sum.plus(*t));
    println!("\n{} sentences, {} with no personal detail", sentences.len(), negatives);
    println!("{:<14} {:>5} {:>7} {:>7} {:>9} {:>7}", "kind", "gold", "flagged", "matched", "precision", "recall");
    for (kind, t) in by_kind.iter().copied().chain([("overall", total)]) {
        let (precision, recall) = (t.precision(), t.recall());
        println!("{kind:<14} {:>5} {:>7} {:>7} {precision:>9.3} {recall:>7.3}", t.gold, t.flagged, t.matched);
    }
    // The corpus must stay a real test: big enough, with every kind and plenty of near misses.
    assert!(sentences.len() >= 250, "only {} sentences", sentences.len());
    assert!(negatives * 10 >= sentences.len() * 4, "only {negatives} negative sentences");
    assert!(by_kind.iter().all(|(_, t)| t.gold >= 20), "a kind has fewer than 20 examples");
    assert!(total.recall() >= 0.95, "recall {:.3} is below 0.95", total.recall());
    assert!(total.precision() >= 0.90, "precision {:.3} is below 0.90", total.precision());
}

#[test]
fn marks_become_spans_of_the_plain_text() {
    let s = &parse("Ring {phone:07700 900123} at {address:14 Oldham Street}.")[0];
    assert_eq!(s.text, "Ring 07700 900123 at 14 Oldham Street.");
    assert_eq!(&s.text[s.gold[0].start..s.gold[0].end], "07700 900123");
    assert_eq!(s.gold[1].kind, PiiKind::Address);
    assert_eq!(&s.text[s.gold[1].start..s.gold[1].end], "14 Oldham Street");
}

#[test]
#[should_panic(expected = "line 3")]
fn an_unclosed_mark_panics_with_its_line() {
    parse("# heading\nA clean line.\nRing {phone:07700 900123 soon.\n");
}

#[test]
#[should_panic(expected = "line 4")]
fn a_stray_closing_brace_panics_with_its_line() {
    parse("A clean line.\n\n# comment\nRing 07700} 900123.\n");
}

#[test]
#[should_panic(expected = "line 2")]
fn an_unknown_kind_panics_with_its_line() {
    parse("A clean line.\nEmail {mail:jo@example.com} today.\n");
}
