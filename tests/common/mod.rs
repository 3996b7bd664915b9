//! Test helpers shared by every integration test: the built binary run in a
//! hermetic environment (its own data, cache and config directories, never
//! the developer's), and one driver for the real TUI update loop.
//!
//! Each test binary uses a part of this module, so unused items are allowed.
#![allow(dead_code)]

pub mod analysis;
pub mod fake_player;
pub mod on_disk;
pub mod session;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gloss::ops;
use gloss::tui::app::App;
use gloss::tui::{run_loop, EventSource, Next, ScriptedEvents};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Once;

/// The repository root (samples, codebooks, fixtures).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path as `&str` for command arguments.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The fictional sample transcripts (not the participants CSV, codings or notes).
pub fn samples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("sample-transcripts"))
        .expect("samples dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("md" | "csv" | "jsonl")
            )
        })
        .collect();
    files.sort();
    files
}

/// A temporary directory that is also the home of the binary's data, cache
/// and config directories, so no test reads or writes the developer's.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A path inside the environment's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The config file the binary reads (absent unless a test writes it).
    pub fn config_file(&self) -> PathBuf {
        self.path("xdg-config/gloss/config.toml")
    }

    /// A `gloss` command with the hermetic environment set.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gloss"));
        c.args(args)
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("GLOSS_CONFIG", self.config_file())
            .env_remove("GLOSS_PASSPHRASE")
            .env_remove("GLOSS_MPV_ARGS");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run gloss")
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "gloss {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and expects success; returns stderr (notes, warnings, summaries).
    pub fn ok_stderr(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "gloss {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    /// Runs and expects the contract for failures: exit 1, one line on
    /// stderr starting `error: `, nothing on stdout. Returns that line.
    pub fn fail(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(
            out.status.code(),
            Some(1),
            "gloss {args:?} should exit 1: {err}"
        );
        assert!(err.starts_with("error: "), "gloss {args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
        err
    }

    /// Runs with `--json` output expected; returns the parsed document.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("one JSON document on stdout")
    }

    /// `gloss init` of `name` with `coder`; returns the project path.
    pub fn project(&self, name: &str, coder: &str) -> PathBuf {
        let p = self.path(name);
        self.ok(&["init", s(&p), "--coder", coder]);
        p
    }

    /// Writes `content` to `name` in the environment; returns its path.
    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write file");
        p
    }
}

/// In-process tests (the TUI) read the user directories through the
/// environment too: point them at a private temporary directory, once.
pub fn hermetic_process() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = std::env::temp_dir().join(format!("gloss-test-home-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        for (k, sub) in [
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_CONFIG_HOME", "config"),
        ] {
            std::env::set_var(k, dir.join(sub));
        }
        std::env::set_var("GLOSS_CONFIG", dir.join("config/gloss/config.toml"));
    });
}

/// The real TUI update loop on a real project file, driven by injected
/// events and drawn into a `TestBackend`.
pub struct Ui {
    pub app: App,
    pub term: Terminal<TestBackend>,
}

impl Ui {
    /// Opens `path` at 140×30 and opens the first document.
    pub fn open(path: &Path) -> Ui {
        let mut ui = Ui::open_sized(path, 140, 30);
        ui.keys("\n");
        ui
    }

    /// Opens `path` in a terminal of `w`×`h`, on the document list.
    pub fn open_sized(path: &Path, w: u16, h: u16) -> Ui {
        hermetic_process();
        Ui::on_store(ops::project::open_plain(path, None).expect("open"), w, h)
    }

    /// The viewer on an open project (an encrypted one, say) in a
    /// terminal of `w`×`h`, on the document list.
    pub fn on_store(store: gloss::ops::Store, w: u16, h: u16) -> Ui {
        hermetic_process();
        Ui {
            app: App::new(store).expect("app"),
            term: Terminal::new(TestBackend::new(w, h)).expect("terminal"),
        }
    }

    pub fn events(&mut self, events: Vec<Event>) {
        let mut src = ScriptedEvents(events.into());
        run_loop(&mut self.term, &mut self.app, &mut src).expect("loop");
    }

    /// Types `s`: each char a key; `\n` Enter, `\x1b` Esc, `\t` Tab.
    pub fn keys(&mut self, s: &str) {
        let evs = s
            .chars()
            .map(|c| {
                let code = match c {
                    '\n' => KeyCode::Enter,
                    '\x1b' => KeyCode::Esc,
                    '\t' => KeyCode::Tab,
                    c => KeyCode::Char(c),
                };
                key(code)
            })
            .collect();
        self.events(evs);
    }

    /// Wakes the loop once with nothing to do, as the idle tick of the real
    /// terminal does (it then looks for changes made elsewhere).
    pub fn idle(&mut self) {
        run_loop(&mut self.term, &mut self.app, &mut IdleOnce(false)).expect("loop");
    }

    pub fn key(&mut self, code: KeyCode) {
        self.events(vec![key(code)]);
    }

    pub fn ctrl(&mut self, c: char) {
        self.events(vec![Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        ))]);
    }

    /// A key with Alt held (`Alt-2`, `Alt-←`).
    pub fn alt(&mut self, code: KeyCode) {
        self.events(vec![Event::Key(KeyEvent::new(code, KeyModifiers::ALT))]);
    }

    /// The status line (the last row).
    pub fn status_line(&self) -> String {
        self.screen().lines().last().unwrap_or_default().to_string()
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.term.backend_mut().resize(w, h);
        self.events(vec![Event::Resize(w, h)]);
    }

    /// (code, text, memo) of every coding, in list order.
    pub fn codings(&self) -> Vec<(String, String, String)> {
        let store = self.app.store();
        let views = ops::coding::views(
            store,
            &ops::coding::list(store, &Default::default()).expect("list"),
        )
        .expect("views");
        views
            .into_iter()
            .map(|v| (v.code_path, v.text, v.coding.memo.unwrap_or_default()))
            .collect()
    }

    pub fn screen(&self) -> String {
        buffer_text(self.term.backend().buffer())
    }

    /// Moves the cursor to the first occurrence of `needle` in the text.
    pub fn goto(&mut self, needle: &str) {
        let t = self.app.transcript.as_mut().expect("open");
        let byte = t.text().find(needle).expect("needle in text");
        let pos = gloss::core::text::char_offset(&t.text(), byte);
        t.clear_selection();
        t.set_cursor(pos);
    }
}

/// An event source that times out once, then ends.
struct IdleOnce(bool);

impl EventSource for IdleOnce {
    fn next(&mut self, _timeout: Option<std::time::Duration>) -> std::io::Result<Next> {
        if std::mem::replace(&mut self.0, true) {
            Ok(Next::End)
        } else {
            Ok(Next::Timeout)
        }
    }
    fn pending(&mut self) -> std::io::Result<Option<Event>> {
        Ok(None)
    }
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The text of a buffer, one line a row.
pub fn buffer_text(buf: &Buffer) -> String {
    let mut s = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

/// A coding of [`coded_project`]: document name, code (path or name), the
/// first occurrence of `needle` in the document's text, coder.
pub type Coded<'a> = (&'a str, &'a str, &'a str, &'a str);

/// A real project file in `dir`: the documents (name, text) imported as
/// text files, the YAML codebook, and the codings; its current coder is
/// `lead`.
pub fn coded_project(
    dir: &Path,
    docs: &[(&str, &str)],
    codebook_yaml: &str,
    codings: &[Coded<'_>],
) -> PathBuf {
    let path = dir.join("lead.gloss");
    let mut store = ops::project::init(&path, "lead").expect("init");
    let files: Vec<PathBuf> = docs
        .iter()
        .map(|(name, text)| {
            let f = dir.join(format!("{name}.txt"));
            std::fs::write(&f, text).expect("write");
            f
        })
        .collect();
    ops::import::import_files(&mut store, &files, &Default::default(), &mut |_, _, _| {})
        .expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), codebook_yaml.as_bytes())
        .expect("codebook");
    for (doc, code, needle, coder) in codings {
        let id = ops::documents::resolve(&store, doc).expect("doc");
        let text = ops::documents::load(&store, &id)
            .expect("load")
            .document
            .text;
        let b = text.find(needle).expect("needle in the document");
        let s = gloss::core::text::char_offset(&text, b);
        let r = gloss::core::CharRange::new(s, s + needle.chars().count());
        ops::coding::add(&mut store, doc, code, r, Some(coder), None).expect("add coding");
    }
    path
}

impl Ui {
    /// The style of the first cell where `needle` is drawn (on the first
    /// screen line holding it).
    pub fn style_of(&self, needle: &str) -> ratatui::style::Style {
        let buf = self.term.backend().buffer();
        let screen = self.screen();
        let (y, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"));
        let chars: Vec<char> = line.chars().collect();
        let n = needle.chars().count();
        let x = chars
            .windows(n)
            .position(|w| w.iter().collect::<String>() == needle)
            .expect("column");
        buf[(x as u16, y as u16)].style()
    }

    /// The screen line holding `needle` (the first one).
    pub fn line_with(&self, needle: &str) -> String {
        let screen = self.screen();
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
            .to_string()
    }
}

/// A project made in-process at `dir/name` (coder amani) with `files`
/// (file name, text) imported and, if given, a YAML codebook.
pub fn project_with(
    dir: &Path,
    name: &str,
    files: &[(&str, &str)],
    codebook_yaml: Option<&str>,
) -> PathBuf {
    let path = dir.join(name);
    let mut store = ops::project::init(&path, "amani").expect("init");
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(file, text)| {
            let f = dir.join(file);
            std::fs::write(&f, text).expect("write fixture");
            f
        })
        .collect();
    ops::import::import_files(&mut store, &paths, &Default::default(), &mut |_, _, _| {})
        .expect("import");
    if let Some(yaml) = codebook_yaml {
        ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), yaml.as_bytes())
            .expect("codebook");
    }
    path
}

/// The schema's migrations, in order (as the binary embeds them).
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../src/store/migrations/0001_initial.sql"),
    include_str!("../../src/store/migrations/0002_document_listing.sql"),
    include_str!("../../src/store/migrations/0003_document_position_by_id.sql"),
    include_str!("../../src/store/migrations/0004_segments_by_participant.sql"),
    include_str!("../../src/store/migrations/0005_no_identical_codings.sql"),
];

/// A project file exactly as a build at schema `version` (1 to 5) left it:
/// its migrations run directly, with one document (`text`, one turn of
/// `speaker` over `turn`), as an earlier Gloss would have written them.
/// Returns the open connection and the document id, for the test to add
/// what it needs.
pub fn old_schema_project(
    path: &Path,
    version: usize,
    text: &str,
    speaker: &str,
    turn: (usize, usize),
) -> (rusqlite::Connection, String) {
    let c = rusqlite::Connection::open(path).expect("open");
    for sql in &MIGRATION_SQL[..version] {
        c.execute_batch(sql).expect("migration");
    }
    c.execute_batch(&format!(
        "PRAGMA user_version = {version}; PRAGMA application_id = 1196184403;
         INSERT INTO project VALUES ('uuid', 'old-project'), ('current_coder', 'amani');
         INSERT INTO coders (name) VALUES ('amani');"
    ))
    .expect("project rows");
    let doc = "doc-1".to_string();
    c.execute(
        "INSERT INTO documents (id, name, text, char_count, language, source_format, encoding,
             content_hash, imported_at, position)
         VALUES (?1, 't', ?2, ?3, 'fr', 'text', 'utf-8', 'hash-1', '2026-01-01T00:00:00Z', 1)",
        rusqlite::params![doc, text, text.chars().count() as i64],
    )
    .expect("document");
    c.execute(
        "INSERT INTO participants (document_id, name) VALUES (?1, ?2)",
        rusqlite::params![doc, speaker],
    )
    .expect("participant");
    c.execute(
        "INSERT INTO segments (document_id, ordinal, start, end, participant_id)
         VALUES (?1, 0, ?2, ?3, 1)",
        rusqlite::params![doc, turn.0 as i64, turn.1 as i64],
    )
    .expect("segment");
    (c, doc)
}

/// Runs the test `name` of the current test binary again in `runs` fresh
/// processes (what happens once per process, such as the first use of
/// SQLite, happens in each), with `env` set to a new temporary directory
/// for each; returns each child's stderr. Panics on a child that fails or
/// is killed by a signal.
pub fn rerun_in_fresh_processes(name: &str, env: &str, runs: usize) -> Vec<String> {
    let exe = std::env::current_exe().expect("test binary");
    (0..runs)
        .map(|run| {
            let dir = tempfile::tempdir().expect("temp dir");
            let out = Command::new(&exe)
                .args([name, "--exact", "--nocapture", "--test-threads=1"])
                .env(env, dir.path())
                .output()
                .expect("run the test binary");
            assert!(
                out.status.success(),
                "run {run} of {name}: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stderr).into_owned()
        })
        .collect()
}

/// Opens the encrypted project at `path` with `passphrase`, with the
/// directories the (test's) environment names.
pub fn open_encrypted(path: &Path, passphrase: &str) -> gloss::ops::Store {
    hermetic_process();
    let project = ops::project::Project::new(
        path,
        Some(ops::project::Key::new(passphrase.into())),
        ops::project::Dirs::from_environment(),
    );
    ops::project::open(&project, None).expect("open the encrypted project")
}
