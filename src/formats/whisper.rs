//! Whisper JSON drafts: openai-whisper / faster-whisper (`segments[]`),
//! whisperX (`segments[]` with `speaker`), whisper.cpp (`transcription[]`
//! with `offsets.from` in ms). Also the lenient JSON reading shared with
//! `.otr` (bare `NaN`/`Infinity` written by Python's `json.dump`).

use super::cues::Cue;
use super::time::secs_to_ms;
use super::FormatError;
use serde_json::Value;

/// Replaces bare `NaN`, `Infinity` and `-Infinity` tokens outside strings by
/// `null`. Returns the new text and, per replacement, (line, column in the
/// new text, length change) so error positions can be mapped back.
fn sanitize(src: &str) -> (String, Vec<(usize, usize, isize)>) {
    let mut out = String::with_capacity(src.len());
    let mut edits = Vec::new();
    let (mut line, mut col) = (1usize, 1usize);
    let mut in_str = false;
    let mut escaped = false;
    let mut rest = src;
    while let Some(c) = rest.chars().next() {
        if !in_str {
            let token = [("-Infinity", 5isize), ("Infinity", 4), ("NaN", -1)]
                .into_iter()
                .find(|(t, _)| rest.starts_with(t));
            if let Some((t, delta)) = token {
                edits.push((line, col, delta));
                out.push_str("null");
                col += 4;
                rest = rest.get(t.len()..).unwrap_or("");
                continue;
            }
        }
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    (out, edits)
}

/// Parses JSON leniently (NaN/Infinity → null). Errors give the line and
/// column in the original file.
pub(crate) fn parse_json(src: &str) -> Result<Value, FormatError> {
    let (clean, edits) = sanitize(src);
    serde_json::from_str(&clean).map_err(|e| {
        let (line, mut col) = (e.line(), e.column());
        for (l, c, delta) in edits.iter().rev() {
            if *l == line && *c < col {
                col = col.saturating_add_signed(*delta);
            }
        }
        let msg = e.to_string();
        let reason = msg
            .rsplit_once(" at line ")
            .map_or(msg.as_str(), |(r, _)| r);
        FormatError::Invalid(format!(
            "invalid JSON at line {line}, column {col}: {reason}"
        ))
    })
}

/// Which JSON transcript a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonKind {
    Whisper,
    WhisperCpp,
    Otr,
}

pub(crate) fn json_kind(v: &Value) -> Option<JsonKind> {
    let o = v.as_object()?;
    if o.get("transcription").is_some_and(Value::is_array) {
        Some(JsonKind::WhisperCpp)
    } else if o.get("segments").is_some_and(Value::is_array) {
        Some(JsonKind::Whisper)
    } else if o.get("text").is_some_and(Value::is_string) && o.contains_key("media-time") {
        Some(JsonKind::Otr)
    } else {
        None
    }
}

/// A Whisper result: cues, language, warnings.
pub(crate) struct WhisperDoc {
    pub cues: Vec<Cue>,
    pub language: Option<String>,
    pub warnings: Vec<String>,
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub(crate) fn import(v: &Value) -> Result<WhisperDoc, FormatError> {
    let mut warnings = Vec::new();
    let (items, cpp) = if let Some(t) = v.get("transcription").and_then(Value::as_array) {
        (t, true)
    } else if let Some(s) = v.get("segments").and_then(Value::as_array) {
        (s, false)
    } else {
        return Err(FormatError::Invalid(
            "JSON is not a Whisper transcript (no \"segments\" or \"transcription\" array)"
                .to_string(),
        ));
    };
    let language = if cpp {
        v.pointer("/result/language")
            .or_else(|| v.pointer("/params/language"))
            .and_then(Value::as_str)
    } else {
        str_field(v, "language")
    }
    .map(str::to_string)
    .filter(|l| !l.is_empty() && l != "auto");

    let mut cues = Vec::new();
    let mut empty = 0usize;
    let mut amara = 0usize;
    for item in items {
        let text = str_field(item, "text").unwrap_or("").trim();
        if text.is_empty() {
            empty += 1;
            continue;
        }
        let start_ms = if cpp {
            item.pointer("/offsets/from")
                .and_then(Value::as_u64)
                .or_else(|| {
                    item.pointer("/timestamps/from")
                        .and_then(Value::as_str)
                        .and_then(super::time::parse_clock)
                })
        } else {
            item.get("start")
                .and_then(Value::as_f64)
                .and_then(secs_to_ms)
        };
        let end_ms = if cpp {
            item.pointer("/offsets/to")
                .and_then(Value::as_u64)
                .or_else(|| {
                    item.pointer("/timestamps/to")
                        .and_then(Value::as_str)
                        .and_then(super::time::parse_clock)
                })
        } else {
            item.get("end").and_then(Value::as_f64).and_then(secs_to_ms)
        };
        let speaker = match item.get("speaker") {
            Some(Value::String(s)) if cpp => match s.trim() {
                "" | "?" => None,
                id if id.chars().all(|c| c.is_ascii_digit()) => Some(format!("Speaker {id}")),
                other => Some(other.to_string()),
            },
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(format!("Speaker {n}")),
            _ => None,
        };
        if text.contains("Amara.org") {
            amara += 1;
        }
        cues.push(Cue {
            start_ms,
            end_ms,
            speaker,
            text: text.to_string(),
            uncertain: uncertain_words(item, text),
        });
    }
    if cues.is_empty() {
        return Err(FormatError::Invalid(
            "the Whisper transcript has no text (all segments are empty)".to_string(),
        ));
    }
    if empty > 0 {
        warnings.push(format!("{empty} empty segment(s) skipped"));
    }
    if amara > 0 {
        warnings.push(format!(
            "{amara} segment(s) contain \"Sous-titres réalisés par la communauté d'Amara.org\" or similar: a known Whisper hallucination on silence; check and delete"
        ));
    }
    Ok(WhisperDoc {
        cues,
        language,
        warnings,
    })
}

/// Words below this probability are dimmed as uncertain.
const UNSURE_BELOW: f64 = 0.5;
/// A segment that lists no words is uncertain as a whole when its average
/// log-probability is below this, or when it is likely no speech at all.
const UNSURE_SEGMENT_LOGPROB: f64 = -1.0;
const NO_SPEECH_ABOVE: f64 = 0.6;

/// A probability in thousandths.
fn permille(p: f64) -> u16 {
    // Clamped to 0–1000 first: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let v = (p.clamp(0.0, 1.0) * 1000.0).round() as u16;
    v
}

/// The words of segment `item` that the recogniser was unsure of, with
/// their char offsets in `text` (the segment's trimmed text): from its
/// `words` (`probability`, or whisperX's `score`; words without one, such
/// as whisperX's numbers, are skipped), else the whole segment when its
/// `avg_logprob` or `no_speech_prob` says so.
fn uncertain_words(item: &Value, text: &str) -> Vec<(usize, String, u16)> {
    let mut out = Vec::new();
    match item.get("words").and_then(Value::as_array) {
        Some(words) if !words.is_empty() => {
            let mut from = 0usize;
            for w in words {
                let Some(word) = w
                    .get("word")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                else {
                    continue;
                };
                let Some(b) = text
                    .get(from..)
                    .and_then(|rest| rest.find(word))
                    .map(|i| from + i)
                else {
                    continue;
                };
                from = b + word.len();
                let p = w
                    .get("probability")
                    .or_else(|| w.get("score"))
                    .and_then(Value::as_f64);
                if let Some(p) = p.filter(|p| *p < UNSURE_BELOW) {
                    let offset = crate::core::text::char_len(text.get(..b).unwrap_or(""));
                    out.push((offset, word.to_string(), permille(p)));
                }
            }
        }
        _ => {
            let logprob = item.get("avg_logprob").and_then(Value::as_f64);
            let silent = item
                .get("no_speech_prob")
                .and_then(Value::as_f64)
                .is_some_and(|p| p > NO_SPEECH_ABOVE);
            if let Some(lp) = logprob.filter(|lp| *lp < UNSURE_SEGMENT_LOGPROB || silent) {
                out.push((0, text.to_string(), permille(lp.exp())));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_is_replaced_outside_strings_only() {
        let (s, edits) =
            sanitize(r#"{"a": NaN, "b": "NaN \" Infinity", "c": [-Infinity, Infinity]}"#);
        assert_eq!(
            s,
            r#"{"a": null, "b": "NaN \" Infinity", "c": [null, null]}"#
        );
        assert_eq!(edits.len(), 3);
    }

    #[test]
    fn json_errors_have_original_positions() {
        let err = parse_json("{\"a\": NaN, \"b\": }").expect_err("invalid");
        assert_eq!(
            err.to_string(),
            "invalid JSON at line 1, column 17: expected value"
        );
    }
}
