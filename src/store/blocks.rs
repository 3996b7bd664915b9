//! A document's text as blocks (issue 12): an edit rewrites the blocks it
//! touches, not the whole text. Codings and turns are stored as (block,
//! offset in the block); the `codings` and `segments` views add the block's
//! start, so readers see absolute char offsets.

use crate::core::DocumentId;
use rusqlite::{params, Connection, OptionalExtension};

/// Blocks are cut near this many chars (at a line end when there is one).
pub const BLOCK_CHARS: usize = 8192;
/// A block grown past this is cut again.
pub const MAX_BLOCK_CHARS: usize = 4 * BLOCK_CHARS;

/// One block as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: i64,
    pub ordinal: i64,
    pub start: usize,
    pub chars: usize,
}

/// `text` cut into pieces of about [`BLOCK_CHARS`] chars, preferring to cut
/// after a line break: (char count, piece).
pub fn cut(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let mut chars = 0;
        let mut last_break = None;
        let mut cut_at = rest.len();
        for (i, c) in rest.char_indices() {
            if chars >= BLOCK_CHARS {
                if let Some((b, _)) = last_break.filter(|&(_, n)| n * 2 >= BLOCK_CHARS) {
                    cut_at = b;
                } else {
                    cut_at = i;
                }
                break;
            }
            chars += 1;
            if c == '\n' {
                last_break = Some((i + 1, chars));
            }
        }
        let (piece, tail) = rest.split_at(cut_at);
        out.push((crate::core::text::char_len(piece), piece));
        if tail.is_empty() {
            return out;
        }
        rest = tail;
    }
}

/// Stores the text of a new document as blocks.
pub(super) fn insert_text(conn: &Connection, doc: &DocumentId, text: &str) -> super::Result<()> {
    let mut start = 0;
    for (ordinal, (chars, piece)) in cut(text).into_iter().enumerate() {
        add(conn, doc, ordinal as i64, start, chars, piece)?;
        start += chars;
    }
    Ok(())
}

/// Adds a block (its place, then its text); returns its id.
pub(super) fn add(
    conn: &Connection,
    doc: &DocumentId,
    ordinal: i64,
    start: usize,
    chars: usize,
    text: &str,
) -> super::Result<i64> {
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO text_blocks (document_id, ordinal, start, chars) VALUES (?1, ?2, ?3, ?4)
             RETURNING id",
        )?
        .query_row(params![doc.0, ordinal, start as i64, chars as i64], |r| {
            r.get(0)
        })?;
    conn.prepare_cached("INSERT INTO block_texts (block_id, text) VALUES (?1, ?2)")?
        .execute(params![id, text])?;
    Ok(id)
}

/// Sets a block's text and length.
pub(super) fn set_text(conn: &Connection, id: i64, text: &str, chars: usize) -> super::Result<()> {
    conn.prepare_cached("UPDATE text_blocks SET chars = ?2 WHERE id = ?1")?
        .execute(params![id, chars as i64])?;
    conn.prepare_cached("UPDATE block_texts SET text = ?2 WHERE block_id = ?1")?
        .execute(params![id, text])?;
    Ok(())
}

/// A block's text.
pub(super) fn text_of(conn: &Connection, id: i64) -> super::Result<String> {
    Ok(conn
        .prepare_cached("SELECT text FROM block_texts WHERE block_id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// The whole text of a document.
pub fn text(conn: &Connection, doc: &DocumentId) -> super::Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.text FROM text_blocks b JOIN block_texts t ON t.block_id = b.id
             WHERE b.document_id = ?1 ORDER BY b.ordinal",
    )?;
    let mut out = String::new();
    let mut rows = stmt.query([&doc.0])?;
    while let Some(r) = rows.next()? {
        out.push_str(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?);
    }
    Ok(out)
}

/// The chars `range` of a document's text, reading only the blocks that
/// hold them.
pub fn slice(
    conn: &Connection,
    doc: &DocumentId,
    range: crate::core::CharRange,
) -> super::Result<String> {
    if range.is_empty() {
        return Ok(String::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT b.start, t.text FROM text_blocks b JOIN block_texts t ON t.block_id = b.id
         WHERE b.document_id = ?1 AND b.start < ?3 AND b.start + b.chars > ?2 ORDER BY b.ordinal",
    )?;
    let mut rows = stmt.query(params![doc.0, range.start as i64, range.end as i64])?;
    let mut out = String::with_capacity(range.len());
    while let Some(r) = rows.next()? {
        let start = r.get::<_, i64>(0)? as usize;
        let text = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let from = range.start.saturating_sub(start);
        let to = (range.end - start).min(crate::core::text::char_len(text));
        let (a, b) = (
            crate::core::text::byte_offset(text, from),
            crate::core::text::byte_offset(text, to),
        );
        out.push_str(text.get(a..b).unwrap_or(""));
    }
    Ok(out)
}

/// The block holding char `pos` (the last block for the end of the text).
pub fn at(conn: &Connection, doc: &DocumentId, pos: usize) -> super::Result<Block> {
    let found = conn
        .prepare_cached(
            "SELECT id, ordinal, start, chars FROM text_blocks
             WHERE document_id = ?1 AND start <= ?2
             ORDER BY start DESC, ordinal DESC LIMIT 1",
        )?
        .query_row(params![doc.0, pos as i64], row)
        .optional()?;
    found.ok_or_else(|| super::StoreError::Conflict(format!("document {} has no text", doc.0)))
}

/// The blocks of a document from ordinal `from` on, in order.
pub fn from(
    conn: &Connection,
    doc: &DocumentId,
    from: i64,
    limit: usize,
) -> super::Result<Vec<Block>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, ordinal, start, chars FROM text_blocks
         WHERE document_id = ?1 AND ordinal >= ?2 ORDER BY ordinal LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![doc.0, from, limit as i64], row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Block> {
    Ok(Block {
        id: r.get(0)?,
        ordinal: r.get(1)?,
        start: r.get::<_, i64>(2)? as usize,
        chars: r.get::<_, i64>(3)? as usize,
    })
}

/// The SQL that anchors absolute position `?{pos}` of document `?{doc}`:
/// the id of its block and the offset in it, as two sub-selects.
pub(super) fn anchor_sql(doc: usize, pos: usize) -> String {
    let block = format!(
        "(SELECT id FROM text_blocks WHERE document_id = ?{doc} AND start <= ?{pos}
          ORDER BY start DESC, ordinal DESC LIMIT 1)"
    );
    let off = format!(
        "?{pos} - (SELECT start FROM text_blocks WHERE document_id = ?{doc} AND start <= ?{pos}
          ORDER BY start DESC, ordinal DESC LIMIT 1)"
    );
    format!("{block}, {off}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_near_the_size_at_line_ends_and_loses_nothing() {
        let line = "Mama Furaha: on paie le minerval chaque trimestre.\n";
        let text = line.repeat(600);
        let pieces = cut(&text);
        assert!(pieces.len() > 2);
        let joined: String = pieces.iter().map(|p| p.1).collect();
        assert_eq!(joined, text);
        for (n, p) in &pieces[..pieces.len() - 1] {
            assert!(p.ends_with('\n'));
            assert!(*n <= BLOCK_CHARS && *n * 2 >= BLOCK_CHARS, "{n}");
        }
        // No line breaks: cut at the size.
        let flat = "é".repeat(BLOCK_CHARS * 2 + 5);
        let sizes: Vec<usize> = cut(&flat).iter().map(|p| p.0).collect();
        assert_eq!(sizes, [BLOCK_CHARS, BLOCK_CHARS, 5]);
        assert_eq!(cut(""), [(0, "")]);
    }
}
