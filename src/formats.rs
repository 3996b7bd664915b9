//! Importers: pure functions from a file's bytes to an `ImportedTranscript`.
//! No I/O here (callers read the file), no SQLite, no terminal.
//!
//! `import_bytes` sniffs the format (`--format auto`) or uses the one forced,
//! decodes the text (BOMs, UTF-16, Windows-1252), normalises line endings and
//! hands the text to the format's parser.
//!
//! Sniffing under `Auto` (content wins over the extension when it is clearly
//! something else): a zip → docx; a JSON object → Whisper JSON
//! (`segments[]`/`transcription[]`) or oTranscribe (`text` + `media-time`);
//! an HTML page with `<a name="ts_…">` segment anchors → noScribe; first
//! line `WEBVTT` → vtt; first block `1` + `00:00:01,000 --> …` → srt;
//! otherwise the extension (`.vtt`, `.srt`, `.json`, `.otr`, `.docx`), and
//! text files (`.txt`, `.md`, no extension) → `text`. A file with an unknown
//! extension is imported as `text` only when speaker labels are found in it.

pub mod cell;
pub mod codebook;
mod cues;
mod decode;
mod docx;
pub mod export;
mod noscribe;
mod otr;
pub mod refi;
mod subtitles;
mod text;
pub(crate) mod time;
pub mod transcript;
mod whisper;
pub(crate) mod xml;

use crate::core::{ImportedTranscript, SegmentDraft, SourceFormat};
use decode::Decoded;
use std::collections::{HashMap, HashSet};
use whisper::JsonKind;

pub use docx::MAX_XML_BYTES as MAX_DOCX_XML_BYTES;

/// Which importer to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
    Auto,
    Fixed(SourceFormat),
}

/// Why a file could not be imported. `Display` gives the reason only; callers
/// print `error: FILE: reason`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("the file is empty")]
    Empty,
    #[error("{0}")]
    Invalid(String),
}

fn invalid(msg: impl Into<String>) -> FormatError {
    FormatError::Invalid(msg.into())
}

/// The lower-case extension of `file_name` without the dot ("" if none).
fn extension(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// Imports one file's bytes. `file_name` is used only for sniffing by extension.
pub fn import_bytes(
    bytes: &[u8],
    file_name: &str,
    choice: FormatChoice,
) -> Result<ImportedTranscript, FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    let ext = extension(file_name);
    let is_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    let format = match choice {
        FormatChoice::Fixed(f) => f,
        FormatChoice::Auto => {
            if is_zip || ext == "docx" {
                SourceFormat::Docx
            } else {
                refuse_known_binaries(bytes, &ext)?;
                let decoded = decode::decode(bytes)?;
                return import_auto(decoded, &ext);
            }
        }
    };
    if format == SourceFormat::Docx {
        return import_docx(bytes);
    }
    if is_zip {
        return Err(invalid(format!(
            "this is a zip archive (a .docx?), not {format} text; use --format docx or auto"
        )));
    }
    let decoded = decode::decode(bytes)?;
    import_decoded(decoded, format)
}

/// Clear reasons for formats people try to import by mistake.
fn refuse_known_binaries(bytes: &[u8], ext: &str) -> Result<(), FormatError> {
    if bytes.starts_with(b"%PDF") {
        return Err(invalid(
            "PDF is not supported; export the transcript as .docx or .txt",
        ));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(invalid(
            "legacy Word 97-2003 (.doc) or password-protected file; save it as .docx without a password",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(invalid(
            "RTF is not supported; save the file as .docx or .txt",
        ));
    }
    if ext == "doc" {
        return Err(invalid(
            "legacy Word .doc is not supported; save the file as .docx",
        ));
    }
    Ok(())
}

fn import_auto(decoded: Decoded, ext: &str) -> Result<ImportedTranscript, FormatError> {
    let head = decoded.text.trim_start();
    let json_ext = matches!(ext, "json" | "otr");
    // JSON object (not a QualCoder `{00:01:02}` timestamp line).
    let after_brace = head.strip_prefix('{').map(str::trim_start);
    if json_ext || after_brace.is_some_and(|r| r.starts_with('"') || r.starts_with('}')) {
        let value = whisper::parse_json(&decoded.text)?;
        return match whisper::json_kind(&value) {
            Some(JsonKind::Otr) => otr::import(decoded, &value),
            Some(_) => import_whisper(decoded, &value),
            None if ext == "otr" => otr::import(decoded, &value),
            None => Err(invalid(
                "JSON, but neither Whisper (\"segments\"/\"transcription\") nor oTranscribe (\"text\" + \"media-time\")",
            )),
        };
    }
    if noscribe::looks_like_noscribe(&decoded.text) {
        return noscribe::import(decoded);
    }
    if subtitles::looks_like_vtt(&decoded.text) {
        return import_decoded(decoded, SourceFormat::Vtt);
    }
    if subtitles::looks_like_srt(&decoded.text) {
        return import_decoded(decoded, SourceFormat::Srt);
    }
    match ext {
        "vtt" => import_decoded(decoded, SourceFormat::Vtt),
        "srt" => import_decoded(decoded, SourceFormat::Srt),
        "" | "txt" | "text" | "md" | "markdown" => import_decoded(decoded, SourceFormat::Text),
        _ => {
            let t = import_decoded(decoded, SourceFormat::Text)?;
            if t.segments.iter().any(|s| s.speaker.is_some()) {
                Ok(t)
            } else {
                Err(invalid(format!(
                    "unknown format (extension \".{ext}\"); use --format"
                )))
            }
        }
    }
}

fn base(decoded: Decoded, format: SourceFormat) -> ImportedTranscript {
    ImportedTranscript {
        text: decoded.text,
        segments: Vec::new(),
        source_format: format,
        encoding: decoded.encoding,
        language_hint: None,
        warnings: decoded.warnings,
        uncertain: Vec::new(),
    }
}

fn import_decoded(
    decoded: Decoded,
    format: SourceFormat,
) -> Result<ImportedTranscript, FormatError> {
    match format {
        SourceFormat::Plain => {
            let mut t = base(decoded, format);
            t.segments = text::paragraphs(&t.text);
            Ok(t)
        }
        SourceFormat::Text => {
            let mut t = base(decoded, format);
            let (segments, warnings) = text_turns(&t.text, &HashMap::new(), &HashSet::new());
            t.segments = segments;
            t.warnings.extend(warnings);
            Ok(t)
        }
        SourceFormat::Vtt | SourceFormat::Srt => {
            let kind = if format == SourceFormat::Vtt {
                subtitles::Kind::Vtt
            } else {
                subtitles::Kind::Srt
            };
            let (cue_list, warnings) = subtitles::parse(&decoded.text, kind);
            if cue_list.is_empty() {
                return Err(invalid(format!(
                    "no {} cues found (no `00:00:01.000 --> 00:00:02.000` timing lines with text)",
                    if kind == subtitles::Kind::Vtt {
                        "WebVTT"
                    } else {
                        "SRT"
                    }
                )));
            }
            Ok(from_cues(decoded, format, &cue_list, warnings, None))
        }
        SourceFormat::WhisperJson => {
            let value = whisper::parse_json(&decoded.text)?;
            import_whisper(decoded, &value)
        }
        SourceFormat::Otr => {
            let value = whisper::parse_json(&decoded.text)?;
            otr::import(decoded, &value)
        }
        SourceFormat::NoScribe => noscribe::import(decoded),
        SourceFormat::Docx => Err(invalid("internal: docx is not text")),
    }
}

fn from_cues(
    decoded: Decoded,
    format: SourceFormat,
    cue_list: &[cues::Cue],
    warnings: Vec<String>,
    language_hint: Option<String>,
) -> ImportedTranscript {
    let (text, segments, uncertain) = cues::render_all(cue_list);
    let mut w = decoded.warnings;
    w.extend(warnings);
    ImportedTranscript {
        text,
        segments,
        source_format: format,
        encoding: decoded.encoding,
        language_hint,
        warnings: w,
        uncertain,
    }
}

fn import_whisper(
    decoded: Decoded,
    value: &serde_json::Value,
) -> Result<ImportedTranscript, FormatError> {
    let doc = whisper::import(value)?;
    Ok(from_cues(
        decoded,
        SourceFormat::WhisperJson,
        &doc.cues,
        doc.warnings,
        doc.language,
    ))
}

/// Speaker turns of a typed text, falling back to paragraphs (with a
/// warning) when no label is found.
fn text_turns(
    text: &str,
    hints: &HashMap<usize, text::Hint>,
    breaks: &HashSet<usize>,
) -> (Vec<SegmentDraft>, Vec<String>) {
    let turns = text::parse_turns(text, hints, breaks);
    if turns.segments.is_empty() {
        let mut w = turns.warnings;
        w.push("no speaker labels found; imported as paragraphs without speakers".to_string());
        (text::paragraphs(text), w)
    } else {
        (turns.segments, turns.warnings)
    }
}

fn import_docx(bytes: &[u8]) -> Result<ImportedTranscript, FormatError> {
    let d = docx::extract(bytes)?;
    if d.text.trim().is_empty() {
        return Err(invalid("the document has no text"));
    }
    let (segments, warnings) = text_turns(&d.text, &d.hints, &d.breaks);
    let mut all = d.warnings;
    all.extend(warnings);
    Ok(ImportedTranscript {
        text: d.text,
        segments,
        source_format: SourceFormat::Docx,
        encoding: "UTF-8".to_string(),
        language_hint: None,
        warnings: all,
        uncertain: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(extension("a/b/Interview.TXT"), "txt");
        assert_eq!(extension(".hidden"), "");
        assert_eq!(extension("noext"), "");
        assert_eq!(extension("C:\\x\\y.vtt"), "vtt");
    }
}
