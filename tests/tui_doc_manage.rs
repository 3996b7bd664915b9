//! Issue 12 scope item 6 in the TUI, through the real update loop on a real
//! project: the participant list (`P`) with attributes and turn counts,
//! renaming "Speaker 2" to "Nurse" (labels rewritten, codings keep their
//! words), setting and removing an attribute, undo of all of it; renaming
//! and deleting a document from the list, and undo bringing it back whole.

mod common;

use common::{coded_project, Ui};
use crossterm::event::KeyCode;
use gloss::ops;
use ratatui::style::Modifier;

const TEXT: &str =
    "P1: à Kasulu on paie les frais scolaires. Après la vente.\n\nSpeaker 2: Oui, les frais du minerval.\n";
const OTHER: &str = "P1: Le marché de Kolwezi.\n";
const CODEBOOK: &str = "codes:\n  - name: Fees\n";

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    coded_project(
        dir,
        &[("fg", TEXT), ("other", OTHER)],
        CODEBOOK,
        &[
            ("fg", "Fees", "les frais scolaires", "lead"),
            ("fg", "Fees", "Oui, les frais du minerval", "lead"),
        ],
    )
}

fn stored_text(ui: &Ui, doc: &str) -> String {
    let store = ui.app.store();
    let id = ops::documents::resolve(store, doc).expect("doc");
    ops::text::load(store, &id).expect("load").text
}

fn coded_words(ui: &Ui) -> Vec<String> {
    ui.codings().into_iter().map(|(_, text, _)| text).collect()
}

/// The participant list's row of `name`.
fn row_of(ui: &Ui, name: &str) -> String {
    ui.line_with(&format!("│{name} "))
}

fn attribute(ui: &Ui, speaker: &str, key: &str) -> Option<String> {
    let store = ui.app.store();
    let id = ops::documents::resolve(store, "fg").expect("doc");
    ops::participants::list(store, Some(&id))
        .expect("participants")
        .into_iter()
        .find(|p| p.name == speaker)
        .and_then(|p| p.attributes.get(key).cloned())
}

#[test]
fn participant_list_rename_speaker_and_attributes_then_undo_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    {
        // A value from a file with an escape sequence in it.
        let mut store = ops::project::open_plain(&path, None).expect("open");
        ops::participants::set(&mut store, "fg", "P1", &["note=\x1b[31mred".into()]).expect("set");
    }
    let mut ui = Ui::open(&path);
    ui.keys("P");
    assert!(!ui.screen().contains('\x1b'), "never raw: {}", ui.screen());
    assert!(ui.screen().contains("[31mred"), "{}", ui.screen());
    let screen = ui.screen();
    assert!(
        screen.contains("Participants · fg · 2 speakers"),
        "{screen}"
    );
    assert!(screen.contains(" PARTICIPANTS "), "{screen}");
    assert!(
        row_of(&ui, "Speaker 2").contains(" 1 "),
        "turn count: {screen}"
    );

    // n renames the highlighted speaker: every label of theirs, as one
    // edit the codings follow.
    ui.keys("j");
    ui.keys("n");
    assert!(ui.screen().contains("Rename Speaker 2"), "{}", ui.screen());
    ui.ctrl('u');
    ui.keys("Nurse\n");
    assert_eq!(stored_text(&ui, "fg"), TEXT.replace("Speaker 2:", "Nurse:"));
    assert_eq!(
        coded_words(&ui),
        ["les frais scolaires", "Oui, les frais du minerval"],
        "the coding on the turn still covers the same words"
    );
    assert!(
        ui.screen().contains("renamed Speaker 2 to Nurse"),
        "{}",
        ui.screen()
    );
    assert!(row_of(&ui, "Nurse").contains(" 1 "), "{}", ui.screen());

    // a sets key=value; the others show (none) in that column.
    ui.keys("a");
    ui.ctrl('u');
    ui.keys("role=nurse\n");
    assert_eq!(attribute(&ui, "Nurse", "role").as_deref(), Some("nurse"));
    ui.keys("k");
    ui.keys("a");
    ui.ctrl('u');
    ui.keys("site=Kolwezi\n");
    ui.keys("j");
    let screen = ui.screen();
    assert!(row_of(&ui, "P1").contains("(none)"), "{screen}");
    assert!(row_of(&ui, "Nurse").contains("(none)"), "{screen}");
    insta::assert_snapshot!("participants_140x30", screen);
    // The highlighted cell (Nurse's role) is marked, and (none) is dim.
    ui.keys("h");
    let style = ui.style_of("nurse");
    assert!(
        style
            .add_modifier
            .contains(Modifier::REVERSED | Modifier::UNDERLINED),
        "{style:?}"
    );
    assert_eq!(style.bg, gloss::tui::theme::selected_row().bg, "in the row");
    assert_eq!(
        ui.style_of("(none)").fg,
        gloss::tui::theme::dim().fg,
        "{}",
        ui.screen()
    );

    // x removes the highlighted value.
    ui.keys("x");
    assert_eq!(attribute(&ui, "Nurse", "role"), None);

    // The transcript behind shows the new label.
    ui.keys("\x1b");
    assert!(ui.screen().contains("Nurse: Oui"), "{}", ui.screen());
    assert!(!ui.screen().contains("PARTICIPANTS"), "{}", ui.screen());

    // u undoes each: removal, site, role, rename.
    ui.keys("P");
    for _ in 0..4 {
        ui.keys("u");
    }
    assert_eq!(stored_text(&ui, "fg"), TEXT);
    assert_eq!(attribute(&ui, "Speaker 2", "role"), None);
    assert_eq!(attribute(&ui, "P1", "site"), None);
    assert_eq!(
        attribute(&ui, "P1", "note").as_deref(),
        Some("\x1b[31mred"),
        "set before the session: kept"
    );
    assert_eq!(
        coded_words(&ui),
        ["les frais scolaires", "Oui, les frais du minerval"]
    );
    assert!(ui.screen().contains("Speaker 2"), "{}", ui.screen());
    ui.keys("\x1b");
    assert!(ui.screen().contains("Speaker 2: Oui"), "{}", ui.screen());
}

#[test]
fn rename_and_delete_a_document_from_the_list_then_undo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    let before = ui.codings();
    ui.keys("\t");
    assert!(ui.screen().contains(" DOCUMENTS "), "{}", ui.screen());

    // n renames the highlighted document.
    ui.keys("n");
    ui.ctrl('u');
    ui.keys("fg corrected\n");
    assert!(ops::documents::resolve(ui.app.store(), "fg corrected").is_ok());
    assert!(ui.screen().contains("fg corrected"), "{}", ui.screen());
    // Another document's name is refused; the input stays open.
    ui.keys("n");
    ui.ctrl('u');
    ui.keys("other\n");
    assert!(ui.screen().contains("already exists"), "{}", ui.screen());
    ui.keys("\x1b");

    // d asks, with what goes with it.
    ui.keys("d");
    let screen = ui.screen();
    assert!(
        screen.contains("Delete fg corrected with its 2 turns, 2 codings and 0 memos?"),
        "{screen}"
    );
    ui.keys("y");
    assert!(ops::documents::resolve(ui.app.store(), "fg corrected").is_err());
    assert_eq!(ui.app.docs.len(), 1);
    assert!(ui.app.transcript.is_none(), "the open document closed");
    let screen = ui.screen();
    assert!(screen.contains("deleted fg corrected"), "{screen}");
    assert!(screen.contains("1 document"), "{screen}");
    let report = ops::project::check(&ops::project::plain(&path)).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    // u brings it back whole, then undoes the rename.
    ui.keys("u");
    assert_eq!(ui.app.docs.len(), 2);
    assert_eq!(ui.codings(), before);
    assert_eq!(stored_text(&ui, "fg corrected"), TEXT);
    assert!(ui.screen().contains("fg corrected"), "{}", ui.screen());
    ui.keys("u");
    assert!(ops::documents::resolve(ui.app.store(), "fg").is_ok());
    ui.key(KeyCode::Enter);
    assert!(ui.screen().contains("Speaker 2: Oui"), "{}", ui.screen());
    let report = ops::project::check(&ops::project::plain(&path)).expect("check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
