//! The passphrase screen of an encrypted project opened in the viewer:
//! drawn into a TestBackend (masked input, a wrong passphrase said, three
//! tries, Esc), and the real binary in a pseudo-terminal (asked on its own
//! screen, the typed passphrase never echoed; a plain project with a
//! passphrase and an encrypted one with none and no terminal refused, each
//! with a line saying which).

mod common;

use common::session::Session;
use common::{buffer_text, s, Env};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gloss::ops;
use gloss::ops::project::Key;
use gloss::tui::unlock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

const RIGHT: &str = "lamp oyster";
const WRONG: &str = "zebra1";

fn encrypted(dir: &Path) -> PathBuf {
    let p = dir.join("secret.gloss");
    let store = ops::project::create(
        &ops::project::Project::new(
            &p,
            Some(Key::new(RIGHT.into()).clone()),
            ops::project::Dirs::from_environment(),
        ),
        "amani",
    )
    .expect("init");
    drop(store);
    p
}

fn typed(text: &str) -> Vec<Event> {
    let mut v: Vec<Event> = text
        .chars()
        .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
        .collect();
    v.push(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
    v
}

/// Runs the screen on `events`; the result and the last screen drawn.
fn run(path: &Path, events: Vec<Event>) -> (anyhow::Result<gloss::ops::Store>, String) {
    let mut term = Terminal::new(TestBackend::new(80, 20)).expect("terminal");
    let mut queue: VecDeque<Event> = events.into();
    let mut next = || {
        queue
            .pop_front()
            .ok_or_else(|| std::io::Error::other("the script ran out"))
    };
    let mut open = |key: &Key| ops::project::open_with_key(&ops::project::plain(path), None, key);
    let result = unlock::ask(&mut term, path, &mut next, &mut open);
    (result, buffer_text(term.backend().buffer()))
}

#[test]
fn a_wrong_passphrase_is_said_and_the_right_one_opens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = encrypted(dir.path());
    let mut events = typed(WRONG);
    events.extend(typed(RIGHT));
    let (result, _) = run(&p, events);
    let store = result.expect("opened with the right passphrase");
    assert!(store.is_encrypted());
}

#[test]
fn the_input_is_masked_and_a_wrong_passphrase_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = encrypted(dir.path());
    let mut events = typed(WRONG);
    events.extend(
        "abc"
            .chars()
            .map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
    );
    let (result, screen) = run(&p, events);
    assert!(result.is_err(), "the script ran out before an answer");
    assert!(screen.contains("secret.gloss is encrypted."), "{screen}");
    assert!(
        screen.contains("wrong passphrase — 2 tries left"),
        "{screen}"
    );
    assert!(screen.contains("Passphrase: •••"), "{screen}");
    assert!(
        !screen.contains("abc") && !screen.contains(WRONG),
        "{screen}"
    );
}

#[test]
fn three_wrong_passphrases_give_up_and_esc_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = encrypted(dir.path());
    let mut events = typed("one");
    events.extend(typed("two"));
    events.extend(typed("three"));
    events.extend(typed(RIGHT));
    let (result, _) = run(&p, events);
    let e = result.err().expect("refused after three tries").to_string();
    assert!(
        e.contains("wrong passphrase for") && e.contains("3 tries"),
        "{e}"
    );

    let esc = vec![Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))];
    let (result, _) = run(&p, esc);
    let e = result.err().expect("Esc gives up").to_string();
    assert!(e.contains("not opened"), "{e}");
    // Still the right passphrase, nothing changed.
    assert!(
        ops::project::open_with_key(&ops::project::plain(&p), None, &Key::new(RIGHT.into()))
            .is_ok()
    );
}

#[test]
fn the_binary_asks_on_its_own_screen_in_a_terminal() {
    let env = Env::new();
    let p = env.path("study.gloss");
    let out = env
        .cmd(&["init", s(&p), "--coder", "amani", "--encrypt"])
        .env("GLOSS_PASSPHRASE", RIGHT)
        .output()
        .expect("init");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(mut session) = Session::spawn(&env, &p) else {
        return;
    };
    std::thread::sleep(Duration::from_millis(800));
    session.send(&format!("{WRONG}\r"));
    session.wait_for(
        || session.screen_text().contains("wrong passphrase"),
        "a wrong passphrase is said",
    );
    session.send(&format!("{RIGHT}\r"));
    session.wait_for(
        || !common::session::sidecars(&p).is_empty(),
        "the viewer opened the project",
    );
    std::thread::sleep(Duration::from_millis(500));
    session.send("q");
    let screen = session.screen_text();
    assert!(session.exit_status().success());
    // The terminal gets words placed by cursor moves, not whole lines.
    assert!(
        screen.contains("encrypted.") && screen.contains("Passphrase:") && screen.contains('•'),
        "no passphrase screen: {screen:?}"
    );
    for word in [WRONG, "lamp", "oyster"] {
        assert!(!screen.contains(word), "{word} was echoed: {screen:?}");
    }
}

#[test]
fn a_plain_project_with_a_passphrase_or_an_encrypted_one_without_is_refused() {
    let env = Env::new();
    let plain = env.project("plain.gloss", "amani");
    let out = env
        .cmd(&[s(&plain)])
        .env("GLOSS_PASSPHRASE", RIGHT)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("plain.gloss is not encrypted"), "{err}");

    let secret = env.path("secret.gloss");
    let made = env
        .cmd(&["init", s(&secret), "--coder", "amani", "--encrypt"])
        .env("GLOSS_PASSPHRASE", RIGHT)
        .output()
        .expect("init");
    assert!(made.status.success());
    let out = env.cmd(&[s(&secret)]).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("secret.gloss is encrypted") && err.contains("GLOSS_PASSPHRASE"),
        "{err}"
    );
}
