//! Encrypted projects (SQLCipher) through the built binary: the file, its
//! WAL while open and the cache directory hold none of the transcript's
//! words; a wrong passphrase changes nothing; import, codings, search and
//! export work; encrypt → decrypt gives the same codings; rekey retires the
//! old passphrase; a copy stays encrypted.

mod common;

use common::on_disk::is_plain_sqlite;
use common::{s, Env};
use gloss::tui::search::SearchState;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const PASS: &str = "correct horse battery staple";

/// Words that occur nowhere but in the transcript (and its names).
const WORDS: &[&str] = &[
    "Zanzibarique",
    "kilimanjarisme",
    "Nyamurhale",
    "quotidiennement",
    "Mbeleziwe",
    "Amanikwa",
    "wachimbajitoto",
    "Sécuritéfoncière",
];

const TRANSCRIPT: &str = "Interviewer: Parlez-moi du Zanzibarique et du kilimanjarisme.\n\
Amanikwa Mbeleziwe: La coopérative Nyamurhale paie quotidiennement.\n\
Interviewer: Et les wachimbajitoto ?\n\
Amanikwa Mbeleziwe: Ils travaillent, hapana shule.\n";

const CODEBOOK: &str = "codes:\n  - name: Sécuritéfoncière\n";

fn with(env: &Env, pass: Option<&str>, args: &[&str]) -> Output {
    let mut c = env.cmd(args);
    c.env_remove("GLOSS_NEW_PASSPHRASE");
    if let Some(p) = pass {
        c.env("GLOSS_PASSPHRASE", p);
    }
    c.output().expect("run gloss")
}

fn ok(env: &Env, pass: Option<&str>, args: &[&str]) -> String {
    let out = with(env, pass, args);
    assert!(
        out.status.success(),
        "gloss {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The failure contract: exit 1, one `error:` line, nothing on stdout.
fn fail(env: &Env, pass: Option<&str>, args: &[&str]) -> String {
    let out = with(env, pass, args);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "gloss {args:?}: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(out.stdout.is_empty());
    err
}

fn assert_no_words_in(file: &Path) {
    common::on_disk::assert_no_words_in(file, WORDS);
}

/// An encrypted project made through the CLI, with the transcript, a
/// code and a coding of the first turn.
fn encrypted_project(env: &Env) -> PathBuf {
    let p = env.path("secret.gloss");
    let line = ok(
        env,
        Some(PASS),
        &["init", s(&p), "--encrypt", "--coder", "amani"],
    );
    assert!(line.contains("encrypted"), "{line}");
    fill(env, Some(PASS), &p);
    p
}

fn fill(env: &Env, pass: Option<&str>, p: &Path) {
    let t = env.file("entretien.txt", TRANSCRIPT);
    ok(env, pass, &["import", s(p), s(&t)]);
    let cb = env.file("cb.yaml", CODEBOOK);
    ok(env, pass, &["codebook", "import", s(p), s(&cb)]);
    ok(
        env,
        pass,
        &[
            "codings",
            "add",
            s(p),
            "--doc",
            "entretien",
            "--code",
            "Sécuritéfoncière",
            "--start",
            "13",
            "--end",
            "40",
            "--memo",
            "Mbeleziwe parle",
        ],
    );
}

fn codings(env: &Env, pass: Option<&str>, p: &Path) -> Value {
    serde_json::from_str(&ok(env, pass, &["codings", "list", s(p), "--json"])).expect("json")
}

#[test]
fn an_encrypted_project_works_and_keeps_nothing_readable_on_disk() {
    let env = Env::new();
    let p = encrypted_project(&env);
    assert!(!is_plain_sqlite(&p));
    // Every command works with the passphrase.
    let list = codings(&env, Some(PASS), &p);
    assert_eq!(list.as_array().expect("array").len(), 1, "{list}");
    assert_eq!(list[0]["code"], "Sécuritéfoncière");
    let hits: Value = serde_json::from_str(&ok(
        &env,
        Some(PASS),
        &["search", s(&p), "nyamurhale", "--json"],
    ))
    .expect("json");
    assert_eq!(hits["total"], 1, "{hits}");
    assert_eq!(hits["hits"][0]["speaker"], "Amanikwa Mbeleziwe");
    let out = env.path("out.md");
    ok(
        &env,
        Some(PASS),
        &["export", s(&p), "--format", "md", "-o", s(&out)],
    );
    assert!(std::fs::read_to_string(&out)
        .expect("export")
        .contains("Mbeleziwe"));
    ok(&env, Some(PASS), &["check", s(&p)]);
    // The file, and every file under the cache: none of the words; the
    // index is there only sealed (one encrypted file, no tantivy file).
    assert_no_words_in(&p);
    let cached = common::on_disk::files_under(&env.path("xdg-cache"));
    for f in &cached {
        assert_no_words_in(f);
    }
    assert!(
        !cached
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "term")),
        "no plain index on disk: {cached:?}"
    );
    let sealed = sealed_index(&cached);
    assert!(!is_plain_sqlite(&sealed), "the sealed index is encrypted");
    // The standard library without the key cannot read it.
    let plain = rusqlite::Connection::open(&p).expect("open");
    assert!(plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
            .get::<_, i64>(0))
        .is_err());
}

/// `gloss rekey` from passphrase `from` to `to`, which must succeed.
fn rekey(env: &Env, p: &Path, from: &str, to: &str) {
    let out = env
        .cmd(&["rekey", s(p)])
        .env("GLOSS_PASSPHRASE", from)
        .env("GLOSS_NEW_PASSPHRASE", to)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sealed index file among `files`.
fn sealed_index(files: &[PathBuf]) -> PathBuf {
    files
        .iter()
        .find(|f| f.file_name().is_some_and(|n| n == "index.sealed"))
        .unwrap_or_else(|| panic!("no sealed index: {files:?}"))
        .clone()
}

#[test]
fn the_sealed_index_is_kept_between_searches_and_follows_an_import_and_an_edit() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let search = |word: &str| -> Value {
        serde_json::from_str(&ok(&env, Some(PASS), &["search", s(&p), word, "--json"]))
            .expect("json")
    };
    assert_eq!(search("nyamurhale")["total"], 1);
    let cached = common::on_disk::files_under(&env.path("xdg-cache"));
    let sealed = sealed_index(&cached);
    let before = std::fs::read(&sealed).expect("read");
    // The next process opens it as it is: nothing is built again.
    assert_eq!(search("nyamurhale")["total"], 1);
    assert_eq!(std::fs::read(&sealed).expect("read"), before, "not rebuilt");
    // A wrong passphrase opens neither the project nor its index.
    fail(&env, Some("not it"), &["search", s(&p), "nyamurhale"]);
    // An import brings it forward: the new words are found.
    let t = env.file(
        "second.txt",
        "Chausiku Wabenge: Kipepeowazi ni neno jipya la mtihani.\n",
    );
    ok(&env, Some(PASS), &["import", s(&p), s(&t)]);
    let hits = search("kipepeowazi");
    assert_eq!(hits["total"], 1, "{hits}");
    assert_eq!(search("nyamurhale")["total"], 1);
    // An edit of the text brings it forward too: the old word is gone,
    // the new one found.
    let shown: Value = serde_json::from_str(&ok(
        &env,
        Some(PASS),
        &["show", s(&p), "entretien", "--json"],
    ))
    .expect("json");
    let text = shown["text"].as_str().expect("text");
    let byte = text.find("Nyamurhale").expect("the word");
    let start = text
        .char_indices()
        .position(|(b, _)| b == byte)
        .expect("a char boundary");
    ok(
        &env,
        Some(PASS),
        &[
            "edit",
            s(&p),
            "entretien",
            "--start",
            &start.to_string(),
            "--end",
            &(start + "Nyamurhale".len()).to_string(),
            "--text",
            "Kasombowazi",
        ],
    );
    assert_eq!(search("nyamurhale")["total"], 0);
    assert_eq!(search("kasombowazi")["total"], 1);
    let cached = common::on_disk::files_under(&env.path("xdg-cache"));
    for f in &cached {
        assert_no_words_in(f);
        assert!(
            !std::fs::read(f)
                .expect("read")
                .windows(11)
                .any(|w| w == b"kipepeowazi"),
            "{} holds the new word",
            f.display()
        );
    }
    // Decrypting removes the sealed index with the encryption.
    ok(&env, Some(PASS), &["decrypt", s(&p)]);
    assert!(
        !sealed.exists(),
        "the sealed index went with the encryption"
    );
}

#[test]
fn the_wal_of_an_open_encrypted_project_holds_no_word() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let mut store = common::open_encrypted(&p, PASS);
    assert!(store.is_encrypted());
    store
        .set_meta("note", "Zanzibarique Mbeleziwe wachimbajitoto")
        .expect("write");
    let mut wal = p.clone().into_os_string();
    wal.push("-wal");
    let wal = PathBuf::from(wal);
    assert!(
        std::fs::metadata(&wal).expect("wal").len() > 0,
        "the WAL holds the write"
    );
    assert_no_words_in(&wal);
    store.close().expect("close");
}

#[test]
fn a_wrong_or_missing_passphrase_is_one_line_and_changes_nothing() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let before = std::fs::read(&p).expect("read");
    let err = fail(&env, Some("hunter2-guess"), &["docs", s(&p), "--json"]);
    assert!(
        err.contains("wrong passphrase for") && err.contains(s(&p)),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "never the passphrase: {err}");
    let t = env.file("more.txt", "P1: encore.\n");
    fail(&env, Some("hunter2-guess"), &["import", s(&p), s(&t)]);
    assert_eq!(std::fs::read(&p).expect("read"), before);
    // No passphrase and no terminal.
    let err = fail(&env, None, &["docs", s(&p), "--json"]);
    assert!(
        err.contains("is encrypted") && err.contains("GLOSS_PASSPHRASE"),
        "{err}"
    );
    // A plain project opened with a passphrase is refused.
    let plain = env.project("plain.gloss", "amani");
    let err = fail(&env, Some(PASS), &["docs", s(&plain), "--json"]);
    assert!(err.contains("is not encrypted"), "{err}");
    assert_eq!(std::fs::read(&p).expect("read"), before);
    // The passphrase from a file.
    let pf = env.file("pass.txt", &format!("{PASS}\n"));
    let docs = ok(
        &env,
        None,
        &["docs", s(&p), "--json", "--passphrase-file", s(&pf)],
    );
    assert!(docs.contains("entretien"), "{docs}");
}

#[test]
fn encrypt_then_decrypt_gives_the_same_codings() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    fill(&env, None, &p);
    // A search makes an index on disk; encrypting removes it.
    ok(&env, None, &["search", s(&p), "nyamurhale", "--count"]);
    let before = codings(&env, None, &p);
    ok(&env, Some(PASS), &["encrypt", s(&p)]);
    assert!(!is_plain_sqlite(&p));
    assert_no_words_in(&p);
    let cached = common::on_disk::files_under(&env.path("xdg-cache"));
    assert!(
        !cached
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "term")),
        "the plain index went: {cached:?}"
    );
    assert_eq!(codings(&env, Some(PASS), &p), before);
    assert_eq!(
        ok(
            &env,
            Some(PASS),
            &["search", s(&p), "nyamurhale", "--count"]
        )
        .trim(),
        "1"
    );
    fail(&env, Some(PASS), &["encrypt", s(&p)]);
    ok(&env, Some(PASS), &["decrypt", s(&p)]);
    assert!(is_plain_sqlite(&p));
    assert_eq!(codings(&env, None, &p), before);
    ok(&env, None, &["check", s(&p)]);
    // Nothing left beside it.
    let left: Vec<_> = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn rekey_retires_the_old_passphrase_and_a_copy_stays_encrypted() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let before = codings(&env, Some(PASS), &p);
    rekey(&env, &p, PASS, "new secret");
    fail(&env, Some(PASS), &["docs", s(&p), "--json"]);
    assert_eq!(codings(&env, Some("new secret"), &p), before);
    // Without a new passphrase and no terminal: one line, unchanged.
    let bytes = std::fs::read(&p).expect("read");
    let err = fail(&env, Some("new secret"), &["rekey", s(&p)]);
    assert!(err.contains("GLOSS_NEW_PASSPHRASE"), "{err}");
    assert_eq!(std::fs::read(&p).expect("read"), bytes);

    let copy = env.path("neema.gloss");
    ok(
        &env,
        Some("new secret"),
        &["copy", s(&p), s(&copy), "--coder", "neema"],
    );
    assert!(!is_plain_sqlite(&copy));
    assert_no_words_in(&copy);
    let copied = codings(&env, Some("new secret"), &copy);
    assert_eq!(copied.as_array().map(Vec::len), Some(1));
    fail(&env, Some(PASS), &["docs", s(&copy), "--json"]);
}

#[test]
fn the_viewer_searches_an_encrypted_project_with_its_index_sealed() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let mut ui = common::Ui::on_store(common::open_encrypted(&p, PASS), 140, 30);
    ui.keys("\n");
    // The pane's index directory: an encrypted project's index is sealed
    // in it.
    let dir = env.path("tui-index");
    ui.app.index_dir = Some(dir.clone());
    ui.keys("/");
    ui.keys("wachimbajitoto");
    ui.app
        .screens
        .get_mut::<SearchState>()
        .expect("search")
        .wait_idle(std::time::Duration::from_secs(20));
    ui.events(vec![]);
    let screen = ui.screen();
    assert!(
        screen.contains("1 hit") || screen.contains("wachimbajitoto"),
        "{screen}"
    );
    let result = ui
        .app
        .screens
        .get::<SearchState>()
        .and_then(|s| s.result.as_ref())
        .expect("results");
    assert_eq!(result.total, 1);
    let written = common::on_disk::files_under(&dir);
    for f in &written {
        assert_no_words_in(f);
    }
    assert!(
        written.iter().all(|f| f
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("index.sealed"))),
        "only the sealed file: {written:?}"
    );
    assert!(!is_plain_sqlite(&sealed_index(&written)));
}

/// Which passphrase opens the project now: `None` for a plain file.
fn opened_by<'a>(env: &Env, p: &Path, candidates: &[&'a str]) -> Option<Option<&'a str>> {
    if is_plain_sqlite(p) {
        return Some(None);
    }
    candidates
        .iter()
        .find(|k| {
            with(env, Some(k), &["docs", s(p), "--json"])
                .status
                .success()
        })
        .map(|k| Some(*k))
}

/// A conversion killed at random points of its run (`GLOSS_TEST_SEED`
/// repeats a run): each time the project is whole before or whole after,
/// with the same codings, and the conversion can be run again.
#[test]
fn conversions_killed_at_random_points_leave_a_readable_project() {
    const NEW: &str = "the second passphrase";
    let seed: u64 = std::env::var("GLOSS_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| d.as_nanos() as u64)
        });
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    fill(&env, None, &p);
    let before = codings(&env, None, &p);
    let run = |args: &[&str], pass: Option<&str>| {
        let mut c = env.cmd(args);
        c.env_remove("GLOSS_NEW_PASSPHRASE");
        if let Some(k) = pass {
            c.env("GLOSS_PASSPHRASE", k);
        }
        c.env("GLOSS_NEW_PASSPHRASE", NEW)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    };
    // (command, the passphrase it is run with, the state it goes to)
    let steps: [(&str, Option<&str>, Option<&str>); 3] = [
        ("encrypt", Some(PASS), Some(PASS)),
        ("rekey", Some(PASS), Some(NEW)),
        ("decrypt", Some(NEW), None),
    ];
    for (cmd, with_pass, after) in steps {
        // How long the conversion takes, run once whole (then undone).
        let start = opened_by(&env, &p, &[PASS, NEW]).expect("readable");
        let t = std::time::Instant::now();
        assert!(run(&[cmd, s(&p)], with_pass)
            .status()
            .expect("run")
            .success());
        let whole = t.elapsed();
        assert_eq!(opened_by(&env, &p, &[PASS, NEW]), Some(after));
        let undo: &[&str] = match cmd {
            "encrypt" => &["decrypt"],
            "rekey" => &["rekey"],
            _ => &["encrypt"],
        };
        // Back to the state before (rekey back: the new passphrase is the
        // old one this time).
        let mut back = env.cmd(&[undo[0], s(&p)]);
        back.env_remove("GLOSS_NEW_PASSPHRASE");
        if let Some(k) = after {
            back.env("GLOSS_PASSPHRASE", k);
        } else {
            back.env("GLOSS_PASSPHRASE", NEW);
        }
        if let Some(k) = start {
            back.env("GLOSS_NEW_PASSPHRASE", k);
        }
        let out = back.output().expect("undo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(opened_by(&env, &p, &[PASS, NEW]), Some(start));

        for _ in 0..6 {
            let at = whole.mul_f64((next() % 1000) as f64 / 1000.0);
            let mut child = run(&[cmd, s(&p)], with_pass).spawn().expect("spawn");
            std::thread::sleep(at);
            let _ = child.kill();
            let _ = child.wait();
            let why = format!("{cmd} killed after {at:?} of {whole:?} (GLOSS_TEST_SEED={seed})");
            let now =
                opened_by(&env, &p, &[PASS, NEW]).unwrap_or_else(|| panic!("unreadable: {why}"));
            assert!(now == start || now == after, "{why}: {now:?}");
            assert_eq!(codings(&env, now, &p), before, "{why}");
            if now == after {
                let out = back.output().expect("undo");
                assert!(
                    out.status.success(),
                    "{why}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        // Finally done whole, for the next conversion.
        assert!(run(&[cmd, s(&p)], with_pass)
            .status()
            .expect("run")
            .success());
        assert_eq!(opened_by(&env, &p, &[PASS, NEW]), Some(after));
    }
    assert_eq!(codings(&env, None, &p), before);
}

#[test]
fn the_export_dialog_says_once_that_the_export_is_plaintext() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let mut ui = common::Ui::on_store(common::open_encrypted(&p, PASS), 140, 30);
    ui.keys("\n");
    ui.keys("E");
    ui.events(vec![]);
    let screen = ui.screen();
    assert_eq!(
        screen
            .matches("will be plaintext, readable by anyone")
            .count(),
        1,
        "{screen}"
    );
    assert!(screen.contains("secret.gloss is encrypted"), "{screen}");
    // Drawn as a warning (yellow), not as the dim hints around it.
    let buf = ui.term.backend().buffer();
    let row = screen
        .lines()
        .position(|l| l.contains("will be plaintext"))
        .expect("the note's row");
    let line: Vec<char> = screen.lines().nth(row).expect("row").chars().collect();
    let col = (0..line.len())
        .find(|&i| line[i..].starts_with(&['s', 'e', 'c', 'r', 'e', 't', '.']))
        .expect("col");
    assert_eq!(
        buf[(col as u16, row as u16)].fg,
        ratatui::style::Color::Yellow
    );
    // A plain project's dialog has no such note.
    let plain = env.project("plain.gloss", "amani");
    fill(&env, None, &plain);
    let mut ui = common::Ui::open(&plain);
    ui.keys("E");
    ui.events(vec![]);
    assert!(!ui.screen().contains("plaintext"), "{}", ui.screen());
}

#[test]
fn every_export_command_notes_once_that_its_file_is_plaintext() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let cb = env.path("cb-out.yaml");
    let qdpx = env.path("p.qdpx");
    let csv = env.path("x.csv");
    for (all, target) in [
        (
            vec![
                "codebook",
                "export",
                s(&p),
                "--format",
                "yaml",
                "-o",
                s(&cb),
            ],
            &cb,
        ),
        (vec!["refi", "export", s(&p), s(&qdpx)], &qdpx),
        (
            vec!["export", s(&p), "--format", "csv", "-o", s(&csv)],
            &csv,
        ),
    ] {
        let o = with(&env, Some(PASS), &all);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{all:?}: {err}");
        assert_eq!(
            err.matches("will be plaintext").count(),
            1,
            "{all:?}: {err}"
        );
        assert!(target.exists());
    }
}

#[test]
fn copies_and_new_passphrases_get_a_sealed_index_key_of_their_own() {
    let env = Env::new();
    let p = encrypted_project(&env);
    let key_of = |path: &Path, pass: &str| -> String {
        common::open_encrypted(path, pass)
            .meta("index_key")
            .expect("meta")
            .expect("made with the project")
    };
    let first = key_of(&p, PASS);
    assert_eq!(first.len(), 64, "256 bits in hex");
    let copy = env.path("copy.gloss");
    ok(
        &env,
        Some(PASS),
        &["copy", s(&p), s(&copy), "--coder", "neema"],
    );
    assert_ne!(key_of(&copy, PASS), first, "a copy's own");
    // A search seals the index; a new passphrase renews its key and
    // removes it, and the next search seals it again under the new key.
    ok(&env, Some(PASS), &["search", s(&p), "nyamurhale"]);
    let cached = common::on_disk::files_under(&env.path("xdg-cache"));
    let sealed = sealed_index(&cached);
    rekey(&env, &p, PASS, "new secret");
    assert!(!sealed.exists(), "the old sealed index went");
    assert_ne!(key_of(&p, "new secret"), first, "a new key");
    let hits: Value = serde_json::from_str(&ok(
        &env,
        Some("new secret"),
        &["search", s(&p), "nyamurhale", "--json"],
    ))
    .expect("json");
    assert_eq!(hits["total"], 1);
    assert!(sealed.exists(), "sealed again");
}
