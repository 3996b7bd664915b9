//! A transcript as a Word document: one paragraph per turn — the stamp,
//! the speaker in bold, the speech — in the package the excerpt export
//! writes (`formats::export::docx`: same parts and styles, no document
//! properties, which would carry names).

use super::{label_parts, Transcript};
use crate::formats::export::docx::{package, para, DOCUMENT_START};

pub fn write(t: &Transcript) -> Result<Vec<u8>, String> {
    let mut doc = String::from(DOCUMENT_START);
    for p in t.preamble.split("\n\n").filter(|p| !p.trim().is_empty()) {
        para(&mut doc, "", &[(p.trim(), "")]);
    }
    for turn in &t.turns {
        let (time, speaker) = label_parts(turn);
        let label = speaker.map(|s| format!("{s}:"));
        let text = match &label {
            Some(_) => format!(" {}", turn.text.trim()),
            None => turn.text.trim().to_string(),
        };
        let mut runs: Vec<(&str, &str)> = Vec::new();
        if !time.is_empty() {
            runs.push((&time, ""));
        }
        if let Some(l) = &label {
            runs.push((l, "<w:b/>"));
        }
        runs.push((&text, ""));
        para(&mut doc, "", &runs);
    }
    package(doc)
}
