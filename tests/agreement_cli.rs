//! `gloss merge` and `gloss agreement` through the built binary, on real
//! project files in a temporary directory; settling through `ops`.

mod common;

use common::s;
use gloss::ops;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

const TEXT: &str = "Interviewer: Où est l'école? 🙂 Qui paie?\n\nP1: Elle coûte cher, les enfants lavent les pierres.\n\nP2: Watoto wanafanya kazi.\n";

const CODEBOOK: &str = r##"
name: test
codes:
  - name: Labour
  - name: Theme
    children:
      - name: Fees
"##;

/// One hermetic environment (data, cache and config directories) for every
/// run of the binary in this file; the projects live in each test's own
/// temporary directory.
fn env() -> &'static common::Env {
    static ENV: OnceLock<common::Env> = OnceLock::new();
    ENV.get_or_init(common::Env::new)
}

fn gloss(args: &[&str]) -> Output {
    env().run(args)
}

fn ok(args: &[&str]) -> String {
    env().ok(args)
}

/// A project of `coder` with the transcript imported as `name`.
fn project(dir: &Path, coder: &str, name: &str) -> PathBuf {
    let path = dir.join(format!("{coder}.gloss"));
    let mut store = ops::project::init(&path, coder).expect("init");
    let f = dir.join(format!("{coder}-fg.txt"));
    std::fs::write(&f, TEXT).expect("write");
    let opts = ops::import::ImportOptions {
        name: Some(name.into()),
        ..Default::default()
    };
    ops::import::import_files(&mut store, &[f], &opts, &mut |_, _, _| {}).expect("import");
    ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes())
        .expect("codebook");
    path
}

/// Where the first turn's speech begins: "Interviewer: " is a label, and a
/// coding never starts or ends inside a label (issue 10), so the offsets
/// the tests give are counted from here.
const SPEECH: usize = "Interviewer: ".len();

fn code(project: &Path, doc: &str, code: &str, coder: &str, start: usize, end: usize) {
    let (start, end) = (start + SPEECH, end + SPEECH);
    ok(&[
        "codings",
        "add",
        s(project),
        "--doc",
        doc,
        "--code",
        code,
        "--start",
        &start.to_string(),
        "--end",
        &end.to_string(),
        "--coder",
        coder,
    ]);
}

/// lead (no codings), amani and neema (different document names, their own
/// codebook ids; neema has an extra document and an extra code).
fn setup(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let lead = project(dir, "lead", "fg");
    let amani = project(dir, "amani", "focus group 1");
    let neema = project(dir, "neema", "FG-1 neema");
    code(&amani, "focus group 1", "Labour", "amani", 0, 10);
    let mut store = ops::project::open_plain(&amani, None).expect("open");
    let doc = ops::documents::resolve(&store, "focus group 1").expect("doc");
    let memo = gloss::core::history::Change::SetDocumentMemo {
        document: doc,
        before: None,
        after: Some("amani: P1 hesitates here.".into()),
    };
    ops::edit::apply(&mut store, &memo).expect("memo");
    drop(store);
    code(&amani, "focus group 1", "Theme/Fees", "amani", 5, 15);
    code(&neema, "FG-1 neema", "Labour", "neema", 5, 10);
    code(&neema, "FG-1 neema", "Labour", "neema", 8, 12);
    let other = dir.join("other.txt");
    std::fs::write(&other, "P1: something else entirely.\n").expect("write");
    ok(&["import", s(&neema), s(&other)]);
    let mut store = ops::project::open_plain(&neema, None).expect("open");
    let add = ops::code_edits::add_code_change(&store, None, "Extra", None).expect("code");
    ops::edit::apply(&mut store, &add).expect("add code");
    drop(store);
    (lead, amani, neema)
}

fn n_chars(project: &Path) -> i64 {
    let v: Value = serde_json::from_str(&ok(&["docs", s(project), "--json"])).expect("json");
    v[0]["chars"].as_i64().expect("chars")
}

#[test]
fn merge_matches_by_hash_and_path_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lead, amani, neema) = setup(dir.path());
    let out = ok(&["merge", s(&lead), s(&amani), s(&neema)]);
    assert!(out.contains("2 codings added"), "{out}");
    assert!(out.contains("created code \"Extra\""), "{out}");
    assert!(out.contains("unmatched document \"other\""), "{out}");
    let v: Value = serde_json::from_str(&ok(&["merge", s(&lead), s(&amani), s(&neema), "--json"]))
        .expect("json");
    for r in v.as_array().expect("array") {
        assert_eq!(r["codings_added"], 0, "merging twice adds nothing: {r}");
        assert_eq!(r["memos_added"], 0);
    }
    assert_eq!(v[0]["codings_already_present"], 2);
    let store = ops::project::open_plain(&lead, None).expect("open");
    let doc = ops::documents::resolve(&store, "fg").expect("doc");
    assert_eq!(
        ops::coding::document_memo(&store, &doc)
            .expect("memo")
            .as_deref(),
        Some("amani: P1 hesitates here."),
        "memos come in once"
    );
    drop(store);
    assert_eq!(v[0]["documents_renamed"][0][1], "fg");
    let codings: Value =
        serde_json::from_str(&ok(&["codings", "list", s(&lead), "--json"])).expect("json");
    assert_eq!(codings.as_array().expect("array").len(), 4);
    assert!(codings
        .as_array()
        .expect("array")
        .iter()
        .all(|c| c["doc"] == "fg"));
    // The other files are untouched.
    let theirs: Value =
        serde_json::from_str(&ok(&["codings", "list", s(&amani), "--json"])).expect("json");
    assert_eq!(theirs.as_array().expect("array").len(), 2);
}

#[test]
fn agreement_json_is_exact_and_errors_are_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lead, amani, neema) = setup(dir.path());
    ok(&["merge", s(&lead), s(&amani), s(&neema)]);
    let n = n_chars(&lead);
    let v: Value =
        serde_json::from_str(&ok(&["agreement", s(&lead), "--json"])).expect("one JSON document");
    assert_eq!(v["coders"], serde_json::json!(["amani", "neema"]));
    assert_eq!(v["n_units"], n);
    let codes: Vec<&str> = v["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("str"))
        .collect();
    assert!(codes.contains(&"Theme") && codes.contains(&"Theme/Fees") && codes.contains(&"Extra"));
    let labour = &v["per_code"]["Labour"];
    assert_eq!(labour["n_units"], n);
    assert_eq!(labour["coverage"]["amani"], 10);
    assert_eq!(
        labour["coverage"]["neema"], 7,
        "overlapping codings count once"
    );
    assert_eq!(
        labour["agreement_histogram"],
        serde_json::json!([n - 12, 7, 5])
    );
    let p = &labour["pairs"][0];
    assert_eq!(p["coders"], serde_json::json!(["amani", "neema"]));
    assert_eq!(
        (
            &p["both"],
            &p["only_first"],
            &p["only_second"],
            &p["neither"]
        ),
        (&5.into(), &5.into(), &2.into(), &(n - 12).into())
    );
    let (nf, ta) = (n as f64, (n - 7) as f64);
    let e = 10.0 * 7.0 + (nf - 10.0) * (nf - 7.0);
    let kappa = (nf * ta - e) / (nf * nf - e);
    assert!((p["cohen_kappa"].as_f64().expect("kappa") - kappa).abs() < 1e-12);
    assert!((p["nvivo_weighted_kappa"].as_f64().expect("w") - kappa).abs() < 1e-12);
    assert!(p.get("cohen_kappa_nvivo").is_none());
    let doc = &labour["per_document"]["fg"];
    assert!((doc["pairs"][0]["cohen_kappa_nvivo"].as_f64().expect("k") - kappa).abs() < 1e-12);
    assert!(doc["pairs"][0].get("nvivo_weighted_kappa").is_none());
    assert!(doc.get("per_document").is_none());
    // A code nobody applied: 100 % agreement, no kappa or alpha (null).
    let theme = &v["per_code"]["Theme"];
    assert_eq!(theme["percent_agreement"], 1.0);
    assert!(theme["krippendorff_alpha"].is_null() && theme["fleiss_kappa"].is_null());
    assert!(theme["pairs"][0]["cohen_kappa"].is_null());
    assert_eq!(
        theme["per_document"]["fg"]["pairs"][0]["cohen_kappa_nvivo"],
        1.0
    );
    // Pooled: counts summed over the 4 codes.
    let pooled = &v["overall"]["pooled"];
    assert_eq!(pooled["n_units"], 4 * n);
    assert!(pooled.get("per_document").is_none());
    assert!(pooled["pairs"][0].get("nvivo_weighted_kappa").is_none());
    let mm = &v["overall"]["macro_mean"];
    assert_eq!(mm["defined_counts"]["percent_agreement"], 4);
    assert_eq!(mm["defined_counts"]["krippendorff_alpha"], 2);
    assert_eq!(mm["pairs"][0]["defined_counts"]["nvivo_weighted_kappa"], 4);

    // A mistyped coder is an error naming the known ones (issue 10).
    let out = gloss(&["agreement", s(&lead), "--coders", "amani,neemaa"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no coder \"neemaa\"") && err.contains("neema"),
        "{err}"
    );
    // A coder of the project without codings: a note on stderr, counted as
    // coding nothing.
    ok(&["coder", s(&lead), "ghost"]);
    ok(&["coder", s(&lead), "lead"]);
    let out = gloss(&[
        "agreement",
        s(&lead),
        "--json",
        "--coders",
        "amani,neema,ghost",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ghost"));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["per_code"]["Labour"]["coverage"]["ghost"], 0);
    assert_eq!(
        v["per_code"]["Labour"]["pairs"].as_array().map(Vec::len),
        Some(3)
    );
    // Errors: one coder, unknown code.
    let out = gloss(&["agreement", s(&lead), "--coders", "amani"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least two coders"));
    let out = gloss(&["agreement", s(&lead), "--code", "Nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Nope"));
    // One code, turn level, and the table.
    let v: Value = serde_json::from_str(&ok(&[
        "agreement",
        s(&lead),
        "--json",
        "--code",
        "Labour",
        "--unit",
        "turn",
    ]))
    .expect("json");
    assert_eq!(v["codes"], serde_json::json!(["Labour"]));
    assert_eq!(v["n_units"], 3, "three speaker turns");
    let table = ok(&["agreement", s(&lead)]);
    assert!(
        table.contains("Labour") && !table.contains('\x1b'),
        "{table}"
    );
}

#[test]
fn settling_writes_consensus_and_undo_takes_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lead, amani, neema) = setup(dir.path());
    ok(&["merge", s(&lead), s(&amani), s(&neema)]);
    let mut store = ops::project::open_plain(&lead, None).expect("open");
    let q = ops::agreement::disagreements(&store, None, None).expect("queue");
    // Labour 0..12 (amani 0..10, neema 5..12) and Fees 5..15 (amani only),
    // counted from the first turn's speech.
    assert_eq!(q.disagreements.len(), 2);
    let d = q.disagreements[0].clone();
    assert_eq!((d.range.start, d.range.end), (SPEECH, SPEECH + 12));
    let mut editor = ops::edit::Editor::default();
    let change =
        ops::agreement::settle_change(&store, &d, &q.coders, ops::agreement::Settle::Keep(0))
            .expect("change");
    editor.perform(&mut store, change).expect("settle");
    let q = ops::agreement::disagreements(&store, None, None).expect("queue");
    assert_eq!(q.settled(), 1);
    let coders = vec!["amani".to_string(), "consensus".to_string()];
    let codes = vec!["Labour".to_string()];
    let r = ops::agreement::report(&store, Some(&coders), Some(&codes), Default::default())
        .expect("report");
    assert_eq!(r.per_code["Labour"].percent_agreement, Some(1.0));
    // "None" is kept as a decision too.
    let d2 = q.disagreements[1].clone();
    let change =
        ops::agreement::settle_change(&store, &d2, &q.coders, ops::agreement::Settle::Nothing)
            .expect("change");
    editor.perform(&mut store, change).expect("settle");
    assert_eq!(
        ops::agreement::disagreements(&store, None, None)
            .expect("q")
            .settled(),
        2
    );
    editor.undo(&mut store).expect("undo");
    editor.undo(&mut store).expect("undo");
    assert_eq!(
        ops::agreement::disagreements(&store, None, None)
            .expect("q")
            .settled(),
        0
    );
}

#[test]
fn the_table_names_its_columns_as_the_screen_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (lead, amani, neema) = setup(dir.path());
    ok(&["merge", s(&lead), s(&amani), s(&neema)]);
    let table = ok(&["agreement", s(&lead)]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("coders: 1 amani, 2 neema · "),
        "{table}"
    );
    let header = lines[1];
    for h in [
        "code",
        "agree %",
        "Fleiss κ",
        "α",
        "verdict",
        "coded",
        "Cohen κ",
        "NVivo κw",
    ] {
        assert!(header.contains(h), "{h:?} in {header}");
    }
    assert!(
        table.contains("Cohen κ: the pair over all the code's characters")
            && table.contains("NVivo κw: NVivo's per-document κ weighted by size"),
        "{table}"
    );
    let row = |name: &str| -> &str {
        lines
            .iter()
            .find(|l| l.split("  ").next() == Some(name))
            .unwrap_or_else(|| panic!("row {name:?}: {table}"))
    };
    // Two decimals and a % sign.
    let v: Value = serde_json::from_str(&ok(&["agreement", s(&lead), "--json"])).expect("json");
    let pa = v["per_code"]["Labour"]["percent_agreement"].as_f64();
    let pct = gloss::core::agreement::format_percent(pa);
    assert!(row("Labour").contains(&pct), "{pct} in {}", row("Labour"));
    assert!(pct.ends_with('%') && pct.split('.').nth(1).map(str::len) == Some(3));
    // Nobody coded "Theme" (only its sub-code): n/a throughout, with why.
    let theme = row("Theme");
    assert_eq!(theme.matches("n/a").count(), 5, "{theme}");
    assert!(
        theme.contains("nobody coded") && !theme.contains("100.00"),
        "{theme}"
    );
    assert!(table.contains("mean of 2 codes"), "{table}");
    // The JSON keeps NVivo's convention and the 100 %.
    assert_eq!(v["per_code"]["Theme"]["percent_agreement"], 1.0);
}
