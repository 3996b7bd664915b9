//! `gloss refi export|import` through the built binary (through
//! `common::Env`: its own data, cache and config directories): round trip, schema
//! validation (xmllint, when installed), real exports of other tools
//! (`../shared/refi-qda/samples/`, skipped when absent), quirk files and
//! malicious archives.

mod common;

use common::{s, Env};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn samples() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi-qda");
    if p.join("samples").is_dir() {
        Some(p)
    } else {
        eprintln!("note: {} is absent; sample tests skipped", p.display());
        None
    }
}

fn char_pos(text: &str, needle: &str) -> (usize, usize) {
    let b = text.find(needle).expect("needle in text");
    let start = text.get(..b).expect("char boundary").chars().count();
    (start, start + needle.chars().count())
}

/// Codings with the document name instead of the id, sorted.
fn codings(env: &Env, project: &Path) -> Vec<Value> {
    let mut v = env
        .json(&["codings", "list", s(project), "--json"])
        .as_array()
        .expect("array")
        .clone();
    v.sort_by_key(|c| c["id"].as_str().unwrap_or("").to_string());
    v
}

fn doc_texts(env: &Env, project: &Path) -> Vec<(String, String)> {
    let docs = env.json(&["docs", s(project), "--json"]);
    docs.as_array()
        .expect("array")
        .iter()
        .map(|d| {
            let id = d["id"].as_str().expect("id");
            let shown = env.json(&["show", s(project), id, "--json"]);
            (
                d["name"].as_str().expect("name").to_string(),
                shown["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

fn qde_of(qdpx: &Path) -> (String, Vec<String>) {
    let bytes = std::fs::read(qdpx).expect("read qdpx");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let names: Vec<String> = z
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let mut xml = String::new();
    z.by_name("project.qde")
        .expect("project.qde")
        .read_to_string(&mut xml)
        .expect("utf-8");
    (xml, names)
}

const YAML: &str = r##"
name: test
codes:
  - name: Schooling
    color: "#c0392b"
    definition: Talk about school.
    when_to_use: Any mention of school.
    example: école
    shortcut: "1"
    children:
      - name: Fees
        definition: Costs.
  - name: Labour
"##;

fn build_project(env: &Env, dir: &Path) -> PathBuf {
    let p = dir.join("a.gloss");
    env.ok(&["init", s(&p), "--coder", "amani"]);
    let t = dir.join("interview.txt");
    std::fs::write(
        &t,
        "\u{feff}Interviewer: Où est l'école? 🙂 Qui paie?\r\n\r\nP1: Elle coûte cher 😀😀, les enfants lavent les pierres.\r\n\r\nP2: Watoto wanafanya kazi.\r\n",
    )
    .expect("write");
    env.ok(&["import", s(&p), s(&t)]);
    let cb = dir.join("cb.yaml");
    std::fs::write(&cb, YAML).expect("write");
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    let text = env.json(&["show", s(&p), "interview", "--json"])["text"]
        .as_str()
        .expect("text")
        .to_string();
    for (needle, code, coder, memo) in [
        ("école", "Schooling", "amani", Some("in-vivo: l'école 🙂")),
        ("coûte cher", "Schooling/Fees", "neema", None),
        ("les enfants lavent les pierres", "Labour", "amani", None),
        ("Watoto wanafanya kazi", "Labour", "neema", Some("Swahili")),
    ] {
        let (a, b) = char_pos(&text, needle);
        let (a, b) = (a.to_string(), b.to_string());
        let mut args = vec![
            "codings",
            "add",
            s(&p),
            "--doc",
            "interview",
            "--code",
            code,
            "--start",
            &a,
            "--end",
            &b,
            "--coder",
            coder,
        ];
        if let Some(m) = memo {
            args.extend(["--memo", m]);
        }
        env.ok(&args);
    }
    env.ok(&[
        "participants",
        "set",
        s(&p),
        "interview",
        "P1",
        "role=miner",
        "site=Kolwézi",
    ]);
    p
}

#[test]
fn round_trip_is_exact_and_the_export_is_valid_and_stable() {
    let env = Env::new();
    let dir = &env.dir;
    let a = build_project(&env, dir.path());
    let out = dir.path().join("a.qdpx");
    let msg = env.ok(&["refi", "export", s(&a), s(&out)]);
    assert!(
        msg.contains("exported 1 documents, 3 codes, 4 codings by 2 coders"),
        "{msg}"
    );
    assert!(msg.contains("--positions utf16"), "emoji note: {msg}");
    // Refuses to overwrite; the same project gives the same bytes.
    env.fail(&["refi", "export", s(&a), s(&out)]);
    let again = dir.path().join("again.qdpx");
    env.ok(&["refi", "export", s(&a), s(&again)]);
    assert_eq!(
        std::fs::read(&out).expect("a"),
        std::fs::read(&again).expect("b")
    );

    // Structure.
    let (xml, names) = qde_of(&out);
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\""
    ));
    assert_eq!(names[0], "project.qde");
    let txt: Vec<&String> = names.iter().filter(|n| n.starts_with("sources/")).collect();
    assert_eq!(txt.len(), 1);
    let file = txt[0].trim_start_matches("sources/");
    assert!(xml.contains(&format!("plainTextPath=\"internal://{file}\"")));
    for needle in [
        "<User ",
        "<Code ",
        "<Coding ",
        "<CodeRef ",
        "<Note ",
        "<NoteRef ",
        "<Case ",
        "<Variable ",
        "<SourceRef ",
        "color=\"#C0392B\"",
        "When to use:",
    ] {
        assert!(xml.contains(needle), "{needle} missing");
    }
    assert_eq!(xml.matches("<PlainTextSelection ").count(), 4);
    // Schema validation.
    let qde = dir.path().join("project.qde");
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

    // Into a fresh project.
    let b = dir.path().join("b.gloss");
    env.ok(&["init", s(&b), "--coder", "zed"]);
    let msg = env.ok(&["refi", "import", s(&out), s(&b)]);
    assert!(msg.contains("1 documents added"), "{msg}");
    assert!(msg.contains("4 codings added"), "{msg}");
    assert_eq!(doc_texts(&env, &a), doc_texts(&env, &b));
    assert!(!doc_texts(&env, &b)[0].1.contains('\r'));
    assert_eq!(
        env.json(&["codebook", "list", s(&a), "--json"]),
        env.json(&["codebook", "list", s(&b), "--json"])
    );
    let (ca, cb) = (codings(&env, &a), codings(&env, &b));
    assert_eq!(ca.len(), 4);
    for (x, y) in ca.iter().zip(&cb) {
        for k in ["id", "doc", "code", "coder", "start", "end", "text", "memo"] {
            assert_eq!(x[k], y[k], "{k}");
        }
    }
    let pa = env.json(&["participants", s(&b), "--json"]);
    let p1 = pa
        .as_array()
        .expect("arr")
        .iter()
        .find(|p| p["speaker"] == "P1")
        .expect("P1");
    assert_eq!(p1["attributes"]["site"], "Kolwézi");
    // Importing again adds nothing.
    let msg = env.ok(&["refi", "import", s(&out), s(&b)]);
    assert!(msg.contains("0 codings added (4 already here)"), "{msg}");

    // UTF-16 positions read back to the same words.
    let u = dir.path().join("u.qdpx");
    env.ok(&["refi", "export", s(&a), s(&u), "--positions", "utf16"]);
    let c = dir.path().join("c.gloss");
    env.ok(&["init", s(&c)]);
    let msg = env.ok(&["refi", "import", s(&u), s(&c)]);
    assert!(msg.contains("UTF-16"), "{msg}");
    let cc = codings(&env, &c);
    for (x, y) in ca.iter().zip(&cc) {
        assert_eq!(x["text"], y["text"]);
        assert_eq!(x["start"], y["start"]);
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (n, b) in entries {
        w.start_file(*n, o).expect("start");
        w.write_all(b).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn quirks_of_real_tools_are_read() {
    let env = Env::new();
    let dir = &env.dir;
    // NVivo-like: BOM and CR LF in the text, emoji, UTF-16 offsets with CR LF
    // as 2 (origin says nothing), `Sources/`, `Project.qde`, braced upper-case
    // GUIDs, a bare path, a namespace variant, a BOM in the XML, missing
    // optional attributes, a GUID used twice.
    let text = "\u{feff}A: 😀😀 Hello there\r\nB: Ça va? 🙂 Très bien\r\n";
    // UTF-16, CR LF = 2, BOM not counted: "Hello there" 8..19, "Très bien" 34..43.
    let qde = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>
<Project xmlns=\"urn:QDA-XML:project:0:10\" name=\"\" basePath=\"\">
<Users><User guid=\"{AAAAAAAA-0000-0000-0000-000000000001}\" name=\"Ann\"/></Users>
<CodeBook><Codes><Code guid=\"{BBBBBBBB-0000-0000-0000-000000000001}\" name=\"greeting\" isCodable=\"true\" color=\"\"/><Code guid=\"BBBBBBBB-0000-0000-0000-000000000002\" name=\"mood\" isCodable=\"false\"/></Codes></CodeBook>
<Sources><TextSource guid=\"CCCCCCCC-0000-0000-0000-000000000001\" plainTextPath=\"t.txt\">
<PlainTextSelection guid=\"CCCCCCCC-0000-0000-0000-000000000001\" startPosition=\"8\" endPosition=\"19\"><Coding guid=\"DDDDDDDD-0000-0000-0000-000000000001\" creatingUser=\"AAAAAAAA-0000-0000-0000-000000000001\"><CodeRef targetGUID=\"BBBBBBBB-0000-0000-0000-000000000001\"/></Coding></PlainTextSelection>
<PlainTextSelection guid=\"x\" startPosition=\"34\" endPosition=\"43\"><Coding guid=\"DDDDDDDD-0000-0000-0000-000000000002\"><CodeRef targetGUID=\"{bbbbbbbb-0000-0000-0000-000000000002}\"/></Coding></PlainTextSelection>
</TextSource><VideoSource guid=\"EEEEEEEE-0000-0000-0000-000000000001\" path=\"relative:///v.mp4\"/></Sources>
</Project>";
    let z = zip_of(&[
        ("Project.qde", qde.as_bytes()),
        ("Sources/", b""),
        ("Sources/T.TXT", text.as_bytes()),
    ]);
    let f = dir.path().join("q.qdpx");
    std::fs::write(&f, z).expect("write");
    let p = dir.path().join("q.gloss");
    env.ok(&["init", s(&p), "--coder", "me"]);
    let msg = env.ok(&["refi", "import", s(&f), s(&p)]);
    assert!(msg.contains("UTF-16 units, CR LF = 2"), "{msg}");
    assert!(msg.contains("skipped: VideoSource"), "{msg}");
    let c = codings(&env, &p);
    let texts: Vec<&str> = c
        .iter()
        .map(|c| c["text"].as_str().expect("text"))
        .collect();
    assert!(
        texts.contains(&"Hello there") && texts.contains(&"Très bien"),
        "{texts:?}"
    );
    let ann = c
        .iter()
        .find(|c| c["text"] == "Hello there")
        .expect("coding");
    assert_eq!(ann["coder"], "Ann");
    assert_eq!(ann["id"], "dddddddd-0000-0000-0000-000000000001");
    let other = c.iter().find(|c| c["text"] == "Très bien").expect("coding");
    assert_eq!(other["coder"], "me", "no creatingUser: the project's coder");
    // The same text as ATLAS.ti writes it: code points, CR LF = 1.
    let qde = qde
        .replace(
            "startPosition=\"8\" endPosition=\"19\"",
            "startPosition=\"6\" endPosition=\"17\"",
        )
        .replace(
            "startPosition=\"34\" endPosition=\"43\"",
            "startPosition=\"30\" endPosition=\"39\"",
        )
        .replace(
            "name=\"\" basePath",
            "origin=\"ATLAS.ti 9\" name=\"\" basePath",
        )
        .replace("DDDDDDDD", "FFFFFFFF");
    let z = zip_of(&[
        ("project.qde", qde.as_bytes()),
        ("sources/t.txt", text.as_bytes()),
    ]);
    std::fs::write(&f, z).expect("write");
    let msg = env.ok(&["refi", "import", s(&f), s(&p)]);
    assert!(msg.contains("code points, CR LF = 1"), "{msg}");
    assert!(msg.contains("already here"), "{msg}");
    // Other GUIDs but the same passages, codes and coders: identical
    // codings, never stored twice (issue 10).
    assert!(msg.contains("2 already here"), "{msg}");
    let c = codings(&env, &p);
    assert_eq!(c.len(), 2);
    assert_eq!(c.iter().filter(|c| c["text"] == "Très bien").count(), 1);
}

#[test]
fn bad_and_malicious_archives_change_nothing() {
    let env = Env::new();
    let dir = &env.dir;
    let p = dir.path().join("p.gloss");
    env.ok(&["init", s(&p)]);
    let good_qde = "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"><CodeBook><Codes><Code guid=\"BBBBBBBB-0000-0000-0000-000000000001\" name=\"c\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"CCCCCCCC-0000-0000-0000-000000000001\" name=\"t\" plainTextPath=\"internal://t.txt\"/></Sources></Project>";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("traversal", zip_of(&[("project.qde", good_qde.as_bytes()), ("sources/t.txt", b"hi"), ("../../evil.txt", b"x")]), "outside the archive"),
        ("xxe", zip_of(&[("project.qde", b"<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Project name=\"&x;\"/>"), ("sources/t.txt", b"hi")]), "entities"),
        ("laughs", zip_of(&[("project.qde", b"<Project name=\"x\"><Notes><Note guid=\"BBBBBBBB-0000-0000-0000-000000000009\"><PlainTextContent>&lol9;</PlainTextContent></Note></Notes></Project>")]), "unknown entity"),
        ("malformed", zip_of(&[("project.qde", b"<Project name=\"x\">\n<Sources>\n<TextSource guid=\"a\"></Sources></Project>"), ("sources/t.txt", b"hi")]), "line 3"),
        ("missing", zip_of(&[("project.qde", good_qde.as_bytes())]), "sources/t.txt is not in the archive"),
        ("not a zip", b"hello".to_vec(), "not a .qdpx"),
        ("two qde", zip_of(&[("a.qde", b"<Project/>"), ("b.qde", b"<Project/>")]), "several .qde"),
    ];
    for (what, bytes, expect) in cases {
        let f = dir.path().join(format!("{what}.qdpx"));
        std::fs::write(&f, bytes).expect("write");
        let e = env.fail(&["refi", "import", s(&f), s(&p)]);
        assert!(e.contains(expect), "{what}: {e}");
        assert_eq!(
            env.json(&["docs", s(&p), "--json"]),
            serde_json::json!([]),
            "{what}"
        );
        assert_eq!(
            env.json(&["codebook", "list", s(&p), "--json"]),
            serde_json::json!([]),
            "{what}"
        );
    }
}

#[test]
fn real_exports_of_other_tools_import_on_the_right_words() {
    let Some(root) = samples() else { return };
    let sm = root.join("samples");
    let env = Env::new();
    let dir = &env.dir;
    let project = |name: &str| {
        let p = dir.path().join(format!("{name}.gloss"));
        env.ok(&["init", s(&p), "--coder", "me"]);
        p
    };

    // NVivo 12 (Windows): UTF-16 units, CR LF = 2, BOM, 892 emoji.
    let p = project("nvivo12");
    let msg = env.ok(&[
        "refi",
        "import",
        s(&sm.join("nvivo12-win_oltas0517.qdpx")),
        s(&p),
    ]);
    assert!(msg.contains("2 documents added"), "{msg}");
    assert!(msg.contains("152 codes added"), "{msg}");
    assert!(msg.contains("303 codings added"), "{msg}");
    assert!(msg.contains("UTF-16 units, CR LF = 2"), "{msg}");
    let docs: std::collections::HashMap<String, String> = doc_texts(&env, &p).into_iter().collect();
    let c = codings(&env, &p);
    let aligned = c
        .iter()
        .filter(|c| {
            let t: Vec<char> = docs[c["doc"].as_str().expect("doc")].chars().collect();
            let (a, b) = (
                c["start"].as_u64().expect("s") as usize,
                c["end"].as_u64().expect("e") as usize,
            );
            (a == 0 || t[a - 1] == '\n') && (b == t.len() || t[b] == '\n' || t[b - 1] == '\n')
        })
        .count();
    assert!(aligned >= 275, "{aligned} of 303 codings on whole lines");
    let passage = c
        .iter()
        .find(|c| {
            c["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Na mi van? Nem mertétek kötelezővé tenni?"))
        })
        .expect("a known passage");
    assert!(passage["text"]
        .as_str()
        .expect("t")
        .ends_with("hogy nem haltok meg covidban."));
    assert!(c
        .iter()
        .any(|c| c["text"] == "sabbat asboth, ennyit tudtál..."));
    assert!(c
        .iter()
        .all(|c| !c["text"].as_str().expect("t").contains('\r')));

    // qc 1.3.2: bare paths, no names, line-based coding.
    let p = project("qc");
    let msg = env.ok(&[
        "refi",
        "import",
        s(&sm.join("qualitative-coding-1.3.2_demo.qdpx")),
        s(&p),
    ]);
    assert!(msg.contains("2 documents added"), "{msg}");
    assert!(msg.contains("205 codings added"), "{msg}");
    let docs: std::collections::HashMap<String, String> = doc_texts(&env, &p).into_iter().collect();
    assert!(docs.contains_key("board_2017") && docs.contains_key("admin-1"));
    for c in codings(&env, &p) {
        let t = c["text"].as_str().expect("t");
        assert!(t.ends_with('\n'), "line-based: {t:?}");
        let doc = &docs[c["doc"].as_str().expect("doc")];
        let a = c["start"].as_u64().expect("s") as usize;
        assert!(a == 0 || doc.chars().nth(a - 1) == Some('\n'));
    }

    // NVivo for Mac 15: `sources/.root`, empty texts, 262 nested codes with
    // repeated names under different parents.
    let p = project("nvivo15");
    let msg = env.ok(&[
        "refi",
        "import",
        s(&sm.join("nvivo15-mac_qc-project.qdpx")),
        s(&p),
    ]);
    assert!(msg.contains("262 codes added"), "{msg}");

    // ATLAS.ti 8.4: the source files are not in the archive.
    let p = project("atlas");
    let f = sm.join("atlasti8.4-mac_refi-standard-project.qdpx");
    let e = env.fail(&["refi", "import", s(&f), s(&p)]);
    assert!(
        e.contains("sources/01106019-2518-43DD-BBD1-8F0252BACB30.txt is not in the archive"),
        "{e}"
    );
    assert_eq!(
        env.json(&["codebook", "list", s(&p), "--json"]),
        serde_json::json!([])
    );
    let msg = env.ok(&["refi", "import", s(&f), s(&p), "--skip-missing"]);
    assert!(msg.contains("14 codes added"), "{msg}");
    assert!(msg.contains("skipped: PDFSource"), "{msg}");
}

/// Issue 11 item 24: a `project.qde` with 100,000 XML comments is read at
/// once (it took minutes when every event counted lines from the start).
/// The bound is a liveness check far above the expected time, not a speed
/// target (`gloss bench refi` measures that).
#[test]
fn a_project_with_100000_comments_is_read_in_linear_time() {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    let mut qde = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n");
    for i in 0..100_000 {
        qde.push_str(&format!("<!-- c {i} -->\n"));
    }
    qde.push_str("<CodeBook><Codes><Code guid=\"BBBBBBBB-0000-0000-0000-000000000001\" name=\"c\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"CCCCCCCC-0000-0000-0000-000000000001\" name=\"t\" plainTextPath=\"internal://t.txt\"><PlainTextSelection guid=\"CCCCCCCC-0000-0000-0000-000000000002\" startPosition=\"0\" endPosition=\"5\"><Coding guid=\"DDDDDDDD-0000-0000-0000-000000000001\"><CodeRef targetGUID=\"BBBBBBBB-0000-0000-0000-000000000001\"/></Coding></PlainTextSelection></TextSource></Sources></Project>\n");
    assert!(qde.len() > 1_100_000);
    let f = env.path("comments.qdpx");
    std::fs::write(
        &f,
        zip_of(&[
            ("project.qde", qde.as_bytes()),
            ("sources/t.txt", b"Hello there"),
        ]),
    )
    .expect("write");
    let mut child = env
        .cmd(&["refi", "import", s(&f), s(&p)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn gloss");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("refi import of 100,000 comments did not finish in 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("output");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = codings(&env, &p);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["text"], "Hello");
}

/// Issue 11 item 25: Gloss's own export of 200 documents and 5,000 codings
/// imports (it did not finish in 30 s: the XML reader counted lines from
/// the start of `project.qde` at every event). The bound is a liveness
/// check far above the expected time, not a speed target: `gloss bench
/// refi` measures that (README, "Measured").
#[test]
fn gloss_export_of_200_documents_and_5000_codings_imports() {
    let env = Env::new();
    let a = env.project("a.gloss", "amani");
    let phrases = [
        "on commence à laver les pierres avant le lever du soleil",
        "the school fees are paid after the sale 🙂",
        "watoto wanafanya kazi mgodini",
        "à la barrière il faut payer",
    ];
    let mut files = Vec::new();
    let mut jsonl = String::new();
    for d in 0..200 {
        let mut text = format!("Entretien {d}\n\n");
        for t in 0..30 {
            let speaker = format!("P{}: ", t % 3 + 1);
            text.push_str(&speaker);
            let start = text.chars().count();
            let phrase = phrases[(t + d) % phrases.len()];
            text.push_str(phrase);
            let end = text.chars().count();
            text.push_str("\n\n");
            if t < 25 {
                jsonl.push_str(&format!(
                    "{{\"doc\":\"doc{d:03}\",\"code\":\"Theme {}/Code {}\",\"coder\":\"{}\",\"start\":{start},\"end\":{end}{}}}\n",
                    t % 4,
                    t % 5,
                    ["amani", "neema", "rose"][(t + d) % 3],
                    if t % 10 == 0 { ",\"memo\":\"a memo\"" } else { "" }
                ));
            }
        }
        files.push(env.file(&format!("doc{d:03}.txt"), &text));
    }
    let mut args = vec!["import".to_string(), s(&a).to_string()];
    args.extend(files.iter().map(|f| s(f).to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args);
    let mut yaml = String::from("codes:\n");
    for p in 0..4 {
        yaml.push_str(&format!("  - name: Theme {p}\n    children:\n"));
        for c in 0..5 {
            yaml.push_str(&format!("      - name: Code {c}\n"));
        }
    }
    let cb = env.file("cb.yaml", &yaml);
    env.ok(&["codebook", "import", s(&a), s(&cb)]);
    let j = env.file("codings.jsonl", &jsonl);
    env.ok(&["codings", "import", s(&a), s(&j)]);
    let qdpx = env.path("a.qdpx");
    env.ok(&["refi", "export", s(&a), s(&qdpx)]);

    let b = env.project("b.gloss", "lead");
    let mut child = env
        .cmd(&["refi", "import", s(&qdpx), s(&b), "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn gloss");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("refi import of 200 documents and 5,000 codings did not finish in 120 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("output");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    assert_eq!(
        report["documents_added"].as_array().map(Vec::len),
        Some(200)
    );
    assert_eq!(report["codings_added"], 5000);
    assert_eq!(
        report["coders"],
        serde_json::json!(["amani", "neema", "rose"])
    );
    let (ca, cb) = (codings(&env, &a), codings(&env, &b));
    assert_eq!(ca.len(), 5000);
    assert_eq!(ca.len(), cb.len());
    for (x, y) in ca.iter().zip(&cb) {
        for k in ["id", "code", "coder", "start", "end", "text", "memo"] {
            assert_eq!(x[k], y[k], "{k}");
        }
    }
    let again: Value = env.json(&["refi", "import", s(&qdpx), s(&b), "--json"]);
    assert_eq!(again["codings_added"], 0);
    assert_eq!(again["codings_already_present"], 5000);
}

/// `gloss bench refi` (figures in the README) runs, here on a small project.
#[test]
fn bench_refi_reports_its_figures() {
    let env = Env::new();
    let out = env.ok(&[
        "bench",
        "refi",
        "--documents",
        "4",
        "--codings",
        "20",
        "--comments",
        "100",
    ]);
    assert!(out.contains("refi bench: 4 documents, 20 codings"), "{out}");
    assert!(out.contains("refi import into a fresh project:"), "{out}");
    assert!(out.contains("(4 documents, 20 codings added"), "{out}");
    assert!(out.contains("(0 codings added, 20 already here)"), "{out}");
    assert!(out.contains(".qdc with 100 comments"), "{out}");
    assert!(out.contains("project.qde with 100 comments"), "{out}");
}
