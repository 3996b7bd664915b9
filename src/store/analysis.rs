//! The lean reads the analysis views need, beside those of agreement
//! (documents, coders and coding spans come from [`super::agreement`], so
//! codings are read in one place): every turn with its participant, every
//! participant with its attributes in two queries, and the documents'
//! texts streamed one at a time (for word counts).

use rusqlite::{Connection, OptionalExtension};

/// Calls `f(document_id, start, end, participant_id)` for every turn, in
/// storage order (a document's turns together, as they were imported;
/// callers sort by start). Reading in rowid order is a plain scan: ordering
/// by (document, ordinal) walked the index and fetched each row from it,
/// which was most of the time on 260,000 turns.
pub fn for_each_turn(
    conn: &Connection,
    mut f: impl FnMut(&str, usize, usize, Option<i64>),
) -> super::Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT document_id, start, end, participant_id FROM segments")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let doc = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        f(
            doc,
            r.get::<_, i64>(1)?.max(0) as usize,
            r.get::<_, i64>(2)?.max(0) as usize,
            r.get(3)?,
        );
    }
    Ok(())
}

/// Calls `f(block_id, document_id, start)` for every text block: where
/// each block starts in its document, so that the anchors of codings and
/// turns (block + offset) become offsets by one addition in the caller
/// (the views `codings` and `segments` join two blocks per row for that).
pub fn for_each_block(conn: &Connection, mut f: impl FnMut(i64, &str, usize)) -> super::Result<()> {
    let mut stmt = conn.prepare_cached("SELECT id, document_id, start FROM text_blocks")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let doc = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        f(r.get(0)?, doc, r.get::<_, i64>(2)?.max(0) as usize);
    }
    Ok(())
}

/// A row's anchors: start block, offset in it, end block, offset in it.
pub type Anchors = (i64, i64, i64, i64);

/// Which rows of a scan split in two at a key: all, those below it, or
/// those from it on (two connections read the halves at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half<K> {
    All,
    Below(K),
    From(K),
}

/// Calls `f(code_id, coder_id, anchors)` for every coding that is not
/// orphaned (what the view `codings` lists) of the documents in `half` (by
/// document id), grouped by document then code: the partial index of
/// identical codings holds every column read, so the scan never visits the
/// wide rows (ids, memos, dates).
pub fn for_each_coding_anchor(
    conn: &Connection,
    half: Half<&str>,
    mut f: impl FnMut(&str, i64, Anchors),
) -> super::Result<()> {
    conn.query_row("PRAGMA mmap_size = 1073741824", [], |_| Ok(()))
        .optional()?;
    let (sql, key) = match half {
        Half::All => ("", None),
        Half::Below(k) => (" AND document_id < ?1", Some(k)),
        Half::From(k) => (" AND document_id >= ?1", Some(k)),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT code_id, coder_id, start_block, start_off, end_block, end_off \
         FROM coding_rows INDEXED BY coding_rows_identical WHERE orphan_text IS NULL{sql}"
    ))?;
    let mut rows = match key {
        Some(k) => stmt.query([k])?,
        None => stmt.query([])?,
    };
    while let Some(r) = rows.next()? {
        let code = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        f(
            code,
            r.get(1)?,
            (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
        );
    }
    Ok(())
}

/// The middle of the turns' row ids (where a scan of them splits in two).
pub fn turn_id_middle(conn: &Connection) -> super::Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM segment_rows",
        [],
        |r| Ok(r.get::<_, i64>(0)? / 2 + r.get::<_, i64>(1)? / 2),
    )?)
}

/// Calls `f(anchors, participant_id)` for every turn in `half` (by row
/// id), in storage order.
pub fn for_each_turn_anchor(
    conn: &Connection,
    half: Half<i64>,
    mut f: impl FnMut(Anchors, Option<i64>),
) -> super::Result<()> {
    // A scan of every turn: map the file (as for the codings).
    conn.query_row("PRAGMA mmap_size = 1073741824", [], |_| Ok(()))
        .optional()?;
    let (sql, key) = match half {
        Half::All => ("", None),
        Half::Below(k) => (" WHERE id < ?1", Some(k)),
        Half::From(k) => (" WHERE id >= ?1", Some(k)),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT start_block, start_off, end_block, end_off, participant_id FROM segment_rows{sql}"
    ))?;
    let mut rows = match key {
        Some(k) => stmt.query([k])?,
        None => stmt.query([])?,
    };
    while let Some(r) = rows.next()? {
        f((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?), r.get(4)?);
    }
    Ok(())
}

/// Every document's id and language tag.
pub fn languages(conn: &Connection) -> super::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT id, language FROM documents")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The distinct attribute keys, as stored.
pub fn attribute_keys(conn: &Connection) -> super::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT key FROM participant_attributes")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// A participant as stored: id, document id, name.
pub type ParticipantRow = (i64, String, String);

/// An attribute as stored: participant id, key, value.
pub type AttributeRow = (i64, String, String);

/// Every participant (id order) and every attribute.
pub fn participants(conn: &Connection) -> super::Result<(Vec<ParticipantRow>, Vec<AttributeRow>)> {
    let mut stmt = conn.prepare("SELECT id, document_id, name FROM participants ORDER BY id")?;
    let people = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT participant_id, key, value FROM participant_attributes ORDER BY participant_id, key",
    )?;
    let attrs = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((people, attrs))
}

/// Calls `f(document_id, language, text)` for every document, in import
/// order, one text in memory at a time.
pub fn for_each_text(conn: &Connection, mut f: impl FnMut(&str, &str, &str)) -> super::Result<()> {
    conn.query_row("PRAGMA mmap_size = 1073741824", [], |_| Ok(()))
        .optional()?;
    let mut stmt = conn.prepare("SELECT d.id, d.language, (SELECT coalesce(group_concat(t.text, '' ORDER BY b.ordinal), '') FROM text_blocks b JOIN block_texts t ON t.block_id = b.id WHERE b.document_id = d.id) FROM documents d ORDER BY d.position")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let lang = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let text = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        f(id, lang, text);
    }
    Ok(())
}

/// [`for_each_text`] of the documents whose position is `part` modulo
/// `parts` (to read and count the texts on several connections at once).
pub fn for_each_text_part(
    conn: &Connection,
    part: usize,
    parts: usize,
    mut f: impl FnMut(&str, &str, &str),
) -> super::Result<()> {
    conn.query_row("PRAGMA mmap_size = 1073741824", [], |_| Ok(()))
        .optional()?;
    let mut stmt = conn.prepare(
        "SELECT d.id, d.language, (SELECT coalesce(group_concat(t.text, '' ORDER BY b.ordinal), '') FROM text_blocks b JOIN block_texts t ON t.block_id = b.id WHERE b.document_id = d.id) FROM documents d WHERE d.position % ?2 = ?1 ORDER BY d.position",
    )?;
    let mut rows = stmt.query([part as i64, parts.max(1) as i64])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let lang = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let text = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        f(id, lang, text);
    }
    Ok(())
}

/// Calls `f(document_id, text)` for every document with text whose
/// position is `part` modulo `parts`, in document id order: the text put
/// together from its blocks in order, in one buffer kept from document to
/// document (gluing the blocks in SQL, with `group_concat`, grew a buffer
/// block by block for every document).
pub fn for_each_document_text(
    conn: &Connection,
    part: usize,
    parts: usize,
    mut f: impl FnMut(&str, &str),
) -> super::Result<()> {
    conn.query_row("PRAGMA mmap_size = 1073741824", [], |_| Ok(()))
        .optional()?;
    let mut stmt = conn.prepare_cached(
        "SELECT b.document_id, t.text FROM text_blocks b INDEXED BY text_blocks_by_ordinal \
         JOIN block_texts t ON t.block_id = b.id \
         WHERE b.document_id IN (SELECT id FROM documents WHERE position % ?2 = ?1) \
         ORDER BY b.document_id, b.ordinal",
    )?;
    let mut rows = stmt.query([part as i64, parts.max(1) as i64])?;
    let mut doc = String::new();
    let mut text = String::new();
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let block = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        if id != doc {
            if !doc.is_empty() {
                f(&doc, &text);
            }
            doc.clear();
            doc.push_str(id);
            text.clear();
        }
        text.push_str(block);
    }
    if !doc.is_empty() {
        f(&doc, &text);
    }
    Ok(())
}
