//! The built binary, end to end, on `sample-transcripts/` and on bad input.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

/// One hermetic environment per test binary run: no test reads the
/// developer's own config, data or cache.
fn env() -> &'static common::Env {
    static ENV: std::sync::OnceLock<common::Env> = std::sync::OnceLock::new();
    ENV.get_or_init(common::Env::new)
}

fn gloss(args: &[&str]) -> Output {
    env().run(args)
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

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("one JSON document on stdout")
}

fn samples() -> Vec<PathBuf> {
    common::samples()
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn new_project(dir: &Path) -> PathBuf {
    let p = dir.join("study.gloss");
    ok(&["init", s(&p), "--coder", "amani"]);
    p
}

fn import_samples(project: &Path) {
    let mut args = vec!["import".to_string(), s(project).to_string()];
    args.extend(samples().iter().map(|p| s(p).to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&args);
}

/// Text of a segment, by char offsets, as a user of the JSON would slice it.
fn seg_text(doc: &Value, i: usize) -> String {
    let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
    let seg = &doc["segments"][i];
    let (a, b) = (
        seg["start"].as_u64().expect("start") as usize,
        seg["end"].as_u64().expect("end") as usize,
    );
    text[a..b].iter().collect()
}

#[test]
fn samples_import_with_their_speakers_turns_and_times() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    import_samples(&project);
    let docs = json(&["docs", s(&project), "--json"]);
    let docs = docs.as_array().expect("array");
    assert_eq!(docs.len(), 6);
    let by_name = |n: &str| -> &Value {
        docs.iter()
            .find(|d| d["name"] == n)
            .unwrap_or_else(|| panic!("no document {n}"))
    };
    let speakers = |n: &str| -> Vec<String> {
        let mut v: Vec<String> = by_name(n)["speakers"]
            .as_array()
            .expect("speakers")
            .iter()
            .map(|s| s.as_str().expect("name").to_string())
            .collect();
        v.sort();
        v
    };
    let mut fg01: Vec<String> = [
        "FACILITATRICE",
        "PRENEUSE DE NOTES",
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
        "P6",
        "P7",
    ]
    .map(String::from)
    .to_vec();
    fg01.sort();
    assert_eq!(speakers("fg01-kasulo-femmes-mineures"), fg01);
    let mut fg02: Vec<String> = (1..=8).map(|i| format!("Participante {i}")).collect();
    fg02.push("Animatrice".into());
    fg02.sort();
    assert_eq!(speakers("fg02-kanina-femmes-swahili"), fg02);
    assert_eq!(
        speakers("int01-ngo-programme-lead"),
        ["Grace Mutombo", "Interviewer"]
    );
    assert_eq!(
        speakers("int02-company-community-relations"),
        ["Community Relations Officer", "Interviewer"]
    );
    assert_eq!(
        speakers("int03-whisper-draft-health-worker"),
        ["Interviewer", "Speaker 2"]
    );
    let mut fg03: Vec<String> = [
        "Chairwoman",
        "Facilitator",
        "Member 1",
        "Member 2",
        "Member 3",
        "Member 4",
        "Secretary",
        "Treasurer",
    ]
    .map(String::from)
    .to_vec();
    fg03.sort();
    assert_eq!(speakers("fg03-cooperative-meeting"), fg03);
    assert_eq!(by_name("fg01-kasulo-femmes-mineures")["segments"], 140);
    assert_eq!(by_name("fg01-kasulo-femmes-mineures")["language"], "fr");
    assert_eq!(by_name("int01-ngo-programme-lead")["language"], "en");

    // fg01: `[00:01:08] FACILITATRICE : Bonjour…`, content after the label.
    let fg01 = json(&["show", s(&project), "fg01-kasulo-femmes-mineures", "--json"]);
    assert_eq!(fg01["segments"][0]["speaker"], "FACILITATRICE");
    assert_eq!(fg01["segments"][0]["time_ms"], 68_000);
    assert!(
        seg_text(&fg01, 0).starts_with("Bonjour à toutes"),
        "{}",
        seg_text(&fg01, 0)
    );
    // Otter layout: `Interviewer  0:03` then the text on the next line.
    let int01 = json(&["show", s(&project), "int01-ngo-programme-lead", "--json"]);
    assert_eq!(int01["segments"][0]["speaker"], "Interviewer");
    assert_eq!(int01["segments"][0]["time_ms"], 3_000);
    assert!(seg_text(&int01, 0).starts_with("Okay, I think it's recording"));
    assert!(
        !seg_text(&int01, 55).contains("otter.ai"),
        "the footer is not speech"
    );
    // Rev layout with a clock time in prose that is not a label.
    let int02 = json(&[
        "show",
        s(&project),
        "int02-company-community-relations",
        "--json",
    ]);
    assert_eq!(int02["segments"][0]["speaker"], "Interviewer");
    assert_eq!(int02["segments"][0]["time_ms"], 5_000);
    let all02: String = (0..72).map(|i| seg_text(&int02, i)).collect();
    assert!(all02.contains("we meet at 14:30 every Thursday"));
    // WebVTT: cues of one voice merge; the text is a readable rendering.
    let int03 = json(&[
        "show",
        s(&project),
        "int03-whisper-draft-health-worker",
        "--json",
    ]);
    assert!(int03["text"]
        .as_str()
        .expect("text")
        .starts_with("[00:00:01] Interviewer: Thank you for making the time today."));
    assert_eq!(int03["segments"][1]["speaker"], "Speaker 2");
    let turns = int03["segments"].as_array().expect("segments");
    for pair in turns.windows(2) {
        assert_ne!(
            pair[0]["speaker"], pair[1]["speaker"],
            "consecutive cues merged"
        );
    }
}

#[test]
fn participants_get_attributes_from_csv_and_by_hand() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    import_samples(&project);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-transcripts/participants.csv");
    ok(&["participants", "import", s(&project), s(&csv)]);
    ok(&[
        "participants",
        "set",
        s(&project),
        "int01-ngo-programme-lead",
        "Grace Mutombo",
        "site=Kolwezi",
        "pseudonym=G1",
    ]);
    let people = json(&[
        "participants",
        s(&project),
        "--json",
        "--doc",
        "int01-ngo-programme-lead",
    ]);
    let grace = people
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["speaker"] == "Grace Mutombo")
        .expect("Grace listed");
    assert_eq!(grace["attributes"]["site"], "Kolwezi");
    assert_eq!(grace["attributes"]["pseudonym"], "G1");
    assert_eq!(grace["document"], "int01-ngo-programme-lead");
    assert!(grace["attributes"]["role"].is_string());

    // A CSV row naming an unknown speaker changes nothing.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "document,speaker,site\nint01-ngo-programme-lead,Interviewer,Lubumbashi\nint01-ngo-programme-lead,Nobody,X\n").expect("write");
    let before = ok(&["participants", s(&project), "--json"]);
    let out = gloss(&["participants", "import", s(&project), s(&bad)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv") && err.contains("line 3") && err.contains("Nobody"),
        "{err}"
    );
    assert_eq!(ok(&["participants", s(&project), "--json"]), before);
}

/// Each bad file, imported after a good one, must fail with one line naming
/// the file, and leave the project as it was.
#[test]
fn bad_input_is_refused_and_the_project_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "Interviewer: Bonjour.\nP1: Bonjour, ça va.\nInterviewer: Merci.\n",
    )
    .expect("write");
    let docx_bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-transcripts/fg03-cooperative-meeting.docx"),
    )
    .expect("sample docx");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("blank.txt", b"   \n\n  \r\n".to_vec()),
        ("binary.txt", (0u8..=255).cycle().take(4096).collect()),
        (
            "photo.xyz",
            vec![0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3],
        ),
        (
            "truncated.docx",
            docx_bytes[..docx_bytes.len() / 2].to_vec(),
        ),
        ("notzip.docx", b"this is not a zip archive".to_vec()),
        (
            "broken.json",
            b"{\"segments\": [{\"start\": 0, \"text\": ".to_vec(),
        ),
    ];
    ok(&["import", s(&project), s(&good)]);
    let before_docs = ok(&["docs", s(&project), "--json"]);
    let before_people = ok(&["participants", s(&project), "--json"]);
    for (name, bytes) in cases {
        let bad = dir.path().join(name);
        std::fs::write(&bad, &bytes).expect("write");
        let other = dir.path().join(format!("other-{name}.txt"));
        std::fs::write(
            &other,
            format!("Interviewer: a new file before {name}.\nP2: yes.\n"),
        )
        .expect("write");
        let out = gloss(&["import", s(&project), s(&other), s(&bad)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        assert!(
            err.starts_with(&format!("error: {}: ", bad.display())),
            "{name}: names the file: {err}"
        );
        assert!(
            err.trim_end().len() > format!("error: {}: ", bad.display()).len() + 5,
            "{name}: gives a reason: {err}"
        );
        assert_eq!(
            ok(&["docs", s(&project), "--json"]),
            before_docs,
            "{name}: documents unchanged"
        );
        assert_eq!(
            ok(&["participants", s(&project), "--json"]),
            before_people,
            "{name}"
        );
    }
}

#[test]
fn project_files_are_private_and_never_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&project)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = gloss(&["init", s(&project)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));

    let not_project = dir.path().join("notes.txt");
    std::fs::write(&not_project, "just notes").expect("write");
    let out = gloss(&["docs", s(&not_project)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Gloss project"));
    assert_eq!(
        std::fs::read_to_string(&not_project).expect("read"),
        "just notes"
    );

    let out = gloss(&["show", s(&project), "missing-doc"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: no document \"missing-doc\""));
}

#[test]
fn same_content_twice_is_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "Interviewer: Bonjour.\nP1: Oui.\n").expect("write");
    // Same text with a BOM and CRLF: the same document.
    let b = dir.path().join("b.txt");
    std::fs::write(&b, "\u{feff}Interviewer: Bonjour.\r\nP1: Oui.\r\n").expect("write");
    let out = ok(&["import", s(&project), s(&a), s(&b)]);
    assert!(
        out.contains("skipped") && out.contains("already in the project as \"a\""),
        "{out}"
    );
    let out = ok(&["import", s(&project), s(&a)]);
    assert!(out.contains("0 imported, 1 skipped"), "{out}");
    assert_eq!(
        json(&["docs", s(&project), "--json"])
            .as_array()
            .expect("array")
            .len(),
        1
    );
}

#[test]
fn forced_formats_and_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    let f = dir.path().join("notes.txt");
    std::fs::write(
        &f,
        "Note: la réunion commence.\n\nP1: ceci reste du texte.\n",
    )
    .expect("write");
    ok(&[
        "import",
        s(&project),
        s(&f),
        "--format",
        "plain",
        "--name",
        "Field notes",
        "--language",
        "fr-FR",
    ]);
    let docs = json(&["docs", s(&project), "--json"]);
    assert_eq!(docs[0]["name"], "Field notes");
    assert_eq!(docs[0]["language"], "fr");
    assert_eq!(docs[0]["speakers"], serde_json::json!([]));
    let doc = json(&["show", s(&project), "Field notes", "--json"]);
    assert_eq!(
        doc["text"],
        "Note: la réunion commence.\n\nP1: ceci reste du texte.\n"
    );
}

#[test]
fn demo_builds_once_and_is_reused() {
    let demo_env = common::Env::new();
    let run = || demo_env.run(&["demo", "--no-tui"]);
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let path = String::from_utf8(first.stdout).expect("utf-8");
    let path = path.trim();
    assert!(path.ends_with("demo.gloss"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = Path::new(path).parent().expect("folder");
        let mode = std::fs::metadata(dir).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the demo folder is owner-only");
    }
    assert!(String::from_utf8_lossy(&first.stderr).contains("importing"));
    let docs = json(&["docs", path, "--json"]);
    assert_eq!(docs.as_array().expect("array").len(), 6);
    let second = run();
    assert!(second.status.success());
    assert!(
        !String::from_utf8_lossy(&second.stderr).contains("importing"),
        "reused"
    );
    let codes = json(&["codebook", "list", path, "--json"]);
    assert!(codes.as_array().expect("array").len() >= 20);
}

#[test]
fn the_coder_comes_from_the_flag_else_the_config_else_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "coder = \"neema\"\n").expect("write");
    let run = |args: &[&str], cfg: &Path| {
        env()
            .cmd(args)
            .env("GLOSS_CONFIG", cfg)
            .output()
            .expect("run")
    };
    let p = dir.path().join("p.gloss");
    let out = run(&["init", s(&p)], &cfg);
    assert!(String::from_utf8_lossy(&out.stdout).contains("coder: neema"));
    let f = dir.path().join("t.txt");
    std::fs::write(&f, "Interviewer: Bonjour à vous.\nP1: Merci.\n").expect("write");
    ok(&["import", s(&p), s(&f)]);
    let yaml = dir.path().join("cb.yaml");
    std::fs::write(&yaml, "codes:\n  - name: Greeting\n").expect("write");
    ok(&["codebook", "import", s(&p), s(&yaml)]);
    let out = run(
        &[
            "codings",
            "add",
            s(&p),
            "--doc",
            "t",
            "--code",
            "Greeting",
            "--start",
            "13",
            "--end",
            "27",
        ],
        &cfg,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &[
            "codings",
            "add",
            s(&p),
            "--doc",
            "t",
            "--code",
            "Greeting",
            "--start",
            "13",
            "--end",
            "20",
            "--coder",
            "amani",
        ],
        &cfg,
    );
    assert!(out.status.success());
    let list = json(&["codings", "list", s(&p), "--json"]);
    let coders: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["coder"].as_str().expect("coder"))
        .collect();
    assert!(
        coders.contains(&"neema") && coders.contains(&"amani"),
        "{coders:?}"
    );
    let neema = list
        .as_array()
        .expect("array")
        .iter()
        .find(|c| c["coder"] == "neema")
        .expect("neema's");
    assert_eq!(neema["text"], "Bonjour à vous");
    // A broken config warns and falls back; the command still works.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "coder = [").expect("write");
    let out = run(&["docs", s(&p)], &bad);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: config"));
    // Codings are refused when they split a character or leave the text.
    let out = run(
        &[
            "codings",
            "add",
            s(&p),
            "--doc",
            "t",
            "--code",
            "Greeting",
            "--start",
            "5",
            "--end",
            "500",
        ],
        &cfg,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("past the end"));
}

#[test]
fn codings_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = new_project(dir.path());
    let f = dir.path().join("t.txt");
    std::fs::write(&f, "Interviewer: Bonjour à vous.\nP1: Merci.\n").expect("write");
    ok(&["import", s(&p), s(&f)]);
    let yaml = dir.path().join("cb.yaml");
    std::fs::write(
        &yaml,
        "codes:\n  - name: Greeting\n    children:\n      - name: Thanks\n",
    )
    .expect("write");
    ok(&["codebook", "import", s(&p), s(&yaml)]);
    let good = dir.path().join("good.jsonl");
    std::fs::write(&good, "{\"doc\":\"t\",\"code\":\"Greeting\",\"coder\":\"neema\",\"start\":13,\"end\":27}\n{\"doc\":\"t\",\"code\":\"Greeting/Thanks\",\"start\":33,\"end\":39,\"memo\":\"polite\"}\n").expect("write");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"doc\":\"t\",\"code\":\"Greeting\",\"start\":13,\"end\":27}\n{\"doc\":\"t\",\"code\":\"Nope\",\"start\":1,\"end\":2}\n").expect("write");
    let out = gloss(&["codings", "import", s(&p), s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl: line 2") && err.contains("Nope"),
        "{err}"
    );
    assert_eq!(
        json(&["codings", "list", s(&p), "--json"]),
        serde_json::json!([])
    );
    ok(&["codings", "import", s(&p), s(&good)]);
    let list = json(&[
        "codings",
        "list",
        s(&p),
        "--json",
        "--code",
        "Greeting",
        "--children",
    ]);
    assert_eq!(list.as_array().expect("array").len(), 2);
    assert_eq!(list[1]["text"], "Merci.");
    assert_eq!(list[1]["memo"], "polite");
    assert_eq!(list[1]["code"], "Greeting/Thanks");
    assert_eq!(list[1]["coder"], "amani");
    let only = json(&["codings", "list", s(&p), "--json", "--code", "Greeting"]);
    assert_eq!(only.as_array().expect("array").len(), 1);
}

#[test]
fn output_files_are_private_like_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = new_project(dir.path());
    let yaml = dir.path().join("cb.yaml");
    std::fs::write(&yaml, "codes:\n  - name: Greeting\n").expect("write");
    ok(&["codebook", "import", s(&project), s(&yaml)]);
    let out = dir.path().join("out.csv");
    ok(&[
        "codebook",
        "export",
        s(&project),
        "--format",
        "csv",
        "-o",
        s(&out),
    ]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "exports carry research data");
    }
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
