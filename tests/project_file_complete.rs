//! Issue 10, item 1: whenever Gloss is not running, the `.gloss` file alone
//! holds everything — after CLI commands, and after a TUI session that used
//! search (its worker has a connection of its own) however it ended: `q`,
//! SIGTERM, SIGHUP, or the terminal itself going away.

mod common;

use common::{s, Env};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TRANSCRIPT: &str = "Interviewer: What do the children do at the site?\n\n\
P1: They wash the stones. The school fees come from that money.\n";

fn project(env: &Env) -> PathBuf {
    let p = env.project("p.gloss", "amani");
    let f = env.file("fg.txt", TRANSCRIPT);
    env.ok(&["import", s(&p), s(&f)]);
    let cb = env.file(
        "cb.yaml",
        "codes:\n  - name: Schooling\n    shortcut: \"1\"\n",
    );
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    p
}

fn sidecars(p: &Path) -> Vec<String> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|x| format!("{}{x}", p.display()))
        .filter(|f| Path::new(f).exists())
        .collect()
}

/// The number of codings a plain copy of the project file (alone) holds.
fn codings_in_copy(env: &Env, p: &Path) -> usize {
    let dir = env.path("copy");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let copy = dir.join("alone.gloss");
    std::fs::copy(p, &copy).expect("copy");
    let n = env
        .json(&["codings", "list", s(&copy), "--json"])
        .as_array()
        .expect("array")
        .len();
    std::fs::remove_dir_all(&dir).expect("clean");
    n
}

#[test]
fn cli_commands_leave_the_project_file_complete() {
    let env = Env::new();
    let p = project(&env);
    env.ok(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        "fg",
        "--code",
        "Schooling",
        "--start",
        "55",
        "--end",
        "76",
    ]);
    env.ok(&["search", s(&p), "fees"]);
    let out = env.path("x.csv");
    env.ok(&["export", s(&p), "--format", "csv", "-o", s(&out)]);
    let other = env.path("other.gloss");
    std::fs::copy(&p, &other).expect("copy");
    env.ok(&["merge", s(&p), s(&other)]);
    assert_eq!(sidecars(&p), Vec::<String>::new());
    assert_eq!(sidecars(&other), Vec::<String>::new(), "merge source");
    assert_eq!(codings_in_copy(&env, &p), 1);
}

/// The real binary in a pseudo-terminal (`script`), fed keys on its input.
struct Session {
    child: Child,
    project: PathBuf,
}

impl Session {
    fn start(env: &Env, project: &Path) -> Option<Session> {
        let cmd = format!("exec {} {}", env!("CARGO_BIN_EXE_gloss"), s(project));
        let spawned = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .envs(env.cmd(&[]).get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env("TERM", "xterm")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(child) = spawned else {
            eprintln!("note: `script` (util-linux) is not installed; TUI session tests skipped");
            return None;
        };
        let s = Session {
            child,
            project: project.into(),
        };
        s.wait_for(
            || !sidecars(project).is_empty(),
            "the TUI opened the project",
        );
        std::thread::sleep(Duration::from_millis(300));
        Some(s)
    }

    fn send(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(keys.as_bytes()).expect("send keys");
        stdin.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(400));
    }

    /// Opens the document, codes a sentence and searches (starting the
    /// search worker and its connection). No Esc: an Esc read together
    /// with the next key would be taken for Alt and that key.
    fn code_and_search(&mut self) {
        self.send("\r");
        self.send("js1");
        self.send("/fees");
        std::thread::sleep(Duration::from_millis(600));
    }

    fn wait_for(&self, cond: impl Fn() -> bool, what: &str) {
        let t = Instant::now();
        while !cond() {
            assert!(t.elapsed() < Duration::from_secs(10), "timed out: {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the gloss process inside the terminal (`exec` keeps it
    /// the child of `script`).
    fn gloss_pid(&self) -> u32 {
        let want = s(&self.project).to_string();
        for e in std::fs::read_dir("/proc").expect("/proc") {
            let Ok(e) = e else { continue };
            let Ok(cmdline) = std::fs::read(e.path().join("cmdline")) else {
                continue;
            };
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            if args.first().is_some_and(|a| a.ends_with(b"gloss"))
                && args.get(1).is_some_and(|a| *a == want.as_bytes())
            {
                return e.file_name().to_string_lossy().parse().expect("pid");
            }
        }
        panic!("no gloss process for {want}");
    }

    fn signal(&self, sig: &str) {
        let st = Command::new("kill")
            .args([&format!("-{sig}"), &self.gloss_pid().to_string()])
            .status()
            .expect("kill");
        assert!(st.success());
    }

    fn wait_exit(mut self) {
        let t = Instant::now();
        loop {
            if self.child.try_wait().expect("wait").is_some() {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "gloss did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
        let p = self.project.clone();
        self.wait_for(|| sidecars(&p).is_empty(), "the -wal and -shm are gone");
    }
}

#[test]
fn a_tui_session_that_searched_leaves_the_file_complete_on_quit_term_and_hup() {
    for how in ["q", "TERM", "HUP"] {
        // "q": quitting from the keyboard (Ctrl-c, the quit key of every pane).
        let env = Env::new();
        let p = project(&env);
        let Some(mut tui) = Session::start(&env, &p) else {
            return;
        };
        tui.code_and_search();
        match how {
            // Ctrl-c quits from every pane (q would be typed into the query).
            "q" => tui.send("\x03"),
            sig => tui.signal(sig),
        }
        tui.wait_exit();
        assert_eq!(codings_in_copy(&env, &p), 1, "after {how}");
    }
}

#[test]
fn a_terminal_that_goes_away_leaves_every_coding_in_the_file() {
    let env = Env::new();
    let p = project(&env);
    let Some(mut tui) = Session::start(&env, &p) else {
        return;
    };
    tui.code_and_search();
    let pid = tui.gloss_pid();
    // Killing `script` closes the terminal under gloss: a real hang-up.
    tui.child.kill().expect("kill script");
    let _ = tui.child.wait();
    let t = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(t.elapsed() < Duration::from_secs(10), "gloss still runs");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(codings_in_copy(&env, &p), 1);
}
