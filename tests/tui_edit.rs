//! Issue 12 in the TUI, through the real update loop: edit mode (F2),
//! typing, split, speaker, join, the review queue, undo of everything and a
//! restart. Every coding keeps its words.

mod common;

use common::{coded_project, Ui};
use crossterm::event::KeyCode;
use gloss::ops;

const TEXT: &str =
    "P1: à Kasulu on paie les frais scolaires. Après la vente.\n\nSpeaker 2: Oui, les frais du minerval.\n";
const CODEBOOK: &str = "codes:\n  - name: Fees\n";

fn project(dir: &std::path::Path) -> std::path::PathBuf {
    coded_project(
        dir,
        &[("fg", TEXT)],
        CODEBOOK,
        &[
            ("fg", "Fees", "les frais scolaires", "lead"),
            ("fg", "Fees", "minerval", "lead"),
        ],
    )
}

fn stored_text(ui: &Ui) -> String {
    let store = ui.app.store();
    let id = ops::documents::resolve(store, "fg").expect("doc");
    ops::text::load(store, &id).expect("load").text
}

fn turn_count(ui: &Ui) -> usize {
    let store = ui.app.store();
    let id = ops::documents::resolve(store, "fg").expect("doc");
    ops::text::load(store, &id).expect("load").turns.len()
}

fn coded_words(ui: &Ui) -> Vec<String> {
    ui.codings().into_iter().map(|(_, text, _)| text).collect()
}

#[test]
fn correct_split_reassign_join_then_undo_everything_and_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    ui.goto("Kasulu");
    ui.key(KeyCode::F(2));
    assert!(ui.screen().contains(" EDIT "), "{}", ui.screen());
    for _ in 0..6 {
        ui.key(KeyCode::Delete);
    }
    ui.keys("Kasulo");
    assert!(
        ui.screen().contains(" EDIT • "),
        "uncommitted typing is shown"
    );
    assert!(stored_text(&ui).contains("Kasulu"), "not saved yet");
    // Leaving edit mode saves it; F2 edits again.
    ui.keys("\x1b");
    assert!(stored_text(&ui).contains("à Kasulo on paie"));
    ui.key(KeyCode::F(2));
    assert_eq!(coded_words(&ui), ["les frais scolaires", "minerval"]);

    // Enter splits the turn at the cursor, with a label like its own.
    ui.goto("Après");
    ui.key(KeyCode::Enter);
    assert_eq!(turn_count(&ui), 3);
    assert!(
        stored_text(&ui).contains("scolaires.\n\nP1: Après la vente."),
        "{:?}",
        stored_text(&ui)
    );
    // Ctrl-p gives the new turn to another speaker.
    ui.ctrl('p');
    ui.keys("Speaker 2\n");
    assert!(
        stored_text(&ui).contains("\n\nSpeaker 2: Après la vente."),
        "{:?}",
        stored_text(&ui)
    );
    assert!(ui.screen().contains("Speaker 2: Après"), "{}", ui.screen());
    // Backspace twice at the turn's start joins it back.
    ui.goto("Après");
    ui.key(KeyCode::Backspace);
    assert!(
        ui.screen().contains("Backspace again joins"),
        "{}",
        ui.screen()
    );
    ui.key(KeyCode::Backspace);
    assert_eq!(turn_count(&ui), 2);
    assert!(stored_text(&ui).contains("scolaires. Après la vente."));
    assert_eq!(coded_words(&ui), ["les frais scolaires", "minerval"]);
    ui.keys("\x1b");
    assert!(ui.screen().contains(" READING "), "{}", ui.screen());

    // u undoes join, speaker, split and the typing, one by one.
    for _ in 0..4 {
        ui.keys("u");
    }
    assert_eq!(stored_text(&ui), TEXT);
    assert_eq!(coded_words(&ui), ["les frais scolaires", "minerval"]);
    ui.keys("U");
    assert!(stored_text(&ui).contains("Kasulo"));
    drop(ui);

    let ui = Ui::open(&path);
    assert!(
        stored_text(&ui).contains("Kasulo"),
        "a restart keeps what was saved"
    );
    assert!(ui.screen().contains("Kasulo"), "{}", ui.screen());
    assert_eq!(coded_words(&ui), ["les frais scolaires", "minerval"]);
}

#[test]
fn deleted_coded_words_wait_in_the_review_queue_and_undo_brings_them_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    ui.goto(" du minerval");
    ui.key(KeyCode::F(2));
    for _ in 0.." du minerval".chars().count() {
        ui.key(KeyCode::Delete);
    }
    ui.keys("\x1b");
    assert_eq!(coded_words(&ui), ["les frais scolaires"]);
    ui.keys("V");
    assert!(ui.screen().contains("“minerval”"), "{}", ui.screen());
    ui.keys("\n");
    assert!(ui.screen().contains("delete it"), "{}", ui.screen());
    // Jump there: the cursor lands where the words were.
    ui.keys("\n");
    assert!(
        ui.screen().contains("it covered “minerval” here"),
        "{}",
        ui.screen()
    );
    // Delete it from the queue, then undo: it waits again.
    ui.keys("V\n");
    ui.key(KeyCode::Down);
    ui.keys("\n");
    assert!(ops::text::review(ui.app.store())
        .expect("review")
        .is_empty());
    ui.keys("u");
    assert_eq!(ops::text::review(ui.app.store()).expect("review").len(), 1);
    // Undoing the deletion of the words brings the coding back on them.
    ui.keys("u");
    assert_eq!(coded_words(&ui), ["les frais scolaires", "minerval"]);
    assert!(ops::text::review(ui.app.store())
        .expect("review")
        .is_empty());
}

#[test]
fn typing_is_saved_within_a_second_and_labels_cannot_be_typed_into() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    ui.goto("Oui");
    ui.key(KeyCode::F(2));
    ui.keys("Ah. ");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // The loop wakes (it asked to, when the typing is due) and saves it.
    ui.idle();
    assert!(
        stored_text(&ui).contains("Speaker 2: Ah. Oui"),
        "saved while still editing"
    );
    // At a turn's end, Delete does not eat into the next label.
    ui.goto("scolaires. Après la vente.");
    let end = TEXT.find("\n\nSpeaker").expect("end");
    let t = ui.app.transcript.as_mut().expect("open");
    let pos = gloss::core::text::char_offset(&t.text(), end);
    t.set_cursor(pos);
    ui.key(KeyCode::Delete);
    assert!(ui.screen().contains("end of the turn"), "{}", ui.screen());
    ui.keys("\x1b");
    assert!(stored_text(&ui).contains("vente.\n\nSpeaker 2: Ah. Oui"));
}
