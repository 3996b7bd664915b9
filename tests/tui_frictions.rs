//! The small frictions of the TUI (issue 10, item 13), each through the real
//! update loop on a real project file: undo from every pane, the memo
//! editor, shortcut keys in the picker, clicks in the document list, `Esc`,
//! changes made from the command line, code colours, help, plurals.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use gloss::ops;
use gloss::tui::app::Focus;
use gloss::tui::search::SearchState;
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

const ONE_TURN: &str = "P1: Only one person speaks here, once.\n";

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

/// A project with the given transcripts (name, text) and the codebook.
fn project_with(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    common::project_with(dir, "c.gloss", files, Some(CODEBOOK))
}

fn project(dir: &Path) -> PathBuf {
    project_with(dir, &[("fg.txt", TRANSCRIPT)])
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

#[test]
fn counts_of_one_are_singular() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project_with(dir.path(), &[("one.txt", ONE_TURN)]));
    let screen = ui.screen();
    assert!(screen.contains("c.gloss · 1 document "), "{screen}");
    assert!(screen.contains("1 speaker · 1 turn "), "{screen}");
    ui.goto("Only");
    ui.keys("W");
    assert!(ui.screen().contains("selection 4 chars"), "{}", ui.screen());
    ui.keys("1");
    assert!(ui.screen().contains("coded 4 chars as"), "{}", ui.screen());
    ui.goto("Only");
    ui.keys("R");
    let screen = ui.screen();
    assert!(
        screen.contains("Forms of child labour · 1 excerpt "),
        "{screen}"
    );
    ui.keys("\x1bC");
    let screen = ui.screen();
    assert!(screen.contains("Codebook · 5 codes"), "{screen}");
    ui.keys("/only");
    ui.app
        .screens
        .get_mut::<SearchState>()
        .expect("search")
        .wait_idle(std::time::Duration::from_secs(20));
    ui.events(vec![]);
    let screen = ui.screen();
    assert!(screen.contains("Search · 1 turn "), "{screen}");
}

#[test]
fn esc_with_nothing_to_cancel_keeps_focus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    assert_eq!(ui.app.focus, Focus::Transcript);
    ui.goto("They wash");
    ui.keys("s\x1b");
    let t = ui.app.transcript.as_ref().expect("open");
    assert!(
        t.selection().is_none(),
        "the first Esc clears the selection"
    );
    assert_eq!(ui.app.focus, Focus::Transcript);
    ui.keys("\x1b");
    assert_eq!(
        ui.app.focus,
        Focus::Transcript,
        "nothing to cancel: focus stays"
    );
    assert!(ui.screen().contains("nothing to cancel"), "{}", ui.screen());
    // Tab is the key that switches pane.
    ui.keys("\t");
    assert_eq!(ui.app.focus, Focus::List);
    ui.keys("\x1b");
    assert_eq!(ui.app.focus, Focus::List);
}

/// Opens the search pane on `query` and waits for its results.
fn search(ui: &mut Ui, dir: &Path, query: &str) {
    ui.app.index_dir = Some(dir.join("index"));
    ui.keys("/");
    ui.keys(query);
    ui.app
        .screens
        .get_mut::<SearchState>()
        .expect("search")
        .wait_idle(std::time::Duration::from_secs(20));
    ui.events(vec![]);
}

#[test]
fn undo_and_redo_work_in_the_search_pane_and_the_hint_names_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    search(&mut ui, dir.path(), "money");
    ui.events(vec![ctrl('a'), ctrl('k')]);
    ui.keys("income\n\n"); // the code, then "the matched words"
    assert_eq!(ui.codings().len(), 2);
    assert!(ui.app.screens.on_top::<SearchState>());
    let screen = ui.screen();
    // The hints name the key that works here, not `u` (which types).
    assert!(screen.contains("(Ctrl-z to undo)"), "{screen}");
    assert!(screen.contains("Ctrl-z undo "), "{screen}");
    assert!(!screen.contains(" u undo "), "{screen}");
    ui.events(vec![ctrl('z')]);
    assert_eq!(ui.codings().len(), 0, "Ctrl-z undoes from the search pane");
    assert_eq!(
        ui.app
            .screens
            .get::<SearchState>()
            .expect("search")
            .input
            .text(),
        "money"
    );
    ui.events(vec![ctrl('r')]);
    assert_eq!(ui.codings().len(), 2, "Ctrl-r redoes from the search pane");
    // `u` is text there.
    ui.keys("u");
    assert_eq!(
        ui.app
            .screens
            .get::<SearchState>()
            .expect("search")
            .input
            .text(),
        "moneyu"
    );
    assert_eq!(ui.codings().len(), 2);
    // Elsewhere the hint is `u`, and Ctrl-z works too.
    ui.keys("\x1b");
    assert_eq!(ui.app.focus, Focus::Transcript);
    assert!(ui.screen().contains(" u undo "), "{}", ui.screen());
    ui.events(vec![ctrl('z')]);
    assert_eq!(ui.codings().len(), 0);
}

#[test]
fn the_code_picker_takes_a_codes_shortcut_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.goto("They wash");
    ui.keys("sc");
    assert!(
        ui.screen().contains("a code's [key] picks it"),
        "{}",
        ui.screen()
    );
    ui.keys("3");
    assert!(ui.app.dialog.is_none(), "the shortcut picks at once");
    assert_eq!(
        ui.codings(),
        vec![(
            "Schooling/School fees".to_string(),
            "They wash the stones.".to_string(),
            String::new()
        )]
    );
    // Once a filter is typed, digits filter like any character.
    ui.goto("My daughter");
    ui.keys("scsch3");
    assert!(ui.app.dialog.is_some(), "typed into the filter");
    ui.keys("\x1b");
    // A letter shortcut also filters; the code it names comes first.
    ui.keys("\tC");
    ui.keys("gjjjs");
    ui.events(vec![ctrl('u')]);
    ui.keys("z\n\t");
    assert_eq!(ui.app.focus, Focus::Transcript);
    ui.goto("My daughter");
    ui.keys("scz\n");
    let got = ui.codings();
    assert!(
        got.contains(&(
            "Schooling".to_string(),
            "My daughter carries sacks.".to_string(),
            String::new()
        )),
        "{got:?}"
    );
}

fn click(col: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: col,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// The screen row holding `needle`.
fn row_of(ui: &Ui, needle: &str) -> u16 {
    ui.screen()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} on screen: {}", ui.screen())) as u16
}

#[test]
fn clicking_a_document_in_the_list_opens_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(
        dir.path(),
        &[
            ("alpha-interview.txt", TRANSCRIPT),
            ("beta-focus.txt", ONE_TURN),
            ("gamma-notes.txt", "P9: Gamma speaks alone.\n"),
        ],
    );
    let mut ui = Ui::open(&path);
    let name = |ui: &Ui| {
        ui.app
            .transcript
            .as_ref()
            .expect("open")
            .doc
            .document
            .name
            .clone()
    };
    let first = name(&ui);
    let target = if first == "gamma-notes" {
        "beta-focus"
    } else {
        "gamma-notes"
    };
    let row = row_of(&ui, &format!("│{target}"));
    ui.events(vec![click(3, row)]);
    assert_eq!(name(&ui), target);
    assert_eq!(ui.app.focus, Focus::Transcript);
    assert_eq!(ui.app.docs[ui.app.selected].name, target);
    // A click on the header or below the last row opens nothing.
    let header = row_of(&ui, "name");
    ui.events(vec![click(3, header), click(3, 25)]);
    assert_eq!(name(&ui), target);
}

/// Words `w0 w1 w2 …` up to `n` of them, as one line.
fn words(n: usize) -> String {
    (0..n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_memo_editor_wraps_long_lines_and_follows_the_cursor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("M");
    // About four rows of text in one line: all of it is on screen.
    ui.keys(&words(70));
    let screen = ui.screen();
    assert!(screen.contains("w0 w1 w2"), "{screen}");
    assert!(screen.contains("w68 w69"), "{screen}");
    // The cursor is drawn right after the last word.
    let buf = ui.term.backend().buffer().clone();
    let row = row_of(&ui, "w68 w69");
    let x = (0..buf.area.width)
        .find(|&x| buf[(x, row)].symbol() == "9" && buf[(x.saturating_sub(1), row)].symbol() == "6")
        .expect("w69 on screen");
    assert!(
        buf[(x + 1, row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "the cursor after w69"
    );
    // Far longer than the editor is high: the view follows the cursor.
    ui.keys(" ");
    ui.keys(&words(250).replace("w", "x"));
    let screen = ui.screen();
    assert!(screen.contains("x248 x249"), "{screen}");
    assert!(!screen.contains("w0 w1 w2"), "scrolled: {screen}");
    // Up moves by wrapped rows, and the view follows it back.
    ui.events(vec![common::key(KeyCode::Up); 40]);
    let screen = ui.screen();
    assert!(!screen.contains("x248 x249"), "{screen}");
    ui.events(vec![ctrl('s')]);
    let id = ui.app.docs[0].id.clone();
    let memo = ops::coding::document_memo(ui.app.store(), &id)
        .expect("memo")
        .expect("saved");
    assert!(
        memo.starts_with("w0 w1") && memo.ends_with("x249"),
        "{memo}"
    );
    assert!(!memo.contains('\n'), "wrapping is only on screen");
}

#[test]
fn esc_in_the_memo_editor_asks_before_discarding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let id = ui.app.docs[0].id.clone();
    // Nothing typed: Esc closes at once.
    ui.keys("M\x1b");
    assert!(ui.app.dialog.is_none());
    ui.keys("MField notes");
    ui.keys("\x1b");
    assert!(ui.app.dialog.is_some(), "still open");
    assert!(
        ui.screen().contains("Discard your changes?"),
        "{}",
        ui.screen()
    );
    ui.keys("n");
    assert!(ui.app.dialog.is_some());
    ui.keys(" kept");
    ui.keys("\x1by");
    assert!(ui.app.dialog.is_none(), "discarded");
    assert_eq!(
        ops::coding::document_memo(ui.app.store(), &id).expect("memo"),
        None
    );
    // Saving from the question saves.
    ui.keys("MAgain\x1b");
    ui.events(vec![ctrl('s')]);
    assert_eq!(
        ops::coding::document_memo(ui.app.store(), &id).expect("memo"),
        Some("Again".to_string())
    );
}

/// The stored colours of the codes under `parent` (None: top level).
fn sibling_colors(ui: &Ui, parent: Option<&str>) -> Vec<(String, Option<String>)> {
    let codes = ops::codebook::list(ui.app.store()).expect("codes");
    let parent_id = parent.map(|p| {
        codes
            .iter()
            .find(|c| c.name == p)
            .expect("parent")
            .id
            .clone()
    });
    codes
        .iter()
        .filter(|c| c.parent == parent_id)
        .map(|c| (c.name.clone(), c.color.clone()))
        .collect()
}

fn assert_distinct(colors: &[(String, Option<String>)]) {
    let mut seen = std::collections::HashSet::new();
    for (name, c) in colors {
        let c = c.as_ref().unwrap_or_else(|| panic!("{name} has a colour"));
        assert!(seen.insert(c.clone()), "{name} repeats {c}: {colors:?}");
    }
}

#[test]
fn new_codes_get_a_colour_their_siblings_do_not_use() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("\tC");
    // Four new top-level codes beside "Child labour" and "Schooling".
    for name in ["Health", "Migration", "Debt", "Religion"] {
        ui.keys(&format!("ga{name}\n"));
    }
    let top = sibling_colors(&ui, None);
    assert_eq!(top.len(), 6);
    assert_distinct(&top);
    // Two sub-codes of Schooling: neither its colour nor each other's.
    ui.keys("gjjjAUniforms\n");
    ui.keys("gjjjAExams\n");
    let mut subs = sibling_colors(&ui, Some("Schooling"));
    subs.extend(
        sibling_colors(&ui, None)
            .into_iter()
            .filter(|c| c.0 == "Schooling"),
    );
    assert_eq!(subs.len(), 4);
    assert_distinct(&subs);
    // An in-vivo code is a new top-level code too.
    ui.keys("\t");
    ui.goto("carries sacks");
    ui.keys("Wi");
    let top = sibling_colors(&ui, None);
    assert!(top.iter().any(|c| c.0 == "carries"), "{top:?}");
    assert_distinct(&top);
}

fn color_of_code(ui: &Ui, name: &str) -> Option<String> {
    ops::codebook::list(ui.app.store())
        .expect("codes")
        .into_iter()
        .find(|c| c.name == name)
        .and_then(|c| c.color)
}

#[test]
fn the_colour_dialog_offers_a_palette_and_keeps_a_wrong_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("\tCgjjjjc"); // "School fees"
    let screen = ui.screen();
    assert!(screen.contains("Colour of School fees"), "{screen}");
    assert!(screen.contains("#3498db"), "{screen}");
    assert!(screen.contains("Tab/↑↓ palette"), "{screen}");
    // A typo: the dialog stays, with the typed value and the reason.
    ui.events(vec![ctrl('u')]);
    ui.keys("#zz9\n");
    let screen = ui.screen();
    assert!(ui.app.dialog.is_some(), "still open: {screen}");
    assert!(screen.contains("#zz9"), "{screen}");
    assert!(screen.contains("is not a colour"), "{screen}");
    assert_eq!(
        color_of_code(&ui, "School fees").as_deref(),
        Some("#3498db")
    );
    // Corrected in place: a colour name is fine too.
    ui.events(vec![common::key(KeyCode::Backspace); 4]);
    ui.keys("teal\n");
    assert!(ui.app.dialog.is_none());
    assert_eq!(
        color_of_code(&ui, "School fees").as_deref(),
        Some("#008080")
    );
    // The palette: Tab steps through it, the swatch in the code's colour.
    ui.keys("c\t\t");
    let screen = ui.screen();
    assert!(screen.contains("#27ae60"), "{screen}");
    assert!(screen.contains(" ██ [██] ██"), "{screen}");
    let row = row_of(&ui, "[██]");
    assert!(screen
        .lines()
        .nth(usize::from(row))
        .expect("row")
        .contains("green"));
    let buf = ui.term.backend().buffer().clone();
    let green = gloss::tui::theme::parse_hex("#27ae60").expect("hex");
    assert!(
        (0..buf.area.width).any(|x| buf[(x, row)].symbol() == "█" && buf[(x, row)].fg == green),
        "a green swatch"
    );
    ui.keys("\n");
    assert_eq!(
        color_of_code(&ui, "School fees").as_deref(),
        Some("#27ae60")
    );
}

#[test]
fn codebook_inputs_keep_what_was_typed_on_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    // A name already used at that level.
    ui.keys("\tCgaSchooling\n");
    assert!(ui.app.dialog.is_some());
    let screen = ui.screen();
    assert!(screen.contains("already exists"), "{screen}");
    ui.keys(" (2)\n");
    assert!(ui.app.dialog.is_none());
    assert!(color_of_code(&ui, "Schooling (2)").is_some());
    // A shortcut that is a command key.
    ui.keys("gs");
    ui.events(vec![ctrl('u')]);
    ui.keys("j\n");
    assert!(ui.app.dialog.is_some());
    assert!(
        ui.screen().contains("already a command key"),
        "{}",
        ui.screen()
    );
    ui.events(vec![common::key(KeyCode::Backspace)]);
    ui.keys("7\n");
    assert!(ui.app.dialog.is_none());
}

#[test]
fn help_fits_its_columns_and_uses_the_width_it_has() {
    use gloss::tui::keymap::{Group, Keymap};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    // Wide enough for everything: every description whole, keys apart
    // from their descriptions.
    let mut ui = Ui::open_sized(&path, 220, 60);
    ui.keys("\n?");
    let screen = ui.screen();
    let km = Keymap::default();
    for g in Group::ALL {
        assert!(screen.contains(g.title()), "{}: {screen}", g.title());
        for (cmd, _) in km.entries(g.context()) {
            assert!(
                screen.contains(cmd.description().as_str()),
                "{:?} whole: {screen}",
                cmd.description()
            );
        }
    }
    assert!(screen.contains("Ins  mark / unmark the hit"), "{screen}");
    assert!(screen.contains("1…9"), "{screen}");
    assert!(screen.contains("Code shortcuts"), "{screen}");
    // 140 columns: three columns, spread over the width.
    let mut ui = Ui::open(&path);
    ui.keys("?");
    let screen = ui.screen();
    assert!(screen.contains("Codebook pane (C)"), "{screen}");
    let right = screen
        .lines()
        .map(|l| l.trim_end_matches(['│', ' ']).chars().count())
        .max()
        .unwrap_or(0);
    assert!(right > 120, "the last column reaches the right: {screen}");
    // Scrolling stops at the last full page, so `k` scrolls back at once.
    ui.events(vec![common::key(KeyCode::Char('j')); 200]);
    let last = ui.app.help_scroll;
    assert!(last < 200, "clamped below the 200 presses: {last}");
    ui.keys("k");
    assert_eq!(ui.app.help_scroll, last.saturating_sub(1));
}

#[test]
fn an_open_viewer_sees_codings_and_documents_added_from_the_command_line() {
    let env = common::Env::new();
    let path = project(env.dir.path());
    let p = common::s(&path);
    let mut ui = Ui::open(&path);
    ui.goto("carries sacks");
    ui.keys("W");
    let before = ui.app.transcript.as_ref().expect("open").sel;
    assert!(ui.app.transcript.as_ref().expect("open").codings.is_empty());
    // A coding from the command line shows at the next idle tick, and
    // the selection stays.
    let text = ui.app.transcript.as_ref().expect("open").text().to_string();
    let byte = text.find("The school fees").expect("in text");
    let start = gloss::core::text::char_offset(&text, byte);
    let (s, e) = (start.to_string(), (start + 15).to_string());
    env.ok(&[
        "codings",
        "add",
        p,
        "--doc",
        "fg",
        "--code",
        "School fees",
        "--start",
        &s,
        "--end",
        &e,
    ]);
    ui.idle();
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(t.codings.len(), 1, "the new coding is drawn");
    assert_eq!(t.sel, before, "cursor and selection kept");
    assert!(ui.screen().contains("changed elsewhere"), "{}", ui.screen());
    // A document imported from the command line shows when the terminal
    // gets the focus back; the open document stays highlighted.
    let f = env.file("zz-later.txt", "P4: Imported while the viewer was open.\n");
    env.ok(&["import", p, common::s(&f)]);
    ui.events(vec![Event::FocusGained]);
    assert_eq!(ui.app.docs.len(), 2);
    assert_eq!(ui.app.docs[ui.app.selected].name, "fg");
    let screen = ui.screen();
    assert!(
        screen.contains("2 documents") && screen.contains("zz-later"),
        "{screen}"
    );
    // Nothing changed since: an idle tick does nothing.
    ui.app.message = None;
    ui.idle();
    assert_eq!(ui.app.message, None);
}
