//! The pure domain: model types, char ranges and the one place that converts
//! between byte, char and line offsets. No I/O, no SQLite, no terminal.

pub mod agreement;
pub mod analysis;
pub mod change;
pub mod codebook;
pub mod deleted;
pub mod excerpt;
pub mod history;
pub mod ids;
pub mod language;
pub mod line_text;
pub mod model;
pub mod motion;
pub mod passage;
pub mod plural;
pub mod pseudonym;
pub mod query;
pub mod range;
pub mod sanitize;
pub mod text;
pub mod time;
pub mod transcript;
pub mod turn_label;

pub use ids::{CodeId, CodingId, DocumentId, ParticipantId, SegmentId};
pub use model::{Code, CodeRecord, Coding, Document, Participant, Segment, TurnRecord};
pub use range::CharRange;
pub use transcript::{ImportedTranscript, SegmentDraft, SourceFormat};
