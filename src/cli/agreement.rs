//! `gloss agreement` and `gloss merge`: call `ops`, print JSON or a table
//! (coloured only when stdout is a terminal).

use crate::core::plural::count_as;
use crate::core::sanitize::one_line;
use crate::ops::{self, agreement::Unit};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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

/// Krippendorff's guidance: α ≥ 0.800 good, ≥ 0.667 tentative, else poor.
pub fn verdict(alpha: Option<f64>) -> &'static str {
    match alpha {
        None => "n/a",
        Some(a) if a >= 0.8 => "good",
        Some(a) if a >= 0.667 => "tentative",
        Some(_) => "poor",
    }
}

fn num(v: Option<f64>) -> String {
    crate::core::agreement::format_stat(v)
}

pub fn agreement(args: AgreementArgs) -> anyhow::Result<()> {
    let store = ops::project::open(&args.project, None)?;
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
    let paint = |s: String, alpha: Option<f64>| -> String {
        if !color {
            return s;
        }
        let code = match verdict(alpha) {
            "good" => "32",
            "tentative" => "33",
            "poor" => "31",
            _ => "2",
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
        one_line(&report.coders.join(", ")),
        report.n_units,
        unit_name
    )?;
    let w = report
        .codes
        .iter()
        .map(|c| one_line(c).chars().count())
        .chain(
            report
                .coders
                .iter()
                .map(|c| one_line(c).chars().count() * 2 + 3),
        )
        .max()
        .unwrap_or(0)
        .max(14);
    writeln!(
        out,
        "{:<w$} {:>8} {:>8} {:>8} {:>8}  verdict",
        "code", "agree%", "fleiss", "alpha", "coded"
    )?;
    let row = |name: &str, b: &ops::agreement::Block| -> String {
        let coded: i128 = b.agreement_histogram.iter().skip(1).sum();
        let why = if b.krippendorff_alpha.is_none() {
            if b.n_units == 0 {
                " (no units)"
            } else if coded == 0 {
                " (nobody coded it)"
            } else {
                " (no variation)"
            }
        } else {
            ""
        };
        format!(
            "{:<w$} {:>8} {:>8} {:>8} {:>8}  {}{}",
            one_line(name),
            b.percent_agreement
                .map_or_else(|| "n/a".into(), |p| format!("{:.2}", p * 100.0)),
            num(b.fleiss_kappa),
            num(b.krippendorff_alpha),
            coded,
            verdict(b.krippendorff_alpha),
            why
        )
    };
    for code in &report.codes {
        if let Some(b) = report.per_code.get(code) {
            writeln!(out, "{}", paint(row(code, b), b.krippendorff_alpha))?;
        }
    }
    let pooled = &report.overall.pooled;
    writeln!(
        out,
        "{}",
        paint(row("(pooled)", pooled), pooled.krippendorff_alpha)
    )?;
    let mm = &report.overall.macro_mean;
    writeln!(
        out,
        "{:<w$} {:>8} {:>8} {:>8}           over {}/{}/{} codes",
        "(macro mean)",
        mm.percent_agreement
            .map_or_else(|| "n/a".into(), |p| format!("{:.2}", p * 100.0)),
        num(mm.fleiss_kappa),
        num(mm.krippendorff_alpha),
        mm.defined_counts.percent_agreement,
        mm.defined_counts.fleiss_kappa,
        mm.defined_counts.krippendorff_alpha
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<w$} {:>8} {:>8} {:>8}",
        "pair (pooled)", "agree%", "kappa", "nvivo κw"
    )?;
    for (p, mp) in pooled.pairs.iter().zip(&mm.pairs) {
        writeln!(
            out,
            "{:<w$} {:>8} {:>8} {:>8}",
            one_line(&format!("{} × {}", p.coders.first(), p.coders.second())),
            p.percent_agreement
                .map_or_else(|| "n/a".into(), |x| format!("{:.2}", x * 100.0)),
            num(p.cohen_kappa),
            num(mp.nvivo_weighted_kappa)
        )?;
    }
    Ok(())
}

pub fn merge(args: MergeArgs, coder: Option<&str>) -> anyhow::Result<()> {
    let mut store = ops::project::open(&args.project, coder)?;
    let reports = ops::merge::merge(&mut store, &args.others)?;
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
            "  documents: {} matched by content{}",
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
