//! Issue 10 in the real update loop: quotes never start or end inside a
//! speaker label, the cursor stays inside what was just coded, a coding is
//! never stored twice, jumps land a third of the way down, a resize keeps
//! the cursor in view, and reassigning codings is one undoable step.

mod common;

use common::Ui;
use gloss::ops;
use std::path::{Path, PathBuf};

const TRANSCRIPT: &str = "[00:00:01] Interviewer: Thank you for coming. Tell me about the site.\n\
\n\
[00:00:09] P1 : Moi, depuis 2019 je lave les pierres. Les frais scolaires coûtent cher.\n\
\n\
[00:00:20] P2 : Nous aussi. Watoto wanafanya kazi.\n";

const CODEBOOK: &str =
    "codes:\n  - name: Labour\n    shortcut: \"1\"\n  - name: Schooling\n    shortcut: \"2\"\n";

fn project(dir: &Path, transcript: &str) -> PathBuf {
    common::project_with(dir, "t.gloss", &[("fg.txt", transcript)], Some(CODEBOOK))
}

fn selected(ui: &Ui) -> String {
    let t = ui.app.transcript.as_ref().expect("open");
    gloss::core::text::char_slice(&t.text(), t.selection().expect("a selection")).to_string()
}

#[test]
fn a_selection_from_the_label_codes_the_speech_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path(), TRANSCRIPT));
    // From the very top (the timestamp) three words on, then code it.
    ui.keys("gg");
    ui.keys("vwwwwwww1");
    let codings = ui.codings();
    assert_eq!(codings.len(), 1);
    assert!(
        codings[0].1.starts_with("Thank"),
        "starts in the speech: {:?}",
        codings[0].1
    );
    // `s` on a label selects the sentence without the label.
    ui.goto("P1 :");
    ui.keys("s");
    assert_eq!(selected(&ui), "Moi, depuis 2019 je lave les pierres.");
}

#[test]
fn after_coding_the_cursor_stays_in_the_coded_text_so_t_selects_that_turn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path(), TRANSCRIPT));
    ui.goto("Les frais");
    ui.keys("s2");
    assert_eq!(ui.codings()[0].1, "Les frais scolaires coûtent cher.");
    ui.keys("t");
    assert_eq!(
        selected(&ui),
        "Moi, depuis 2019 je lave les pierres. Les frais scolaires coûtent cher."
    );
}

#[test]
fn an_identical_coding_is_not_stored_twice_and_the_status_line_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path(), TRANSCRIPT));
    ui.goto("Nous aussi");
    ui.keys("s1");
    ui.goto("Nous aussi");
    ui.keys("s1");
    assert_eq!(ui.codings().len(), 1);
    assert!(
        ui.screen().contains("already coded"),
        "status line: {}",
        ui.screen()
    );
    // In-vivo twice: one code, one coding.
    ui.goto("Watoto");
    ui.keys("Wi");
    ui.goto("Watoto");
    ui.keys("Wi");
    let n = ui.codings().iter().filter(|c| c.0 == "Watoto").count();
    assert_eq!(n, 1);
    assert!(ui.screen().contains("already coded"));
}

fn long_transcript() -> String {
    let mut s = String::new();
    for i in 0..120 {
        let who = if i % 2 == 0 { "Interviewer" } else { "P1" };
        let word = if i == 90 { "kasulo" } else { "mine" };
        s.push_str(&format!(
            "[00:{:02}:{:02}] {who}: Turn {i} about the {word} and the stones.\n\n",
            i / 60,
            i % 60
        ));
    }
    s
}

/// The screen row (0-based) where `needle` is shown, if it is.
fn row_of(ui: &Ui, needle: &str) -> Option<usize> {
    ui.screen().lines().position(|l| l.contains(needle))
}

#[test]
fn a_search_jump_shows_its_target_a_third_down_and_a_resize_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path(), &long_transcript()));
    ui.keys("/kasulo");
    ui.keys("\n");
    let row = row_of(&ui, "Turn 90 about the kasulo").expect("the hit is on screen");
    let h = ui.term.backend().buffer().area.height as usize;
    assert!(
        row >= 4 && row <= h / 2,
        "the hit is about a third down (row {row} of {h}), with context below:\n{}",
        ui.screen()
    );
    // n/N and excerpts use the same placement; a resize keeps it in view.
    ui.resize(90, 14);
    assert!(
        row_of(&ui, "kasulo").is_some(),
        "still visible after a resize:\n{}",
        ui.screen()
    );
    ui.resize(140, 30);
    assert!(row_of(&ui, "kasulo").is_some());
}

#[test]
fn reassigning_codings_is_one_undoable_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path(), TRANSCRIPT);
    let mut ui = Ui::open(&path);
    ui.goto("Moi");
    ui.keys("s1");
    ui.goto("Nous");
    ui.keys("s2");
    ui.keys("\x1b");
    // The command: choose the coder to move from, then type the new one.
    ui.ctrl('g');
    ui.keys("\n");
    ui.keys("neema\n");
    let coders = |ui: &Ui| -> Vec<String> {
        let store = ui.app.store();
        ops::coding::list(store, &Default::default())
            .expect("list")
            .into_iter()
            .map(|c| c.coder)
            .collect()
    };
    assert_eq!(coders(&ui), ["neema", "neema"], "{}", ui.screen());
    ui.keys("u");
    assert_eq!(coders(&ui), ["amani", "amani"]);
    ui.ctrl('r');
    assert_eq!(coders(&ui), ["neema", "neema"]);
}
