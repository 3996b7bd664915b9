//! Excerpts as one JSON document:
//! `{"title","generated","pseudonymised","filters","codes":[...],
//! "excerpts":[{"code_path","code","document","speaker","attributes",
//! "time_ms","time","start","end","text","before","after","before_cut",
//! "after_cut","coders","memo","date"}]}` — one excerpt per passage,
//! `coders` every coder who coded it alike.

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
    let mut w = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut w, &doc).map_err(|e| e.to_string())?;
    w.write_all(b"\n").map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())?;
    progress(records.len());
    Ok(())
}
