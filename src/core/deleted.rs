//! A deleted document, kept whole so that undo can put it back exactly:
//! every row that hung on it (its own row with id, hashes, revision and
//! position; text blocks; turns; participants and attributes; codings with
//! their ids, coders, memos and orphan state; memos; its edit log; review
//! items), table by table, as the store read them. The store owns which
//! tables and rows these are; this type only carries them (pure: no SQL).

use super::ids::DocumentId;
use serde::Serialize;

/// One stored value, as SQLite holds it (no floats: every table is
/// STRICT and declares none, but a REAL is kept bit for bit if one comes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Cell {
    Null,
    Int(i64),
    Real(u64),
    Text(String),
    Blob(Vec<u8>),
}

/// The rows of one table that belonged to the document, with their column
/// names (the row id first when the table has one of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRows {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Everything a document took with it, in the order it is written back
/// (parents before children).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedDocument {
    pub document: DocumentId,
    pub name: String,
    pub turns: usize,
    pub codings: usize,
    pub memos: usize,
    pub tables: Vec<TableRows>,
}
