//! The project file itself: schema version, pragmas, refusal of foreign or
//! newer files, and all-or-nothing imports even when the process is killed.

mod common;

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
    assert_eq!(version, 9);
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
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for t in [
        "codes",
        "coders",
        "coding_rows",
        "codings",
        "documents",
        "memos",
        "participant_attributes",
        "participants",
        "segment_rows",
        "segments",
        "text_blocks",
        "text_edits",
    ] {
        assert!(tables.iter().any(|x| x == t), "missing table {t}");
    }
    // A coding pointing at no document is refused by the schema.
    let err = conn.execute(
        "INSERT INTO coding_rows (id, document_id, code_id, coder_id, start_block, start_off,
             end_block, end_off, created_at)
         VALUES ('x', 'no-doc', 'no-code', 1, 1, 0, 1, 1, 'now')",
        [],
    );
    assert!(err.is_err(), "foreign keys are enforced");
}

/// `--coder` (a session's coder) names who writes, and leaves the project's
/// current coder as it is; `gloss coder` (`set_coder`) changes that.
#[test]
fn reopening_keeps_identity_and_the_session_coder_is_not_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.gloss");
    let uuid = ops::project::init(&path, "amani")
        .expect("init")
        .uuid()
        .expect("uuid");
    let store = ops::project::open_plain(&path, Some("neema")).expect("open");
    assert_eq!(store.uuid().expect("uuid"), uuid);
    assert_eq!(store.current_coder().expect("coder"), "neema");
    assert_eq!(store.project_coder().expect("coder"), "amani");
    drop(store);
    let mut store = ops::project::open_plain(&path, None).expect("open");
    assert_eq!(store.current_coder().expect("coder"), "amani");
    assert_eq!(
        ops::project::set_coder(&mut store, "neema").expect("set"),
        "amani"
    );
    drop(store);
    let store = ops::project::open_plain(&path, None).expect("open");
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
        Store::open(&gloss::ops::project::plain(&other)),
        Err(StoreError::NotAProject { .. })
    ));

    let path = dir.path().join("p.gloss");
    drop(ops::project::init(&path, "amani").expect("init"));
    rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    match Store::open(&gloss::ops::project::plain(&path)) {
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
        let store =
            Store::open(&gloss::ops::project::plain(&path)).expect("the project still opens");
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
    let text = "P1: les frais scolaires\n";
    {
        // A project written by a build at schema version 1, with a coding.
        let (c, doc) = common::old_schema_project(&path, 1, text, "P1", (4, 23));
        c.execute_batch("INSERT INTO codes (id, name) VALUES ('fees', 'Fees');")
            .expect("code");
        c.execute(
            "INSERT INTO codings (id, document_id, code_id, coder_id, start, end, created_at)
             VALUES ('k1', ?1, 'fees', 1, 8, 23, '2026-01-01T00:00:00Z')",
            [&doc],
        )
        .expect("coding");
    }
    let store = Store::open(&gloss::ops::project::plain(&path)).expect("migrates");
    let v: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("q");
    assert_eq!(v, 9);
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN
             ('documents_listing', 'documents_position_by_id', 'segment_rows_by_participant',
              'coding_rows_identical')",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert_eq!(n, 4);
    // The text, the turn and the coding read as before.
    let doc = gloss::core::DocumentId("doc-1".into());
    let d = gloss::store::documents::get(store.conn(), &doc).expect("doc");
    assert_eq!(d.text, text);
    let turns = gloss::store::documents::segments(store.conn(), &doc).expect("turns");
    assert_eq!(turns[0].range, gloss::core::CharRange::new(4, 23));
    let codings = gloss::store::codings::list(store.conn(), &Default::default()).expect("codings");
    assert_eq!(codings[0].range, gloss::core::CharRange::new(8, 23));
}

/// Migration 5: identical codings stored by earlier builds are kept once,
/// with the memos of all of them; then the schema refuses a second one.
#[test]
fn migration_5_keeps_identical_codings_once_with_their_memos() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dup.gloss");
    {
        let text = "P1: Les frais scolaires coûtent cher.\n";
        let (c, doc) = common::old_schema_project(&path, 4, text, "P1", (4, 37));
        c.execute_batch(
            "INSERT INTO codes (id, name, position) VALUES ('fees', 'Fees', 0), ('other', 'Other', 1);",
        )
        .expect("codes");
        let (fees, other) = ("fees".to_string(), "other".to_string());
        for (id, code, memo, at) in [
            ("a", &fees, None, "2026-01-01T00:00:01Z"),
            ("b", &fees, Some("first memo"), "2026-01-01T00:00:02Z"),
            ("c", &fees, Some("second memo"), "2026-01-01T00:00:03Z"),
            ("d", &fees, Some("first memo"), "2026-01-01T00:00:04Z"),
            ("e", &other, None, "2026-01-01T00:00:05Z"),
        ] {
            c.execute(
                "INSERT INTO codings (id, document_id, code_id, coder_id, start, end, memo, created_at)
                 VALUES (?1, ?2, ?3, 1, 4, 9, ?4, ?5)",
                rusqlite::params![id, doc, code, memo, at],
            )
            .expect("insert");
        }
    }
    let store = Store::open(&gloss::ops::project::plain(&path)).expect("migrates");
    let rows: Vec<(String, Option<String>)> = store
        .conn()
        .prepare("SELECT id, memo FROM codings ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![
            (
                "a".to_string(),
                Some("first memo\n\nsecond memo".to_string())
            ),
            ("e".to_string(), None),
        ]
    );
    let again = store.conn().execute(
        "INSERT INTO coding_rows (id, document_id, code_id, coder_id, start_block, start_off,
             end_block, end_off, created_at)
         SELECT 'z', document_id, code_id, coder_id, start_block, start_off, end_block, end_off,
                created_at FROM coding_rows WHERE id = 'a'",
        [],
    );
    assert!(again.is_err(), "a second identical coding is refused");
}
