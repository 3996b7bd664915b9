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

/// A Whisper draft with word probabilities (openai-whisper's
/// `word_timestamps`), fictional.
const WHISPER: &str = r#"{"language": "fr", "text": " Bonjour à toutes. Nous lavons au puits de Kasulo.",
 "segments": [
  {"id": 0, "start": 1.0, "end": 3.0, "text": " Bonjour à toutes.", "avg_logprob": -0.2, "no_speech_prob": 0.01,
   "words": [{"word": " Bonjour", "start": 1.0, "end": 1.5, "probability": 0.98},
             {"word": " à", "start": 1.5, "end": 1.7, "probability": 0.95},
             {"word": " toutes.", "start": 1.7, "end": 2.4, "probability": 0.91}]},
  {"id": 1, "start": 4.0, "end": 8.0, "text": " Nous lavons au puits de Kasulo.", "avg_logprob": -0.6, "no_speech_prob": 0.02,
   "words": [{"word": " Nous", "start": 4.0, "end": 4.3, "probability": 0.97},
             {"word": " lavons", "start": 4.3, "end": 4.9, "probability": 0.31},
             {"word": " au", "start": 4.9, "end": 5.0, "probability": 0.93},
             {"word": " puits", "start": 5.0, "end": 5.4, "probability": 0.88},
             {"word": " de", "start": 5.4, "end": 5.5, "probability": 0.9},
             {"word": " Kasulo.", "start": 5.5, "end": 6.2, "probability": 0.22}]},
  {"id": 2, "start": 9.0, "end": 12.0, "text": " Euh, les enfants viennent aussi.", "avg_logprob": -1.4, "no_speech_prob": 0.1}
 ]}"#;

#[test]
fn the_recognisers_least_certain_words_are_dimmed_until_corrected_or_verified() {
    use ratatui::style::Modifier;
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    env.ok(&["import", s(&p), s(&env.file("fg05.json", WHISPER))]);
    let mut ui = Ui::open(&p);
    let dim = |ui: &Ui, w: &str| ui.style_of(w).add_modifier.contains(Modifier::DIM);
    assert!(dim(&ui, "lavons"), "{:?}", ui.style_of("lavons"));
    assert!(dim(&ui, "Kasulo"));
    assert!(!dim(&ui, "puits"), "a certain word is not dimmed");
    assert!(!dim(&ui, "Bonjour"));
    // A segment without word probabilities and a low average: all of it.
    assert!(dim(&ui, "enfants viennent"));
    // Typing over an uncertain word (a correction) un-dims it; the other
    // stays, and stays after the typing is saved and read again.
    ui.goto("lavons");
    ui.key(KeyCode::F(2));
    ui.keys("tra");
    ui.key(KeyCode::Delete);
    ui.key(KeyCode::Delete);
    ui.key(KeyCode::Esc);
    assert!(ui.screen().contains("Nous travons"), "{}", ui.screen());
    assert!(!dim(&ui, "travons"));
    assert!(dim(&ui, "Kasulo"));
    ui.app.run(gloss::tui::keymap::Action::Undo);
    ui.app.run(gloss::tui::keymap::Action::Redo);
    assert!(!dim(&ui, "travons"), "a corrected word is no longer found");
    assert!(dim(&ui, "Kasulo"));
    // Verified: nothing in the turn is dimmed any more.
    ui.goto("Kasulo");
    ui.key(KeyCode::F(9));
    assert!(!dim(&ui, "Kasulo"));
    assert!(dim(&ui, "enfants viennent"), "other turns keep theirs");
}
