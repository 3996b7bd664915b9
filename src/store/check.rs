//! `gloss check`: SQLite's own integrity and foreign-key checks, then
//! Gloss's invariants (every range inside its document, turns in order and
//! apart, the code tree without loops, the project's identity present).
//! Read-only: it opens the file with `query_only` and changes nothing.

use rusqlite::Connection;

/// What the check found: counts of what was looked at, and the problems.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct CheckReport {
    pub documents: usize,
    pub turns: usize,
    pub codings: usize,
    pub codes: usize,
    pub problems: Vec<String>,
}

/// Checks the project file without changing it.
pub fn check(project: &super::Project) -> super::Result<CheckReport> {
    let conn = super::project::open_query_only(project)?;
    let mut r = CheckReport::default();
    // Damage can stop any query: what stops one is itself the finding.
    if let Err(e) = run_checks(&conn, &mut r) {
        r.problems.push(format!("cannot read the file: {e}"));
    }
    Ok(r)
}

fn run_checks(conn: &Connection, r: &mut CheckReport) -> rusqlite::Result<()> {
    // SQLite's page-level check first: if it fails, the rest may not run.
    let mut stmt = conn.prepare("PRAGMA integrity_check(50)")?;
    let lines: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if lines != ["ok"] {
        r.problems
            .extend(lines.into_iter().map(|l| format!("integrity: {l}")));
        return Ok(());
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk: Vec<String> = stmt
        .query_map([], |row| {
            Ok(format!(
                "foreign key: a row of {} points at a missing {}",
                row.get::<_, String>(0)?,
                row.get::<_, String>(2)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    r.problems.extend(fk);
    let count = |sql: &str| -> rusqlite::Result<usize> {
        conn.query_row(sql, [], |row| row.get::<_, i64>(0).map(|n| n as usize))
    };
    r.documents = count("SELECT count(*) FROM documents")?;
    r.turns = count("SELECT count(*) FROM segments")?;
    r.codings = count("SELECT count(*) FROM codings")?;
    r.codes = count("SELECT count(*) FROM codes")?;
    let mut problem = |sql: &str,
                       what: &dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>|
     -> rusqlite::Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let found: Vec<String> = stmt
            .query_map([], |row| what(row))?
            .collect::<Result<_, _>>()?;
        r.problems.extend(found);
        Ok(())
    };
    problem(
        "SELECT d.name, c.id, c.start, c.end, d.char_count FROM codings c
         JOIN documents d ON d.id = c.document_id
         WHERE c.start < 0 OR c.end > d.char_count OR c.start > c.end LIMIT 50",
        &|row| {
            Ok(format!(
                "coding {} in {:?}: range {}..{} is outside the text ({} chars)",
                row.get::<_, String>(1)?,
                row.get::<_, String>(0)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?
            ))
        },
    )?;
    problem(
        "SELECT d.name, s.ordinal, s.start, s.end, d.char_count FROM segments s
         JOIN documents d ON d.id = s.document_id
         WHERE s.start < 0 OR s.end > d.char_count OR s.start > s.end LIMIT 50",
        &|row| {
            Ok(format!(
                "turn {} of {:?}: range {}..{} is outside the text ({} chars)",
                row.get::<_, i64>(1)? + 1,
                row.get::<_, String>(0)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?
            ))
        },
    )?;
    problem(
        "SELECT d.name, a.ordinal, b.ordinal FROM segments a
         JOIN segments b ON b.document_id = a.document_id AND b.ordinal = a.ordinal + 1
         JOIN documents d ON d.id = a.document_id
         WHERE b.start < a.end LIMIT 50",
        &|row| {
            Ok(format!(
                "turns {} and {} of {:?} overlap or are out of order",
                row.get::<_, i64>(1)? + 1,
                row.get::<_, i64>(2)? + 1,
                row.get::<_, String>(0)?
            ))
        },
    )?;
    problem(
        "WITH RECURSIVE up(id, parent, depth) AS (
             SELECT id, parent_id, 0 FROM codes
             UNION ALL
             SELECT up.id, c.parent_id, up.depth + 1 FROM up JOIN codes c ON c.id = up.parent
             WHERE up.depth < 1000)
         SELECT DISTINCT k.name FROM up JOIN codes k ON k.id = up.id
         WHERE up.depth >= 1000 LIMIT 50",
        &|row| {
            Ok(format!(
                "code {:?} is its own ancestor (the code tree has a loop)",
                row.get::<_, String>(0)?
            ))
        },
    )?;
    for key in ["uuid", "current_coder"] {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM project WHERE key = ?1",
            [key],
            |row| row.get(0),
        )?;
        if n == 0 {
            r.problems.push(format!("the project has no {key}"));
        }
    }
    Ok(())
}
