//! Where a recogniser's uncertain words are in the text shown: each word
//! is looked for at its place in its turn's speech as imported, or nearby
//! (text typed before it moved it), and only in turns not yet verified.
//! A word corrected since is not found, so it is no longer dimmed.

use crate::core::{CharRange, Segment};
use crate::ops::documents::UncertainWord;

/// How far from its place a word is looked for, in chars (plus its length).
const NEAR: usize = 40;

/// The char ranges to dim in `text`, sorted.
pub fn place(text: &str, segments: &[Segment], words: &[UncertainWord]) -> Vec<CharRange> {
    if words.is_empty() {
        return Vec::new();
    }
    // Only long texts with drafts pay for this: the char → byte index of
    // the text, built once.
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let slice = |a: usize, b: usize| text.get(starts[a]..starts[b]).unwrap_or("");
    let mut out = Vec::new();
    for w in words {
        let Some(seg) = segments.iter().find(|s| s.id == w.segment) else {
            continue;
        };
        if seg.verified {
            continue;
        }
        let len = w.word.chars().count();
        let r = seg.range;
        if len == 0 || r.len() < len {
            continue;
        }
        let expected = (r.start + w.offset).min(r.end - len);
        let lo = expected.saturating_sub(NEAR + len).max(r.start);
        let hi = (expected + NEAR + len).min(r.end - len);
        // The nearest place where the word is, as a whole word.
        let found = (0..=(hi - lo))
            .flat_map(|d| [expected.checked_sub(d), Some(expected + d)])
            .flatten()
            .filter(|&p| (lo..=hi).contains(&p))
            .find(|&p| slice(p, p + len) == w.word && whole_word(text, &starts, p, p + len));
        if let Some(p) = found {
            out.push(CharRange::new(p, p + len));
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// Whether chars `[a, b)` are not part of a longer word.
fn whole_word(text: &str, starts: &[usize], a: usize, b: usize) -> bool {
    let before = a
        .checked_sub(1)
        .and_then(|i| text.get(starts[i]..starts[a]))
        .and_then(|s| s.chars().next());
    let after = text.get(starts[b]..).and_then(|s| s.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
