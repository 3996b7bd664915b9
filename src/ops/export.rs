//! Exporting coded excerpts and codebook reports: select the codings
//! (filters), build one [`ExcerptRecord`] each (speaker, attributes, time,
//! context), pseudonymise them when a map is given, write the file through
//! `formats::export` into a temporary file beside the target, check the
//! written text for any mapped name, then rename. An existing file is kept
//! unless `force`; an interrupted export leaves no half file.

pub mod bench;
pub mod filter;
mod records;

pub use records::collect;

use crate::core::excerpt::{CodeSummary, ExcerptRecord, ExportMeta};
use crate::core::pseudonym::{MapEntry, Pseudonymizer};
use crate::core::{sanitize::one_line, CodeId};
use crate::formats::export::{self as fx, ExportFormat, WriteOptions};
use crate::store::Store;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The coder name whose codings are the settled (consensus) ones.
pub const CONSENSUS_CODER: &str = "consensus";

/// What every front end says once before it writes an export of an
/// encrypted project: the export is plaintext, by the user's choice.
/// `None` for a plain project.
pub fn plaintext_note(store: &crate::store::Store) -> Option<String> {
    store
        .is_encrypted()
        .then(|| plaintext_warning(store.path()))
}

/// The note of [`plaintext_note`] for the encrypted project at `project`.
pub fn plaintext_warning(project: &Path) -> String {
    format!(
        "{} is encrypted; this export will be plaintext, readable by anyone with the file",
        file_label(project)
    )
}

fn file_label(p: &Path) -> String {
    crate::core::sanitize::one_line(&p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    ))
}

/// How much text around a passage goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextSpec {
    /// Up to N chars before and after, within the turn.
    Chars(usize),
    /// The rest of the turn before and after.
    Turn,
}

impl Default for ContextSpec {
    fn default() -> Self {
        ContextSpec::Chars(200)
    }
}

impl std::str::FromStr for ContextSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "turn" => Ok(ContextSpec::Turn),
            n => n
                .parse()
                .map(ContextSpec::Chars)
                .map_err(|_| format!("{s:?} is not a number of characters or `turn`")),
        }
    }
}

/// Which codings to export. Empty lists do not filter. Repeated values of
/// one kind are alternatives (any of these documents); kinds combine (a
/// document of these AND a speaker of those). `--where` keys likewise:
/// `role=miner --where role=trader` is either, `role=miner --where
/// site=Kolwezi` is both.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// Code ids, paths or unique names.
    pub codes: Vec<String>,
    /// With `codes`: include their sub-codes.
    pub subcodes: bool,
    pub documents: Vec<String>,
    pub speakers: Vec<String>,
    /// Participant attributes, `(key, value)`.
    pub attributes: Vec<(String, String)>,
    pub coders: Vec<String>,
    /// Only the codings of the coder `consensus`.
    pub consensus: bool,
    /// A search query: only excerpts overlapping a turn it finds.
    pub query: Option<String>,
    /// Which memos go with the excerpts.
    pub memos: MemoSpec,
}

/// Which coding memos an export carries (`--memos`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemoSpec {
    /// The coders' memos, without the `settled: …` notes that settling a
    /// disagreement writes on the consensus codings.
    #[default]
    Notes,
    /// Every memo, settling notes included.
    All,
    /// No memos.
    None,
}

impl std::str::FromStr for MemoSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "notes" => Ok(MemoSpec::Notes),
            "all" => Ok(MemoSpec::All),
            "none" => Ok(MemoSpec::None),
            _ => Err(format!("{s:?} is not notes, all or none")),
        }
    }
}

/// Whether `memo` on a coding of `coder` was written by settling a
/// disagreement (`settled: amani`, `settled: agreed`…).
pub fn is_settling_memo(coder: &str, memo: &str) -> bool {
    coder.eq_ignore_ascii_case(CONSENSUS_CODER) && memo.trim_start().starts_with("settled:")
}

impl ExportFilter {
    /// The filters in words, for the heading of an export.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let list = |label: &str, v: &[String]| format!("{label}: {}", v.join(", "));
        if !self.codes.is_empty() {
            parts.push(list(
                if self.subcodes {
                    "codes (with sub-codes)"
                } else {
                    "codes"
                },
                &self.codes,
            ));
        }
        if !self.documents.is_empty() {
            parts.push(list("documents", &self.documents));
        }
        if !self.speakers.is_empty() {
            parts.push(list("speakers", &self.speakers));
        }
        if !self.attributes.is_empty() {
            let w: Vec<String> = self
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            parts.push(list("where", &w));
        }
        if !self.coders.is_empty() {
            parts.push(list("coders", &self.coders));
        }
        if self.consensus {
            parts.push("consensus codings only".into());
        }
        parts.join("; ")
    }
}

/// Parses `key=value` of `--where`.
pub fn parse_where(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
            Ok((k.trim().to_string(), v.trim().to_string()))
        }
        _ => Err(format!("{:?} is not key=value", one_line(s))),
    }
}

/// Everything `gloss export` (or the TUI's export dialog) asks for.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub format: ExportFormat,
    pub output: PathBuf,
    pub force: bool,
    pub filter: ExportFilter,
    pub context: ContextSpec,
    /// A replacement map (`original,replacement[,category]`).
    pub map: Option<PathBuf>,
    pub options: WriteOptions,
    /// Write the codebook report instead of the excerpts.
    pub codebook_report: bool,
    /// The report's title (default: `Coded excerpts — PROJECT`).
    pub title: Option<String>,
}

impl ExportRequest {
    pub fn new(format: ExportFormat, output: PathBuf) -> Self {
        ExportRequest {
            format,
            output,
            force: false,
            filter: ExportFilter::default(),
            context: ContextSpec::default(),
            map: None,
            options: WriteOptions::default(),
            codebook_report: false,
            title: None,
        }
    }
}

/// Where an export is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Codings read, of all.
    Reading(usize, usize),
    /// Records written, of all.
    Writing(usize, usize),
    /// Reading the file back for the pseudonymisation check.
    Checking,
}

/// The outcome of a pseudonymisation check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapCheck {
    /// Names in the map.
    pub entries: usize,
    /// Map entries found in the written text (none when it passed).
    pub remaining: Vec<MapEntry>,
}

#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub excerpts: usize,
    /// Codes in the export (with excerpts), or in the report.
    pub codes: usize,
    pub output: PathBuf,
    pub format: ExportFormat,
    pub check: Option<MapCheck>,
}

/// Reads and checks a replacement map.
pub fn load_map(path: &Path) -> super::Result<Pseudonymizer> {
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, e.to_string()))?;
    let entries = fx::map::parse(&bytes).map_err(|e| super::Error::file(path, e))?;
    Ok(Pseudonymizer::new(entries))
}

/// Every code (or those `filter` names, with sub-codes if asked) with its
/// counts in `records`, in codebook order.
fn summaries(
    store: &Store,
    filter: &ExportFilter,
    records: &[ExcerptRecord],
    only_used: bool,
) -> super::Result<Vec<CodeSummary>> {
    let book = super::codebook::load(store)?;
    let mut keep: Option<HashSet<CodeId>> = None;
    if !filter.codes.is_empty() {
        let mut set = HashSet::new();
        for key in &filter.codes {
            let id = super::coding::resolve_in(&book, key)?;
            set.extend(book.subtree(&id));
        }
        keep = Some(set);
    }
    // Passages (document, start, end) by code path.
    let mut passages: HashMap<&str, HashSet<(&str, usize, usize)>> = HashMap::new();
    for r in records {
        passages.entry(r.code_path.as_str()).or_default().insert((
            r.document.as_str(),
            r.start,
            r.end,
        ));
    }
    let docs_of = |set: &HashSet<(&str, usize, usize)>| {
        set.iter().map(|p| p.0).collect::<HashSet<&str>>().len()
    };
    let own: Vec<HashSet<(&str, usize, usize)>> = (0..book.len())
        .map(|i| passages.get(book.path_at(i)).cloned().unwrap_or_default())
        .collect();
    let rolled = book.roll_up(own.clone(), |a, b| a.extend(b.iter().copied()));
    let mut out = Vec::new();
    for (i, c) in book.codes().iter().enumerate() {
        if keep.as_ref().is_some_and(|k| !k.contains(&c.id)) {
            continue;
        }
        let path = book.path_at(i).to_string();
        let (count, docs) = (own[i].len(), docs_of(&own[i]));
        let rolled = &rolled[i];
        if only_used && count == 0 {
            continue;
        }
        out.push(CodeSummary {
            // By the path, as reports always did (a name may hold a `/`).
            depth: path.matches('/').count(),
            path,
            name: c.name.clone(),
            definition: c.definition.clone(),
            when_to_use: c.when_to_use.clone(),
            when_not_to_use: c.when_not_to_use.clone(),
            example: c.example.clone(),
            count,
            documents: docs,
            has_subcodes: !book.children_at(i).is_empty(),
            with_subcodes: rolled.len(),
            documents_with_subcodes: docs_of(rolled),
        });
    }
    Ok(out)
}

/// Every string of the export, pseudonymised.
fn pseudonymise(p: &Pseudonymizer, meta: &mut ExportMeta, records: &mut [ExcerptRecord]) {
    let f = |s: &mut String| *s = p.apply(s);
    f(&mut meta.title);
    f(&mut meta.filters);
    for c in &mut meta.codes {
        for s in [
            &mut c.path,
            &mut c.name,
            &mut c.definition,
            &mut c.when_to_use,
            &mut c.when_not_to_use,
            &mut c.example,
        ] {
            f(s);
        }
    }
    for r in records {
        for s in [
            &mut r.code_path,
            &mut r.code,
            &mut r.document,
            &mut r.text,
            &mut r.before,
            &mut r.after,
        ] {
            f(s);
        }
        r.coders.iter_mut().for_each(f);
        if let Some(s) = &mut r.speaker {
            f(s);
        }
        if let Some(s) = &mut r.memo {
            f(s);
        }
        r.attributes = std::mem::take(&mut r.attributes)
            .into_iter()
            .map(|(k, v)| (p.apply(&k), p.apply(&v)))
            .collect();
    }
}

/// Runs an export: collect, pseudonymise, write, check, rename.
pub fn export(
    store: &Store,
    req: &ExportRequest,
    progress: &mut dyn FnMut(Progress),
) -> super::Result<ExportSummary> {
    let out = &req.output;
    if req.codebook_report && !req.format.has_report() {
        return Err(super::Error::Invalid(format!(
            "a codebook report is written as md, html or docx, not {}",
            req.format.extension()
        )));
    }
    if !req.force && out.exists() {
        return Err(super::Error::file(
            out,
            "already exists (use --force to overwrite it)",
        ));
    }
    if super::files::same_file(out, store.path())
        || req
            .map
            .as_deref()
            .is_some_and(|m| super::files::same_file(out, m))
    {
        return Err(super::Error::file(
            out,
            "is the project or the map itself; choose another output file",
        ));
    }
    let map = req.map.as_deref().map(load_map).transpose()?;
    filter::check(store, &req.filter)?;
    let mut records = collect(store, &req.filter, req.context, progress)?;
    let stem = store
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut meta = ExportMeta {
        title: if let Some(t) = req
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            t.to_string()
        } else if req.codebook_report {
            format!("Codebook — {stem}")
        } else {
            format!("Coded excerpts — {stem}")
        },
        generated: crate::store::now_rfc3339(),
        pseudonymised: map.is_some(),
        filters: req.filter.describe(),
        codes: summaries(store, &req.filter, &records, !req.codebook_report)?,
    };
    if let Some(p) = &map {
        pseudonymise(p, &mut meta, &mut records);
    }
    let total = records.len();
    let bytes_check = map.as_ref();
    let codes_n = meta.codes.len();
    let progress = std::cell::RefCell::new(progress);
    super::files::write_atomically(
        out,
        |file| {
            if req.codebook_report {
                fx::write_codebook_report(file, req.format, &meta)
            } else {
                fx::write_excerpts(file, req.format, &meta, &records, req.options, &mut |n| {
                    (progress.borrow_mut())(Progress::Writing(n, total))
                })
            }
        },
        |tmp| {
            let Some(p) = bytes_check else {
                return Ok(None);
            };
            (progress.borrow_mut())(Progress::Checking);
            let bytes = std::fs::read(tmp).map_err(|e| e.to_string())?;
            let text = fx::text_of(req.format, &bytes)
                .map_err(|e| format!("cannot read the file back for the check: {e}"))?;
            let remaining: Vec<MapEntry> = p
                .remaining(&text)
                .into_iter()
                .map(|i| p.entries()[i].clone())
                .collect();
            if !remaining.is_empty() {
                let lines: Vec<String> = remaining.iter().map(|e| e.line.to_string()).collect();
                return Err(format!(
                    "pseudonymisation check failed: the names of map line(s) {} are still in the \
                 output (a replacement contains another mapped name?); nothing was written",
                    lines.join(", ")
                ));
            }
            Ok(Some(MapCheck {
                entries: p.entries().len(),
                remaining,
            }))
        },
    )
    .map(|check| ExportSummary {
        excerpts: total,
        codes: codes_n,
        output: out.clone(),
        format: req.format,
        check,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_context_and_where() {
        assert_eq!("turn".parse::<ContextSpec>(), Ok(ContextSpec::Turn));
        assert_eq!("80".parse::<ContextSpec>(), Ok(ContextSpec::Chars(80)));
        assert!("lots".parse::<ContextSpec>().is_err());
        assert_eq!(
            parse_where(" role = miner "),
            Ok(("role".into(), "miner".into()))
        );
        assert!(parse_where("role").is_err());
        assert!(parse_where("=x").is_err());
    }
}
