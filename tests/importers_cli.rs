//! Issue 11 items 18–20 through the built binary: files shaped like those
//! other tools write (the fixtures are written here, with fictional
//! content), imported with `gloss import` and read back with `gloss show`.

mod common;

use common::{root, s, Env};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/formats").join(name)
}

/// Imports `file` into a new project; returns (the import's report with its
/// warnings, the shown document).
fn import_and_show(env: &Env, file: &std::path::Path, doc: &str) -> (String, Value) {
    let p = env.project("p.gloss", "ana");
    let report = env.ok(&["import", s(&p), s(file)]);
    (report, env.json(&["show", s(&p), doc, "--json"]))
}

/// (speaker, time_ms, content) of each segment.
fn turns(doc: &Value) -> Vec<(String, Option<u64>, String)> {
    let text: Vec<char> = doc["text"].as_str().expect("text").chars().collect();
    doc["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|seg| {
            let start = seg["start"].as_u64().expect("start") as usize;
            let end = seg["end"].as_u64().expect("end") as usize;
            (
                seg["speaker"].as_str().unwrap_or("-").to_string(),
                seg["time_ms"].as_u64(),
                text.get(start..end).expect("range").iter().collect(),
            )
        })
        .collect()
}

#[test]
fn item18_webvtt_as_the_spec_parses_it() {
    let env = Env::new();
    let (report, doc) = import_and_show(&env, &fixture("spec_edge.vtt"), "spec_edge");
    assert_eq!(
        turns(&doc),
        vec![
            (
                "Amani Feza".to_string(),
                Some(1000),
                "Two sums: 2<3 and 5>1 are both true. what we said <twice>".to_string()
            ),
            (
                "Kito Mbala".to_string(),
                Some(9000),
                "After a missing blank line. Form feed, vertical tab and a NUL\u{FFFD}here."
                    .to_string()
            ),
        ]
    );
    let text = doc["text"].as_str().expect("text");
    assert!(!text.contains("dropped"), "{text}");
    assert!(
        report.contains("2 block(s) without a valid") && report.contains("1 NUL"),
        "{report}"
    );

    // UTF-32 with a BOM imports; a binary file still gets one clear line.
    let (_, doc) = import_and_show(&Env::new(), &fixture("utf32le_bom.vtt"), "utf32le_bom");
    assert_eq!(
        turns(&doc),
        vec![(
            "Zawadi Imani".to_string(),
            Some(1000),
            "Habari, ɛlɔ 👋🏽.".to_string()
        )]
    );
    let env = Env::new();
    let p = env.project("p.gloss", "ana");
    let mut junk = b"\xFF\xFE\x00\x00".to_vec();
    junk.extend((0u8..=255).cycle().take(2048));
    let bin = env.path("recording.vtt");
    std::fs::write(&bin, junk).expect("write");
    let err = env.fail(&["import", s(&p), s(&bin)]);
    assert!(
        err.contains("recording.vtt") && err.contains("binary data"),
        "{err}"
    );
}

/// A `.docx` whose main part is `word/document2.xml` (named only by
/// `_rels/.rels`), with a text box, a drop cap and symbol-font characters.
fn converter_docx() -> Vec<u8> {
    use std::io::Write;
    let w = |t: &str| format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    let body = [
        r#"<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="2"/></w:pPr><w:r><w:t>I</w:t></w:r></w:p>"#.to_string(),
        format!("<w:p>{}</w:p>", w("nterviewer: Did the co-operative pay?")),
        format!(
            "<w:p>{}<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p>{}</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>",
            w("Neema: Yes "),
            w("Interviewer: (note in a box) she nodded.")
        ),
        format!(
            r#"<w:p>{}<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>{}<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>{}</w:p>"#,
            w("Neema: Paid "),
            w(" twice, "),
            w(" 5 times late.")
        ),
    ]
    .concat();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="wp" xmlns:a="a" xmlns:wps="wps"><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [("_rels/.rels", rels), ("word/document2.xml", doc.as_str())] {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        z.write_all(data.as_bytes()).expect("write");
    }
    z.finish().expect("finish").into_inner()
}

#[test]
fn item19_docx_boxes_drop_caps_symbols_and_the_named_main_part() {
    let env = Env::new();
    let file = env.path("converted.docx");
    std::fs::write(&file, converter_docx()).expect("write");
    let (_, doc) = import_and_show(&env, &file, "converted");
    assert_eq!(
        turns(&doc),
        vec![
            (
                "Interviewer".to_string(),
                None,
                "Did the co-operative pay?".to_string()
            ),
            ("Neema".to_string(), None, "Yes".to_string()),
            (
                "Interviewer".to_string(),
                None,
                "(note in a box) she nodded.".to_string()
            ),
            (
                "Neema".to_string(),
                None,
                "Paid ✔ twice, ≥ 5 times late.".to_string()
            ),
        ]
    );
}

#[test]
fn item20_noscribe_text_html_and_vtt() {
    let fix = |name: &str| {
        let (_, doc) = import_and_show(&Env::new(), &fixture(name), "noscribe");
        turns(&doc)
    };
    let t = |s: &str, ms: u64, text: &str| (s.to_string(), Some(ms), text.to_string());
    // The text export: speaker S01, the time from its stamp, no stamp left
    // in the speech.
    let txt = fix("noscribe.txt");
    assert_eq!(
        txt.first().map(|x| (&x.0, x.1)),
        Some((&"S01".to_string(), Some(4000)))
    );
    assert!(
        txt.first().is_some_and(|x| x.2.starts_with("Bonjour")),
        "{txt:?}"
    );
    // Overlapping speech inside S01's turn is S02's.
    assert_eq!(
        txt.get(1).map(|x| (x.0.as_str(), x.2.as_str())),
        Some(("S02", "Oui, oui."))
    );
    assert_eq!(
        txt.get(3),
        Some(&t(
            "S02",
            19000,
            "Depuis 2019. Avant, j'étais à l'école <primaire>. Ça fait longtemps."
        ))
    );
    // HTML (the default output) and VTT: the same turns, overlap split out.
    let expected = vec![
        ("-".to_string(), Some(0), "(4 seconds pause)".to_string()),
        t("S01", 4200, "Bonjour, merci d'être venue & de prendre le temps. (..) Depuis quand travaillez-vous au site\u{a0}?"),
        t("S02", 15600, "//Oui, oui.//"),
        t("S01", 16500, "Je vous écoute."),
        t("S02", 19200, "Depuis 2019. Avant, j'étais à l'école <primaire>. Ça fait longtemps."),
        t("S01", 75000, "Merci beaucoup."),
    ];
    assert_eq!(fix("noscribe.html"), expected);
    let mut vtt_expected = expected;
    if let Some(x) = vtt_expected.get_mut(1) {
        x.2 = x.2.replace('\u{a0}', " ");
    }
    assert_eq!(fix("noscribe.vtt"), vtt_expected);
    // The HTML is recognised by its content, whatever its name.
    let env = Env::new();
    let p = env.project("p.gloss", "ana");
    let copy = env.path("export");
    std::fs::copy(fixture("noscribe.html"), &copy).expect("copy");
    env.ok(&["import", s(&p), s(&copy)]);
    let docs = env.json(&["docs", s(&p), "--json"]);
    assert_eq!(docs[0]["segments"], 6, "{docs}");
}

#[test]
fn noscribe_html_can_be_named_with_format() {
    let env = Env::new();
    let p = env.project("ns.gloss", "amani");
    let html = std::fs::read_to_string(fixture("noscribe.html")).expect("fixture");
    // Named with --format, whatever the extension.
    let f = env.file("fg-export.htm", &html);
    let msg = env.ok(&["import", s(&p), s(&f), "--format", "noscribe"]);
    assert!(msg.contains("noscribe"), "{msg}");
}
