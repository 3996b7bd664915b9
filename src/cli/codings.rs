//! `gloss codings add|import|list`.

use super::CodingsCommand;
use crate::core::plural::count_as;
use crate::core::sanitize::one_line;
use crate::core::CharRange;
use crate::ops::{self, coding::CodingFilter};
use std::io::Write;

pub fn run(cmd: CodingsCommand, coder: Option<&str>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        CodingsCommand::Add {
            project,
            doc,
            code,
            start,
            end,
            memo,
        } => {
            let mut store = super::session::open(&project, None)?;
            if start > end {
                anyhow::bail!("--start {start} is after --end {end}");
            }
            let added = ops::coding::add(
                &mut store,
                &doc,
                &code,
                CharRange { start, end },
                coder,
                memo.as_deref(),
            )?;
            let c = &added.coding;
            if let Some(given) = added.snapped_from {
                eprintln!(
                    "note: {}..{} reached into a speaker label or timestamp; coded the speech {}..{}",
                    given.start, given.end, c.range.start, c.range.end
                );
            }
            if added.already_present {
                eprintln!(
                    "already present: {} has this code by {} on {}..{}; not stored again",
                    one_line(&doc),
                    one_line(&c.coder),
                    c.range.start,
                    c.range.end
                );
            }
            writeln!(out, "{}", c.id)?;
        }
        CodingsCommand::Import { project, file } => {
            let mut store = super::session::open(&project, coder)?;
            let r = ops::coding::import_jsonl(&mut store, &file)?;
            if r.snapped > 0 {
                eprintln!(
                    "note: {} moved out of a speaker label or timestamp to the speech",
                    count_as(r.snapped, "range", "ranges")
                );
            }
            writeln!(
                out,
                "imported {} from {} ({} already present)",
                count_as(r.added, "coding", "codings"),
                file.display(),
                r.already_present
            )?;
        }
        CodingsCommand::Reassign {
            project,
            from,
            to,
            doc,
        } => {
            let mut store = super::session::open(&project, None)?;
            let r = ops::coding::reassign(&mut store, &from, &to, doc.as_deref())?;
            let scope = doc
                .map(|d| format!(" in {}", one_line(&d)))
                .unwrap_or_default();
            writeln!(
                out,
                "moved {} from {} to {}{scope}",
                count_as(r.moved + r.merged, "coding", "codings"),
                one_line(&from),
                one_line(&to)
            )?;
            if r.merged > 0 {
                writeln!(
                    out,
                    "{} of them {} already coded alike by {}: kept once",
                    r.merged,
                    if r.merged == 1 { "was" } else { "were" },
                    one_line(&to)
                )?;
            }
        }
        CodingsCommand::List {
            project,
            json,
            doc,
            code,
            children,
            by,
        } => {
            let store = super::session::open(&project, None)?;
            if let Some(b) = &by {
                ops::export::filter::check_coders(&store, std::slice::from_ref(b))?;
            }
            let mut filter = CodingFilter {
                coder: by,
                ..Default::default()
            };
            if let Some(d) = doc {
                filter.document = Some(ops::documents::resolve(&store, &d)?);
            }
            if let Some(c) = code {
                let id = ops::coding::resolve_code(&store, &c)?;
                filter.codes = Some(if children {
                    ops::codebook::load(&store)?.subtree(&id)
                } else {
                    vec![id]
                });
            }
            let views = ops::coding::views(&store, &ops::coding::list(&store, &filter)?)?;
            if json {
                let v: Vec<_> = views
                    .iter()
                    .map(|c| {
                        let k = &c.coding;
                        serde_json::json!({"id": k.id, "doc": c.document, "code": c.code_path,
                            "coder": k.coder, "start": k.range.start, "end": k.range.end,
                            "text": c.text, "memo": k.memo})
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                for c in &views {
                    writeln!(
                        out,
                        "{:<28} {:>6}-{:<6} {:<28} {:<10} {}",
                        one_line(&c.document),
                        c.coding.range.start,
                        c.coding.range.end,
                        one_line(&c.code_path),
                        one_line(&c.coding.coder),
                        one_line(&c.text)
                    )?;
                }
            }
        }
    }
    Ok(())
}
