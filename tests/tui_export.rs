//! Exporting from the TUI: the export form (format, folder, file, the
//! filters the command line has, map), the export on a worker thread, its
//! outcome in the status bar with the whole path; keys injected into the
//! real update loop (`common::Ui`), on a real project file.

mod common;

use common::Ui;
use gloss::ops;
use gloss::tui::app::{Dialog, Focus};
use std::path::{Path, PathBuf};

const TRANSCRIPT: &str = "[00:00:05] Facilitator: Who keeps the money?\n\
\n\
[00:00:12] Amani: The school fees come from that money.\n\
\n\
[00:00:31] P2: My daughter carries sacks.\n";

const CODEBOOK: &str = "name: t\ncodes:\n  - name: Schooling\n    children:\n      - name: School fees\n  - name: Child labour\n";

fn project(dir: &Path) -> PathBuf {
    let path = dir.join("study.gloss");
    let mut store = ops::project::init(&path, "amani").expect("init");
    let f = dir.join("fg.txt");
    std::fs::write(&f, TRANSCRIPT).expect("write");
    ops::import::import_files(&mut store, &[f], &Default::default(), &mut |_, _, _| {})
        .expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes())
        .expect("codebook");
    let at = |p: &str| {
        let b = TRANSCRIPT.find(p).expect("phrase");
        let s = TRANSCRIPT.get(..b).expect("b").chars().count();
        gloss::core::CharRange::new(s, s + p.chars().count())
    };
    for (code, p, coder) in [
        (
            "School fees",
            "The school fees come from that money.",
            "amani",
        ),
        ("Child labour", "My daughter carries sacks.", "amani"),
        ("Child labour", "My daughter carries sacks.", "neema"),
    ] {
        ops::coding::add(&mut store, "fg", code, at(p), Some(coder), None).expect("coding");
    }
    for (who, pairs) in [("Amani", "role=washer"), ("P2", "role=carrier")] {
        ops::participants::set(&mut store, "fg", who, &[pairs.to_string()]).expect("attrs");
    }
    path
}

fn status(ui: &Ui) -> String {
    let buf = ui.term.backend().buffer();
    let y = buf.area.height - 1;
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

fn message(ui: &Ui) -> String {
    ui.app.message.clone().unwrap_or_default()
}

/// Moves to form field `n` (0 format, 1 folder, 2 file, 3 title, 4 codes,
/// 5 sub-codes, 6 coders, 7 participants, 8 documents, 9 speakers,
/// 10 memos, 11 map) from the first, clears it and types `text`.
fn fill(ui: &mut Ui, n: usize, text: &str) {
    ui.keys(&"\t".repeat(n));
    ui.ctrl('u');
    ui.keys(text);
    // Back to the first field.
    ui.keys(&"\t".repeat(12 - n));
}

fn form_error(ui: &Ui) -> Option<String> {
    match &ui.app.dialog {
        Some(Dialog::Export(f)) => f.error.clone(),
        _ => None,
    }
}

#[test]
fn export_form_writes_beside_the_project_and_names_the_whole_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("E");
    // The form shows the folder it writes into: beside the project.
    let screen = ui.screen();
    let folder = std::path::absolute(dir.path()).expect("absolute");
    assert!(screen.contains(" Export coded excerpts "), "{screen}");
    assert!(screen.contains(&folder.display().to_string()), "{screen}");
    for label in [
        "Format",
        "Folder",
        "File name",
        "Codes",
        "Coders",
        "Participants",
        "Documents",
        "Speakers",
        "Pseudonymise",
    ] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
    // On the coders field, the hint names the project's coders.
    ui.keys(&"\t".repeat(6));
    let screen = ui.screen();
    assert!(
        screen.contains("consensus: the settled codings; empty: all · amani, neema"),
        "{screen}"
    );
    ui.keys("\n");
    assert!(ui.app.export_job.is_none(), "the export finished");
    let out = folder.join("study-excerpts.csv");
    // 3 codings, 2 passages (amani and neema coded the same one).
    assert_eq!(
        message(&ui),
        format!("exported 2 excerpts to {}", out.display())
    );
    assert!(
        status(&ui).contains("exported 2 excerpts"),
        "{}",
        status(&ui)
    );
    let mut rd = csv::Reader::from_path(&out).expect("csv");
    assert_eq!(rd.records().count(), 2);
}

#[test]
fn export_form_offers_the_filters_and_another_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let elsewhere = dir.path().join("reports");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    ui.keys("E");
    // Format md (→ twice), folder, title, participants role=carrier, coders neema.
    ui.keys("ll");
    fill(&mut ui, 1, &elsewhere.display().to_string());
    fill(&mut ui, 3, "Carriers");
    fill(&mut ui, 7, "role=carrier");
    fill(&mut ui, 6, "neema");
    fill(&mut ui, 9, "P2");
    ui.keys("\n");
    let out = elsewhere.join("study-excerpts.md");
    assert_eq!(
        message(&ui),
        format!("exported 1 excerpt to {}", out.display())
    );
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.starts_with("# Carriers\n"), "{md}");
    assert!(
        md.contains("carries sacks") && md.contains("coded by neema"),
        "{md}"
    );
    assert!(!md.contains("school fees"), "{md}");
}

#[test]
fn a_mistyped_filter_keeps_the_form_open_with_the_known_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("E");
    fill(&mut ui, 6, "amanii");
    ui.keys("\n");
    let e = form_error(&ui).expect("the form stays open with the reason");
    assert!(e.contains("known coders: amani, neema"), "{e}");
    assert!(ui.screen().contains("no such coder"), "{}", ui.screen());
    fill(&mut ui, 7, "sex=female");
    fill(&mut ui, 6, "amani");
    ui.keys("\n");
    let e = form_error(&ui).expect("open");
    assert!(e.contains("known attributes: role"), "{e}");
    fill(&mut ui, 7, "role=washer");
    fill(&mut ui, 9, "P99");
    ui.keys("\n");
    assert!(form_error(&ui).expect("open").contains("no such speaker"));
    fill(&mut ui, 9, "");
    fill(
        &mut ui,
        1,
        &dir.path().join("nowhere").display().to_string(),
    );
    ui.keys("\n");
    assert!(form_error(&ui).expect("open").contains("is not a folder"));
    assert!(
        !dir.path().join("study-excerpts.csv").exists(),
        "nothing written"
    );
    fill(&mut ui, 1, &dir.path().display().to_string());
    // Typing clears the error; Enter runs: amani's washer passage.
    ui.keys("\n");
    assert!(ui.app.dialog.is_none());
    assert!(
        message(&ui).starts_with("exported 1 excerpt to "),
        "{}",
        message(&ui)
    );
}

#[test]
fn retrieve_view_exports_its_code_pseudonymised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let map = dir.path().join("map.csv");
    std::fs::write(&map, "Amani,[P1]\n").expect("map");
    // Codebook pane, "Schooling" (first), Enter: its excerpts with sub-codes.
    ui.keys("C");
    ui.app.codebook.selected = 0;
    ui.keys("\n");
    assert_eq!(ui.app.focus, Focus::Retrieve);
    // e: the form, its codes the retrieved one; md; the map.
    ui.keys("e");
    assert!(
        ui.screen().contains("Export the excerpts of Schooling"),
        "{}",
        ui.screen()
    );
    ui.keys("ll");
    fill(&mut ui, 11, &map.display().to_string());
    ui.keys("\n");
    let msg = message(&ui);
    assert!(
        msg.contains("exported 1 excerpt to ") && msg.contains("check passed"),
        "{msg}"
    );
    let out = std::path::absolute(dir.path())
        .expect("abs")
        .join("study-schooling.md");
    assert!(msg.contains(&out.display().to_string()), "{msg}");
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.contains("## Schooling/School fees"));
    assert!(md.contains("\\[P1\\]") && !md.contains("Amani"), "{md}");
    assert!(!md.contains("carries sacks"), "only the retrieved code");
}

#[test]
fn an_existing_file_is_refused_in_the_form_and_escape_cancels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let out = dir.path().join("exists.json");
    std::fs::write(&out, "keep").expect("write");
    ui.keys("E");
    fill(&mut ui, 2, "exists.json");
    ui.keys("\n");
    let e = form_error(&ui).expect("open");
    assert!(e.contains("already exists; choose another name"), "{e}");
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep");
    ui.keys("\x1b");
    assert!(ui.app.dialog.is_none());
    assert_eq!(ui.app.message.as_deref(), Some("cancelled"));
}

#[test]
fn the_form_fits_a_small_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open_sized(&project(dir.path()), 80, 24);
    ui.keys("\nE");
    let screen = ui.screen();
    for label in [
        "Format",
        "Folder",
        "Speakers",
        "Pseudonymise",
        "writes ",
        "Enter export",
    ] {
        assert!(screen.contains(label), "{label}: {screen}");
    }
}
