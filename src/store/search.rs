//! What the search index reads from the project: the turns it indexes, and,
//! since the index stores no text, offsets or names, everything a hit shows
//! (its turn's text, range, speaker and document), read at query time so
//! that it is never older than the project.

use crate::core::{CharRange, DocumentId, SegmentId};
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// One turn as a search hit shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRow {
    pub id: SegmentId,
    pub document: DocumentId,
    pub doc_name: String,
    pub language: String,
    pub speaker: Option<String>,
    pub time_ms: Option<u64>,
    pub range: CharRange,
    /// The turn's text (the chars of `range`).
    pub text: String,
}

/// The turn `id` as the project holds it now, or `None` if it is gone.
pub fn turn(conn: &Connection, id: SegmentId) -> super::Result<Option<TurnRow>> {
    // substr counts chars in TEXT values: the unit of every offset.
    let mut stmt = conn.prepare_cached(
        "SELECT s.document_id, d.name, d.language, p.name, s.time_ms, s.start, s.end,
                substr(d.text, s.start + 1, s.end - s.start)
         FROM segments s JOIN documents d ON d.id = s.document_id
         LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.id = ?1",
    )?;
    Ok(stmt
        .query_row([id.0], |r| {
            Ok(TurnRow {
                id,
                document: DocumentId(r.get(0)?),
                doc_name: r.get(1)?,
                language: r.get(2)?,
                speaker: r.get(3)?,
                time_ms: r.get::<_, Option<i64>>(4)?.map(|t| t as u64),
                range: CharRange::new(r.get::<_, i64>(5)? as usize, r.get::<_, i64>(6)? as usize),
                text: r.get(7)?,
            })
        })
        .optional()?)
}

/// Every participant name with the ids that carry it (one per document
/// the speaker appears in).
pub fn participant_ids_by_name(conn: &Connection) -> super::Result<HashMap<String, Vec<i64>>> {
    let mut stmt = conn.prepare_cached("SELECT name, id FROM participants")?;
    let mut out: HashMap<String, Vec<i64>> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(out)
}

/// The document's place in the project order (`documents.position`, never
/// reused by a later document while this one exists) and its language.
pub fn document_position(
    conn: &Connection,
    id: &DocumentId,
) -> super::Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT position, language FROM documents WHERE id = ?1",
            [&id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The turns of a document in order: (segment id, participant id).
pub fn document_turns(
    conn: &Connection,
    id: &DocumentId,
) -> super::Result<Vec<(SegmentId, Option<i64>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, participant_id FROM segments WHERE document_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([&id.0], |r| Ok((SegmentId(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Every document's id and position, in project order (cheap: no text).
pub fn document_positions(conn: &Connection) -> super::Result<Vec<(DocumentId, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT id, position FROM documents ORDER BY position")?;
    let rows = stmt.query_map([], |r| Ok((DocumentId(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
