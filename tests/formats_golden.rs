//! Golden tests for the importers: each fixture's segments as compact
//! `time | speaker | content` lines, plus the rendered text where the
//! importer renders one.

use gloss::core::text::char_slice;
use gloss::core::{ImportedTranscript, SourceFormat};
use gloss::formats::{import_bytes, FormatChoice, FormatError};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn import(name: &str) -> ImportedTranscript {
    import_bytes(&fixture(name), name, FormatChoice::Auto).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One line per segment: `time | speaker | content`.
fn compact(t: &ImportedTranscript) -> String {
    let mut out = String::new();
    let mut prev_end = 0;
    for s in &t.segments {
        assert!(
            s.range.start >= prev_end,
            "segments overlap or are out of order"
        );
        assert!(s.range.start < s.range.end, "empty segment");
        prev_end = s.range.end;
        let time = s.time_ms.map_or("-".to_string(), |ms| ms.to_string());
        let speaker = s.speaker.as_deref().unwrap_or("-");
        let content = char_slice(&t.text, s.range).replace('\n', "⏎");
        out.push_str(&format!("{time} | {speaker} | {content}\n"));
    }
    out
}

#[test]
fn dump() {
    if std::env::var("DUMP").is_err() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in names {
        match import_bytes(&fixture(&n), &n, FormatChoice::Auto) {
            Ok(t) => println!(
                "=== {n} [{} {} {:?}] warnings={:?}\n{}--- text:\n{}",
                t.source_format,
                t.encoding,
                t.language_hint,
                t.warnings,
                compact(&t),
                t.text
            ),
            Err(e) => println!("=== {n} ERROR {e}"),
        }
    }
}

fn assert_golden(name: &str, format: SourceFormat, expected: &str) -> ImportedTranscript {
    let t = import(name);
    assert_eq!(t.source_format, format, "{name}: format");
    assert_eq!(compact(&t), expected, "{name}: segments");
    assert!(
        !t.text.starts_with('\u{feff}') && !t.text.contains('\r'),
        "{name}: BOM/CR left"
    );
    t
}

#[test]
fn text_bom_crlf_prose_colons_nbsp() {
    let t = assert_golden(
        "interview_bom_crlf.txt",
        SourceFormat::Text,
        "- | FACILITATRICE | Bonjour à toutes. We meet at 14:30 every Thursday.\n\
         - | P3 | The point is this: we never got the money.⏎Note: she was angry.⏎⏎Honestly: nobody came.\n\
         - | FACILITATRICE | Et vous, Participante 4 ?\n\
         - | Participante 4 | Elle a dit : « pas aujourd'hui ». [inaudible 00:12:31] Then we left.\n\
         - | P3 | Yes.\n",
    );
    assert_eq!(t.encoding, "UTF-8");
    // The text is the file as is (header kept outside segments).
    assert!(t.text.starts_with(
        "Focus group – Kolwezi, site S2\nDate: 12 March 2024\n\nFACILITATRICE\u{a0}: Bonjour"
    ));
    assert!(t.text.contains("FACILITATRICE\u{202f}: Et vous"));
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn text_windows_1252_french() {
    let t = assert_golden(
        "french_cp1252.txt",
        SourceFormat::Text,
        "- | ENQUÊTEUR | Depuis quand êtes-vous à Kolwezi ?\n\
         - | RÉPONDANTE | Depuis 2019. Ça fait longtemps, à peu près cinq ans.\n\
         - | ENQUÊTEUR | Et le français, ça va ?\n\
         - | RÉPONDANTE | Très bien, merci.\n",
    );
    assert_eq!(t.encoding, "windows-1252");
    assert!(t.warnings.iter().any(|w| w.contains("windows-1252")));
}

#[test]
fn text_utf16le_with_bom() {
    let t = assert_golden(
        "utf16le_bom.txt",
        SourceFormat::Text,
        "- | Interviewer | How long?\n- | R | Since 2019 — ɛlɔ.\n",
    );
    assert_eq!(t.encoding, "UTF-16LE");
    assert_eq!(t.text, "Interviewer: How long?\nR: Since 2019 — ɛlɔ.\n");
}

#[test]
fn text_lone_cr() {
    let t = assert_golden(
        "lone_cr.txt",
        SourceFormat::Text,
        "- | Interviewer | one⏎two\n- | Respondent | three\n",
    );
    assert_eq!(t.text, "Interviewer: one\ntwo\n\nRespondent: three\n");
}

#[test]
fn text_otter_with_footer() {
    let t = assert_golden(
        "otter.txt",
        SourceFormat::Text,
        "15000 | Tom Pravda | Good morning everyone. Thanks for joining.⏎It's a long day.\n\
         105000 | Unknown Speaker | Thanks, Tom.\n\
         3723000 | Tom Pravda | We are over an hour in.\n",
    );
    assert!(t.text.ends_with("Transcribed by https://otter.ai\n"));
}

#[test]
fn text_rev_with_inaudible_tags() {
    assert_golden(
        "rev.txt",
        SourceFormat::Text,
        "15000 | Speaker 1 | Thank you for coming. [crosstalk 00:00:21]\n\
         21000 | Community Relations Officer | We started in 2019. [inaudible 00:12:31] and then⏎the road was built.⏎⏎[inaudible 00:12:31] more words here.\n\
         3723000 | Speaker 1 | Last question.\n",
    );
}

#[test]
fn text_dresing_pehl_end_stamps() {
    assert_golden(
        "dresing.txt",
        SourceFormat::Text,
        "0 | I | Wie lange arbeiten Sie schon hier?\n\
         12000 | B | Seit drei Jahren. Davor war ich in der Schule.\n\
         25300 | I | Und wie ist es?\n\
         31000 | B | Gut.\n",
    );
}

#[test]
fn text_leading_timestamps_and_clock_in_prose() {
    let t = assert_golden(
        "timestamps.txt",
        SourceFormat::Text,
        "751000 | Sarah | First turn.\n\
         760000 | Amani | Second turn,⏎continued here.\n\
         785000 | Sarah | Third turn.\n\
         800000 | Amani | Fourth turn on its own line.⏎14:30 every Thursday we met.\n",
    );
    assert!(t
        .text
        .starts_with("Interview 7 — transcript\n\n[00:12:31] Sarah:"));
}

#[test]
fn text_whisperx_txt_prefixes() {
    assert_golden(
        "whisperx.txt",
        SourceFormat::Text,
        "- | SPEAKER_00 | Bonjour, merci d'être venue.\n\
         - | SPEAKER_01 | Merci à vous.\n\
         - | SPEAKER_00 | On commence.\n",
    );
}

#[test]
fn text_without_labels_falls_back_to_paragraphs() {
    let t = assert_golden(
        "prose.txt",
        SourceFormat::Text,
        "- | - | This is a field note, not a transcript.⏎The point is this: we met at 14:30.\n\
         - | - | Second paragraph: nothing more.\n",
    );
    assert!(t.warnings.iter().any(|w| w.contains("no speaker labels")));
}

#[test]
fn plain_is_verbatim_paragraphs() {
    let bytes = fixture("interview_bom_crlf.txt");
    let t = import_bytes(&bytes, "x.txt", FormatChoice::Fixed(SourceFormat::Plain)).expect("plain");
    assert_eq!(t.source_format, SourceFormat::Plain);
    assert_eq!(
        compact(&t),
        "- | - | Focus group – Kolwezi, site S2⏎Date: 12 March 2024\n\
         - | - | FACILITATRICE\u{a0}: Bonjour à toutes. We meet at 14:30 every Thursday.\n\
         - | - | P3: The point is this: we never got the money.⏎Note: she was angry.\n\
         - | - | Honestly: nobody came.⏎FACILITATRICE\u{202f}: Et vous, Participante 4 ?⏎Participante 4: Elle a dit : « pas aujourd'hui ». [inaudible 00:12:31] Then we left.⏎P3: Yes.\n"
    );
}

#[test]
fn vtt_teams_guid_ids_two_voices_missing_close_note_style() {
    let t = assert_golden(
        "teams.vtt",
        SourceFormat::Vtt,
        "1000 | Grace Mutombo | Bonjour & bienvenue. On commence ? Oui.\n\
         6115 | Jean Kabila | Oui, allons-y <vite>'! Je suis prêt.\n",
    );
    assert_eq!(
        t.text,
        "[00:00:01] Grace Mutombo: Bonjour & bienvenue. On commence ? Oui.\n\n\
         [00:00:06] Jean Kabila: Oui, allons-y <vite>'! Je suis prêt.\n"
    );
}

#[test]
fn vtt_zoom_name_prefixes() {
    let t = assert_golden(
        "zoom.vtt",
        SourceFormat::Vtt,
        "1000 | Samson Zhang (Host) | gotcha okay and going back to the site what did you see?\n\
         7000 | Neema K. | We saw the trucks: many of them.\n",
    );
    assert!(t.text.starts_with("[00:00:01] Samson Zhang (Host): gotcha"));
}

#[test]
fn vtt_whisper_cpp_voices() {
    let t = assert_golden(
        "whispercpp.vtt",
        SourceFormat::Vtt,
        "0 | Speaker0 | Hello there.\n2000 | Speaker1 | Hi. How are you?\n",
    );
    assert_eq!(
        t.text,
        "[00:00:00] Speaker0: Hello there.\n\n[00:00:02] Speaker1: Hi. How are you?\n"
    );
}

#[test]
fn srt_whisperx_prefixes_tags_and_stray_blank_line() {
    let t = assert_golden(
        "whisperx.srt",
        SourceFormat::Srt,
        "1000 | SPEAKER_00 | Bonjour, merci d'être venue.\n\
         4500 | SPEAKER_01 | Merci à vous. C'est moi qui remercie.\n\
         12000 | Interviewer | Bien.\n",
    );
    assert_eq!(
        t.text,
        "[00:00:01] SPEAKER_00: Bonjour, merci d'être venue.\n\n\
         [00:00:04] SPEAKER_01: Merci à vous. C'est moi qui remercie.\n\n\
         [00:00:12] Interviewer: Bien.\n"
    );
}

/// Issue 11 item 18: the WebVTT parser's rules. A block whose timing line
/// is invalid is dropped whole (text and cue number), never glued onto the
/// previous cue; `2<3 and 5>1` stays; class spans keep their words; a cue
/// number before a missing blank line is the next cue's id; NUL becomes
/// U+FFFD and form feed / vertical tab are white space.
#[test]
fn vtt_spec_edge_cases() {
    let t = assert_golden(
        "spec_edge.vtt",
        SourceFormat::Vtt,
        "1000 | Amani Feza | Two sums: 2<3 and 5>1 are both true. what we said <twice>\n\
         9000 | Kito Mbala | After a missing blank line. Form feed, vertical tab and a NUL\u{FFFD}here.\n",
    );
    assert!(!t.text.contains("dropped") && !t.text.contains("-->"));
    assert!(
        t.warnings.iter().any(|w| w.contains("1 NUL"))
            && t.warnings
                .iter()
                .any(|w| w.contains("2 block(s) without a valid") && w.contains("line 8")),
        "{:?}",
        t.warnings
    );
}

#[test]
fn srt_invalid_timing_and_lone_index_are_dropped() {
    let t = assert_golden(
        "spec_edge.srt",
        SourceFormat::Srt,
        "1000 | Interviewer | Bonjour, 2<3 et 5>1. Merci à vous.\n\
         7000 | Respondent | the number above stood alone. and the last cue.\n",
    );
    assert!(!t.text.contains("broken") && !t.text.contains(" 4"));
    assert!(t.warnings.iter().any(|w| w.contains("2 block(s)")));
}

#[test]
fn vtt_utf32_with_bom() {
    let t = assert_golden(
        "utf32le_bom.vtt",
        SourceFormat::Vtt,
        "1000 | Zawadi Imani | Habari, ɛlɔ 👋🏽.\n",
    );
    assert_eq!(t.encoding, "UTF-32LE");
    // Big-endian too, built here from the same text.
    let be: Vec<u8> = "\u{feff}WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Bonjour\n"
        .chars()
        .flat_map(|c| u32::from(c).to_be_bytes())
        .collect();
    let t = import_bytes(&be, "a.vtt", FormatChoice::Auto).expect("utf-32be");
    assert_eq!(
        (t.encoding.as_str(), compact(&t).as_str()),
        ("UTF-32BE", "1000 | A | Bonjour\n")
    );
}

/// Issue 11 item 20: noScribe. Its text export writes `S01: [00:00:12]`:
/// the speaker is S01 and the turn starts at 12 s. Overlapping speech
/// inside a turn (`//S02: … //`) is S02's, not S01's.
#[test]
fn text_noscribe_label_then_timestamp() {
    let t = assert_golden(
        "noscribe.txt",
        SourceFormat::Text,
        "4000 | S01 | Bonjour, merci d'être venue & de prendre le temps. (..) Depuis quand travaillez-vous au site ?\n\
         - | S02 | Oui, oui.\n\
         - | S01 | Je vous écoute.\n\
         19000 | S02 | Depuis 2019. Avant, j'étais à l'école <primaire>. Ça fait longtemps.\n\
         75000 | S01 | Merci beaucoup.\n",
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    // A clock after a label that is not bracketed is speech.
    let t = import_bytes(
        b"P1: 14:30 we met.\nP2: [00:01:02] Yes.\nP1: (00:01:05) Ok.\n",
        "a.txt",
        FormatChoice::Auto,
    )
    .expect("text");
    assert_eq!(
        compact(&t),
        "- | P1 | 14:30 we met.\n62000 | P2 | Yes.\n65000 | P1 | Ok.\n"
    );
    // An overlap left open runs to the end of the turn; `//` in prose or a
    // URL, or before a word that is no speaker, is text.
    let t = import_bytes(
        b"S01: [00:00:01] a //S02: b\nS02: [00:00:05] see https://x.org // and //note: c\n",
        "a.txt",
        FormatChoice::Auto,
    )
    .expect("text");
    assert_eq!(
        compact(&t),
        "1000 | S01 | a\n- | S02 | b\n5000 | S02 | see https://x.org // and //note: c\n"
    );
}

/// noScribe's HTML (its default output): exact segment times from the
/// `ts_` anchors, the repeated `S01:` and `[hh:mm:ss]` out of the speech,
/// overlapping speech as the other speaker's own turn.
#[test]
fn noscribe_html() {
    let t = assert_golden(
        "noscribe.html",
        SourceFormat::NoScribe,
        "0 | - | (4 seconds pause)\n\
         4200 | S01 | Bonjour, merci d'être venue & de prendre le temps. (..) Depuis quand travaillez-vous au site\u{a0}?\n\
         15600 | S02 | //Oui, oui.//\n\
         16500 | S01 | Je vous écoute.\n\
         19200 | S02 | Depuis 2019. Avant, j'étais à l'école <primaire>. Ça fait longtemps.\n\
         75000 | S01 | Merci beaucoup.\n",
    );
    assert!(t.text.starts_with(
        "Entretien fictif 07\n\nTranscribed with noScribe vers. 0.7\nAudio file: ./entretien_fictif_07.mp3\n"
    ));
    assert!(t.text.contains("\n\n[00:00:04] S01: Bonjour, merci"));
    assert!(!t.text.contains("white-space") && !t.text.contains("S01: S01"));
}

/// noScribe's WebVTT: `WEBVTT title`, a NOTE with the job, `<v S01>`
/// voices, and `<v //S02>//S02: …` for overlapping speech.
#[test]
fn vtt_noscribe() {
    let t = assert_golden(
        "noscribe.vtt",
        SourceFormat::Vtt,
        "0 | - | (4 seconds pause)\n\
         4200 | S01 | Bonjour, merci d'être venue & de prendre le temps. (..) Depuis quand travaillez-vous au site ?\n\
         15600 | S02 | //Oui, oui.//\n\
         16500 | S01 | Je vous écoute.\n\
         19200 | S02 | Depuis 2019. Avant, j'étais à l'école <primaire>. Ça fait longtemps.\n\
         75000 | S01 | Merci beaucoup.\n",
    );
    assert!(!t.text.contains("//S02") && !t.text.contains("noScribe vers"));
}

#[test]
fn whisper_json_openai() {
    let t = assert_golden(
        "openai.json",
        SourceFormat::WhisperJson,
        "0 | - | Bonjour.\n\
         3040 | - | Merci.\n\
         61500 | - | Sous-titres réalisés par la communauté d'Amara.org\n",
    );
    assert_eq!(t.language_hint.as_deref(), Some("fr"));
    assert!(t
        .text
        .starts_with("[00:00:00] Bonjour.\n\n[00:00:03] Merci.\n\n[00:01:01] Sous-titres"));
    assert!(
        t.warnings.iter().any(|w| w.contains("Amara.org")),
        "{:?}",
        t.warnings
    );
    assert!(t.warnings.iter().any(|w| w.contains("1 empty segment")));
}

#[test]
fn whisper_json_whisperx_with_nan() {
    let t = assert_golden(
        "whisperx.json",
        SourceFormat::WhisperJson,
        "31 | SPEAKER_00 | Bonjour, merci d'être venue. C'est un plaisir.\n\
         4200 | SPEAKER_01 | J'ai 25 ans.\n\
         - | - | [no speaker, NaN start]\n",
    );
    assert_eq!(
        t.text,
        "[00:00:00] SPEAKER_00: Bonjour, merci d'être venue. C'est un plaisir.\n\n\
         [00:00:04] SPEAKER_01: J'ai 25 ans.\n\n\
         [no speaker, NaN start]\n"
    );
}

#[test]
fn whisper_json_whisper_cpp() {
    let t = assert_golden(
        "whispercpp.json",
        SourceFormat::WhisperJson,
        "0 | Speaker 0 | Habari yako?\n5120 | Speaker 1 | Nzuri sana.\n8000 | - | Asante.\n",
    );
    assert_eq!(t.language_hint.as_deref(), Some("sw"));
}

#[test]
fn otr_html() {
    let t = assert_golden(
        "otranscribe.otr",
        SourceFormat::Otr,
        "12000 | Josh | Welcome & hello.\n65000 | Ana | Thanks.⏎Second line.\n",
    );
    assert_eq!(
        t.text,
        "[Theme music begins]\n\n[00:00:12] Josh: Welcome & hello.\n\n[00:01:05] Ana: Thanks.\nSecond line.\n"
    );
}

#[test]
fn content_wins_over_extension() {
    // A VTT saved as .txt, an SRT saved as .vtt, Whisper JSON saved as .txt.
    let vtt = import_bytes(&fixture("zoom.vtt"), "zoom.txt", FormatChoice::Auto).expect("vtt");
    assert_eq!(vtt.source_format, SourceFormat::Vtt);
    let srt = import_bytes(&fixture("whisperx.srt"), "x.vtt", FormatChoice::Auto).expect("srt");
    assert_eq!(srt.source_format, SourceFormat::Srt);
    let js = import_bytes(&fixture("whispercpp.json"), "w.txt", FormatChoice::Auto).expect("json");
    assert_eq!(js.source_format, SourceFormat::WhisperJson);
    // Unknown extension, but clearly a labelled transcript.
    let t = import_bytes(&fixture("otter.txt"), "notes.xyz", FormatChoice::Auto).expect("text");
    assert_eq!(t.source_format, SourceFormat::Text);
    // Forcing text on a VTT keeps the file verbatim.
    let forced = import_bytes(
        &fixture("zoom.vtt"),
        "zoom.vtt",
        FormatChoice::Fixed(SourceFormat::Text),
    )
    .expect("forced");
    assert!(forced.text.starts_with("WEBVTT\n\n1\n"));
}

fn err(bytes: &[u8], name: &str, choice: FormatChoice) -> String {
    match import_bytes(bytes, name, choice) {
        Ok(t) => panic!("{name}: expected an error, got {:?}", t.source_format),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_carry_clear_reasons() {
    let auto = FormatChoice::Auto;
    assert_eq!(err(b"", "a.txt", auto), "the file is empty");
    assert_eq!(
        err(&fixture("whitespace.txt"), "w.txt", auto),
        "the file is empty"
    );
    assert_eq!(import_bytes(b"", "a.txt", auto), Err(FormatError::Empty));
    let mut binary = b"\x7fELF\x02\x01\x01".to_vec();
    binary.extend((0u8..=255).cycle().take(4000));
    assert_eq!(err(&binary, "a.txt", auto), "binary data, not a transcript");
    // Binary behind a UTF-32 byte-order mark, and a file of NULs.
    let mut utf32_binary = b"\xFF\xFE\x00\x00".to_vec();
    utf32_binary.extend((0u8..=255).rev().cycle().take(4000));
    assert_eq!(
        err(&utf32_binary, "a.vtt", auto),
        "binary data, not a transcript"
    );
    assert_eq!(
        err(&[0u8; 64], "a.srt", auto),
        "binary data, not a transcript"
    );
    assert_eq!(
        err(b"random words and nothing else\n", "data.xyz", auto),
        "unknown format (extension \".xyz\"); use --format"
    );
    assert_eq!(
        err(b"Interviewer: hi\n", "a.docx", auto),
        "not a .docx file (not a zip archive)"
    );
    assert_eq!(
        err(b"hello", "x.vtt", FormatChoice::Fixed(SourceFormat::Vtt)),
        "no WebVTT cues found (no `00:00:01.000 --> 00:00:02.000` timing lines with text)"
    );
    let json_err = err(
        b"{\n  \"segments\": [\n    {\"start\": NaN,, }\n  ]\n}",
        "a.json",
        auto,
    );
    assert_eq!(
        json_err,
        "invalid JSON at line 3, column 19: key must be a string"
    );
    assert_eq!(
        err(b"{\"foo\": 1}", "a.json", auto),
        "JSON, but neither Whisper (\"segments\"/\"transcription\") nor oTranscribe (\"text\" + \"media-time\")"
    );
    assert!(err(b"%PDF-1.7\n...", "a.pdf", auto).starts_with("PDF is not supported"));
    assert!(err(b"{\\rtf1\\ansi hello}", "a.rtf", auto).starts_with("RTF is not supported"));
}
