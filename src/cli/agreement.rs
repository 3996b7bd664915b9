//! `gloss agreement` and `gloss merge`: call `ops`, print JSON or a table
//! (coloured only when stdout is a terminal).

use crate::core::plural::count_as;
use crate::core::sanitize::one_line;
use crate::ops::agreement::table::{self, Level, Verdict};
use crate::ops::{self, agreement::Unit};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// The project file (e.g. study.gloss).
    pub project: PathBuf,
    /// Print the whole report as one JSON document.
    #[arg(long)]
    pub json: bool,
    /// Coders to compare, comma-separated (default: every coder with
    /// codings except `consensus`, in name order).
    #[arg(long, value_delimiter = ',')]
    pub coders: Option<Vec<String>>,
    /// Only this code (id, path or unique name); repeatable. Default: every code.
    #[arg(long)]
    pub code: Vec<String>,
    /// Unit of agreement: characters, or speaker turns.
    #[arg(long, value_enum, default_value_t = UnitArg::Char)]
    pub unit: UnitArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    Char,
    Turn,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The project to merge into (e.g. lead.gloss).
    pub project: PathBuf,
    /// Project files of the other coders.
    #[arg(required = true)]
    pub others: Vec<PathBuf>,
    /// Print the merge report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `s` padded to `w` terminal columns, on the left or the right.
fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(s.width()));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

pub fn agreement(args: AgreementArgs) -> anyhow::Result<()> {
    let store = super::session::open(&args.project, None)?;
    let unit = match args.unit {
        UnitArg::Char => Unit::Char,
        UnitArg::Turn => Unit::Turn,
    };
    let codes = (!args.code.is_empty()).then_some(args.code.as_slice());
    let report = ops::agreement::report(&store, args.coders.as_deref(), codes, unit)?;
    for n in &report.notes {
        eprintln!("note: {}", one_line(n));
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    let color = std::io::stdout().is_terminal();
    let paint = |s: String, v: Verdict| -> String {
        if !color {
            return s;
        }
        let code = match v {
            Verdict::Good => "32",
            Verdict::Tentative => "33",
            Verdict::Poor => "31",
            Verdict::Undefined(_) => "2",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    };
    let unit_name = match unit {
        Unit::Char => "characters",
        Unit::Turn => "turns",
    };
    writeln!(
        out,
        "coders: {} · {} {} per code",
        table::numbered_coders(&report.coders),
        report.n_units,
        unit_name
    )?;
    // The same rows, labels and n/a rule as the agreement screen.
    let (mean, n_mean) = table::mean_row(&report);
    let mut rows: Vec<(String, table::Row)> = report
        .codes
        .iter()
        .filter_map(|c| {
            report
                .per_code
                .get(c)
                .map(|b| (one_line(c), table::row(b, Level::Code)))
        })
        .collect();
    let body = rows.len();
    rows.push((
        "pooled".into(),
        table::row(&report.overall.pooled, Level::Pooled),
    ));
    rows.push((table::mean_label(n_mean), mean));
    let cells = |r: &table::Row| -> Vec<String> {
        let mut c = vec![
            r.agree.clone(),
            r.fleiss.clone(),
            r.alpha.clone(),
            r.verdict.label().to_string(),
            r.coded.clone(),
        ];
        for (k, w) in &r.pairs {
            c.push(k.clone());
            c.push(w.clone());
        }
        c
    };
    let mut header: Vec<String> = vec!["code".into()];
    header.extend(table::HEADERS.iter().map(|h| h.to_string()));
    for (k, w) in table::pair_headers(report.coders.len(), Level::Code) {
        header.push(k);
        header.push(w);
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for (name, r) in &rows {
        widths[0] = widths[0].max(name.width());
        for (j, c) in cells(r).iter().enumerate() {
            if let Some(w) = widths.get_mut(j + 1) {
                *w = (*w).max(c.width());
            }
        }
    }
    // Numbers right-aligned; the name and the verdict on the left.
    let line = |cols: &[String]| -> String {
        cols.iter()
            .enumerate()
            .map(|(j, c)| pad(c, widths[j], j != 0 && j != 4))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header))?;
    for (i, (name, r)) in rows.iter().enumerate() {
        if i == body {
            writeln!(
                out,
                "{}",
                "─".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1))
            )?;
        }
        let mut cols = vec![name.clone()];
        cols.extend(cells(r));
        writeln!(out, "{}", paint(line(&cols), r.verdict))?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        table::legend_line(Level::Code, unit_name, report.overall.pooled.pairs.len())
    )?;
    Ok(())
}

/// `their`: the other files' own passphrases (several coders' files may
/// each have their own). Each encrypted file is opened with the first of
/// them that opens it, else the project's own passphrase, else one asked
/// for that file on the terminal. Passphrases of theirs given while none
/// of the files is encrypted are refused, saying so.
pub fn merge(
    args: MergeArgs,
    coder: Option<&str>,
    their: &[ops::project::Key],
) -> anyhow::Result<()> {
    let mut store = super::session::open(&args.project, coder)?;
    let mut keys = their.to_vec();
    keys.extend(store.project().key().cloned());
    let dirs = store.project().dirs().clone();
    let mut others = Vec::with_capacity(args.others.len());
    for other in &args.others {
        others.push(ops::project::locate_other(
            other,
            &dirs,
            &keys,
            &super::passphrase::ask_for,
        )?);
    }
    if !their.is_empty() && others.iter().all(|o| o.key().is_none()) {
        if let Some(first) = args.others.first() {
            return Err(ops::project::StoreError::TheirsNotEncrypted {
                path: first.clone(),
            }
            .into());
        }
    }
    let reports = ops::merge::merge(&mut store, &others)?;
    let mut out = std::io::stdout().lock();
    // The sign of a file copied with `cp`: warned on stderr, JSON or not.
    for r in &reports {
        if r.codings_under_own_coder > 0 {
            let f = one_line(&r.file.display().to_string());
            eprintln!(
                "warning: {f}: {} recorded under {}, this project's own current coder — \
                 was it copied with cp instead of `gloss copy`? If they are another \
                 coder's, run `gloss codings reassign {f} --from {} --to NAME` and merge \
                 it again (their coder is then updated here)",
                count_as(r.codings_under_own_coder, "coding is", "codings are"),
                one_line(&r.own_coder),
                one_line(&r.own_coder),
            );
        }
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&reports)?)?;
        return Ok(());
    }
    for r in &reports {
        writeln!(
            out,
            "{}: {} added ({} already here{}), {} memos, coders: {}",
            one_line(&r.file.display().to_string()),
            count_as(r.codings_added, "coding", "codings"),
            r.codings_already_present,
            if r.codings_coder_updated > 0 {
                format!(", {} with their coder updated", r.codings_coder_updated)
            } else {
                String::new()
            },
            r.memos_added,
            one_line(&r.coders.join(", "))
        )?;
        writeln!(
            out,
            "  documents: {} matched (by id, import hash or current text){}",
            r.documents_matched,
            if r.documents_unmatched.is_empty() {
                String::new()
            } else {
                format!(", {} not in this project", r.documents_unmatched.len())
            }
        )?;
        for (there, here) in &r.documents_renamed {
            writeln!(
                out,
                "    {:?} is {:?} here",
                one_line(there),
                one_line(here)
            )?;
        }
        for d in &r.documents_unmatched {
            writeln!(
                out,
                "    unmatched document {:?}: import the same file here first",
                one_line(d)
            )?;
        }
        if r.codings_skipped > 0 {
            writeln!(
                out,
                "    {} codings of unmatched documents left out",
                r.codings_skipped
            )?;
        }
        for d in &r.revisions {
            writeln!(
                out,
                "    {:?} (matched by {}, their revision {}, ours {}): positions by {}{}; {} codings mapped, {} orphaned (gloss review)",
                one_line(&d.document),
                d.matched_by,
                d.their_revision,
                d.our_revision,
                d.mapping,
                match d.common_revision {
                    Some(c) if d.mapping == "edit log" => format!(" from common revision {c}"),
                    _ => String::new(),
                },
                d.codings_mapped,
                d.codings_orphaned
            )?;
            if d.edits_applied > 0 || d.edits_same > 0 {
                writeln!(
                    out,
                    "      {} of their edits applied{}{}",
                    d.edits_applied,
                    d.revision
                        .map(|v| format!(" as revision {v}"))
                        .unwrap_or_default(),
                    if d.edits_same > 0 {
                        format!(", {} made alike on both sides", d.edits_same)
                    } else {
                        String::new()
                    }
                )?;
            }
            if d.turn_edits_applied {
                writeln!(
                    out,
                    "      their turn edits (split, join, speaker, time) applied: the turns are theirs"
                )?;
            }
            if d.turn_edits_not_merged {
                writeln!(
                    out,
                    "      both copies split, joined or re-assigned turns: none of their edits applied (turns are not merged; make those edits here), their codings placed on their words"
                )?;
            }
            for c in &d.conflicts {
                writeln!(
                    out,
                    "      conflict at {}: ours {:?} kept, theirs {:?} not applied (was {:?})",
                    c.at,
                    one_line(&c.ours),
                    one_line(&c.theirs),
                    one_line(&c.base)
                )?;
            }
        }
        writeln!(
            out,
            "  codes: {} matched by id, {} by path, {} created",
            r.codes_matched_by_id,
            r.codes_matched_by_path,
            r.codes_created.len()
        )?;
        for c in &r.codes_created {
            writeln!(
                out,
                "    created code {:?} (not in this codebook)",
                one_line(c)
            )?;
        }
    }
    Ok(())
}
