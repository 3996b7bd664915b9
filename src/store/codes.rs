//! The codebook: a tree of codes.

use crate::core::{Code, CodeId, CodeRecord};
use rusqlite::{params, Connection, OptionalExtension};

/// A code to insert or update (the id is chosen by the store when new).
pub struct CodeFields<'a> {
    pub name: &'a str,
    pub color: Option<&'a str>,
    pub shortcut: Option<&'a str>,
    pub definition: &'a str,
    pub when_to_use: &'a str,
    pub when_not_to_use: &'a str,
    pub example: &'a str,
}

/// All codes, parents before children, siblings in their stored order.
pub fn list(conn: &Connection) -> super::Result<Vec<Code>> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE tree(id, sort) AS (
             SELECT id, printf('%08d', position) FROM codes WHERE parent_id IS NULL
             UNION ALL
             SELECT c.id, tree.sort || '/' || printf('%08d', c.position)
             FROM codes c JOIN tree ON c.parent_id = tree.id)
         SELECT c.id, c.name, c.parent_id, c.color, c.shortcut, c.definition,
                c.when_to_use, c.when_not_to_use, c.example
         FROM codes c JOIN tree ON tree.id = c.id ORDER BY tree.sort",
    )?;
    let rows = stmt.query_map([], code_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// The child of `parent` (or root) named `name`.
pub fn find_child(
    conn: &Connection,
    parent: Option<&CodeId>,
    name: &str,
) -> super::Result<Option<CodeId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM codes WHERE coalesce(parent_id, '') = coalesce(?1, '') AND name = ?2",
            params![parent.map(|p| p.0.as_str()), name],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .map(CodeId))
}

/// Inserts a new code as the last child of `parent`.
pub fn insert(
    conn: &Connection,
    parent: Option<&CodeId>,
    fields: &CodeFields<'_>,
) -> super::Result<CodeId> {
    insert_with_id(conn, None, parent, fields)
}

/// Inserts a new code with the given id (a fresh UUID when `None`) as the
/// last child of `parent`.
pub fn insert_with_id(
    conn: &Connection,
    id: Option<&str>,
    parent: Option<&CodeId>,
    fields: &CodeFields<'_>,
) -> super::Result<CodeId> {
    let id = CodeId(id.map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_string));
    let position: i64 = conn.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM codes WHERE coalesce(parent_id, '') = coalesce(?1, '')",
        [parent.map(|p| p.0.as_str())],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO codes (id, parent_id, name, color, shortcut, definition, when_to_use,
                            when_not_to_use, example, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id.0,
            parent.map(|p| p.0.as_str()),
            fields.name,
            fields.color,
            fields.shortcut,
            fields.definition,
            fields.when_to_use,
            fields.when_not_to_use,
            fields.example,
            position
        ],
    )?;
    Ok(id)
}

/// Overwrites the descriptive fields of an existing code. Returns whether
/// anything changed.
pub fn update(conn: &Connection, id: &CodeId, fields: &CodeFields<'_>) -> super::Result<bool> {
    let n = conn.execute(
        "UPDATE codes SET color = ?2, shortcut = ?3, definition = ?4, when_to_use = ?5,
                          when_not_to_use = ?6, example = ?7
         WHERE id = ?1 AND (color IS NOT ?2 OR shortcut IS NOT ?3 OR definition IS NOT ?4
               OR when_to_use IS NOT ?5 OR when_not_to_use IS NOT ?6 OR example IS NOT ?7)",
        params![
            id.0,
            fields.color,
            fields.shortcut,
            fields.definition,
            fields.when_to_use,
            fields.when_not_to_use,
            fields.example
        ],
    )?;
    Ok(n > 0)
}

/// One code by id.
pub fn get(conn: &Connection, id: &CodeId) -> super::Result<Option<Code>> {
    Ok(get_record(conn, id)?.map(|r| r.code))
}

/// Renames a code and/or moves it under another parent (as its last child
/// when the parent changes). Returns whether anything changed.
pub fn set_place(
    conn: &Connection,
    id: &CodeId,
    parent: Option<&CodeId>,
    name: &str,
) -> super::Result<bool> {
    let n = conn.execute(
        "UPDATE codes SET
             position = CASE WHEN parent_id IS ?2 THEN position
                 ELSE (SELECT coalesce(max(position), 0) + 1 FROM codes
                       WHERE coalesce(parent_id, '') = coalesce(?2, '')) END,
             parent_id = ?2, name = ?3
         WHERE id = ?1 AND (parent_id IS NOT ?2 OR name IS NOT ?3)",
        params![id.0, parent.map(|p| p.0.as_str()), name],
    )?;
    Ok(n > 0)
}

pub fn count(conn: &Connection) -> super::Result<usize> {
    Ok(conn.query_row("SELECT count(*) FROM codes", [], |r| r.get::<_, i64>(0))? as usize)
}

/// A code with its position, as undo needs it.
pub fn get_record(conn: &Connection, id: &CodeId) -> super::Result<Option<CodeRecord>> {
    Ok(conn
        .query_row(
            &format!("SELECT {CODE_COLUMNS} FROM codes WHERE id = ?1"),
            [&id.0],
            |r| {
                Ok(CodeRecord {
                    code: code_from_row(r)?,
                    position: r.get(9)?,
                })
            },
        )
        .optional()?)
}

/// Inserts a code record with its own id and position.
pub fn insert_record(conn: &Connection, r: &CodeRecord) -> super::Result<()> {
    execute_record(
        conn,
        "INSERT INTO codes (id, parent_id, name, color, shortcut, definition, when_to_use,
                            when_not_to_use, example, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        r,
    )?;
    Ok(())
}

/// Overwrites every field of a code (name, parent and position included).
pub fn update_record(conn: &Connection, r: &CodeRecord) -> super::Result<bool> {
    Ok(execute_record(
        conn,
        "UPDATE codes SET parent_id = ?2, name = ?3, color = ?4, shortcut = ?5, definition = ?6,
                          when_to_use = ?7, when_not_to_use = ?8, example = ?9, position = ?10
         WHERE id = ?1",
        r,
    )? > 0)
}

/// Deletes one code; refuses (returns false) when it still has children
/// or codings, which the caller must move or delete first.
pub fn delete_leaf(conn: &Connection, id: &CodeId) -> super::Result<bool> {
    Ok(conn.execute(
        "DELETE FROM codes WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM codes c WHERE c.parent_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM coding_rows g WHERE g.code_id = ?1)",
        [&id.0],
    )? > 0)
}

/// The next free position under `parent`.
pub fn next_position(conn: &Connection, parent: Option<&CodeId>) -> super::Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM codes WHERE coalesce(parent_id, '') = coalesce(?1, '')",
        [parent.map(|p| p.0.as_str())],
        |r| r.get(0),
    )?)
}

/// The columns every code query selects, in `code_from_row`'s order.
const CODE_COLUMNS: &str = "id, name, parent_id, color, shortcut, definition, when_to_use,
                            when_not_to_use, example, position";

fn code_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Code> {
    Ok(Code {
        id: CodeId(r.get(0)?),
        name: r.get(1)?,
        parent: r.get::<_, Option<String>>(2)?.map(CodeId),
        color: r.get(3)?,
        shortcut: r.get(4)?,
        definition: r.get(5)?,
        when_to_use: r.get(6)?,
        when_not_to_use: r.get(7)?,
        example: r.get(8)?,
    })
}

/// Runs `sql` with a record's fields bound as ?1 id, ?2 parent, ?3 name,
/// ?4 colour, ?5 shortcut, ?6–?9 the texts, ?10 position.
fn execute_record(conn: &Connection, sql: &str, r: &CodeRecord) -> super::Result<usize> {
    let c = &r.code;
    Ok(conn.execute(
        sql,
        params![
            c.id.0,
            c.parent.as_ref().map(|p| p.0.as_str()),
            c.name,
            c.color,
            c.shortcut,
            c.definition,
            c.when_to_use,
            c.when_not_to_use,
            c.example,
            r.position
        ],
    )?)
}
