//! Issue 14, items 3, 5 and 7 through the built binary: `gloss transcribe`
//! makes a document from a recording (empty, from a draft, from a local
//! recogniser — here a small script standing in for whisper-cli), links
//! the recording, and starts drafts' turns unverified; `gloss media`
//! links a recording to an existing document. A failing recogniser says
//! its last lines and leaves the project as it was.

mod common;

use common::{s, Env};

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Speaker 1>Bonjour, on commence.\n\n00:00:04.000 --> 00:00:06.000\n<v Speaker 2>Oui, à Kasulu.\n";

#[test]
fn transcribe_from_a_recogniser_a_draft_or_nothing() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let media = env.file("fg04.wav", "RIFF....WAVE (a stand-in: never played here)");
    // The recogniser: writes {out}.vtt and says something on stderr.
    let engine = env.file(
        "engine.sh",
        &format!("#!/bin/sh\necho \"loading model\" >&2\ntest -f \"$1\" || exit 3\ncat > \"$2.vtt\" <<'X'\n{VTT}X\n"),
    );
    let cmd = format!("sh {} {{media}} {{out}} {{language}}", s(&engine));
    let v = env.json(&[
        "transcribe",
        s(&p),
        s(&media),
        "--asr",
        &cmd,
        "--no-tui",
        "--json",
    ]);
    assert_eq!(v["name"], "fg04", "{v}");
    assert_eq!(v["from"], "asr");
    assert_eq!(v["turns"], 2);
    let turns = env.json(&["turns", s(&p), "fg04", "--json"]);
    assert_eq!(
        turns[0]["verified"], false,
        "a draft is unverified: {turns}"
    );
    assert_eq!(turns[1]["start_ms"], 4_000);
    assert_eq!(turns[1]["end_ms"], 6_000);
    // Listened to: the first turn is marked verified, then not, in the log.
    let first = turns[0]["turn"].to_string();
    env.ok(&["turns", "verify", s(&p), "fg04", &first]);
    let turns = env.json(&["turns", s(&p), "fg04", "--json"]);
    assert_eq!(turns[0]["verified"], true);
    assert_eq!(turns[1]["verified"], false);
    let again = env.fail(&["turns", "verify", s(&p), "fg04", &first]);
    assert!(again.contains("verified already"), "{again}");
    env.ok(&["turns", "verify", s(&p), "fg04", &first, "--not"]);
    let h = env.json(&["history", s(&p), "fg04", "--json"]);
    let kinds: Vec<_> = h
        .as_array()
        .expect("log")
        .iter()
        .map(|r| r["kind"].clone())
        .collect();
    assert_eq!(kinds, ["verify", "verify"]);
    let linked = env.ok(&["media", s(&p), "fg04"]);
    assert!(linked.trim().ends_with("fg04.wav"), "{linked}");

    // From a typed draft: its turns start unverified too.
    let draft = env.file("draft.txt", "P1: Moi, depuis 2019.\n\nP2: Six ans.\n");
    let name = env.ok(&[
        "transcribe",
        s(&p),
        s(&media),
        "--draft",
        s(&draft),
        "--name",
        "fg04b",
        "--no-tui",
    ]);
    assert_eq!(name.trim(), "fg04b");
    let turns = env.json(&["turns", s(&p), "fg04b", "--json"]);
    assert_eq!(turns.as_array().map(Vec::len), Some(2));
    assert!(turns
        .as_array()
        .expect("turns")
        .iter()
        .all(|t| t["verified"] == false));

    // From nothing: an empty document, named after the recording.
    let v = env.json(&[
        "transcribe",
        s(&p),
        s(&media),
        "--name",
        "fg04c",
        "--no-tui",
        "--json",
    ]);
    assert_eq!(v["from"], "empty");
    assert_eq!(v["turns"], 0);
    env.ok(&["check", s(&p)]);

    // An imported document gets its recording afterwards.
    let typed = env.file("int05.txt", "Interviewer: Bonjour.\n\nP1: Bonjour.\n");
    env.ok(&["import", s(&p), s(&typed)]);
    let out = env.ok(&["media", s(&p), "int05", s(&media)]);
    assert!(out.contains("int05: recording"), "{out}");
    let turns = env.json(&["turns", s(&p), "int05", "--json"]);
    assert_eq!(turns[0]["verified"], true, "typed transcripts are verified");
}

#[test]
fn a_failing_recogniser_or_a_missing_recording_changes_nothing() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let media = env.file("fg04.m4a", "not really audio");
    let before = std::fs::read(&p).expect("read");
    let err = env.fail(&[
        "transcribe",
        s(&p),
        s(&media),
        "--asr",
        "sh -c 'echo model ggml-base.bin not found >&2; exit 2' {media}",
        "--no-tui",
    ]);
    assert!(err.contains("the recogniser failed"), "{err}");
    assert!(
        err.contains("model ggml-base.bin not found"),
        "its last lines: {err}"
    );
    let err = env.fail(&["transcribe", s(&p), s(&env.path("nowhere.wav")), "--no-tui"]);
    assert!(
        err.contains("nowhere.wav") && err.contains("no such recording"),
        "{err}"
    );
    let err = env.fail(&[
        "transcribe",
        s(&p),
        s(&media),
        "--asr",
        "whisper-cli",
        "--no-tui",
    ]);
    assert!(err.contains("{media}"), "{err}");
    assert_eq!(
        std::fs::read(&p).expect("read"),
        before,
        "the project is unchanged"
    );
    let docs = env.json(&["docs", s(&p), "--json"]);
    assert_eq!(docs.as_array().map(Vec::len), Some(0));
}
