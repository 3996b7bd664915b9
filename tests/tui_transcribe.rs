//! Transcription mode (issue 14 item 3) through the real update loop, with
//! a stand-in player on a virtual clock (`common::fake_player`): transcribe
//! from nothing (play, pause with backstep, new turns at the playhead for
//! numbered speakers), seeks and speed, stamping, looping a turn, following
//! the turn being heard, and the status line's playhead.

mod common;

use common::fake_player::{FakeHandle, FakePlayer};
use common::{s, Env, Ui};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use gloss::player::PlayerEvent;
use serde_json::Value;
use std::path::PathBuf;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Animatrice>Bonjour à toutes.\n\n00:00:04.000 --> 00:00:09.500\n<v Neema>Nous travaillons au puits depuis 2019.\n\n00:00:10.000 --> 00:00:14.000\n<v Animatrice>Et les enfants ?\n";

/// A project with an empty document "fg04" linked to a recording, opened
/// in the TUI with a stand-in player attached.
fn from_nothing(env: &Env) -> (PathBuf, Ui, FakeHandle) {
    let p = env.project("p.gloss", "amani");
    let media = env.file("fg04.wav", "not really audio: the stand-in plays it");
    env.ok(&["transcribe", s(&p), s(&media), "--no-tui"]);
    open_with_player(&p, &media)
}

/// A Whisper-like draft "fg04" with timed turns, linked to a recording.
fn draft(env: &Env) -> (PathBuf, Ui, FakeHandle) {
    let p = env.project("p.gloss", "amani");
    let media = env.file("fg04.wav", "not really audio");
    let vtt = env.file("fg04.vtt", VTT);
    env.ok(&[
        "transcribe",
        s(&p),
        s(&media),
        "--draft",
        s(&vtt),
        "--no-tui",
    ]);
    open_with_player(&p, &media)
}

fn open_with_player(p: &std::path::Path, media: &std::path::Path) -> (PathBuf, Ui, FakeHandle) {
    let mut ui = Ui::open(p);
    let (player, handle) = FakePlayer::new(media, 600.0);
    ui.app.attach_player(Box::new(player));
    ui.key(KeyCode::F(4));
    assert!(ui.app.transcribing(), "{}", ui.screen());
    (p.to_path_buf(), ui, handle)
}

fn turns(env: &Env, p: &std::path::Path) -> Vec<Value> {
    env.json(&["turns", s(p), "fg04", "--json"])
        .as_array()
        .expect("turns")
        .clone()
}

/// The document's text as stored.
fn text_of(env: &Env, p: &std::path::Path) -> String {
    env.json(&["show", s(p), "fg04", "--json"])["text"]
        .as_str()
        .expect("text")
        .to_string()
}

/// Wakes the loop as the player's ticker does.
fn tick(ui: &mut Ui) {
    ui.app
        .sender()
        .send(gloss::tui::event::AppEvent::Player(PlayerEvent::Tick))
        .expect("send");
    ui.idle();
}

#[test]
fn transcribe_from_nothing_with_backstep_and_numbered_speakers() {
    let env = Env::new();
    let (p, mut ui, clock) = from_nothing(&env);
    assert!(
        ui.status_line().contains("TRANSCRIBE")
            && ui
                .status_line()
                .contains("fg04.wav ⏸ 00:00.0 / 10:00 · 1.0× · follow"),
        "{}",
        ui.status_line()
    );
    // F4 plays; three seconds later F4 pauses at 3.0.
    ui.key(KeyCode::F(4));
    assert!(!clock.paused());
    clock.advance(3.0);
    tick(&mut ui);
    assert!(
        ui.status_line().contains("▶ 00:03.0"),
        "{}",
        ui.status_line()
    );
    ui.key(KeyCode::F(4));
    assert!(clock.paused());
    assert!((clock.position() - 3.0).abs() < 1e-9);
    // Enter starts the first turn at the playhead; type what was said.
    ui.key(KeyCode::Enter);
    ui.keys("Nous travaillons au puits.");
    // Playing again backs up 1.5 s first.
    ui.key(KeyCode::F(4));
    assert!(
        (clock.position() - 1.5).abs() < 1e-9,
        "{}",
        clock.position()
    );
    clock.advance(4.0);
    // Alt-0 lists the speakers: a new one is named and their turn starts.
    ui.alt(KeyCode::Char('0'));
    assert!(ui.screen().contains("a new speaker"), "{}", ui.screen());
    ui.keys("new\n");
    ui.keys("Neema\n");
    ui.keys("Depuis 2019.");
    clock.advance(2.0);
    // Alt-1 is the first speaker of the document (the one without a name
    // has none: the first named one is Neema).
    ui.alt(KeyCode::Char('1'));
    ui.keys("Oui.");
    // Alt-2 names no one yet: it says how to add a speaker, and adds no turn.
    ui.alt(KeyCode::Char('2'));
    assert!(
        ui.app
            .message
            .as_deref()
            .unwrap_or("")
            .contains("Alt-0 lists them and adds one"),
        "{:?}",
        ui.app.message
    );
    ui.key(KeyCode::Esc);
    let t = turns(&env, &p);
    assert_eq!(t.len(), 3, "{t:#?}");
    assert_eq!(t[0]["start_ms"], 3000);
    assert_eq!(
        t[0]["end_ms"], 5500,
        "the first turn ends where the next begins"
    );
    assert_eq!(t[1]["speaker"], "Neema");
    assert_eq!(t[1]["start_ms"], 5500);
    assert_eq!(t[1]["end_ms"], 7500);
    assert_eq!(t[2]["speaker"], "Neema");
    assert_eq!(t[2]["start_ms"], 7500);
    let text = text_of(&env, &p);
    assert!(
        text.contains("[00:00:03] Nous travaillons au puits.")
            && text.contains("[00:00:05.500] Neema: Depuis 2019.")
            && text.contains("[00:00:07.500] Neema: Oui."),
        "{text}"
    );
    // A second speaker (Alt-0), then Alt-2 is theirs and Alt-1 Neema's.
    ui.key(KeyCode::F(4));
    clock.advance(1.0);
    ui.alt(KeyCode::Char('0'));
    ui.keys("new\nAnimatrice\n");
    ui.keys("Et les enfants ?");
    clock.advance(3.0);
    ui.alt(KeyCode::Char('1'));
    ui.keys("Ils lavent.");
    clock.advance(2.0);
    ui.alt(KeyCode::Char('2'));
    ui.keys("Merci.");
    ui.key(KeyCode::Esc);
    let t = turns(&env, &p);
    let who: Vec<&str> = t
        .iter()
        .map(|t| t["speaker"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        who,
        ["", "Neema", "Neema", "Animatrice", "Neema", "Animatrice"]
    );
    // Undo takes back the typing, then the new turn.
    ui.key(KeyCode::F(4));
    ui.ctrl('z');
    ui.ctrl('z');
    ui.key(KeyCode::Esc);
    assert_eq!(turns(&env, &p).len(), 5);
}

#[test]
fn seeks_speed_and_stamps() {
    let env = Env::new();
    let (p, mut ui, clock) = draft(&env);
    ui.key(KeyCode::F(5));
    ui.key(KeyCode::F(5));
    assert!((clock.position() - 10.0).abs() < 1e-9);
    ui.key(KeyCode::F(3));
    assert!((clock.position() - 5.0).abs() < 1e-9);
    ui.alt(KeyCode::Right);
    assert!((clock.position() - 7.0).abs() < 1e-9);
    ui.alt(KeyCode::Left);
    ui.alt(KeyCode::Left);
    assert!((clock.position() - 3.0).abs() < 1e-9);
    ui.alt(KeyCode::PageDown);
    assert!((clock.position() - 33.0).abs() < 1e-9);
    ui.alt(KeyCode::PageUp);
    ui.alt(KeyCode::PageUp);
    assert_eq!(clock.position(), 0.0, "seeks stop at the start");
    for _ in 0..3 {
        ui.key(KeyCode::F(6));
    }
    assert!((clock.speed() - 0.7).abs() < 1e-9);
    assert!(ui.status_line().contains("0.7×"), "{}", ui.status_line());
    for _ in 0..20 {
        ui.key(KeyCode::F(7));
    }
    assert!((clock.speed() - 2.0).abs() < 1e-9, "at most 2×");
    // Ctrl-t on a timed turn puts [hh:mm:ss] at the cursor.
    ui.goto("depuis");
    clock.seek(6.2);
    ui.ctrl('t');
    ui.key(KeyCode::Esc);
    let text = text_of(&env, &p);
    assert!(text.contains("puits [00:00:06] depuis"), "{text}");
}

#[test]
fn a_turn_without_a_time_takes_the_playhead_as_its_start() {
    let env = Env::new();
    let (p, mut ui, clock) = from_nothing(&env);
    // A turn made without audio (the playhead at 0 means a time of 0: so
    // make one by splitting in edit mode instead).
    ui.key(KeyCode::Enter);
    ui.keys("Bonjour.");
    ui.key(KeyCode::Esc);
    env.ok(&[
        "turns",
        "split",
        s(&p),
        "fg04",
        "--at",
        &split_at(&env, &p, "jour"),
    ]);
    ui.idle();
    ui.key(KeyCode::F(4));
    ui.goto("jour");
    clock.seek(12.0);
    ui.ctrl('t');
    ui.key(KeyCode::Esc);
    let t = turns(&env, &p);
    assert_eq!(t.len(), 2, "{t:#?}");
    assert_eq!(t[1]["start_ms"], 12000, "{t:#?}");
}

/// The char offset of `needle` in the document's text.
fn split_at(env: &Env, p: &std::path::Path, needle: &str) -> String {
    let text = text_of(env, p);
    let b = text.find(needle).expect("needle");
    gloss::core::text::char_offset(&text, b).to_string()
}

#[test]
fn loop_a_turn_follow_the_playhead_and_play_from_the_cursor() {
    let env = Env::new();
    let (_p, mut ui, clock) = draft(&env);
    ui.goto("travaillons");
    ui.key(KeyCode::F(8));
    assert_eq!(clock.ab_loop(), Some((4.0, 9.5)), "{:?}", clock.log());
    assert!(!clock.paused(), "looping plays");
    assert!(ui.status_line().contains("loop"), "{}", ui.status_line());
    clock.advance(7.0);
    tick(&mut ui);
    let at = clock.position();
    assert!((4.0..9.5).contains(&at), "{at}");
    ui.key(KeyCode::F(8));
    assert_eq!(clock.ab_loop(), None);
    // Ctrl-j plays from the start of the turn at the cursor.
    ui.goto("enfants");
    ui.events(vec![Event::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::CONTROL,
    ))]);
    assert!((clock.position() - 10.0).abs() < 1e-9, "{:?}", clock.log());
    tick(&mut ui);
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(t.heard, Some(2), "the third turn is heard");
    assert!(ui.screen().contains("   00:10 ▶"), "{}", ui.screen());
}

#[test]
fn follow_keeps_the_turn_heard_in_view_without_fighting_the_cursor() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let media = env.file("fg04.wav", "not really audio");
    // Sixty timed turns, far more than a screen.
    let mut vtt = String::from("WEBVTT\n");
    for i in 0..60u32 {
        vtt.push_str(&format!(
            "\n00:{:02}:{:02}.000 --> 00:{:02}:{:02}.500\n<v P{}>Tour numéro {i}.\n",
            i * 5 / 60,
            i * 5 % 60,
            i * 5 / 60,
            i * 5 % 60 + 4,
            i % 3 + 1
        ));
    }
    let vtt = env.file("fg04.vtt", &vtt);
    env.ok(&[
        "transcribe",
        s(&p),
        s(&media),
        "--draft",
        s(&vtt),
        "--no-tui",
    ]);
    let (_p, mut ui, clock) = open_with_player(&p, &media);
    ui.key(KeyCode::F(4));
    clock.advance(200.0);
    tick(&mut ui);
    // Turn 41 (200 s) is heard, highlighted and in view; the cursor stayed.
    assert!(ui.screen().contains("Tour numéro 40."), "{}", ui.screen());
    assert!(ui.screen().contains("   03:20 ▶"), "{}", ui.screen());
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(t.heard, Some(40));
    assert!(t.cursor() < 40, "the cursor is not moved by following");
    // The user scrolls back to the top: the next tick within the same turn
    // leaves the view where the user put it.
    ui.goto("Tour numéro 0.");
    ui.idle();
    clock.advance(1.0);
    tick(&mut ui);
    assert!(ui.screen().contains("Tour numéro 0."), "{}", ui.screen());
    // The next turn heard comes into view again.
    clock.advance(5.0);
    tick(&mut ui);
    assert!(ui.screen().contains("Tour numéro 41."), "{}", ui.screen());
    // Follow off: the view stays.
    ui.alt(KeyCode::Char('f'));
    assert!(
        !ui.status_line().contains("· follow"),
        "{}",
        ui.status_line()
    );
    ui.goto("Tour numéro 0.");
    ui.idle();
    clock.advance(10.0);
    tick(&mut ui);
    assert!(ui.screen().contains("Tour numéro 0."), "{}", ui.screen());
}

#[test]
fn pause_while_typing_resumes_after_a_second_of_quiet_backed_up() {
    let env = Env::new();
    let (_p, mut ui, clock) = draft(&env);
    ui.alt(KeyCode::Char('p'));
    assert!(
        ui.status_line().contains("pause while typing"),
        "{}",
        ui.status_line()
    );
    // Ctrl-Space plays, as F4 does.
    ui.events(vec![Event::Key(KeyEvent::new(
        KeyCode::Char(' '),
        KeyModifiers::CONTROL,
    ))]);
    assert!(!clock.paused());
    clock.advance(6.0);
    ui.goto("enfants");
    ui.keys("les ");
    assert!(clock.paused(), "typing paused playback");
    let at = clock.position();
    assert!((at - 6.0).abs() < 1e-9, "{at}");
    // Quiet for a second: playback resumes 1.5 s earlier.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ui.idle();
    assert!(!clock.paused(), "{:?}", clock.log());
    assert!(
        (clock.position() - 4.5).abs() < 1e-9,
        "{}",
        clock.position()
    );
}

#[test]
fn without_a_recording_the_mode_edits_and_says_why_there_is_no_audio() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    env.ok(&["import", s(&p), s(&env.file("fg04.vtt", VTT))]);
    let mut ui = Ui::open(&p);
    ui.key(KeyCode::F(4));
    assert!(ui.app.transcribing());
    let said = ui.app.message.clone().unwrap_or_default();
    assert!(
        said.contains(
            "no audio: the document has no recording (gloss media PROJECT DOC FILE links one)"
        ),
        "{said}"
    );
    assert!(
        ui.status_line().contains("no recording · no audio"),
        "{}",
        ui.status_line()
    );
    ui.key(KeyCode::F(4));
    assert!(
        ui.status_line().contains("no audio"),
        "{}",
        ui.status_line()
    );
    // Typing and new turns still work (a new turn without a time).
    ui.goto("enfants");
    ui.key(KeyCode::Enter);
    ui.key(KeyCode::Esc);
    let t = turns(&env, &p);
    assert_eq!(t.len(), 4, "{t:#?}");
    assert_eq!(t[3]["start_ms"], Value::Null);
}

#[test]
fn the_help_lists_transcription_keys() {
    let env = Env::new();
    let (_p, mut ui, _clock) = draft(&env);
    ui.resize(180, 90);
    ui.key(KeyCode::F(1));
    let screen = ui.screen();
    for want in [
        "Transcription mode (F4: play and type)",
        "F4 Ctrl-Space",
        "play / pause (resuming backs up)",
        "Alt-1…9",
        "new turn for participant 1-9",
        "loop the current turn on/off",
    ] {
        assert!(screen.contains(want), "{want}: {screen}");
    }
}

/// The real mpv (`--ao=null`) behind transcription mode: it starts on a
/// worker, plays, pauses, and the new turn's time is the playhead's.
#[test]
fn with_the_real_mpv_the_new_turn_takes_the_playhead_time() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let media = env.dir.path().join("fg04.wav");
    std::fs::write(&media, gloss::player::bench::sine_wav(20, 48_000)).expect("wav");
    env.ok(&["transcribe", s(&p), s(&media), "--no-tui"]);
    // This binary's other tests use the stand-in: only this one starts mpv.
    std::env::set_var("GLOSS_MPV_ARGS", "--ao=null");
    let mut ui = Ui::open(&p);
    ui.key(KeyCode::F(4));
    // The scripted loop waits for mpv to start, as for any job.
    ui.app.wait_for_jobs(std::time::Duration::from_secs(15));
    ui.idle();
    assert!(
        ui.status_line().contains("fg04.wav ⏸ 00:00.0 / 00:20"),
        "{}",
        ui.status_line()
    );
    ui.key(KeyCode::F(4));
    std::thread::sleep(std::time::Duration::from_millis(1200));
    ui.key(KeyCode::F(4));
    let at = ui
        .app
        .transcription()
        .and_then(|t| t.position_ms())
        .expect("a playhead");
    assert!((900..=1600).contains(&at), "played about 1.2 s: {at} ms");
    ui.key(KeyCode::Enter);
    ui.keys("Bonjour.");
    ui.key(KeyCode::Esc);
    let t = turns(&env, &p);
    assert_eq!(t.len(), 1, "{t:#?}");
    // mpv's own report of where it paused may come after our estimate:
    // the stamp is within 100 ms of it (the bound).
    let stamped = t[0]["start_ms"].as_u64().expect("a start");
    assert!(stamped.abs_diff(at) <= 100, "{stamped} vs {at}: {t:#?}");
    drop(ui);
}

#[test]
fn correcting_a_draft_walks_the_unverified_turns_and_hears_each() {
    let env = Env::new();
    let (p, mut ui, clock) = draft(&env);
    assert!(
        ui.status_line().contains("TRANSCRIBE"),
        "{}",
        ui.status_line()
    );
    // Ctrl-n goes to the next unverified turn and plays it from its start.
    ui.ctrl('n');
    assert!((clock.position() - 4.0).abs() < 1e-9, "{:?}", clock.log());
    assert!(!clock.paused());
    ui.key(KeyCode::F(9));
    assert!(
        ui.app
            .message
            .as_deref()
            .unwrap_or("")
            .contains("1 of 3 turns verified"),
        "{:?}",
        ui.app.message
    );
    ui.ctrl('n');
    assert!((clock.position() - 10.0).abs() < 1e-9, "{:?}", clock.log());
    ui.key(KeyCode::F(9));
    // From the top again: the first turn.
    ui.ctrl('n');
    assert!((clock.position() - 1.0).abs() < 1e-9, "{:?}", clock.log());
    ui.key(KeyCode::F(9));
    assert!(
        ui.app
            .message
            .as_deref()
            .unwrap_or("")
            .contains("3 of 3 turns verified"),
        "{:?}",
        ui.app.message
    );
    ui.key(KeyCode::Esc);
    let t = turns(&env, &p);
    assert!(t.iter().all(|t| t["verified"] == true), "{t:#?}");
}
