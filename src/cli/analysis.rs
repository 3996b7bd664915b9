//! `gloss analysis …`: code frequencies, matrices, co-occurrence, word
//! frequencies, keyword in context and the codeline. Calls `ops::analysis`,
//! prints its JSON (`--json`) or a readable table that says the unit, the
//! coders and the sub-code rule, and writes the table with `-o`.

use crate::core::analysis::cooccurrence::CoUnit;
use crate::core::analysis::kwic::{KwicContext, KwicSort};
use crate::core::analysis::matrix::{CellUnit, Percent};
use crate::core::analysis::table::Table;
use crate::core::analysis::words::WordOptions;
use crate::core::sanitize::one_line;
use crate::ops::{self, analysis as an};
use clap::{Args, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Subcommand)]
pub enum AnalysisCommand {
    /// Per code: codings (passages), documents, participants, chars, words, coverage.
    Frequencies {
        project: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Codes × documents, participants, coders or an attribute's values.
    Matrix {
        project: PathBuf,
        /// documents, participants, coders or attribute:KEY (e.g. attribute:gender).
        #[arg(long, value_parser = an::parse_columns)]
        columns: crate::core::analysis::matrix::Columns,
        /// What a cell counts.
        #[arg(long, value_enum, default_value_t = UnitArg::Codings)]
        unit: UnitArg,
        /// Show shares: of the row's total, the column's total, or of the
        /// column's N of documents (participants with --unit participants).
        #[arg(long, value_enum)]
        percent: Option<PercentArg>,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Codes × codes: how often two codes occur together, and the c-coefficient.
    Cooccurrence {
        project: PathBuf,
        #[arg(long, value_enum, default_value_t = CoUnitArg::Pairs)]
        unit: CoUnitArg,
        /// Pairs: stretches that touch (end of one = start of the other) pair too.
        #[arg(long)]
        touching: bool,
        /// Pairs: stretches at most N chars apart pair too.
        #[arg(long)]
        within: Option<usize>,
        #[command(flatten)]
        filter: OwnFilterArgs,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// The most frequent words, over all speech or inside a code's passages.
    Words {
        project: PathBuf,
        /// Only words inside this code's passages (with its sub-codes unless --no-subcodes).
        #[arg(long)]
        code: Option<String>,
        /// Only words in codings of this coder (with --code); repeatable.
        #[arg(long = "by")]
        by: Vec<String>,
        /// With --code: only the consensus coder's codings.
        #[arg(long)]
        consensus: bool,
        /// With --code: only the code's own codings.
        #[arg(long)]
        no_subcodes: bool,
        #[arg(long)]
        doc: Vec<String>,
        /// Only speech of participants with this attribute (repeatable).
        #[arg(long = "where", value_parser = ops::export::parse_where)]
        where_: Vec<(String, String)>,
        /// One group per speaker name.
        #[arg(long, conflicts_with_all = ["by_attribute", "by_document"])]
        by_speaker: bool,
        /// One group per value of this participant attribute.
        #[arg(long, conflicts_with = "by_document")]
        by_attribute: Option<String>,
        /// One group per document.
        #[arg(long)]
        by_document: bool,
        /// fr, en, sw (shipped), another language with a list in the config
        /// folder, none, or a FILE of words (one a line). Default: each
        /// document's language's list.
        #[arg(long)]
        stopwords: Option<an::stopwords::StopSpec>,
        #[arg(long, default_value_t = 1)]
        min_length: usize,
        #[arg(long)]
        keep_accents: bool,
        /// Keep numbers (dropped by default).
        #[arg(long)]
        numbers: bool,
        /// Words shown per group.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Keyword in context: every occurrence of a search query, left | keyword | right.
    Kwic {
        project: PathBuf,
        /// The search query language (words, "a phrase", OR, NOT, prefix*, speaker:, doc:, code:).
        query: String,
        /// Words of context on each side, or `turn` for the whole turn.
        #[arg(long, default_value = "8")]
        context: String,
        /// Sort by the first word left or right of the keyword (default: position).
        #[arg(long, value_enum)]
        sort: Option<SortArg>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// One document: turns across, codes down, a mark where a code touches a turn.
    Codeline {
        project: PathBuf,
        /// Document id, name or unique part of its name.
        #[arg(id = "document", value_name = "DOC")]
        document: String,
        #[command(flatten)]
        filter: OwnFilterArgs,
        #[command(flatten)]
        out: OutputArgs,
    },
}

/// The filters of frequencies and matrices (sub-codes included by default).
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this code as a row (id, path or unique name); repeatable.
    #[arg(long)]
    code: Vec<String>,
    /// Count each code's own codings only (default: with its sub-codes').
    #[arg(long)]
    no_subcodes: bool,
    /// Only this coder's codings (repeatable; default: every coder's, pooled).
    #[arg(long = "by")]
    by: Vec<String>,
    /// Only the codings of the coder `consensus`.
    #[arg(long)]
    consensus: bool,
    /// Only this document (repeatable).
    #[arg(long)]
    doc: Vec<String>,
    /// Only codings overlapping a turn of a participant with KEY=VALUE (repeatable).
    #[arg(long = "where", value_parser = ops::export::parse_where)]
    where_: Vec<(String, String)>,
}

impl FilterArgs {
    fn filter(&self) -> an::AnalysisFilter {
        an::AnalysisFilter {
            codes: self.code.clone(),
            subcodes: !self.no_subcodes,
            coders: self.by.clone(),
            consensus: self.consensus,
            documents: self.doc.clone(),
            attributes: self.where_.clone(),
        }
    }
}

/// The filters of co-occurrence and the codeline (own codings by default).
#[derive(Debug, Args)]
pub struct OwnFilterArgs {
    /// Only this code (id, path or unique name); repeatable.
    #[arg(long)]
    code: Vec<String>,
    /// Include each code's sub-codes' codings (default: its own only).
    #[arg(long)]
    subcodes: bool,
    /// Only this coder's codings (repeatable; default: every coder's, combined per code).
    #[arg(long = "by")]
    by: Vec<String>,
    /// Only the codings of the coder `consensus`.
    #[arg(long)]
    consensus: bool,
    /// Only this document (repeatable).
    #[arg(long)]
    doc: Vec<String>,
    /// Only codings overlapping a turn of a participant with KEY=VALUE (repeatable).
    #[arg(long = "where", value_parser = ops::export::parse_where)]
    where_: Vec<(String, String)>,
}

impl OwnFilterArgs {
    fn filter(&self) -> an::AnalysisFilter {
        an::AnalysisFilter {
            codes: self.code.clone(),
            subcodes: self.subcodes,
            coders: self.by.clone(),
            consensus: self.consensus,
            documents: self.doc.clone(),
            attributes: self.where_.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Write the table to OUT.csv or OUT.xlsx.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Replace the -o file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    Codings,
    Documents,
    Participants,
    Chars,
    Words,
    Presence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PercentArg {
    Row,
    Column,
    ColumnN,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoUnitArg {
    Pairs,
    Regions,
    Turns,
    Documents,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Left,
    Right,
}

/// Prints `value` as JSON, or the table; writes the table with `-o`.
fn emit<T: serde::Serialize>(
    store: &ops::Store,
    out: &OutputArgs,
    value: &T,
    table: &Table,
) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if let Some(path) = &out.output {
        if let Some(note) = ops::export::plaintext_note(store) {
            eprintln!("note: {note}");
        }
        an::tables::write(store, table, path, out.force)?;
        if out.json {
            writeln!(stdout, "{}", serde_json::to_string_pretty(value)?)?;
        } else {
            writeln!(
                stdout,
                "wrote {} to {}",
                one_line(&table.title),
                path.display()
            )?;
        }
        return Ok(());
    }
    if out.json {
        writeln!(stdout, "{}", serde_json::to_string_pretty(value)?)?;
    } else {
        print_table(&mut stdout, table)?;
    }
    Ok(())
}

/// A table for people: title, its notes, then aligned columns (figures on
/// the right).
pub fn print_table(out: &mut impl Write, t: &Table) -> std::io::Result<()> {
    let bold = std::io::stdout().is_terminal();
    if bold {
        writeln!(out, "\x1b[1m{}\x1b[0m", one_line(&t.title))?;
    } else {
        writeln!(out, "{}", one_line(&t.title))?;
    }
    for n in &t.notes {
        writeln!(out, "  {}", one_line(n))?;
    }
    writeln!(out)?;
    let cells: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|v| one_line(&v.display())).collect())
        .collect();
    let header: Vec<String> = t.header.iter().map(|h| one_line(h)).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.width());
            }
        }
    }
    let numeric: Vec<bool> = (0..widths.len())
        .map(|i| {
            t.rows
                .iter()
                .all(|r| r.get(i).is_none_or(|v| v.is_numeric()))
                && i > 0
        })
        .collect();
    let line = |cols: &[String]| -> String {
        cols.iter()
            .enumerate()
            .map(|(i, c)| {
                let fill = " ".repeat(widths[i].saturating_sub(c.width()));
                if numeric[i] {
                    format!("{fill}{c}")
                } else {
                    format!("{c}{fill}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(&header))?;
    for r in &cells {
        writeln!(out, "{}", line(r))?;
    }
    Ok(())
}

pub fn run(cmd: AnalysisCommand) -> anyhow::Result<()> {
    match cmd {
        AnalysisCommand::Frequencies {
            project,
            filter,
            out,
        } => {
            let store = super::session::open(&project, None)?;
            let r = an::frequencies(&store, &filter.filter())?;
            emit(&store, &out, &r, &an::tables::frequencies(&r))
        }
        AnalysisCommand::Matrix {
            project,
            columns,
            unit,
            percent,
            filter,
            out,
        } => {
            let store = super::session::open(&project, None)?;
            let unit = match unit {
                UnitArg::Codings => CellUnit::Codings,
                UnitArg::Documents => CellUnit::Documents,
                UnitArg::Participants => CellUnit::Participants,
                UnitArg::Chars => CellUnit::Chars,
                UnitArg::Words => CellUnit::Words,
                UnitArg::Presence => CellUnit::Presence,
            };
            let percent = percent.map(|p| match p {
                PercentArg::Row => Percent::Row,
                PercentArg::Column => Percent::Column,
                PercentArg::ColumnN => Percent::ColumnN,
            });
            let r = an::matrix(&store, &filter.filter(), &columns, unit, percent)?;
            emit(&store, &out, &r, &an::tables::matrix(&r))
        }
        AnalysisCommand::Cooccurrence {
            project,
            unit,
            touching,
            within,
            filter,
            out,
        } => {
            let store = super::session::open(&project, None)?;
            let unit = match unit {
                CoUnitArg::Pairs => CoUnit::Pairs,
                CoUnitArg::Regions => CoUnit::Regions,
                CoUnitArg::Turns => CoUnit::Turns,
                CoUnitArg::Documents => CoUnit::Documents,
            };
            let r = an::cooccurrence(&store, &filter.filter(), unit, touching, within)?;
            emit(&store, &out, &r, &an::tables::cooccurrence(&r))
        }
        AnalysisCommand::Words {
            project,
            code,
            by,
            consensus,
            no_subcodes,
            doc,
            where_,
            by_speaker,
            by_attribute,
            by_document,
            stopwords,
            min_length,
            keep_accents,
            numbers,
            limit,
            out,
        } => {
            let store = super::session::open(&project, None)?;
            let req = an::WordsRequest {
                filter: an::AnalysisFilter {
                    codes: code.into_iter().collect(),
                    subcodes: !no_subcodes,
                    coders: by,
                    consensus,
                    documents: doc,
                    attributes: where_,
                },
                by: match (by_speaker, by_attribute, by_document) {
                    (true, _, _) => an::WordsBy::Speaker,
                    (_, Some(k), _) => an::WordsBy::Attribute(k),
                    (_, _, true) => an::WordsBy::Document,
                    _ => an::WordsBy::All,
                },
                stopwords: stopwords.unwrap_or_default(),
                options: WordOptions {
                    keep_accents,
                    numbers,
                    min_length,
                },
                limit: Some(limit),
            };
            let r = an::words(&store, &req)?;
            emit(&store, &out, &r, &an::tables::words(&r))
        }
        AnalysisCommand::Kwic {
            project,
            query,
            context,
            sort,
            out,
        } => {
            let store = super::session::open(&project, None)?;
            let context = match context.trim() {
                "turn" => KwicContext::Turn,
                n => KwicContext::Words(n.parse().map_err(|_| {
                    anyhow::anyhow!("--context {:?}: a number of words or `turn`", one_line(n))
                })?),
            };
            let sort = match sort {
                None => KwicSort::Position,
                Some(SortArg::Left) => KwicSort::Left,
                Some(SortArg::Right) => KwicSort::Right,
            };
            let show = std::io::stderr().is_terminal();
            let rows = an::kwic(&store, &query, context, sort, &mut |done, total| {
                if show && total > 0 {
                    eprint!("\rindexing {done}/{total} turns");
                    if done >= total {
                        eprintln!();
                    }
                }
            })?;
            let table = an::tables::kwic(&query, &rows);
            if out.json || out.output.is_some() {
                return emit(&store, &out, &rows, &table);
            }
            print_kwic(&query, &rows)?;
            Ok(())
        }
        AnalysisCommand::Codeline {
            project,
            document,
            filter,
            out,
        } => {
            let store = super::session::open(&project, None)?;
            let r = an::codeline(&store, &document, &filter.filter())?;
            emit(&store, &out, &r, &an::tables::codeline(&r))
        }
    }
}

/// `s` cut to `w` columns from the left (`…` where cut) — for the left context.
fn tail(s: &str, w: usize) -> String {
    if s.width() <= w {
        return format!("{}{s}", " ".repeat(w - s.width()));
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out.reverse();
    let t: String = out.into_iter().collect();
    format!("{}{t}", " ".repeat(w.saturating_sub(t.width())))
}

/// `s` cut to `w` columns on the right.
fn head(s: &str, w: usize) -> String {
    if s.width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 1;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out
}

fn print_kwic(query: &str, rows: &[an::KwicRow]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Keyword in context: {} — {} occurrences",
        one_line(query),
        rows.len()
    )?;
    for r in rows {
        writeln!(
            out,
            "{:<28} {:>4} {:<12} {} [{}] {}",
            head(&one_line(&r.doc), 28),
            r.turn,
            head(&one_line(r.speaker.as_deref().unwrap_or("")), 12),
            tail(&one_line(&r.left), 40),
            one_line(&r.keyword),
            head(&one_line(&r.right), 40)
        )?;
    }
    Ok(())
}
