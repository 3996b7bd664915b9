//! What an importer produces: the readable document text and its speaker
//! turns, before anything is stored.

use super::range::CharRange;
use serde::Serialize;
use std::fmt;

/// The format a document came from (stored with the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    Text,
    Plain,
    Vtt,
    Srt,
    WhisperJson,
    Docx,
    Otr,
    /// noScribe's HTML transcript.
    NoScribe,
}

impl SourceFormat {
    /// Whether files of this format are drafts of a speech recogniser
    /// (Whisper, Teams, Zoom, noScribe), whose turns start unverified until
    /// a person has listened.
    pub fn is_draft(self) -> bool {
        matches!(
            self,
            SourceFormat::Vtt
                | SourceFormat::Srt
                | SourceFormat::WhisperJson
                | SourceFormat::NoScribe
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Plain => "plain",
            SourceFormat::Vtt => "vtt",
            SourceFormat::Srt => "srt",
            SourceFormat::WhisperJson => "whisper-json",
            SourceFormat::Docx => "docx",
            SourceFormat::Otr => "otr",
            SourceFormat::NoScribe => "noscribe",
        }
    }

    pub fn parse(s: &str) -> Option<SourceFormat> {
        Some(match s {
            "text" => SourceFormat::Text,
            "plain" => SourceFormat::Plain,
            "vtt" => SourceFormat::Vtt,
            "srt" => SourceFormat::Srt,
            "whisper-json" => SourceFormat::WhisperJson,
            "docx" => SourceFormat::Docx,
            "otr" => SourceFormat::Otr,
            "noscribe" => SourceFormat::NoScribe,
            _ => return None,
        })
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One speaker turn found by an importer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SegmentDraft {
    /// Speaker label as found (trimmed), or `None` when the turn has no label.
    pub speaker: Option<String>,
    /// Char range of the turn's *content* in `ImportedTranscript::text`
    /// (the speech, without the label or leading timestamp).
    pub range: CharRange,
    /// Start time of the turn in milliseconds, when the source gives one.
    pub time_ms: Option<u64>,
    /// End time (the last cue's end, for VTT, SRT and Whisper).
    pub end_ms: Option<u64>,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedTranscript {
    /// The text the user reads and codes: `\n` line endings, no BOM.
    pub text: String,
    /// Speaker turns in document order, non-overlapping.
    pub segments: Vec<SegmentDraft>,
    pub source_format: SourceFormat,
    /// The encoding the bytes were decoded from (e.g. "UTF-8", "windows-1252").
    pub encoding: String,
    /// Language declared by the source itself (e.g. Whisper's "language").
    pub language_hint: Option<String>,
    /// Things the importer noticed but could handle (shown to the user).
    pub warnings: Vec<String>,
    /// Words a speech recogniser was unsure of: (index of the segment, char
    /// offset in its speech, the word, its probability in thousandths).
    pub uncertain: Vec<(usize, usize, String, u16)>,
}
