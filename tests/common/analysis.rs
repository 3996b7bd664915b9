//! The analysis screen's fixture: two focus groups (fg1, fg2) with
//! speakers' genders, a codebook with a sub-code, codings by two coders;
//! and moving the screen's selection to a row and column by their names.

use super::{buffer_text, Ui};
use gloss::ops;
use gloss::tui::analysis::AnalysisState;
use std::path::{Path, PathBuf};

pub const FG1: &str = "[00:00:05] Facilitator: Who keeps the money?\n\
\n\
[00:00:12] Amani: The school fees come from that money.\n\
\n\
[00:00:31] Baraka: My daughter carries sacks.\n";

pub const FG2: &str = "[00:00:03] Neema: School fees are high this year.\n\
\n\
[00:00:09] Juma: Children work in the mine.\n";

pub const CODEBOOK: &str = "name: t\ncodes:\n  - name: Schooling\n    children:\n      - name: School fees\n  - name: Child labour\n";

pub fn project(dir: &Path) -> PathBuf {
    let path = dir.join("study.gloss");
    let mut store = ops::project::init(&path, "amani").expect("init");
    let mut files = Vec::new();
    for (name, text) in [("fg1", FG1), ("fg2", FG2)] {
        let f = dir.join(format!("{name}.txt"));
        std::fs::write(&f, text).expect("write");
        files.push(f);
    }
    ops::import::import_files(&mut store, &files, &Default::default(), &mut |_, _, _| {})
        .expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes())
        .expect("codebook");
    let at = |text: &str, p: &str| {
        let b = text.find(p).expect("phrase");
        let s = text.get(..b).expect("b").chars().count();
        gloss::core::CharRange::new(s, s + p.chars().count())
    };
    for (doc, text, code, p, coder) in [
        (
            "fg1",
            FG1,
            "School fees",
            "The school fees come from that money.",
            "amani",
        ),
        (
            "fg1",
            FG1,
            "Child labour",
            "My daughter carries sacks.",
            "amani",
        ),
        (
            "fg1",
            FG1,
            "Child labour",
            "My daughter carries sacks.",
            "neema",
        ),
        (
            "fg2",
            FG2,
            "School fees",
            "School fees are high this year.",
            "amani",
        ),
        (
            "fg2",
            FG2,
            "Child labour",
            "Children work in the mine.",
            "neema",
        ),
    ] {
        ops::coding::add(&mut store, doc, code, at(text, p), Some(coder), None).expect("coding");
    }
    for (doc, who, gender) in [
        ("fg1", "Facilitator", "female"),
        ("fg1", "Amani", "female"),
        ("fg1", "Baraka", "male"),
        ("fg2", "Neema", "female"),
        ("fg2", "Juma", "male"),
    ] {
        ops::participants::set(&mut store, doc, who, &[format!("gender={gender}")]).expect("attrs");
    }
    path
}

pub fn table(ui: &Ui) -> gloss::core::analysis::table::Table {
    ui.app
        .screens
        .get::<AnalysisState>()
        .and_then(|a| a.computed.clone())
        .expect("a table computed")
        .table
}

/// Moves the selection to the row of `code` and the column `header`.
pub fn select(ui: &mut Ui, code: &str, header: &str) {
    let t = table(ui);
    let row = t
        .rows
        .iter()
        .position(|r| r[0].display() == code)
        .expect("row of the code");
    let col = t.header.iter().position(|h| h == header).expect("column") - 1;
    ui.keys("g");
    ui.keys(&"j".repeat(row));
    ui.keys(&"h".repeat(20));
    ui.keys(&"l".repeat(col));
    let a = ui.app.screens.get::<AnalysisState>().expect("screen");
    assert_eq!((a.row, a.col), (row, col));
}

/// The screen cells (x, y) of the figures on the line of `code`.
pub fn figure_cells(ui: &Ui, code: &str) -> Vec<(u16, u16, String)> {
    let buf = ui.term.backend().buffer();
    let screen = buffer_text(buf);
    let y = screen
        .lines()
        .position(|l| l.trim_start_matches('│').starts_with(code))
        .unwrap_or_else(|| panic!("{code} on screen:\n{screen}")) as u16;
    (0..buf.area.width)
        .filter(|&x| buf[(x, y)].symbol().chars().all(|c| c.is_ascii_digit()))
        .filter(|&x| !buf[(x, y)].symbol().trim().is_empty())
        .map(|x| (x, y, buf[(x, y)].symbol().to_string()))
        .collect()
}

/// The help screen as lines of text (`KEYS description`, section titles).
pub fn help_lines(ui: &Ui) -> Vec<String> {
    gloss::tui::help::lines(&ui.app)
        .into_iter()
        .map(|l| match l {
            gloss::tui::help::HelpLine::Title(t) => t,
            gloss::tui::help::HelpLine::Entry(k, d) => {
                let d: String = d.iter().map(|s| s.content.to_string()).collect();
                format!("{k} {d}")
            }
            gloss::tui::help::HelpLine::Blank => String::new(),
        })
        .collect()
}
