//! Excerpts as one JSON document:
//! `{"title","generated","pseudonymised","filters","codes":[...],
//! "excerpts":[{"code_path","code","document","speaker","attributes",
//! "time_ms","time","start","end","text","before","after","before_cut",
//! "after_cut","coders","memo","date"}]}` — one excerpt per passage,
//! `coders` every coder who coded it alike. The text is exact; DEL and the
//! C1 controls, which JSON may hold raw, are written escaped (`\u009b`)
//! like the C0 ones, so that no control reaches a terminal showing the file.

use crate::core::excerpt::{ExcerptRecord, ExportMeta};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Doc<'a> {
    #[serde(flatten)]
    meta: &'a ExportMeta,
    excerpts: Vec<Rec<'a>>,
}

#[derive(Serialize)]
struct Rec<'a> {
    #[serde(flatten)]
    record: &'a ExcerptRecord,
    time: String,
}

pub fn write<W: Write>(
    out: W,
    meta: &ExportMeta,
    records: &[ExcerptRecord],
    progress: &mut dyn FnMut(usize),
) -> Result<(), String> {
    let doc = Doc {
        meta,
        excerpts: records
            .iter()
            .map(|r| Rec {
                record: r,
                time: r.time(),
            })
            .collect(),
    };
    let mut w = std::io::BufWriter::new(EscapeControls {
        inner: out,
        lead: false,
    });
    serde_json::to_writer_pretty(&mut w, &doc).map_err(|e| e.to_string())?;
    w.write_all(b"\n").map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())?;
    progress(records.len());
    Ok(())
}

/// Escapes DEL and U+0080..U+009F in serde_json's output. In UTF-8 they are
/// `7F` and `C2 80`..`C2 9F`; `C2` is only ever a lead byte, and outside
/// strings JSON is ASCII, so the bytes alone tell them.
struct EscapeControls<W> {
    inner: W,
    /// The previous byte was `C2` (not yet written).
    lead: bool,
}

impl<W: Write> Write for EscapeControls<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &b in buf {
            if std::mem::take(&mut self.lead) {
                if (0x80..=0x9f).contains(&b) {
                    out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                } else {
                    out.extend_from_slice(&[0xc2, b]);
                }
            } else if b == 0xc2 {
                self.lead = true;
            } else if b == 0x7f {
                out.extend_from_slice(b"\\u007f");
            } else {
                out.push(b);
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if std::mem::take(&mut self.lead) {
            self.inner.write_all(&[0xc2])?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_and_del_are_escaped_exactly() {
        let mut out = Vec::new();
        {
            let mut w = EscapeControls {
                inner: &mut out,
                lead: false,
            };
            let s = serde_json::to_string("a\u{9b}2J\u{7f} é\u{a0}\u{1b}").expect("json");
            // Split inside the two-byte sequence.
            let (x, y) = s.as_bytes().split_at(3);
            w.write_all(x).expect("write");
            w.write_all(y).expect("write");
            w.flush().expect("flush");
        }
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(text, "\"a\\u009b2J\\u007f é\u{a0}\\u001b\"");
        let back: String = serde_json::from_str(&text).expect("json");
        assert_eq!(back, "a\u{9b}2J\u{7f} é\u{a0}\u{1b}");
    }
}
