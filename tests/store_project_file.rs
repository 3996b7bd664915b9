//! The project file itself: schema version, pragmas, refusal of foreign or
//! newer files, and all-or-nothing imports even when the process is killed.

use gloss::ops;
use gloss::store::{Store, StoreError};
use std::process::Command;

#[test]
fn a_new_project_is_migrated_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.gloss");
    let store = ops::project::init(&path, "amani").expect("init");
    let conn = store.conn();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("q");
    assert_eq!(version, 4);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("q");
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("q");
    assert_eq!(fk, 1);
    assert_eq!(store.current_coder().expect("coder"), "amani");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for t in [
        "codes",
        "coders",
        "codings",
        "documents",
        "memos",
        "participant_attributes",
        "participants",
        "segments",
    ] {
        assert!(tables.iter().any(|x| x == t), "missing table {t}");
    }
    // A coding pointing at no document is refused by the schema.
    let err = conn.execute(
        "INSERT INTO codings (id, document_id, code_id, coder_id, start, end, created_at)
         VALUES ('x', 'no-doc', 'no-code', 1, 0, 1, 'now')",
        [],
    );
    assert!(err.is_err(), "foreign keys are enforced");
}

#[test]
fn reopening_keeps_identity_and_coder_can_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.gloss");
    let uuid = ops::project::init(&path, "amani")
        .expect("init")
        .uuid()
        .expect("uuid");
    let store = ops::project::open(&path, Some("neema")).expect("open");
    assert_eq!(store.uuid().expect("uuid"), uuid);
    assert_eq!(store.current_coder().expect("coder"), "neema");
    drop(store);
    let store = ops::project::open(&path, None).expect("open");
    assert_eq!(store.current_coder().expect("coder"), "neema");
}

#[test]
fn other_sqlite_files_and_newer_projects_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .expect("open")
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .expect("create");
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::NotAProject { .. })
    ));

    let path = dir.path().join("p.gloss");
    drop(ops::project::init(&path, "amani").expect("init"));
    rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    match Store::open(&path) {
        Err(e @ StoreError::TooNew { .. }) => assert!(e.to_string().contains("newer Gloss")),
        other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
    }
}

/// Kills `gloss import` at several moments: the project holds either none
/// or all of the files, and passes SQLite's integrity check.
#[test]
fn an_import_killed_mid_way_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    for i in 0..40 {
        let p = dir.path().join(format!("t{i:02}.txt"));
        std::fs::write(&p, gloss::tui::bench::generate_transcript(3_000 + i)).expect("write");
        files.push(p);
    }
    for (round, delay_ms) in [5u64, 40, 120, 300].into_iter().enumerate() {
        let path = dir.path().join(format!("k{round}.gloss"));
        drop(ops::project::init(&path, "amani").expect("init"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("import")
            .arg(&path)
            .args(&files)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let store = Store::open(&path).expect("the project still opens");
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .expect("count");
        assert!(
            n == 0 || n == 40,
            "round {round}: {n} documents — a half import"
        );
        let ok: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(ok, "ok");
    }
}

#[test]
fn an_older_project_is_migrated_forward_on_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.gloss");
    drop(ops::project::init(&path, "amani").expect("init"));
    {
        // Make it look like a project written before migration 2.
        let c = rusqlite::Connection::open(&path).expect("open");
        c.execute_batch(
            "DROP INDEX documents_listing; DROP INDEX documents_position_by_id;
             DROP INDEX segments_by_participant; PRAGMA user_version = 1;",
        )
        .expect("downgrade");
    }
    let store = Store::open(&path).expect("migrates");
    let v: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("q");
    assert_eq!(v, 4);
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN
             ('documents_listing', 'documents_position_by_id', 'segments_by_participant')",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert_eq!(n, 3);
}
