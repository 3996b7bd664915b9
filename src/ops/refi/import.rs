//! `.qdpx` → project (see `ops::refi`).

use crate::core::codebook::{normalize, CodebookTree};
use crate::core::SourceFormat;
use crate::core::{sanitize, CharRange, CodeId, Coding, CodingId, DocumentId};
use crate::formats::codebook::qdc;
use crate::formats::refi::archive::Location;
use crate::formats::refi::positions::{self, Bad, Reading, Sample};
use crate::formats::refi::{read, write, Archive};
use crate::formats::FormatChoice;
use crate::ops::merge::Mapped;
use crate::store::{agreement as sa, codings, documents, edits, participants, revisions, Store};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub origin: String,
    /// How positions were read (e.g. "UTF-16 units, CR LF = 2").
    pub positions: String,
    pub documents_added: Vec<String>,
    /// (source name, name of the document here with the same text).
    pub documents_existing: Vec<(String, String)>,
    pub codes_added: usize,
    pub codes_matched: usize,
    pub codings_added: usize,
    pub codings_already_present: usize,
    /// Codings of a document here that was edited, placed on the same
    /// words at other offsets (as merge does).
    pub codings_mapped: usize,
    /// Codings that could not be placed on words of their own: orphans,
    /// in the review queue.
    pub codings_orphaned: usize,
    pub coders: Vec<String>,
    pub memos: usize,
    pub participants_updated: usize,
    /// One line per thing left out (spec 7: the user is told).
    pub skipped: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Skip text sources whose file is missing instead of failing.
    pub skip_missing: bool,
}

/// A text source read and decoded, not yet stored.
struct Loaded {
    src: read::TextSource,
    name: String,
    raw: String,
    text: String,
    path: String,
}

fn qde_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("is UTF-16; REFI-QDA requires UTF-8".into());
    }
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(b).map_err(|e| format!("is not UTF-8 (byte {})", e.valid_up_to()))
}

/// Sibling codes with the same name, or without one, get a suffix so the
/// codebook can be stored (REFI does not forbid them).
fn dedupe_names(nodes: &mut [crate::core::codebook::CodeNode], warnings: &mut Vec<String>) {
    let mut seen = HashSet::new();
    for n in nodes.iter_mut() {
        let base = sanitize::one_line(n.name.trim()).trim().to_string();
        let base = if base.is_empty() {
            "(unnamed)".to_string()
        } else {
            base
        };
        let mut name = base.clone();
        let mut k = 2;
        while !seen.insert(name.clone()) {
            name = format!("{base} ({k})");
            k += 1;
        }
        if name != n.name {
            warnings.push(format!(
                "code {:?} renamed {name:?} (empty or repeated name)",
                n.name
            ));
            n.name = name;
        }
        dedupe_names(&mut n.children, warnings);
    }
}

fn note_text(n: &read::Note, content: Option<String>) -> String {
    let body = content.unwrap_or_default();
    let title = n.name.trim();
    let stem = title.trim_end_matches('…').trim_end();
    if title.is_empty() || body.trim_start().starts_with(stem) {
        body
    } else if body.trim().is_empty() {
        title.to_string()
    } else {
        format!("{title}\n\n{body}")
    }
}

fn append(old: Option<String>, new: &str) -> String {
    match old {
        Some(o) if !o.trim().is_empty() => {
            if o.contains(new.trim()) {
                o
            } else {
                format!("{}\n\n{}", o.trim_end(), new.trim())
            }
        }
        _ => new.trim().to_string(),
    }
}

/// `old` with each of `parts` appended (a blank line between), except the
/// parts already there: those whose every paragraph (blank-line separated)
/// is a paragraph of the memo. Linear in the total length, as paragraphs
/// are looked up by hash (appending one part at a time, each searched for
/// in the memo grown by all before it, was quadratic in the number of notes
/// on a document).
fn append_all(old: Option<String>, parts: &[String]) -> Option<String> {
    let old = old.filter(|o| !o.trim().is_empty());
    let mut memo = old.as_deref().map_or("", str::trim_end).to_string();
    let paragraphs = |t: &str| -> Vec<String> {
        t.split("\n\n")
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    };
    let mut seen: HashSet<String> = paragraphs(&memo).into_iter().collect();
    let mut changed = false;
    for p in parts {
        let p = p.trim();
        let own = paragraphs(p);
        if own.iter().all(|q| seen.contains(q)) {
            continue;
        }
        if !memo.is_empty() {
            memo.push_str("\n\n");
        }
        memo.push_str(p);
        seen.extend(own);
        changed = true;
    }
    if changed {
        Some(memo)
    } else {
        old
    }
}

pub fn import(
    store: &mut Store,
    file: &Path,
    opts: ImportOptions,
) -> crate::ops::Result<ImportReport> {
    let ferr = |m: String| crate::ops::Error::file(file, m);
    let meta = std::fs::metadata(file).map_err(|e| ferr(e.to_string()))?;
    if meta.len() > crate::ops::import::MAX_FILE_BYTES {
        return Err(ferr(format!(
            "too large ({} MB; the limit is {} MB)",
            meta.len() / 1_048_576,
            crate::ops::import::MAX_FILE_BYTES / 1_048_576
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| ferr(e.to_string()))?;
    let mut ar = Archive::open(&bytes).map_err(ferr)?;
    let qde_name = ar.qde_name().to_string();
    let qde = ar.read_qde().map_err(ferr)?;
    let xml = qde_text(&qde).map_err(|e| ferr(format!("{qde_name} {e}")))?;
    let project = read::parse_project(xml).map_err(|e| ferr(format!("{qde_name}: {e}")))?;
    let mut r = ImportReport {
        origin: project.origin.clone(),
        ..ImportReport::default()
    };
    // Codebook.
    let mut tree = if xml.contains("CodeBook") {
        let (t, w) = qdc::parse(xml).map_err(|e| ferr(format!("{qde_name}: {e}")))?;
        r.warnings.extend(w);
        t
    } else {
        CodebookTree::default()
    };
    dedupe_names(&mut tree.codes, &mut r.warnings);
    normalize(&mut tree).map_err(|e| ferr(format!("{qde_name}: {e}")))?;
    // Texts.
    let mut loaded = Vec::new();
    for (i, src) in project.sources.iter().enumerate() {
        let label = if src.name.is_empty() {
            src.plain_text_path
                .clone()
                .unwrap_or_else(|| src.guid.clone())
        } else {
            src.name.clone()
        };
        let label = sanitize::one_line(&label);
        let (bytes, path) = match (&src.content, &src.plain_text_path) {
            (Some(c), _) if src.plain_text_path.is_none() => {
                (c.as_bytes().to_vec(), "inline".to_string())
            }
            (_, Some(p)) => match ar.locate(p) {
                Location::Internal(idx) => (ar.read_source(idx).map_err(ferr)?, ar.entry_name(idx)),
                Location::Missing(path) | Location::External(path) => {
                    let why = format!(
                        "text source {label:?} (line {}): {} is not in the archive",
                        src.line,
                        sanitize::one_line(&path)
                    );
                    if opts.skip_missing {
                        r.skipped.push(why);
                        continue;
                    }
                    return Err(ferr(format!(
                        "{why} (use --skip-missing to import the rest)"
                    )));
                }
            },
            (Some(c), None) => (c.as_bytes().to_vec(), "inline".to_string()),
            (None, None) => {
                r.skipped.push(format!(
                    "text source {label:?} (line {}): no text",
                    src.line
                ));
                continue;
            }
        };
        let raw = qde_text(&bytes)
            .map_err(|e| ferr(format!("{path} (text source {label:?}) {e}")))?
            .to_string();
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw).to_string();
        let text = positions::normalise(&raw);
        let name = if src.name.trim().is_empty() {
            src.plain_text_path
                .as_deref()
                .map(|p| {
                    let base = p.rsplit(['/', '\\']).next().unwrap_or(p);
                    base.rsplit_once('.').map_or(base, |(s, _)| s).to_string()
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("source {}", i + 1))
        } else {
            src.name.trim().to_string()
        };
        if text.trim().is_empty() {
            r.warnings.push(format!(
                "text source {label:?} has no text ({path} is empty)"
            ));
        }
        loaded.push(Loaded {
            src: src.clone(),
            name: sanitize::one_line(&name),
            raw,
            text,
            path,
        });
    }
    for (kind, name) in &project.skipped {
        r.skipped.push(format!(
            "{kind} {:?}: Gloss holds text sources only",
            sanitize::one_line(name)
        ));
    }
    // Positions.
    let spans: Vec<Vec<(i64, i64)>> = loaded
        .iter()
        .map(|l| l.src.selections.iter().map(|s| (s.start, s.end)).collect())
        .collect();
    let samples: Vec<Sample<'_>> = loaded
        .iter()
        .zip(&spans)
        .map(|(l, s)| Sample {
            raw: &l.raw,
            selections: s,
        })
        .collect();
    let (reading, _fits): (Reading, _) = positions::detect(&samples, &project.origin);
    r.positions = reading.to_string();
    // Note texts (inline, or a .txt in the archive).
    let mut notes: HashMap<String, String> = HashMap::new();
    for n in &project.notes {
        let content = match (&n.content, &n.plain_text_path) {
            (Some(c), _) => Some(c.clone()),
            (None, Some(p)) => match ar.locate(p) {
                Location::Internal(i) if p.to_ascii_lowercase().ends_with(".txt") => {
                    let b = ar.read_source(i).map_err(ferr)?;
                    qde_text(&b).ok().map(positions::normalise)
                }
                _ => None,
            },
            _ => None,
        };
        notes
            .entry(n.guid.clone())
            .or_insert_with(|| note_text(n, content));
    }
    let mut used_notes: HashSet<String> = HashSet::new();
    // Write.
    let mut generation = 0;
    let current = store.current_coder()?;
    let tx = store.begin()?;
    let (cb, code_ids) = crate::ops::codebook::merge_tree(&tx, file, &tree, Vec::new(), true)?;
    r.codes_added = cb.added.len();
    r.codes_matched = cb.updated.len() + cb.unchanged;
    let users: HashMap<String, String> = project
        .users
        .iter()
        .filter(|u| !u.name.trim().is_empty())
        .map(|u| (u.guid.clone(), sanitize::one_line(u.name.trim())))
        .collect();
    let default_user = project
        .creating_user
        .as_ref()
        .and_then(|g| users.get(g))
        .cloned()
        .unwrap_or(current);
    let mut coders = std::collections::BTreeSet::new();
    let mut by_hash: HashMap<String, DocumentId> = HashMap::new();
    let mut doc_of_source: HashMap<String, DocumentId> = HashMap::new();
    let mut new_docs = Vec::new();
    let mut coding_ids: HashSet<String> = HashSet::new();
    let (mut clamped, mut empty, mut unknown_code) = (0usize, 0usize, 0usize);
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for l in &loaded {
        let hash = crate::ops::import::content_hash(&l.text);
        let by_guid = crate::formats::refi::guid(&l.src.guid)
            .map(DocumentId)
            .filter(|id| !new_docs.contains(id));
        let by_guid = match by_guid {
            Some(id) if revisions::document_exists(&tx, &id)? => Some(id),
            _ => None,
        };
        let doc = if let Some(id) = by_hash.get(&hash) {
            id.clone()
        } else if let Some(id) = by_guid {
            // The same document (its GUID is our id), perhaps at another
            // revision: its codings are mapped as merge maps them.
            let existing = documents::get_name(&tx, &id)?;
            r.documents_existing.push((l.name.clone(), existing));
            by_hash.insert(hash.clone(), id.clone());
            id
        } else if let Some(existing) = documents::name_by_hash(&tx, &hash)? {
            r.documents_existing
                .push((l.name.clone(), existing.clone()));
            let id = documents::resolve(&tx, &existing)?
                .ok_or_else(|| ferr(format!("document {existing:?} vanished")))?;
            by_hash.insert(hash.clone(), id.clone());
            id
        } else {
            let segs = crate::formats::import_bytes(
                l.text.as_bytes(),
                "source.txt",
                FormatChoice::Fixed(SourceFormat::Text),
            )
            .ok()
            .filter(|t| t.text == l.text)
            .map(|t| t.segments)
            .unwrap_or_default();
            let name = crate::ops::import::unique_name(&tx, &l.name)?;
            let language = crate::core::language::detect(&l.text).unwrap_or_else(|| "und".into());
            let source_path = format!("{file_name}:{}", l.path);
            let id = documents::insert(
                &tx,
                &documents::NewDocument {
                    name: &name,
                    text: &l.text,
                    language: &language,
                    source_format: SourceFormat::Text.as_str(),
                    source_path: Some(&source_path),
                    encoding: "UTF-8",
                    content_hash: &hash,
                    segments: segs
                        .iter()
                        .map(|s| documents::NewSegment {
                            range: s.range,
                            speaker: s.speaker.as_deref(),
                            time_ms: s.time_ms,
                            end_ms: s.end_ms,
                            verified: true,
                        })
                        .collect(),
                },
            )?;
            r.documents_added.push(name);
            new_docs.push(id.clone());
            by_hash.insert(hash.clone(), id.clone());
            id
        };
        doc_of_source
            .entry(l.src.guid.clone())
            .or_insert_with(|| doc.clone());
        // Positions in this source's text, placed on the same words of
        // ours when the document here was edited since (or before).
        let placer = if new_docs.contains(&doc) {
            None
        } else {
            crate::ops::merge::placer_for_copy(&tx, &doc, &l.text)?
        };
        let map = positions::mapping(&l.raw, reading);
        let len = l.text.chars().count();
        let at = |p: i64, clamped: &mut usize| match positions::to_char(&map, p) {
            Ok(n) => n,
            Err(Bad::Negative) => {
                *clamped += 1;
                0
            }
            Err(Bad::Beyond(n)) => {
                *clamped += 1;
                n
            }
            Err(Bad::Inside) => positions::to_char(&map, p - 1).unwrap_or(0),
        };
        let mut doc_memo_extra: Vec<String> = Vec::new();
        let mut char_starts: Option<Vec<usize>> = None;
        let mut add = |c: &read::CodingRef,
                       range: CharRange,
                       memo: Option<String>,
                       r: &mut ImportReport,
                       unknown_code: &mut usize|
         -> crate::ops::Result<()> {
            let Some(code) = c.code.as_ref().and_then(|g| code_ids.get(g)) else {
                *unknown_code += 1;
                return Ok(());
            };
            let id = match &c.guid {
                Some(g) if coding_ids.insert(g.clone()) => g.clone(),
                _ => uuid::Uuid::new_v4().to_string(),
            };
            if sa::coding_exists(&tx, &id)? {
                r.codings_already_present += 1;
                return Ok(());
            }
            let (range, orphan) = match placer.as_ref().map(|p| p.map(range)) {
                None => (range, None),
                Some(Mapped::At(to)) => {
                    if to != range {
                        r.codings_mapped += 1;
                    }
                    (to, None)
                }
                Some(Mapped::Orphan { at, text, why }) => {
                    (CharRange::new(at, at), Some((text, why)))
                }
            };
            let coder = c
                .user
                .as_ref()
                .and_then(|u| users.get(u))
                .cloned()
                .unwrap_or_else(|| default_user.clone());
            let coding = Coding {
                id: CodingId(id),
                document: doc.clone(),
                code: CodeId(code.0.clone()),
                coder: coder.clone(),
                range,
                memo,
                created_at: c
                    .created
                    .clone()
                    .filter(|d| write::is_datetime(d))
                    .unwrap_or_else(crate::store::now_rfc3339),
            };
            // The same passage, code and coder under another id (a
            // selection listed twice): never stored twice.
            if orphan.is_none() && codings::find_identical(&tx, &coding)?.is_some() {
                r.codings_already_present += 1;
                return Ok(());
            }
            coders.insert(coder);
            codings::insert(&tx, &coding)?;
            if let Some((text, why)) = orphan {
                edits::set_coding_place(&tx, &coding.id, coding.range, Some(&text))?;
                let reason = format!("imported from {file_name}: {why}");
                revisions::add_review(&tx, &coding.id, &doc, &reason, &text, None)?;
                r.codings_orphaned += 1;
            }
            r.codings_added += 1;
            Ok(())
        };
        for sel in &l.src.selections {
            let (a, b) = (at(sel.start, &mut clamped), at(sel.end, &mut clamped));
            let (a, b) = (a.min(b), a.max(b));
            let mut texts: Vec<String> = Vec::new();
            if !sel.description.trim().is_empty() {
                texts.push(sel.description.trim().to_string());
            }
            for n in &sel.notes {
                if let Some(t) = notes.get(n) {
                    used_notes.insert(n.clone());
                    texts.push(t.clone());
                }
            }
            if sel.codings.is_empty() {
                if !texts.is_empty() {
                    // Byte offsets of the text's chars, built once per
                    // document (slicing by char offset from the start for
                    // each selection was quadratic).
                    let starts = char_starts.get_or_insert_with(|| {
                        l.text
                            .char_indices()
                            .map(|(i, _)| i)
                            .chain(std::iter::once(l.text.len()))
                            .collect()
                    });
                    let from = starts.get(a).copied().unwrap_or(l.text.len());
                    let quote: String = l
                        .text
                        .get(from..)
                        .unwrap_or("")
                        .chars()
                        .take(80.min(b - a))
                        .collect();
                    doc_memo_extra.push(format!(
                        "«{}» [{a}–{b}]: {}",
                        quote.trim(),
                        texts.join("\n\n")
                    ));
                }
                continue;
            }
            if a == b {
                empty += sel.codings.len();
                continue;
            }
            for c in &sel.codings {
                let mut t = texts.clone();
                for n in &c.notes {
                    if let Some(x) = notes.get(n) {
                        used_notes.insert(n.clone());
                        t.push(x.clone());
                    }
                }
                let memo = (!t.is_empty()).then(|| t.join("\n\n"));
                add(c, CharRange::new(a, b), memo, &mut r, &mut unknown_code)?;
            }
        }
        for c in &l.src.codings {
            if len == 0 {
                empty += 1;
                continue;
            }
            add(c, CharRange::new(0, len), None, &mut r, &mut unknown_code)?;
        }
        for n in &l.src.notes {
            if let Some(t) = notes.get(n) {
                used_notes.insert(n.clone());
                doc_memo_extra.insert(0, t.clone());
            }
        }
        if !doc_memo_extra.is_empty() {
            let memo = append_all(codings::document_memo(&tx, &doc)?, &doc_memo_extra);
            codings::set_document_memo(&tx, &doc, memo.as_deref())?;
            r.memos += doc_memo_extra.len();
        }
    }
    // Code memos.
    for (code_guid, note) in &project.code_notes {
        let (Some(code), Some(t)) = (code_ids.get(code_guid), notes.get(note)) else {
            continue;
        };
        used_notes.insert(note.clone());
        match sa::memo_at(&tx, None, Some(code))? {
            Some((id, old)) => {
                let joined = append(Some(old.clone()), t);
                if joined != old {
                    sa::set_memo_text(&tx, &id, &joined)?;
                    r.memos += 1;
                }
            }
            None => {
                let now = crate::store::now_rfc3339();
                sa::insert_memo(
                    &tx,
                    &sa::MemoRow {
                        id: uuid::Uuid::new_v4().to_string(),
                        document: None,
                        code: Some(code.clone()),
                        coder: None,
                        text: t.clone(),
                        created_at: now.clone(),
                        updated_at: now,
                    },
                )?;
                r.memos += 1;
            }
        }
    }
    // Cases → participants' attributes.
    let var_names: HashMap<&str, String> = project
        .variables
        .iter()
        .map(|v| (v.guid.as_str(), sanitize::one_line(v.name.trim())))
        .collect();
    let imported: Vec<DocumentId> = doc_of_source.values().cloned().collect();
    for case in &project.cases {
        if case.values.is_empty() || case.name.trim().is_empty() {
            continue;
        }
        let targets: Vec<DocumentId> = if case.sources.is_empty() {
            imported.clone()
        } else {
            case.sources
                .iter()
                .filter_map(|g| doc_of_source.get(g).cloned())
                .collect()
        };
        let mut matched = false;
        for d in &targets {
            if let Some(who) = participants::find(&tx, d, case.name.trim())? {
                matched = true;
                for (var, value) in &case.values {
                    if let Some(key) = var_names.get(var.as_str()).filter(|k| !k.is_empty()) {
                        participants::set_attribute(&tx, who, key, value.trim())?;
                    }
                }
                r.participants_updated += 1;
            }
        }
        if !matched {
            r.skipped.push(format!(
                "case {:?}: no speaker of that name in its documents (its {} variable value(s) not imported)",
                sanitize::one_line(&case.name),
                case.values.len()
            ));
        }
    }
    let unused = project
        .notes
        .iter()
        .filter(|n| !used_notes.contains(&n.guid))
        .count();
    if unused > 0 {
        r.skipped.push(format!(
            "{unused} note(s) not attached to a text source, code or coded selection (Gloss has no project memos)"
        ));
    }
    if clamped > 0 {
        r.warnings.push(format!(
            "{clamped} selection position(s) outside the text were clamped to it"
        ));
    }
    if empty > 0 {
        r.skipped
            .push(format!("{empty} coding(s) of an empty selection"));
    }
    if unknown_code > 0 {
        r.skipped.push(format!(
            "{unknown_code} coding(s) whose code is not in the codebook"
        ));
    }
    r.coders = coders.into_iter().collect();
    if !new_docs.is_empty() {
        generation = crate::ops::search::documents_added(&tx)?;
    }
    tx.commit()?;
    if !new_docs.is_empty() {
        let _ = crate::ops::search::index_new_documents(store, generation, &new_docs);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_parts_are_appended_once() {
        let parts = [
            "a".to_string(),
            "b\n\nc".to_string(),
            "a".to_string(),
            " ".to_string(),
            "c\n\nb".to_string(),
        ];
        let memo = append_all(None, &parts);
        assert_eq!(memo.as_deref(), Some("a\n\nb\n\nc"));
        // Importing the same notes again changes nothing.
        assert_eq!(append_all(memo.clone(), &parts), memo);
        assert_eq!(
            append_all(Some("old  \n".into()), &["new".to_string()]).as_deref(),
            Some("old\n\nnew")
        );
        assert_eq!(
            append_all(Some("kept as is \n".into()), &[]).as_deref(),
            Some("kept as is \n")
        );
        // Many notes on one document: linear, not a search of the whole
        // memo for each.
        let many: Vec<String> = (0..20_000).map(|i| format!("note {i}")).collect();
        let memo = append_all(None, &many).unwrap_or_default();
        assert_eq!(memo.matches("\n\n").count(), 19_999);
    }
}
