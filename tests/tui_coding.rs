//! The read → select → code → memo → retrieve → undo loop, driven by keys
//! injected into the real update loop, against a real project file.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use gloss::core::text::char_slice;
use gloss::ops;
use gloss::tui::app::{Focus, LeftPane};
use gloss::tui::search::SearchState;
use gloss::tui::theme;
use std::path::{Path, PathBuf};

mod common;
use common::Ui;

const TRANSCRIPT: &str = "FOCUS GROUP (fictional)\n\
\n\
[00:00:05] Facilitator: What do the children do at the site? Who keeps the money?\n\
\n\
[00:00:12] P1: They wash the stones. The school fees come from that money.\n\
\n\
[00:00:31] P2: My daughter carries sacks. Elle paie le minerval.\n";

const CODEBOOK: &str = r##"
name: test
codes:
  - name: Child labour
    color: "#e67e22"
    children:
      - name: Forms of child labour
        color: "#d35400"
        shortcut: "1"
      - name: Use of children's income
        color: "#f39c12"
        shortcut: "2"
  - name: Schooling
    color: "#2980b9"
    children:
      - name: School fees
        color: "#3498db"
        shortcut: "3"
"##;

fn project(dir: &Path) -> PathBuf {
    let path = dir.join("c.gloss");
    let mut store = ops::project::init(&path, "amani").expect("init");
    let f = dir.join("fg.txt");
    std::fs::write(&f, TRANSCRIPT).expect("write");
    ops::import::import_files(&mut store, &[f], &Default::default(), &mut |_, _, _| {})
        .expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes())
        .expect("codebook");
    path
}

#[test]
fn select_a_sentence_and_code_it_from_the_picker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.goto("They wash");
    ui.keys("s"); // select the sentence
    assert_eq!(
        char_slice(
            &ui.app.transcript.as_ref().expect("open").text(),
            ui.app
                .transcript
                .as_ref()
                .expect("open")
                .selection()
                .expect("selection")
        ),
        "They wash the stones."
    );
    ui.keys("cforms\n");
    assert_eq!(
        ui.codings(),
        vec![(
            "Child labour/Forms of child labour".to_string(),
            "They wash the stones.".to_string(),
            String::new()
        )]
    );
    // The coded text is drawn on the code's colour (darkened), with a
    // margin bar in the code's colour.
    let buf = ui.term.backend().buffer().clone();
    let screen = ui.screen();
    let row = screen
        .lines()
        .position(|l| l.contains("They wash"))
        .expect("on screen");
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, row as u16)].symbol() == "T" && buf[(x + 1, row as u16)].symbol() == "h")
        .expect("text cell");
    let code_color = theme::parse_hex("#d35400").expect("hex");
    assert_eq!(buf[(x, row as u16)].bg, theme::coding_bg(code_color));
    assert!((0..x)
        .any(|bx| buf[(bx, row as u16)].symbol() == "┃" && buf[(bx, row as u16)].fg == code_color));
    assert!(
        screen.contains("coded 21 chars as Forms of child labour"),
        "{screen}"
    );
    insta::assert_snapshot!("coded_passage_140x30", screen);

    // The command line gives the same coding back.
    let out = common::Env::new()
        .cmd(&[
            "codings",
            "list",
            ui.app.store().path().to_str().expect("utf-8"),
            "--json",
        ])
        .output()
        .expect("run gloss");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(list[0]["text"], "They wash the stones.");
    assert_eq!(list[0]["code"], "Child labour/Forms of child labour");
    assert_eq!(list[0]["coder"], "amani");
}

#[test]
fn shortcuts_overlaps_remove_undo_redo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    ui.goto("They wash");
    ui.keys("t2"); // the whole turn: Use of children's income
    ui.goto("school fees");
    ui.keys("vee3"); // "school fees" by extending two word ends: School fees
    let got = ui.codings();
    assert_eq!(got.len(), 2);
    assert!(got.iter().any(|c| c.0.ends_with("Use of children's income")
        && c.1 == "They wash the stones. The school fees come from that money."));
    assert!(got
        .iter()
        .any(|c| c.0 == "Schooling/School fees" && c.1 == "school fees"));
    // The cursor is inside both: x asks which one.
    ui.goto("fees come");
    ui.keys("x");
    assert!(
        ui.screen().contains("Remove which coding?"),
        "{}",
        ui.screen()
    );
    ui.events(vec![Event::Key(KeyEvent::new(
        KeyCode::Down,
        KeyModifiers::NONE,
    ))]);
    assert!(
        ui.app.dialog.is_some(),
        "the chooser stays open while moving"
    );
    ui.keys("\n");
    let left = ui.codings();
    assert_eq!(left.len(), 1);
    ui.keys("u");
    assert_eq!(ui.codings().len(), 2, "undo puts the coding back");
    ui.ctrl('r');
    assert_eq!(ui.codings().len(), 1, "redo removes it again");
    ui.keys("u");
    // Nothing is lost across a restart.
    drop(ui);
    let ui = Ui::open(&path);
    assert_eq!(ui.codings().len(), 2);
}

#[test]
fn memos_recode_and_in_vivo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    ui.goto("My daughter");
    ui.keys("s1");
    ui.goto("daughter");
    ui.keys("m");
    ui.keys("carrying sacks");
    ui.events(vec![Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))]);
    ui.keys("age 12?");
    ui.ctrl('s');
    assert_eq!(ui.codings()[0].2, "carrying sacks\nage 12?");
    // Recode through the picker.
    ui.keys("rfees\n");
    assert_eq!(ui.codings()[0].0, "Schooling/School fees");
    // In vivo: a new top-level code named by the words.
    ui.goto("minerval");
    ui.keys("Wi");
    let names: Vec<String> = ops::codebook::list(ui.app.store())
        .expect("codes")
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(names.contains(&"minerval".to_string()), "{names:?}");
    assert!(ui
        .codings()
        .iter()
        .any(|c| c.0 == "minerval" && c.1 == "minerval"));
    // A document memo.
    ui.keys("M");
    ui.keys("Second session planned.");
    ui.ctrl('s');
    let doc = ui
        .app
        .transcript
        .as_ref()
        .expect("open")
        .doc
        .document
        .id
        .clone();
    assert_eq!(
        ops::coding::document_memo(ui.app.store(), &doc)
            .expect("memo")
            .as_deref(),
        Some("Second session planned.")
    );
    ui.keys("u");
    assert_eq!(
        ops::coding::document_memo(ui.app.store(), &doc).expect("memo"),
        None
    );
}

#[test]
fn codebook_pane_edits_are_undoable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.goto("They wash");
    ui.keys("t1");
    ui.keys("C");
    assert_eq!(ui.app.left, LeftPane::Codebook);
    assert_eq!(ui.app.focus, Focus::Codebook);
    assert!(ui.screen().contains("Forms of child labour"));
    // Add a sub-code under "Child labour" (the first code).
    ui.keys("gANight walks\n");
    let codes = ops::codebook::list(ui.app.store()).expect("codes");
    let night = codes
        .iter()
        .find(|c| c.name == "Night walks")
        .expect("added");
    let parent = codes
        .iter()
        .find(|c| c.name == "Child labour")
        .expect("parent");
    assert_eq!(night.parent.as_ref(), Some(&parent.id));
    // Rename it.
    ui.keys("n");
    ui.events(vec![Event::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    ))]);
    ui.keys("Walking at night\n");
    assert!(ops::codebook::list(ui.app.store())
        .expect("codes")
        .iter()
        .any(|c| c.name == "Walking at night"));
    // Delete "Child labour" with its sub-codes and its coding, then undo.
    ui.keys("g");
    ui.keys("d");
    let screen = ui.screen();
    assert!(
        screen.contains("Delete code \"Child labour\", its 3 sub-codes and 1 coding"),
        "{screen}"
    );
    ui.keys("y");
    assert!(ui.codings().is_empty());
    assert!(!ops::codebook::list(ui.app.store())
        .expect("codes")
        .iter()
        .any(|c| c.name == "Child labour"));
    ui.keys("u");
    assert_eq!(ui.codings().len(), 1, "the coding is back");
    let codes = ops::codebook::list(ui.app.store()).expect("codes");
    assert!(codes.iter().any(|c| c.name == "Walking at night"));
    assert_eq!(codes.len(), 6);
}

#[test]
fn merge_and_retrieve_then_jump() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.goto("They wash");
    ui.keys("s1");
    ui.goto("My daughter");
    ui.keys("s2");
    // Merge "Use of children's income" into "Forms of child labour".
    ui.keys("C");
    let idx = ui
        .app
        .codebook
        .codes()
        .iter()
        .position(|c| c.name == "Use of children's income")
        .expect("code");
    ui.app.codebook.selected = idx;
    ui.keys("+forms\n");
    let got = ui.codings();
    assert!(
        got.iter()
            .all(|c| c.0 == "Child labour/Forms of child labour"),
        "{got:?}"
    );
    assert!(!ops::codebook::list(ui.app.store())
        .expect("codes")
        .iter()
        .any(|c| c.name == "Use of children's income"));
    // Retrieve "Child labour" with its sub-codes: both excerpts.
    ui.keys("g\n");
    assert_eq!(ui.app.focus, Focus::Retrieve);
    let r = ui.app.retrieve.as_ref().expect("retrieve");
    assert_eq!(r.excerpts.len(), 2);
    assert!(ui.screen().contains("My daughter carries sacks."));
    // Without sub-codes: none are coded on the parent itself.
    ui.keys("s");
    assert_eq!(
        ui.app.retrieve.as_ref().expect("retrieve").excerpts.len(),
        0
    );
    ui.keys("s");
    ui.keys("j\n");
    assert_eq!(ui.app.focus, Focus::Transcript);
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(
        char_slice(&t.text(), t.selection().expect("jumped selection")),
        "My daughter carries sacks."
    );
}

#[test]
fn mouse_drag_selects_whole_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let screen = ui.screen();
    let row = screen
        .lines()
        .position(|l| l.contains("They wash"))
        .expect("row") as u16;
    let buf = ui.term.backend().buffer().clone();
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, row)].symbol() == "T" && buf[(x + 1, row)].symbol() == "h")
        .expect("cell");
    let mouse = |kind, column| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    ui.events(vec![
        mouse(MouseEventKind::Down(MouseButton::Left), x),
        mouse(MouseEventKind::Drag(MouseButton::Left), x + 9),
    ]);
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(
        char_slice(&t.text(), t.selection().expect("selection")),
        "They wash"
    );
}

#[test]
fn search_jump_and_code_the_hits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    let mut ui = Ui::open(&path);
    ui.app.index_dir = Some(dir.path().join("index"));
    ui.keys("/");
    assert!(ui.app.screens.on_top::<SearchState>());
    ui.keys("money");
    ui.app
        .screens
        .get_mut::<SearchState>()
        .expect("search")
        .wait_idle(std::time::Duration::from_secs(20));
    ui.events(vec![Event::Resize(140, 30)]);
    let screen = ui.screen();
    assert!(screen.contains("Search · 2 turns"), "{screen}");
    // The matched word is highlighted in the results.
    let buf = ui.term.backend().buffer().clone();
    let row = screen
        .lines()
        .position(|l| l.contains("keeps the money"))
        .expect("snippet") as u16;
    let x = (0..buf.area.width)
        .find(|&x| {
            buf[(x, row)].symbol() == "m"
                && buf[(x + 1, row)].symbol() == "o"
                && buf[(x + 2, row)].symbol() == "n"
        })
        .expect("match on screen");
    assert_eq!(buf[(x, row)].bg, theme::search_match().bg.expect("bg"));
    // Enter jumps to the hit with the word selected.
    ui.keys("\n");
    assert_eq!(ui.app.focus, Focus::Transcript);
    let t = ui.app.transcript.as_ref().expect("open");
    let first = char_slice(&t.text(), t.selection().expect("selected")).to_string();
    assert_eq!(first, "money");
    ui.keys("n");
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(
        char_slice(&t.text(), t.selection().expect("selected")),
        "money"
    );
    assert_ne!(t.selection(), None);
    // Back to the results: mark all, code the whole turns.
    ui.keys("/");
    ui.events(vec![
        Event::Key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL)),
        Event::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL)),
    ]);
    ui.keys("income\n");
    assert!(ui.screen().contains("Code each hit as"));
    ui.events(vec![
        Event::Key(KeyEvent::new(
            KeyCode::Up,
            KeyModifiers::NONE
        ));
        3
    ]);
    ui.events(vec![
        Event::Key(KeyEvent::new(
            KeyCode::Down,
            KeyModifiers::NONE
        ));
        3
    ]);
    ui.keys("\n");
    let got = ui.codings();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got
        .iter()
        .all(|c| c.0 == "Child labour/Use of children's income"));
    assert!(got
        .iter()
        .any(|c| c.1 == "What do the children do at the site? Who keeps the money?"));
    assert!(got
        .iter()
        .any(|c| c.1 == "They wash the stones. The school fees come from that money."));
}
