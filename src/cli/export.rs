//! `gloss export`: coded excerpts (or a codebook report) to a file, with
//! filters and pseudonymisation; one summary line on stdout, progress on
//! stderr when it is a terminal.

use crate::core::sanitize::one_line;
use crate::formats::export::{ExportFormat, WriteOptions};
use crate::ops::{
    self, export::ContextSpec, export::ExportFilter, export::ExportRequest, export::MemoSpec,
};
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project file (e.g. study.gloss).
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: FormatArg,
    /// Output file.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// The report's title (default: "Coded excerpts — PROJECT").
    #[arg(long)]
    pub title: Option<String>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Only excerpts of this code (id, path or unique name); repeatable.
    #[arg(long)]
    pub code: Vec<String>,
    /// With --code: leave the sub-codes' excerpts out.
    #[arg(long)]
    pub no_subcodes: bool,
    /// Only this document (id or unique name); repeatable.
    #[arg(long)]
    pub doc: Vec<String>,
    /// Only excerpts spoken by this speaker; repeatable.
    #[arg(long)]
    pub speaker: Vec<String>,
    /// Only speakers with this attribute, key=value; repeatable (same key:
    /// any of the values; different keys: all of them).
    #[arg(long = "where", value_name = "KEY=VALUE")]
    pub where_: Vec<String>,
    /// Only this coder's codings; repeatable.
    #[arg(long = "by", value_name = "CODER")]
    pub by: Vec<String>,
    /// Only the settled codings (coder `consensus`).
    #[arg(long)]
    pub consensus: bool,
    /// Only excerpts in turns a search query finds (same language as `gloss search`).
    #[arg(long)]
    pub query: Option<String>,
    /// Memos with the excerpts: `notes` (the coders' memos, without the
    /// `settled: …` notes of settling), `all`, or `none`.
    #[arg(long, default_value = "notes", value_name = "notes|all|none")]
    pub memos: MemoSpec,
    /// Context around each excerpt: a number of characters, or `turn`.
    #[arg(long, default_value = "200")]
    pub context: ContextSpec,
    /// Replacement map, CSV original,replacement[,category]: names replaced
    /// in text, context, speakers, documents and attributes.
    #[arg(long, value_name = "MAP.csv")]
    pub pseudonymize: Option<PathBuf>,
    /// CSV: start with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    /// XLSX: also one sheet per code.
    #[arg(long)]
    pub sheet_per_code: bool,
    /// Write the codebook report (definitions, use, examples, counts) as
    /// md, html or docx instead of the excerpts.
    #[arg(long)]
    pub codebook_report: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Xlsx,
    Md,
    Html,
    Docx,
    Json,
}

impl From<FormatArg> for ExportFormat {
    fn from(f: FormatArg) -> ExportFormat {
        match f {
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Xlsx => ExportFormat::Xlsx,
            FormatArg::Md => ExportFormat::Markdown,
            FormatArg::Html => ExportFormat::Html,
            FormatArg::Docx => ExportFormat::Docx,
            FormatArg::Json => ExportFormat::Json,
        }
    }
}

pub fn run(args: ExportArgs, coder: Option<&str>) -> anyhow::Result<()> {
    let store = super::session::open(&args.project, coder)?;
    if let Some(note) = ops::export::plaintext_note(&store) {
        eprintln!("note: {note}");
    }
    let attributes = args
        .where_
        .iter()
        .map(|w| ops::export::parse_where(w).map_err(|e| anyhow::anyhow!("--where {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let req = ExportRequest {
        format: args.format.into(),
        output: args.output,
        force: args.force,
        filter: ExportFilter {
            codes: args.code,
            subcodes: !args.no_subcodes,
            documents: args.doc,
            speakers: args.speaker,
            attributes,
            coders: args.by,
            consensus: args.consensus,
            query: args.query,
            memos: args.memos,
        },
        context: args.context,
        map: args.pseudonymize,
        options: WriteOptions {
            bom: args.bom,
            sheet_per_code: args.sheet_per_code,
        },
        codebook_report: args.codebook_report,
        title: args.title,
    };
    let tty = std::io::stderr().is_terminal();
    let mut last = std::time::Instant::now();
    let mut shown = false;
    let summary = ops::export::export(&store, &req, &mut |p| {
        if !tty || last.elapsed().as_millis() < 200 {
            return;
        }
        last = std::time::Instant::now();
        shown = true;
        let line = match p {
            ops::export::Progress::Reading(n, t) => format!("reading {n}/{t} codings"),
            ops::export::Progress::Writing(n, t) => format!("writing {n}/{t} excerpts"),
            ops::export::Progress::Checking => "checking the pseudonymisation".into(),
        };
        eprint!("\r\x1b[2K{line}");
    });
    if shown {
        eprint!("\r\x1b[2K");
    }
    let s = summary?;
    let what = if req.codebook_report {
        format!("{} codes", s.codes)
    } else {
        format!(
            "{} excerpt{} ({} code{})",
            s.excerpts,
            if s.excerpts == 1 { "" } else { "s" },
            s.codes,
            if s.codes == 1 { "" } else { "s" }
        )
    };
    let check = match &s.check {
        Some(c) => format!(
            "; pseudonymised with {} names, check passed: none left in the file",
            c.entries
        ),
        None => String::new(),
    };
    writeln!(
        std::io::stdout().lock(),
        "exported {what} to {}{check}",
        one_line(&s.output.display().to_string())
    )?;
    Ok(())
}
