//! Exports through the built binary: control characters from transcripts
//! (escape sequences, bells, C1 controls) never reach a file raw, in any
//! format; and the temporary files an export killed half way left beside
//! its target are removed by the next export of that target, never a live
//! export's.

mod common;

use common::{s, Env};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Long enough that four controls are under the importer's 1% "binary" bar.
const TEXT: &str = "Interviewer: Bonjour. Nous parlons aujourd'hui du quartier, de l'école, \
du marché, des routes, de la pluie, des enfants, du travail à la mine, des prix, \
de la santé, des voisins, de l'eau, du transport, des fêtes et des projets pour \
l'année prochaine ; prenez votre temps, dites ce que vous voulez, il n'y a pas de \
mauvaise réponse, et nous pouvons nous arrêter quand vous voulez. Merci encore.\n\
P1: Le son \u{1b}[31mrouge\u{1b}[0m et la cloche \u{7} puis \u{9b}2J, suite et fin.\n";

/// A project with the transcript above, its speech coded.
fn coded(env: &Env) -> PathBuf {
    let p = env.project("p.gloss", "amani");
    let f = env.file("t.txt", TEXT);
    env.ok(&["import", s(&p), s(&f)]);
    let cb = env.file("cb.yaml", "codes:\n  - name: Sound\n");
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    let shown = env.json(&["show", s(&p), "t", "--json"]);
    let text = shown["text"].as_str().expect("text");
    assert!(text.contains('\u{1b}'), "the control is in the project");
    let start = text.chars().count() - TEXT.lines().nth(1).expect("line").chars().count() - 1;
    let end = text.chars().count() - 1;
    env.ok(&[
        "codings",
        "add",
        s(&p),
        "--doc",
        "t",
        "--code",
        "Sound",
        "--start",
        &start.to_string(),
        "--end",
        &end.to_string(),
    ]);
    p
}

fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        .collect()
}

/// Every XML part of a zip (XLSX, DOCX), as text.
fn zip_text(path: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        if f.name().is_ok_and(|n| n.ends_with(".xml")) {
            f.read_to_string(&mut all).expect("utf-8 xml");
        }
    }
    all
}

#[test]
fn controls_from_transcripts_are_visible_in_every_export() {
    let env = Env::new();
    let p = coded(&env);
    for format in ["md", "csv", "html", "xlsx", "docx", "json"] {
        let out = env.path(&format!("out.{format}"));
        env.ok(&["export", s(&p), "--format", format, "-o", s(&out)]);
        let text = match format {
            "xlsx" | "docx" => zip_text(&out),
            _ => String::from_utf8(std::fs::read(&out).expect("read")).expect("utf-8"),
        };
        assert!(text.contains("rouge"), "{format}: the passage is there");
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{format}");
        match format {
            // JSON keeps the text exact, escaped (`\u001b`).
            "json" => assert!(text.contains("\\u001b[31mrouge"), "{text}"),
            _ => {
                // (Markdown escapes the `[`.)
                let unescaped = text.replace("\\[", "[");
                assert!(unescaped.contains("␛[31mrouge"), "{format}: {text}");
                assert!(text.contains('␇'), "{format}");
                assert!(!text.contains("_x001B_"), "{format}");
            }
        }
    }
    // The codebook's text exports too.
    let cb = env.file(
        "cb2.yaml",
        "codes:\n  - name: Bell\n    definition: \"a \\e[5m bell \\a\"\n",
    );
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    for format in ["md", "csv"] {
        let out = env.path(&format!("codebook.{format}"));
        env.ok(&[
            "codebook",
            "export",
            s(&p),
            "--format",
            format,
            "-o",
            s(&out),
        ]);
        let text = std::fs::read_to_string(&out).expect("read");
        let unescaped = text.replace("\\[", "[");
        assert!(unescaped.contains("␛[5m bell ␇"), "{format}: {text}");
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{format}");
    }
}

/// The temporary name `write_atomically` gives a write of `target` by
/// process `pid`.
fn temporary(dir: &Path, target: &str, pid: u32, salt: u128) -> PathBuf {
    let id = format!("{:032x}", u128::from(pid) * 7919 + salt);
    let p = dir.join(format!(".{target}.{pid}-{id}.tmp"));
    std::fs::write(&p, b"half an export").expect("write");
    p
}

#[test]
fn stale_temporaries_of_the_target_are_removed_live_ones_kept() {
    let env = Env::new();
    let p = coded(&env);
    let dir = env.path("out");
    std::fs::create_dir(&dir).expect("mkdir");
    // A process that has ended (an export killed half way).
    let mut child = std::process::Command::new("true").spawn().expect("spawn");
    child.wait().expect("wait");
    let dead = child.id();
    let live = std::process::id();
    let stale = temporary(&dir, "x.md", dead, 1);
    let running = temporary(&dir, "x.md", live, 2);
    let old = temporary(&dir, "x.md", live + 1_000_000, 3);
    let ancient = temporary(&dir, "x.md", live, 4);
    let f = std::fs::File::options()
        .write(true)
        .open(&ancient)
        .expect("open");
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 86_400))
        .expect("mtime");
    drop(f);
    let other_target = temporary(&dir, "y.md", dead, 5);
    let not_ours = dir.join(".x.md.notes.tmp");
    std::fs::write(&not_ours, b"someone's file").expect("write");
    let out = dir.join("x.md");
    env.ok(&["export", s(&p), "--format", "md", "-o", s(&out)]);
    assert!(out.is_file());
    assert!(!stale.exists(), "a dead export's temporary file is removed");
    assert!(!old.exists(), "so is one of a process id no longer in use");
    assert!(!ancient.exists(), "and one older than a day");
    assert!(running.exists(), "a live export's file is kept");
    assert!(other_target.exists(), "another target's files are left");
    assert!(not_ours.exists(), "a file not named like ours is left");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
}
