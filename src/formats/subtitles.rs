//! WebVTT and SRT: one lenient block parser for both.
//!
//! Tolerated: BOM/CRLF (handled before), missing blank line between cues,
//! cue ids of any form (numbers, Teams `GUID/12-0`), missing or
//! non-sequential SRT indexes, hours omitted, `,` or `.` decimals, 1–3
//! digit fractions, cue settings after the timing, stray blank lines inside
//! an SRT cue, `NOTE`/`STYLE`/`REGION` blocks (VTT).
//!
//! Speakers: `<v Name>` voice tags (VTT), otherwise a `[SPEAKER_00]: ` or
//! `Name: ` prefix at the start of the cue. `Name: ` prefixes are accepted
//! when the same name opens at least two cues, or when most cues have such a
//! prefix (a Zoom transcript), so that a colon in ordinary caption text does
//! not invent a speaker.
//!
//! Two voices in one cue (Teams overlap) become two turns; the second one's
//! start time is estimated by splitting the cue duration in proportion to
//! the text length before it (as bristlenose does).

use super::cues::{parse_payload, speaker_prefix, Cue};
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

/// Parses a VTT or SRT text into cues with speakers and warnings.
pub(crate) fn parse(text: &str, kind: Kind) -> (Vec<Cue>, Vec<String>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let timings: Vec<Option<(u64, u64)>> = lines.iter().map(|l| timing(l)).collect();
    let is_timing = |i: usize| timings.get(i).is_some_and(Option::is_some);
    let mut warnings = Vec::new();
    let mut raw: Vec<RawCue> = Vec::new();
    let mut in_payload = false;
    let mut skip_block = false;
    let mut stray = 0usize;
    let mut first_stray: Option<usize> = None;
    let mut i = 0usize;
    if kind == Kind::Vtt
        && lines
            .first()
            .is_some_and(|l| l.trim_start().starts_with("WEBVTT"))
    {
        // Header: the WEBVTT line and any header lines up to a blank line.
        i = 1;
        while lines.get(i).is_some_and(|l| !l.trim().is_empty()) && !is_timing(i) {
            i += 1;
        }
    }
    while let Some(line) = lines.get(i) {
        let n = i;
        i += 1;
        let blank = line.trim().is_empty();
        if skip_block {
            if blank {
                skip_block = false;
            }
            continue;
        }
        if let Some(Some((start, end))) = timings.get(n) {
            raw.push(RawCue {
                start: *start,
                end: *end,
                lines: Vec::new(),
            });
            in_payload = true;
            continue;
        }
        if blank {
            in_payload = false;
            continue;
        }
        if is_timing(n + 1) && (!in_payload || id_like(line)) {
            continue; // cue identifier / SRT index
        }
        if !in_payload
            && kind == Kind::Vtt
            && ["NOTE", "STYLE", "REGION"]
                .iter()
                .any(|w| starts_block(line.trim_start(), w))
        {
            skip_block = true;
            continue;
        }
        match raw.last_mut() {
            // In a cue, or a stray blank line inside a cue (SRT).
            Some(cue) => {
                in_payload = true;
                cue.lines.push((*line).to_string());
            }
            None => {
                stray += 1;
                first_stray.get_or_insert(n + 1);
            }
        }
    }
    if let Some(l) = first_stray {
        warnings.push(format!(
            "{stray} line(s) before the first cue ignored (from line {l})"
        ));
    }

    // Pieces per cue, with a speaker prefix candidate when no voice tag.
    struct Piece {
        start: u64,
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
            let prefix = if voice.is_none() {
                speaker_prefix(&text)
            } else {
                None
            };
            pieces.push(Piece {
                start,
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
    let cues = pieces
        .iter()
        .map(|p| {
            let (speaker, text) = match (&p.voice, &p.prefix) {
                (Some(v), _) => (Some(v.clone()), p.text.clone()),
                (None, Some((name, rest, br))) if accept(name, *br) => {
                    (Some(name.clone()), rest.clone())
                }
                _ => (None, p.text.clone()),
            };
            Cue {
                start_ms: Some(p.start),
                speaker,
                text,
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
