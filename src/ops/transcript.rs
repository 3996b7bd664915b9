//! `gloss transcript export`: a document's current text and turns (with
//! speakers and times) written as txt, docx, vtt, srt or otr by the pure
//! writers of `formats::transcript`, atomically and owner-only like every
//! export.

use super::{Result, Store};
use crate::core::text::CharIndex;
use crate::core::turn_label::label_range;
use crate::core::CharRange;
use crate::formats::transcript::{self, Transcript, TranscriptFormat, TranscriptTurn};
use std::path::{Path, PathBuf};

/// What was written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TranscriptExport {
    pub document: String,
    pub format: &'static str,
    pub turns: usize,
    pub timed: usize,
    pub out: PathBuf,
}

/// The transcript of document `doc` (id or name) as it is now.
pub fn transcript(store: &Store, doc: &str) -> Result<Transcript> {
    let id = super::documents::resolve(store, doc)?;
    let dt = super::text::load(store, &id)?;
    Ok(of_text(&dt.text, &dt.turns))
}

/// The transcript of a text and its turns (in document order).
pub fn of_text(text: &str, turns: &[crate::core::TurnRecord]) -> Transcript {
    let index = CharIndex::new(text);
    let preamble = turns
        .first()
        .map(|t| {
            let label = label_range(text, 0, t.range.start);
            index
                .slice(text, CharRange::new(0, label.start))
                .trim()
                .to_string()
        })
        .unwrap_or_default();
    Transcript {
        preamble,
        turns: turns
            .iter()
            .map(|t| TranscriptTurn {
                id: Some(t.id.0),
                speaker: t.speaker.clone(),
                start_ms: t.time_ms,
                end_ms: t.end_ms,
                text: index.slice(text, t.range).trim().to_string(),
            })
            .collect(),
    }
}

/// Writes document `doc`'s transcript to `out` in `format` (an existing
/// `out` only with `force`; never the project itself).
pub fn export(
    store: &Store,
    doc: &str,
    format: TranscriptFormat,
    out: &Path,
    force: bool,
) -> Result<TranscriptExport> {
    if super::files::same_file(out, store.path()) {
        return Err(super::Error::file(
            out,
            "is the project itself; choose another output file",
        ));
    }
    if out.exists() && !force {
        return Err(super::Error::file(
            out,
            "already exists (use --force to overwrite it)",
        ));
    }
    let t = transcript(store, doc)?;
    if t.turns.is_empty() {
        return Err(super::Error::Invalid(format!(
            "{} has no turns to export",
            crate::core::sanitize::one_line(doc)
        )));
    }
    let bytes = transcript::write(&t, format).map_err(|e| super::Error::Invalid(e.to_string()))?;
    super::files::write_bytes_atomically(out, &bytes)?;
    Ok(TranscriptExport {
        document: doc.to_string(),
        format: format.name(),
        turns: t.turns.len(),
        timed: t.turns.iter().filter(|t| t.start_ms.is_some()).count(),
        out: out.to_path_buf(),
    })
}
