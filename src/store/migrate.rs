//! The schema's embedded, append-only migrations and bringing a file up to
//! date. Migrations run in one transaction with the version they bring. A
//! file whose tables are newer than its `user_version` (an upgrade
//! interrupted outside a transaction, a version reset by another tool) is
//! checked migration by migration: one whose every object already exists
//! as it defines it is taken as done; one only partly there, or with an
//! object defined otherwise, is refused with one line naming the file, the
//! version and the migration, and the file is left as it was.

use super::error::StoreError;
use super::project::APPLICATION_ID;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;

/// A migration: its file name (for messages) and its SQL.
macro_rules! migration {
    ($file:literal) => {
        ($file, include_str!(concat!("migrations/", $file)))
    };
}

/// Embedded, append-only migrations; index + 1 is the schema version.
const MIGRATIONS: &[(&str, &str)] = &[
    migration!("0001_initial.sql"),
    migration!("0002_document_listing.sql"),
    migration!("0003_document_position_by_id.sql"),
    migration!("0004_segments_by_participant.sql"),
    migration!("0005_no_identical_codings.sql"),
    migration!("0006_editable_text.sql"),
    migration!("0007_review_items.sql"),
    migration!("0008_edit_kind.sql"),
    migration!("0009_uncertain_words.sql"),
];

/// Brings the file at `path` up to the current schema, in one transaction.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> super::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    if version == known {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have
    // migrated the file meanwhile.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version >= known {
        return Ok(());
    }
    for (i, file) in MIGRATIONS
        .iter()
        .map(|m| m.0)
        .enumerate()
        .skip(version as usize)
    {
        match applied_already(&tx, i)? {
            Applied::No => tx.execute_batch(MIGRATIONS[i].1)?,
            // Every object it creates is there as it defines them: it
            // ran, and only the version was not recorded (or was reset).
            Applied::Yes => {}
            Applied::Conflict(problem) => {
                return Err(StoreError::SchemaMismatch {
                    path: path.to_path_buf(),
                    version,
                    migration: file,
                    problem,
                })
            }
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.commit()?;
    Ok(())
}

/// Whether a migration's objects are already in the schema.
enum Applied {
    No,
    Yes,
    /// Some are there, or differ from the migration: what is wrong.
    Conflict(String),
}

/// The persistent objects a migration creates: (kind, name, statement).
/// Comments are dropped and statements split at `;` (migrations hold no
/// `;` or `--` inside strings, and no triggers); `CREATE TEMP` objects are
/// left out.
fn created_objects(sql: &str) -> Vec<(String, String, String)> {
    let code = without_comments(sql);
    let mut out = Vec::new();
    for stmt in code.split(';') {
        let words: Vec<&str> = stmt.split_whitespace().collect();
        let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
        if !is(0, "create") {
            continue;
        }
        let mut i = 1;
        if is(i, "unique") {
            i += 1;
        }
        if is(i, "temp") || is(i, "temporary") {
            continue;
        }
        let Some(kind) = words.get(i) else { continue };
        i += 1;
        if is(i, "if") && is(i + 1, "not") && is(i + 2, "exists") {
            i += 3;
        }
        let Some(name) = words.get(i) else { continue };
        let name = name
            .split('(')
            .next()
            .unwrap_or(name)
            .trim_matches(['"', '`', '[', ']']);
        out.push((
            kind.to_ascii_lowercase(),
            name.to_string(),
            stmt.to_string(),
        ));
    }
    out
}

/// A statement compared loosely: case, white space and the spelling of
/// `IF NOT EXISTS` (which SQLite drops from the schema) do not count.
fn same_sql(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.to_ascii_lowercase().replace("if not exists", "");
        let mut out = String::with_capacity(s.len());
        for w in s.split_whitespace() {
            out.push_str(w);
        }
        out
    }
    norm(a) == norm(b)
}

/// The objects a migration drops (`DROP TABLE|INDEX|VIEW [IF EXISTS] name`).
fn dropped_objects(sql: &str) -> Vec<String> {
    named_by(sql, "drop")
}

/// The tables a migration alters (`ALTER TABLE name …`).
fn altered_objects(sql: &str) -> Vec<String> {
    named_by(sql, "alter")
}

/// `sql` with its `--` comments removed (statements can then be split at `;`).
fn without_comments(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split_once("--").map_or(l, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The (table, column) pairs of `ALTER TABLE t ADD [COLUMN] c` statements.
fn added_columns(sql: &str) -> Vec<(String, String)> {
    let code = without_comments(sql);
    code.split(';')
        .filter_map(|stmt| {
            let words: Vec<&str> = stmt.split_whitespace().collect();
            let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
            if !(is(0, "alter") && is(1, "table") && is(3, "add")) {
                return None;
            }
            let c = if is(4, "column") { 5 } else { 4 };
            Some((
                words.get(2)?.to_ascii_lowercase(),
                words.get(c)?.to_ascii_lowercase(),
            ))
        })
        .collect()
}

/// The names that statements starting with `verb` (then a kind) act on.
fn named_by(sql: &str, verb: &str) -> Vec<String> {
    let code = without_comments(sql);
    code.split(';')
        .filter_map(|stmt| {
            let words: Vec<&str> = stmt.split_whitespace().collect();
            let is = |i: usize, w: &str| words.get(i).is_some_and(|x| x.eq_ignore_ascii_case(w));
            if !is(0, verb) {
                return None;
            }
            let i = if is(2, "if") && is(3, "exists") { 4 } else { 2 };
            words.get(i).map(|n| n.to_ascii_lowercase())
        })
        .collect()
}

/// Whether migration `i` ran. Objects that it drops itself (to define them
/// anew), or that a later migration which ran has dropped, are not looked
/// for: they are gone by design; the rest must be there as defined.
fn applied_already(conn: &Connection, i: usize) -> super::Result<Applied> {
    let own_drops = dropped_objects(MIGRATIONS[i].1);
    let mut superseded = Vec::new();
    let mut altered = Vec::new();
    for (j, (_, sql)) in MIGRATIONS.iter().enumerate().skip(i + 1) {
        if matches!(applied_already(conn, j)?, Applied::Yes) {
            superseded.extend(dropped_objects(sql));
            altered.extend(altered_objects(sql));
        }
    }
    let all = created_objects(MIGRATIONS[i].1);
    let superseded_any = all
        .iter()
        .any(|(_, n, _)| superseded.contains(&n.to_ascii_lowercase()));
    let objects: Vec<_> = all
        .into_iter()
        .filter(|(_, n, _)| {
            let n = n.to_ascii_lowercase();
            !own_drops.contains(&n) && !superseded.contains(&n)
        })
        .collect();
    if objects.is_empty() {
        if superseded_any {
            return Ok(Applied::Yes);
        }
        // A migration that only adds columns ran when they are there.
        let columns = added_columns(MIGRATIONS[i].1);
        let mut there = Vec::new();
        let mut missing = Vec::new();
        for (table, column) in &columns {
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE",
                [table, column],
                |r| r.get(0),
            )?;
            if n > 0 {
                there.push(format!("column {table}.{column}"));
            } else {
                missing.push(format!("column {table}.{column}"));
            }
        }
        return Ok(match (there.first(), missing.first()) {
            (None, _) => Applied::No,
            (Some(_), None) => Applied::Yes,
            (Some(p), Some(a)) => {
                Applied::Conflict(format!("{p} already exists while {a} does not"))
            }
        });
    }
    let mut present = Vec::new();
    let mut absent = Vec::new();
    for (kind, name, stmt) in &objects {
        let found: Option<(String, Option<String>)> = conn
            .query_row(
                "SELECT type, sql FROM sqlite_master WHERE name = ?1 COLLATE NOCASE",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            None => absent.push(format!("{kind} {name}")),
            Some((t, stored)) => {
                // A table a later migration altered is only looked for.
                let as_defined = altered.contains(&name.to_ascii_lowercase())
                    || stored.is_some_and(|s| same_sql(&s, stmt));
                if !t.eq_ignore_ascii_case(kind) || !as_defined {
                    return Ok(Applied::Conflict(format!(
                        "{kind} {name} already exists with another definition"
                    )));
                }
                present.push(format!("{kind} {name}"));
            }
        }
    }
    Ok(match (present.first(), absent.first()) {
        (None, _) => Applied::No,
        (Some(_), None) => Applied::Yes,
        (Some(p), Some(a)) => Applied::Conflict(format!("{p} already exists while {a} does not")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_names_what_it_creates() {
        let names = |i: usize| -> Vec<String> {
            created_objects(MIGRATIONS[i].1)
                .into_iter()
                .map(|(k, n, _)| format!("{k} {n}"))
                .collect()
        };
        assert_eq!(names(0).len(), 12, "{:?}", names(0));
        assert_eq!(names(0)[0], "table project");
        assert!(names(0).contains(&"index codes_sibling_name".to_string()));
        assert_eq!(names(2), ["index documents_position_by_id"]);
        // The temporary table of migration 5 is not part of the schema.
        assert_eq!(names(4), ["index codings_identical"]);
        // Migration 8 only adds columns: it is known by them.
        assert!(names(7).is_empty());
        assert_eq!(
            added_columns(MIGRATIONS[7].1),
            [
                ("text_edits".to_string(), "kind".to_string()),
                ("text_edits".to_string(), "turns_set".to_string())
            ]
        );
        assert!(same_sql(
            "CREATE INDEX a\n    ON b (c,  d)",
            "create index IF NOT EXISTS a ON b (c, d)"
        ));
        assert!(!same_sql(
            "CREATE INDEX a ON b (c)",
            "CREATE INDEX a ON b (c, d)"
        ));
    }
}
