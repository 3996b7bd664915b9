//! Timed cues (WebVTT, SRT, Whisper JSON) and their readable rendering:
//! one turn per paragraph, `[hh:mm:ss] Speaker: text`, consecutive cues of
//! the same speaker merged.

use super::time::format_hms;
use crate::core::text::TextBuilder;
use crate::core::SegmentDraft;

/// One timed piece of speech.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Cue {
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    pub speaker: Option<String>,
    pub text: String,
    /// Words the recogniser was unsure of: (char offset in the trimmed
    /// `text`, the word, its probability in thousandths).
    pub uncertain: Vec<(usize, String, u16)>,
}

/// The rendered cues: the text, its turns, and the uncertain words as
/// (turn index, char offset in its speech, word, probability ‰).
pub(crate) type Rendered = (String, Vec<SegmentDraft>, Vec<(usize, usize, String, u16)>);

/// Renders cues as the document text and its segments.
///
/// Consecutive cues with the *same named* speaker become one turn (texts
/// joined with a space, time of the first cue). Cues without a speaker are
/// never merged: each stays its own paragraph, so an undiarised Whisper draft
/// keeps its per-segment times.
pub(crate) fn render(cues: &[Cue]) -> (String, Vec<SegmentDraft>) {
    let (text, segments, _) = render_all(cues);
    (text, segments)
}

/// `render`, with the uncertain words placed in their turns.
pub(crate) fn render_all(cues: &[Cue]) -> Rendered {
    let mut turns: Vec<Cue> = Vec::new();
    for cue in cues {
        let text = cue.text.trim();
        if text.is_empty() {
            continue;
        }
        // Offsets were taken in the trimmed text.
        if let Some(last) = turns.last_mut() {
            if last.speaker.is_some() && last.speaker == cue.speaker {
                let shift = crate::core::text::char_len(&last.text) + 1;
                last.text.push(' ');
                last.text.push_str(text);
                last.end_ms = cue.end_ms.or(last.end_ms);
                last.uncertain.extend(
                    cue.uncertain
                        .iter()
                        .map(|(o, w, p)| (o + shift, w.clone(), *p)),
                );
                continue;
            }
        }
        turns.push(Cue {
            start_ms: cue.start_ms,
            end_ms: cue.end_ms,
            speaker: cue.speaker.clone(),
            text: text.to_string(),
            uncertain: cue.uncertain.clone(),
        });
    }
    let uncertain = turns
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.uncertain
                .iter()
                .map(move |(o, w, p)| (i, *o, w.clone(), *p))
        })
        .collect();
    let mut b = TextBuilder::new();
    let mut segments = Vec::with_capacity(turns.len());
    for (i, t) in turns.iter().enumerate() {
        if i > 0 {
            b.push("\n\n");
        }
        if let Some(ms) = t.start_ms {
            b.push(&format!("[{}] ", format_hms(ms)));
        }
        if let Some(s) = &t.speaker {
            b.push(s);
            b.push(": ");
        }
        let range = b.push(&t.text);
        segments.push(SegmentDraft {
            speaker: t.speaker.clone(),
            range,
            time_ms: t.start_ms,
            end_ms: t.end_ms,
        });
    }
    if !turns.is_empty() {
        b.push("\n");
    }
    (b.finish(), segments, uncertain)
}

/// The value of attribute `name` in the inside of an HTML tag (`a
/// name="x"`), quoted or not; the name matched in any case. Shared by the
/// readers of the little HTML that editors write (oTranscribe, noScribe).
pub(crate) fn attr_value(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let pos = lower.find(&format!("{name}="))?;
    let rest = tag.get(pos + name.len() + 1..)?;
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let inner = rest.get(1..)?;
        inner.split_once(quote).map(|(v, _)| v.to_string())
    } else {
        Some(rest.split_whitespace().next().unwrap_or("").to_string())
    }
}

/// Decodes one HTML/XML entity name (without `&` and `;`).
pub(crate) fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(v).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "icirc" => 'î',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "Eacute" => 'É',
        _ => return None,
    })
}

/// Collapses runs of ASCII whitespace (incl. newlines, form feed and
/// vertical tab) into one space and
/// trims; NBSP and other spaces are kept as they are.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\n' | '\t' | '\r' | '\x0b' | '\x0c') {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// Tags a cue can carry: WebVTT's (`c`, `i`, `b`, `u`, `v`, `ruby`, `rt`,
/// `lang`), the HTML ones SRT files use (`font`, `span`, `s`, `em`,
/// `strong`, `br`), closing tags, and timestamps (`<00:00:01.000>`).
const TAG_NAMES: &[&str] = &[
    "c", "i", "b", "u", "v", "ruby", "rt", "lang", "font", "span", "s", "em", "strong", "br",
];

/// The name of a tag's inside: up to white space, a class dot or `/`.
fn tag_name(tag: &str) -> &str {
    let t = tag.strip_prefix('/').unwrap_or(tag);
    let end = t
        .find(|c: char| c.is_whitespace() || c == '.' || c == '/')
        .unwrap_or(t.len());
    t.get(..end).unwrap_or(t)
}

/// Whether the text between `<` and `>` is markup. Anything else, such as
/// `2<3 and 5>1` or `<vite>`, is literal text and kept.
fn is_tag(tag: &str) -> bool {
    if tag.contains('<') || tag.contains('\n') {
        return false;
    }
    if super::time::parse_clock(tag).is_some() {
        return true;
    }
    let name = tag_name(tag);
    let rest = tag
        .strip_prefix('/')
        .unwrap_or(tag)
        .get(name.len()..)
        .unwrap_or("");
    let well_formed = if tag.starts_with('/') {
        rest.trim().is_empty()
    } else {
        rest.is_empty() || rest.starts_with(['.', ' ', '\t', '/'])
    };
    well_formed && TAG_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Cue payload markup → pieces of (voice, text): `<v Name>`/`<v.class Name>`
/// voices (closing tag optional), other tags (`<c>`, `<i>`, `<b>`, `<font>`,
/// `<00:00:01.000>`) and ASS overrides (`{\an8}`) stripped, entities decoded.
/// A `<` or `&` that does not open a known tag/entity is kept as text.
pub(crate) fn parse_payload(payload: &str) -> Vec<(Option<String>, String)> {
    let chars: Vec<char> = payload.chars().collect();
    let mut pieces: Vec<(Option<String>, String)> = vec![(None, String::new())];
    let mut i = 0usize;
    let cur = |p: &mut Vec<(Option<String>, String)>, c: char| {
        if let Some(last) = p.last_mut() {
            last.1.push(c);
        }
    };
    while let Some(&c) = chars.get(i) {
        match c {
            '<' => {
                let close = chars.iter().skip(i + 1).take(200).position(|&c| c == '>');
                let Some(rel) = close else {
                    cur(&mut pieces, c);
                    i += 1;
                    continue;
                };
                let tag: String = chars.iter().skip(i + 1).take(rel).collect();
                if !is_tag(&tag) {
                    cur(&mut pieces, c);
                    i += 1;
                    continue;
                }
                if tag == "v" || tag.starts_with("v ") || tag.starts_with("v.") {
                    let name = tag
                        .split_once(char::is_whitespace)
                        .map(|(_, n)| n.trim())
                        .unwrap_or("");
                    let speaker = (!name.is_empty()).then(|| collapse_ws(name));
                    pieces.push((speaker, String::new()));
                } else if tag == "/v" {
                    pieces.push((None, String::new()));
                } else if tag_name(&tag).eq_ignore_ascii_case("br") {
                    cur(&mut pieces, ' ');
                }
                i += rel + 2;
            }
            '&' => {
                let semi = chars.iter().skip(i + 1).take(10).position(|&c| c == ';');
                let decoded = semi.and_then(|rel| {
                    let name: String = chars.iter().skip(i + 1).take(rel).collect();
                    entity(&name).map(|ch| (ch, rel))
                });
                match decoded {
                    Some((ch, rel)) => {
                        cur(&mut pieces, ch);
                        i += rel + 2;
                    }
                    None => {
                        cur(&mut pieces, c);
                        i += 1;
                    }
                }
            }
            '{' if chars.get(i + 1) == Some(&'\\') => {
                match chars.iter().skip(i).take(100).position(|&c| c == '}') {
                    Some(rel) => i += rel + 1,
                    None => {
                        cur(&mut pieces, c);
                        i += 1;
                    }
                }
            }
            _ => {
                cur(&mut pieces, c);
                i += 1;
            }
        }
    }
    pieces
        .into_iter()
        .map(|(s, t)| (s, collapse_ws(&t)))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// noScribe's overlapping speech: a segment whose speaker is `//S02`
/// (text `//S02: words`, sometimes ending in the closing `//`) is S02's own
/// turn, rendered `//words//`; the `//` that opens the next segment of the
/// interrupted speaker only closes the overlap and is dropped. Returns the
/// speaker, the text, and whether this piece was an overlap.
pub(crate) fn noscribe_overlap(
    speaker: Option<String>,
    text: &str,
    after_overlap: bool,
) -> (Option<String>, String, bool) {
    if let Some(name) = speaker
        .as_deref()
        .and_then(|s| s.strip_prefix("//"))
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let t = text.trim();
        let t = t.strip_prefix("//").unwrap_or(t).trim_start();
        let t = t
            .strip_prefix(name)
            .and_then(|r| r.strip_prefix(':'))
            .unwrap_or(t);
        let t = t.trim();
        let t = t.strip_suffix("//").unwrap_or(t).trim();
        return (Some(name.to_string()), format!("//{t}//"), true);
    }
    if after_overlap {
        let t = text.trim_start();
        if let Some(rest) = t.strip_prefix("//") {
            return (speaker, rest.trim().to_string(), false);
        }
    }
    (speaker, text.to_string(), false)
}

/// A speaker prefix at the start of a cue: `[SPEAKER_00]: text` (whisperX)
/// or `Name: text` (Zoom, hand-made SRT). Returns (speaker, rest, bracketed).
pub(crate) fn speaker_prefix(text: &str) -> Option<(String, String, bool)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        let after = after.trim_start().strip_prefix(':')?;
        let inner = inner.trim();
        if inner.is_empty() || inner.chars().count() > 40 || inner.contains('[') {
            return None;
        }
        return Some((inner.to_string(), after.trim().to_string(), true));
    }
    let (name, rest) = text.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let name = name.trim();
    let n = name.chars().count();
    if n == 0 || n > 50 || name.split_whitespace().count() > 6 {
        return None;
    }
    if name.chars().any(|c| {
        matches!(
            c,
            '?' | '!' | ';' | '"' | '«' | '»' | '[' | ']' | '{' | '}' | '<' | '>'
        )
    }) || name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '(')
    {
        return None;
    }
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',')
        .to_lowercase();
    if super::text::is_stop_word(&first) {
        return None;
    }
    Some((collapse_ws(name), rest.trim().to_string(), false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::char_slice;

    #[test]
    fn payload_voices_and_tags() {
        let p = parse_payload(
            "<v.loud Jean Kabila>Bonjour &amp; <i>bienvenue</i></v><v Ana>Merci&nbsp;!",
        );
        assert_eq!(
            p,
            vec![
                (
                    Some("Jean Kabila".to_string()),
                    "Bonjour & bienvenue".to_string()
                ),
                (Some("Ana".to_string()), "Merci\u{a0}!".to_string()),
            ]
        );
        let p = parse_payload("{\\an8}<font color=\"red\">a < b</font> &unknown; <00:00:01.000>c");
        assert_eq!(p, vec![(None, "a < b &unknown; c".to_string())]);
        // Not tags: comparisons and unknown names stay as they are.
        let p = parse_payload("2<3 and 5>1, <vite>, <c.colorCCCCCC>what</c><br/>next");
        assert_eq!(
            p,
            vec![(None, "2<3 and 5>1, <vite>, what next".to_string())]
        );
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            speaker_prefix("[SPEAKER_00]: Bonjour"),
            Some(("SPEAKER_00".into(), "Bonjour".into(), true))
        );
        assert_eq!(
            speaker_prefix("Samson Zhang (Host): gotcha"),
            Some(("Samson Zhang (Host)".into(), "gotcha".into(), false))
        );
        assert_eq!(speaker_prefix("Note: this"), None);
        assert_eq!(speaker_prefix("at 14:30 we"), None);
        assert_eq!(speaker_prefix("So basically this: yes"), None);
    }

    #[test]
    fn uncertain_words_keep_their_place_when_cues_merge() {
        let cue = |t: &str, u: Vec<(usize, String, u16)>| Cue {
            start_ms: Some(0),
            speaker: Some("A".into()),
            text: t.into(),
            uncertain: u,
            ..Default::default()
        };
        let (text, segs, u) = render_all(&[
            cue(" un deux", vec![(3, "deux".into(), 200)]),
            cue("trois quatre ", vec![(6, "quatre".into(), 300)]),
        ]);
        let speech: String = text.chars().skip(segs[0].range.start).collect();
        assert!(speech.starts_with("un deux trois quatre"), "{speech}");
        assert_eq!(
            u,
            vec![
                (0, 3, "deux".to_string(), 200),
                (0, 14, "quatre".to_string(), 300)
            ]
        );
    }

    #[test]
    fn render_merges_same_speaker() {
        let cue = |ms, s: Option<&str>, t: &str| Cue {
            start_ms: Some(ms),
            end_ms: None,
            speaker: s.map(String::from),
            text: t.into(),
            uncertain: Vec::new(),
        };
        let (text, segs) = render(&[
            cue(1000, Some("A"), "one"),
            cue(2000, Some("A"), "two"),
            cue(3000, None, "x"),
            cue(4000, None, "y"),
        ]);
        assert_eq!(
            text,
            "[00:00:01] A: one two\n\n[00:00:03] x\n\n[00:00:04] y\n"
        );
        assert_eq!(segs.len(), 3);
        assert_eq!(char_slice(&text, segs[0].range), "one two");
    }
}
