//! Exporting from the TUI: the export runs `ops::export` as a one-shot
//! [`Job`] with its own connection to the project; its progress and its
//! outcome arrive on the loop's channel (see [`crate::tui::run_loop`]), so
//! the interface never waits for an export.

use crate::core::sanitize::one_line;
use crate::core::CodeId;
use crate::formats::export::ExportFormat;
use crate::ops::export::{ExportRequest, ExportSummary, Progress};
use crate::tui::event::AppEvent;
use crate::tui::jobs::{Job, JobEvent, JobNews};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

pub mod form;

/// What an export from the TUI covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportScope {
    /// Every coded excerpt.
    All,
    /// The excerpts of a code (from the retrieve view), with or without its
    /// sub-codes, named for the default file name.
    Code {
        id: CodeId,
        name: String,
        subcodes: bool,
    },
}

/// What the export job says.
#[derive(Debug)]
pub enum ExportNews {
    Progress(Progress),
    Done(Result<ExportSummary, String>),
}

/// An export running on a worker thread.
pub struct ExportJob {
    /// Joined on drop: quitting during an export waits for it to finish, so
    /// its connection is closed (and the `-wal` removed) before the exit.
    job: Job,
    pub output: PathBuf,
    pub progress: Progress,
}

impl ExportJob {
    /// Starts `req` on a worker thread that opens `project` itself; its
    /// news goes to `events`.
    pub fn start(
        project: &crate::ops::project::Project,
        req: ExportRequest,
        events: Sender<AppEvent>,
    ) -> ExportJob {
        let output = req.output.clone();
        let project = project.clone();
        let job = Job::spawn("export", events, move |r| {
            let say = |news| r.send(JobNews::Export(news));
            let result = crate::ops::project::open(&project, None)
                .and_then(|store| {
                    let mut last = std::time::Instant::now();
                    crate::ops::export::export(&store, &req, &mut |p| {
                        // A few updates a second are enough for a bar.
                        if last.elapsed().as_millis() >= 50 || matches!(p, Progress::Checking) {
                            last = std::time::Instant::now();
                            say(ExportNews::Progress(p));
                        }
                    })
                })
                .map_err(|e| e.to_string());
            say(ExportNews::Done(result));
        });
        ExportJob {
            job,
            output,
            progress: Progress::Reading(0, 0),
        }
    }

    /// Takes one piece of the job's news: `Some(outcome)` once it has
    /// finished (news of other jobs is ignored).
    pub fn apply(&mut self, ev: JobEvent) -> Option<Result<ExportSummary, String>> {
        if ev.job != self.job.id() {
            return None;
        }
        match ev.news {
            JobNews::Export(ExportNews::Progress(p)) => {
                self.progress = p;
                None
            }
            JobNews::Export(ExportNews::Done(r)) => Some(r),
            JobNews::Ended => Some(Err("the export stopped unexpectedly".into())),
            _ => None,
        }
    }

    /// `exporting ▕████░░░░░░▏ 40% 4,000/10,000`.
    pub fn status(&self) -> String {
        let (what, n, total) = match self.progress {
            Progress::Reading(n, t) => ("reading", n, t),
            Progress::Writing(n, t) => ("writing", n, t),
            Progress::Checking => ("checking pseudonyms", 1, 1),
        };
        let frac = if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        };
        let width = 12;
        let full = ((frac * width as f64).round() as usize).min(width);
        format!(
            "export {what} ▕{}{}▏ {:>3.0}% {n}/{total}",
            "█".repeat(full),
            "░".repeat(width - full),
            frac * 100.0
        )
    }
}

/// The status line for a finished export.
pub fn outcome_message(r: &Result<ExportSummary, String>) -> String {
    match r {
        Ok(s) => format!(
            "exported {} excerpt{} to {}{}",
            s.excerpts,
            if s.excerpts == 1 { "" } else { "s" },
            one_line(&s.output.display().to_string()),
            match &s.check {
                Some(c) => format!(" · pseudonymised ({} names), check passed", c.entries),
                None => String::new(),
            }
        ),
        Err(e) => format!("export failed: {}", one_line(e)),
    }
}

/// A file name for the export in `dir` that does not exist yet: `PROJECT-excerpts.csv`, `PROJECT-school-fees.docx`, `…-2.csv`.
pub fn default_path(
    dir: &Path,
    project: &Path,
    scope: &ExportScope,
    format: ExportFormat,
) -> PathBuf {
    let what = match scope {
        ExportScope::All => "excerpts".to_string(),
        ExportScope::Code { name, .. } => slug(name, "export"),
    };
    free_name(dir, project, &what, format.extension())
}

/// `PROJECT-WHAT.EXT` in `dir`, or `PROJECT-WHAT-2.EXT`, … : the first
/// name not taken yet (an export never overwrites a file).
pub fn free_name(dir: &Path, project: &Path, what: &str, ext: &str) -> PathBuf {
    let stem = project
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "gloss".into());
    let base = format!("{}-{what}", slug(&stem, "export"));
    let mut path = dir.join(format!("{base}.{ext}"));
    let mut k = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{k}.{ext}"));
        k += 1;
    }
    path
}

/// Lowercase letters and digits, other runs as `-` (`empty` when nothing
/// is left).
pub fn slug(s: &str, empty: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        empty.into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_paths_are_new_files() {
        let dir = std::env::temp_dir().join(format!("gloss-exp-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("dir");
        let scope = ExportScope::Code {
            id: CodeId("x".into()),
            name: "School fees / Écoles".into(),
            subcodes: true,
        };
        let p = default_path(
            &dir,
            Path::new("/a/My Study.gloss"),
            &scope,
            ExportFormat::Docx,
        );
        assert_eq!(p, dir.join("my-study-school-fees-écoles.docx"));
        std::fs::write(&p, "x").expect("write");
        let q = default_path(
            &dir,
            Path::new("/a/My Study.gloss"),
            &scope,
            ExportFormat::Docx,
        );
        assert_eq!(q, dir.join("my-study-school-fees-écoles-2.docx"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
