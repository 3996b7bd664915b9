//! Coding: resolving codes, building the changes a coder makes (apply,
//! remove, recode, memo, in-vivo), listing codings and importing them.

use crate::core::history::Change;
use crate::core::motion::Doc;
use crate::core::text::{self, LineIndex};
use crate::core::{sanitize, CharRange, Code, CodeId, Coding, CodingId, DocumentId};
use crate::store::{codes, codings, documents, Store};
use std::collections::HashMap;
use std::path::Path;

pub use crate::store::codings::CodingFilter;

/// `parent/child` path of every code, by id.
pub fn code_paths(all: &[Code]) -> HashMap<CodeId, String> {
    let by_id: HashMap<&CodeId, &Code> = all.iter().map(|c| (&c.id, c)).collect();
    all.iter()
        .map(|c| {
            let mut parts = vec![c.name.as_str()];
            let mut p = c.parent.as_ref();
            let mut guard = 0;
            while let Some(pid) = p {
                let Some(parent) = by_id.get(pid) else { break };
                parts.push(parent.name.as_str());
                p = parent.parent.as_ref();
                guard += 1;
                if guard > 64 {
                    break;
                }
            }
            parts.reverse();
            (c.id.clone(), parts.join("/"))
        })
        .collect()
}

/// Finds a code by id, path (`parent/child`) or unique name.
pub fn resolve_code(store: &Store, key: &str) -> super::Result<CodeId> {
    let all = codes::list(store.conn())?;
    if let Some(c) = all.iter().find(|c| c.id.0 == key) {
        return Ok(c.id.clone());
    }
    let paths = code_paths(&all);
    if let Some((id, _)) = paths.iter().find(|(_, p)| p.as_str() == key) {
        return Ok(id.clone());
    }
    let named: Vec<&Code> = all.iter().filter(|c| c.name == key).collect();
    match named.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(super::Error::Invalid(format!(
            "no code {:?} in the codebook",
            sanitize::one_line(key)
        ))),
        many => Err(super::Error::Invalid(format!(
            "code name {:?} is ambiguous; use its path: {}",
            sanitize::one_line(key),
            many.iter()
                .filter_map(|c| paths.get(&c.id).cloned())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
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

/// A code and all its descendants (the code first).
pub fn with_descendants(all: &[Code], root: &CodeId) -> Vec<CodeId> {
    let mut out = vec![root.clone()];
    let mut i = 0;
    while i < out.len() {
        let id = out[i].clone();
        out.extend(
            all.iter()
                .filter(|c| c.parent.as_ref() == Some(&id))
                .map(|c| c.id.clone()),
        );
        i += 1;
    }
    out
}

/// Checks that `range` is a valid, non-empty range of `text` that splits no
/// character cluster.
pub fn check_range(text_: &str, lines: &LineIndex, range: CharRange) -> Result<(), String> {
    let doc = Doc {
        text: text_,
        lines,
        turns: &[],
    };
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

/// `gloss codings add`: one coding, checked against the document.
pub fn add(
    store: &mut Store,
    doc: &str,
    code: &str,
    range: CharRange,
    coder: Option<&str>,
    memo: Option<&str>,
) -> super::Result<Coding> {
    let doc_id = super::documents::resolve(store, doc)?;
    let code_id = resolve_code(store, code)?;
    let d = documents::get(store.conn(), &doc_id)?;
    check_range(&d.text, &LineIndex::new(&d.text), range).map_err(super::Error::Invalid)?;
    let coder = match coder {
        Some(c) => c.to_string(),
        None => store.current_coder()?,
    };
    let mut c = new_coding(&doc_id, &code_id, &coder, range);
    c.memo = memo.map(str::to_string).filter(|m| !m.trim().is_empty());
    super::edit::apply(store, &Change::AddCoding(c.clone()))?;
    Ok(c)
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

/// `gloss codings import FILE.jsonl`: all lines or none.
pub fn import_jsonl(store: &mut Store, path: &Path) -> super::Result<usize> {
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, e.to_string()))?;
    import_jsonl_bytes(store, path, &bytes)
}

/// `import_jsonl` of bytes already read (`path` names them in errors).
pub fn import_jsonl_bytes(store: &mut Store, path: &Path, bytes: &[u8]) -> super::Result<usize> {
    let text_ = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| super::Error::file(path, "not UTF-8 text"))?;
    let current = store.current_coder()?;
    let mut docs: HashMap<String, (DocumentId, String, LineIndex)> = HashMap::new();
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
            docs.insert(j.doc.clone(), (id, d.text, li));
        }
        let (doc_id, doc_text, li) = &docs[&j.doc];
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
        let coder = j
            .coder
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| current.clone());
        let mut c = new_coding(doc_id, &code, &coder, range);
        c.memo = j.memo.filter(|m| !m.trim().is_empty());
        batch.push(Change::AddCoding(c));
    }
    let n = batch.len();
    super::edit::apply(store, &Change::Batch(batch))?;
    Ok(n)
}

/// A coding with what a reader needs: names, path, and its text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CodingView {
    pub id: String,
    pub doc: String,
    pub doc_id: String,
    pub code: String,
    pub code_id: String,
    pub coder: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub memo: Option<String>,
}

/// Codings with their document names, code paths and text.
pub fn views(store: &Store, list: &[Coding]) -> super::Result<Vec<CodingView>> {
    let paths = code_paths(&codes::list(store.conn())?);
    let names: HashMap<DocumentId, String> = documents::list(store.conn())?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut texts: HashMap<DocumentId, String> = HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        if !texts.contains_key(&c.document) {
            texts.insert(
                c.document.clone(),
                documents::get(store.conn(), &c.document)?.text,
            );
        }
        out.push(CodingView {
            id: c.id.0.clone(),
            doc: names.get(&c.document).cloned().unwrap_or_default(),
            doc_id: c.document.0.clone(),
            code: paths.get(&c.code).cloned().unwrap_or_default(),
            code_id: c.code.0.clone(),
            coder: c.coder.clone(),
            start: c.range.start,
            end: c.range.end,
            text: text::char_slice(&texts[&c.document], c.range).to_string(),
            memo: c.memo.clone(),
        });
    }
    Ok(out)
}
