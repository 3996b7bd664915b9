//! The analysis screen's words and keyword-in-context views, and the
//! options of the other views (coders, `--where`, co-occurrence reach),
//! through the real update loop on a real project file: open the words
//! view, switch its grouping, `Enter` on a word → its KWIC, sort it, mark
//! rows and code them in one step, export the table shown, `Enter` on a row
//! → the transcript; a query with no hits says so. Snapshots plus style
//! assertions (the keyword column lined up and lit).

mod common;

use common::analysis::{help_lines, project, table};
use common::{buffer_text, Ui};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gloss::tui::analysis::AnalysisState;
use gloss::tui::analysis::View;
use gloss::tui::app::{Dialog, Focus};
use gloss::tui::theme;
use ratatui::style::Modifier;

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn view(ui: &Ui) -> View {
    ui.app
        .screens
        .get::<AnalysisState>()
        .expect("screen")
        .opts
        .view
}

/// The (group, word, count) rows of the words table.
fn words(ui: &Ui) -> Vec<(String, String, String)> {
    table(ui)
        .rows
        .iter()
        .map(|r| (r[0].display(), r[1].display(), r[2].display()))
        .collect()
}

/// The screen column where `needle` starts on each line holding it and
/// `also`.
fn columns_of(ui: &Ui, needle: &str, also: &str) -> Vec<(usize, usize)> {
    let buf = ui.term.backend().buffer();
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = cells.concat();
        if !line.contains(also) {
            continue;
        }
        if let Some(b) = line.find(needle) {
            // Cells are one char each here (ASCII text).
            let before = line.get(..b).unwrap_or_default();
            out.push((before.chars().count(), y as usize));
        }
    }
    out
}

#[test]
fn words_by_speaker_to_a_sorted_kwic_coded_in_one_step_and_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("T");
    // frequencies → matrix → co-occurrence → codeline → words
    ui.keys("vvvv");
    assert_eq!(view(&ui), View::Words);
    let screen = ui.screen();
    assert!(screen.contains("Analysis · Word frequencies"), "{screen}");
    assert!(screen.contains("[all speech]"), "{screen}");
    assert!(screen.contains("stop words: [by language]"), "{screen}");
    assert!(
        screen.contains("share = count / every word counted in the group"),
        "{screen}"
    );
    assert!(
        screen.contains("unit: occurrences of each word"),
        "{screen}"
    );
    let all = words(&ui);
    let money = all.iter().find(|(_, w, _)| w == "money").expect("money");
    assert_eq!(money.2, "2", "{all:?}");
    assert!(all.iter().all(|(g, _, _)| g == "all speech"));
    // Stop words (English by default for the imported files' language, or
    // none shipped for it): `the` is never counted with them on.
    let with_stops = all.iter().any(|(_, w, _)| w == "the");
    ui.keys("w"); // none
    assert!(ui.screen().contains("[none]"), "{}", ui.screen());
    assert!(words(&ui).iter().any(|(_, w, _)| w == "the"));
    ui.keys("wwww"); // back to "by language"
    assert_eq!(words(&ui).iter().any(|(_, w, _)| w == "the"), with_stops);

    // Grouped by speaker: each speaker's words apart.
    ui.keys("c");
    let screen = ui.screen();
    assert!(screen.contains("[speaker]"), "{screen}");
    let by = words(&ui);
    assert!(
        by.iter()
            .any(|(g, w, n)| g == "Neema" && w == "fees" && n == "1"),
        "{by:?}"
    );
    assert!(
        by.iter()
            .any(|(g, w, n)| g == "Amani" && w == "money" && n == "1"),
        "{by:?}"
    );
    insta::assert_snapshot!("words_by_speaker_140x30", ui.screen());

    // Enter on a word: its keyword in context.
    let row = words(&ui)
        .iter()
        .position(|(g, w, _)| g == "Amani" && w == "money")
        .expect("row");
    ui.keys("g");
    ui.keys(&"j".repeat(row));
    ui.keys("\n");
    assert_eq!(view(&ui), View::Kwic);
    let screen = ui.screen();
    assert!(screen.contains("Keyword in context"), "{screen}");
    assert!(screen.contains("query: \"money\""), "{screen}");
    let rows = ui
        .app
        .screens
        .get::<AnalysisState>()
        .expect("screen")
        .kwic_rows()
        .to_vec();
    assert_eq!(rows.len(), 2);
    // By position: turn 1 ("keeps the money?") before turn 2.
    assert_eq!((rows[0].turn, rows[1].turn), (1, 2));
    // The keywords lined up in one column, lit.
    let at = columns_of(&ui, "money", "fg1 · ");
    let kw: Vec<usize> = at.iter().map(|(x, _)| *x).collect();
    assert!(
        kw.len() >= 2 && kw.windows(2).all(|w| w[0] == w[1]),
        "{at:?}\n{screen}"
    );
    let buf = ui.term.backend().buffer();
    let (x, y) = at[0];
    let cell = &buf[(x as u16, y as u16)];
    assert_eq!(cell.fg, theme::search_match().fg.expect("fg"));
    assert!(cell.modifier.contains(Modifier::BOLD));
    insta::assert_snapshot!("kwic_money_140x30", ui.screen());

    // Sorted by the word on the left: "that" before "the".
    ui.keys("r");
    assert!(ui.screen().contains("[left word]"), "{}", ui.screen());
    let rows = ui
        .app
        .screens
        .get::<AnalysisState>()
        .expect("screen")
        .kwic_rows()
        .to_vec();
    assert_eq!(
        (rows[0].left.as_str(), rows[1].left.as_str()),
        ("The school fees come from that", "Who keeps the")
    );

    // Mark both rows and code them in one step, as search hits are.
    ui.keys("  ");
    assert_eq!(
        ui.app
            .screens
            .get::<AnalysisState>()
            .expect("screen")
            .marked
            .len(),
        2
    );
    assert!(ui.screen().contains("2 marked"), "{}", ui.screen());
    let before = ui.codings().len();
    ui.events(vec![ctrl('k')]);
    assert!(matches!(ui.app.dialog, Some(Dialog::Pick { .. })));
    ui.keys("Child\n\n"); // the code, then "the matched words"
    let codings = ui.codings();
    assert_eq!(codings.len(), before + 2, "{codings:?}");
    assert_eq!(
        codings
            .iter()
            .filter(|(code, text, _)| code.ends_with("Child labour") && text == "money")
            .count(),
        2,
        "{codings:?}"
    );
    assert!(ui.app.screens.on_top::<AnalysisState>());
    assert!(ui
        .app
        .screens
        .get::<AnalysisState>()
        .expect("screen")
        .marked
        .is_empty());

    // Export the KWIC table shown.
    let out = dir.path().join("money.csv");
    ui.keys("e");
    ui.ctrl('u');
    ui.keys(out.to_str().expect("utf-8"));
    ui.keys("\n");
    assert!(ui.app.dialog.is_none(), "{:?}", ui.app.message);
    let csv = std::fs::read_to_string(&out).expect("written");
    assert!(
        csv.contains("\ndoc,turn,speaker,start,end,left,keyword,right\n"),
        "{csv}"
    );
    assert!(
        csv.contains("sorted by left word"),
        "the lines above the table: {csv}"
    );
    assert_eq!(csv.matches(",money,").count(), 2, "{csv}");

    // Enter: the passage in the transcript, the keyword selected.
    ui.keys("g\n");
    assert_eq!(ui.app.focus, Focus::Transcript);
    let t = ui.app.transcript.as_ref().expect("transcript");
    let r = t.sel.range();
    let text: String = t
        .text()
        .chars()
        .skip(r.start)
        .take(r.end - r.start)
        .collect();
    assert_eq!(text, "money");
    // And back.
    ui.keys("T");
    assert_eq!(view(&ui), View::Kwic);
}

#[test]
fn the_words_table_exports_and_a_code_restricts_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("Tvvvv");
    // Only inside the passages of a code chosen in a picker (Schooling,
    // with its sub-code School fees): no word of the uncoded turns.
    ui.keys("o");
    let screen = ui.screen();
    assert!(screen.contains("Count words only inside"), "{screen}");
    assert!(screen.contains("all speech"), "{screen}");
    assert!(screen.contains("Schooling/School fees"), "{screen}");
    ui.keys("Schooling\n");
    assert!(ui.app.dialog.is_none());
    let screen = ui.screen();
    assert!(screen.contains("only in: Schooling"), "{screen}");
    assert!(
        screen.contains("words inside the passages of Schooling"),
        "{screen}"
    );
    assert!(screen.contains("coders: amani, neema (pooled"), "{screen}");
    let w = words(&ui);
    assert!(w.iter().any(|(_, w, _)| w == "fees"), "{w:?}");
    assert!(!w.iter().any(|(_, w, _)| w == "daughter"), "{w:?}");
    // Min length, numbers and accents show their choice.
    ui.keys("mm");
    assert!(ui.screen().contains("min length: 3"), "{}", ui.screen());
    assert!(words(&ui).iter().all(|(_, w, _)| w.chars().count() >= 3));
    // And back to all speech.
    ui.keys("o");
    ui.keys("all speech\n");
    assert!(
        ui.screen().contains("only in: all speech"),
        "{}",
        ui.screen()
    );
    assert!(words(&ui).iter().any(|(_, w, _)| w == "daughter"));
    ui.keys("o");
    ui.keys("Schooling\n");
    ui.keys("an");
    let screen = ui.screen();
    assert!(screen.contains("keep accents: on"), "{screen}");
    assert!(screen.contains("numbers: on"), "{screen}");
    let out = dir.path().join("words.xlsx");
    ui.keys("e");
    ui.ctrl('u');
    ui.keys(out.to_str().expect("utf-8"));
    ui.keys("\n");
    assert!(ui.app.dialog.is_none(), "{:?}", ui.app.message);
    assert!(std::fs::read(&out).expect("xlsx").starts_with(b"PK"));
}

#[test]
fn a_kwic_query_with_no_hits_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("T");
    // `/` from any view: the query, then the KWIC view.
    ui.keys("/");
    assert!(matches!(ui.app.dialog, Some(Dialog::Input { .. })));
    ui.keys("zebra\n");
    assert_eq!(view(&ui), View::Kwic);
    let screen = ui.screen();
    assert!(screen.contains("no occurrence of zebra"), "{screen}");
    assert!(screen.contains("occurrences of the query"), "{screen}");
    assert!(screen.contains("coders: none used"), "{screen}");
    // Enter and coding have nothing to act on, and say so.
    ui.keys("\n");
    assert!(ui.app.screens.on_top::<AnalysisState>());
    ui.events(vec![ctrl('k')]);
    assert!(ui.app.dialog.is_none());
    assert!(
        ui.app
            .message
            .as_deref()
            .is_some_and(|m| m.contains("no occurrence")),
        "{:?}",
        ui.app.message
    );
}

#[test]
fn coders_where_and_reach_are_chosen_on_screen_and_said_above_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("T");
    let codings = |ui: &Ui, code: &str| -> String {
        table(ui)
            .rows
            .iter()
            .find(|r| r[0].display() == code)
            .map(|r| r[1].display())
            .expect("row")
    };
    assert_eq!(codings(&ui, "Child labour"), "2");
    // One coder: neema's codings only.
    ui.keys("bb");
    let screen = ui.screen();
    assert!(screen.contains("coders: neema "), "{screen}");
    assert!(screen.contains("coders: neema (pooled"), "{screen}");
    assert_eq!(codings(&ui, "Child labour"), "2");
    assert_eq!(codings(&ui, "Schooling/School fees"), "0");
    ui.keys("b"); // back to all, pooled
    assert!(
        ui.screen().contains("coders: all, pooled"),
        "{}",
        ui.screen()
    );

    // --where: the codings of men's turns only.
    ui.keys("f");
    ui.ctrl('u');
    ui.keys("gender=male\n");
    assert!(ui.app.dialog.is_none(), "{:?}", ui.app.message);
    assert!(
        ui.screen().contains("where: gender=male"),
        "{}",
        ui.screen()
    );
    assert!(
        ui.screen()
            .contains("where: gender=male (only codings overlapping a turn of a participant"),
        "the table says its filter: {}",
        ui.screen()
    );
    assert_eq!(codings(&ui, "Child labour"), "2");
    assert_eq!(codings(&ui, "Schooling/School fees"), "0");
    // A typo is an error naming the known attributes and values.
    ui.keys("f");
    ui.ctrl('u');
    ui.keys("gendr=male\n");
    let screen = ui.screen();
    assert!(screen.contains("gender"), "{screen}");
    let err = ui
        .app
        .screens
        .get::<AnalysisState>()
        .and_then(|a| a.error.clone())
        .expect("an error");
    assert!(err.contains("gendr") && err.contains("gender"), "{err}");
    ui.keys("f");
    ui.ctrl('u');
    ui.keys("\n");
    assert!(ui.screen().contains("where: none"), "{}", ui.screen());
    assert_eq!(codings(&ui, "Schooling/School fees"), "2");

    // Co-occurrence: touching, then within N, said in the unit line.
    ui.keys("vv");
    ui.keys("t");
    let screen = ui.screen();
    assert!(screen.contains("[touching]"), "{screen}");
    assert!(
        screen.contains("pairs of overlapping or touching stretches"),
        "{screen}"
    );
    ui.keys("t");
    assert!(
        ui.screen()
            .contains("pairs of stretches at most 10 chars apart"),
        "{}",
        ui.screen()
    );
    let buf = buffer_text(ui.term.backend().buffer());
    assert!(buf.contains("[within 10]"), "{buf}");
}

#[test]
fn the_new_keys_are_in_the_help() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ui = Ui::open(&project(dir.path()));
    let help = help_lines(&ui);
    let at = help
        .iter()
        .position(|l| l == "Analysis screen (T)")
        .expect("the section");
    let section = &help[at..];
    for entry in [
        "/ keyword in context: type the query",
        "x KWIC context",
        "r KWIC sort",
        "Space mark / unmark",
        "Ctrl-k K code the marked hits",
        "w words: stop words",
        "o words: only inside one code",
        "b coders: all pooled, one, consensus",
        "f where KEY=VALUE",
        "t co-occurrence: overlap, touching, within N",
    ] {
        assert!(
            section.iter().any(|l| l.starts_with(entry)),
            "{entry:?} in {section:#?}"
        );
    }
}
