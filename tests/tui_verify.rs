//! Issue 14 item 5 through the real update loop: a recogniser's draft
//! opens with its turns unverified and the status line counting them;
//! `Ctrl-n` goes to the next unverified turn, `F9` marks it verified (one
//! undo step), and the count follows.

mod common;

use common::{s, Env, Ui};
use crossterm::event::KeyCode;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Nurse>Bonjour.\n\n00:00:04.000 --> 00:00:06.000\n<v P1>Oui, à Kasulu.\n\n00:00:07.000 --> 00:00:09.000\n<v Nurse>Merci.\n";

#[test]
fn walk_the_unverified_turns_and_verify_them() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    env.ok(&["import", s(&p), s(&env.file("fg04.vtt", VTT))]);
    let mut ui = Ui::open(&p);
    ui.keys("j");
    assert!(
        ui.screen().contains("0 of 3 turns verified"),
        "{}",
        ui.screen()
    );
    ui.ctrl('n');
    ui.key(KeyCode::F(9));
    assert!(
        ui.screen().contains("1 of 3 turns verified"),
        "{}",
        ui.screen()
    );
    ui.ctrl('n');
    ui.key(KeyCode::F(9));
    ui.ctrl('n');
    ui.key(KeyCode::F(9));
    assert!(
        ui.screen().contains("3 of 3 turns verified"),
        "{}",
        ui.screen()
    );
    ui.ctrl('n');
    assert!(
        ui.screen().contains("every turn is verified"),
        "{}",
        ui.screen()
    );
    let turns = env.json(&["turns", s(&p), "fg04", "--json"]);
    assert!(turns
        .as_array()
        .expect("turns")
        .iter()
        .all(|t| t["verified"] == true));
    // One undo takes the last mark back.
    ui.keys("uk");
    assert!(
        ui.screen().contains("2 of 3 turns verified"),
        "{}",
        ui.screen()
    );
}
