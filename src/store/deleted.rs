//! A document's rows, read whole before it is deleted and written back by
//! undo with the same ids (`core::deleted::DeletedDocument`). Which tables
//! hang on a document is said once, here, in the order they are written
//! back (parents first, so the foreign keys hold at every row).

use super::StoreError;
use crate::core::deleted::{Cell, DeletedDocument, TableRows};
use crate::core::DocumentId;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use std::collections::HashMap;

/// (table, its rows of document `?1`, whether the row id is kept apart
/// from the columns: tables whose key is not their row id).
const TABLES: &[(&str, &str, bool)] = &[
    ("documents", "id = ?1", true),
    ("text_blocks", "document_id = ?1", false),
    (
        "block_texts",
        "block_id IN (SELECT id FROM text_blocks WHERE document_id = ?1)",
        false,
    ),
    ("participants", "document_id = ?1", false),
    (
        "participant_attributes",
        "participant_id IN (SELECT id FROM participants WHERE document_id = ?1)",
        true,
    ),
    ("segment_rows", "document_id = ?1", false),
    ("coding_rows", "document_id = ?1", true),
    ("memos", "document_id = ?1", true),
    ("text_edits", "document_id = ?1", true),
    ("review_items", "document_id = ?1", true),
];

/// Columns that name a text block (re-numbered when a block's id was
/// taken meanwhile: block ids are internal, nothing outside names them).
const BLOCK_COLUMNS: &[(&str, &str)] = &[
    ("block_texts", "block_id"),
    ("coding_rows", "start_block"),
    ("coding_rows", "end_block"),
    ("segment_rows", "start_block"),
    ("segment_rows", "end_block"),
];

fn cell(v: ValueRef<'_>) -> Cell {
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(f) => Cell::Real(f.to_bits()),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Blob(b.to_vec()),
    }
}

fn value(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Int(i) => Value::Integer(*i),
        Cell::Real(bits) => Value::Real(f64::from_bits(*bits)),
        Cell::Text(t) => Value::Text(t.clone()),
        Cell::Blob(b) => Value::Blob(b.clone()),
    }
}

/// Every row of document `id`, table by table; `None` when there is no
/// such document.
pub fn snapshot(conn: &Connection, id: &DocumentId) -> super::Result<Option<DeletedDocument>> {
    let Some(name) = conn
        .query_row("SELECT name FROM documents WHERE id = ?1", [&id.0], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
    else {
        return Ok(None);
    };
    let (turns, codings, memos) = super::documents::dependents(conn, id)?;
    let mut tables = Vec::with_capacity(TABLES.len());
    for (table, filter, own_rowid) in TABLES {
        let select = if *own_rowid { "rowid AS rowid, *" } else { "*" };
        let mut stmt = conn.prepare(&format!(
            "SELECT {select} FROM {table} WHERE {filter} ORDER BY rowid"
        ))?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let n = columns.len();
        let rows = stmt
            .query_map([&id.0], |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(cell))
                    .collect::<Result<Vec<_>, _>>()
            })?
            .collect::<Result<Vec<_>, _>>()?;
        tables.push(TableRows {
            table: table.to_string(),
            columns,
            rows,
        });
    }
    Ok(Some(DeletedDocument {
        document: id.clone(),
        name,
        turns,
        codings,
        memos,
        tables,
    }))
}

fn taken(conn: &Connection, table: &str, column: &str, v: &Cell) -> super::Result<bool> {
    Ok(conn
        .query_row(
            &format!("SELECT 1 FROM {table} WHERE {column} = ?1"),
            [value(v)],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Writes a deleted document back, every row as it was. Refuses (touching
/// nothing the caller's transaction would keep) when a document with its
/// id, name or import hash exists again.
pub fn restore(conn: &Connection, doc: &DeletedDocument) -> super::Result<()> {
    if super::documents::get_name(conn, &doc.document).is_ok() {
        return Err(StoreError::Conflict(format!(
            "the document {:?} exists already",
            doc.name
        )));
    }
    if super::documents::resolve(conn, &doc.name)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "another document is named {:?} now: rename it first",
            doc.name
        )));
    }
    // Known tables only: the names go into SQL.
    if let Some(t) = doc
        .tables
        .iter()
        .find(|t| !TABLES.iter().any(|(name, _, _)| *name == t.table))
    {
        return Err(StoreError::Conflict(format!(
            "cannot restore rows of table {:?}",
            t.table
        )));
    }
    // Turn and participant ids are named by changes in the undo history
    // (and turn ids by the search index): they come back as they were, or
    // not at all.
    for (table, column) in [("participants", "id"), ("segment_rows", "id")] {
        let Some(t) = doc.tables.iter().find(|t| t.table == table) else {
            continue;
        };
        let Some(i) = t.columns.iter().position(|c| c == column) else {
            continue;
        };
        for row in &t.rows {
            if taken(conn, table, column, &row[i])? {
                return Err(StoreError::Conflict(format!(
                    "cannot bring {:?} back: turns or speakers made since it was deleted took its ids (undo those first)",
                    doc.name
                )));
            }
        }
    }
    let mut blocks: HashMap<i64, i64> = HashMap::new();
    for t in &doc.tables {
        if t.columns
            .iter()
            .any(|c| !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
        {
            return Err(StoreError::Conflict(format!(
                "cannot restore rows of table {:?}",
                t.table
            )));
        }
        for row in &t.rows {
            let mut cols: Vec<&str> = Vec::with_capacity(row.len());
            let mut vals: Vec<Value> = Vec::with_capacity(row.len());
            let mut old_block = None;
            for (c, v) in t.columns.iter().zip(row) {
                if c == "rowid" && taken(conn, &t.table, "rowid", v)? {
                    // Its row id went to a row made since: SQLite picks one.
                    continue;
                }
                if t.table == "text_blocks" && c == "id" {
                    if let Cell::Int(old) = v {
                        if taken(conn, "text_blocks", "id", v)? {
                            old_block = Some(*old);
                            continue;
                        }
                    }
                }
                let mapped = match v {
                    Cell::Int(b) if BLOCK_COLUMNS.contains(&(t.table.as_str(), c.as_str())) => {
                        Value::Integer(*blocks.get(b).unwrap_or(b))
                    }
                    other => value(other),
                };
                cols.push(c);
                vals.push(mapped);
            }
            let marks = (1..=vals.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ");
            conn.execute(
                &format!(
                    "INSERT INTO {} ({}) VALUES ({marks})",
                    t.table,
                    cols.join(", ")
                ),
                params_from_iter(vals),
            )?;
            if let Some(old) = old_block {
                blocks.insert(old, conn.last_insert_rowid());
            }
        }
    }
    Ok(())
}
