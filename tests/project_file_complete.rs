//! Issue 10, item 1: whenever Gloss is not running, the `.gloss` file alone
//! holds everything — after CLI commands, and after a TUI session that used
//! search (its worker has a connection of its own) however it ended: `q`,
//! SIGTERM, SIGHUP, or the terminal itself going away.

mod common;

use common::session::{sidecars, Session};
use common::{s, Env};
use std::path::{Path, PathBuf};
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
