//! `gloss export`, the built binary end to end, on `sample-transcripts/`
//! coded by `gloss codings import tests/fixtures/export/sample-codings.jsonl`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn gloss(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join("gloss-test-unused"),
        )
        .env("GLOSS_CONFIG", "/nonexistent/gloss-config.toml")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("gloss-test-cache"),
        )
        .output()
        .expect("run gloss")
}

fn ok(args: &[&str]) -> String {
    let out = gloss(args);
    assert!(
        out.status.success(),
        "gloss {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

fn fail(args: &[&str]) -> String {
    let out = gloss(args);
    assert_eq!(out.status.code(), Some(1), "gloss {args:?} should fail");
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

fn coded_samples(dir: &Path) -> String {
    let p = dir.join("study.gloss");
    let ps = p.to_str().expect("utf-8 path").to_string();
    ok(&["init", &ps, "--coder", "amani"]);
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
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let r = |p: &str| root().join(p).display().to_string();
    ok(&[
        "participants",
        "import",
        &ps,
        &r("sample-transcripts/participants.csv"),
    ]);
    ok(&[
        "codebook",
        "import",
        &ps,
        &r("codebooks/women-security-asm.yaml"),
    ]);
    let out = ok(&[
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
    let dir = tempfile::tempdir().expect("tempdir");
    let p = coded_samples(dir.path());
    for f in ["csv", "xlsx", "md", "html", "docx", "json"] {
        let out = dir.path().join(format!("all.{f}"));
        let o = out.to_str().expect("path");
        let line = ok(&["export", &p, "--format", f, "-o", o]);
        assert_eq!(line, format!("exported 13 excerpts (9 codes) to {o}\n"));
        assert!(std::fs::metadata(&out).expect("written").len() > 500);
        // Not overwritten without --force.
        let err = fail(&["export", &p, "--format", f, "-o", o]);
        assert!(
            err.contains("already exists (use --force to overwrite it)"),
            "{err}"
        );
        ok(&["export", &p, "--format", f, "-o", o, "--force"]);
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
    let dir = tempfile::tempdir().expect("tempdir");
    let p = coded_samples(dir.path());
    let map = dir.path().join("names.csv");
    std::fs::write(
        &map,
        "original,replacement,category\nOdette,[FAC-1],NAME\nGrâce,[NOTE-1],NAME\nGrace Mutombo,[NGO-LEAD],NAME\nKasulo,[SITE-1],PLACE\nMusompo,[VILLAGE-1],PLACE\nKivuko,[ORG-1],ORG\n",
    )
    .expect("map");
    let out = dir.path().join("econ.docx");
    let line = ok(&[
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
        ok(&[
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
    let line = ok(&[
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
    let line = ok(&[
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
    let line = ok(&[
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
    let dir = tempfile::tempdir().expect("tempdir");
    let p = coded_samples(dir.path());
    let out = dir.path().join("x.csv");
    let o = out.to_str().expect("path");
    let map = dir.path().join("bad.csv");
    std::fs::write(&map, "Odette\n").expect("write");
    let err = fail(&[
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
    let err = fail(&[
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
    let err = fail(&["export", &p, "--format", "csv", "-o", o, "--where", "role"]);
    assert!(err.contains("is not key=value"), "{err}");
    let err = fail(&["export", &p, "--format", "csv", "-o", o, "--code", "Nope"]);
    assert!(err.contains("no code \"Nope\""), "{err}");
    let err = fail(&[
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
    let err = fail(&[
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
    let dir = tempfile::tempdir().expect("tempdir");
    let p = coded_samples(dir.path());
    let all = dir.path().join("all.json");
    ok(&[
        "export",
        &p,
        "--format",
        "json",
        "-o",
        all.to_str().expect("path"),
    ]);
    let q = dir.path().join("q.json");
    let line = ok(&[
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
