//! Search: keeping the tantivy index (a derived cache in the user cache
//! directory) in step with the project, and running queries with the
//! project-side filters (`doc:`, `code:`) resolved.

pub mod bench;

use crate::core::query::{self, Clause, Filter};
use crate::core::text;
use crate::index::{IndexDoc, IndexLock, SearchFilters, SearchIndex, SearchOptions, SearchResult};
use crate::store::{codings, documents, Store};
use std::path::PathBuf;

/// Project key counting changes to the documents (imports); the index is
/// stamped with it.
pub const GENERATION_KEY: &str = "content_generation";

pub fn generation(store: &Store) -> super::Result<u64> {
    generation_in(store.conn())
}

fn generation_in(conn: &rusqlite::Connection) -> super::Result<u64> {
    Ok(crate::store::meta_in(conn, GENERATION_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Inside the transaction that adds documents (it holds the project's write
/// lock, so no other change can come between): the content moves one
/// generation on. Returns the generation it moved from: only an index
/// stamped with exactly that one can be brought forward with the new
/// documents ([`index_new_documents`]).
pub(crate) fn documents_added(conn: &rusqlite::Connection) -> super::Result<u64> {
    let previous = generation_in(conn)?;
    crate::store::set_meta_in(conn, GENERATION_KEY, &(previous + 1).to_string())?;
    Ok(previous)
}

fn index_error(e: crate::index::IndexError) -> super::Error {
    super::Error::Invalid(e.to_string())
}

/// Where the index of this project lives (honours `XDG_CACHE_HOME`). Gloss's
/// cache directory is made owner-only (created 0700, tightened if looser).
pub fn index_dir(store: &Store) -> super::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "gloss").ok_or_else(|| {
        super::Error::Invalid("cannot find a cache directory for the search index".into())
    })?;
    let root = dirs.cache_dir().join("index");
    crate::index::private_dir(dirs.cache_dir()).map_err(index_error)?;
    crate::index::private_dir(&root).map_err(index_error)?;
    Ok(root.join(store.uuid()?))
}

/// The index, opened, or rebuilt when missing, stale or corrupt;
/// `progress(done, total)` reports a rebuild.
pub fn ensure_index(
    store: &Store,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    ensure_index_at(store, &index_dir(store)?, progress)
}

/// `ensure_index` with the index in `dir` (tests keep it in a temp dir).
/// Opening waits while another process builds or updates the index; of two
/// processes that find it missing or stale, one rebuilds it and the other
/// waits for it and opens it.
pub fn ensure_index_at(
    store: &Store,
    dir: &std::path::Path,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    let uuid = store.uuid()?;
    {
        let _shared = IndexLock::shared(dir).map_err(index_error)?;
        if let Some(ix) = SearchIndex::open(dir, &uuid, generation(store)?) {
            return Ok(ix);
        }
    }
    let _exclusive = IndexLock::exclusive(dir).map_err(index_error)?;
    // Built (or brought forward) by another process while this one waited?
    if let Some(ix) = SearchIndex::open(dir, &uuid, generation(store)?) {
        return Ok(ix);
    }
    rebuild_locked(store, dir, progress)
}

/// Rebuilds the index from the project (waiting for any other process
/// using it; searches that already opened it keep their answers).
pub fn rebuild(
    store: &Store,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    let dir = index_dir(store)?;
    let _exclusive = IndexLock::exclusive(&dir).map_err(index_error)?;
    rebuild_locked(store, &dir, progress)
}

/// Under the exclusive lock: the generation and the documents are read in
/// one read transaction, so the stamp says exactly what the index holds
/// even while another process imports.
fn rebuild_locked(
    store: &Store,
    dir: &std::path::Path,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    let uuid = store.uuid()?;
    let snapshot = if store.conn().is_autocommit() {
        Some(store.conn().unchecked_transaction()?)
    } else {
        None
    };
    let generation = generation(store)?;
    let docs = documents::list(store.conn())?;
    let total: usize = docs.iter().map(|d| d.segments).sum();
    progress(0, total);
    let mut all = Vec::new();
    for (pos, d) in docs.iter().enumerate() {
        all.push((pos, super::documents::load(store, &d.id)?));
    }
    drop(snapshot);
    let turns = all
        .iter()
        .flat_map(|(pos, loaded)| index_docs(*pos, loaded));
    SearchIndex::rebuild(dir, &uuid, generation, turns, &mut |n| progress(n, total))
        .map_err(index_error)
}

/// The index documents (turns) of one loaded document.
fn index_docs(
    position: usize,
    loaded: &super::documents::LoadedDocument,
) -> impl Iterator<Item = IndexDoc<'_>> {
    let d = &loaded.document;
    let ranges: Vec<_> = loaded.segments.iter().map(|s| s.range).collect();
    let texts = text::char_slices(&d.text, &ranges);
    loaded
        .segments
        .iter()
        .zip(texts)
        .enumerate()
        .map(move |(ordinal, (s, t))| IndexDoc {
            seg_id: s.id.0,
            doc_id: &d.id.0,
            doc_name: &d.name,
            speaker: s.speaker.as_deref(),
            lang: &d.language,
            start_char: s.range.start,
            time_ms: s.time_ms,
            order: ((position as u64) << 32) | ordinal as u64,
            text: t,
        })
}

/// After an import committed: brings an index stamped with `previous` (the
/// generation [`documents_added`] moved from) forward with the new documents,
/// under the exclusive lock, so they are searchable at once. Any other index
/// (missing, or stamped otherwise because another import came between) is
/// left for the next search to rebuild: its stamp no longer matches the
/// project, so it is never taken for current.
pub fn index_new_documents(
    store: &Store,
    previous: u64,
    new_docs: &[crate::core::DocumentId],
) -> super::Result<bool> {
    let dir = index_dir(store)?;
    let uuid = store.uuid()?;
    let _exclusive = IndexLock::exclusive(&dir).map_err(index_error)?;
    let Some(ix) = SearchIndex::open(&dir, &uuid, previous) else {
        return Ok(false);
    };
    // Positions by id: one look-up per new document, not a scan of all.
    let position: std::collections::HashMap<crate::core::DocumentId, usize> =
        documents::names(store.conn())?
            .into_iter()
            .enumerate()
            .map(|(i, (id, _))| (id, i))
            .collect();
    let mut loaded = Vec::new();
    for id in new_docs {
        let pos = position.get(id).copied().unwrap_or(0);
        loaded.push((pos, super::documents::load(store, id)?));
    }
    ix.add(
        loaded.iter().flat_map(|(pos, l)| index_docs(*pos, l)),
        previous + 1,
    )
    .map_err(index_error)?;
    Ok(true)
}

/// Parses and runs `query`.
pub fn search(
    store: &Store,
    index: &SearchIndex,
    query_text: &str,
    opts: &SearchOptions,
) -> super::Result<SearchResult> {
    let q = query::parse(query_text).map_err(|e| super::Error::Invalid(format!("query: {e}")))?;
    let mut filters = SearchFilters::default();
    // The project is only read for the filters that need it.
    let needs = |f: Filter| {
        q.all_of
            .iter()
            .flat_map(|c| &c.any_of)
            .any(|c| matches!(c, Clause::Filter { field, .. } if *field == f))
    };
    let docs = if needs(Filter::Doc) {
        documents::names(store.conn())?
    } else {
        Vec::new()
    };
    let all_codes = if needs(Filter::Code) {
        crate::store::codes::list(store.conn())?
    } else {
        Vec::new()
    };
    for clause in q.all_of.iter().flat_map(|c| &c.any_of) {
        let Clause::Filter { field, value } = clause else {
            continue;
        };
        match field {
            Filter::Doc => {
                let v = value.to_lowercase();
                let exact: Vec<String> = docs
                    .iter()
                    .filter(|(id, name)| id.0 == *value || name.to_lowercase() == v)
                    .map(|(id, _)| id.0.clone())
                    .collect();
                let ids = if exact.is_empty() {
                    docs.iter()
                        .filter(|(_, name)| name.to_lowercase().contains(&v))
                        .map(|(id, _)| id.0.clone())
                        .collect()
                } else {
                    exact
                };
                if ids.is_empty() {
                    return Err(super::Error::Invalid(format!(
                        "query: no document matches doc:{value}"
                    )));
                }
                filters.docs.insert(value.clone(), ids);
            }
            Filter::Code => {
                let id = super::coding::resolve_code(store, value)
                    .map_err(|e| super::Error::Invalid(format!("query: code:{value}: {e}")))?;
                let codes = super::coding::with_descendants(&all_codes, &id);
                let segs = codings::segments_coded_with(store.conn(), &codes)?;
                filters
                    .codes
                    .insert(value.clone(), segs.into_iter().map(|s| s as u64).collect());
            }
            Filter::Speaker | Filter::Lang => {}
        }
    }
    index
        .search(&q, &filters, opts)
        .map_err(|e| super::Error::Invalid(e.to_string()))
}

/// A one-line snippet of a hit's turn around its first match, the matches
/// marked with `[[` `]]`, at most `width` chars.
pub fn snippet(hit: &crate::index::Hit, width: usize) -> String {
    let chars: Vec<char> = hit.text.chars().collect();
    let first = hit.matches.first().map_or(0, |m| m.start - hit.turn.start);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        let p = hit.turn.start + i;
        if hit.matches.iter().any(|m| m.start == p) {
            out.push_str("[[");
        }
        out.push(if c.is_control() { ' ' } else { *c });
        if hit.matches.iter().any(|m| m.end == p + 1) {
            out.push_str("]]");
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// How far each search hit is extended when coding hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitScope {
    /// The matched words only (each match its own coding).
    Matches,
    /// From the first to the last matched word of the turn.
    Words,
    /// The sentences holding the matches.
    Sentences,
    /// The whole turn.
    Turn,
}

/// The ranges to code for `hits` at `scope`, per document.
pub fn hit_ranges(
    store: &Store,
    hits: &[&crate::index::Hit],
    scope: HitScope,
) -> super::Result<Vec<(crate::core::DocumentId, crate::core::CharRange)>> {
    use crate::core::motion::Doc;
    use crate::core::text::LineIndex;
    use crate::core::CharRange;
    let mut docs: std::collections::HashMap<String, (String, LineIndex, Vec<CharRange>)> =
        std::collections::HashMap::new();
    let mut out: Vec<(crate::core::DocumentId, CharRange)> = Vec::new();
    for h in hits {
        let id = crate::core::DocumentId(h.doc_id.clone());
        if !docs.contains_key(&h.doc_id) {
            let d = super::documents::load(store, &id)?;
            let li = LineIndex::new(&d.document.text);
            let turns = d.segments.iter().map(|s| s.range).collect();
            docs.insert(h.doc_id.clone(), (d.document.text, li, turns));
        }
        let (text_, li, turns) = &docs[&h.doc_id];
        let doc = Doc {
            text: text_,
            lines: li,
            turns,
        };
        let (Some(first), Some(last)) = (h.matches.first(), h.matches.last()) else {
            out.push((id, h.turn));
            continue;
        };
        match scope {
            HitScope::Matches => out.extend(h.matches.iter().map(|m| (id.clone(), *m))),
            HitScope::Words => out.push((id, CharRange::new(first.start, last.end))),
            HitScope::Sentences => {
                let a = doc
                    .sentence_at(first.start)
                    .map_or(first.start, |s| s.start.min(first.start));
                let b = doc
                    .sentence_at(last.end.saturating_sub(1))
                    .map_or(last.end, |s| s.end.max(last.end));
                out.push((id, CharRange::new(a, b)));
            }
            HitScope::Turn => out.push((id, h.turn)),
        }
    }
    out.sort_by(|a, b| (&a.0 .0, a.1).cmp(&(&b.0 .0, b.1)));
    out.dedup();
    Ok(out)
}
