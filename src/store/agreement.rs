//! The lean reads agreement needs (every coding span, document lengths,
//! every turn) and the reads and writes of merging another project in.
//! Reads stream rows to a callback so tens of thousands of codings cost no
//! allocation per row.

use crate::core::{CodeId, DocumentId};
use rusqlite::{params, Connection, OptionalExtension};

/// A document as agreement needs it.
#[derive(Debug, Clone)]
pub struct DocumentUnits {
    pub id: DocumentId,
    pub name: String,
    pub chars: usize,
    pub content_hash: String,
}

/// Documents in import order with their length in chars.
pub fn documents(conn: &Connection) -> super::Result<Vec<DocumentUnits>> {
    let mut stmt =
        conn.prepare("SELECT id, name, char_count, content_hash FROM documents ORDER BY position")?;
    let rows = stmt.query_map([], |r| {
        Ok(DocumentUnits {
            id: DocumentId(r.get(0)?),
            name: r.get(1)?,
            chars: r.get::<_, i64>(2)? as usize,
            content_hash: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Every coder: (id, name).
pub fn coders(conn: &Connection) -> super::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare("SELECT id, name FROM coders ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Calls `f(document_id, code_id, coder_id, start, end)` for every coding.
pub fn for_each_span(
    conn: &Connection,
    mut f: impl FnMut(&str, &str, i64, usize, usize),
) -> super::Result<()> {
    // Reading every coding is a scan: map the file instead of copying each
    // page through read() (a per-connection setting, harmless elsewhere).
    conn.query_row("PRAGMA mmap_size = 1073741824", [], |_| Ok(()))
        .optional()?;
    let mut stmt =
        conn.prepare_cached("SELECT document_id, code_id, coder_id, start, end FROM codings")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let doc = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let code = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let coder = r.get::<_, i64>(2)?;
        let s = r.get::<_, i64>(3)?.max(0) as usize;
        let e = r.get::<_, i64>(4)?.max(0) as usize;
        f(doc, code, coder, s, e);
    }
    Ok(())
}

/// Calls `f(document_id, start, end)` for every turn, by document then order.
pub fn for_each_turn(
    conn: &Connection,
    mut f: impl FnMut(&str, usize, usize),
) -> super::Result<()> {
    let mut stmt =
        conn.prepare("SELECT document_id, start, end FROM segments ORDER BY document_id, ordinal")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let doc = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        f(
            doc,
            r.get::<_, i64>(1)?.max(0) as usize,
            r.get::<_, i64>(2)?.max(0) as usize,
        );
    }
    Ok(())
}

/// Opens another project file for reading only (merge never changes it).
pub fn open_read_only(project: &super::Project) -> super::Result<Connection> {
    let path = project.path();
    let conn = super::project::open_query_only(project)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name IN ('codings', 'codes', 'documents', 'memos')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| super::classify(path, e.into()))?;
    if tables != 4 {
        return Err(super::StoreError::NotAProject { path: path.into() });
    }
    Ok(conn)
}

/// Whether a coding with this id exists.
pub fn coding_exists(conn: &Connection, id: &str) -> super::Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM coding_rows WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A memo row as stored (document memo: code None; code memo: document None).
#[derive(Debug, Clone)]
pub struct MemoRow {
    pub id: String,
    pub document: Option<DocumentId>,
    pub code: Option<CodeId>,
    pub coder: Option<String>,
    pub text: String,
    pub created_at: String,
    pub updated_at: String,
}

pub fn memos(conn: &Connection) -> super::Result<Vec<MemoRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.document_id, m.code_id, k.name, m.text, m.created_at, m.updated_at
         FROM memos m LEFT JOIN coders k ON k.id = m.coder_id ORDER BY m.created_at, m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(MemoRow {
            id: r.get(0)?,
            document: r.get::<_, Option<String>>(1)?.map(DocumentId),
            code: r.get::<_, Option<String>>(2)?.map(CodeId),
            coder: r.get(3)?,
            text: r.get(4)?,
            created_at: r.get(5)?,
            updated_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The memo attached to exactly this document and code (either may be None).
pub fn memo_at(
    conn: &Connection,
    document: Option<&DocumentId>,
    code: Option<&CodeId>,
) -> super::Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, text FROM memos WHERE document_id IS ?1 AND code_id IS ?2 LIMIT 1",
            params![document.map(|d| d.0.as_str()), code.map(|c| c.0.as_str())],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn memo_exists(conn: &Connection, id: &str) -> super::Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM memos WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert_memo(conn: &Connection, m: &MemoRow) -> super::Result<()> {
    let coder = match &m.coder {
        Some(c) => Some(super::ensure_coder(conn, c)?),
        None => None,
    };
    conn.execute(
        "INSERT INTO memos (id, document_id, code_id, coder_id, text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            m.id,
            m.document.as_ref().map(|d| d.0.as_str()),
            m.code.as_ref().map(|c| c.0.as_str()),
            coder,
            m.text,
            m.created_at,
            m.updated_at
        ],
    )?;
    Ok(())
}

pub fn set_memo_text(conn: &Connection, id: &str, text: &str) -> super::Result<()> {
    conn.execute(
        "UPDATE memos SET text = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, text, super::now_rfc3339()],
    )?;
    Ok(())
}
