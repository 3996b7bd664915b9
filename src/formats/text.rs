//! Typed transcripts: speaker labels and timestamps in free text
//! (`--format text`), and verbatim paragraphs (`--format plain`).
//!
//! The parser works on the text as it is (offsets are into that text) and
//! is a line-based state machine: a line that opens with an accepted speaker
//! label starts a turn; every other line continues the current turn. Label
//! candidates are found per line, then accepted or rejected with file-level
//! evidence (how often the label occurs, whether it has a timestamp, whether
//! it looks like the other labels), so that prose such as
//! `The point is this: we…` or `Note: …` is not mistaken for a speaker.

mod labels;

use crate::core::{CharRange, SegmentDraft};
use labels::{detect, end_stamp, is_boilerplate, is_role, is_space, label_key, shape, Cand, Shape};
pub(crate) use labels::{is_stop_word, label_ok};
use std::collections::{HashMap, HashSet};

/// A label found by another importer (docx bold runs, table rows), which the
/// text parser accepts without further checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hint {
    pub speaker: String,
    /// Char column in the line where the content starts.
    pub content_col: usize,
    pub time_ms: Option<u64>,
}

/// What the text parser found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Turns {
    pub segments: Vec<SegmentDraft>,
    pub warnings: Vec<String>,
}

/// Char lines of `text`: (start offset, chars) for each `\n`-separated line.
fn lines_of(text: &str) -> Vec<(usize, Vec<char>)> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    for line in text.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let n = chars.len();
        out.push((pos, chars));
        pos += n + 1;
    }
    out
}

/// Parses speaker turns. `hints` (by line index) are labels found by
/// another importer and are always accepted; `breaks` are lines that end the
/// current turn without starting one (e.g. a docx table's header row).
/// Returns no segments when no label is accepted (the caller then falls back
/// to paragraphs).
pub(crate) fn parse_turns(
    text: &str,
    hints: &HashMap<usize, Hint>,
    breaks: &HashSet<usize>,
) -> Turns {
    let lines = lines_of(text);
    let mut turns = Turns::default();

    let cands: Vec<Option<Cand>> = lines
        .iter()
        .enumerate()
        .map(|(n, (_, l))| {
            if let Some(h) = hints.get(&n) {
                return Some(Cand {
                    speaker: h.speaker.clone(),
                    content_col: Some(h.content_col),
                    time_ms: h.time_ms,
                    strong: true,
                    hint: true,
                });
            }
            detect(l)
        })
        .collect();

    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in cands.iter().flatten() {
        *counts.entry(label_key(&c.speaker)).or_default() += 1;
    }
    let repeated_shapes: HashSet<Shape> = cands
        .iter()
        .flatten()
        .filter(|c| counts.get(&label_key(&c.speaker)).copied().unwrap_or(0) >= 2)
        .map(|c| shape(&c.speaker))
        .filter(|s| *s != Shape::Other)
        .collect();
    let any_repeated = counts.values().any(|&n| n >= 2);
    // A header block (title, `Date : …`, `Lieu : …`) is the file's first
    // paragraph; its `Field : value` lines look like labels but occur once.
    let header_end = lines
        .iter()
        .position(|(_, l)| l.iter().all(|c| is_space(*c)))
        .filter(|&blank| {
            // Only a header if repeated labels (the real turns) follow it.
            cands
                .iter()
                .skip(blank)
                .flatten()
                .any(|c| counts.get(&label_key(&c.speaker)).copied().unwrap_or(0) >= 2)
        })
        .unwrap_or(0);

    let mut rejected = Vec::new();
    let accepted: Vec<Option<Cand>> = cands
        .into_iter()
        .enumerate()
        .map(|(n, c)| {
            let c = c?;
            let count = counts.get(&label_key(&c.speaker)).copied().unwrap_or(0);
            let sh = shape(&c.speaker);
            let in_header = n < header_end && count < 2 && !c.strong;
            let ok = c.hint
                || !in_header
                    && if sh == Shape::Other {
                        count >= 2
                    } else {
                        c.strong
                            || count >= 2
                            || sh == Shape::Code
                            || is_role(&c.speaker)
                            || !any_repeated
                            || repeated_shapes.contains(&sh)
                    };
            if !ok {
                rejected.push(format!("line {}: \"{}:\"", n + 1, c.speaker));
            }
            ok.then_some(c)
        })
        .collect();

    if accepted.iter().all(Option::is_none) {
        return turns;
    }
    if !rejected.is_empty() {
        let shown: Vec<String> = rejected.iter().take(3).cloned().collect();
        turns.warnings.push(format!(
            "{} label-like line start(s) kept as text (seen once, unlike the other labels): {}{}",
            rejected.len(),
            shown.join(", "),
            if rejected.len() > 3 { ", …" } else { "" }
        ));
    }

    // Dresing-Pehl: stamps at paragraph end give the *next* turn's start.
    let stamps: Vec<Option<(u64, usize)>> = lines.iter().map(|(_, l)| end_stamp(l)).collect();
    let dresing = stamps.iter().flatten().count() >= 1
        && accepted.iter().flatten().all(|c| c.time_ms.is_none());

    // Where each turn must stop: the next label line or boilerplate line.
    let stops: Vec<bool> = lines
        .iter()
        .zip(&accepted)
        .enumerate()
        .map(|(n, ((_, l), c))| {
            c.is_some() || breaks.contains(&n) || is_boilerplate(&l.iter().collect::<String>())
        })
        .collect();

    let mut last_stamp: Option<u64> = None;
    let mut last_time: Option<u64> = None;
    for (n, cand) in accepted.iter().enumerate() {
        let Some(cand) = cand else {
            if let Some(Some((ms, _))) = stamps.get(n) {
                last_stamp = Some(*ms);
            }
            continue;
        };
        // Content start.
        let mut start: Option<(usize, usize)> = None; // (line, col)
        if let (Some(col), Some((_, l))) = (cand.content_col, lines.get(n)) {
            if l.iter().skip(col).any(|c| !is_space(*c)) {
                start = Some((n, col));
            }
        }
        let mut stop_line = n + 1;
        while stop_line < lines.len() && !stops.get(stop_line).copied().unwrap_or(true) {
            stop_line += 1;
        }
        if start.is_none() {
            start = (n + 1..stop_line).find_map(|k| {
                let (_, l) = lines.get(k)?;
                l.iter().position(|c| !is_space(*c)).map(|col| (k, col))
            });
        }
        let time_ms = match cand.time_ms {
            Some(t) => Some(t),
            None if dresing => Some(last_stamp.unwrap_or(0)),
            None => None,
        };
        if let Some(Some((ms, _))) = stamps.get(n) {
            last_stamp = Some(*ms);
        }
        let Some((sl, scol)) = start else { continue };
        // Content end: last non-space char before the stop line, without a
        // trailing Dresing-Pehl stamp.
        let mut end: Option<usize> = None;
        for k in (sl..stop_line).rev() {
            let Some((lstart, l)) = lines.get(k) else {
                continue;
            };
            let from = if k == sl { scol } else { 0 };
            let mut upto = l.len();
            if let Some(Some((_, hash_col))) = stamps.get(k) {
                if *hash_col >= from {
                    upto = *hash_col;
                }
            }
            if let Some(p) = (from..upto)
                .rev()
                .find(|&p| l.get(p).is_some_and(|c| !is_space(*c)))
            {
                end = Some(lstart + p + 1);
                break;
            }
        }
        let (Some((lstart, _)), Some(end)) = (lines.get(sl), end) else {
            continue;
        };
        let start = lstart + scol;
        if end <= start {
            continue;
        }
        if let (Some(t), Some(prev)) = (time_ms, last_time) {
            if t < prev && cand.time_ms.is_some() {
                turns
                    .warnings
                    .push(format!("line {}: timestamp goes backwards", n + 1));
            }
        }
        if time_ms.is_some() {
            last_time = time_ms;
        }
        turns.segments.push(SegmentDraft {
            speaker: Some(cand.speaker.clone()),
            range: CharRange::new(start, end),
            time_ms,
            end_ms: None,
        });
    }
    if text.contains("//") {
        let speakers: HashSet<String> = turns
            .segments
            .iter()
            .filter_map(|s| s.speaker.as_deref().map(label_key))
            .collect();
        turns.segments = split_overlaps(text, std::mem::take(&mut turns.segments), &speakers);
    }
    turns
}

/// noScribe writes overlapping speech inside the interrupted turn:
/// `… site ? //S02: Oui, oui. // Je vous écoute.` The words between the
/// marks are S02's, so the turn is split: S01 up to the mark, S02 inside
/// (`Oui, oui.`), S01 again after the closing `//` (or S02 to the end of the
/// turn when it is not closed). Only a label that is a speaker elsewhere in
/// the file, or a code such as `S02`, counts.
fn split_overlaps(
    text: &str,
    segments: Vec<SegmentDraft>,
    speakers: &HashSet<String>,
) -> Vec<SegmentDraft> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let is_mark = |i: usize| at(i) == Some('/') && at(i + 1) == Some('/');
    // Trims spaces off a range; None when nothing is left.
    let trim = |mut a: usize, mut b: usize| {
        while a < b && at(a).is_some_and(is_space) {
            a += 1;
        }
        while b > a && at(b - 1).is_some_and(is_space) {
            b -= 1;
        }
        (a < b).then(|| CharRange::new(a, b))
    };
    let mut out = Vec::with_capacity(segments.len());
    for seg in segments {
        let Some(own) = seg.speaker.clone() else {
            out.push(seg);
            continue;
        };
        let (mut from, end) = (seg.range.start, seg.range.end);
        let mut time = seg.time_ms;
        let mut i = from;
        while i + 1 < end {
            let opens = is_mark(i) && (i == seg.range.start || at(i - 1).is_some_and(is_space));
            let label = opens
                .then(|| {
                    // A label is short: look at what can hold one.
                    let l: Vec<char> = chars.get(i + 2..end.min(i + 2 + 64))?.to_vec();
                    let (name, col, _) = labels::label_colon(&l, 0)?;
                    let known = speakers.contains(&label_key(&name)) || shape(&name) == Shape::Code;
                    known.then_some((name, i + 2 + col))
                })
                .flatten();
            let Some((name, content)) = label else {
                i += 1;
                continue;
            };
            let close = (content..end.saturating_sub(1)).find(|&k| is_mark(k));
            if let Some(r) = trim(from, i) {
                out.push(SegmentDraft {
                    speaker: Some(own.clone()),
                    range: r,
                    time_ms: time.take(),
                    end_ms: None,
                });
            }
            if let Some(r) = trim(content, close.unwrap_or(end)) {
                out.push(SegmentDraft {
                    speaker: Some(name),
                    range: r,
                    time_ms: None,
                    end_ms: None,
                });
            }
            match close {
                Some(k) => {
                    from = k + 2;
                    i = from;
                }
                None => {
                    from = end;
                    break;
                }
            }
        }
        if let Some(r) = trim(from, end) {
            out.push(SegmentDraft {
                speaker: Some(own),
                range: r,
                time_ms: time,
                end_ms: None,
            });
        }
    }
    out
}

/// One segment per non-empty paragraph (blank-line separated), trimmed,
/// without speaker or time.
pub(crate) fn paragraphs(text: &str) -> Vec<SegmentDraft> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let mut line_blank = true;
    let mut line_first: Option<usize> = None;
    let mut line_last = 0usize;
    let flush_line = |cur: &mut Option<(usize, usize)>,
                      out: &mut Vec<SegmentDraft>,
                      first: Option<usize>,
                      last: usize| {
        match first {
            Some(f) => {
                let c = cur.get_or_insert((f, last));
                c.1 = last;
            }
            None => {
                if let Some((s, e)) = cur.take() {
                    out.push(SegmentDraft {
                        speaker: None,
                        range: CharRange::new(s, e),
                        time_ms: None,
                        end_ms: None,
                    });
                }
            }
        }
    };
    for (pos, c) in text.chars().enumerate() {
        if c == '\n' {
            flush_line(&mut cur, &mut out, line_first, line_last);
            line_first = None;
            line_blank = true;
        } else if !is_space(c) {
            if line_blank {
                line_first = Some(pos);
                line_blank = false;
            }
            line_last = pos + 1;
        }
    }
    flush_line(&mut cur, &mut out, line_first, line_last);
    flush_line(&mut cur, &mut out, None, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(text: &str) -> Vec<String> {
        parse_turns(text, &HashMap::new(), &HashSet::new())
            .segments
            .iter()
            .map(|s| s.speaker.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn label_syntax() {
        assert!(label_ok("Interviewer"));
        assert!(label_ok("FACILITATRICE"));
        assert!(label_ok("Dr. Mwamba"));
        assert!(label_ok("Community Relations Officer"));
        assert!(!label_ok("Note"));
        assert!(!label_ok("Honestly"));
        assert!(!label_ok("The point is this, really"));
        assert!(!label_ok("one two three four five six"));
        assert!(!label_ok("14"));
        assert!(!label_ok("Why?"));
        assert_eq!(shape("P3"), Shape::Code);
        assert_eq!(shape("Speaker 1"), Shape::Code);
        assert_eq!(shape("SPEAKER_00"), Shape::Code);
        assert_eq!(shape("FACILITATRICE"), Shape::Upper);
        assert_eq!(shape("Grace Mutombo"), Shape::Title);
        assert_eq!(shape("Elle a dit"), Shape::Other);
    }

    #[test]
    fn header_block_fields_are_not_speakers() {
        let t = "TITRE (FICTIF)\nDate : 21 mars 2026\nLangues : français et swahili\n\n\
                 (00:53) Animatrice: Bonjour.\nParticipante 1: Oui.\n\
                 Animatrice: Merci.\nParticipante 1: Bon.\n";
        assert_eq!(
            speakers(t),
            [
                "Animatrice",
                "Participante 1",
                "Animatrice",
                "Participante 1"
            ]
        );
        // Without a blank line ending it there is no header block: a file of
        // turns from the first line keeps its first turn.
        let t = "Interviewer: Bonjour.\nP1: Oui.\nInterviewer: Merci.\n";
        assert_eq!(speakers(t), ["Interviewer", "P1", "Interviewer"]);
    }

    #[test]
    fn prose_colons_are_not_labels() {
        let t = "Interviewer: Hello.\nAmani: The point is this: we go.\nWell: no.\n\
                 Interviewer: And?\nAmani: Elle a dit : « non ».\nSomething else: yes\n";
        assert_eq!(
            speakers(t),
            vec!["Interviewer", "Amani", "Interviewer", "Amani"]
        );
    }

    #[test]
    fn label_alone_on_its_line_and_markdown() {
        let t = "Interviewer:\nSo how long?\n\n**Amani:** Two years.\n__Interviewer__: Ok.\n";
        let turns = parse_turns(t, &HashMap::new(), &HashSet::new());
        let got: Vec<(String, &str)> = turns
            .segments
            .iter()
            .map(|s| {
                (
                    s.speaker.clone().unwrap_or_default(),
                    crate::core::text::char_slice(t, s.range),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("Interviewer".to_string(), "So how long?"),
                ("Amani".to_string(), "Two years."),
                ("Interviewer".to_string(), "Ok."),
            ]
        );
    }

    #[test]
    fn paragraphs_are_trimmed() {
        let t = "  a b\nc  \n\n\n d\n";
        let p = paragraphs(t);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].range, CharRange::new(2, 7));
        assert_eq!(p[1].range, CharRange::new(13, 14));
    }
}
