//! Issue 12 through the built binary: `gloss edit`, `history`, `review`,
//! `turns`, `docs rename|delete`, `participants rename`, and search after
//! an edit. Every coding keeps its words.

mod common;

use common::{s, Env};
use serde_json::Value;
use std::path::{Path, PathBuf};

const TEXT: &str = "P1: à Kasulu on paie les frais scolaires.\n\nP2: Oui, les frais du minerval.\n";

/// A project with TEXT as document `t`, code Fees, and codings on
/// "les frais scolaires" and "minerval".
fn project(env: &Env) -> PathBuf {
    let p = env.project("p.gloss", "amani");
    let t = env.file("t.txt", TEXT);
    env.ok(&["import", s(&p), s(&t)]);
    let cb = env.file("cb.yaml", "codes:\n  - name: Fees\n");
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    for needle in ["les frais scolaires", "minerval"] {
        let (a, b) = span(TEXT, needle);
        env.ok(&[
            "codings",
            "add",
            s(&p),
            "--doc",
            "t",
            "--code",
            "Fees",
            "--start",
            &a.to_string(),
            "--end",
            &b.to_string(),
        ]);
    }
    p
}

/// Char offsets of the first `needle` in `text`.
fn span(text: &str, needle: &str) -> (usize, usize) {
    let b = text.find(needle).expect("needle");
    let a = text.split_at(b).0.chars().count();
    (a, a + needle.chars().count())
}

fn texts(env: &Env, p: &Path) -> Vec<String> {
    let v = env.json(&["codings", "list", s(p), "--json"]);
    v.as_array()
        .expect("array")
        .iter()
        .map(|c| c["text"].as_str().expect("text").to_string())
        .collect()
}

fn doc_text(env: &Env, p: &Path) -> String {
    env.json(&["show", s(p), "t", "--json"])["text"]
        .as_str()
        .expect("text")
        .to_string()
}

#[test]
fn a_correction_keeps_every_coding_on_its_words_and_search_follows() {
    let env = Env::new();
    let p = project(&env);
    let (a, b) = span(TEXT, "Kasulu");
    let v = env.json(&[
        "edit",
        s(&p),
        "t",
        "--start",
        &a.to_string(),
        "--end",
        &b.to_string(),
        "--text",
        "Kasulo",
        "--json",
    ]);
    assert_eq!(v["revision"], 1);
    assert_eq!(v["removed"], "Kasulu");
    assert_eq!(v["inserted"], "Kasulo");
    assert_eq!(v["codings_orphaned"], Value::Array(vec![]));
    // A longer correction before both codings: both keep their words.
    let (a, b) = span(&doc_text(&env, &p), "on paie");
    env.ok(&[
        "edit",
        s(&p),
        "t",
        "--start",
        &a.to_string(),
        "--end",
        &b.to_string(),
        "--text",
        "nous payons toujours",
    ]);
    assert_eq!(texts(&env, &p), ["les frais scolaires", "minerval"]);
    // Typing inside a coding extends it.
    let (_, b) = span(&doc_text(&env, &p), "les frais");
    env.ok(&[
        "edit",
        s(&p),
        "t",
        "--start",
        &b.to_string(),
        "--end",
        &b.to_string(),
        "--text",
        " trop chers,",
    ]);
    assert_eq!(texts(&env, &p)[0], "les frais trop chers, scolaires");
    let hits = env.json(&["search", s(&p), "Kasulo", "--json"]);
    assert_eq!(hits["total"], 1, "{hits}");
    let none = env.json(&["search", s(&p), "Kasulu", "--json"]);
    assert_eq!(none["total"], 0, "{none}");
    let h = env.json(&["history", s(&p), "t", "--json"]);
    assert_eq!(h.as_array().map(Vec::len), Some(3));
    assert_eq!(h[0]["coder"], "amani");
    assert_eq!(h[1]["inserted"], "nous payons toujours");
    env.ok(&["check", s(&p)]);
}

#[test]
fn deleting_a_codings_text_orphans_it_for_review() {
    let env = Env::new();
    let p = project(&env);
    let (a, b) = span(TEXT, " du minerval");
    let v = env.json(&[
        "edit",
        s(&p),
        "t",
        "--start",
        &a.to_string(),
        "--end",
        &b.to_string(),
        "--text",
        "",
        "--json",
    ]);
    assert_eq!(v["codings_orphaned"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        texts(&env, &p),
        ["les frais scolaires"],
        "orphans cover nothing"
    );
    let r = env.json(&["review", s(&p), "--json"]);
    assert_eq!(r[0]["text"], "minerval");
    assert_eq!(r[0]["code"], "Fees");
    assert_eq!(r[0]["coder"], "amani");
    // Exports and counts skip it.
    let out = env.path("x.json");
    env.ok(&["export", s(&p), "--format", "json", "-o", s(&out)]);
    let x: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("json");
    assert_eq!(x["excerpts"].as_array().map(Vec::len), Some(1));
}

#[test]
fn bad_edits_are_refused_with_one_line_and_nothing_changes() {
    let env = Env::new();
    let p = project(&env);
    let before = std::fs::read(&p).expect("read");
    let across = span(TEXT, "scolaires.\n\nP2: Oui");
    let err = env.fail(&[
        "edit",
        s(&p),
        "t",
        "--start",
        &across.0.to_string(),
        "--end",
        &across.1.to_string(),
        "--text",
        "x",
    ]);
    assert!(err.contains("crosses a turn boundary"), "{err}");
    let err = env.fail(&[
        "edit",
        s(&p),
        "t",
        "--start",
        "5",
        "--end",
        "500",
        "--text",
        "x",
    ]);
    assert!(err.contains("outside the text"), "{err}");
    // A script is all or nothing: its second line is out of bounds.
    let script = env.file(
        "e.jsonl",
        "{\"start\":4,\"end\":5,\"text\":\"A\"}\n{\"start\":900,\"end\":901,\"text\":\"B\"}\n",
    );
    let err = env.fail(&["edit", s(&p), "t", "--script", s(&script)]);
    assert!(err.contains("line 2"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(
        std::fs::read(&p).expect("read"),
        before,
        "project unchanged"
    );
    // A combining accent is not split.
    let p2 = env.project("q.gloss", "amani");
    let t = env.file("u.txt", "P1: cafe\u{301} noir\n");
    env.ok(&["import", s(&p2), s(&t)]);
    let err = env.fail(&[
        "edit",
        s(&p2),
        "u",
        "--start",
        "8",
        "--end",
        "8",
        "--text",
        "x",
    ]);
    assert!(err.contains("split a character"), "{err}");
}

#[test]
fn a_script_is_one_revision_in_running_offsets() {
    let env = Env::new();
    let p = project(&env);
    let (a, b) = span(TEXT, "Kasulu");
    // Line 2's offsets are in the text line 1 left (two chars longer).
    let script = env.file(
        "e.jsonl",
        &format!(
            "{{\"start\":{a},\"end\":{b},\"text\":\"Kasulo II\"}}\n{{\"start\":{},\"end\":{},\"text\":\"nous payons\"}}\n",
            b + 4,
            b + 11
        ),
    );
    let v = env.json(&["edit", s(&p), "t", "--script", s(&script), "--json"]);
    assert_eq!(v["revision"], 1);
    assert!(doc_text(&env, &p).starts_with("P1: à Kasulo II nous payons les frais"));
    assert_eq!(texts(&env, &p), ["les frais scolaires", "minerval"]);
}

#[test]
fn turns_split_join_speaker_time_and_speaker_rename_keep_labels_and_table_in_step() {
    let env = Env::new();
    let p = project(&env);
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    let first = turns[0]["turn"].as_i64().expect("id");
    let (at, _) = span(TEXT, "on paie");
    env.ok(&["turns", "split", s(&p), "t", "--at", &at.to_string()]);
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    assert_eq!(turns.as_array().map(Vec::len), Some(3));
    let new = turns[1]["turn"].as_i64().expect("id");
    let text = doc_text(&env, &p);
    assert!(text.contains("Kasulu\n\nP1: on paie"), "{text:?}");
    env.ok(&["turns", "speaker", s(&p), "t", &new.to_string(), "Nurse"]);
    env.ok(&[
        "turns",
        "time",
        s(&p),
        "t",
        &new.to_string(),
        "00:01:05.500",
    ]);
    let text = doc_text(&env, &p);
    assert!(
        text.contains("\n\n[00:01:05.500] Nurse: on paie les frais"),
        "{text:?}"
    );
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    assert_eq!(turns[1]["speaker"], "Nurse");
    assert_eq!(turns[1]["start_ms"], 65_500);
    let (ts, te) = (
        turns[1]["start"].as_u64().expect("s") as usize,
        turns[1]["end"].as_u64().expect("e") as usize,
    );
    let speech: String = text.chars().skip(ts).take(te - ts).collect();
    assert_eq!(speech, "on paie les frais scolaires.");
    assert_eq!(texts(&env, &p), ["les frais scolaires", "minerval"]);
    // Rename P2 everywhere: attributes kept, labels rewritten.
    env.ok(&["participants", "set", s(&p), "t", "P2", "gender=female"]);
    env.ok(&["participants", "rename", s(&p), "t", "P2", "Mama Neema"]);
    let people = env.json(&["participants", s(&p), "--json"]);
    let neema = people
        .as_array()
        .expect("array")
        .iter()
        .find(|x| x["speaker"] == "Mama Neema")
        .expect("renamed");
    assert_eq!(neema["attributes"]["gender"], "female");
    assert!(doc_text(&env, &p).contains("\n\nMama Neema: Oui"));
    // Join the split back.
    env.ok(&["turns", "join", s(&p), "t", &new.to_string()]);
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    assert_eq!(turns.as_array().map(Vec::len), Some(2));
    assert_eq!(turns[0]["turn"].as_i64(), Some(first));
    assert!(doc_text(&env, &p).starts_with("P1: à Kasulu on paie les frais"));
    assert_eq!(texts(&env, &p), ["les frais scolaires", "minerval"]);
    // The log says what each revision was.
    let h = env.json(&["history", s(&p), "t", "--json"]);
    let kinds: Vec<&str> = h
        .as_array()
        .expect("log")
        .iter()
        .map(|r| r["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        ["split_turn", "speaker", "time", "speaker", "join_turns"]
    );
    env.ok(&["check", s(&p)]);
}

#[test]
fn documents_can_be_renamed_and_deleted() {
    let env = Env::new();
    let p = project(&env);
    env.ok(&["docs", "rename", s(&p), "t", "fg01-kasulo"]);
    let docs = env.json(&["docs", s(&p), "--json"]);
    assert_eq!(docs[0]["name"], "fg01-kasulo");
    let out = env.ok(&["docs", "delete", s(&p), "fg01-kasulo"]);
    assert!(out.contains("2 turns, 2 codings"), "{out}");
    let docs = env.json(&["docs", s(&p), "--json"]);
    assert_eq!(docs.as_array().map(Vec::len), Some(0));
    let hits = env.json(&["search", s(&p), "minerval", "--json"]);
    assert_eq!(hits["total"], 0);
}
