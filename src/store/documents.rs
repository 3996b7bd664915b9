//! Documents and their segments (speaker turns).

use crate::core::{CharRange, Document, DocumentId, ParticipantId, Segment, SegmentId};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// A document to insert, with its turns.
pub struct NewDocument<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub language: &'a str,
    pub source_format: &'a str,
    pub source_path: Option<&'a str>,
    pub encoding: &'a str,
    pub content_hash: &'a str,
    pub segments: Vec<NewSegment<'a>>,
}

pub struct NewSegment<'a> {
    pub range: CharRange,
    pub speaker: Option<&'a str>,
    pub time_ms: Option<u64>,
    pub end_ms: Option<u64>,
    /// False for the turns of a speech recogniser's draft.
    pub verified: bool,
}

/// One row of the document list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentSummary {
    pub id: DocumentId,
    pub name: String,
    pub chars: usize,
    pub segments: usize,
    pub speakers: Vec<String>,
    pub language: String,
    pub source_format: String,
}

/// Inserts a document, its participants (one per distinct speaker) and its
/// segments. Returns the new id.
pub fn insert(conn: &Connection, doc: &NewDocument<'_>) -> super::Result<DocumentId> {
    let id = DocumentId(uuid::Uuid::new_v4().to_string());
    let position: i64 = conn.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM documents",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO documents (id, name, char_count, language, source_format,
             source_path, encoding, content_hash, imported_at, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id.0,
            doc.name,
            doc.text.chars().count() as i64,
            doc.language,
            doc.source_format,
            doc.source_path,
            doc.encoding,
            doc.content_hash,
            super::project::now_rfc3339(),
            position
        ],
    )?;
    super::blocks::insert_text(conn, &id, doc.text)?;
    let mut participants: HashMap<&str, i64> = HashMap::new();
    let mut add_participant = conn.prepare_cached(
        "INSERT INTO participants (document_id, name) VALUES (?1, ?2) RETURNING id",
    )?;
    let mut add_segment = conn.prepare_cached(&format!(
        "INSERT INTO segment_rows (document_id, ordinal, start_block, start_off, end_block,
             end_off, participant_id, time_ms, end_ms, verified)
         VALUES (?1, ?2, {}, {}, ?5, ?6, ?7, ?8)",
        super::blocks::anchor_sql(1, 3),
        super::blocks::anchor_sql(1, 4)
    ))?;
    for (ordinal, seg) in doc.segments.iter().enumerate() {
        let participant = match seg.speaker {
            Some(name) => Some(match participants.get(name) {
                Some(pid) => *pid,
                None => {
                    let pid: i64 = add_participant.query_row(params![id.0, name], |r| r.get(0))?;
                    participants.insert(name, pid);
                    pid
                }
            }),
            None => None,
        };
        add_segment.execute(params![
            id.0,
            ordinal as i64,
            seg.range.start as i64,
            seg.range.end as i64,
            participant,
            seg.time_ms.map(|t| t as i64),
            seg.end_ms.map(|t| t as i64),
            seg.verified as i64
        ])?;
    }
    Ok(id)
}

/// Whether a document with this content hash exists; returns its name.
pub fn name_by_hash(conn: &Connection, hash: &str) -> super::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT name FROM documents WHERE content_hash = ?1",
            [hash],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn name_exists(conn: &Connection, name: &str) -> super::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM documents WHERE name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// All documents in import order, without their text.
pub fn list(conn: &Connection) -> super::Result<Vec<DocumentSummary>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.name, d.char_count, d.language, d.source_format,
                (SELECT count(*) FROM segment_rows s WHERE s.document_id = d.id)
         FROM documents d ORDER BY d.position",
    )?;
    let mut docs = stmt
        .query_map([], |r| {
            Ok(DocumentSummary {
                id: DocumentId(r.get(0)?),
                name: r.get(1)?,
                chars: r.get::<_, i64>(2)? as usize,
                language: r.get(3)?,
                source_format: r.get(4)?,
                segments: r.get::<_, i64>(5)? as usize,
                speakers: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    // Speakers in order of first appearance in each document. From the
    // turns' rows, not the `segments` view: nothing here needs the turns'
    // offsets, which the view computes by joining every turn to its text
    // blocks (on ten million words, 320 ms of the 400 the list took).
    let mut speakers = conn.prepare(
        "SELECT p.document_id, p.name FROM participants p
         JOIN segment_rows s ON s.participant_id = p.id
         GROUP BY p.id ORDER BY p.document_id, min(s.ordinal)",
    )?;
    let mut by_doc: HashMap<String, Vec<String>> = HashMap::new();
    for row in speakers.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (doc, name) = row?;
        by_doc.entry(doc).or_default().push(name);
    }
    for d in &mut docs {
        d.speakers = by_doc.remove(&d.id.0).unwrap_or_default();
    }
    Ok(docs)
}

/// Finds a document by id or unique name.
pub fn resolve(conn: &Connection, key: &str) -> super::Result<Option<DocumentId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM documents WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1",
            [key],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(DocumentId))
}

pub fn get(conn: &Connection, id: &DocumentId) -> super::Result<Document> {
    Ok(conn.query_row(
        "SELECT id, name, ?2, language, source_format, source_path, encoding,
                content_hash, media_path
         FROM documents WHERE id = ?1",
        params![id.0, super::blocks::text(conn, id)?],
        |r| {
            Ok(Document {
                id: DocumentId(r.get(0)?),
                name: r.get(1)?,
                text: r.get(2)?,
                language: r.get(3)?,
                source_format: r.get(4)?,
                source_path: r.get(5)?,
                encoding: r.get(6)?,
                content_hash: r.get(7)?,
                media_path: r.get(8)?,
            })
        },
    )?)
}

/// The segments of a document in order.
pub fn segments(conn: &Connection, id: &DocumentId) -> super::Result<Vec<Segment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.start, s.end, p.name, s.participant_id, s.time_ms, s.verified, s.end_ms
         FROM segments s LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.document_id = ?1 ORDER BY s.ordinal",
    )?;
    let rows = stmt.query_map([&id.0], |r| {
        Ok(Segment {
            id: SegmentId(r.get(0)?),
            range: CharRange::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
            speaker: r.get(3)?,
            participant: r.get::<_, Option<i64>>(4)?.map(ParticipantId),
            time_ms: r.get::<_, Option<i64>>(5)?.map(|t| t as u64),
            verified: r.get::<_, i64>(6)? != 0,
            end_ms: r.get::<_, Option<i64>>(7)?.map(|t| t as u64),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Number of documents in the project.
pub fn count(conn: &Connection) -> super::Result<usize> {
    Ok(conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))? as usize)
}

/// Ids and names of all documents, in project order (cheap: no text).
pub fn names(conn: &Connection) -> super::Result<Vec<(DocumentId, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM documents ORDER BY position")?;
    let rows = stmt.query_map([], |r| Ok((DocumentId(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A document's name.
pub fn get_name(conn: &Connection, id: &DocumentId) -> super::Result<String> {
    Ok(
        conn.query_row("SELECT name FROM documents WHERE id = ?1", [&id.0], |r| {
            r.get(0)
        })?,
    )
}

/// Renames a document; refuses a name another document has.
pub fn rename(conn: &Connection, id: &DocumentId, name: &str) -> super::Result<bool> {
    if let Some(other) = resolve(conn, name)?.filter(|o| o != id) {
        let _ = other;
        return Err(super::StoreError::Conflict(format!(
            "a document named {name:?} already exists"
        )));
    }
    Ok(conn.execute(
        "UPDATE documents SET name = ?2 WHERE id = ?1",
        params![id.0, name],
    )? > 0)
}

/// Deletes a document with its text, turns, participants, codings and
/// memos (the schema cascades).
pub fn delete(conn: &Connection, id: &DocumentId) -> super::Result<bool> {
    Ok(conn.execute("DELETE FROM documents WHERE id = ?1", [&id.0])? > 0)
}

/// (turns, codings including orphaned ones, memos) of a document.
pub fn dependents(conn: &Connection, id: &DocumentId) -> super::Result<(usize, usize, usize)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM segment_rows WHERE document_id = ?1),
                (SELECT count(*) FROM coding_rows WHERE document_id = ?1),
                (SELECT count(*) FROM memos WHERE document_id = ?1)",
        [&id.0],
        |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
            ))
        },
    )?)
}

/// Links the recording at `path` to a document (`None` unlinks it).
pub fn set_media(conn: &Connection, id: &DocumentId, path: Option<&str>) -> super::Result<()> {
    conn.execute(
        "UPDATE documents SET media_path = ?2 WHERE id = ?1",
        params![id.0, path],
    )?;
    Ok(())
}

/// The documents linked to recording `path`, in project order.
pub fn with_media(conn: &Connection, path: &str) -> super::Result<Vec<(DocumentId, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, name FROM documents WHERE media_path = ?1 ORDER BY position")?;
    let rows = stmt.query_map([path], |r| Ok((DocumentId(r.get(0)?), r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The recording linked to a document, if any.
pub fn media(conn: &Connection, id: &DocumentId) -> super::Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT media_path FROM documents WHERE id = ?1",
        [&id.0],
        |r| r.get(0),
    )?)
}
