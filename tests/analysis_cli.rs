//! `gloss analysis …`, the built binary end to end: the JSON shapes of
//! issue 13 on the samples, exact figures on small hand-made projects (the
//! worked examples of analysis.md), filters refused with the known names,
//! and tables written to CSV/XLSX safely.

mod common;

use common::{root, s, Env};
use serde_json::Value;
use std::path::PathBuf;

/// The samples with participants, the study codebook and the demo codings.
fn samples(env: &Env) -> String {
    let p = env.project("study.gloss", "amani");
    let ps = s(&p).to_string();
    let mut args = vec!["import".to_string(), ps.clone()];
    args.extend(common::samples().iter().map(|f| f.display().to_string()));
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let r = |p: &str| root().join(p).display().to_string();
    env.ok(&[
        "participants",
        "import",
        &ps,
        &r("sample-transcripts/participants.csv"),
    ]);
    env.ok(&[
        "codebook",
        "import",
        &ps,
        &r("codebooks/women-security-asm.yaml"),
    ]);
    env.ok(&[
        "codings",
        "import",
        &ps,
        &r("sample-transcripts/demo-codings.jsonl"),
    ]);
    ps
}

/// A plain 100-char document `d` (no speaker labels: nothing snaps), codes
/// A, B, C and X (X/child a sub-code), and `codings` (code, start, end).
fn plain(env: &Env, codings: &[(&str, usize, usize, &str)]) -> String {
    let p = env.project("plain.gloss", "amani");
    let ps = s(&p).to_string();
    let text: String = (0..10).map(|i| format!("mot{i} abcd ")).collect();
    assert_eq!(text.chars().count(), 100);
    let f = env.file("d.txt", &text);
    env.ok(&["import", &ps, s(&f), "--format", "plain"]);
    let cb = env.file(
        "cb.yaml",
        "name: t\ncodes:\n  - name: A\n  - name: B\n  - name: C\n  - name: X\n    children:\n      - name: child\n",
    );
    env.ok(&["codebook", "import", &ps, s(&cb)]);
    for (code, start, end, coder) in codings {
        env.ok(&[
            "codings",
            "add",
            &ps,
            "--doc",
            "d",
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
    ps
}

fn row<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("no row {code}: {v}"))
}

#[test]
fn frequencies_json_shape_and_figures_on_the_samples() {
    let env = Env::new();
    let p = samples(&env);
    let v = env.json(&["analysis", "frequencies", &p, "--json"]);
    assert_eq!(v["coders"], serde_json::json!(["amani", "neema"]));
    assert_eq!(v["subcodes"], true);
    let codes = v["codes"].as_array().expect("codes");
    assert!(
        codes.len() >= 20,
        "every code of the codebook: {}",
        codes.len()
    );
    for r in codes {
        for k in [
            "code",
            "codings",
            "documents",
            "participants",
            "chars",
            "words",
            "coverage",
        ] {
            assert!(r.get(k).is_some(), "{k} in {r}");
        }
    }
    // Sub-codes roll up: the parent counts at least its children's passages.
    let parent = row(&v, "Schooling");
    let child = row(&v, "Schooling/School fees");
    assert!(parent["codings"].as_u64() >= child["codings"].as_u64());
    assert!(child["codings"].as_u64() > Some(0));
    // amani and neema coded 1639..1655 alike: one passage.
    let own = env.json(&[
        "analysis",
        "frequencies",
        &p,
        "--json",
        "--code",
        "Women's security/Physical security",
        "--doc",
        "kasulo",
    ]);
    let r = row(&own, "Women's security/Physical security");
    assert_eq!(r["codings"], 1, "{own}");
    assert_eq!(r["chars"], 16);
    let by = env.json(&[
        "analysis",
        "frequencies",
        &p,
        "--json",
        "--by",
        "neema",
        "--no-subcodes",
    ]);
    assert_eq!(by["coders"], serde_json::json!(["neema"]));
    assert_eq!(by["subcodes"], false);
    assert_eq!(row(&by, "Schooling")["codings"], 0);
    // The readable table says its unit, coders and sub-code rule.
    let t = env.ok(&["analysis", "frequencies", &p]);
    assert!(t.contains("coders: amani, neema"), "{t}");
    assert!(t.contains("sub-codes: included"), "{t}");
    assert!(t.contains("coverage"), "{t}");
}

#[test]
fn matrix_by_attribute_with_column_n_on_the_samples() {
    let env = Env::new();
    let p = samples(&env);
    let v = env.json(&[
        "analysis",
        "matrix",
        &p,
        "--columns",
        "attribute:gender",
        "--unit",
        "participants",
        "--percent",
        "column-n",
        "--json",
    ]);
    assert_eq!(v["unit"], "participants");
    assert_eq!(v["percent"], "column-n");
    let cols: Vec<&str> = v["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(cols, ["female", "male", "(no value)"]);
    let n = v["column_n"]["participants"].as_array().expect("N");
    assert_eq!(n.len(), 3);
    let rows = v["rows"].as_array().expect("rows");
    let cells = v["cells"].as_array().expect("cells");
    assert_eq!(rows.len(), cells.len());
    for c in cells {
        for x in c.as_array().expect("row") {
            assert!(
                x.is_null() || (0.0..=1.0).contains(&x.as_f64().expect("share")),
                "{x}"
            );
        }
    }
    let counts = env.json(&["analysis", "matrix", &p, "--columns", "documents", "--json"]);
    let docs = counts["column_n"]["documents"].as_array().expect("N");
    assert!(docs.iter().all(|n| n == 1));
    assert!(
        counts["cells"][0][0].is_u64(),
        "counts are integers: {counts}"
    );
}

#[test]
fn worked_examples_exactly() {
    let env = Env::new();
    // analysis.md §2: A [0,20) [50,60); B [10,30) [60,70) [80,90); C [12,18) [50,60).
    let p = plain(
        &env,
        &[
            ("A", 0, 20, "amani"),
            ("A", 50, 60, "amani"),
            ("B", 10, 30, "amani"),
            ("B", 60, 70, "amani"),
            ("B", 80, 90, "amani"),
            ("C", 12, 18, "amani"),
            ("C", 50, 60, "amani"),
        ],
    );
    let co = |extra: &[&str]| {
        let mut a = vec![
            "analysis",
            "cooccurrence",
            p.as_str(),
            "--json",
            "--code",
            "A",
            "--code",
            "B",
            "--code",
            "C",
        ];
        a.extend_from_slice(extra);
        env.json(&a)
    };
    let v = co(&[]);
    assert_eq!(v["unit"], "pairs");
    assert_eq!(v["frequency"], serde_json::json!([2, 3, 2]));
    assert_eq!(v["counts"][0][1], 1);
    assert_eq!(v["counts"][0][2], 2);
    assert_eq!(v["counts"][1][2], 1);
    assert_eq!(v["c"][0][1], 0.25);
    assert_eq!(v["c"][0][2], 1.0);
    assert!(v["c"][0][0].is_null());
    let t = co(&["--touching"]);
    assert_eq!(
        (t["counts"][0][1].as_u64(), t["counts"][1][2].as_u64()),
        (Some(2), Some(2))
    );
    let r = co(&["--unit", "regions"]);
    assert_eq!(r["counts"][0][2], 2);
    let e = env.fail(&[
        "analysis",
        "cooccurrence",
        &p,
        "--unit",
        "turns",
        "--touching",
    ]);
    assert!(e.contains("--unit pairs"), "{e}");
    // Frequencies: union chars, words touched, coverage of the 100 chars.
    let f = env.json(&["analysis", "frequencies", &p, "--json"]);
    let b = row(&f, "B");
    assert_eq!(
        (b["codings"].as_u64(), b["chars"].as_u64()),
        (Some(3), Some(40))
    );
    assert_eq!(b["coverage"], 0.4);
    // "mot0 abcd mot1 abcd …": [10,30) holds mot1 abcd mot2 abcd, [60,70)
    // and [80,90) two words each.
    assert_eq!(row(&f, "B")["words"], 8, "{f}");
}

#[test]
fn the_same_passage_by_two_coders_counts_once_and_sub_codes_roll_up() {
    let env = Env::new();
    let p = plain(
        &env,
        &[
            ("X/child", 0, 10, "amani"),
            ("X/child", 0, 10, "neema"),
            ("X", 0, 10, "neema"),
            ("X", 5, 15, "amani"),
        ],
    );
    let f = env.json(&["analysis", "frequencies", &p, "--json"]);
    assert_eq!(row(&f, "X")["codings"], 2, "{f}");
    assert_eq!(row(&f, "X")["chars"], 15);
    assert_eq!(row(&f, "X/child")["codings"], 1);
    let own = env.json(&["analysis", "frequencies", &p, "--json", "--no-subcodes"]);
    assert_eq!(row(&own, "X")["codings"], 2);
    let m = env.json(&[
        "analysis",
        "matrix",
        &p,
        "--columns",
        "coders",
        "--json",
        "--code",
        "X",
    ]);
    assert_eq!(m["columns"], serde_json::json!(["amani", "neema"]));
    assert_eq!(m["cells"][0], serde_json::json!([2, 1]));
}

#[test]
fn unknown_names_are_refused_with_the_known_ones() {
    let env = Env::new();
    let p = samples(&env);
    let e = env.fail(&["analysis", "frequencies", &p, "--code", "Schoolin"]);
    assert!(e.contains("known codes:") && e.contains("Schooling"), "{e}");
    let e = env.fail(&["analysis", "frequencies", &p, "--by", "amanii"]);
    assert!(e.contains("known coders: amani, neema"), "{e}");
    let e = env.fail(&["analysis", "matrix", &p, "--columns", "attribute:sexe"]);
    assert!(
        e.contains("known attributes:") && e.contains("gender"),
        "{e}"
    );
    let e = env.fail(&[
        "analysis",
        "matrix",
        &p,
        "--columns",
        "documents",
        "--where",
        "gender=femme",
    ]);
    assert!(e.contains("known values of gender: female, male"), "{e}");
    let e = env.fail(&["analysis", "matrix", &p, "--columns", "everything"]);
    assert!(e.contains("attribute:KEY"), "{e}");
    let e = env.fail(&["analysis", "frequencies", &p, "--consensus"]);
    assert!(e.contains("consensus"), "{e}");
    let e = env.fail(&["analysis", "codeline", &p, "nosuchdoc"]);
    assert!(e.contains("its documents:"), "{e}");
    let e = env.fail(&["analysis", "words", &p, "--stopwords", "ln"]);
    assert!(e.contains("no stop-word list"), "{e}");
}

#[test]
fn words_with_stop_words_per_language_and_groups() {
    let env = Env::new();
    let p = samples(&env);
    let v = env.json(&["analysis", "words", &p, "--json", "--limit", "30"]);
    let groups = v["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 1);
    let words: Vec<&str> = groups[0]["words"]
        .as_array()
        .expect("words")
        .iter()
        .filter_map(|w| w["word"].as_str())
        .collect();
    for stop in ["le", "la", "de", "the", "and", "na", "ya"] {
        assert!(!words.contains(&stop), "{stop} is a stop word: {words:?}");
    }
    let none = env.json(&[
        "analysis",
        "words",
        &p,
        "--json",
        "--stopwords",
        "none",
        "--limit",
        "5",
    ]);
    let top: Vec<&str> = none["groups"][0]["words"]
        .as_array()
        .expect("words")
        .iter()
        .filter_map(|w| w["word"].as_str())
        .collect();
    assert!(
        top.iter()
            .any(|w| ["le", "la", "de", "the", "na"].contains(w)),
        "{top:?}"
    );
    let w0 = &none["groups"][0]["words"][0];
    let share = w0["share"].as_f64().expect("share");
    let total = none["groups"][0]["total"].as_f64().expect("total");
    assert!((share - w0["count"].as_f64().expect("count") / total).abs() < 1e-12);
    let g = env.json(&[
        "analysis",
        "words",
        &p,
        "--json",
        "--by-attribute",
        "gender",
        "--limit",
        "3",
    ]);
    let names: Vec<&str> = g["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .filter_map(|x| x["group"].as_str())
        .collect();
    assert!(
        names.contains(&"female") && names.contains(&"male"),
        "{names:?}"
    );
    // Only inside a code's passages: a few words, every one inside them.
    let c = env.json(&[
        "analysis",
        "words",
        &p,
        "--json",
        "--code",
        "Schooling/School fees",
        "--stopwords",
        "none",
    ]);
    let total = c["groups"][0]["total"].as_u64().expect("total");
    assert!(total > 0 && total < 40, "{c}");
    // A user's own list for a language replaces the shipped one.
    env.file("xdg-config/gloss/stopwords/fr.txt", "site\n");
    let own = env.json(&[
        "analysis",
        "words",
        &p,
        "--json",
        "--stopwords",
        "fr",
        "--limit",
        "400",
    ]);
    let ws: Vec<&str> = own["groups"][0]["words"]
        .as_array()
        .expect("words")
        .iter()
        .filter_map(|w| w["word"].as_str())
        .collect();
    assert!(!ws.contains(&"site") && ws.contains(&"le"), "{ws:?}");
}

#[test]
fn kwic_and_codeline_shapes() {
    let env = Env::new();
    let p = samples(&env);
    let v = env.json(&[
        "analysis",
        "kwic",
        &p,
        "minerval",
        "--context",
        "3",
        "--json",
    ]);
    let rows = v.as_array().expect("rows");
    assert!(!rows.is_empty());
    for r in rows {
        for k in [
            "doc", "turn", "speaker", "start", "end", "left", "keyword", "right",
        ] {
            assert!(r.get(k).is_some(), "{k} in {r}");
        }
        assert_eq!(
            r["keyword"].as_str().map(str::to_lowercase).as_deref(),
            Some("minerval")
        );
        assert!(r["left"].as_str().expect("left").split_whitespace().count() <= 4);
    }
    let phrase = env.json(&[
        "analysis",
        "kwic",
        &p,
        "\"frais scolaires\"",
        "--json",
        "--sort",
        "right",
    ]);
    for r in phrase.as_array().expect("rows") {
        assert_eq!(
            r["keyword"].as_str().map(str::to_lowercase).as_deref(),
            Some("frais scolaires")
        );
    }
    let c = env.json(&["analysis", "codeline", &p, "kasulo", "--json"]);
    let turns = c["turns"].as_array().expect("turns").len();
    assert!(turns > 10);
    let cells = c["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), c["codes"].as_array().expect("codes").len());
    assert!(cells
        .iter()
        .all(|r| r.as_array().expect("row").len() == turns));
    assert!(cells
        .iter()
        .all(|r| r.as_array().expect("row").iter().any(|x| x == true)));
}

#[test]
fn tables_are_written_safely_to_csv_and_xlsx() {
    let env = Env::new();
    let p = plain(&env, &[("A", 0, 20, "amani")]);
    // A code named like a formula must not run in a spreadsheet.
    let cb = env.file(
        "evil.yaml",
        "name: e\ncodes:\n  - name: \"=HYPERLINK(1)\"\n",
    );
    env.ok(&["codebook", "import", &p, s(&cb)]);
    let out: PathBuf = env.path("freq.csv");
    let said = env.ok(&["analysis", "frequencies", &p, "-o", s(&out)]);
    assert!(said.contains("wrote"), "{said}");
    let text = std::fs::read_to_string(&out).expect("csv");
    assert!(text.contains("'=HYPERLINK(1)"), "{text}");
    assert!(text.contains("sub-codes: included"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let e = env.fail(&["analysis", "frequencies", &p, "-o", s(&out)]);
    assert!(e.contains("--force"), "{e}");
    env.ok(&["analysis", "frequencies", &p, "-o", s(&out), "--force"]);
    let x = env.path("m.xlsx");
    env.ok(&[
        "analysis",
        "matrix",
        &p,
        "--columns",
        "documents",
        "-o",
        s(&x),
    ]);
    let bytes = std::fs::read(&x).expect("xlsx");
    assert!(bytes.starts_with(b"PK"));
    let e = env.fail(&["analysis", "frequencies", &p, "-o", s(&env.path("f.txt"))]);
    assert!(e.contains(".csv or .xlsx"), "{e}");
    // No temporary file left beside the output.
    let left: Vec<_> = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

/// Codings anchored in later text blocks (a document of three 8,192-char
/// blocks), before and after an edit that moves the later blocks' starts:
/// the analysis reads anchors plus block starts, and must place every
/// passage where the views do.
#[test]
fn codings_across_text_blocks_are_placed_exactly_before_and_after_an_edit() {
    let env = Env::new();
    let p = env.project("blocks.gloss", "amani");
    let ps = s(&p).to_string();
    // Word i is "wNNNN" at [6i, 6i + 5).
    let text: String = (0..3000).map(|i| format!("w{i:04} ")).collect();
    let f = env.file("d.txt", &text);
    env.ok(&["import", &ps, s(&f), "--format", "plain"]);
    let cb = env.file(
        "cb.yaml",
        "name: t\ncodes:\n  - name: A\n  - name: B\n  - name: C\n",
    );
    env.ok(&["codebook", "import", &ps, s(&cb)]);
    // A crosses the first block boundary, B overlaps it in the second
    // block, C lies in the third.
    for (code, start, end) in [("A", 8000, 8400), ("B", 8390, 8500), ("C", 17000, 17100)] {
        env.ok(&[
            "codings",
            "add",
            &ps,
            "--doc",
            "d",
            "--code",
            code,
            "--start",
            &start.to_string(),
            "--end",
            &end.to_string(),
        ]);
    }
    let check = |env: &Env| {
        let v = env.json(&["analysis", "frequencies", &ps, "--json"]);
        let figures = |code: &str| {
            let r = row(&v, code);
            (r["chars"].as_u64(), r["words"].as_u64())
        };
        // Words touching [s, e): 6i + 5 > s and 6i < e.
        assert_eq!(figures("A"), (Some(400), Some(67)));
        assert_eq!(figures("B"), (Some(110), Some(19)));
        assert_eq!(figures("C"), (Some(100), Some(17)));
        let c = env.json(&["analysis", "cooccurrence", &ps, "--json"]);
        let codes: Vec<&str> = c["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let at = |x: &str| codes.iter().position(|c| *c == x).expect("code");
        assert_eq!(c["counts"][at("A")][at("B")], 1);
        assert_eq!(c["counts"][at("A")][at("C")], 0);
        assert_eq!(c["counts"][at("B")][at("C")], 0);
    };
    check(&env);
    // Seven chars typed at the start: every later block starts 7 later,
    // and so does every coding (the words move with them).
    env.ok(&[
        "edit", &ps, "d", "--start", "0", "--end", "0", "--text", "XXXXXX ",
    ]);
    check(&env);
}
