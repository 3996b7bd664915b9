//! The stored domain objects as the rest of Gloss sees them.

use super::ids::{CodeId, CodingId, DocumentId, ParticipantId, SegmentId};
use super::range::CharRange;
use serde::Serialize;
use std::collections::BTreeMap;

/// A transcript (or any text) in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub id: DocumentId,
    pub name: String,
    pub text: String,
    /// ISO 639-1/3 code, or "und" when unknown.
    pub language: String,
    pub source_format: String,
    pub source_path: Option<String>,
    pub encoding: String,
    pub content_hash: String,
    pub media_path: Option<String>,
}

/// A speaker turn: the char range of its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub id: SegmentId,
    pub range: CharRange,
    pub speaker: Option<String>,
    pub participant: Option<ParticipantId>,
    pub time_ms: Option<u64>,
    /// When the turn ends in the recording, where known (a cue's end, or
    /// the playhead when the next turn was started).
    pub end_ms: Option<u64>,
    /// Someone listened to it against the recording (a recogniser's draft
    /// starts unverified).
    pub verified: bool,
}

/// A speaker in one document (a case), with attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub document: DocumentId,
    pub name: String,
    pub attributes: BTreeMap<String, String>,
}

/// A code of the codebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Code {
    pub id: CodeId,
    pub name: String,
    pub parent: Option<CodeId>,
    pub color: Option<String>,
    pub shortcut: Option<String>,
    pub definition: String,
    pub when_to_use: String,
    pub when_not_to_use: String,
    pub example: String,
}

/// A code applied by a coder to a char range of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coding {
    pub id: CodingId,
    pub document: DocumentId,
    pub code: CodeId,
    pub coder: String,
    pub range: CharRange,
    pub memo: Option<String>,
    pub created_at: String,
}

/// A code as stored, with its place among its siblings (what undo needs to
/// put a deleted or moved code back exactly where it was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeRecord {
    pub code: Code,
    pub position: i64,
}

/// A turn with every stored field (what edits set and undo restores).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurnRecord {
    pub id: SegmentId,
    pub ordinal: u64,
    pub range: CharRange,
    pub speaker: Option<String>,
    pub time_ms: Option<u64>,
    pub end_ms: Option<u64>,
    pub verified: bool,
}
