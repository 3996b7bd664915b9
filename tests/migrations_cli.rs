//! Issue 11 item 26: a project whose tables are newer than its
//! `user_version` (an upgrade interrupted outside a transaction, or a
//! version reset by another tool), through the built binary.
//!
//! - Every object of a pending migration already there, as the migration
//!   defines it: the migration ran and only its version was lost; the
//!   project opens and the version is recorded.
//! - An object there with another definition, or a migration only partly
//!   there: one line naming the file, the version and the migration; the
//!   file is left byte for byte as it was.

mod common;

use common::{s, Env};
use rusqlite::Connection;
use std::path::Path;

fn user_version(p: &Path) -> i64 {
    Connection::open(p)
        .expect("open")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version")
}

/// Runs `sql` on the project directly (as another tool would), then
/// checkpoints so the file alone holds the change.
fn tamper(p: &Path, sql: &str) {
    let c = Connection::open(p).expect("open");
    c.execute_batch(sql).expect("tamper");
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}

/// A project with a document and a coding, at the current schema version.
fn project(env: &Env) -> (std::path::PathBuf, i64) {
    let p = env.project("p.gloss", "amani");
    let t = env.file("t.txt", "P1: the school fees are paid after the sale\n");
    env.ok(&["import", s(&p), s(&t)]);
    let cb = env.file("cb.yaml", "codes:\n  - name: Fees\n");
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    env.ok(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        "t",
        "--code",
        "Fees",
        "--start",
        "4",
        "--end",
        "20",
    ]);
    let v = user_version(&p);
    assert!(v >= 5, "schema version {v}");
    (p, v)
}

#[test]
fn tables_newer_than_the_version_are_taken_as_migrated() {
    let env = Env::new();
    let (p, current) = project(&env);
    // Migrations 3 to the last ran, but the version says 2.
    tamper(&p, "PRAGMA user_version = 2");
    let docs = env.json(&["docs", s(&p), "--json"]);
    assert_eq!(docs.as_array().map(Vec::len), Some(1));
    assert_eq!(user_version(&p), current);
    let codings = env.json(&["codings", "list", s(&p), "--json"]);
    assert_eq!(codings[0]["text"], "the school fees ");

    // Migration 3's index lost as well: 3 runs again, the later ones are
    // taken as done (4's and 5's indexes were replaced by migration 6,
    // which is there).
    tamper(
        &p,
        "DROP INDEX documents_position_by_id; PRAGMA user_version = 2;",
    );
    env.ok(&["docs", s(&p), "--json"]);
    assert_eq!(user_version(&p), current);
    let has_index: i64 = Connection::open(&p)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'documents_position_by_id'",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(has_index, 1);

    // Even version 0 with every table there: all taken as done.
    tamper(&p, "PRAGMA user_version = 0");
    env.ok(&["codings", "list", s(&p), "--json"]);
    assert_eq!(user_version(&p), current);
}

#[test]
fn tables_that_do_not_match_their_migration_get_one_clear_line() {
    let env = Env::new();
    let (p, _) = project(&env);
    // Migration 3's index exists, but not as migration 3 defines it.
    tamper(
        &p,
        "DROP INDEX documents_position_by_id;
         CREATE INDEX documents_position_by_id ON documents (id);
         PRAGMA user_version = 2;",
    );
    let before = std::fs::read(&p).expect("read");
    let err = env.fail(&["docs", s(&p), "--json"]);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: interrupted upgrade: the file says schema version 2, but index documents_position_by_id already exists with another definition (migration 0003_document_position_by_id.sql); the project was left unchanged",
            p.display()
        )
    );
    assert!(!err.contains("SQL logic error"));
    assert_eq!(std::fs::read(&p).expect("read"), before, "file unchanged");
    assert_eq!(user_version(&p), 2);

    // A migration only partly there (migration 1: its first table present,
    // its last one gone) is refused the same way.
    let env = Env::new();
    let (p, _) = project(&env);
    tamper(&p, "DROP TABLE memos; PRAGMA user_version = 0;");
    let before = std::fs::read(&p).expect("read");
    let err = env.fail(&["docs", s(&p), "--json"]);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {}: interrupted upgrade: the file says schema version 0, but table project already exists while table memos does not (migration 0001_initial.sql); the project was left unchanged",
            p.display()
        )
    );
    assert_eq!(std::fs::read(&p).expect("read"), before, "file unchanged");
}
