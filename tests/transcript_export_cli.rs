//! `gloss transcript export`, the built binary end to end: each format read
//! back by `gloss import` gives the same turns, speakers and start times;
//! the current (corrected) text is what goes out; subtitles refuse untimed
//! turns naming the first; files are owner-only; bad input is one line.

mod common;

use common::{s, Env};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;

const FORMATS: [&str; 5] = ["txt", "docx", "vtt", "srt", "otr"];

const DRAFT: &str = "WEBVTT

00:00:01.000 --> 00:00:04.500
<v Interviewer>Bonjour, merci d'être venue.

00:00:05.250 --> 00:00:09.250
<v Amina Kabila>Merci. Je vends au marché &amp; ailleurs, 3 &lt; 5.

00:00:10.000 --> 00:00:12.000
<v Interviewer>Depuis quand ?

00:01:02.500 --> 00:01:09.000
<v Amina Kabila>Depuis 2019 ; avant, rien.

01:02:03.040 --> 01:02:05.000
<v Interviewer>Merci beaucoup.
";

/// (speaker, start_ms, text) of every turn of DOC.
fn turns(env: &Env, project: &str, doc: &str) -> Vec<(Option<String>, Option<u64>, String)> {
    let shown = env.json(&["show", project, doc, "--json"]);
    let text: Vec<char> = shown["text"].as_str().expect("text").chars().collect();
    let listed = env.json(&["turns", project, doc, "--json"]);
    listed
        .as_array()
        .expect("turns")
        .iter()
        .map(|t| {
            let a = t["start"].as_u64().expect("start") as usize;
            let b = t["end"].as_u64().expect("end") as usize;
            (
                t["speaker"].as_str().map(String::from),
                t["start_ms"].as_u64(),
                text[a..b].iter().collect::<String>().trim().to_string(),
            )
        })
        .collect()
}

/// Exports DOC of PROJECT in FORMAT and imports the file into a fresh
/// project; returns that project's turns.
fn round_trip(
    env: &Env,
    project: &str,
    doc: &str,
    format: &str,
) -> Vec<(Option<String>, Option<u64>, String)> {
    let out = env.path(&format!("{doc}-out.{format}"));
    env.ok(&[
        "transcript",
        "export",
        project,
        doc,
        "--format",
        format,
        "-o",
        s(&out),
        "--force",
    ]);
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{format}: mode {mode:o}");
    let back = env.path(&format!("back-{doc}-{format}.gloss"));
    let _ = std::fs::remove_file(&back);
    env.ok(&["init", s(&back)]);
    env.ok(&["import", s(&back), s(&out), "--name", "back"]);
    turns(env, s(&back), "back")
}

#[test]
fn every_format_reads_back_as_the_same_turns_speakers_and_times() {
    let env = Env::new();
    let p = env.project("study.gloss", "amani");
    let ps = s(&p);
    let draft = env.file("fg04.vtt", DRAFT);
    env.ok(&["import", ps, s(&draft)]);
    // The current transcript goes out: correct a word first.
    let before = turns(&env, ps, "fg04");
    let shown = env.json(&["show", ps, "fg04", "--json"]);
    let text = shown["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    let at = (0..chars.len())
        .find(|&i| chars[i..].starts_with(&['q', 'u', 'a', 'n', 'd']))
        .expect("word");
    env.ok(&[
        "edit",
        ps,
        "fg04",
        "--start",
        &at.to_string(),
        "--end",
        &(at + 5).to_string(),
        "--text",
        "combien de temps",
    ]);
    let original = turns(&env, ps, "fg04");
    assert_eq!(original.len(), 5);
    assert_eq!(original[2].2, "Depuis combien de temps ?");
    assert_ne!(before, original);
    assert_eq!(original[4].1, Some(3_723_040));

    for format in FORMATS {
        let back = round_trip(&env, ps, "fg04", format);
        // oTranscribe's importer renders its stamps to the second.
        let expect: Vec<_> = if format == "otr" {
            original
                .iter()
                .map(|(sp, t, x)| (sp.clone(), t.map(|ms| ms / 1000 * 1000), x.clone()))
                .collect()
        } else {
            original.clone()
        };
        assert_eq!(back, expect, "{format}");
    }
}

#[test]
fn the_files_say_what_each_format_expects() {
    let env = Env::new();
    let p = env.project("study.gloss", "amani");
    let ps = s(&p);
    let draft = env.file("fg04.vtt", DRAFT);
    env.ok(&["import", ps, s(&draft)]);
    let write = |format: &str| {
        let out = env.path(&format!("look.{format}"));
        env.ok(&[
            "transcript",
            "export",
            ps,
            "fg04",
            "--format",
            format,
            "-o",
            s(&out),
        ]);
        std::fs::read(&out).expect("read")
    };
    let vtt = String::from_utf8(write("vtt")).expect("utf-8");
    assert!(
        vtt.starts_with("WEBVTT\n\n00:00:01.000 --> 00:00:04.500\n<v Interviewer>Bonjour"),
        "{vtt}"
    );
    assert!(vtt.contains("<v Amina Kabila>Merci. Je vends au marché &amp; ailleurs, 3 &lt; 5.</v>"));
    let srt = String::from_utf8(write("srt")).expect("utf-8");
    assert!(
        srt.starts_with("1\n00:00:01,000 --> 00:00:04,500\nInterviewer: Bonjour"),
        "{srt}"
    );
    // The importer keeps the cues' end times, and the export writes them.
    assert!(
        srt.contains("\n5\n01:02:03,040 --> 01:02:05,000\nInterviewer: Merci beaucoup.\n"),
        "{srt}"
    );
    // A recogniser's draft: its turns are unverified, with their ends.
    let listed = env.json(&["turns", ps, "fg04", "--json"]);
    assert_eq!(listed[0]["end_ms"], 4_500, "{listed}");
    assert_eq!(listed[0]["verified"], false, "{listed}");
    let txt = String::from_utf8(write("txt")).expect("utf-8");
    assert!(txt.contains("[00:00:05.250] Amina Kabila: Merci."), "{txt}");
    let otr: Value = serde_json::from_slice(&write("otr")).expect("json");
    assert!(otr["text"]
        .as_str()
        .expect("html")
        .contains("<b>Amina Kabila</b>: "));
    let docx = write("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("part"),
        &mut xml,
    )
    .expect("read");
    assert!(
        xml.contains("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Amina Kabila:</w:t>"),
        "the speaker is bold"
    );
}

#[test]
fn untimed_turns_are_refused_by_subtitles_and_kept_by_the_rest() {
    let env = Env::new();
    let p = env.project("study.gloss", "amani");
    let ps = s(&p);
    let typed = env.file(
        "int05.txt",
        "Interviewer: Bonjour.\n\nP1: Bonjour, madame.\n\nInterviewer: Vous habitez ici ?\n\nP1: Oui, depuis longtemps.\n",
    );
    env.ok(&["import", ps, s(&typed)]);
    let listed = env.json(&["turns", ps, "int05", "--json"]);
    let first = listed[0]["turn"].to_string();
    let second = listed[1]["turn"].to_string();
    env.ok(&["turns", "time", ps, "int05", &first, "00:00:02"]);
    for format in ["vtt", "srt"] {
        let out = env.path(&format!("x.{format}"));
        let err = env.fail(&[
            "transcript",
            "export",
            ps,
            "int05",
            "--format",
            format,
            "-o",
            s(&out),
        ]);
        assert!(
            err.contains("turn 2 (P1: \"Bonjour, madame.\") has no start time")
                && err.contains(format)
                && err.contains(&format!("gloss turns time PROJECT DOC {second} HH:MM:SS")),
            "{err}"
        );
        assert!(!out.exists());
    }
    let original = turns(&env, ps, "int05");
    assert_eq!(original[0].1, Some(2000));
    for format in ["txt", "docx", "otr"] {
        assert_eq!(round_trip(&env, ps, "int05", format), original, "{format}");
    }
}

#[test]
fn bad_requests_are_one_line() {
    let env = Env::new();
    let p = env.project("study.gloss", "amani");
    let ps = s(&p);
    let draft = env.file("fg04.vtt", DRAFT);
    env.ok(&["import", ps, s(&draft)]);
    let out = env.path("o.txt");
    let err = env.fail(&[
        "transcript",
        "export",
        ps,
        "nosuch",
        "--format",
        "txt",
        "-o",
        s(&out),
    ]);
    assert!(err.contains("no document \"nosuch\""), "{err}");
    let err = env.fail(&[
        "transcript",
        "export",
        ps,
        "fg04",
        "--format",
        "pdf",
        "-o",
        s(&out),
    ]);
    assert!(err.contains("pdf"), "{err}");
    env.ok(&[
        "transcript",
        "export",
        ps,
        "fg04",
        "--format",
        "txt",
        "-o",
        s(&out),
    ]);
    let err = env.fail(&[
        "transcript",
        "export",
        ps,
        "fg04",
        "--format",
        "txt",
        "-o",
        s(&out),
    ]);
    assert!(err.contains("already exists"), "{err}");
    let err = env.fail(&[
        "transcript",
        "export",
        ps,
        "fg04",
        "--format",
        "txt",
        "-o",
        ps,
        "--force",
    ]);
    assert!(err.contains("the project itself"), "{err}");
}
