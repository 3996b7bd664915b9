//! `gloss search` and `gloss index rebuild`.

use super::{IndexCommand, OrderArg, SearchArgs};
use crate::core::sanitize::one_line;
use crate::core::time::format_time;
use crate::index::{SearchOptions, SearchOrder};
use crate::ops;
use std::io::{IsTerminal, Write};

fn progress() -> impl FnMut(usize, usize) {
    let show = std::io::stderr().is_terminal();
    let mut shown = false;
    move |done, total| {
        if show && total > 0 {
            let mut err = std::io::stderr();
            let _ = write!(err, "\rindexing {done}/{total} turns");
            if done >= total && shown {
                let _ = writeln!(err);
            }
            shown = true;
            let _ = err.flush();
        }
    }
}

pub fn run(args: SearchArgs) -> anyhow::Result<()> {
    let store = super::session::open(&args.project, None)?;
    let index = ops::search::ensure_index(&store, &mut progress())?;
    let mut q = args.query.clone();
    for (field, v) in [
        ("doc", &args.doc),
        ("speaker", &args.speaker),
        ("code", &args.code),
    ] {
        if let Some(v) = v {
            q.push_str(&format!(" {field}:\"{}\"", v.replace('"', "")));
        }
    }
    let opts = SearchOptions {
        limit: if args.count { 1 } else { args.limit },
        offset: 0,
        order: match args.order {
            OrderArg::Relevance => SearchOrder::Relevance,
            OrderArg::Position => SearchOrder::Position,
        },
    };
    let result = ops::search::search(&store, &index, &q, &opts)?;
    let mut out = std::io::stdout().lock();
    if args.count {
        writeln!(out, "{}", result.total)?;
        return Ok(());
    }
    if args.json {
        let hits: Vec<_> = result
            .hits
            .iter()
            .map(|h| {
                let first = h.matches.first().copied().unwrap_or(h.turn);
                serde_json::json!({
                    "doc": h.doc_name, "doc_id": h.doc_id, "segment": h.seg_id,
                    "speaker": h.speaker, "time_ms": h.time_ms,
                    "start": first.start, "end": first.end,
                    "matches": h.matches.iter().map(|m| [m.start, m.end]).collect::<Vec<_>>(),
                    "turn": [h.turn.start, h.turn.end],
                    "snippet": ops::search::snippet(h, 160),
                })
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"total": result.total, "hits": hits})
            )?
        )?;
        return Ok(());
    }
    writeln!(out, "{} matching turns", result.total)?;
    for h in &result.hits {
        writeln!(
            out,
            "{:<30} {:>8} {:<18} {}",
            one_line(&h.doc_name),
            h.time_ms.map(format_time).unwrap_or_default(),
            one_line(h.speaker.as_deref().unwrap_or("")),
            one_line(&ops::search::snippet(h, 100))
        )?;
    }
    Ok(())
}

pub fn index(cmd: IndexCommand) -> anyhow::Result<()> {
    match cmd {
        IndexCommand::Rebuild { project } => {
            let store = super::session::open(&project, None)?;
            let t = std::time::Instant::now();
            let ix = ops::search::rebuild(&store, &mut progress())?;
            writeln!(
                std::io::stdout().lock(),
                "indexed {} turns in {:.1} s ({})",
                ix.len(),
                t.elapsed().as_secs_f64(),
                if ix.is_sealed() {
                    format!(
                        "{}, sealed: encrypted with a key kept in the project",
                        ix.dir().display()
                    )
                } else {
                    ix.dir().display().to_string()
                }
            )?;
        }
    }
    Ok(())
}
