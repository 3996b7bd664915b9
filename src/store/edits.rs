//! Writing a text edit (issue 12): the blocks it touches, the codings and
//! turns anchored in them, the document's revision and the edit log. The
//! caller (ops) runs all of it in one transaction with the explicit coding
//! and turn rows its plan sets.
//!
//! Cost: the blocks touched, the rows anchored in them and one small update
//! of the later blocks' starts, never the whole text or every coding row.

use super::blocks::{self, Block, MAX_BLOCK_CHARS};
use crate::core::change::{Bias, TextChange};
use crate::core::text::char_len;
use crate::core::{CharRange, CodingId, DocumentId, SegmentId};
use rusqlite::{params, Connection, OptionalExtension};

/// Applies `change` to the text of `doc` and moves every coding and turn
/// anchored in the blocks it touches by the mapping rules. Refuses a change
/// made for another text (length or deleted text): nothing is written then
/// by this call, and the caller's transaction is rolled back.
pub fn apply_text(conn: &Connection, doc: &DocumentId, change: &TextChange) -> super::Result<()> {
    let len = char_count(conn, doc)?;
    if change.len_before() != len {
        return Err(super::StoreError::Conflict(format!(
            "the edit is for a text of {} characters, the document has {len}",
            change.len_before()
        )));
    }
    // Last hunk first: the offsets of the earlier ones stay valid.
    for h in change.hunks().iter().rev() {
        apply_hunk(conn, doc, h.at, &h.removed, &h.inserted)?;
    }
    conn.execute(
        "UPDATE documents SET char_count = ?2 WHERE id = ?1",
        params![doc.0, change.len_after() as i64],
    )?;
    Ok(())
}

pub fn char_count(conn: &Connection, doc: &DocumentId) -> super::Result<usize> {
    Ok(conn.query_row(
        "SELECT char_count FROM documents WHERE id = ?1",
        [&doc.0],
        |r| r.get::<_, i64>(0),
    )? as usize)
}

/// A row's anchor: (block id, offset).
type Anchor = (i64, usize);

/// One anchored row (coding or turn) of the touched blocks.
struct Row {
    id: String,
    start: Anchor,
    end: Anchor,
}

fn apply_hunk(
    conn: &Connection,
    doc: &DocumentId,
    a: usize,
    removed: &str,
    inserted: &str,
) -> super::Result<()> {
    let d = char_len(removed);
    let b = a + d;
    let first = blocks::at(conn, doc, a)?;
    let last = if d == 0 {
        first.clone()
    } else {
        blocks::at(conn, doc, b - 1)?
    };
    let span = blocks::from(
        conn,
        doc,
        first.ordinal,
        (last.ordinal - first.ordinal + 1) as usize,
    )?;
    let old_text = block_texts(conn, &span)?;
    let (a_l, b_l) = (a - first.start, b - first.start);
    let old_len = char_len(&old_text);
    let change = TextChange::from_hunk(old_len, a_l, removed, inserted);
    let new_text = change.apply(&old_text).map_err(|e| {
        super::StoreError::Conflict(format!("the edit does not fit the document's text: {e}"))
    })?;
    let _ = b_l;
    let start_of = |block: i64| {
        span.iter()
            .find(|x| x.id == block)
            .map(|x| x.start - first.start)
    };

    // Move the rows anchored in the touched blocks into the first one.
    let ids: Vec<i64> = span.iter().map(|x| x.id).collect();
    let new_len = char_len(&new_text);
    for table in [Table::Codings, Table::Turns] {
        for row in anchored(conn, table, &ids)? {
            let local = |(blk, off): Anchor| start_of(blk).map(|s| s + off);
            let (ls, le) = (local(row.start), local(row.end));
            let point = ls.is_some() && ls == le;
            let (bs, be) = match table {
                Table::Codings if point => (Bias::Start, Bias::Start),
                Table::Codings => (Bias::Start, Bias::End),
                Table::Turns => (Bias::TurnStart, Bias::TurnEnd),
            };
            let s = ls.map_or(row.start, |p| (first.id, change.map(p, bs)));
            let e = le.map_or(row.end, |p| (first.id, change.map(p, be)));
            set_anchors(conn, table, &row.id, s, e)?;
        }
    }
    blocks::set_text(conn, first.id, &new_text, new_len)?;
    for x in &span[1..] {
        conn.execute("DELETE FROM text_blocks WHERE id = ?1", [x.id])?;
    }
    let delta = new_len as i64 - old_len as i64;
    conn.execute(
        "UPDATE text_blocks SET start = start + ?3 WHERE document_id = ?1 AND ordinal > ?2",
        params![doc.0, last.ordinal, delta],
    )?;
    let mut first = first;
    first.chars = new_len;
    recut(conn, doc, &first, &new_text)?;
    Ok(())
}

#[derive(Clone, Copy)]
enum Table {
    Codings,
    Turns,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Codings => "coding_rows",
            Table::Turns => "segment_rows",
        }
    }
}

fn block_texts(conn: &Connection, span: &[Block]) -> super::Result<String> {
    let mut out = String::new();
    for x in span {
        out.push_str(&blocks::text_of(conn, x.id)?);
    }
    Ok(out)
}

fn anchored(conn: &Connection, table: Table, blocks: &[i64]) -> super::Result<Vec<Row>> {
    let marks: Vec<String> = blocks.iter().map(|b| b.to_string()).collect();
    let list = marks.join(",");
    let sql = format!(
        "SELECT CAST(id AS TEXT), start_block, start_off, end_block, end_off FROM {}
         WHERE start_block IN ({list}) OR end_block IN ({list})",
        table.name()
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(Row {
            id: r.get(0)?,
            start: (r.get(1)?, r.get::<_, i64>(2)? as usize),
            end: (r.get(3)?, r.get::<_, i64>(4)? as usize),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn set_anchors(
    conn: &Connection,
    table: Table,
    id: &str,
    s: Anchor,
    e: Anchor,
) -> super::Result<()> {
    let key = match table {
        Table::Codings => "id = ?1",
        Table::Turns => "id = CAST(?1 AS INTEGER)",
    };
    conn.execute(
        &format!(
            "UPDATE {} SET start_block = ?2, start_off = ?3, end_block = ?4, end_off = ?5 WHERE {key}",
            table.name()
        ),
        params![id, s.0, s.1 as i64, e.0, e.1 as i64],
    )?;
    Ok(())
}

/// After an edit: a block grown too long is cut again; an emptied block
/// goes (unless it is the document's only one). Anchors in it follow, and
/// every anchor ends up in the block that holds its char (a position at a
/// block's end belongs to the next block), which edits rely on.
fn recut(conn: &Connection, doc: &DocumentId, block: &Block, text: &str) -> super::Result<()> {
    let next = blocks::from(conn, doc, block.ordinal + 1, 1)?.pop();
    if block.chars == 0 {
        let prev = (block.ordinal > 0)
            .then(|| blocks::from(conn, doc, 0, i64::MAX as usize))
            .transpose()?
            .and_then(|all| all.into_iter().rev().find(|x| x.ordinal < block.ordinal));
        let target = match (&next, &prev) {
            (Some(n), _) => (n.id, 0),
            (None, Some(p)) => (p.id, p.chars),
            (None, None) => return Ok(()),
        };
        for table in [Table::Codings, Table::Turns] {
            move_anchors(
                conn,
                table,
                block.id,
                0,
                usize::MAX,
                target.0,
                target.1 as i64,
            )?;
        }
        conn.execute("DELETE FROM text_blocks WHERE id = ?1", [block.id])?;
        return Ok(());
    }
    // The block that ends where `next` begins, after any cut.
    let mut end_block = (block.id, block.chars);
    if block.chars > MAX_BLOCK_CHARS {
        let pieces = blocks::cut(text);
        let n = pieces.len() as i64;
        conn.execute(
            "UPDATE text_blocks SET ordinal = ordinal + ?3 WHERE document_id = ?1 AND ordinal > ?2",
            params![doc.0, block.ordinal, n - 1],
        )?;
        let mut offset = 0;
        for (i, (chars, piece)) in pieces.into_iter().enumerate() {
            let id = if i == 0 {
                blocks::set_text(conn, block.id, piece, chars)?;
                block.id
            } else {
                let id = blocks::add(
                    conn,
                    doc,
                    block.ordinal + i as i64,
                    block.start + offset,
                    chars,
                    piece,
                )?;
                // Anchors at this piece's start or later (all still in the
                // previous piece) move to it.
                let (prev, prev_chars) = end_block;
                for table in [Table::Codings, Table::Turns] {
                    move_anchors(
                        conn,
                        table,
                        prev,
                        prev_chars,
                        usize::MAX,
                        id,
                        -(prev_chars as i64),
                    )?;
                }
                id
            };
            end_block = (id, chars);
            offset += chars;
        }
    }
    // A position at the block's very end belongs to the next block.
    if let Some(n) = next {
        let (id, chars) = end_block;
        for table in [Table::Codings, Table::Turns] {
            move_anchors(conn, table, id, chars, chars + 1, n.id, -(chars as i64))?;
        }
    }
    Ok(())
}

/// Re-anchors the ends of rows in block `from` with offsets in `[lo, hi)`
/// to block `to`, adding `shift` to the offset (or setting it, for an
/// emptied block: `lo = 0, hi = MAX` and offsets are 0 there).
fn move_anchors(
    conn: &Connection,
    table: Table,
    from: i64,
    lo: usize,
    hi: usize,
    to: i64,
    shift: i64,
) -> super::Result<()> {
    let hi = hi.min(i64::MAX as usize) as i64;
    for (blk, off) in [("start_block", "start_off"), ("end_block", "end_off")] {
        conn.execute(
            &format!(
                "UPDATE {} SET {blk} = ?4, {off} = {off} + ?5
                 WHERE {blk} = ?1 AND {off} >= ?2 AND {off} < ?3",
                table.name()
            ),
            params![from, lo as i64, hi, to, shift],
        )?;
    }
    Ok(())
}

/// Sets a coding's range (absolute offsets of the current text) and whether
/// it is orphaned (`orphan`: the text it had). Returns whether it exists.
pub fn set_coding_place(
    conn: &Connection,
    id: &CodingId,
    range: CharRange,
    orphan: Option<&str>,
) -> super::Result<bool> {
    let n = conn.execute(
        &format!(
            "UPDATE coding_rows SET (start_block, start_off) = (SELECT {}),
                 (end_block, end_off) = (SELECT {}), orphan_text = ?4
             WHERE id = ?1",
            blocks::anchor_sql(5, 2),
            blocks::anchor_sql(5, 3)
        ),
        params![
            id.0,
            range.start as i64,
            range.end as i64,
            orphan,
            document_of(conn, id)?
        ],
    )?;
    Ok(n > 0)
}

fn document_of(conn: &Connection, id: &CodingId) -> super::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT document_id FROM coding_rows WHERE id = ?1",
            [&id.0],
            |r| r.get(0),
        )
        .optional()?)
}

/// A coding as the edit planner needs it: where it is, and whether it is
/// an orphan (and the text it had).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub id: CodingId,
    pub range: CharRange,
    pub orphan: Option<String>,
}

/// The codings (orphans too) with an end in `[a, b]` or a point inside it:
/// those an edit of `[a, b)` can collapse. Looks only at the blocks around
/// the range.
pub fn codings_near(
    conn: &Connection,
    doc: &DocumentId,
    a: usize,
    b: usize,
) -> super::Result<Vec<Placed>> {
    let first = blocks::at(conn, doc, a)?;
    let last = blocks::at(conn, doc, b)?;
    let span = blocks::from(
        conn,
        doc,
        first.ordinal,
        (last.ordinal - first.ordinal + 1) as usize,
    )?;
    let list = span
        .iter()
        .map(|x| x.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT r.id, bs.start + r.start_off, be.start + r.end_off, r.orphan_text
         FROM coding_rows r
         JOIN text_blocks bs ON bs.id = r.start_block
         JOIN text_blocks be ON be.id = r.end_block
         WHERE r.start_block IN ({list}) OR r.end_block IN ({list})"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok(Placed {
            id: CodingId(r.get(0)?),
            range: CharRange::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
            orphan: r.get(3)?,
        })
    })?;
    let all = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(all
        .into_iter()
        .filter(|p| {
            let (s, e) = (p.range.start, p.range.end);
            (a..=b).contains(&s) || (a..=b).contains(&e)
        })
        .collect())
}

/// Orphaned codings: (coding, document, code, coder, text it had, where).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Orphan {
    pub coding: CodingId,
    pub document: DocumentId,
    pub document_name: String,
    pub code: crate::core::CodeId,
    pub coder: String,
    pub text: String,
    pub at: usize,
    pub memo: Option<String>,
    pub created_at: String,
}

pub fn orphans(conn: &Connection) -> super::Result<Vec<Orphan>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.document_id, d.name, r.code_id, k.name, r.orphan_text,
                bs.start + r.start_off, r.memo, r.created_at
         FROM coding_rows r
         JOIN documents d ON d.id = r.document_id
         JOIN coders k ON k.id = r.coder_id
         JOIN text_blocks bs ON bs.id = r.start_block
         WHERE r.orphan_text IS NOT NULL
         ORDER BY d.position, bs.start + r.start_off, r.created_at",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Orphan {
            coding: CodingId(r.get(0)?),
            document: DocumentId(r.get(1)?),
            document_name: r.get(2)?,
            code: crate::core::CodeId(r.get(3)?),
            coder: r.get(4)?,
            text: r.get(5)?,
            at: r.get::<_, i64>(6)? as usize,
            memo: r.get(7)?,
            created_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// One entry of the edit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub revision: u64,
    pub coder: Option<String>,
    pub at: String,
    pub change: TextChange,
    /// The edit's kind (`None`: logged before schema 8).
    pub kind: Option<String>,
    /// Whether it set turn rows (split, join, speaker, time, their undo).
    pub sets_turns: bool,
}

/// The document's revision (0: as imported).
pub fn revision(conn: &Connection, doc: &DocumentId) -> super::Result<u64> {
    Ok(conn.query_row(
        "SELECT revision FROM documents WHERE id = ?1",
        [&doc.0],
        |r| r.get::<_, i64>(0),
    )? as u64)
}

/// Appends `change` to the log as the next revision; returns it.
pub fn log(
    conn: &Connection,
    doc: &DocumentId,
    coder: &str,
    change: &TextChange,
    kind: &str,
    turns_set: usize,
) -> super::Result<u64> {
    let rev = revision(conn, doc)? + 1;
    let coder = super::ensure_coder(conn, coder)?;
    let json = serde_json::to_string(change)
        .map_err(|e| super::StoreError::Conflict(format!("cannot record the edit: {e}")))?;
    conn.execute(
        "INSERT INTO text_edits (document_id, revision, coder_id, at, change, kind, turns_set)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            doc.0,
            rev as i64,
            coder,
            super::now_rfc3339(),
            json,
            kind,
            turns_set as i64
        ],
    )?;
    conn.execute(
        "UPDATE documents SET revision = ?2 WHERE id = ?1",
        params![doc.0, rev as i64],
    )?;
    Ok(rev)
}

/// The log of a document from revision `after + 1` on, in order.
pub fn history(conn: &Connection, doc: &DocumentId, after: u64) -> super::Result<Vec<LogEntry>> {
    // Another project's file may be of schema 6 or 7 (no kinds yet).
    let kinds: bool = conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('text_edits') WHERE name = 'turns_set'",
        [],
        |r| r.get(0),
    )?;
    let sql = if kinds {
        "SELECT e.revision, k.name, e.at, e.change, e.kind, e.turns_set FROM text_edits e
         LEFT JOIN coders k ON k.id = e.coder_id
         WHERE e.document_id = ?1 AND e.revision > ?2 ORDER BY e.revision"
    } else {
        "SELECT e.revision, k.name, e.at, e.change, NULL, 0 FROM text_edits e
         LEFT JOIN coders k ON k.id = e.coder_id
         WHERE e.document_id = ?1 AND e.revision > ?2 ORDER BY e.revision"
    };
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params![doc.0, after as i64], |r| {
        Ok((
            r.get::<_, i64>(0)? as u64,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)? > 0,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (revision, coder, at, json, kind, sets_turns) = row?;
        let change = serde_json::from_str(&json).map_err(|e| super::StoreError::Damaged {
            path: std::path::PathBuf::new(),
            detail: format!("edit log entry {revision} cannot be read: {e}"),
        })?;
        out.push(LogEntry {
            revision,
            coder,
            at,
            change,
            kind,
            sets_turns,
        });
    }
    Ok(out)
}

/// A turn row as an edit plan sets it.
pub use crate::core::TurnRecord as TurnRow;

/// The turns of a document with every field.
pub fn turn_rows(conn: &Connection, doc: &DocumentId) -> super::Result<Vec<TurnRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.ordinal, s.start, s.end, p.name, s.time_ms, s.end_ms, s.verified
         FROM segments s LEFT JOIN participants p ON p.id = s.participant_id
         WHERE s.document_id = ?1 ORDER BY s.ordinal",
    )?;
    let rows = stmt.query_map([&doc.0], |r| {
        Ok(TurnRow {
            id: SegmentId(r.get(0)?),
            ordinal: r.get::<_, i64>(1)? as u64,
            range: CharRange::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
            speaker: r.get(4)?,
            time_ms: r.get::<_, Option<i64>>(5)?.map(|t| t as u64),
            end_ms: r.get::<_, Option<i64>>(6)?.map(|t| t as u64),
            verified: r.get::<_, i64>(7)? != 0,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Puts a turn row as given (after the text change): `None` deletes the
/// turn `id`, closing the gap in the ordinals; a new id is created at its
/// ordinal, moving the later turns on by one.
pub fn set_turn(
    conn: &Connection,
    doc: &DocumentId,
    id: &SegmentId,
    row: Option<&TurnRow>,
) -> super::Result<()> {
    let existing: Option<i64> = conn
        .query_row(
            "SELECT ordinal FROM segment_rows WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?;
    let Some(row) = row else {
        if let Some(ord) = existing {
            conn.execute("DELETE FROM segment_rows WHERE id = ?1", [id.0])?;
            conn.execute(
                "UPDATE segment_rows SET ordinal = ordinal - 1 WHERE document_id = ?1 AND ordinal > ?2",
                params![doc.0, ord],
            )?;
        }
        return Ok(());
    };
    let participant = match &row.speaker {
        Some(name) => Some(super::participants::ensure(conn, doc, name)?),
        None => None,
    };
    if existing.is_none() {
        conn.execute(
            "UPDATE segment_rows SET ordinal = ordinal + 1 WHERE document_id = ?1 AND ordinal >= ?2",
            params![doc.0, row.ordinal as i64],
        )?;
        conn.execute(
            &format!(
                "INSERT INTO segment_rows (id, document_id, ordinal, start_block, start_off,
                     end_block, end_off, participant_id, time_ms, end_ms, verified)
                 VALUES (?1, ?2, ?3, {}, {}, ?6, ?7, ?8, ?9)",
                blocks::anchor_sql(2, 4),
                blocks::anchor_sql(2, 5)
            ),
            params![
                id.0,
                doc.0,
                row.ordinal as i64,
                row.range.start as i64,
                row.range.end as i64,
                participant,
                row.time_ms.map(|t| t as i64),
                row.end_ms.map(|t| t as i64),
                row.verified as i64
            ],
        )?;
        return Ok(());
    }
    conn.execute(
        &format!(
            "UPDATE segment_rows SET (start_block, start_off) = (SELECT {}),
                 (end_block, end_off) = (SELECT {}), participant_id = ?6, time_ms = ?7,
                 end_ms = ?8, verified = ?9
             WHERE id = ?1",
            blocks::anchor_sql(2, 4),
            blocks::anchor_sql(2, 5)
        ),
        params![
            id.0,
            doc.0,
            row.ordinal as i64,
            row.range.start as i64,
            row.range.end as i64,
            participant,
            row.time_ms.map(|t| t as i64),
            row.end_ms.map(|t| t as i64),
            row.verified as i64
        ],
    )?;
    Ok(())
}

/// A fresh turn id (one more than any used).
pub fn next_turn_id(conn: &Connection) -> super::Result<SegmentId> {
    Ok(SegmentId(conn.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM segment_rows",
        [],
        |r| r.get(0),
    )?))
}

/// The turns whose speech meets `range` (ends included). Found by a
/// binary search over the turns' order (a few indexed look-ups), not a scan
/// of the document's turns.
pub fn turns_touching(
    conn: &Connection,
    doc: &DocumentId,
    range: CharRange,
) -> super::Result<Vec<SegmentId>> {
    let mut at = conn.prepare_cached(
        "SELECT s.id, bs.start + s.start_off, be.start + s.end_off FROM segment_rows s
         JOIN text_blocks bs ON bs.id = s.start_block JOIN text_blocks be ON be.id = s.end_block
         WHERE s.document_id = ?1 AND s.ordinal = ?2",
    )?;
    let mut turn = |ordinal: i64| -> super::Result<Option<(i64, usize, usize)>> {
        Ok(at
            .query_row(params![doc.0, ordinal], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, i64>(1)? as usize,
                    r.get::<_, i64>(2)? as usize,
                ))
            })
            .optional()?)
    };
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM segment_rows WHERE document_id = ?1",
        [&doc.0],
        |r| r.get(0),
    )?;
    // The first turn whose end reaches the range.
    let (mut lo, mut hi) = (0i64, count);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match turn(mid)? {
            Some((_, _, end)) if end < range.start => lo = mid + 1,
            _ => hi = mid,
        }
    }
    let mut out = Vec::new();
    let mut k = lo;
    while let Some((id, start, _)) = turn(k)? {
        if start > range.end {
            break;
        }
        out.push(SegmentId(id));
        k += 1;
    }
    Ok(out)
}
