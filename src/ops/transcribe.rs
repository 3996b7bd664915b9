//! Documents made from a recording (issue 14): `gloss media` links a
//! recording to a document, `gloss transcribe` makes the document — empty,
//! from a draft file, or from a local speech recogniser the user installed
//! (`--asr "whisper-cli -m … -f {media} -of {out} -ovtt"`), whose output is
//! imported as a draft with unverified turns. Nothing is downloaded and no
//! audio leaves the machine: the command is the user's own.

use super::import::{self, ImportOptions};
use crate::core::DocumentId;
use crate::store::{documents, Store};
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What `gloss transcribe` made.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Transcribed {
    pub document: String,
    pub name: String,
    pub media: PathBuf,
    /// `empty`, `draft`, `asr`, or `existing` (the recording's document
    /// was there already and is opened).
    pub from: &'static str,
    pub turns: usize,
}

/// The recording's absolute path, or one clear error naming it.
fn media_path(media: &Path) -> super::Result<PathBuf> {
    let meta = std::fs::metadata(media)
        .map_err(|_| super::Error::file(media, "no such recording (audio or video file)"))?;
    if meta.is_dir() {
        return Err(super::Error::file(media, "is a folder, not a recording"));
    }
    std::fs::canonicalize(media).map_err(|e| super::Error::file(media, e.to_string()))
}

/// `gloss media PROJECT DOC FILE`: links the recording to the document;
/// returns the document's name and the path stored.
pub fn link(store: &mut Store, doc: &str, media: &Path) -> super::Result<(String, PathBuf)> {
    let id = super::documents::resolve(store, doc)?;
    let path = media_path(media)?;
    documents::set_media(store.conn(), &id, Some(&path.to_string_lossy()))?;
    Ok((documents::get_name(store.conn(), &id)?, path))
}

/// The recording linked to a document.
pub fn media_of(store: &Store, doc: &DocumentId) -> super::Result<Option<PathBuf>> {
    Ok(documents::media(store.conn(), doc)?.map(PathBuf::from))
}

/// How `gloss transcribe` starts the document.
pub enum Source<'a> {
    Empty,
    Draft(&'a Path),
    /// A command line with `{media}`, `{out}` and `{language}`.
    Asr {
        command: &'a str,
        language: Option<&'a str>,
    },
}

/// `gloss transcribe PROJECT MEDIA …`: makes the document and links the
/// recording; all or nothing (a failing recogniser leaves the project as
/// it was).
pub fn transcribe(
    store: &mut Store,
    media: &Path,
    name: Option<&str>,
    source: Source<'_>,
) -> super::Result<Transcribed> {
    let media = media_path(media)?;
    let wanted = name;
    let name = name
        .map(str::to_string)
        .or_else(|| media.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "recording".into());
    let (id, name, from) = match source {
        Source::Empty => {
            // The recording's document, when there is one already (the
            // one named `--name`, if several): it is opened, not made again.
            let linked = documents::with_media(store.conn(), &media.to_string_lossy())?;
            let found = match wanted {
                Some(n) => linked.into_iter().find(|(_, x)| x == n),
                None => linked.into_iter().next(),
            };
            match found {
                Some((id, name)) => (id, name, "existing"),
                None => {
                    let (id, name) = empty_document(store, &name, &media)?;
                    (id, name, "empty")
                }
            }
        }
        Source::Draft(file) => {
            let (id, name) = import_draft(store, file, &name)?;
            (id, name, "draft")
        }
        Source::Asr { command, language } => {
            let dir = AsrDir::new()?;
            let out = dir.0.join("draft");
            run_asr(command, &media, &out, language.unwrap_or("auto"))?;
            let written = ["json", "vtt", "srt", "txt"]
                .iter()
                .map(|x| out.with_extension(x))
                .chain(std::iter::once(out.clone()))
                .find(|p| p.is_file())
                .ok_or_else(|| {
                    super::Error::Invalid(format!(
                        "the recogniser wrote no draft: expected {{out}}.json, .vtt or .srt, with {{out}} = {}",
                        out.display()
                    ))
                })?;
            let (id, name) = import_draft(store, &written, &name)?;
            (id, name, "asr")
        }
    };
    documents::set_media(store.conn(), &id, Some(&media.to_string_lossy()))?;
    let turns = crate::store::edits::turn_rows(store.conn(), &id)?.len();
    Ok(Transcribed {
        document: id.0,
        name,
        media,
        from,
        turns,
    })
}

fn import_draft(store: &mut Store, file: &Path, name: &str) -> super::Result<(DocumentId, String)> {
    let opts = ImportOptions {
        name: Some(name.to_string()),
        draft: true,
        ..Default::default()
    };
    let report = import::import_files(store, &[file.to_path_buf()], &opts, &mut |_, _, _| {})?;
    match (report.imported.first(), report.skipped.first()) {
        (Some(d), _) => Ok((DocumentId(d.id.clone()), d.name.clone())),
        (None, Some(s)) => Err(super::Error::file(
            file,
            format!("is already in the project as {}", s.existing),
        )),
        (None, None) => Err(super::Error::file(file, "holds no transcript")),
    }
}

/// A document with no text yet, to be typed while the recording plays.
fn empty_document(
    store: &mut Store,
    name: &str,
    media: &Path,
) -> super::Result<(DocumentId, String)> {
    let tx = store.begin()?;
    let name = import::unique_name(&tx, name)?;
    // Its "import-time" hash names the recording, so two empty documents
    // are never taken for the same text by merge.
    let hash = import::content_hash(&format!("media:{}", media.display()));
    let id = documents::insert(
        &tx,
        &documents::NewDocument {
            name: &name,
            text: "",
            language: "und",
            source_format: crate::core::SourceFormat::Plain.as_str(),
            source_path: Some(&media.to_string_lossy()),
            encoding: "UTF-8",
            content_hash: &hash,
            segments: Vec::new(),
        },
    )?;
    let previous = super::search::documents_added(&tx)?;
    tx.commit()?;
    let _ = super::search::index_new_documents(store, previous, std::slice::from_ref(&id));
    Ok((id, name))
}

/// A folder of its own (owner-only) for the recogniser's output, removed
/// afterwards whatever happened.
struct AsrDir(PathBuf);

impl AsrDir {
    fn new() -> super::Result<AsrDir> {
        let dir = std::env::temp_dir().join(format!("gloss-asr-{}", uuid::Uuid::new_v4()));
        let made = {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new().mode(0o700).create(&dir)
        };
        made.map_err(|e| {
            super::Error::Invalid(format!("cannot make a folder for the recogniser: {e}"))
        })?;
        Ok(AsrDir(dir))
    }
}

impl Drop for AsrDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `s` quoted for `sh`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Runs the user's recogniser through `sh -c`, its progress (stderr) shown
/// on a terminal; a failure says its last lines.
fn run_asr(command: &str, media: &Path, out: &Path, language: &str) -> super::Result<()> {
    if !command.contains("{media}") {
        return Err(super::Error::Invalid(
            "--asr: the command must name the recording as {media} (and where to write as {out})"
                .into(),
        ));
    }
    let line = command
        .replace("{media}", &shell_quote(&media.to_string_lossy()))
        .replace("{out}", &shell_quote(&out.to_string_lossy()))
        .replace("{language}", &shell_quote(language));
    let mut child = Command::new("sh")
        .args(["-c", &line])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| super::Error::Invalid(format!("--asr: cannot run sh: {e}")))?;
    let show = std::io::stderr().is_terminal();
    let echo = |r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut tail: Vec<String> = Vec::new();
            for l in BufReader::new(r).lines().map_while(Result::ok) {
                if show {
                    let _ = writeln!(
                        std::io::stderr(),
                        "asr: {}",
                        crate::core::sanitize::one_line(&l)
                    );
                }
                tail.push(l);
                if tail.len() > 8 {
                    tail.remove(0);
                }
            }
            tail
        })
    };
    let err = echo(Box::new(child.stderr.take().expect("piped")));
    let out_lines = echo(Box::new(child.stdout.take().expect("piped")));
    let status = child
        .wait()
        .map_err(|e| super::Error::Invalid(format!("--asr: {e}")))?;
    let tail = err.join().unwrap_or_default();
    let _ = out_lines.join();
    if !status.success() {
        let said: Vec<String> = tail
            .iter()
            .map(|l| crate::core::sanitize::one_line(l))
            .collect();
        return Err(super::Error::Invalid(format!(
            "the recogniser failed ({status}); its last lines: {}",
            if said.is_empty() {
                "(none)".into()
            } else {
                said.join(" | ")
            }
        )));
    }
    Ok(())
}
