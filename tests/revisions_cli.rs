//! Issue 12, items 7 and 8, through the built binary: re-importing a
//! corrected file over a document (`import --replace`), merging copies
//! across revisions (an older copy; a copy with edits of its own, one of
//! them conflicting; a file of schema 5, read as it is), and REFI-QDA
//! export and import of an edited document. No coding lands on other words.

mod common;

use common::{s, Env};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const TEXT: &str =
    "P1: oui, à Kasulu on paie les frais scolaires.\n\nP2: Oui, les frais du minerval. Fin.\n";

/// Char offsets of the `nth` (0-based) `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let (b, _) = text.match_indices(needle).nth(n).expect("needle");
    let a = text.split_at(b).0.chars().count();
    (a, a + needle.chars().count())
}

fn span(text: &str, needle: &str) -> (usize, usize) {
    nth(text, needle, 0)
}

fn code(env: &Env, p: &Path, text: &str, needle: &str, n: usize, coder: Option<&str>) {
    let (a, b) = nth(text, needle, n);
    let (a, b) = (a.to_string(), b.to_string());
    let mut args = vec![
        "codings",
        "add",
        s(p),
        "--doc",
        "t",
        "--code",
        "Fees",
        "--start",
        &a,
        "--end",
        &b,
    ];
    if let Some(c) = coder {
        args.extend(["--coder", c]);
    }
    env.ok(&args);
}

/// A project with TEXT as document `t`, code Fees, codings on "les frais
/// scolaires", "minerval" and the second "Oui" (the first is "oui").
fn project(env: &Env, name: &str) -> PathBuf {
    let p = env.project(name, "lead");
    let t = env.file("t.txt", TEXT);
    env.ok(&["import", s(&p), s(&t)]);
    let cb = env.file("cb.yaml", "codes:\n  - name: Fees\n");
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    code(env, &p, TEXT, "les frais scolaires", 0, None);
    code(env, &p, TEXT, "minerval", 0, None);
    code(env, &p, TEXT, "Oui", 0, None);
    p
}

fn doc_text(env: &Env, p: &Path) -> String {
    env.json(&["show", s(p), "t", "--json"])["text"]
        .as_str()
        .expect("text")
        .to_string()
}

/// (coder, start, end, text) of every coding, sorted.
fn codings(env: &Env, p: &Path) -> Vec<(String, usize, usize, String)> {
    let v = env.json(&["codings", "list", s(p), "--json"]);
    let mut out: Vec<_> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (
                c["coder"].as_str().expect("coder").to_string(),
                c["start"].as_u64().expect("start") as usize,
                c["end"].as_u64().expect("end") as usize,
                c["text"].as_str().expect("text").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn edit(env: &Env, p: &Path, from: &str, to: &str) {
    let text = doc_text(env, p);
    let (a, b) = span(&text, from);
    env.ok(&[
        "edit",
        s(p),
        "t",
        "--start",
        &a.to_string(),
        "--end",
        &b.to_string(),
        "--text",
        to,
    ]);
}

/// Types `what` right after `needle` (a pure insertion).
fn insert_after(env: &Env, p: &Path, needle: &str, what: &str) {
    let text = doc_text(env, p);
    let (_, b) = span(&text, needle);
    let b = b.to_string();
    env.ok(&[
        "edit",
        s(p),
        "t",
        "--start",
        &b,
        "--end",
        &b,
        "--text",
        what,
    ]);
}

fn texts_of(list: &[(String, usize, usize, String)], coder: &str) -> Vec<String> {
    let mut t: Vec<String> = list
        .iter()
        .filter(|c| c.0 == coder)
        .map(|c| c.3.clone())
        .collect();
    t.sort();
    t
}

#[test]
fn a_reimport_is_one_revision_codings_keep_their_words_and_changed_ones_are_reported() {
    let env = Env::new();
    let p = project(&env, "p.gloss");
    let corrected = "P1: oui, à Kasulo-Centre on paie les frais d'école.\n\nNurse: Oui, les frais du minerval. Fin.\n";
    let f = env.file("t-corrected.txt", corrected);
    let v = env.json(&["import", s(&p), s(&f), "--replace", "t", "--json"]);
    assert_eq!(v["document"], "t");
    assert_eq!(v["revision"], 1);
    // "minerval" and "Oui" keep their words at new offsets; "les frais
    // scolaires" became "les frais d'école": reported.
    assert_eq!(v["codings_kept"], 0, "{v}");
    assert_eq!(v["codings_moved"], 2, "{v}");
    assert_eq!(v["codings_review"].as_array().expect("ids").len(), 1, "{v}");
    assert_eq!(v["review"][0]["before"], "les frais scolaires");
    assert_eq!(v["review"][0]["after"], "les frais d'école");
    assert_eq!(doc_text(&env, &p), corrected);
    let list = codings(&env, &p);
    assert_eq!(
        texts_of(&list, "lead"),
        ["Oui", "les frais d'école", "minerval"]
    );
    // The coded "Oui" is the second one, never the first occurrence.
    let oui = list.iter().find(|c| c.3 == "Oui").expect("Oui");
    assert_eq!((oui.1, oui.2), nth(corrected, "Oui", 0));
    assert_ne!((oui.1, oui.2), span(corrected, "oui"));
    // The turn table follows the new file: P2 is now Nurse.
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    assert_eq!(turns[1]["speaker"], "Nurse", "{turns}");
    assert_eq!(turns.as_array().expect("turns").len(), 2);
    let h = env.json(&["history", s(&p), "t", "--json"]);
    assert_eq!(h.as_array().expect("log").len(), 1);
    // The review items say what each changed coding covers now.
    let store = gloss::ops::project::open_plain(&p, None).expect("open");
    let rows = gloss::ops::reimport::review_rows(&store).expect("rows");
    drop(store);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text, "les frais scolaires");
    assert!(rows[0].reason.contains("d'école"), "{:?}", rows[0]);
    // The same file again: nothing changes.
    let v = env.json(&["import", s(&p), s(&f), "--replace", "t", "--json"]);
    assert_eq!(v["revision"], 1);
    assert_eq!(v["codings_kept"], 3);
    // Deleting a coded passage orphans it (review queue), never drops it.
    let shorter =
        "P1: oui, à Kasulo-Centre on paie les frais d'école.\n\nNurse: Oui, les frais du. Fin.\n";
    let f2 = env.file("t-shorter.txt", shorter);
    let out = env.ok(&["import", s(&p), s(&f2), "--replace", "t"]);
    assert!(out.contains("1 to review"), "{out}");
    assert!(out.contains("\"minerval\" was deleted"), "{out}");
    let review = env.json(&["review", s(&p), "--json"]);
    assert!(
        review
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["text"] == "minerval"),
        "{review}"
    );
    // A file with one turn more: the turn table grows with it, and the
    // project stays consistent.
    let split = "P1: oui, à Kasulo-Centre on paie les frais d'école.\n\nNurse: Oui, les frais du.\n\nP3: Fin.\n";
    let f3 = env.file("t-split.txt", split);
    env.ok(&["import", s(&p), s(&f3), "--replace", "t"]);
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    assert_eq!(turns.as_array().expect("turns").len(), 3, "{turns}");
    assert_eq!(turns[2]["speaker"], "P3");
    let (a, b) = span(split, "Fin.");
    assert_eq!(
        (turns[2]["start"].as_u64(), turns[2]["end"].as_u64()),
        (Some(a as u64), Some(b as u64))
    );
    env.ok(&["check", s(&p)]);
    let f2 = env.file("t-shorter.txt", shorter);
    env.ok(&["import", s(&p), s(&f2), "--replace", "t"]);
    let turns = env.json(&["turns", s(&p), "t", "--json"]);
    assert_eq!(turns.as_array().expect("turns").len(), 2, "{turns}");
    env.ok(&["check", s(&p)]);
    // A bad use is one line and the project is unchanged.
    let err = env.fail(&["import", s(&p), s(&f), s(&f2), "--replace", "t"]);
    assert!(err.contains("exactly one file"), "{err}");
    assert_eq!(doc_text(&env, &p), shorter);
}

#[test]
fn an_older_copy_merges_forward_through_the_log() {
    let env = Env::new();
    let lead = project(&env, "lead.gloss");
    let amani = env.path("amani.gloss");
    env.ok(&["copy", s(&lead), s(&amani), "--coder", "amani"]);
    // Amani codes in the copy (at revision 0) ...
    code(&env, &amani, TEXT, "Kasulu on paie", 0, None);
    code(&env, &amani, TEXT, "du minerval", 0, None);
    code(&env, &amani, TEXT, "Fin", 0, None);
    // ... while the lead corrects the transcript twice and deletes "Fin".
    edit(&env, &lead, "Kasulu", "Kasulo-Centre");
    edit(&env, &lead, "Oui, les", "Oui, toutes les");
    edit(&env, &lead, " Fin.", "");
    let v = env.json(&["merge", s(&lead), s(&amani), "--json"]);
    let r = &v[0];
    assert_eq!(r["codings_added"], 3, "{r}");
    assert_eq!(r["codings_orphaned"], 1, "{r}");
    assert_eq!(r["revisions"][0]["mapping"], "older revision", "{r}");
    assert_eq!(r["revisions"][0]["their_revision"], 0);
    assert_eq!(r["revisions"][0]["our_revision"], 3);
    assert_eq!(r["edits_applied"], 0);
    let list = codings(&env, &lead);
    assert_eq!(
        texts_of(&list, "amani"),
        ["Kasulo-Centre on paie", "du minerval"],
        "amani's codings sit on the same words of the corrected text"
    );
    let review = env.json(&["review", s(&lead), "--json"]);
    let fin: Vec<&Value> = review
        .as_array()
        .expect("array")
        .iter()
        .filter(|r| r["coder"] == "amani")
        .collect();
    assert_eq!(fin.len(), 1, "{review}");
    assert_eq!(fin[0]["text"], "Fin");
    // Merging again adds nothing; the copy is untouched.
    let v = env.json(&["merge", s(&lead), s(&amani), "--json"]);
    assert_eq!(v[0]["codings_added"], 0, "{v}");
    assert_eq!(doc_text(&env, &amani), TEXT);
}

#[test]
fn a_copy_with_its_own_edits_applies_them_where_nobody_else_changed_and_keeps_ours_at_a_conflict() {
    let env = Env::new();
    let lead = project(&env, "lead.gloss");
    let amani = env.path("amani.gloss");
    env.ok(&["copy", s(&lead), s(&amani), "--coder", "amani"]);
    // Both fix Kasulu alike; the lead also fixes "Fin"; amani changes
    // "minerval" (elsewhere) and "Fin" differently (a conflict).
    edit(&env, &lead, "Kasulu", "Kasulo");
    edit(&env, &lead, "Fin.", "Terminé.");
    edit(&env, &amani, "Kasulu", "Kasulo");
    insert_after(&env, &amani, "du minerval", " annuel");
    edit(&env, &amani, "Fin.", "Fini.");
    let at = doc_text(&env, &amani);
    code(&env, &amani, &at, "minerval annuel", 0, None);
    code(&env, &amani, &at, "Kasulo on paie", 0, None);
    code(&env, &amani, &at, "Fini", 0, None);
    let v = env.json(&["merge", s(&lead), s(&amani), "--json"]);
    let r = &v[0];
    let d = &r["revisions"][0];
    assert_eq!(d["mapping"], "edit log", "{r}");
    assert_eq!(
        d["common_revision"], 1,
        "the Kasulo fix is in both logs: {r}"
    );
    assert_eq!(d["edits_applied"], 1, "{r}");
    assert_eq!(d["conflicts"].as_array().expect("c").len(), 1, "{r}");
    assert_eq!(d["conflicts"][0]["ours"], "Terminé.");
    assert_eq!(d["conflicts"][0]["theirs"], "Fini.");
    assert_eq!(d["revision"], 3, "their edits are one new revision here");
    let merged = doc_text(&env, &lead);
    assert_eq!(
        merged,
        "P1: oui, à Kasulo on paie les frais scolaires.\n\nP2: Oui, les frais du minerval annuel. Terminé.\n"
    );
    let list = codings(&env, &lead);
    assert_eq!(
        texts_of(&list, "amani"),
        ["Kasulo on paie", "minerval annuel"]
    );
    // The lead's own codings kept their words through amani's edit.
    assert_eq!(
        texts_of(&list, "lead"),
        ["Oui", "les frais scolaires", "minerval"]
    );
    // "Fini" was their word at the conflict: an orphan, with its text.
    let review = env.json(&["review", s(&lead), "--json"]);
    assert!(
        review
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["text"] == "Fini" && r["coder"] == "amani"),
        "{review}"
    );
    let h = env.json(&["history", s(&lead), "t", "--json"]);
    assert_eq!(h.as_array().expect("log").len(), 3);
    assert_eq!(h[2]["coder"], "amani");
    // The text output says the same in words.
    let out = env.ok(&["merge", s(&lead), s(&amani)]);
    assert!(out.contains("0 codings added"), "{out}");
    assert!(out.contains("conflict at"), "{out}");
    env.ok(&["check", s(&lead)]);
}

#[test]
fn a_file_of_schema_5_merges_without_being_migrated() {
    let env = Env::new();
    let old = env.path("old.gloss");
    let text = "P1: à Kasulu on paie les frais scolaires.\n";
    {
        let (c, doc) = common::old_schema_project(&old, 5, text, "P1", (4, 41));
        c.execute_batch("INSERT INTO codes (id, name, position) VALUES ('fees', 'Fees', 0);")
            .expect("codes");
        let (a, b) = span(text, "les frais");
        c.execute(
            "INSERT INTO codings (id, document_id, code_id, coder_id, start, end, created_at)
             VALUES ('c1', ?1, 'fees', 1, ?2, ?3, '2026-01-01T00:00:00Z')",
            rusqlite::params![doc, a as i64, b as i64],
        )
        .expect("coding");
    }
    // The lead's project is the same file brought up to date, then edited.
    let lead = env.path("lead.gloss");
    std::fs::copy(&old, &lead).expect("copy");
    env.ok(&["docs", s(&lead)]);
    env.ok(&[
        "codings",
        "reassign",
        s(&lead),
        "--from",
        "amani",
        "--to",
        "lead",
    ]);
    edit(&env, &lead, "Kasulu", "Kasulo-Centre");
    let before = std::fs::read(&old).expect("read");
    let v = env.json(&["merge", s(&lead), s(&old), "--json"]);
    assert_eq!(v[0]["documents_matched"], 1, "{v}");
    assert_eq!(v[0]["codings_coder_updated"], 1, "{v}");
    assert_eq!(v[0]["revisions"][0]["matched_by"], "id", "{v}");
    assert_eq!(v[0]["revisions"][0]["mapping"], "older revision", "{v}");
    assert_eq!(std::fs::read(&old).expect("read"), before, "not migrated");
    let list = codings(&env, &lead);
    assert_eq!(texts_of(&list, "amani"), ["les frais"]);
}

fn xmllint(qdpx: &Path, dir: &Path) {
    let f = std::fs::File::open(qdpx).expect("open");
    let mut zip = zip::ZipArchive::new(f).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").expect("qde"), &mut xml)
        .expect("read");
    let qde = dir.join("project.qde");
    std::fs::write(&qde, &xml).expect("write");
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi-qda/Project.xsd");
    match (
        Command::new("xmllint").arg("--version").output(),
        xsd.exists(),
    ) {
        (Ok(_), true) => {
            let v = Command::new("xmllint")
                .args(["--noout", "--schema", s(&xsd), s(&qde)])
                .output()
                .expect("xmllint");
            assert!(
                v.status.success(),
                "schema: {}",
                String::from_utf8_lossy(&v.stderr)
            );
        }
        _ => eprintln!("note: xmllint or Project.xsd missing; schema validation skipped"),
    }
}

#[test]
fn refi_export_of_an_edited_document_is_valid_and_an_older_export_maps_forward() {
    let env = Env::new();
    let p = project(&env, "p.gloss");
    // An export before the edits, with a coding of its own added after.
    let amani = env.path("amani.gloss");
    env.ok(&["copy", s(&p), s(&amani), "--coder", "amani"]);
    code(&env, &amani, TEXT, "Fin", 0, None);
    code(&env, &amani, TEXT, "paie", 0, None);
    let old_qdpx = env.path("old.qdpx");
    env.ok(&["refi", "export", s(&amani), s(&old_qdpx)]);
    edit(&env, &p, "Kasulu", "Kasulo-Centre");
    edit(&env, &p, " Fin.", "");
    let out = env.path("edited.qdpx");
    env.ok(&["refi", "export", s(&p), s(&out)]);
    xmllint(&out, &env.path(""));
    // The export holds the current text and positions: into a fresh
    // project, every coding has the same words.
    let fresh = env.project("fresh.gloss", "zed");
    env.ok(&["refi", "import", s(&out), s(&fresh)]);
    let a: Vec<String> = codings(&env, &p).into_iter().map(|c| c.3).collect();
    let b: Vec<String> = codings(&env, &fresh).into_iter().map(|c| c.3).collect();
    assert_eq!(a, b);
    assert_eq!(a.len(), 3);
    // The older export into the edited project: matched by GUID, its
    // codings mapped forward; "Fin" (deleted here) becomes an orphan.
    let v = env.json(&["refi", "import", s(&old_qdpx), s(&p), "--json"]);
    assert_eq!(v["codings_added"], 2, "{v}");
    assert_eq!(v["codings_orphaned"], 1, "{v}");
    assert_eq!(v["codings_already_present"], 3, "{v}");
    let list = codings(&env, &p);
    assert_eq!(texts_of(&list, "amani"), ["paie"]);
    let review = env.json(&["review", s(&p), "--json"]);
    assert!(
        review
            .as_array()
            .expect("array")
            .iter()
            .any(|r| r["text"] == "Fin"),
        "{review}"
    );
}

/// Amani fixes Kasulu, splits the second turn before "Fin." and gives the
/// new turn to P3, then codes "Kasulo on paie".
fn amani_splits(env: &Env, amani: &Path) {
    edit(env, amani, "Kasulu", "Kasulo");
    let at = doc_text(env, amani);
    let (split, _) = span(&at, "Fin.");
    env.ok(&["turns", "split", s(amani), "t", "--at", &split.to_string()]);
    let turns = env.json(&["turns", s(amani), "t", "--json"]);
    let last = turns.as_array().expect("turns").last().expect("a turn")["turn"].clone();
    env.ok(&["turns", "speaker", s(amani), "t", &last.to_string(), "P3"]);
    let at = doc_text(env, amani);
    code(env, amani, &at, "Kasulo on paie", 0, None);
}

#[test]
fn a_copy_that_split_a_turn_brings_its_turns_when_ours_did_not_change() {
    let env = Env::new();
    let lead = project(&env, "lead.gloss");
    let amani = env.path("amani.gloss");
    env.ok(&["copy", s(&lead), s(&amani), "--coder", "amani"]);
    edit(&env, &lead, "les frais du", "les frais de");
    amani_splits(&env, &amani);
    let v = env.json(&["merge", s(&lead), s(&amani), "--json"]);
    let d = &v[0]["revisions"][0];
    assert_eq!(d["turn_edits_applied"], true, "{d}");
    assert_eq!(d["turn_edits_not_merged"], false, "{d}");
    let merged = doc_text(&env, &lead);
    assert_eq!(
        merged,
        "P1: oui, à Kasulo on paie les frais scolaires.\n\nP2: Oui, les frais de minerval.\n\nP3: Fin.\n"
    );
    let turns = env.json(&["turns", s(&lead), "t", "--json"]);
    let turns = turns.as_array().expect("turns");
    let speakers: Vec<&str> = turns
        .iter()
        .map(|t| t["speaker"].as_str().expect("s"))
        .collect();
    assert_eq!(speakers, ["P1", "P2", "P3"]);
    let speech: Vec<String> = turns
        .iter()
        .map(|t| {
            let (a, b) = (
                t["start"].as_u64().expect("a") as usize,
                t["end"].as_u64().expect("b") as usize,
            );
            merged.chars().skip(a).take(b - a).collect()
        })
        .collect();
    assert_eq!(
        speech,
        [
            "oui, à Kasulo on paie les frais scolaires.",
            "Oui, les frais de minerval.",
            "Fin."
        ]
    );
    let list = codings(&env, &lead);
    assert_eq!(texts_of(&list, "amani"), ["Kasulo on paie"]);
    assert_eq!(
        texts_of(&list, "lead"),
        ["Oui", "les frais scolaires", "minerval"]
    );
    env.ok(&["check", s(&lead)]);
    let h = env.json(&["history", s(&lead), "t", "--json"]);
    assert_eq!(
        h.as_array().expect("log").last().expect("rev")["kind"],
        "merge"
    );
    let out = env.ok(&["merge", s(&lead), s(&amani)]);
    assert!(!out.contains("turns are not merged"), "{out}");
}

#[test]
fn copies_that_both_changed_turns_keep_ours_and_say_so() {
    let env = Env::new();
    let lead = project(&env, "lead.gloss");
    let amani = env.path("amani.gloss");
    env.ok(&["copy", s(&lead), s(&amani), "--coder", "amani"]);
    edit(&env, &lead, "Fin.", "Terminé.");
    // The lead splits the first turn; amani the second.
    let (at, _) = span(&doc_text(&env, &lead), "les frais scolaires");
    env.ok(&["turns", "split", s(&lead), "t", "--at", &at.to_string()]);
    let before = doc_text(&env, &lead);
    amani_splits(&env, &amani);
    let v = env.json(&["merge", s(&lead), s(&amani), "--json"]);
    let d = &v[0]["revisions"][0];
    assert_eq!(d["turn_edits_not_merged"], true, "{d}");
    assert_eq!(d["edits_applied"], 0, "{d}");
    // Our text and turns stand: no label of theirs inside our speech.
    assert_eq!(doc_text(&env, &lead), before);
    let ours = env.json(&["turns", s(&lead), "t", "--json"]);
    assert_eq!(ours.as_array().expect("turns").len(), 3);
    env.ok(&["check", s(&lead)]);
    // Their coding lands on the same passage, in our spelling (their fix
    // of the word inside it is not applied).
    let list = codings(&env, &lead);
    assert_eq!(texts_of(&list, "amani"), ["Kasulu on paie"], "{list:?}");
    let out = env.ok(&["merge", s(&lead), s(&amani)]);
    assert!(out.contains("turns are not merged"), "{out}");
}
