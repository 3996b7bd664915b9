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

/// The turns `ids` as the project holds them now, in the same order
/// (`None` for one that is gone). Each document's text is read once, and
/// sliced in Rust: SQLite's `substr` walks a text char by char from its
/// start, several times slower.
pub fn turns(conn: &Connection, ids: &[SegmentId]) -> super::Result<Vec<Option<TurnRow>>> {
    let mut seg = conn.prepare_cached(
        "SELECT s.document_id, p.name, s.time_ms, s.start, s.end
         FROM segments s LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.id = ?1",
    )?;
    let mut rows: Vec<Option<TurnRow>> = Vec::with_capacity(ids.len());
    for id in ids {
        rows.push(
            seg.query_row([id.0], |r| {
                Ok(TurnRow {
                    id: *id,
                    document: DocumentId(r.get(0)?),
                    doc_name: String::new(),
                    language: String::new(),
                    speaker: r.get(1)?,
                    time_ms: r.get::<_, Option<i64>>(2)?.map(|t| t as u64),
                    range: CharRange::new(
                        r.get::<_, i64>(3)? as usize,
                        r.get::<_, i64>(4)? as usize,
                    ),
                    text: String::new(),
                })
            })
            .optional()?,
        );
    }
    let mut by_doc: HashMap<DocumentId, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(r) = r {
            by_doc.entry(r.document.clone()).or_default().push(i);
        }
    }
    let mut doc = conn.prepare_cached("SELECT name, language FROM documents WHERE id = ?1")?;
    for (id, at) in by_doc {
        let (name, language): (String, String) =
            doc.query_row([&id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        // Only the blocks holding each turn are read (the text is kept in
        // blocks, issue 12), never the whole document.
        for i in at {
            let Some(range) = rows[i].as_ref().map(|r| r.range) else {
                continue;
            };
            let text = super::blocks::slice(conn, &id, range)?;
            if let Some(r) = rows[i].as_mut() {
                r.doc_name.clone_from(&name);
                r.language.clone_from(&language);
                r.text = text;
            }
        }
    }
    Ok(rows)
}

/// Every participant name with the ids that carry it (one per document
/// the speaker appears in).
pub fn participant_ids_by_name(conn: &Connection) -> super::Result<HashMap<String, Vec<i64>>> {
    // Grouped in SQLite: one row per distinct name, not one per document.
    let mut stmt =
        conn.prepare_cached("SELECT name, group_concat(id) FROM participants GROUP BY name")?;
    let mut out: HashMap<String, Vec<i64>> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let ids: String = r.get(1)?;
        out.entry(r.get(0)?)
            .or_default()
            .extend(ids.split(',').filter_map(|i| i.parse::<i64>().ok()));
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
