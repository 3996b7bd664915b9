//! Exporting from the TUI: the dialog (format, path, map), the export on a
//! worker thread, its outcome in the status bar; keys injected into the
//! real update loop, on a real project file.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gloss::ops;
use gloss::tui::app::{App, Focus};
use gloss::tui::{run_loop, ScriptedEvents};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
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
    for (code, p) in [
        ("School fees", "The school fees come from that money."),
        ("Child labour", "My daughter carries sacks."),
    ] {
        ops::coding::add(&mut store, "fg", code, at(p), None, None).expect("coding");
    }
    path
}

struct Ui {
    app: App,
    term: Terminal<TestBackend>,
}

impl Ui {
    fn open(path: &Path) -> Ui {
        let app = App::new(ops::project::open(path, None).expect("open")).expect("app");
        Ui {
            app,
            term: Terminal::new(TestBackend::new(120, 30)).expect("terminal"),
        }
    }

    fn events(&mut self, evs: Vec<Event>) {
        run_loop(
            &mut self.term,
            &mut self.app,
            &mut ScriptedEvents(evs.into()),
        )
        .expect("loop");
    }

    fn keys(&mut self, s: &str) {
        let evs = s
            .chars()
            .map(|c| {
                let code = match c {
                    '\n' => KeyCode::Enter,
                    '\x1b' => KeyCode::Esc,
                    c => KeyCode::Char(c),
                };
                Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
            })
            .collect();
        self.events(evs);
    }

    fn clear_input(&mut self) {
        self.events(vec![Event::Key(KeyEvent::new(
            KeyCode::Char('u'),
            KeyModifiers::CONTROL,
        ))]);
    }

    fn status(&self) -> String {
        let buf = self.term.backend().buffer();
        let y = buf.area.height - 1;
        (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
    }
}

#[test]
fn global_export_runs_on_a_worker_and_reports_in_the_status_bar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let out = dir.path().join("all.csv");
    // E: the format picker; j moves to xlsx, k back to csv.
    ui.keys("E");
    assert!(ui.app.dialog.is_some());
    ui.keys("jk\n");
    // The proposed path is a new file in the current directory.
    ui.clear_input();
    ui.keys(&format!("{}\n", out.display()));
    // No map: Enter. The loop then waits for the worker without blocking.
    ui.keys("\n");
    assert!(ui.app.export_job.is_none(), "the export finished");
    let msg = ui.app.message.clone().unwrap_or_default();
    assert!(msg.starts_with("exported 2 excerpts to"), "{msg}");
    assert!(
        ui.status().contains("exported 2 excerpts"),
        "{}",
        ui.status()
    );
    let mut rd = csv::Reader::from_path(&out).expect("csv");
    assert_eq!(rd.records().count(), 2);
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
    // e: export these; the formats picker; md is the third.
    ui.keys("ejj\n");
    let out = dir.path().join("schooling.md");
    ui.clear_input();
    ui.keys(&format!("{}\n", out.display()));
    ui.keys(&format!("{}\n", map.display()));
    let msg = ui.app.message.clone().unwrap_or_default();
    assert!(
        msg.contains("exported 1 excerpts") && msg.contains("check passed"),
        "{msg}"
    );
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.contains("## Schooling/School fees"));
    assert!(md.contains("\\[P1\\]") && !md.contains("Amani"), "{md}");
    assert!(!md.contains("carries sacks"), "only the retrieved code");
}

#[test]
fn a_failed_export_says_why_and_escape_cancels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    let out = dir.path().join("exists.json");
    std::fs::write(&out, "keep").expect("write");
    ui.keys("Ejjjjj\n");
    ui.clear_input();
    ui.keys(&format!("{}\n\n", out.display()));
    let msg = ui.app.message.clone().unwrap_or_default();
    assert!(
        msg.starts_with("export failed:") && msg.contains("already exists"),
        "{msg}"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep");
    ui.keys("E\x1b");
    assert!(ui.app.dialog.is_none());
    assert_eq!(ui.app.message.as_deref(), Some("cancelled"));
}
