//! Issue 12 scope item 6 below the TUI: deleting a document is a change
//! whose undo puts back every row with the same ids (codings with their
//! coders, memos and orphan state, turns, participants and attributes, the
//! edit log, review items), so `gloss check` passes and codings and
//! exports are identical; the search index follows both ways without a
//! rebuild. Attributes and document names change by undoable changes too.

mod common;

use common::coded_project;
use gloss::core::history::Change;
use gloss::core::CharRange;
use gloss::formats::export::ExportFormat;
use gloss::ops;
use gloss::ops::edit::Editor;
use gloss::ops::Store;

const FG: &str = "P1: à Kasulu on paie les frais scolaires. Après la vente.\n\nSpeaker 2: Oui, les frais du minerval.\n";
const OTHER: &str = "P1: Le marché de Kolwezi.\n\nP2: Les prix montent.\n";
const CODEBOOK: &str = "codes:\n  - name: Fees\n  - name: Market\n";

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    coded_project(
        dir,
        &[("fg", FG), ("other", OTHER)],
        CODEBOOK,
        &[
            ("fg", "Fees", "les frais scolaires", "lead"),
            ("fg", "Fees", "minerval", "amani"),
            ("fg", "Market", "la vente", "lead"),
            ("other", "Market", "marché", "lead"),
        ],
    )
}

fn coding_rows(store: &Store) -> Vec<String> {
    let list = ops::coding::list(store, &Default::default()).expect("list");
    ops::coding::views(store, &list)
        .expect("views")
        .into_iter()
        .map(|v| format!("{v:?}"))
        .collect()
}

fn export(store: &Store, dir: &std::path::Path, name: &str) -> String {
    let out = dir.join(name);
    let req = ops::export::ExportRequest::new(ExportFormat::Json, out.clone());
    ops::export::export(store, &req, &mut |_| {}).expect("export");
    // All but the moment it was written.
    std::fs::read_to_string(out)
        .expect("read export")
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"generated\""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn hits(store: &Store, q: &str) -> usize {
    let mut rebuilt = false;
    let ix = ops::search::ensure_index(store, &mut |_, _| rebuilt = true).expect("index");
    assert!(!rebuilt, "the index follows, it is not rebuilt");
    ops::search::search(store, &ix, q, &Default::default())
        .expect("search")
        .total
}

#[test]
fn delete_then_undo_gives_back_the_same_project() {
    common::hermetic_process();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut store = ops::project::open_plain(&path, None).expect("open");
    let mut editor = Editor::default();
    ops::search::ensure_index(&store, &mut |_, _| {}).expect("first build");
    let id = ops::documents::resolve(&store, "fg").expect("doc");
    // A revision in the log, an orphaned coding, memos and an attribute.
    let dt = ops::text::load(&store, &id).expect("load");
    let at = FG.find("Kasulu").expect("word");
    let at = gloss::core::text::char_offset(FG, at);
    let edit = ops::text::plan_replace(&store, &dt, at, at + 6, "Kasulo").expect("plan");
    editor
        .perform(&mut store, Change::EditText(Box::new(edit)))
        .expect("edit");
    let dt = ops::text::load(&store, &id).expect("load");
    let v = dt.text.find("la vente").expect("coded words");
    let v = gloss::core::text::char_offset(&dt.text, v);
    let gone = ops::text::plan_replace(&store, &dt, v, v + 8, "").expect("plan");
    assert_eq!(gone.orphaned().len(), 1);
    editor
        .perform(&mut store, Change::EditText(Box::new(gone)))
        .expect("orphan");
    let first = ops::coding::of_document(&store, &id).expect("codings")[0].clone();
    editor
        .perform(
            &mut store,
            Change::SetCodingMemo {
                coding: first.id.clone(),
                before: None,
                after: Some("fees paid after the harvest".into()),
            },
        )
        .expect("memo");
    editor
        .perform(
            &mut store,
            Change::SetDocumentMemo {
                document: id.clone(),
                before: None,
                after: Some("second listen done".into()),
            },
        )
        .expect("doc memo");
    let who = gloss::store::participants::find(store.conn(), &id, "Speaker 2")
        .expect("find")
        .expect("speaker");
    let set =
        ops::participants::set_attribute_change(&store, who, "role", Some("nurse")).expect("plan");
    editor.perform(&mut store, set).expect("attribute");

    let before_rows = gloss::store::deleted::snapshot(store.conn(), &id)
        .expect("snapshot")
        .expect("exists");
    let before_codings = coding_rows(&store);
    let before_export = export(&store, dir.path(), "before.json");
    let before_review = ops::text::review(&store).expect("review").len();
    assert_eq!(hits(&store, "Kasulo"), 1);

    let change = ops::text::delete_document_change(&store, &id).expect("plan delete");
    let Change::DeleteDocument(d) = &change else {
        panic!("{change:?}")
    };
    assert_eq!((d.turns, d.codings, d.memos), (2, 3, 1));
    editor.perform(&mut store, change).expect("delete");
    assert!(ops::documents::resolve(&store, "fg").is_err());
    assert_eq!(hits(&store, "Kasulo"), 0, "its turns left the index");
    assert_eq!(hits(&store, "Kolwezi"), 1, "the other document stays");
    assert!(ops::project::check(&ops::project::plain(&path))
        .expect("check")
        .problems
        .is_empty());
    assert_eq!(ops::text::review(&store).expect("review").len(), 0);

    assert_eq!(
        editor.undo(&mut store).expect("undo"),
        Some("delete document fg".into())
    );
    let after_rows = gloss::store::deleted::snapshot(store.conn(), &id)
        .expect("snapshot")
        .expect("back");
    assert_eq!(after_rows, before_rows, "every row as it was, same ids");
    assert_eq!(coding_rows(&store), before_codings);
    assert_eq!(export(&store, dir.path(), "after.json"), before_export);
    assert_eq!(
        ops::text::review(&store).expect("review").len(),
        before_review
    );
    assert_eq!(hits(&store, "Kasulo"), 1, "searchable again");
    let report = ops::project::check(&ops::project::plain(&path)).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // Undo goes on through the document's own history, then redo deletes
    // it again.
    assert!(editor.undo(&mut store).expect("undo attribute").is_some());
    assert_eq!(
        gloss::store::participants::attribute(store.conn(), who, "role").expect("read"),
        None
    );
    editor.redo(&mut store).expect("redo attribute");
    editor.redo(&mut store).expect("redo delete");
    assert!(ops::documents::resolve(&store, "fg").is_err());
    assert!(ops::project::check(&ops::project::plain(&path))
        .expect("check")
        .problems
        .is_empty());
}

#[test]
fn restore_keeps_rows_made_since_or_refuses_whole_and_renames_undo() {
    common::hermetic_process();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut store = ops::project::open_plain(&path, None).expect("open");
    let mut editor = Editor::default();
    let fg = ops::documents::resolve(&store, "fg").expect("doc");
    // "other" was imported last: its rows hold the highest ids, which
    // SQLite hands out again once they are free.
    let other = ops::documents::resolve(&store, "other").expect("doc");
    let before = gloss::store::deleted::snapshot(store.conn(), &other)
        .expect("snapshot")
        .expect("exists");
    let del = ops::text::delete_document_change(&store, &other).expect("plan");
    editor.perform(&mut store, del).expect("delete");
    // Made after the deletion, outside this history (another connection):
    // a coding, which takes the deleted coding's row id.
    let mut cli = ops::project::open_plain(&path, None).expect("second connection");
    let text = ops::text::load(&cli, &fg).expect("load").text;
    let at = gloss::core::text::char_offset(&text, text.find("Oui").expect("word"));
    ops::coding::add(
        &mut cli,
        "fg",
        "Market",
        CharRange::new(at, at + 3),
        Some("amani"),
        None,
    )
    .expect("coding");
    editor.undo(&mut store).expect("undo delete");
    let after = gloss::store::deleted::snapshot(store.conn(), &other)
        .expect("snapshot")
        .expect("back");
    assert_eq!(after.tables[0], before.tables[0], "the document row");
    assert_eq!(
        ops::coding::of_document(&store, &other).expect("c").len(),
        1
    );
    assert_eq!(ops::coding::of_document(&store, &fg).expect("c").len(), 4);
    let report = ops::project::check(&ops::project::plain(&path)).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // A turn made since takes the deleted turn's id: undo refuses, whole.
    editor.redo(&mut store).expect("redo delete");
    let dt = ops::text::load(&cli, &fg).expect("load");
    let split = ops::text::plan_split(&cli, &dt, at + 5).expect("split");
    ops::edit::apply(&mut cli, &Change::EditText(Box::new(split))).expect("split");
    let err = editor.undo(&mut store).expect_err("the ids are taken");
    assert!(err.to_string().contains("undo those first"), "{err}");
    assert!(
        ops::documents::resolve(&store, "other").is_err(),
        "nothing half back"
    );
    let report = ops::project::check(&ops::project::plain(&path)).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(editor.can_undo(), "the deletion stays undoable");

    let rename = ops::text::rename_document_change(&store, &fg, "fg corrected").expect("plan");
    editor.perform(&mut store, rename).expect("rename");
    assert!(ops::documents::resolve(&store, "fg corrected").is_ok());
    assert!(ops::text::rename_document_change(&store, &fg, "lead").is_ok());
    editor.undo(&mut store).expect("undo rename");
    assert_eq!(
        gloss::store::documents::get_name(store.conn(), &fg).expect("name"),
        "fg"
    );
}
