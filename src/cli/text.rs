//! Correcting transcripts from the command line (issue 12): `gloss edit`,
//! `history`, `review`, `turns`, `docs rename|delete`, `participants rename`.

use crate::core::sanitize::one_line;
use crate::core::SegmentId;
use crate::ops::{self, text::DocText};
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The project file (e.g. study.gloss).
    pub project: PathBuf,
    /// Document id or unique name.
    pub doc: String,
    /// First char offset replaced (inclusive).
    #[arg(long, requires = "end", conflicts_with = "script")]
    pub start: Option<usize>,
    /// Char offset after the last replaced char (exclusive).
    #[arg(long, requires = "start")]
    pub end: Option<usize>,
    /// The replacement text (empty deletes).
    #[arg(long, requires = "start")]
    pub text: Option<String>,
    /// JSON lines, one {"start","end","text"} each, in the offsets of the
    /// text as the previous line left it; all lines are one revision, all
    /// or nothing.
    #[arg(long)]
    pub script: Option<PathBuf>,
    /// Print JSON: {"document","revision","start","end","removed","inserted",
    /// "codings_moved","codings_orphaned":[ids]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TurnsArgs {
    #[command(subcommand)]
    pub command: Option<TurnsCommand>,
    /// The project file (e.g. study.gloss).
    pub project: Option<PathBuf>,
    /// Document id or unique name.
    pub doc: Option<String>,
    /// Print JSON: [{"turn","start","end","speaker","start_ms","end_ms","verified"}].
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TurnsCommand {
    /// Split the turn holding char offset POS there (same speaker).
    Split {
        project: PathBuf,
        doc: String,
        #[arg(long)]
        at: usize,
    },
    /// Join turn TURN to the turn before it.
    Join {
        project: PathBuf,
        doc: String,
        turn: i64,
    },
    /// Give turn TURN to speaker NAME (its label is rewritten).
    Speaker {
        project: PathBuf,
        doc: String,
        turn: i64,
        name: String,
    },
    /// Set turn TURN's start time (HH:MM:SS[.mmm]; its stamp is rewritten).
    Time {
        project: PathBuf,
        doc: String,
        turn: i64,
        time: String,
    },
    /// Mark turn TURN verified (listened to against the recording), or
    /// unverified with --not.
    Verify {
        project: PathBuf,
        doc: String,
        turn: i64,
        #[arg(long)]
        not: bool,
    },
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    #[command(subcommand)]
    pub command: Option<DocsCommand>,
    /// The project file (e.g. study.gloss).
    pub project: Option<PathBuf>,
    /// Print JSON: [{"id","name","chars","segments","speakers","language"}].
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Rename a document.
    Rename {
        project: PathBuf,
        doc: String,
        name: String,
    },
    /// Delete a document with its turns, codings and memos.
    Delete { project: PathBuf, doc: String },
}

fn loaded(store: &ops::Store, doc: &str) -> anyhow::Result<DocText> {
    let id = ops::documents::resolve(store, doc)?;
    Ok(ops::text::load(store, &id)?)
}

/// `gloss edit`.
pub fn edit(args: EditArgs, coder: Option<&str>) -> anyhow::Result<()> {
    let mut store = super::session::open(&args.project, coder)?;
    let dt = loaded(&store, &args.doc)?;
    let plan = match (&args.script, args.start, args.end) {
        (Some(file), _, _) => {
            let steps = read_script(file)?;
            ops::text::plan_script(&store, &dt, &steps)?
        }
        (None, Some(s), Some(e)) => {
            let text = args.text.clone().unwrap_or_default();
            ops::text::plan_replace(&store, &dt, s, e, &text)?
        }
        _ => anyhow::bail!("edit: give --start, --end and --text, or --script EDITS.jsonl"),
    };
    let mut editor = ops::edit::Editor::default();
    let r = ops::text::perform(
        &mut store,
        &mut editor,
        &dt,
        crate::core::history::Change::EditText(Box::new(plan)),
    )?;
    report(&r, args.json)
}

fn report(r: &ops::text::EditReport, json: bool) -> anyhow::Result<()> {
    if json {
        outln!("{}", serde_json::to_string_pretty(r)?);
        return Ok(());
    }
    outln!(
        "{} revision {}: {}..{} replaced {:?} with {:?}; {} changed, {} orphaned",
        one_line(&r.document),
        r.revision,
        r.start,
        r.end,
        one_line(&r.removed),
        one_line(&r.inserted),
        crate::core::plural::count_as(r.codings_moved, "coding", "codings"),
        r.codings_orphaned.len()
    );
    if !r.codings_orphaned.is_empty() {
        outln!("the orphaned codings wait in `gloss review` (their text is kept)");
    }
    Ok(())
}

fn read_script(file: &Path) -> anyhow::Result<Vec<(usize, usize, String)>> {
    let raw = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), ops::files::io_reason(&e)))?;
    let mut out = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}: line {}: not JSON: {e}", file.display(), i + 1))?;
        let num = |k: &str| {
            v.get(k)
                .and_then(|x| x.as_u64())
                .map(|x| x as usize)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: line {}: {k:?} must be a char offset",
                        file.display(),
                        i + 1
                    )
                })
        };
        let text = v.get("text").and_then(|x| x.as_str()).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: line {}: \"text\" must be a string",
                file.display(),
                i + 1
            )
        })?;
        out.push((num("start")?, num("end")?, text.to_string()));
    }
    if out.is_empty() {
        anyhow::bail!("{}: no edits in the file", file.display());
    }
    Ok(out)
}

/// `gloss history PROJECT DOC`.
pub fn history(project: &Path, doc: &str, json: bool) -> anyhow::Result<()> {
    let store = super::session::open(project, None)?;
    let id = ops::documents::resolve(&store, doc)?;
    let rows = ops::text::history(&store, &id)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        outln!("{}: no edits since import", one_line(doc));
    }
    for r in rows {
        outln!(
            "r{:<4} {} {:<12} {:<10} {}..{} {:?} → {:?}",
            r.revision,
            r.at,
            one_line(r.coder.as_deref().unwrap_or("-")),
            r.kind.as_deref().unwrap_or("-"),
            r.start,
            r.end,
            one_line(&r.removed),
            one_line(&r.inserted)
        );
    }
    Ok(())
}

/// `gloss review PROJECT`.
pub fn review(project: &Path, json: bool) -> anyhow::Result<()> {
    let store = super::session::open(project, None)?;
    let rows = ops::text::review(&store)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        outln!("nothing to review: no coding has lost its text");
    }
    for r in rows {
        outln!(
            "{} {} [{}] by {}: {:?} ({})",
            r.coding,
            one_line(&r.doc),
            one_line(&r.code),
            one_line(&r.coder),
            one_line(&r.text),
            r.reason
        );
    }
    Ok(())
}

/// `gloss turns …`.
pub fn turns(args: TurnsArgs, coder: Option<&str>) -> anyhow::Result<()> {
    let Some(cmd) = args.command else {
        let (Some(project), Some(doc)) = (args.project, args.doc) else {
            anyhow::bail!("turns: give PROJECT DOC (see `gloss turns --help`)");
        };
        let store = super::session::open(&project, None)?;
        let dt = loaded(&store, &doc)?;
        if args.json {
            let v: Vec<_> = dt
                .turns
                .iter()
                .map(|t| {
                    json!({"turn": t.id.0, "start": t.range.start, "end": t.range.end,
                           "speaker": t.speaker, "start_ms": t.time_ms, "end_ms": t.end_ms,
                           "verified": t.verified})
                })
                .collect();
            outln!("{}", serde_json::to_string_pretty(&v)?);
        } else {
            for t in &dt.turns {
                outln!(
                    "{:>6} {:>8}..{:<8} {:<12} {}",
                    t.id.0,
                    t.range.start,
                    t.range.end,
                    one_line(t.speaker.as_deref().unwrap_or("-")),
                    t.time_ms
                        .map(crate::core::time::format_time)
                        .unwrap_or_default()
                );
            }
        }
        return Ok(());
    };
    let (project, doc) = match &cmd {
        TurnsCommand::Split { project, doc, .. }
        | TurnsCommand::Join { project, doc, .. }
        | TurnsCommand::Speaker { project, doc, .. }
        | TurnsCommand::Time { project, doc, .. }
        | TurnsCommand::Verify { project, doc, .. } => (project.clone(), doc.clone()),
    };
    let mut store = super::session::open(&project, coder)?;
    let dt = loaded(&store, &doc)?;
    let plan = match cmd {
        TurnsCommand::Split { at, .. } => ops::text::plan_split(&store, &dt, at)?,
        TurnsCommand::Join { turn, .. } => ops::text::plan_join(&store, &dt, SegmentId(turn))?,
        TurnsCommand::Speaker { turn, name, .. } => {
            ops::text::plan_speaker(&store, &dt, SegmentId(turn), &name)?
        }
        TurnsCommand::Time { turn, time, .. } => {
            let ms = crate::formats::time::parse_clock(&time).ok_or_else(|| {
                anyhow::anyhow!("turns time: {time:?} is not a time (HH:MM:SS or HH:MM:SS.mmm)")
            })?;
            ops::text::plan_time(&store, &dt, SegmentId(turn), ms)?
        }
        TurnsCommand::Verify { turn, not, .. } => {
            ops::text::plan_verify(&store, &dt, SegmentId(turn), !not)?
        }
    };
    let kind = plan.kind;
    let mut editor = ops::edit::Editor::default();
    let r = ops::text::perform(
        &mut store,
        &mut editor,
        &dt,
        crate::core::history::Change::EditText(Box::new(plan)),
    )?;
    outln!(
        "{}: {} (revision {})",
        one_line(&r.document),
        crate::core::history::Change::EditText(Box::new(crate::core::history::TextEdit {
            document: dt.doc.clone(),
            kind,
            change: Default::default(),
            codings: Vec::new(),
            turns: Vec::new(),
        }))
        .describe(),
        r.revision
    );
    Ok(())
}

/// `gloss participants rename PROJECT DOC OLD NEW`.
pub fn rename_speaker(
    project: &Path,
    doc: &str,
    old: &str,
    new: &str,
    coder: Option<&str>,
) -> anyhow::Result<()> {
    let mut store = super::session::open(project, coder)?;
    let dt = loaded(&store, doc)?;
    let n = dt
        .turns
        .iter()
        .filter(|t| t.speaker.as_deref() == Some(old))
        .count();
    let change = ops::text::plan_rename_speaker(&store, &dt, old, new)?;
    let mut editor = ops::edit::Editor::default();
    let r = ops::text::perform(&mut store, &mut editor, &dt, change)?;
    outln!(
        "{}: renamed speaker {} to {} ({} relabelled; revision {})",
        one_line(&r.document),
        one_line(old),
        one_line(new),
        crate::core::plural::count_as(n, "turn", "turns"),
        r.revision
    );
    Ok(())
}

/// `gloss docs rename|delete`.
pub fn docs_command(cmd: DocsCommand, coder: Option<&str>) -> anyhow::Result<()> {
    match cmd {
        DocsCommand::Rename { project, doc, name } => {
            let mut store = super::session::open(&project, coder)?;
            let old = ops::text::rename_document(&mut store, &doc, &name)?;
            outln!("renamed {} to {}", one_line(&old), one_line(&name));
        }
        DocsCommand::Delete { project, doc } => {
            let mut store = super::session::open(&project, coder)?;
            let r = ops::text::delete_document(&mut store, &doc)?;
            outln!(
                "deleted {}: {}, {}, {}",
                one_line(&r.name),
                crate::core::plural::count(r.turns, "turn"),
                crate::core::plural::count(r.codings, "coding"),
                crate::core::plural::count(r.memos, "memo")
            );
        }
    }
    Ok(())
}
