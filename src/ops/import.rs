//! Importing transcript files: every file is read and parsed first, then all
//! are written in one transaction, so a bad file leaves the project as it was.

use crate::core::{language, sanitize, ImportedTranscript};
use crate::formats::{self, FormatChoice};
use crate::store::{documents, Store};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: FormatChoice,
    /// Document name (only with a single file); default: the file stem.
    pub name: Option<String>,
    /// Language for every file; default: the source's own tag, else detected.
    pub language: Option<String>,
    /// Every turn starts unverified, whatever the format (a draft given to
    /// `gloss transcribe --draft`).
    pub draft: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: FormatChoice::Auto,
            name: None,
            language: None,
            draft: false,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportedDocument {
    pub id: String,
    pub name: String,
    pub path: PathBuf,
    pub format: String,
    pub encoding: String,
    pub language: String,
    pub segments: usize,
    pub speakers: usize,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SkippedFile {
    pub path: PathBuf,
    /// The document already holding this content.
    pub existing: String,
}

/// A file left out because it is plainly no transcript (a participants
/// CSV, a codebook, audio): `import FOLDER/*` works on a study folder.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NotATranscript {
    pub path: PathBuf,
    /// What the file seems to be, and what to do with it.
    pub hint: String,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ImportReport {
    pub imported: Vec<ImportedDocument>,
    pub skipped: Vec<SkippedFile>,
    pub not_transcripts: Vec<NotATranscript>,
}

/// What a file of this extension is when it is plainly no transcript, with
/// what to do with it; `None` for anything an importer may read.
pub fn not_a_transcript(path: &Path) -> Option<&'static str> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_ascii_uppercase)
        .unwrap_or_default();
    if matches!(
        stem.as_str(),
        "README" | "LICENSE" | "LICENCE" | "CHANGELOG"
    ) {
        return Some(
            "a folder's read-me, not a transcript (import it with --format text if it is one)",
        );
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    Some(match ext.as_str() {
        "csv" | "tsv" | "xlsx" | "xls" | "ods" => {
            "a table: participants' attributes go in with `gloss participants import`, a codebook with `gloss codebook import`"
        }
        "yaml" | "yml" | "toml" | "qdc" => "a codebook? use `gloss codebook import`",
        "jsonl" => "codings? use `gloss codings import`",
        "qdpx" => "a REFI-QDA project: use `gloss refi import`",
        "gloss" | "gloss-wal" | "gloss-shm" => "a Gloss project: use `gloss merge`",
        "mp3" | "m4a" | "wav" | "ogg" | "opus" | "flac" | "amr" | "aac" | "wma" | "mp4"
        | "mkv" | "mov" | "webm" | "avi" => "audio or video: import its transcript",
        "pdf" | "png" | "jpg" | "jpeg" | "gif" | "zip" | "gz" | "exe" => "not a transcript format",
        _ => return None,
    })
}

/// A file read and parsed, not yet stored.
pub(crate) struct Parsed {
    pub(crate) path: PathBuf,
    pub(crate) name: String,
    pub(crate) hash: String,
    pub(crate) language: String,
    pub(crate) transcript: ImportedTranscript,
}

/// Imports `files`; `progress(done, total, file)` is called as files are parsed.
pub fn import_files(
    store: &mut Store,
    files: &[PathBuf],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize, &Path),
) -> super::Result<ImportReport> {
    if opts.name.is_some() && files.len() != 1 {
        return Err(super::Error::Invalid(
            "--name can only be used when importing a single file".into(),
        ));
    }
    let mut report = ImportReport::default();
    // Under `auto`, files that are plainly no transcripts are left out with
    // a note (a study folder holds the participants CSV beside the
    // transcripts); a format named with --format reads every file.
    let files: Vec<&PathBuf> = files
        .iter()
        .filter(|p| match (&opts.format, not_a_transcript(p)) {
            (crate::formats::FormatChoice::Auto, Some(hint)) => {
                report.not_transcripts.push(NotATranscript {
                    path: p.to_path_buf(),
                    hint: hint.into(),
                });
                false
            }
            _ => true,
        })
        .collect();
    if files.is_empty() {
        return Err(super::Error::Invalid(
            match report.not_transcripts.as_slice() {
                [one] => format!(
                    "{}: not a transcript ({})",
                    crate::core::sanitize::one_line(&one.path.display().to_string()),
                    one.hint
                ),
                _ => "none of these files is a transcript (.txt .docx .vtt .srt .json .otr)".into(),
            },
        ));
    }
    let mut parsed = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        progress(i, files.len(), path);
        parsed.push(parse_file(path, opts)?);
    }
    progress(files.len(), files.len(), Path::new(""));

    let tx = store.begin()?;
    let mut batch: HashMap<String, String> = HashMap::new();
    for p in parsed {
        let existing = match documents::name_by_hash(&tx, &p.hash)? {
            Some(name) => Some(name),
            None => batch.get(&p.hash).cloned(),
        };
        if let Some(existing) = existing {
            report.skipped.push(SkippedFile {
                path: p.path,
                existing,
            });
            continue;
        }
        let (id, name) = insert_parsed(&tx, &p, opts.draft)?;
        batch.insert(p.hash.clone(), name.clone());
        let t = &p.transcript;
        let speakers: HashSet<&str> = t
            .segments
            .iter()
            .filter_map(|s| s.speaker.as_deref())
            .collect();
        report.imported.push(ImportedDocument {
            id: id.0,
            name,
            path: p.path.clone(),
            format: t.source_format.as_str().into(),
            encoding: t.encoding.clone(),
            language: p.language.clone(),
            segments: t.segments.len(),
            speakers: speakers.len(),
            warnings: t.warnings.clone(),
        });
    }
    let previous = if report.imported.is_empty() {
        None
    } else {
        Some(super::search::documents_added(&tx)?)
    };
    tx.commit()?;
    if let Some(generation) = previous {
        let ids: Vec<_> = report
            .imported
            .iter()
            .map(|d| crate::core::DocumentId(d.id.clone()))
            .collect();
        // The index is a cache: if it cannot follow now, the next search
        // rebuilds it.
        let _ = super::search::index_new_documents(store, generation, &ids);
    }
    Ok(report)
}

/// Imports one in-memory file (the demo embeds its samples). Returns the new
/// document's name, or `None` when its content is already in the project.
pub fn import_bytes(
    store: &mut Store,
    file_name: &str,
    bytes: &[u8],
) -> super::Result<Option<String>> {
    let p = parse_bytes(Path::new(file_name), bytes, &ImportOptions::default())?;
    let tx = store.begin()?;
    if documents::name_by_hash(&tx, &p.hash)?.is_some() {
        return Ok(None);
    }
    let (_, name) = insert_parsed(&tx, &p, false)?;
    super::search::documents_added(&tx)?;
    tx.commit()?;
    Ok(Some(name))
}

fn insert_parsed(
    conn: &rusqlite::Connection,
    p: &Parsed,
    draft: bool,
) -> super::Result<(crate::core::DocumentId, String)> {
    let name = unique_name(conn, &p.name)?;
    let t = &p.transcript;
    let source_path = p.path.display().to_string();
    let new = documents::NewDocument {
        name: &name,
        text: &t.text,
        language: &p.language,
        source_format: t.source_format.as_str(),
        source_path: Some(&source_path),
        encoding: &t.encoding,
        content_hash: &p.hash,
        segments: t
            .segments
            .iter()
            .map(|s| documents::NewSegment {
                range: s.range,
                speaker: s.speaker.as_deref(),
                time_ms: s.time_ms,
                end_ms: s.end_ms,
                // A recogniser's draft is unverified until someone listens.
                verified: !draft && !t.source_format.is_draft(),
            })
            .collect(),
    };
    let id = documents::insert(conn, &new)?;
    let words: Vec<(usize, usize, String, f32)> = t
        .uncertain
        .iter()
        .map(|(turn, offset, word, p)| (*turn, *offset, word.clone(), f32::from(*p) / 1000.0))
        .collect();
    crate::store::uncertain::insert(conn, &id, &words)?;
    Ok((id, name))
}

pub(crate) fn parse_file(path: &Path, opts: &ImportOptions) -> super::Result<Parsed> {
    let meta = std::fs::metadata(path).map_err(|e| super::Error::file(path, io_reason(&e)))?;
    if meta.is_dir() {
        return Err(super::Error::file(path, "is a directory, not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(super::Error::file(
            path,
            format!(
                "too large ({} MB; the limit is {} MB)",
                meta.len() / 1_048_576,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, io_reason(&e)))?;
    parse_bytes(path, &bytes, opts)
}

fn parse_bytes(path: &Path, bytes: &[u8], opts: &ImportOptions) -> super::Result<Parsed> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let transcript = formats::import_bytes(bytes, &file_name, opts.format)
        .map_err(|e| super::Error::file(path, e.to_string()))?;
    let name = match &opts.name {
        Some(n) if !n.trim().is_empty() => sanitize::one_line(n.trim()),
        _ => sanitize::one_line(
            &path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "document".into()),
        ),
    };
    let language = opts
        .language
        .as_deref()
        .map(language::normalize)
        .or_else(|| transcript.language_hint.as_deref().map(language::normalize))
        .or_else(|| language::detect(&transcript.text))
        .unwrap_or_else(|| "und".into());
    Ok(Parsed {
        path: path.to_path_buf(),
        name,
        hash: content_hash(&transcript.text),
        language,
        transcript,
    })
}

/// SHA-256 of the document text, hex: how documents are recognised across
/// imports and projects (so a BOM or CRLF alone does not make a new document).
pub fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn unique_name(conn: &rusqlite::Connection, base: &str) -> super::Result<String> {
    if !documents::name_exists(conn, base)? {
        return Ok(base.to_string());
    }
    for n in 2.. {
        let candidate = format!("{base} ({n})");
        if !documents::name_exists(conn, &candidate)? {
            return Ok(candidate);
        }
    }
    unreachable!("an unused name always exists")
}

fn io_reason(e: &std::io::Error) -> String {
    super::files::io_reason(e)
}
