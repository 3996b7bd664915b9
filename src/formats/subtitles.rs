//! WebVTT and SRT: one block parser for both, following the WebVTT
//! parser's rules where they matter for text.
//!
//! Blocks are separated by blank lines; a block is a cue when its first or
//! second line is a valid timing line. A block whose timing line is invalid
//! (or missing) is dropped with a warning — its text and cue number never
//! end up in the previous cue. Tolerated: BOM/CRLF (handled before), a
//! missing blank line between cues, cue ids of any form (numbers, Teams
//! `GUID/12-0`), missing or non-sequential SRT indexes, hours omitted, `,`
//! or `.` decimals, 1–3 digit fractions, cue settings after the timing,
//! stray blank lines inside an SRT cue, `NOTE`/`STYLE`/`REGION` blocks
//! (VTT).
//!
//! Speakers: `<v Name>` voice tags (VTT), otherwise a `[SPEAKER_00]: ` or
//! `Name: ` prefix at the start of the cue. `Name: ` prefixes are accepted
//! when the same name opens at least two cues, or when most cues have such a
//! prefix (a Zoom transcript), so that a colon in ordinary caption text does
//! not invent a speaker.
//!
//! noScribe's overlapping speech (`<v //S02>//S02: words`) is S02's own
//! turn, `//words//`.
//!
//! Two voices in one cue (Teams overlap) become two turns; the second one's
//! start time is estimated by splitting the cue duration in proportion to
//! the text length before it (as bristlenose does).

use super::cues::{noscribe_overlap, parse_payload, speaker_prefix, Cue};
use super::time::parse_clock;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Vtt,
    Srt,
}

#[derive(Debug, Default)]
struct RawCue {
    start: u64,
    end: u64,
    lines: Vec<String>,
}

/// `start --> end [settings]` → (start ms, end ms).
pub(crate) fn timing(line: &str) -> Option<(u64, u64)> {
    let (a, b) = line.split_once("-->")?;
    let start = parse_clock(a.trim())?;
    let end_tok = b.split_whitespace().next()?;
    let end = parse_clock(end_tok)?;
    Some((start, end))
}

fn id_like(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !t.contains(char::is_whitespace)
        && (t.bytes().all(|b| b.is_ascii_digit())
            || t.contains('/')
            || (t.len() >= 8 && t.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')))
}

fn starts_block(line: &str, word: &str) -> bool {
    line.strip_prefix(word)
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// A blank-line separated block: (1-based number of its first line, lines).
type RawBlock<'a> = (usize, Vec<&'a str>);

/// Splits the cue part of a file into blocks the way the WebVTT parser
/// collects them: a blank line ends a block, and so does a line with `-->`
/// that is not the block's first or second line (a missing blank line
/// between cues). In that case a cue-number-like line right before the
/// arrow goes with the new block as its identifier, never into the speech.
fn blocks<'a>(lines: &[&'a str], from: usize) -> Vec<RawBlock<'a>> {
    let mut out: Vec<RawBlock<'a>> = Vec::new();
    let mut cur: Vec<&'a str> = Vec::new();
    let mut first = from + 1;
    for (n, line) in lines.iter().enumerate().skip(from) {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push((first, std::mem::take(&mut cur)));
            }
            continue;
        }
        let id_then_timing = cur.len() == 1 && cur.first().is_some_and(|l| !l.contains("-->"));
        if line.contains("-->") && !cur.is_empty() && !id_then_timing {
            let id = match cur.last() {
                Some(l) if cur.len() >= 2 && id_like(l) => cur.pop(),
                _ => None,
            };
            let moved = usize::from(id.is_some());
            out.push((first, std::mem::take(&mut cur)));
            cur.extend(id);
            first = n + 1 - moved;
        }
        if cur.is_empty() {
            first = n + 1;
        }
        cur.push(line);
    }
    if !cur.is_empty() {
        out.push((first, cur));
    }
    out
}

/// Parses a VTT or SRT text into cues with speakers and warnings.
///
/// As the WebVTT parser does, a block whose timing line is missing or
/// invalid is dropped (with a warning), never added to the previous cue's
/// text. SRT keeps one leniency: a block without any timing line right after
/// a cue is that cue's text continued after a stray blank line, unless it
/// opens with a bare number (a cue index whose timing is missing).
pub(crate) fn parse(text: &str, kind: Kind) -> (Vec<Cue>, Vec<String>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut warnings = Vec::new();
    let mut raw: Vec<RawCue> = Vec::new();
    let mut i = 0usize;
    if kind == Kind::Vtt
        && lines
            .first()
            .is_some_and(|l| l.trim_start().starts_with("WEBVTT"))
    {
        // Header: the WEBVTT line and any header lines up to a blank line.
        i = 1;
        while lines
            .get(i)
            .is_some_and(|l| !l.trim().is_empty() && !l.contains("-->"))
        {
            i += 1;
        }
    }
    let mut dropped = 0usize;
    let mut first_dropped: Option<usize> = None;
    let mut last_was_cue = false;
    for (first, block) in blocks(&lines, i) {
        let head = block.first().copied().unwrap_or("");
        let at = if head.contains("-->") {
            Some(0)
        } else if block.get(1).is_some_and(|l| l.contains("-->")) {
            Some(1)
        } else {
            None
        };
        if at.is_none()
            && kind == Kind::Vtt
            && ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|w| starts_block(head.trim_start(), w))
        {
            last_was_cue = false;
            continue;
        }
        let parsed = at.and_then(|k| Some((k, timing(block.get(k)?)?)));
        match (parsed, raw.last_mut()) {
            (Some((k, (start, end))), _) => {
                raw.push(RawCue {
                    start,
                    end,
                    lines: block.iter().skip(k + 1).map(|l| (*l).to_string()).collect(),
                });
                last_was_cue = true;
                continue;
            }
            (None, Some(cue))
                if kind == Kind::Srt
                    && at.is_none()
                    && last_was_cue
                    && !head.trim().bytes().all(|b| b.is_ascii_digit()) =>
            {
                // A stray blank line inside an SRT cue.
                cue.lines.push(String::new());
                cue.lines.extend(block.iter().map(|l| (*l).to_string()));
                continue;
            }
            _ => {}
        }
        dropped += 1;
        first_dropped.get_or_insert(first + at.unwrap_or(0));
        last_was_cue = false;
    }
    if let Some(l) = first_dropped {
        warnings.push(format!(
            "{dropped} block(s) without a valid `start --> end` timing line dropped (first at line {l})"
        ));
    }

    // Pieces per cue, with a speaker prefix candidate when no voice tag.
    struct Piece {
        start: u64,
        end: u64,
        voice: Option<String>,
        prefix: Option<(String, String, bool)>,
        text: String,
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut backwards = 0usize;
    let mut last_start = 0u64;
    for cue in &raw {
        if cue.start < last_start {
            backwards += 1;
        }
        last_start = cue.start;
        let parts = parse_payload(&cue.lines.join("\n"));
        let total: usize = parts.iter().map(|(_, t)| t.chars().count()).sum();
        let mut before = 0usize;
        let dur = cue.end.saturating_sub(cue.start);
        for (voice, text) in parts {
            let start = if total == 0 {
                cue.start
            } else {
                cue.start + dur * before as u64 / total as u64
            };
            before += text.chars().count();
            let end = if total == 0 {
                cue.end
            } else {
                cue.start + dur * before as u64 / total as u64
            };
            let prefix = if voice.is_none() {
                speaker_prefix(&text)
            } else {
                None
            };
            pieces.push(Piece {
                start,
                end,
                voice,
                prefix,
                text,
            });
        }
    }
    if backwards > 0 {
        warnings.push(format!("{backwards} cue(s) start before the previous one"));
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &pieces {
        if let Some((name, _, _)) = &p.prefix {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    let with_prefix = pieces.iter().filter(|p| p.prefix.is_some()).count();
    let zoom_like = with_prefix * 2 >= pieces.len() && with_prefix > 0;
    let accept = |name: &str, bracketed: bool| {
        bracketed
            || counts.get(name).copied().unwrap_or(0) >= 2
            || (zoom_like && !name.starts_with(char::is_lowercase))
    };
    let mut after_overlap = false;
    let cues = pieces
        .iter()
        .map(|p| {
            let (speaker, text) = match (&p.voice, &p.prefix) {
                (Some(v), _) => {
                    let (s, t, overlap) = noscribe_overlap(Some(v.clone()), &p.text, after_overlap);
                    after_overlap = overlap;
                    (s, t)
                }
                (None, Some((name, rest, br))) if accept(name, *br) => {
                    (Some(name.clone()), rest.clone())
                }
                _ => (None, p.text.clone()),
            };
            Cue {
                start_ms: Some(p.start),
                end_ms: Some(p.end),
                speaker,
                text,
                uncertain: Vec::new(),
            }
        })
        .collect();
    (cues, warnings)
}

/// SRT by content: the first block is an integer line followed by a timing
/// line with comma decimals (or starts directly with such a timing line).
pub(crate) fn looks_like_srt(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let (Some(first), second) = (lines.next(), lines.next()) else {
        return false;
    };
    let srt_timing = |l: &str| timing(l).is_some() && l.contains(',');
    (first.bytes().all(|b| b.is_ascii_digit()) && second.is_some_and(srt_timing))
        || srt_timing(first)
}

/// VTT by content: the first line starts with `WEBVTT` (then end, space or
/// tab).
pub(crate) fn looks_like_vtt(text: &str) -> bool {
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    starts_block(first, "WEBVTT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings() {
        assert_eq!(
            timing("00:01.000 --> 00:02.5 align:start"),
            Some((1000, 2500))
        );
        assert_eq!(timing("00:00:01,000-->00:00:04,200"), Some((1000, 4200)));
        assert_eq!(timing("1 --> 2"), None);
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_srt("\n1\n00:00:01,000 --> 00:00:02,000\nhi\n"));
        assert!(!looks_like_srt("Interviewer: 1\n"));
        assert!(looks_like_vtt("WEBVTT - title\n"));
        assert!(!looks_like_vtt("WEBVTTX\n"));
    }
}
