//! Keyword in context: each occurrence of the search matches in a turn as
//! `left | keyword | right`, with N words of context on each side (never
//! past the turn) or the whole turn. Matched words separated only by spaces
//! or punctuation (a phrase) are one keyword.

use super::words::{normalize_into, word_spans};
use serde::Serialize;

/// How much context goes with a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KwicContext {
    Words(usize),
    Turn,
}

impl Default for KwicContext {
    fn default() -> Self {
        KwicContext::Words(8)
    }
}

/// The order of the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// Document, then position.
    #[default]
    Position,
    /// By the first word to the left of the keyword (folded).
    Left,
    /// By the first word to the right.
    Right,
}

/// One row, with the char offsets of its keyword in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    pub start: usize,
    pub end: usize,
    pub left: String,
    pub keyword: String,
    pub right: String,
}

fn text_of(chars: &[char], s: usize, e: usize) -> String {
    chars[s.min(chars.len())..e.min(chars.len())]
        .iter()
        .map(|&c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The rows of one turn: `text` is the turn's text, starting at char
/// `turn_start` of its document; `matches` are document char ranges,
/// sorted.
pub fn turn_lines(
    text: &str,
    turn_start: usize,
    matches: &[(usize, usize)],
    context: KwicContext,
) -> Vec<KwicLine> {
    let chars: Vec<char> = text.chars().collect();
    let words = word_spans(text);
    // Local ranges, phrases joined.
    let mut keys: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in matches {
        let (s, e) = (
            s.saturating_sub(turn_start).min(chars.len()),
            e.saturating_sub(turn_start).min(chars.len()),
        );
        if s >= e {
            continue;
        }
        match keys.last_mut() {
            Some(last) if last.1 <= s && !chars[last.1..s].iter().any(|c| c.is_alphanumeric()) => {
                last.1 = e;
            }
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => keys.push((s, e)),
        }
    }
    keys.into_iter()
        .map(|(s, e)| {
            let (ls, re) = match context {
                KwicContext::Turn => (0, chars.len()),
                KwicContext::Words(n) => {
                    let before = words.partition_point(|w| w.1 <= s);
                    let ls = if n == 0 {
                        s
                    } else {
                        words[before.saturating_sub(n)..before]
                            .first()
                            .map_or(s, |w| w.0)
                    };
                    let after = words.partition_point(|w| w.0 < e);
                    let re = if n == 0 {
                        e
                    } else {
                        words[after..(after + n).min(words.len())]
                            .last()
                            .map_or(e, |w| w.1)
                    };
                    (ls, re)
                }
            };
            KwicLine {
                start: turn_start + s,
                end: turn_start + e,
                left: text_of(&chars, ls, s),
                keyword: text_of(&chars, s, e),
                right: text_of(&chars, e, re),
            }
        })
        .collect()
}

/// The sort key of a row: the first word next to the keyword, folded.
pub fn sort_key(line: &KwicLine, sort: KwicSort) -> String {
    let mut out = String::new();
    let side = match sort {
        KwicSort::Position => return out,
        KwicSort::Left => &line.left,
        KwicSort::Right => &line.right,
    };
    let spans = word_spans(side);
    let pick = match sort {
        KwicSort::Left => spans.last(),
        _ => spans.first(),
    };
    if let Some(&(s, e)) = pick {
        let w: String = side.chars().skip(s).take(e - s).collect();
        normalize_into(&w, false, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_context_and_phrases_joined() {
        let text = "on paie le minerval, les frais scolaires aussi, chaque mois";
        // ASCII: byte offsets are char offsets. The turn starts at 100.
        let at = |w: &str| {
            let s = text.find(w).expect("word") + 100;
            (s, s + w.len())
        };
        let (fs, _) = at("frais");
        let (_, se) = at("scolaires");
        let lines = turn_lines(
            text,
            100,
            &[at("frais"), at("scolaires")],
            KwicContext::Words(2),
        );
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!((l.start, l.end), (fs, se));
        assert_eq!(l.keyword, "frais scolaires");
        assert_eq!(l.left, "minerval, les");
        assert_eq!(l.right, "aussi, chaque");
        let lines = turn_lines(text, 100, &[at("minerval")], KwicContext::Turn);
        assert_eq!(lines[0].left, "on paie le");
        assert_eq!(lines[0].keyword, "minerval");
        assert!(lines[0].right.ends_with("chaque mois"));
        // At the start of the turn: no left context, never past the turn.
        let lines = turn_lines(text, 0, &[(0, 2), (3, 7)], KwicContext::Words(8));
        assert_eq!(lines[0].keyword, "on paie");
        assert_eq!(lines[0].left, "");
        assert_eq!(sort_key(&lines[0], KwicSort::Right), "le");
        let m = at("minerval");
        let far = turn_lines(
            text,
            0,
            &[(0, 2), (m.0 - 100, m.1 - 100)],
            KwicContext::Words(1),
        );
        assert_eq!(far.len(), 2);
        assert_eq!(sort_key(&far[1], KwicSort::Left), "le");
    }
}
