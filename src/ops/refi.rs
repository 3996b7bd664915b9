//! `gloss refi export|import`: whole projects to and from REFI-QDA `.qdpx`.
//!
//! Export: documents → text sources (`sources/<GUID>.txt`), codebook →
//! codes (definition, when to use, when not to use, example and shortcut
//! folded into the description), coders → users, codings → one
//! `PlainTextSelection` each with its `Coding`, memos → notes (a coding's on
//! its selection, a document's on its source, a code's on its code),
//! participants → cases (one per speaker of a document, `SourceRef` to it)
//! with their attributes as Text variables. GUIDs are the stored UUIDs, or
//! derived from ids, so the same project always gives the same file.
//!
//! Import: everything is read, decoded and converted first; then one
//! transaction writes it (any error leaves the project as it was).

pub mod bench;
mod export;
mod import;

pub use export::{export, ExportReport};
pub use import::{import, ImportOptions, ImportReport};
