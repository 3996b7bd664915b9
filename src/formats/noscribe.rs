//! noScribe's HTML transcripts (its default output): one `<p>` per speaker
//! turn, each Whisper segment an anchor `<a name="ts_START_END_SPEAKER">`
//! (times in ms). The first anchor of a turn repeats the speaker (`S01: `)
//! and may carry a `[hh:mm:ss]` stamp in a `<span>`; both are dropped from
//! the speech, since the anchor gives them exactly. Paragraphs without
//! anchors (the title, the "Transcribed with noScribe" note) open the text
//! as plain paragraphs. Overlapping speech (`//S02: …//`) becomes S02's own
//! turn (see `cues::noscribe_overlap`).
//!
//! The HTML is read with a small tolerant tokenizer (noScribe's editor and
//! hand edits do not always write well-formed XML); only `p`, `div`, `br`,
//! `a` and the `head`/`style`/`script` sections matter.

use super::cues::{attr_value, entity, noscribe_overlap, render, Cue};
use super::decode::Decoded;
use super::FormatError;
use crate::core::text::TextBuilder;
use crate::core::{CharRange, ImportedTranscript, SegmentDraft, SourceFormat};

/// Whether `text` is a noScribe HTML transcript.
pub(crate) fn looks_like_noscribe(text: &str) -> bool {
    let head = text.trim_start().get(..512).unwrap_or(text.trim_start());
    let html = head.starts_with('<')
        && (head.to_ascii_lowercase().contains("<html") || head.starts_with("<!"));
    html && (text.contains("<a name=\"ts_") || text.contains("<a name='ts_"))
}

/// One anchor (or the text outside anchors) inside a paragraph.
#[derive(Debug, Default)]
struct Piece {
    /// (start ms, end ms, speaker) from `ts_START_END_SPEAKER`.
    anchor: Option<(u64, u64, String)>,
    text: String,
}

/// `ts_12140_22800_S01` → (12140, 22800, "S01"); the speaker may be empty
/// (a pause, or no speaker detection) and may itself contain `_`.
fn anchor(name: &str) -> Option<(u64, u64, String)> {
    let rest = name.strip_prefix("ts_")?;
    let mut parts = rest.splitn(3, '_');
    let start = parts.next()?.parse().ok()?;
    let end = parts.next()?.parse().ok()?;
    let speaker = parts.next().unwrap_or("").to_string();
    Some((start, end, speaker))
}

/// The body's paragraphs, each a list of pieces.
fn paragraphs(html: &str) -> Vec<Vec<Piece>> {
    let mut paras: Vec<Vec<Piece>> = Vec::new();
    let mut cur: Vec<Piece> = vec![Piece::default()];
    let mut in_anchor = false;
    let mut hidden = 0usize; // inside head/style/script/title
    let mut rest = html;
    let flush = |cur: &mut Vec<Piece>, paras: &mut Vec<Vec<Piece>>| {
        let pieces: Vec<Piece> = std::mem::take(cur)
            .into_iter()
            .filter(|p| p.anchor.is_some() || !p.text.trim().is_empty())
            .collect();
        if pieces.iter().any(|p| !p.text.trim().is_empty()) {
            paras.push(pieces);
        }
        cur.push(Piece::default());
    };
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(r) = rest.strip_prefix("<!--") {
                rest = r.split_once("-->").map_or("", |(_, after)| after);
                continue;
            }
            if let Some(end) = rest.find('>') {
                let tag = rest.get(1..end).unwrap_or("").trim();
                rest = rest.get(end + 1..).unwrap_or("");
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_lowercase();
                let self_closing = tag.ends_with('/');
                match name.as_str() {
                    "head" | "style" | "script" | "title" if !self_closing => {
                        if closing {
                            hidden = hidden.saturating_sub(1);
                        } else {
                            hidden += 1;
                        }
                    }
                    _ if hidden > 0 => {}
                    "p" | "div" | "h1" | "h2" | "h3" | "li" | "body" => {
                        flush(&mut cur, &mut paras);
                        in_anchor = false;
                    }
                    "br" => {
                        if let Some(last) = cur.last_mut() {
                            last.text.push('\n');
                        }
                    }
                    "a" if closing => {
                        if in_anchor {
                            cur.push(Piece::default());
                        }
                        in_anchor = false;
                    }
                    "a" => {
                        if let Some(a) = attr_value(tag, "name").as_deref().and_then(anchor) {
                            cur.push(Piece {
                                anchor: Some(a),
                                text: String::new(),
                            });
                            in_anchor = true;
                        }
                    }
                    _ => {}
                }
                continue;
            }
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
        if hidden > 0 {
            continue;
        }
        let mut ch = c;
        if c == '&' {
            if let Some(semi) = rest.get(..rest.len().min(10)).and_then(|s| s.find(';')) {
                if let Some(e) = rest.get(..semi).and_then(entity) {
                    ch = e;
                    rest = rest.get(semi + 1..).unwrap_or("");
                }
            }
        }
        if let Some(last) = cur.last_mut() {
            last.text.push(ch);
        }
    }
    flush(&mut cur, &mut paras);
    paras
}

/// ASCII white space runs (not line breaks) → one space; trimmed. A
/// no-break space (French `site ?`) is kept.
fn tidy(s: &str) -> String {
    s.split('\n')
        .map(|l| {
            l.split(|c: char| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An anchor's speech without the repeated `S01:` and the `[hh:mm:ss]`.
fn speech(text: &str, speaker: &str) -> String {
    let mut t = text.trim_start();
    if !speaker.is_empty() {
        if let Some(r) = t.strip_prefix(speaker).and_then(|r| r.strip_prefix(':')) {
            t = r.trim_start();
        }
    }
    if let Some(r) = t.strip_prefix('[') {
        if let Some((inner, after)) = r.split_once(']') {
            if super::time::parse_clock(inner).is_some() {
                t = after;
            }
        }
    }
    tidy(t)
}

pub(crate) fn import(decoded: Decoded) -> Result<ImportedTranscript, FormatError> {
    let paras = paragraphs(&decoded.text);
    let mut header: Vec<String> = Vec::new();
    let mut cues: Vec<Cue> = Vec::new();
    let mut after_overlap = false;
    for para in &paras {
        if para.iter().all(|p| p.anchor.is_none()) {
            let t: String = para.iter().map(|p| p.text.as_str()).collect();
            let t = tidy(&t);
            if cues.is_empty() {
                header.push(t);
            } else {
                cues.push(Cue {
                    start_ms: None,
                    end_ms: None,
                    speaker: None,
                    text: t,
                    uncertain: Vec::new(),
                });
            }
            continue;
        }
        for piece in para {
            let Some((start, end, speaker)) = &piece.anchor else {
                continue;
            };
            let text = speech(&piece.text, speaker);
            if text.is_empty() {
                continue;
            }
            let speaker = (!speaker.trim().is_empty()).then(|| speaker.trim().to_string());
            let (speaker, text, overlap) = noscribe_overlap(speaker, &text, after_overlap);
            after_overlap = overlap;
            cues.push(Cue {
                start_ms: Some(*start),
                end_ms: Some(*end),
                speaker,
                text,
                uncertain: Vec::new(),
            });
        }
    }
    if cues.is_empty() {
        return Err(FormatError::Invalid(
            "noScribe HTML without any timed segment (`<a name=\"ts_…\">`)".into(),
        ));
    }
    let (body, segments) = render(&cues);
    let mut b = TextBuilder::new();
    for h in &header {
        b.push(h);
        b.push("\n\n");
    }
    let shift = b.char_pos();
    b.push(&body);
    let segments = segments
        .into_iter()
        .map(|s| SegmentDraft {
            range: CharRange::new(s.range.start + shift, s.range.end + shift),
            ..s
        })
        .collect();
    Ok(ImportedTranscript {
        text: b.finish(),
        segments,
        source_format: SourceFormat::NoScribe,
        encoding: decoded.encoding,
        language_hint: None,
        warnings: decoded.warnings,
        uncertain: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors() {
        assert_eq!(anchor("ts_0_12140_"), Some((0, 12140, String::new())));
        assert_eq!(
            anchor("ts_30090_30910_//S02"),
            Some((30090, 30910, "//S02".to_string()))
        );
        assert_eq!(anchor("ts_x_1_S01"), None);
        assert_eq!(speech("S01: [00:00:12] Hello  there", "S01"), "Hello there");
        assert_eq!(speech(" (..)", "S01"), "(..)");
    }
}
