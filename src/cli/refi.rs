//! `gloss refi export|import`: REFI-QDA project exchange (.qdpx).

use crate::core::sanitize::one_line;
use crate::formats::refi::positions::Unit;
use crate::ops;
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RefiCommand {
    /// Write the whole project (documents, codebook, codings, coders, memos,
    /// participants) as a REFI-QDA .qdpx for NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Export {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// The .qdpx to write.
        output: PathBuf,
        /// Unit of text positions: code points (the standard) or UTF-16 units
        /// (what NVivo and QualCoder expect; differs only after emoji).
        #[arg(long, value_enum, default_value = "codepoints")]
        positions: Positions,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Bring a REFI-QDA .qdpx (NVivo, ATLAS.ti, MAXQDA, QualCoder...) into
    /// the project: text sources, codebook, codings, coders, notes,
    /// case variables. All or nothing.
    Import {
        /// The .qdpx to read.
        input: PathBuf,
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Skip text sources whose file is missing from the archive instead
        /// of refusing the import.
        #[arg(long)]
        skip_missing: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Positions {
    Codepoints,
    Utf16,
}

pub fn run(cmd: RefiCommand, coder: Option<&str>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        RefiCommand::Export {
            project,
            output,
            positions,
            force,
        } => {
            let store = super::session::open(&project, coder)?;
            let unit = match positions {
                Positions::Codepoints => Unit::CodePoints,
                Positions::Utf16 => Unit::Utf16,
            };
            if let Some(note) = ops::export::plaintext_note(&store) {
                eprintln!("note: {note}");
            }
            let r = ops::refi::export(&store, &output, unit, force)?;
            writeln!(
                out,
                "exported {} documents, {} codes, {} codings by {} coders, {} memos, {} cases with {} variables to {} (positions in {})",
                r.documents,
                r.codes,
                r.codings,
                r.coders,
                r.notes,
                r.cases,
                r.variables,
                one_line(&output.display().to_string()),
                r.positions
            )?;
            if unit == Unit::CodePoints && !r.non_bmp_documents.is_empty() {
                writeln!(
                    out,
                    "  note: {} document(s) contain emoji or other characters above U+FFFF; NVivo and QualCoder count those as 2 — use --positions utf16 for them",
                    r.non_bmp_documents.len()
                )?;
            }
        }
        RefiCommand::Import {
            input,
            project,
            skip_missing,
            json,
        } => {
            let mut store = super::session::open(&project, coder)?;
            let r = ops::refi::import(
                &mut store,
                &input,
                ops::refi::ImportOptions { skip_missing },
            )?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
                return Ok(());
            }
            writeln!(
                out,
                "imported {} from {:?}: {} documents added ({} already here), {} codes added ({} matched), {} codings added ({} already here) by {} coders, {} memos, {} participants with attributes; positions read as {}",
                one_line(&input.display().to_string()),
                one_line(&r.origin),
                r.documents_added.len(),
                r.documents_existing.len(),
                r.codes_added,
                r.codes_matched,
                r.codings_added,
                r.codings_already_present,
                r.coders.len(),
                r.memos,
                r.participants_updated,
                r.positions
            )?;
            for d in &r.documents_added {
                writeln!(out, "  added {}", one_line(d))?;
            }
            for (src, here) in &r.documents_existing {
                writeln!(
                    out,
                    "  {} is already here as {}",
                    one_line(src),
                    one_line(here)
                )?;
            }
            for s in &r.skipped {
                writeln!(out, "  skipped: {}", one_line(s))?;
            }
            for w in &r.warnings {
                writeln!(out, "  warning: {}", one_line(w))?;
            }
        }
    }
    Ok(())
}
