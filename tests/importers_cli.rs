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
        vec![("Zawadi Imani".to_string(), Some(1000), "Habari, ɛlɔ 👋🏽.".to_string())]
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
