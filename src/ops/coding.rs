//! Coding: resolving codes, building the changes a coder makes (apply,
//! remove, recode, memo, in-vivo), listing codings and importing them.

use crate::core::codebook::Codebook;
use crate::core::history::Change;
use crate::core::motion::Doc;
use crate::core::passage::CodedPassage;
use crate::core::text::{self, LineIndex};
use crate::core::{sanitize, CharRange, CodeId, Coding, CodingId, DocumentId};
use crate::store::{codings, documents, Store};
use std::collections::HashMap;
use std::path::Path;

pub use crate::store::codings::CodingFilter;

/// Finds a code by id, path (`parent/child`) or unique name.
pub fn resolve_code(store: &Store, key: &str) -> super::Result<CodeId> {
    resolve_in(&super::codebook::load(store)?, key)
}

/// Finds a code of `book` by id, path or unique name.
pub fn resolve_in(book: &Codebook, key: &str) -> super::Result<CodeId> {
    book.lookup(key)
        .map(|c| c.id.clone())
        .map_err(|e| super::Error::Invalid(e.to_string()))
}

/// A new coding by `coder`, not yet stored.
pub fn new_coding(doc: &DocumentId, code: &CodeId, coder: &str, range: CharRange) -> Coding {
    Coding {
        id: CodingId(uuid::Uuid::new_v4().to_string()),
        document: doc.clone(),
        code: code.clone(),
        coder: coder.to_string(),
        range,
        memo: None,
        created_at: crate::store::now_rfc3339(),
    }
}

/// Codings of one document, in text order.
pub fn of_document(store: &Store, doc: &DocumentId) -> super::Result<Vec<Coding>> {
    Ok(codings::list(
        store.conn(),
        &CodingFilter {
            document: Some(doc.clone()),
            ..Default::default()
        },
    )?)
}

pub fn list(store: &Store, filter: &CodingFilter) -> super::Result<Vec<Coding>> {
    Ok(codings::list(store.conn(), filter)?)
}

pub fn get(store: &Store, id: &CodingId) -> super::Result<Option<Coding>> {
    Ok(codings::get(store.conn(), id)?)
}

pub fn document_memo(store: &Store, doc: &DocumentId) -> super::Result<Option<String>> {
    Ok(codings::document_memo(store.conn(), doc)?)
}

/// Codings per code, for the codebook pane.
pub fn counts_by_code(store: &Store) -> super::Result<HashMap<CodeId, usize>> {
    Ok(codings::counts_by_code(store.conn())?.into_iter().collect())
}

/// Checks that `range` is a valid, non-empty range of `text` that splits no
/// character cluster.
pub fn check_range(text_: &str, lines: &LineIndex, range: CharRange) -> Result<(), String> {
    let doc = Doc::new(text_, lines, &[]);
    let len = doc.len();
    if range.start >= range.end {
        return Err(format!("empty range {}..{}", range.start, range.end));
    }
    if range.end > len {
        return Err(format!(
            "range {}..{} is past the end of the document ({len} chars)",
            range.start, range.end
        ));
    }
    for p in [range.start, range.end] {
        if doc.snap(p) != p {
            return Err(format!("offset {p} splits a character"));
        }
    }
    Ok(())
}

/// What `gloss codings add` did.
#[derive(Debug, Clone)]
pub struct Added {
    pub coding: Coding,
    /// An identical coding was already stored (its id is `coding.id`).
    pub already_present: bool,
    /// The range as given, when its ends were moved out of a speaker label
    /// or timestamp.
    pub snapped_from: Option<CharRange>,
}

/// `range` moved out of speaker labels and timestamps (see
/// [`crate::core::motion::Doc::snap_to_speech`]); an error when it holds
/// nothing else.
fn snap_to_speech(
    text_: &str,
    lines: &LineIndex,
    turns: &[CharRange],
    range: CharRange,
) -> Result<CharRange, String> {
    let doc = Doc::new(text_, lines, turns);
    doc.snap_to_speech(range).ok_or_else(|| {
        format!(
            "range {}..{} holds only a speaker label or timestamp, no speech",
            range.start, range.end
        )
    })
}

/// Turn content ranges of a document, in order.
fn turn_ranges(store: &Store, doc: &DocumentId) -> super::Result<Vec<CharRange>> {
    Ok(documents::segments(store.conn(), doc)?
        .into_iter()
        .map(|s| s.range)
        .collect())
}

/// `gloss codings add`: one coding, checked against the document, its ends
/// moved out of speaker labels and timestamps; an identical coding is not
/// stored again.
pub fn add(
    store: &mut Store,
    doc: &str,
    code: &str,
    range: CharRange,
    coder: Option<&str>,
    memo: Option<&str>,
) -> super::Result<Added> {
    let doc_id = super::documents::resolve(store, doc)?;
    let code_id = resolve_code(store, code)?;
    let d = documents::get(store.conn(), &doc_id)?;
    let lines = LineIndex::new(&d.text);
    check_range(&d.text, &lines, range).map_err(super::Error::Invalid)?;
    let snapped = snap_to_speech(&d.text, &lines, &turn_ranges(store, &doc_id)?, range)
        .map_err(super::Error::Invalid)?;
    let coder = match coder {
        Some(c) => c.to_string(),
        None => store.current_coder()?,
    };
    let mut c = new_coding(&doc_id, &code_id, &coder, snapped);
    c.memo = memo.map(str::to_string).filter(|m| !m.trim().is_empty());
    let snapped_from = (snapped != range).then_some(range);
    if let Some(id) = codings::find_identical(store.conn(), &c)? {
        c.id = id;
        return Ok(Added {
            coding: c,
            already_present: true,
            snapped_from,
        });
    }
    super::edit::apply(store, &Change::AddCoding(c.clone()))?;
    Ok(Added {
        coding: c,
        already_present: false,
        snapped_from,
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonCoding {
    doc: String,
    code: String,
    coder: Option<String>,
    start: usize,
    end: usize,
    memo: Option<String>,
}

/// What `gloss codings import` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    /// Lines whose coding was already stored (or repeated in the file).
    pub already_present: usize,
    /// Lines whose range was moved out of a speaker label or timestamp.
    pub snapped: usize,
}

/// `gloss codings import FILE.jsonl`: all lines or none. A line without a
/// coder is the current coder's (`--coder`, else the project's).
pub fn import_jsonl(store: &mut Store, path: &Path) -> super::Result<Imported> {
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, e.to_string()))?;
    import_jsonl_bytes(store, path, &bytes)
}

/// `import_jsonl` of bytes already read (`path` names them in errors).
pub fn import_jsonl_bytes(store: &mut Store, path: &Path, bytes: &[u8]) -> super::Result<Imported> {
    let text_ = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| super::Error::file(path, "not UTF-8 text"))?;
    let current = store.current_coder()?;
    let mut docs: HashMap<String, (DocumentId, String, LineIndex, Vec<CharRange>)> = HashMap::new();
    let mut snapped = 0;
    let mut codes_seen: HashMap<String, CodeId> = HashMap::new();
    let mut batch = Vec::new();
    for (i, line) in text_.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |reason: String| super::Error::file(path, format!("line {}: {reason}", i + 1));
        let j: JsonCoding = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        if !docs.contains_key(&j.doc) {
            let id = super::documents::resolve(store, &j.doc).map_err(|e| at(e.to_string()))?;
            let d = documents::get(store.conn(), &id)?;
            let li = LineIndex::new(&d.text);
            let turns = turn_ranges(store, &id)?;
            docs.insert(j.doc.clone(), (id, d.text, li, turns));
        }
        let (doc_id, doc_text, li, turns) = &docs[&j.doc];
        // Each code is looked up once, not once per line.
        let code = match codes_seen.get(&j.code) {
            Some(id) => id.clone(),
            None => {
                let id = resolve_code(store, &j.code).map_err(|e| at(e.to_string()))?;
                codes_seen.insert(j.code.clone(), id.clone());
                id
            }
        };
        let range = CharRange {
            start: j.start,
            end: j.end,
        };
        check_range(doc_text, li, range).map_err(at)?;
        let range_ = snap_to_speech(doc_text, li, turns, range).map_err(at)?;
        snapped += usize::from(range_ != range);
        let range = range_;
        let coder = j
            .coder
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| current.clone());
        let mut c = new_coding(doc_id, &code, &coder, range);
        c.memo = j.memo.filter(|m| !m.trim().is_empty());
        batch.push(Change::AddCoding(c));
    }
    let n = batch.len();
    let (left, already_present) = super::edit::drop_present(store, Change::Batch(batch))?;
    if let Some(change) = left {
        super::edit::apply(store, &change)?;
    }
    Ok(Imported {
        added: n - already_present,
        already_present,
        snapped,
    })
}

/// What `gloss codings reassign` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reassigned {
    pub moved: usize,
    /// Codings of `from` identical to one `to` already had: removed, as a
    /// coding is never stored twice.
    pub merged: usize,
}

/// The change that moves `from`'s codings (of `doc`, or all) to `to`, in
/// one undoable step.
pub fn reassign_change(
    store: &Store,
    from: &str,
    to: &str,
    doc: Option<&str>,
) -> super::Result<(Change, Reassigned)> {
    let to = to.trim();
    if to.is_empty() {
        return Err(super::Error::Invalid(
            "--to: the coder name is empty".into(),
        ));
    }
    let known = codings::coders_with_counts(store.conn())?;
    if !known.iter().any(|(k, _)| k == from) {
        return Err(super::Error::Invalid(format!(
            "--from: no coder {:?} in {}; known coders: {}",
            sanitize::one_line(from),
            store.path().display(),
            super::listing(known.iter().map(|(k, n)| format!("{k} ({n})")))
        )));
    }
    if from == to {
        return Err(super::Error::Invalid(format!(
            "--from and --to are both {:?}",
            sanitize::one_line(from)
        )));
    }
    let document = doc
        .map(|d| super::documents::resolve(store, d))
        .transpose()?;
    let theirs = codings::list(
        store.conn(),
        &CodingFilter {
            document,
            coder: Some(from.to_string()),
            ..Default::default()
        },
    )?;
    let mut moved = Vec::new();
    let mut batch = Vec::new();
    for c in theirs {
        let as_to = Coding {
            coder: to.to_string(),
            ..c.clone()
        };
        if codings::find_identical(store.conn(), &as_to)?.is_some() {
            batch.push(Change::RemoveCoding(c));
        } else {
            moved.push(c.id);
        }
    }
    let r = Reassigned {
        moved: moved.len(),
        merged: batch.len(),
    };
    batch.push(Change::Reassign {
        codings: moved,
        before: from.to_string(),
        after: to.to_string(),
    });
    Ok((Change::Batch(batch), r))
}

/// `gloss codings reassign PROJECT --from A --to B [--doc D]`: one
/// transaction.
pub fn reassign(
    store: &mut Store,
    from: &str,
    to: &str,
    doc: Option<&str>,
) -> super::Result<Reassigned> {
    let (change, r) = reassign_change(store, from, to, doc)?;
    super::edit::apply(store, &change)?;
    Ok(r)
}

/// Codings with their document names, code paths and text.
pub fn views(store: &Store, list: &[Coding]) -> super::Result<Vec<CodedPassage>> {
    let book = super::codebook::load(store)?;
    let names = document_names(store)?;
    let mut texts: HashMap<DocumentId, String> = HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        if !texts.contains_key(&c.document) {
            texts.insert(
                c.document.clone(),
                documents::get(store.conn(), &c.document)?.text,
            );
        }
        let text = text::char_slice(&texts[&c.document], c.range).to_string();
        let doc = names.get(&c.document).map_or("", String::as_str);
        out.push(CodedPassage::new(c.clone(), doc, &book, text));
    }
    Ok(out)
}

/// Every document's name, by id (what passages are placed by).
pub fn document_names(store: &Store) -> super::Result<HashMap<DocumentId, String>> {
    Ok(documents::list(store.conn())?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}
