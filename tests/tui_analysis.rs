//! The analysis screen through the real update loop (`common::Ui`) on a
//! real project file: open it from anywhere, switch to codes × an
//! attribute, switch the unit, open the passages behind a cell in the
//! retrieve view and come back to the same cell, export the table shown
//! and read it back; a snapshot of the matrix and style assertions (heat
//! on non-zero cells only, the number always printed).

mod common;

use common::analysis::{figure_cells, help_lines, project, select, table, CODEBOOK};
use common::{buffer_text, Ui};
use gloss::ops;
use gloss::tui::analysis::AnalysisState;
use gloss::tui::app::{Dialog, Focus};
use gloss::tui::theme;
use ratatui::style::Color;

#[test]
fn codes_by_gender_down_to_the_passages_and_to_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    assert_eq!(ui.app.focus, Focus::Transcript);
    // From the transcript: the screen opens on the frequencies, with bars.
    ui.keys("T");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    let screen = ui.screen();
    assert!(screen.contains("Analysis · Code frequencies"), "{screen}");
    assert!(!screen.contains("computing…"), "{screen}");
    assert!(screen.contains("█"), "bars: {screen}");
    assert!(screen.contains("coders: amani, neema (pooled"), "{screen}");
    assert!(screen.contains("sub-codes: included"), "{screen}");
    assert!(screen.contains(" ANALYSIS "), "{screen}");
    // A code's row: all its passages (two coders' identical codings once).
    select(&mut ui, "Child labour", "codings");
    ui.keys("\n");
    assert_eq!(ui.app.focus, Focus::Retrieve);
    assert_eq!(
        ui.app.retrieve.as_ref().expect("retrieve").excerpts.len(),
        2
    );
    assert!(
        ui.screen().contains("Esc back to the table"),
        "{}",
        ui.screen()
    );
    ui.keys("\x1b");
    assert!(ui.app.screens.on_top::<AnalysisState>());

    // The matrix, then its columns: documents → participants → coders →
    // the attribute keys of the project.
    ui.keys("v");
    assert!(ui.screen().contains("Codes × documents"), "{}", ui.screen());
    assert!(ui.screen().contains("attribute:gender"), "{}", ui.screen());
    ui.keys("ccc");
    let screen = ui.screen();
    assert!(screen.contains("Codes × attribute:gender"), "{screen}");
    assert!(screen.contains("[attribute:gender]"), "{screen}");
    let t = table(&ui);
    assert_eq!(t.header, ["code", "female", "male", "(no value)"]);
    // Each column's N, pinned under the codes.
    assert!(screen.contains("N documents"), "{screen}");
    assert!(screen.contains("N participants"), "{screen}");
    let n_people = t.rows.iter().find(|r| r[0].display() == "N participants");
    let n_people: Vec<String> = n_people.expect("N row")[1..]
        .iter()
        .map(|v| v.display())
        .collect();
    assert_eq!(n_people, ["3", "2", "0"]);
    let fees = |t: &gloss::core::analysis::table::Table| {
        t.rows
            .iter()
            .find(|r| r[0].display() == "Schooling/School fees")
            .expect("row")[1..]
            .iter()
            .map(|v| v.display())
            .collect::<Vec<_>>()
    };
    assert_eq!(fees(&t), ["2", "0", "0"]);
    insta::assert_snapshot!("matrix_gender_140x30", ui.screen());

    // Heat: non-zero figures have a background from the 16 colours, zero
    // ones none; the number is printed either way.
    let cells = figure_cells(&ui, "Child labour");
    let heat_bgs = [
        Color::DarkGray,
        Color::Blue,
        Color::Cyan,
        Color::LightYellow,
    ];
    let buf = ui.term.backend().buffer();
    let zero = cells.iter().find(|c| c.2 == "0").expect("a zero");
    let two = cells.iter().find(|c| c.2 == "2").expect("a two");
    assert!(
        heat_bgs.contains(&buf[(two.0, two.1)].bg),
        "{:?}",
        buf[(two.0, two.1)]
    );
    assert_eq!(buf[(two.0, two.1)].bg, theme::heat(4).bg.expect("bg"));
    assert!(!heat_bgs.contains(&buf[(zero.0, zero.1)].bg));

    // Another unit: documents with the code.
    ui.keys("u");
    let screen = ui.screen();
    assert!(screen.contains("[documents]"), "{screen}");
    assert!(screen.contains("unit: documents with the code"), "{screen}");
    assert_eq!(fees(&table(&ui)), ["2", "0", "0"]);
    // Column % of the N: both documents with women have the code.
    ui.keys("ppp");
    assert!(ui.screen().contains("[column-n]"), "{}", ui.screen());
    assert_eq!(fees(&table(&ui))[..2], ["100.00%", "0.00%"]);

    // Enter on "School fees × female": its two passages, in the retrieve view.
    select(&mut ui, "Schooling/School fees", "female");
    ui.keys("\n");
    assert_eq!(ui.app.focus, Focus::Retrieve);
    let r = ui.app.retrieve.as_ref().expect("retrieve");
    assert_eq!(r.excerpts.len(), 2);
    let screen = ui.screen();
    assert!(
        screen.contains("Schooling/School fees × female"),
        "{screen}"
    );
    assert!(
        screen.contains("The school fees come from that money."),
        "{screen}"
    );
    assert!(
        screen.contains("School fees are high this year."),
        "{screen}"
    );
    assert!(!screen.contains("Children work"), "{screen}");
    // Esc: the same cell of the same table.
    let before = {
        let a = ui.app.screens.get::<AnalysisState>().expect("screen");
        (a.row, a.col)
    };
    ui.keys("\x1b");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    let a = ui.app.screens.get::<AnalysisState>().expect("screen");
    assert_eq!((a.row, a.col), before);
    assert!(ui.screen().contains("Codes × attribute:gender"));

    // A male cell with no passage says so.
    select(&mut ui, "Schooling/School fees", "male");
    ui.keys("\n");
    assert_eq!(ui.app.focus, Focus::Retrieve);
    assert!(ui.screen().contains("No passage is behind this cell."));
    ui.keys("\x1b");

    // Export the table shown to CSV, and read it back.
    ui.keys("e");
    assert!(matches!(ui.app.dialog, Some(Dialog::Input { .. })));
    let out = dir.path().join("gender.csv");
    ui.ctrl('u');
    ui.keys(out.to_str().expect("utf-8"));
    ui.keys("\n");
    assert!(ui.app.dialog.is_none(), "{:?}", ui.app.message);
    let csv = std::fs::read_to_string(&out).expect("written");
    assert!(csv.contains("female"), "{csv}");
    assert!(csv.contains("Schooling/School fees"), "{csv}");
    assert!(csv.contains("100.00%") || csv.contains("1"), "{csv}");
    assert!(csv.contains("N participants"), "{csv}");
    assert!(
        ui.app
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("exported the table to ")),
        "{:?}",
        ui.app.message
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "owner-only: {mode:o}");
    }
    // XLSX too.
    let xlsx = dir.path().join("gender.xlsx");
    ui.keys("e");
    ui.ctrl('u');
    ui.keys(xlsx.to_str().expect("utf-8"));
    ui.keys("\n");
    assert!(ui.app.dialog.is_none(), "{:?}", ui.app.message);
    let bytes = std::fs::read(&xlsx).expect("xlsx written");
    assert!(bytes.starts_with(b"PK"), "a zip");
    // An existing file is never overwritten: the dialog stays, with why.
    ui.keys("e");
    ui.ctrl('u');
    ui.keys(out.to_str().expect("utf-8"));
    ui.keys("\n");
    assert!(matches!(ui.app.dialog, Some(Dialog::Input { .. })));
    assert!(
        ui.app
            .message
            .as_deref()
            .is_some_and(|m| m.contains("already exists")),
        "{:?}",
        ui.app.message
    );
    ui.keys("\x1b");

    // Co-occurrence and the codeline draw, and Esc leaves the screen.
    ui.keys("v");
    assert!(
        ui.screen().contains("Code co-occurrence"),
        "{}",
        ui.screen()
    );
    ui.keys("v");
    let screen = ui.screen();
    assert!(screen.contains("Codeline: fg1"), "{screen}");
    assert!(screen.contains("■"), "{screen}");
    ui.keys("d");
    assert!(ui.screen().contains("Codeline: fg2"), "{}", ui.screen());
    // Drill into a codeline cell: Child labour in fg2's second turn.
    select(&mut ui, "Child labour", "2 Juma");
    ui.keys("\n");
    let r = ui.app.retrieve.as_ref().expect("retrieve");
    assert_eq!(r.excerpts.len(), 1);
    assert!(ui.screen().contains("Children work in the mine."));
    ui.keys("\x1b\x1b");
    assert_eq!(ui.app.focus, Focus::Transcript);
}

#[test]
fn the_key_is_in_the_help_and_text_from_files_is_never_raw() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    {
        let mut store = ops::project::open_plain(&path, None).expect("open");
        ops::participants::set(
            &mut store,
            "fg1",
            "Baraka",
            &["gender=m\u{1b}[31male".to_string()],
        )
        .expect("attrs");
    }
    let mut ui = Ui::open_sized(&path, 160, 50);
    let help = help_lines(&ui);
    assert!(help.iter().any(|l| l == "Analysis screen (T)"), "{help:?}");
    assert!(
        help.iter().any(|l| l.starts_with("T analysis screen")),
        "{help:?}"
    );
    assert!(
        help.iter()
            .any(|l| l.starts_with("e E export the table shown")),
        "{help:?}"
    );
    // From the document list too.
    ui.keys("T");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    ui.keys("vccc");
    let buf = ui.term.backend().buffer();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            assert!(
                !buf[(x, y)].symbol().contains('\u{1b}'),
                "a raw escape on screen at {x},{y}"
            );
        }
    }
}

#[test]
fn the_screen_says_computing_until_the_worker_answers() {
    use gloss::tui::analysis::{AnalysisState, Arrived};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project(dir.path());
    common::hermetic_process();
    // The worker's answers come on the loop's channel.
    let channel = gloss::tui::event::EventChannel::new();
    let mut state = AnalysisState::new(ops::project::plain(&path), channel.sender());
    state.request(true);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).expect("t");
    term.draw(|f| state.draw(f, f.area())).expect("draw");
    let screen = buffer_text(term.backend().buffer());
    assert!(screen.contains("computing…"), "{screen}");
    let started = std::time::Instant::now();
    loop {
        let ev = match channel.wait(Some(std::time::Duration::from_secs(1))) {
            gloss::tui::event::Waited::Event(gloss::tui::event::AppEvent::Job(ev)) => ev,
            _ => {
                assert!(started.elapsed().as_secs() < 30, "the worker answers");
                continue;
            }
        };
        match state.apply(ev) {
            Arrived::Table => break,
            Arrived::Failed(e) => panic!("{e}"),
            _ => {}
        }
        assert!(started.elapsed().as_secs() < 30, "the worker answers");
    }
    term.draw(|f| state.draw(f, f.area())).expect("draw");
    let screen = buffer_text(term.backend().buffer());
    assert!(!screen.contains("computing…"), "{screen}");
    assert!(screen.contains("Code frequencies"), "{screen}");
}

#[test]
fn a_cooccurrence_cell_opens_the_overlapping_passages_of_both_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "[00:00:01] Amani: The school fees are high and children work in the mine.\n\
                \n\
                [00:00:09] Juma: Children carry sacks.\n";
    let path = common::coded_project(
        dir.path(),
        &[("d1", text)],
        CODEBOOK,
        &[
            ("d1", "School fees", "The school fees are high", "lead"),
            ("d1", "Child labour", "high and children work", "lead"),
            ("d1", "Child labour", "Children carry sacks.", "lead"),
        ],
    );
    let mut ui = Ui::open(&path);
    ui.keys("Tvv");
    assert!(
        ui.screen().contains("Code co-occurrence"),
        "{}",
        ui.screen()
    );
    let t = table(&ui);
    let row = t
        .rows
        .iter()
        .find(|r| r[0].display() == "Schooling/School fees")
        .expect("row");
    let at = t
        .header
        .iter()
        .position(|h| h == "Child labour")
        .expect("col");
    assert_eq!(row[at].display(), "1", "one overlapping pair");
    select(&mut ui, "Schooling/School fees", "Child labour");
    ui.keys("\n");
    assert_eq!(ui.app.focus, Focus::Retrieve);
    let texts: Vec<String> = ui
        .app
        .retrieve
        .as_ref()
        .expect("retrieve")
        .excerpts
        .iter()
        .map(|e| e.passage.text.clone())
        .collect();
    assert_eq!(
        texts,
        ["The school fees are high", "high and children work"]
    );
    ui.keys("\x1b");
    assert!(ui.app.screens.on_top::<AnalysisState>());
}
