//! The agreement screen driven by keys injected into the real update loop,
//! against a real project file: table, drill-down, the disagreement queue
//! settled into `consensus`, undo, and blind mode.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gloss::core::CharRange;
use gloss::ops;
use gloss::tui::app::{App, Focus};
use gloss::tui::{run_loop, ScriptedEvents};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::{Path, PathBuf};

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
  - name: School fees
    color: "#3498db"
"##;

/// Two coders, two disagreements on "Child labour", full agreement on
/// "School fees".
fn project(dir: &Path) -> PathBuf {
    let path = dir.join("lead.gloss");
    let mut store = ops::project::init(&path, "amani").expect("init");
    let f = dir.join("fg.txt");
    std::fs::write(&f, TRANSCRIPT).expect("write");
    ops::import::import_files(&mut store, &[f], &Default::default(), &mut |_, _, _| {})
        .expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes())
        .expect("codebook");
    let doc = ops::documents::list(&store).expect("docs")[0].name.clone();
    let text = ops::documents::load(&store, &ops::documents::resolve(&store, &doc).expect("doc"))
        .expect("load")
        .document
        .text;
    let at = |needle: &str| {
        let b = text.find(needle).expect("needle");
        let s = gloss::core::text::char_offset(&text, b);
        CharRange::new(s, s + needle.chars().count())
    };
    let mut add = |code: &str, r: CharRange, coder: &str| {
        ops::coding::add(&mut store, &doc, code, r, Some(coder), None).expect("add");
    };
    add("Child labour", at("They wash the stones."), "amani");
    add("Child labour", at("wash the stones."), "neema");
    add("Child labour", at("My daughter carries sacks."), "neema");
    add(
        "School fees",
        at("The school fees come from that money."),
        "amani",
    );
    add(
        "School fees",
        at("The school fees come from that money."),
        "neema",
    );
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
            term: Terminal::new(TestBackend::new(140, 30)).expect("terminal"),
        }
    }

    fn keys(&mut self, s: &str) {
        let evs: Vec<Event> = s
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
        let mut src = ScriptedEvents(evs.into());
        run_loop(&mut self.term, &mut self.app, &mut src).expect("loop");
    }

    fn screen(&self) -> String {
        let buf = self.term.backend().buffer();
        let mut s = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                s.push_str(buf[(x, y)].symbol());
            }
            s.push('\n');
        }
        s
    }

    /// (code, coder, text) of every consensus coding with a non-empty range.
    fn consensus(&self) -> Vec<(String, String)> {
        let store = self.app.store();
        let filter = ops::coding::CodingFilter {
            coder: Some("consensus".into()),
            ..Default::default()
        };
        ops::coding::views(store, &ops::coding::list(store, &filter).expect("list"))
            .expect("views")
            .into_iter()
            .map(|v| (v.code, v.text))
            .collect()
    }
}

#[test]
fn settle_disagreements_from_the_agreement_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("A");
    assert_eq!(ui.app.focus, Focus::Agreement);
    let s = ui.screen();
    assert!(s.contains("Agreement · amani, neema"), "{s}");
    assert!(
        s.contains("Child labour") && s.contains("School fees"),
        "{s}"
    );
    assert!(s.contains("good") && s.contains("poor"), "{s}");
    // Verdicts are coloured against Krippendorff's thresholds.
    let color_of = |ui: &Ui, word: &str| {
        let buf = ui.term.backend().buffer();
        let screen = ui.screen();
        let (y, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(word))
            .expect("word on screen");
        let chars: Vec<char> = line.chars().collect();
        let col = chars
            .windows(word.chars().count())
            .position(|w| w.iter().collect::<String>() == word)
            .expect("column");
        buf[(col as u16, y as u16)].fg
    };
    assert_eq!(color_of(&ui, "good"), ratatui::style::Color::Green);
    assert_eq!(color_of(&ui, "poor"), ratatui::style::Color::Red);
    // Drill into "School fees": one document.
    ui.keys("j\n");
    let s = ui.screen();
    assert!(s.contains("School fees · per document"), "{s}");
    ui.keys("\x1b");
    // The queue of every code: two passages of "Child labour".
    ui.keys("d");
    let s = ui.screen();
    assert!(s.contains("0 of 2 settled"), "{s}");
    assert!(s.contains("1 amani") && s.contains("2 neema"), "{s}");
    // Keep amani's version of the first, the union of the second.
    ui.keys("1");
    assert!(ui.screen().contains("1 of 2 settled"), "{}", ui.screen());
    ui.keys("o");
    assert!(ui.screen().contains("2 of 2 settled"), "{}", ui.screen());
    assert_eq!(
        ui.consensus(),
        vec![
            (
                "Child labour".to_string(),
                "They wash the stones.".to_string()
            ),
            (
                "Child labour".to_string(),
                "My daughter carries sacks.".to_string()
            ),
        ]
    );
    // Undo the union; settle it as "none" instead.
    ui.keys("u");
    assert!(ui.screen().contains("1 of 2 settled"), "{}", ui.screen());
    ui.keys(" n");
    assert!(ui.screen().contains("2 of 2 settled"), "{}", ui.screen());
    assert_eq!(
        ui.consensus().len(),
        2,
        "kept + zero-length 'none' decision"
    );
    // Agreed passages go in with one key.
    ui.keys("a");
    assert!(ui.consensus().contains(&(
        "School fees".into(),
        "The school fees come from that money.".into()
    )));
    // Back to the table, then out.
    ui.keys("\x1b");
    assert!(ui.screen().contains("Agreement · amani, neema"));
    ui.keys("\x1b");
    assert_ne!(ui.app.focus, Focus::Agreement);
    // The figures against consensus.
    let coders = vec!["amani".to_string(), "consensus".to_string()];
    let r = ops::agreement::report(ui.app.store(), Some(&coders), None, Default::default())
        .expect("report");
    assert_eq!(r.per_code["Child labour"].pairs[0].both, 21);
    assert_eq!(r.per_code["School fees"].percent_agreement, Some(1.0));
}

#[test]
fn blind_mode_shows_only_my_codings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ui = Ui::open(&project(dir.path()));
    ui.keys("\n");
    let coders = |ui: &Ui| -> Vec<String> {
        let t = ui.app.transcript.as_ref().expect("open");
        t.codings.iter().map(|c| c.coder.clone()).collect()
    };
    assert!(coders(&ui).contains(&"neema".to_string()));
    ui.keys("B");
    assert!(ui.app.blind);
    assert!(
        coders(&ui).iter().all(|c| c == "amani"),
        "{:?}",
        coders(&ui)
    );
    assert!(ui.screen().contains("BLIND"));
    ui.keys("B");
    assert!(coders(&ui).contains(&"neema".to_string()));
}
