//! The viewer through ratatui's TestBackend: snapshots at two sizes, style
//! assertions, and keys injected into the real update loop. The project is a
//! real SQLite file in a temporary directory.

use crossterm::event::{Event, KeyCode};
use gloss::ops;
use gloss::tui::app::{App, Focus};
use gloss::tui::theme;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use std::path::{Path, PathBuf};

mod common;
use common::{buffer_text, key, Ui};

const TRANSCRIPT: &str = "ENTRETIEN FICTIF — test du rendu\n\
\n\
[00:00:05] Enquêteur\u{a0}: Bonjour Amani, ça va ? On parle de l'école.\n\
\n\
[00:00:12] Amani : Oui 👋🏽 ! Les frais scolaires — « minerval » — coûtent cher. \
Le café, e\u{301}cole, naïve, 日本語 écrit en plein texte.\n\
\n\
[00:00:31] Enquêteur : Et les enfants [rires] travaillent au site ?\n\
\n\
[00:00:40] Amani : Oui. Mais ce texte contient une séquence \u{1b}[31m d'échappement \u{7} cachée.\n";

fn project_with(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    common::project_with(dir, "t.gloss", files, None)
}

/// The cell position of the first occurrence of `needle` on screen.
fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let mut row = String::new();
        let mut xs = Vec::new();
        let mut x = 0;
        while x < buf.area.width {
            let sym = buf[(x, y)].symbol();
            for _ in sym.chars() {
                xs.push(x);
            }
            row.push_str(sym);
            // Skip the cell a wide character covers.
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        if let Some(b) = row.find(needle) {
            let ci = row.get(..b).map_or(0, |p| p.chars().count());
            return Some((xs[ci], y));
        }
    }
    None
}

#[test]
fn viewer_snapshots_at_two_sizes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), &[("entretien-amani.txt", TRANSCRIPT)]);
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut ui = Ui::open_sized(&path, w, h);
        ui.events(vec![key(KeyCode::Enter)]);
        insta::assert_snapshot!(
            format!("viewer_{w}x{h}"),
            buffer_text(ui.term.backend().buffer())
        );
        ui.events(vec![key(KeyCode::Char('?'))]);
        insta::assert_snapshot!(
            format!("help_{w}x{h}"),
            buffer_text(ui.term.backend().buffer())
        );
    }
}

#[test]
fn speakers_are_coloured_and_timestamps_dimmed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), &[("entretien-amani.txt", TRANSCRIPT)]);
    let mut ui = Ui::open_sized(&path, 120, 40);
    ui.events(vec![key(KeyCode::Enter)]);
    let buf = ui.term.backend().buffer();
    // First speaker gets colour slot 0, the second slot 1; both bold.
    let (x, y) = find(buf, "Enquêteur").expect("label on screen");
    assert_eq!(buf[(x, y)].fg, theme::speaker_color(Some(0)));
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(buf, "Amani :").expect("label on screen");
    assert_eq!(buf[(x, y)].fg, theme::speaker_color(Some(1)));
    // The timestamp before a label is dimmed, the speech is not.
    let (x, y) = find(buf, "[00:00:05]").expect("timestamp");
    assert_eq!(buf[(x, y)].fg, theme::dim().fg.expect("dim has a colour"));
    let (x, y) = find(buf, "Bonjour").expect("speech");
    assert_eq!(buf[(x, y)].fg, ratatui::style::Color::Reset);
    // Annotations are dimmed and italic.
    let (x, y) = find(buf, "[rires]").expect("annotation");
    assert!(buf[(x, y)].modifier.contains(Modifier::ITALIC));
    // The margin bar of a turn has its speaker's colour.
    let (_, y) = find(buf, "Bonjour").expect("speech");
    let (bx, _) = find(buf, "▌").expect("bar");
    assert_eq!(buf[(bx, y)].symbol(), "▌");
    assert_eq!(buf[(bx, y)].fg, theme::speaker_color(Some(0)));
}

#[test]
fn wide_combining_and_emoji_take_their_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), &[("entretien-amani.txt", TRANSCRIPT)]);
    let mut ui = Ui::open_sized(&path, 120, 40);
    ui.events(vec![key(KeyCode::Enter)]);
    let buf = ui.term.backend().buffer();
    let (x, y) = find(buf, "日本語").expect("CJK on screen");
    assert_eq!(buf[(x, y)].symbol(), "日");
    assert_eq!(
        buf[(x + 2, y)].symbol(),
        "本",
        "a wide char takes two cells"
    );
    let (x, y) = find(buf, "e\u{301}cole").expect("combining accent kept");
    assert_eq!(
        buf[(x, y)].symbol(),
        "e\u{301}",
        "base and accent share one cell"
    );
    assert_eq!(buf[(x + 1, y)].symbol(), "c");
    assert!(find(buf, "👋🏽").is_some());
}

#[test]
fn escape_sequences_are_shown_not_sent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), &[("entretien-amani.txt", TRANSCRIPT)]);
    let mut ui = Ui::open_sized(&path, 120, 40);
    ui.events(vec![key(KeyCode::Enter)]);
    let screen = buffer_text(ui.term.backend().buffer());
    assert!(screen.contains("␛[31m"), "{screen}");
    assert!(screen.contains("␇ cachée"), "{screen}");
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
}

fn long_transcript(turns: usize) -> String {
    let mut s = String::from("LONG TRANSCRIPT (generated)\n\n");
    for i in 0..turns {
        let who = if i % 2 == 0 { "Interviewer" } else { "P1" };
        s.push_str(&format!(
            "[{:02}:{:02}:{:02}] {who}: turn number {i} with enough words to wrap on a narrow screen when needed\n\n",
            i / 3600,
            i / 60 % 60,
            i % 60
        ));
    }
    s
}

#[test]
fn keys_move_the_cursor_and_the_view_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), &[("long.txt", &long_transcript(500))]);
    let mut ui = Ui::open_sized(&path, 160, 20);
    ui.events(vec![key(KeyCode::Enter)]);
    assert_eq!(ui.app.focus, Focus::Transcript);
    fn t(app: &App) -> &gloss::tui::transcript::TranscriptState {
        app.transcript.as_ref().expect("open")
    }
    let cursor_line = |app: &App| t(app).lines.line_of_char(t(app).cursor());

    ui.events(vec![key(KeyCode::Char('j')), key(KeyCode::Char('j'))]);
    assert_eq!(cursor_line(&ui.app), 2);
    ui.events(vec![key(KeyCode::Char('k'))]);
    assert_eq!(cursor_line(&ui.app), 1);

    // Turns: the header is lines 0-1, turn i starts on line 2 + 2i; the
    // turn is brought to the top of the view.
    ui.events(vec![key(KeyCode::Char('}')), key(KeyCode::Char('}'))]);
    assert_eq!(cursor_line(&ui.app), 4);
    assert_eq!(t(&ui.app).top.line, 4);
    assert_eq!(t(&ui.app).current_turn(), Some(1));
    ui.events(vec![key(KeyCode::Char('{'))]);
    assert_eq!(t(&ui.app).top.line, 2);
    assert_eq!(t(&ui.app).current_turn(), Some(0));

    // Moving down past the bottom scrolls the view.
    let before = t(&ui.app).top;
    ui.events(vec![key(KeyCode::Char('j')); 40]);
    assert!(t(&ui.app).top > before, "the view follows the cursor");

    ui.events(vec![key(KeyCode::Char('G'))]);
    let screen = buffer_text(ui.term.backend().buffer());
    assert!(screen.contains("turn number 499"), "{screen}");
    assert!(screen.contains("100%"));
    let end = t(&ui.app).top;
    ui.events(vec![key(KeyCode::PageDown), key(KeyCode::Char('j'))]);
    assert_eq!(t(&ui.app).top, end, "nothing moves past the end");

    ui.events(vec![key(KeyCode::Char('g'))]);
    assert_eq!(t(&ui.app).top.line, 0);
    assert_eq!(t(&ui.app).cursor(), 0);
    ui.events(vec![key(KeyCode::PageDown)]);
    assert!(t(&ui.app).top.line > 10, "a page is most of the viewport");

    // Help opens and closes; q quits the loop.
    ui.events(vec![key(KeyCode::Char('?'))]);
    assert!(ui.app.show_help);
    assert!(buffer_text(ui.term.backend().buffer()).contains("next speaker turn"));
    ui.events(vec![key(KeyCode::Esc), key(KeyCode::Char('q'))]);
    assert!(!ui.app.show_help);
    assert!(ui.app.should_quit());
}

#[test]
fn resize_rewraps_and_keeps_the_top_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), &[("long.txt", &long_transcript(50))]);
    let mut ui = Ui::open_sized(&path, 120, 30);
    ui.events(vec![key(KeyCode::Enter), key(KeyCode::Char('}'))]);
    let line = ui.app.transcript.as_ref().expect("open").top.line;
    ui.term.backend_mut().resize(50, 30);
    ui.events(vec![Event::Resize(50, 30)]);
    assert_eq!(ui.app.transcript.as_ref().expect("open").top.line, line);
    let screen = buffer_text(ui.term.backend().buffer());
    // Narrow: only the transcript is shown, and long turns wrap.
    assert!(screen.contains("turn number 0 with"), "{screen}");
    assert!(!screen.contains("documents"), "{screen}");
}

#[test]
fn document_list_switches_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(
        dir.path(),
        &[
            ("a-first.txt", TRANSCRIPT),
            ("b-second.txt", &long_transcript(5)),
        ],
    );
    let mut ui = Ui::open_sized(&path, 120, 30);
    ui.events(vec![key(KeyCode::Char('j')), key(KeyCode::Enter)]);
    assert_eq!(
        ui.app.transcript.as_ref().expect("open").doc.document.name,
        "b-second"
    );
    ui.events(vec![key(KeyCode::Char('['))]);
    assert_eq!(
        ui.app.transcript.as_ref().expect("open").doc.document.name,
        "a-first"
    );
    let screen = buffer_text(ui.term.backend().buffer());
    assert!(screen.contains("a-first · fr"), "{screen}");
}

#[test]
fn empty_project_says_how_to_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.gloss");
    ops::project::init(&path, "amani").expect("init");
    let mut ui = Ui::open_sized(&path, 80, 24);
    ui.events(vec![key(KeyCode::Char('j')), key(KeyCode::Enter)]);
    let screen = buffer_text(ui.term.backend().buffer());
    assert!(screen.contains("gloss import PROJECT FILES"), "{screen}");
}
