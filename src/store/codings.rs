//! Codings (a code applied to a char range by a coder) and memos.

use crate::core::{CharRange, CodeId, Coding, CodingId, DocumentId};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// Which codings to list; `None` fields do not filter.
#[derive(Debug, Default, Clone)]
pub struct CodingFilter {
    pub document: Option<DocumentId>,
    /// Any of these codes.
    pub codes: Option<Vec<CodeId>>,
    pub coder: Option<String>,
}

const SELECT: &str =
    "SELECT c.id, c.document_id, c.code_id, k.name, c.start, c.end, c.memo, c.created_at
     FROM codings c JOIN coders k ON k.id = c.coder_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Coding> {
    Ok(Coding {
        id: CodingId(r.get(0)?),
        document: DocumentId(r.get(1)?),
        code: CodeId(r.get(2)?),
        coder: r.get(3)?,
        range: CharRange::new(r.get::<_, i64>(4)? as usize, r.get::<_, i64>(5)? as usize),
        memo: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// Inserts a coding with its given id (so undo can put it back as it was).
pub fn insert(conn: &Connection, c: &Coding) -> super::Result<()> {
    let coder = super::ensure_coder(conn, &c.coder)?;
    conn.execute(
        &format!(
            "INSERT INTO coding_rows (id, document_id, code_id, coder_id, start_block,
                 start_off, end_block, end_off, memo, created_at)
             VALUES (?1, ?2, ?3, ?4, {}, {}, ?7, ?8)",
            super::blocks::anchor_sql(2, 5),
            super::blocks::anchor_sql(2, 6)
        ),
        params![
            c.id.0,
            c.document.0,
            c.code.0,
            coder,
            c.range.start as i64,
            c.range.end as i64,
            c.memo,
            c.created_at
        ],
    )?;
    Ok(())
}

/// The id of a stored coding identical to `c` (same document, code, coder
/// and range), if any: such a coding is never stored twice.
pub fn find_identical(conn: &Connection, c: &Coding) -> super::Result<Option<CodingId>> {
    Ok(conn
        .query_row(
            // By the anchors the range has (block and offset), so the
            // unique index answers, not a scan of the document's codings.
            &format!(
                "SELECT r.id FROM coding_rows r JOIN coders k ON k.id = r.coder_id
                 WHERE r.document_id = ?1 AND r.code_id = ?2 AND k.name = ?3
                   AND r.orphan_text IS NULL
                   AND (r.start_block, r.start_off) = (SELECT {})
                   AND (r.end_block, r.end_off) = (SELECT {})",
                super::blocks::anchor_sql(1, 4),
                super::blocks::anchor_sql(1, 5)
            ),
            params![
                c.document.0,
                c.code.0,
                c.coder,
                c.range.start as i64,
                c.range.end as i64
            ],
            |r| r.get(0).map(CodingId),
        )
        .optional()?)
}

/// Records `coder` as the coder of a coding; returns whether it existed.
pub fn set_coder(conn: &Connection, id: &CodingId, coder: &str) -> super::Result<bool> {
    let k = super::ensure_coder(conn, coder)?;
    Ok(conn.execute(
        "UPDATE coding_rows SET coder_id = ?2 WHERE id = ?1",
        params![id.0, k],
    )? > 0)
}

/// Every coder (with or without codings) and how many codings each has,
/// in name order.
pub fn coders_with_counts(conn: &Connection) -> super::Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare(
        "SELECT k.name, count(c.id) FROM coders k LEFT JOIN codings c ON c.coder_id = k.id
         GROUP BY k.id ORDER BY k.name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Deletes a coding; returns whether it existed.
pub fn delete(conn: &Connection, id: &CodingId) -> super::Result<bool> {
    Ok(conn.execute("DELETE FROM coding_rows WHERE id = ?1", [&id.0])? > 0)
}

pub fn get(conn: &Connection, id: &CodingId) -> super::Result<Option<Coding>> {
    Ok(conn
        .query_row(&format!("{SELECT} WHERE c.id = ?1"), [&id.0], from_row)
        .optional()?)
}

pub fn set_code(conn: &Connection, id: &CodingId, code: &CodeId) -> super::Result<bool> {
    Ok(conn.execute(
        "UPDATE coding_rows SET code_id = ?2 WHERE id = ?1",
        params![id.0, code.0],
    )? > 0)
}

pub fn set_memo(conn: &Connection, id: &CodingId, memo: Option<&str>) -> super::Result<bool> {
    Ok(conn.execute(
        "UPDATE coding_rows SET memo = ?2 WHERE id = ?1",
        params![id.0, memo],
    )? > 0)
}

/// Codings matching `filter`, by document order then start.
pub fn list(conn: &Connection, filter: &CodingFilter) -> super::Result<Vec<Coding>> {
    let mut sql = format!("{SELECT} JOIN documents d ON d.id = c.document_id WHERE 1=1");
    let mut args: Vec<String> = Vec::new();
    if let Some(d) = &filter.document {
        args.push(d.0.clone());
        sql.push_str(&format!(" AND c.document_id = ?{}", args.len()));
    }
    if let Some(k) = &filter.coder {
        args.push(k.clone());
        sql.push_str(&format!(" AND k.name = ?{}", args.len()));
    }
    if let Some(codes) = &filter.codes {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let mut marks = Vec::new();
        for c in codes {
            args.push(c.0.clone());
            marks.push(format!("?{}", args.len()));
        }
        sql.push_str(&format!(" AND c.code_id IN ({})", marks.join(",")));
    }
    sql.push_str(" ORDER BY d.position, c.start, c.end, c.created_at, c.seq");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Number of codings per code id.
pub fn counts_by_code(conn: &Connection) -> super::Result<Vec<(CodeId, usize)>> {
    let mut stmt = conn.prepare("SELECT code_id, count(*) FROM codings GROUP BY code_id")?;
    let rows = stmt.query_map([], |r| {
        Ok((CodeId(r.get(0)?), r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The memo of a document (one per document), if any.
pub fn document_memo(conn: &Connection, doc: &DocumentId) -> super::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT text FROM memos WHERE document_id = ?1 AND code_id IS NULL",
            [&doc.0],
            |r| r.get(0),
        )
        .optional()?)
}

/// Sets (or with `None`, removes) a document's memo.
pub fn set_document_memo(
    conn: &Connection,
    doc: &DocumentId,
    text: Option<&str>,
) -> super::Result<()> {
    let now = super::now_rfc3339();
    match text {
        None => {
            conn.execute(
                "DELETE FROM memos WHERE document_id = ?1 AND code_id IS NULL",
                [&doc.0],
            )?;
        }
        Some(t) => {
            let n = conn.execute(
                "UPDATE memos SET text = ?2, updated_at = ?3 WHERE document_id = ?1 AND code_id IS NULL",
                params![doc.0, t, now],
            )?;
            if n == 0 {
                conn.execute(
                    "INSERT INTO memos (id, document_id, text, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![uuid::Uuid::new_v4().to_string(), doc.0, t, now],
                )?;
            }
        }
    }
    Ok(())
}

/// Segments (turn ids) that overlap a coding of one of `codes`.
pub fn segments_coded_with(conn: &Connection, codes: &[CodeId]) -> super::Result<Vec<i64>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=codes.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "SELECT DISTINCT s.id FROM segments s
         JOIN codings c ON c.document_id = s.document_id AND c.start < s.end AND c.end > s.start
         WHERE c.code_id IN ({})",
        marks.join(",")
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        rusqlite::params_from_iter(codes.iter().map(|c| c.0.as_str())),
        |r| r.get(0),
    )?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
