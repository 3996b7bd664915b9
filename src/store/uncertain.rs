//! Words a speech recogniser was unsure of, per turn of a draft (see
//! migration 0009): written once at import, read by the viewer.

use super::Result;
use crate::core::{DocumentId, SegmentId};
use rusqlite::{params, Connection};

/// One word of turn `segment`'s speech, `offset` chars from its start.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainWord {
    pub segment: SegmentId,
    pub offset: usize,
    pub word: String,
    pub probability: f32,
}

/// Stores the uncertain words of document `doc`, each given with the
/// ordinal of its turn.
pub fn insert(
    conn: &Connection,
    doc: &DocumentId,
    words: &[(usize, usize, String, f32)],
) -> Result<()> {
    if words.is_empty() {
        return Ok(());
    }
    let mut turn =
        conn.prepare_cached("SELECT id FROM segment_rows WHERE document_id = ?1 AND ordinal = ?2")?;
    let mut add = conn.prepare_cached(
        "INSERT INTO uncertain_words (document_id, segment_id, offset, word, probability)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (ordinal, offset, word, p) in words {
        let id: i64 = turn.query_row(params![doc.0, *ordinal as i64], |r| r.get(0))?;
        add.execute(params![doc.0, id, *offset as i64, word, f64::from(*p)])?;
    }
    Ok(())
}

/// The uncertain words of document `doc`, by turn and place.
pub fn of_document(conn: &Connection, doc: &DocumentId) -> Result<Vec<UncertainWord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT segment_id, offset, word, probability FROM uncertain_words
         WHERE document_id = ?1 ORDER BY segment_id, offset",
    )?;
    let rows = stmt.query_map([&doc.0], |r| {
        Ok(UncertainWord {
            segment: SegmentId(r.get(0)?),
            offset: r.get::<_, i64>(1)? as usize,
            word: r.get(2)?,
            probability: r.get::<_, f64>(3)? as f32,
        })
    })?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}
