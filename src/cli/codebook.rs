//! `gloss codebook import|export|list`.

use crate::core::sanitize::one_line;
use crate::formats::codebook::CodebookFormat;
use crate::ops;
use clap::{Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Import a codebook file, merging it into the project's codebook: codes
    /// are matched by guid (.qdc) then by path (parent/child), updated or
    /// added, never deleted. All or nothing.
    Import {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Codebook: .yaml/.yml, .toml, .csv, .qdc (REFI-QDA) or .qdpx
        /// (the codebook of a REFI-QDA project).
        file: PathBuf,
    },
    /// Export the project's codebook.
    Export {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the codes of the project.
    List {
        /// The project file (e.g. study.gloss).
        project: PathBuf,
        /// Print JSON: [{"id","name","parent","color","shortcut","definition",
        /// "when_to_use","when_not_to_use","example"}].
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The YAML format of `codebooks/`.
    Yaml,
    /// One row per code; `parent` holds the parent's path.
    Csv,
    /// REFI-QDA codebook (NVivo, ATLAS.ti, MAXQDA, QualCoder...).
    Qdc,
    /// A readable codebook document.
    Md,
}

pub fn run(cmd: CodebookCommand, coder: Option<&str>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        CodebookCommand::Import { project, file } => {
            let mut store = super::session::open(&project, coder)?;
            let r = ops::codebook::import_file(&mut store, &file)?;
            writeln!(
                out,
                "codebook {}: {} added, {} updated, {} unchanged",
                one_line(&file.display().to_string()),
                r.added.len(),
                r.updated.len(),
                r.unchanged
            )?;
            for p in &r.added {
                writeln!(out, "  added {}", one_line(p))?;
            }
            for p in &r.updated {
                writeln!(out, "  updated {}", one_line(p))?;
            }
            for w in &r.warnings {
                writeln!(out, "  warning: {}", one_line(w))?;
            }
        }
        CodebookCommand::Export {
            project,
            format,
            output,
            force,
        } => {
            let store = super::session::open(&project, coder)?;
            let format = match format {
                ExportFormat::Yaml => CodebookFormat::Yaml,
                ExportFormat::Csv => CodebookFormat::Csv,
                ExportFormat::Qdc => CodebookFormat::Qdc,
                ExportFormat::Md => CodebookFormat::Markdown,
            };
            if let Some(note) = ops::export::plaintext_note(&store) {
                eprintln!("note: {note}");
            }
            let n = ops::codebook::export(&store, format, &output, force)?;
            writeln!(
                out,
                "exported {n} codes to {}",
                one_line(&output.display().to_string())
            )?;
        }
        CodebookCommand::List { project, json } => {
            let store = super::session::open(&project, coder)?;
            let codes = ops::codebook::list(&store)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&codes)?)?;
            } else {
                let book = crate::core::codebook::Codebook::new(codes);
                for (i, c) in book.codes().iter().enumerate() {
                    let indent = "  ".repeat(book.depth_at(i));
                    writeln!(out, "{indent}{}", one_line(&c.name))?;
                }
            }
        }
    }
    Ok(())
}
