//! `gloss export`, the built binary end to end, on `sample-transcripts/`
//! coded by `gloss codings import tests/fixtures/export/sample-codings.jsonl`.

mod common;

use common::{root, s, Env};
use std::path::{Path, PathBuf};

/// The environment, and the samples imported, with participants, the
/// study codebook and 13 codings by amani, bintu and consensus.
fn coded_samples(env: &Env) -> String {
    let p = env.project("study.gloss", "amani");
    let ps = s(&p).to_string();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("sample-transcripts"))
        .expect("samples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("txt" | "docx" | "vtt")
            )
        })
        .collect();
    files.sort();
    let mut args = vec!["import".to_string(), ps.clone()];
    args.extend(files.iter().map(|f| f.display().to_string()));
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
    let out = env.ok(&[
        "codings",
        "import",
        &ps,
        &r("tests/fixtures/export/sample-codings.jsonl"),
    ]);
    assert!(out.contains("imported 13 codings"), "{out}");
    ps
}

#[test]
fn every_format_end_to_end_with_summary_lines() {
    let env = Env::new();
    let dir = &env.dir;
    let p = coded_samples(&env);
    for f in ["csv", "xlsx", "md", "html", "docx", "json"] {
        let out = dir.path().join(format!("all.{f}"));
        let o = out.to_str().expect("path");
        let line = env.ok(&["export", &p, "--format", f, "-o", o]);
        // 13 codings, 11 passages: consensus coded two of amani's alike.
        assert_eq!(line, format!("exported 11 excerpts (9 codes) to {o}\n"));
        assert!(std::fs::metadata(&out).expect("written").len() > 500);
        // Not overwritten without --force.
        let err = env.fail(&["export", &p, "--format", f, "-o", o]);
        assert!(
            err.contains("already exists (use --force to overwrite it)"),
            "{err}"
        );
        env.ok(&["export", &p, "--format", f, "-o", o, "--force"]);
    }
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("all.json")).expect("json"))
            .expect("valid JSON");
    let first = &v["excerpts"][0];
    assert_eq!(first["code_path"], "Women's security/Physical security");
    assert_eq!(first["speaker"], "P2");
    assert_eq!(first["attributes"]["role"], "carrier");
    assert_eq!(first["time"], "0:06:34");
}

#[test]
fn report_writer_example_filters_and_pseudonymises() {
    let env = Env::new();
    let dir = &env.dir;
    let p = coded_samples(&env);
    let map = dir.path().join("names.csv");
    std::fs::write(
        &map,
        "original,replacement,category\nOdette,[FAC-1],NAME\nGrâce,[NOTE-1],NAME\nGrace Mutombo,[NGO-LEAD],NAME\nKasulo,[SITE-1],PLACE\nMusompo,[VILLAGE-1],PLACE\nKivuko,[ORG-1],ORG\n",
    )
    .expect("map");
    let out = dir.path().join("econ.docx");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "docx",
        "--code",
        "Economic security",
        "--where",
        "role=washer",
        "--where",
        "site=Kasulo",
        "--pseudonymize",
        map.to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(
        line.starts_with("exported 1 excerpt (1 code) to ")
            && line
                .ends_with("; pseudonymised with 6 names, check passed: none left in the file\n"),
        "{line}"
    );
    // All codes, pseudonymised, in every format: none of the names left.
    for f in ["csv", "xlsx", "md", "html", "docx", "json"] {
        let out = dir.path().join(format!("p.{f}"));
        env.ok(&[
            "export",
            &p,
            "--format",
            f,
            "--context",
            "turn",
            "-o",
            out.to_str().expect("path"),
            "--pseudonymize",
            map.to_str().expect("path"),
        ]);
        let bytes = std::fs::read(&out).expect("read");
        let fmt = match f {
            "csv" => gloss::formats::export::ExportFormat::Csv,
            "xlsx" => gloss::formats::export::ExportFormat::Xlsx,
            "md" => gloss::formats::export::ExportFormat::Markdown,
            "html" => gloss::formats::export::ExportFormat::Html,
            "docx" => gloss::formats::export::ExportFormat::Docx,
            _ => gloss::formats::export::ExportFormat::Json,
        };
        let text = gloss::formats::export::text_of(fmt, &bytes).expect("text");
        for name in [
            "Odette",
            "Grâce",
            "Grace Mutombo",
            "Kasulo",
            "Musompo",
            "Kivuko",
        ] {
            assert!(!text.contains(name), "{name} in p.{f}");
        }
    }
    let consensus = dir.path().join("c.csv");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "csv",
        "--consensus",
        "-o",
        consensus.to_str().expect("path"),
    ]);
    assert!(line.starts_with("exported 4 excerpts"), "{line}");
    let by = dir.path().join("by.csv");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "csv",
        "--by",
        "bintu",
        "--doc",
        "fg02-kanina-femmes-swahili",
        "-o",
        by.to_str().expect("path"),
    ]);
    assert!(line.starts_with("exported 2 excerpts"), "{line}");
    let report = dir.path().join("codebook.html");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "html",
        "--codebook-report",
        "-o",
        report.to_str().expect("path"),
    ]);
    assert_eq!(line, format!("exported 26 codes to {}\n", report.display()));
}

#[test]
fn bad_input_is_one_line_and_writes_nothing() {
    let env = Env::new();
    let dir = &env.dir;
    let p = coded_samples(&env);
    let out = dir.path().join("x.csv");
    let o = out.to_str().expect("path");
    let map = dir.path().join("bad.csv");
    std::fs::write(&map, "Odette\n").expect("write");
    let err = env.fail(&[
        "export",
        &p,
        "--format",
        "csv",
        "-o",
        o,
        "--pseudonymize",
        map.to_str().expect("p"),
    ]);
    assert_eq!(
        err,
        format!(
            "error: {}: line 1: no replacement (columns: original,replacement[,category])\n",
            map.display()
        )
    );
    let err = env.fail(&[
        "export",
        &p,
        "--format",
        "csv",
        "-o",
        o,
        "--query",
        "school \"fees",
    ]);
    assert!(err.contains("query: this quote is never closed"), "{err}");
    let err = env.fail(&["export", &p, "--format", "csv", "-o", o, "--where", "role"]);
    assert!(err.contains("is not key=value"), "{err}");
    let err = env.fail(&["export", &p, "--format", "csv", "-o", o, "--code", "Nope"]);
    assert!(err.contains("no code \"Nope\""), "{err}");
    let err = env.fail(&[
        "export",
        &p,
        "--format",
        "csv",
        "--codebook-report",
        "-o",
        o,
    ]);
    assert!(err.contains("md, html or docx"), "{err}");
    let missing = dir.path().join("no/such/dir/x.csv");
    let err = env.fail(&[
        "export",
        &p,
        "--format",
        "csv",
        "-o",
        missing.to_str().expect("p"),
    ]);
    assert!(err.contains("its folder does not exist"), "{err}");
    assert!(!out.exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_search_query_narrows_the_excerpts() {
    let env = Env::new();
    let dir = &env.dir;
    let p = coded_samples(&env);
    let all = dir.path().join("all.json");
    env.ok(&[
        "export",
        &p,
        "--format",
        "json",
        "-o",
        all.to_str().expect("path"),
    ]);
    let q = dir.path().join("q.json");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "json",
        "-o",
        q.to_str().expect("path"),
        "--query",
        "enfants OR children",
    ]);
    assert!(line.starts_with("exported "), "{line}");
    let read = |f: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(f).expect("json")).expect("valid JSON")
    };
    let (all, some) = (read(&all), read(&q));
    let n_all = all["excerpts"].as_array().expect("excerpts").len();
    let n_some = some["excerpts"].as_array().expect("excerpts").len();
    assert!(n_some > 0 && n_some < n_all, "{n_some} of {n_all}");
}

#[test]
fn a_mistyped_filter_is_refused_with_the_known_values() {
    let env = Env::new();
    let p = coded_samples(&env);
    let out = env.path("x.csv");
    let o = s(&out);
    let export = |extra: &[&str]| {
        let mut args = vec!["export", &p, "--format", "csv", "-o", o];
        args.extend_from_slice(extra);
        env.fail(&args)
    };
    let err = export(&["--where", "sex=female"]);
    assert!(
        err.contains("--where sex=female: no participant has the attribute \"sex\"")
            && err.contains("known attributes: age_group, gender, language, role, site"),
        "{err}"
    );
    let err = export(&["--where", "gender=femme"]);
    assert!(
        err.contains("no participant has gender \"femme\"")
            && err.contains("known values of gender: female, male"),
        "{err}"
    );
    // Known key, one good value and one typo: still refused.
    let err = export(&["--where", "role=washer", "--where", "role=wahser"]);
    assert!(err.contains("role \"wahser\""), "{err}");
    let err = export(&["--by", "amanii"]);
    assert!(
        err.contains("--by \"amanii\": no such coder")
            && err.contains("known coders: amani, bintu, consensus"),
        "{err}"
    );
    let err = export(&["--speaker", "P99"]);
    assert!(err.contains("--speaker \"P99\": no such speaker"), "{err}");
    // At most ten known speakers are listed, then how many more.
    let known = err.split("known speakers: ").nth(1).expect("list");
    assert_eq!(known.split(", ").count(), 10, "{known}");
    assert!(known.trim_end().ends_with("more"), "{known}");
    assert!(!out.exists(), "nothing written");
    // Case does not make a typo (the filters are case-insensitive).
    env.ok(&[
        "export",
        &p,
        "--format",
        "csv",
        "-o",
        o,
        "--where",
        "Role=WASHER",
        "--speaker",
        "p1",
    ]);
    // Known values that select nothing together: the file, with 0 excerpts.
    let empty = env.path("empty.csv");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "csv",
        "-o",
        s(&empty),
        "--where",
        "role=researcher",
        "--by",
        "bintu",
    ]);
    assert!(line.starts_with("exported 0 excerpts"), "{line}");
    let mut rd = csv::Reader::from_path(&empty).expect("written");
    assert_eq!(rd.records().count(), 0);
    // `codings list --by` had the same hole.
    let err = env.fail(&["codings", "list", &p, "--by", "amanii"]);
    assert!(
        err.contains("known coders: amani, bintu, consensus"),
        "{err}"
    );
    assert!(
        env.ok(&["codings", "list", &p, "--by", "bintu"])
            .lines()
            .count()
            == 3
    );
}

#[test]
fn pseudonymisation_tells_accented_names_apart() {
    let env = Env::new();
    let p = coded_samples(&env);
    // A note-taker Grâce (fg01) and an NGO lead Grace (int01): two people.
    let map = env.file(
        "names.csv",
        "original,replacement\nGrace,Respondent A\nGrâce,Note-taker N\n",
    );
    let out = env.path("p.json");
    let line = env.ok(&[
        "export",
        &p,
        "--format",
        "json",
        "--context",
        "turn",
        "--pseudonymize",
        s(&map),
        "-o",
        s(&out),
    ]);
    assert!(
        line.contains("pseudonymised with 2 names, check passed"),
        "{line}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("json")).expect("valid JSON");
    let all = v.to_string();
    assert!(!all.contains("Grace") && !all.contains("Grâce"), "{all}");
    let excerpts = v["excerpts"].as_array().expect("excerpts");
    let of = |doc: &str| -> Vec<&serde_json::Value> {
        excerpts.iter().filter(|e| e["document"] == doc).collect()
    };
    // fg01: "Je m'appelle Odette, et Grâce, à côté de moi, prend des notes".
    let fg01 = of("fg01-kasulo-femmes-mineures");
    assert!(
        fg01.iter().any(|e| e["memo"]
            .as_str()
            .is_some_and(|m| m.contains("Odette, Note-taker N"))),
        "{fg01:?}"
    );
    assert!(!fg01.iter().any(|e| e.to_string().contains("Respondent A")));
    // int01: the speaker "Grace Mutombo".
    let int01 = of("int01-ngo-programme-lead");
    assert!(!int01.is_empty());
    assert!(
        int01.iter().all(|e| e["speaker"] == "Respondent A Mutombo"),
        "{int01:?}"
    );
    // The same name twice (case aside) with two replacements is still refused.
    let bad = env.file("bad.csv", "Grace,A\nGRACE,B\n");
    let err = env.fail(&[
        "export",
        &p,
        "--format",
        "json",
        "--pseudonymize",
        s(&bad),
        "-o",
        s(&env.path("q.json")),
    ]);
    assert!(
        err.contains("line 2: this name is already on line 1"),
        "{err}"
    );
}

#[test]
fn each_passage_once_with_its_coders_and_no_settling_memos() {
    let env = Env::new();
    let p = coded_samples(&env);
    // fg02's Economic security passage (bintu's) coded alike by amani, then
    // settled into consensus with the memo settling writes.
    for (coder, memo) in [("amani", None), ("consensus", Some("settled: keep bintu"))] {
        let mut args = vec![
            "codings",
            "add",
            &p,
            "--doc",
            "fg02-kanina-femmes-swahili",
            "--code",
            "Economic security",
            "--start",
            "1061",
            "--end",
            "1120",
            "--coder",
            coder,
        ];
        if let Some(m) = memo {
            args.extend(["--memo", m]);
        }
        env.ok(&args);
    }
    // A passage coded with a parent and with its sub-code counts once in
    // the parent's roll-up.
    env.ok(&[
        "codings",
        "add",
        &p,
        "--doc",
        "fg01-kasulo-femmes-mineures",
        "--code",
        "Women's security",
        "--start",
        "1516",
        "--end",
        "1583",
        "--coder",
        "amani",
    ]);
    let read = |f: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(f).expect("json")).expect("valid JSON")
    };
    let export = |name: &str, extra: &[&str]| -> (String, serde_json::Value) {
        let out = env.path(name);
        let mut args = vec!["export", &p, "--format", "json", "-o", s(&out)];
        args.extend_from_slice(extra);
        let line = env.ok(&args);
        (line, read(&out))
    };
    let econ = [
        "--code",
        "Economic security",
        "--doc",
        "fg02-kanina-femmes-swahili",
    ];
    let (line, v) = export("econ.json", &econ);
    assert!(line.starts_with("exported 1 excerpt (1 code)"), "{line}");
    let e = &v["excerpts"][0];
    assert_eq!(
        e["coders"],
        serde_json::json!(["bintu", "amani", "consensus"])
    );
    assert_eq!(e["memo"], serde_json::Value::Null, "settling memo left out");
    // --memos all brings it back, named.
    let mut all = econ.to_vec();
    all.extend(["--memos", "all"]);
    let (_, v) = export("econ-all.json", &all);
    assert_eq!(v["excerpts"][0]["memo"], "consensus: settled: keep bintu");
    // --by and --consensus select codings as before.
    let mut by = econ.to_vec();
    by.extend(["--by", "amani"]);
    let (_, v) = export("econ-amani.json", &by);
    assert_eq!(v["excerpts"][0]["coders"], serde_json::json!(["amani"]));
    let mut cons = econ.to_vec();
    cons.push("--consensus");
    let (line, v) = export("econ-cons.json", &cons);
    assert!(line.starts_with("exported 1 excerpt"), "{line}");
    assert_eq!(v["excerpts"][0]["coders"], serde_json::json!(["consensus"]));
    assert_eq!(v["excerpts"][0]["memo"], serde_json::Value::Null);
    // The amani + consensus passage of fg01: once, with amani's memo named.
    let (_, v) = export("phys.json", &["--code", "Physical security"]);
    let ex = v["excerpts"].as_array().expect("excerpts");
    assert_eq!(ex.len(), 1, "{ex:?}");
    assert_eq!(ex[0]["coders"], serde_json::json!(["amani", "consensus"]));
    assert_eq!(ex[0]["memo"], "amani: walks in groups");
    // Markdown: the passage once, "coded by" all three.
    let md = env.path("econ.md");
    let mut args = vec!["export", &p, "--format", "md", "-o", s(&md)];
    args.extend_from_slice(&econ);
    env.ok(&args);
    let text = std::fs::read_to_string(&md).expect("md");
    assert_eq!(text.matches("coded by").count(), 1, "{text}");
    assert!(text.contains("coded by bintu, amani, consensus"), "{text}");
    assert!(!text.contains("settled:"), "{text}");
    // The codebook report counts passages and rolls sub-codes up.
    let report = env.path("codebook.md");
    env.ok(&[
        "export",
        &p,
        "--format",
        "md",
        "--codebook-report",
        "-o",
        s(&report),
    ]);
    let text = std::fs::read_to_string(&report).expect("report");
    assert!(
        text.contains(
            "## Women's security\n\n*1 passage in 1 document; \
             with its sub-codes 4 passages in 3 documents*"
        ),
        "{text}"
    );
    assert!(
        text.contains("### Women's security/Economic security\n\n*3 passages in 3 documents*\n"),
        "{text}"
    );
    assert!(
        text.contains("### Women's security/Physical security\n\n*1 passage in 1 document*\n"),
        "{text}"
    );
}

#[test]
fn reports_have_a_title_labels_and_dates() {
    let env = Env::new();
    let p = coded_samples(&env);
    let md = env.path("r.md");
    env.ok(&[
        "export",
        &p,
        "--format",
        "md",
        "--title",
        "Women's security — Kasulo, round 2",
        "--code",
        "Physical security",
        "-o",
        s(&md),
    ]);
    let text = std::fs::read_to_string(&md).expect("md");
    assert!(
        text.starts_with("# Women's security — Kasulo, round 2\n"),
        "{text}"
    );
    // "generated 1 December 2026, 09:20 UTC", not an RFC 3339 stamp.
    let meta = text.lines().nth(2).expect("meta line");
    let generated = meta.split("generated ").nth(1).expect("generated");
    let words: Vec<&str> = generated.split(' ').collect();
    assert!(
        words[0].parse::<u8>().is_ok() && words[4] == "UTC",
        "{meta}"
    );
    assert!(text.contains("Age group: 25-34"), "{text}");
    // A DOCX codebook report (every code has an example quotation): each
    // heading keeps with what follows, nothing keeps with a heading.
    let cb = env.path("cb.docx");
    env.ok(&[
        "export",
        &p,
        "--format",
        "docx",
        "--codebook-report",
        "-o",
        s(&cb),
    ]);
    let mut z = zip::ZipArchive::new(std::fs::File::open(&cb).expect("docx")).expect("zip");
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").expect("part"), &mut doc)
        .expect("read");
    let paras: Vec<&str> = doc.split("<w:p>").skip(1).collect();
    let mut quotes_before_headings = 0;
    for pair in paras.windows(2) {
        let heading = |p: &str| p.contains("w:val=\"Heading");
        if heading(pair[0]) {
            assert!(pair[0].contains("<w:keepNext/>"), "{}", pair[0]);
        } else if heading(pair[1]) {
            assert!(!pair[0].contains("<w:keepNext/>"), "{}", pair[0]);
            if pair[0].contains("w:val=\"Quote\"") {
                // The Quote style keeps with the next; not here.
                assert!(pair[0].contains("<w:keepNext w:val=\"0\"/>"), "{}", pair[0]);
                quotes_before_headings += 1;
            }
        }
    }
    assert!(quotes_before_headings > 20, "{quotes_before_headings}");
    let csv_out = env.path("r.csv");
    env.ok(&["export", &p, "--format", "csv", "-o", s(&csv_out)]);
    let mut rd = csv::Reader::from_path(&csv_out).expect("csv");
    let header = rd.headers().expect("header").clone();
    let col = header
        .iter()
        .position(|h| h == "date")
        .expect("date column");
    assert!(
        header.iter().any(|h| h == "age_group"),
        "CSV keeps the keys"
    );
    for row in rd.records() {
        let d = row.expect("row")[col].to_string();
        // 2026-12-01 09:20:18
        assert_eq!(d.len(), 19, "{d}");
        assert_eq!(d.get(4..5), Some("-"));
        assert_eq!(d.get(10..11), Some(" "));
    }
}
