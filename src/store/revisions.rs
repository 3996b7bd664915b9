//! Reads of another project file across schema versions (merge opens it
//! read-only and never migrates it: before schema 6 the text is the
//! `documents.text` column and there is no revision or edit log), and the
//! review items a re-import or a merge leaves for the user (codings whose
//! text changed, or that could not be mapped).

use super::edits::LogEntry;
use crate::core::{CharRange, CodeId, Coding, CodingId, DocumentId};
use rusqlite::{params, Connection, OptionalExtension};

fn has_table(conn: &Connection, name: &str) -> super::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn has_column(conn: &Connection, table: &str, column: &str) -> super::Result<bool> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    for n in names {
        if n? == column {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A document of another project file, whatever its schema.
#[derive(Debug, Clone)]
pub struct OtherDocument {
    pub id: DocumentId,
    pub name: String,
    /// The hash of the text as imported (before schema 6: of its only text).
    pub content_hash: String,
    /// 0 when the file has no revisions.
    pub revision: u64,
}

/// The documents of another project file, in import order.
pub fn other_documents(conn: &Connection) -> super::Result<Vec<OtherDocument>> {
    let revision = if has_column(conn, "documents", "revision")? {
        "revision"
    } else {
        "0"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, name, content_hash, {revision} FROM documents ORDER BY position"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(OtherDocument {
            id: DocumentId(r.get(0)?),
            name: r.get(1)?,
            content_hash: r.get(2)?,
            revision: r.get::<_, i64>(3)?.max(0) as u64,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The current text of a document of another project file.
pub fn other_text(conn: &Connection, doc: &DocumentId) -> super::Result<String> {
    if has_table(conn, "text_blocks")? {
        return super::blocks::text(conn, doc);
    }
    Ok(
        conn.query_row("SELECT text FROM documents WHERE id = ?1", [&doc.0], |r| {
            r.get(0)
        })?,
    )
}

/// The edit log of a document of another project file (empty before
/// schema 6).
pub fn other_log(conn: &Connection, doc: &DocumentId) -> super::Result<Vec<LogEntry>> {
    if !has_table(conn, "text_edits")? {
        return Ok(Vec::new());
    }
    super::edits::history(conn, doc, 0)
}

/// Every coding of another project file (orphans left out), in document
/// order: the columns every schema's `codings` table or view has.
pub fn other_codings(conn: &Connection) -> super::Result<Vec<Coding>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.document_id, c.code_id, k.name, c.start, c.end, c.memo, c.created_at
         FROM codings c JOIN coders k ON k.id = c.coder_id
         JOIN documents d ON d.id = c.document_id
         ORDER BY d.position, c.start, c.end, c.created_at, c.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Coding {
            id: CodingId(r.get(0)?),
            document: DocumentId(r.get(1)?),
            code: CodeId(r.get(2)?),
            coder: r.get(3)?,
            range: CharRange::new(
                r.get::<_, i64>(4)?.max(0) as usize,
                r.get::<_, i64>(5)?.max(0) as usize,
            ),
            memo: r.get(6)?,
            created_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Whether a document with this id exists here.
pub fn document_exists(conn: &Connection, id: &DocumentId) -> super::Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM documents WHERE id = ?1", [&id.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Why a coding waits for review, with the text before and after.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewItem {
    pub coding: CodingId,
    pub document: DocumentId,
    pub reason: String,
    pub before: String,
    /// The text it covers now (`None`: an orphan, it covers nothing).
    pub after: Option<String>,
    pub at: String,
}

/// Records (or replaces) the review item of a coding.
pub fn add_review(
    conn: &Connection,
    coding: &CodingId,
    document: &DocumentId,
    reason: &str,
    before: &str,
    after: Option<&str>,
) -> super::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO review_items (coding_id, document_id, reason, before_text, after_text, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            coding.0,
            document.0,
            reason,
            before,
            after,
            super::now_rfc3339()
        ],
    )?;
    Ok(())
}

/// The review items, by document then coding.
pub fn review_items(conn: &Connection) -> super::Result<Vec<ReviewItem>> {
    let mut stmt = conn.prepare(
        "SELECT v.coding_id, v.document_id, v.reason, v.before_text, v.after_text, v.at
         FROM review_items v JOIN documents d ON d.id = v.document_id
         ORDER BY d.position, v.at, v.coding_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ReviewItem {
            coding: CodingId(r.get(0)?),
            document: DocumentId(r.get(1)?),
            reason: r.get(2)?,
            before: r.get(3)?,
            after: r.get(4)?,
            at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The review item of one coding, if any.
pub fn review_item(conn: &Connection, coding: &CodingId) -> super::Result<Option<ReviewItem>> {
    Ok(review_items(conn)?
        .into_iter()
        .find(|i| &i.coding == coding))
}

/// Marks a coding's review done (the user looked at it, re-attached or
/// kept it); returns whether there was one.
pub fn resolve_review(conn: &Connection, coding: &CodingId) -> super::Result<bool> {
    Ok(conn.execute("DELETE FROM review_items WHERE coding_id = ?1", [&coding.0])? > 0)
}
