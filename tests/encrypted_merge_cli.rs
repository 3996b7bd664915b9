//! `gloss copy` and `gloss merge` between plain and encrypted project files,
//! each file with its own passphrase (`GLOSS_PASSPHRASE` for the project a
//! command works on, `GLOSS_THEIR_PASSPHRASE` or `--their-passphrase-file`
//! for the other file), through the built binary.

mod common;

use common::on_disk::is_plain_sqlite;
use common::{s, Env};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const LEAD: &str = "lead's passphrase";
const AMANI: &str = "amani's own passphrase";

const TRANSCRIPT: &str = "P1: School fees take most of what we earn at the mine.\n\
P2: The children wash the ore before school.\n";

/// `gloss args` with the project's passphrase and their passphrase
/// (environment) as given.
fn run(env: &Env, pass: Option<&str>, their: Option<&str>, args: &[&str]) -> Output {
    let mut c = env.cmd(args);
    c.env_remove("GLOSS_THEIR_PASSPHRASE");
    if let Some(p) = pass {
        c.env("GLOSS_PASSPHRASE", p);
    }
    if let Some(p) = their {
        c.env("GLOSS_THEIR_PASSPHRASE", p);
    }
    c.output().expect("run gloss")
}

fn ok(env: &Env, pass: Option<&str>, their: Option<&str>, args: &[&str]) -> String {
    let out = run(env, pass, their, args);
    assert!(
        out.status.success(),
        "gloss {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// One `error:` line, exit 1.
fn fail(env: &Env, pass: Option<&str>, their: Option<&str>, args: &[&str]) -> String {
    let out = run(env, pass, their, args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "gloss {args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

/// A plain lead project with the transcript and a code.
fn lead(env: &Env) -> std::path::PathBuf {
    let p = env.project("lead.gloss", "lead");
    let t = env.file("fg1.txt", TRANSCRIPT);
    ok(env, None, None, &["import", s(&p), s(&t)]);
    let cb = env.file("cb.yaml", "codes:\n  - name: Fees\n");
    ok(env, None, None, &["codebook", "import", s(&p), s(&cb)]);
    p
}

fn add_coding(env: &Env, pass: Option<&str>, p: &Path, coder: &str, start: usize, end: usize) {
    ok(
        env,
        pass,
        None,
        &[
            "codings",
            "add",
            s(p),
            "--doc",
            "fg1",
            "--code",
            "Fees",
            "--start",
            &start.to_string(),
            "--end",
            &end.to_string(),
            "--coder",
            coder,
        ],
    );
}

fn n_codings(env: &Env, pass: Option<&str>, p: &Path) -> usize {
    let out = ok(env, pass, None, &["codings", "list", s(p), "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    v.as_array().expect("array").len()
}

#[test]
fn a_plain_project_copied_encrypted_is_merged_back_with_its_own_passphrase() {
    let env = Env::new();
    let lead = lead(&env);
    let amani = env.path("amani.gloss");
    // The copy gets a passphrase of its own.
    ok(
        &env,
        None,
        Some(AMANI),
        &["copy", s(&lead), s(&amani), "--coder", "amani"],
    );
    assert!(is_plain_sqlite(&lead));
    assert!(!is_plain_sqlite(&amani), "the copy is encrypted");
    fail(&env, Some(LEAD), None, &["docs", s(&amani), "--json"]);
    add_coding(&env, Some(AMANI), &amani, "amani", 4, 15);

    // Merged into the plain project: only their passphrase is given.
    let out = ok(&env, None, Some(AMANI), &["merge", s(&lead), s(&amani)]);
    assert!(out.contains("1 coding added"), "{out}");
    assert_eq!(n_codings(&env, None, &lead), 1);
    // A wrong one of theirs is said, naming their file.
    let err = fail(&env, None, Some("nope"), &["merge", s(&lead), s(&amani)]);
    assert!(
        err.contains("wrong passphrase") && err.contains("amani.gloss"),
        "{err}"
    );
    // Their passphrase for a plain file is refused, saying which.
    let plain = env.path("plain-copy.gloss");
    ok(
        &env,
        None,
        None,
        &["copy", s(&lead), s(&plain), "--coder", "neema"],
    );
    assert!(is_plain_sqlite(&plain));
    let err = fail(&env, None, Some(AMANI), &["merge", s(&lead), s(&plain)]);
    assert!(err.contains("plain-copy.gloss is not encrypted"), "{err}");
}

#[test]
fn an_encrypted_project_merges_plain_and_encrypted_copies_each_with_its_passphrase() {
    let env = Env::new();
    let lead = lead(&env);
    ok(&env, Some(LEAD), None, &["encrypt", s(&lead)]);
    assert!(!is_plain_sqlite(&lead));

    // A plain copy of the encrypted project is not possible by accident:
    // without their passphrase the copy keeps the project's.
    let neema = env.path("neema.gloss");
    ok(
        &env,
        Some(LEAD),
        None,
        &["copy", s(&lead), s(&neema), "--coder", "neema"],
    );
    assert!(!is_plain_sqlite(&neema));
    add_coding(&env, Some(LEAD), &neema, "neema", 11, 15);

    // A copy with a passphrase of its own, read from a file.
    let amani = env.path("amani.gloss");
    let their_file = env.file("amani.pass", &format!("{AMANI}\n"));
    ok(
        &env,
        Some(LEAD),
        None,
        &[
            "copy",
            s(&lead),
            s(&amani),
            "--coder",
            "amani",
            "--their-passphrase-file",
            s(&their_file),
        ],
    );
    fail(&env, Some(LEAD), None, &["docs", s(&amani), "--json"]);
    add_coding(&env, Some(AMANI), &amani, "amani", 4, 15);

    // neema's copy shares the lead's passphrase: no passphrase of theirs.
    let out = ok(&env, Some(LEAD), None, &["merge", s(&lead), s(&neema)]);
    assert!(out.contains("1 coding added"), "{out}");
    // amani's has its own.
    let out = ok(
        &env,
        Some(LEAD),
        Some(AMANI),
        &["merge", s(&lead), s(&amani)],
    );
    assert!(out.contains("1 coding added"), "{out}");
    assert_eq!(n_codings(&env, Some(LEAD), &lead), 2);
    assert!(!is_plain_sqlite(&lead), "the lead project stays encrypted");

    // And a plain project merged into the encrypted one needs no
    // passphrase of its own.
    ok(&env, Some(AMANI), None, &["decrypt", s(&amani)]);
    assert!(is_plain_sqlite(&amani));
    let out = ok(&env, Some(LEAD), None, &["merge", s(&lead), s(&amani)]);
    assert!(out.contains("0 codings added"), "{out}");
}

#[test]
fn coders_files_with_different_passphrases_merge_in_one_command() {
    let env = Env::new();
    let lead = lead(&env);
    ok(&env, Some(LEAD), None, &["encrypt", s(&lead)]);
    // Three coders' copies: two with passphrases of their own, one plain.
    let mut files = Vec::new();
    for (coder, pass, start) in [("amani", Some(AMANI), 4), ("baraka", Some("baraka's"), 11)] {
        let copy = env.path(&format!("{coder}.gloss"));
        ok(
            &env,
            Some(LEAD),
            pass,
            &["copy", s(&lead), s(&copy), "--coder", coder],
        );
        add_coding(&env, pass, &copy, coder, start, start + 4);
        files.push(copy);
    }
    let plain = env.path("chausiku.gloss");
    ok(
        &env,
        Some(LEAD),
        None,
        &["copy", s(&lead), s(&plain), "--coder", "chausiku"],
    );
    ok(&env, Some(LEAD), None, &["decrypt", s(&plain)]);
    add_coding(&env, None, &plain, "chausiku", 20, 24);

    let amani_pass = env.file("amani.pass", &format!("{AMANI}\n"));
    let baraka_pass = env.file("baraka.pass", "baraka's\n");
    // One of the two passphrases missing: the file it opens is named.
    let err = fail(
        &env,
        Some(LEAD),
        None,
        &[
            "merge",
            s(&lead),
            s(&files[0]),
            s(&files[1]),
            "--their-passphrase-file",
            s(&amani_pass),
        ],
    );
    assert!(
        err.contains("wrong passphrase") && err.contains("baraka.gloss"),
        "{err}"
    );
    assert_eq!(n_codings(&env, Some(LEAD), &lead), 0, "nothing merged");
    // Both given (in any order): every file opens with its own.
    let out = ok(
        &env,
        Some(LEAD),
        None,
        &[
            "merge",
            s(&lead),
            s(&files[0]),
            s(&plain),
            s(&files[1]),
            "--their-passphrase-file",
            s(&baraka_pass),
            "--their-passphrase-file",
            s(&amani_pass),
        ],
    );
    assert_eq!(out.matches("1 coding added").count(), 3, "{out}");
    assert_eq!(n_codings(&env, Some(LEAD), &lead), 3);
}
