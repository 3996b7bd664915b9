//! Issue 10 through the built binary: copies for coders, exact coder
//! identity, no duplicate codings, quotes out of labels, and a command line
//! that says what was meant.

mod common;

use common::{s, Env};
use serde_json::Value;
use std::path::{Path, PathBuf};

const TRANSCRIPT: &str = "ENTRETIEN (fictif)\n\n\
[00:00:01] Interviewer: Thank you for coming. Tell me about the site.\n\n\
[00:00:09] P1 : Moi, depuis 2019 je lave les pierres. Les frais scolaires coûtent cher.\n";

fn study(env: &Env) -> PathBuf {
    let p = env.project("study.gloss", "lead");
    let f = env.file("fg01-kasulo.txt", TRANSCRIPT);
    env.ok(&["import", s(&p), s(&f)]);
    let cb = env.file(
        "cb.yaml",
        "codes:\n  - name: Schooling\n    children:\n      - name: School fees\n  - name: Labour\n",
    );
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    p
}

fn codings(env: &Env, p: &Path) -> Vec<Value> {
    env.json(&["codings", "list", s(p), "--json"])
        .as_array()
        .expect("array")
        .clone()
}

/// Char range of `needle` in the transcript.
fn at(needle: &str) -> (usize, usize) {
    let b = TRANSCRIPT.find(needle).expect("needle");
    let a = gloss::core::text::char_offset(TRANSCRIPT, b);
    (a, a + needle.chars().count())
}

fn add(env: &Env, p: &Path, code: &str, (a, b): (usize, usize), extra: &[&str]) -> String {
    let (a, b) = (a.to_string(), b.to_string());
    let mut args = vec![
        "codings",
        "add",
        s(p),
        "--doc",
        "fg01",
        "--code",
        code,
        "--start",
        &a,
        "--end",
        &b,
    ];
    args.extend_from_slice(extra);
    env.ok_stderr(&args)
}

#[test]
fn copy_hands_a_complete_private_snapshot_to_a_named_coder() {
    let env = Env::new();
    let p = study(&env);
    add(&env, &p, "Labour", at("je lave les pierres"), &[]);
    let out = env.path("neema.gloss");
    // The coder must be named; an existing file is kept without --force.
    assert!(env.fail(&["copy", s(&p), s(&out)]).contains("--coder NAME"));
    let msg = env.ok(&["copy", s(&p), s(&out), "--coder", "neema"]);
    assert!(msg.contains("for coder neema"), "{msg}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner-only");
    }
    assert!(!Path::new(&format!("{}-wal", out.display())).exists());
    let before = std::fs::read(&out).expect("read");
    assert!(env
        .fail(&["copy", s(&p), s(&out), "--coder", "neema"])
        .contains("already exists"));
    assert_eq!(std::fs::read(&out).expect("read"), before, "left as it was");
    env.ok(&["copy", s(&p), s(&out), "--coder", "neema", "--force"]);
    // Everything is there, and the copy's coder is neema.
    assert_eq!(codings(&env, &out).len(), 1);
    assert!(env.ok(&["coder", s(&out)]).contains("current coder: neema"));
    assert!(env.ok(&["coder", s(&p)]).contains("current coder: lead"));
    // What neema codes in her copy is hers, and merges back as hers, with
    // no warning.
    add(
        &env,
        &out,
        "School fees",
        at("Les frais scolaires coûtent cher."),
        &[],
    );
    let merged = env.run(&["merge", s(&p), s(&out)]);
    assert!(merged.status.success());
    assert!(String::from_utf8_lossy(&merged.stderr).is_empty());
    let coders: Vec<String> = codings(&env, &p)
        .iter()
        .map(|c| c["coder"].as_str().expect("coder").to_string())
        .collect();
    assert_eq!(coders, ["lead", "neema"]);
}

#[test]
fn coder_flag_names_the_writer_and_never_changes_the_current_coder() {
    let env = Env::new();
    let p = study(&env);
    add(&env, &p, "Labour", at("je lave"), &["--coder", "amani"]);
    // The project's current coder is still lead.
    let shown = env.ok(&["coder", s(&p)]);
    assert!(shown.contains("current coder: lead"), "{shown}");
    assert!(
        shown.contains("amani") && shown.contains("1 coding"),
        "{shown}"
    );
    // codings import: a line without a coder is --coder's.
    let (a, b) = at("Les frais scolaires");
    let jl = env.file(
        "c.jsonl",
        &format!("{{\"doc\":\"fg01\",\"code\":\"School fees\",\"start\":{a},\"end\":{b}}}\n"),
    );
    env.ok(&["codings", "import", s(&p), s(&jl), "--coder", "neema"]);
    let c = codings(&env, &p);
    assert_eq!(c[1]["coder"], "neema", "{c:?}");
    // The help says it the same way for every command.
    for cmd in [
        &["codings", "add", "--help"][..],
        &["export", "--help"],
        &["--help"],
    ] {
        let help = env.ok(cmd);
        assert!(
            help.contains("The coder of what this command writes"),
            "{cmd:?}: {help}"
        );
        assert!(!help.contains("becomes the project's current coder"));
    }
    // gloss coder sets it.
    assert!(env
        .ok(&["coder", s(&p), "neema"])
        .contains("now neema (was lead)"));
    assert!(env.ok(&["coder", s(&p)]).contains("current coder: neema"));
}

#[test]
fn a_cp_copy_is_warned_about_at_merge_and_reassign_fixes_it() {
    let env = Env::new();
    let p = study(&env);
    // A coder got a plain `cp` of the lead's file: her codings are "lead".
    let copy = env.path("amani.gloss");
    std::fs::copy(&p, &copy).expect("cp");
    add(&env, &copy, "Labour", at("je lave les pierres"), &[]);
    add(&env, &copy, "School fees", at("Les frais scolaires"), &[]);
    let out = env.run(&["merge", s(&p), s(&copy)]);
    assert!(out.status.success());
    let warn = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        warn.contains("warning:")
            && warn.contains("2 codings are recorded under lead")
            && warn.contains("gloss codings reassign"),
        "{warn}"
    );
    // The fix the warning names: reassign in her file, merge again.
    let msg = env.ok(&[
        "codings",
        "reassign",
        s(&copy),
        "--from",
        "lead",
        "--to",
        "amani",
    ]);
    assert!(msg.contains("moved 2 codings from lead to amani"), "{msg}");
    let out = env.run(&["merge", s(&p), s(&copy)]);
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 with their coder updated"));
    let c = codings(&env, &p);
    assert!(c.iter().all(|c| c["coder"] == "amani"), "{c:?}");
    // Typos are errors naming the known coders; --doc limits the move.
    let err = env.fail(&[
        "codings",
        "reassign",
        s(&p),
        "--from",
        "amanii",
        "--to",
        "x",
    ]);
    assert!(
        err.contains("no coder \"amanii\"") && err.contains("amani (2)"),
        "{err}"
    );
    let msg = env.ok(&[
        "codings",
        "reassign",
        s(&p),
        "--from",
        "amani",
        "--to",
        "neema",
        "--doc",
        "kasulo",
    ]);
    assert!(
        msg.contains("moved 2 codings") && msg.contains("in kasulo"),
        "{msg}"
    );
}

#[test]
fn identical_codings_are_never_stored_twice() {
    let env = Env::new();
    let p = study(&env);
    let (a, b) = at("Les frais scolaires coûtent cher.");
    let line = format!(
        "{{\"doc\":\"fg01\",\"code\":\"School fees\",\"coder\":\"amani\",\"start\":{a},\"end\":{b}}}"
    );
    let jl = env.file("c.jsonl", &format!("{line}\n{line}\n"));
    let msg = env.ok(&["codings", "import", s(&p), s(&jl)]);
    assert!(
        msg.contains("imported 1 coding") && msg.contains("1 already present"),
        "{msg}"
    );
    let msg = env.ok(&["codings", "import", s(&p), s(&jl)]);
    assert!(
        msg.contains("imported 0 codings") && msg.contains("2 already present"),
        "{msg}"
    );
    let note = add(&env, &p, "School fees", (a, b), &["--coder", "amani"]);
    assert!(note.contains("already present"), "{note}");
    assert_eq!(codings(&env, &p).len(), 1);
    // Another coder's identical passage is a coding of its own.
    add(&env, &p, "School fees", (a, b), &["--coder", "neema"]);
    assert_eq!(codings(&env, &p).len(), 2);
}

#[test]
fn cli_ranges_snap_out_of_labels_with_a_note() {
    let env = Env::new();
    let p = study(&env);
    // From the timestamp into the speech, and into the next label.
    let (a, _) = at("[00:00:01] Interviewer:");
    let (_, b) = at("Thank you");
    let note = add(&env, &p, "Labour", (a, b), &[]);
    assert!(
        note.contains("note:") && note.contains("speaker label"),
        "{note}"
    );
    let (a, _) = at("Tell me");
    let (_, b) = at("[00:00:09] P1 : Moi");
    add(&env, &p, "Schooling", (a, b), &[]);
    let texts: Vec<String> = codings(&env, &p)
        .iter()
        .map(|c| c["text"].as_str().expect("text").to_string())
        .collect();
    assert_eq!(
        texts,
        [
            "Thank you",
            "Tell me about the site.\n\n[00:00:09] P1 : Moi"
        ]
    );
    // Only a label: refused, nothing stored.
    let (a, b) = at("[00:00:09] P1 : ");
    let err = env.fail(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        "fg01",
        "--code",
        "Labour",
        "--start",
        &a.to_string(),
        "--end",
        &b.to_string(),
    ]);
    assert!(err.contains("only a speaker label"), "{err}");
    assert_eq!(codings(&env, &p).len(), 2);
}

#[test]
fn mistyped_commands_get_did_you_mean_and_every_failure_is_one_line() {
    let env = Env::new();
    let p = study(&env);
    assert!(env.fail(&["expor"]).contains("did you mean `export`?"));
    assert!(env
        .fail(&["agreemnt", s(&p)])
        .contains("did you mean `agreement`?"));
    let err = env.fail(&["codings", "reassign", s(&p), "--fromm", "a"]);
    assert!(
        err.contains("--from") && err.contains("gloss codings reassign --help"),
        "{err}"
    );
    assert!(env
        .fail(&["codings"])
        .contains("add, import, reassign, list"));
    assert!(env.fail(&["nosuch.gloss"]).contains("no such project"));
    assert!(env.ok(&["--version"]).starts_with("gloss "));
}

#[test]
fn doc_takes_a_unique_part_of_a_name() {
    let env = Env::new();
    let p = study(&env);
    let g = env.file("fg02-kanina.txt", "P1: Habari. Watoto wanafanya kazi.\n");
    env.ok(&["import", s(&p), s(&g)]);
    let v = env.json(&["show", s(&p), "kasulo", "--json"]);
    assert_eq!(v["name"], "fg01-kasulo");
    let err = env.fail(&["show", s(&p), "fg0"]);
    assert!(
        err.contains("ambiguous") && err.contains("fg01-kasulo") && err.contains("fg02-kanina"),
        "{err}"
    );
    let err = env.fail(&["show", s(&p), "kinshasa"]);
    assert!(
        err.contains("no document") && err.contains("fg02-kanina"),
        "{err}"
    );
}

#[test]
fn import_of_a_study_folder_leaves_out_what_is_no_transcript() {
    let env = Env::new();
    let p = env.project("study.gloss", "amani");
    let t = env.file("transcripts/fg01.txt", TRANSCRIPT);
    let csv = env.file(
        "transcripts/participants.csv",
        "document,speaker,role\nfg01,P1,miner\n",
    );
    let readme = env.file(
        "transcripts/README.md",
        "# About this folder\n\nNotes: fictional.\n",
    );
    let msg = env.ok(&["import", s(&p), s(&t), s(&csv), s(&readme)]);
    assert!(
        msg.contains("1 imported") && msg.contains("2 not transcripts"),
        "{msg}"
    );
    assert!(
        msg.contains("left out") && msg.contains("participants import"),
        "{msg}"
    );
    // Alone, it is refused, saying what it is.
    let err = env.fail(&["import", s(&p), s(&csv)]);
    assert!(err.contains("not a transcript"), "{err}");
}
