//! Importers never panic, whatever the bytes: every truncation of every
//! fixture under every format choice, plus random inputs (proptest). The
//! segments they return are always ordered, non-overlapping, non-empty and
//! inside the text.

use gloss::core::text::char_len;
use gloss::core::SourceFormat;
use gloss::formats::{import_bytes, FormatChoice};
use proptest::prelude::*;
use std::path::Path;

const CHOICES: [FormatChoice; 9] = [
    FormatChoice::Auto,
    FormatChoice::Fixed(SourceFormat::Text),
    FormatChoice::Fixed(SourceFormat::Plain),
    FormatChoice::Fixed(SourceFormat::Vtt),
    FormatChoice::Fixed(SourceFormat::Srt),
    FormatChoice::Fixed(SourceFormat::WhisperJson),
    FormatChoice::Fixed(SourceFormat::Docx),
    FormatChoice::Fixed(SourceFormat::Otr),
    FormatChoice::Fixed(SourceFormat::NoScribe),
];

fn check(bytes: &[u8], name: &str) {
    for choice in CHOICES {
        if let Ok(t) = import_bytes(bytes, name, choice) {
            let len = char_len(&t.text);
            let mut prev = 0;
            for s in &t.segments {
                assert!(
                    s.range.start >= prev && s.range.start < s.range.end && s.range.end <= len,
                    "{name} {choice:?}: bad segment {:?} (text len {len})",
                    s.range
                );
                prev = s.range.end;
            }
            assert!(!t.text.contains('\r') && !t.text.starts_with('\u{feff}'));
        }
    }
}

#[test]
fn every_truncation_of_every_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(&path).expect("read");
        for n in 0..=bytes.len() {
            check(bytes.get(..n).unwrap_or(&[]), &name);
        }
    }
}

fn token() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Interviewer",
        "P3",
        "R",
        "Speaker 1",
        "[SPEAKER_00]",
        ":",
        " :",
        "\u{a0}:",
        "\u{202f}:",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        "0:15",
        "00:12:31",
        "[00:12:31]",
        "(12:31)",
        "#00:03:22-0#",
        " (00:15):",
        "-->",
        "00:00:01,000 --> 00:00:02,000",
        "00:01.5 --> 00:02",
        "WEBVTT",
        "NOTE",
        "1",
        "<v Ana>",
        "</v>",
        "<v.loud",
        "&amp;",
        "&#",
        "<",
        ">",
        "{\\an8}",
        "é",
        "👋🏽",
        "Note",
        "Transcribed by https://otter.ai",
        "\t",
        "{",
        "\"",
        "NaN",
        "}",
        "[inaudible 00:12:31]",
        "word",
        "prose with: colon",
        "{\"segments\":[",
        "{\"text\":\"",
        "\u{0}",
        "\x0b",
        "\x0c",
        "2<3",
        "<c.colorCCCCCC>",
        "</c>",
        "00:00:0x,000 --> 00:00:02,000",
        "<a name=\"ts_100_200_S01\">",
        "<a name=\"ts_0_5_//S02\">",
        "</a>",
        "<p>",
        "<html>",
        "S01: [00:00:12]",
        "//",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_token_soup(tokens in prop::collection::vec(token(), 0..60)) {
        let s: String = tokens.concat();
        for name in ["a.txt", "a.vtt", "a.srt", "a.json", "a.xyz", "a"] {
            check(s.as_bytes(), name);
        }
    }

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes, "a.txt");
        let mut with_zip = b"PK\x03\x04".to_vec();
        with_zip.extend(&bytes);
        check(&with_zip, "a.docx");
    }
}
