//! Search: keeping the tantivy index (a derived cache in the user cache
//! directory) in step with the project, and running queries with the
//! project-side filters (`doc:`, `code:`) resolved.

pub mod bench;
pub mod bench_encrypted;
mod home;
#[cfg(test)]
mod tests;

use crate::core::query::{self, Clause, Filter};
use crate::core::{text, CharRange, DocumentId, SegmentId};
use crate::index::{
    Hit, IndexDoc, IndexLock, Removal, SearchFilters, SearchIndex, SearchOptions, SearchResult,
};
use crate::store::search as search_rows;
use crate::store::{codings, documents, Store};
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use home::{index_dir, remove_index_dir};
use home::{open_index, start_index};

/// Project key counting changes to the documents (imports, edits of text
/// or turns, deletions); the index is stamped with it.
pub const GENERATION_KEY: &str = "content_generation";

pub fn generation(store: &Store) -> super::Result<u64> {
    generation_in(store.conn())
}

fn generation_in(conn: &rusqlite::Connection) -> super::Result<u64> {
    Ok(crate::store::meta_in(conn, GENERATION_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

/// Moves the content one generation on; returns the one it moved from.
fn bump(conn: &rusqlite::Connection) -> super::Result<u64> {
    let previous = generation_in(conn)?;
    crate::store::set_meta_in(conn, GENERATION_KEY, &(previous + 1).to_string())?;
    Ok(previous)
}

/// Inside the transaction that adds documents (it holds the project's write
/// lock, so no other change can come between): the content moves one
/// generation on. Returns the generation it moved from: only an index
/// stamped with exactly that one can be brought forward with the new
/// documents ([`index_new_documents`]).
pub(crate) fn documents_added(conn: &rusqlite::Connection) -> super::Result<u64> {
    bump(conn)
}

/// Inside the transaction that edits a document's text or turns (or
/// removes a document): the content moves one generation on. Returns the
/// generation it moved from, for [`reindex_turns`] (or
/// [`reindex_document_removed`]) after the commit.
// Called by the edit operations of issue 12 (text, turns, deletion).
pub(crate) fn turns_changed(conn: &rusqlite::Connection) -> super::Result<u64> {
    bump(conn)
}

fn index_error(e: crate::index::IndexError) -> super::Error {
    super::Error::Invalid(e.to_string())
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
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    // The sealed index's key is made (once) before any lock is taken.
    store.index_key()?;
    {
        let _shared = IndexLock::shared(dir).map_err(index_error)?;
        if let Some(ix) = open_index(store, dir, generation(store)?)? {
            return Ok(ix);
        }
    }
    let _exclusive = IndexLock::exclusive(dir).map_err(index_error)?;
    // Built (or brought forward) by another process while this one waited?
    if let Some(ix) = open_index(store, dir, generation(store)?)? {
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
    store.index_key()?;
    let dir = index_dir(store)?;
    let _exclusive = IndexLock::exclusive(&dir).map_err(index_error)?;
    rebuild_locked(store, &dir, progress)
}

/// A read transaction, unless the connection is already in one: what is
/// read under it is one state of the project.
fn snapshot(store: &Store) -> super::Result<Option<rusqlite::Transaction<'_>>> {
    Ok(if store.conn().is_autocommit() {
        Some(store.conn().unchecked_transaction()?)
    } else {
        None
    })
}

/// Under the exclusive lock: the generation and the documents are read in
/// one read transaction, so the stamp says exactly what the index holds
/// even while another process imports or edits. Documents are read and fed
/// to the writer one at a time (memory does not grow with the corpus).
fn rebuild_locked(
    store: &Store,
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    let builder = start_index(store, dir)?;
    fill(store, builder, progress)
}

/// Feeds every turn of the project to `builder` and stamps it.
fn fill(
    store: &Store,
    mut builder: crate::index::Builder,
    progress: &mut dyn FnMut(usize, usize),
) -> super::Result<SearchIndex> {
    let _snapshot = snapshot(store)?;
    let generation = generation(store)?;
    let conn = store.conn();
    let positions = search_rows::document_positions(conn)?;
    let total: usize = documents::list(conn)?.iter().map(|d| d.segments).sum();
    progress(0, total);
    let mut reported = 0;
    for (id, position) in &positions {
        let loaded = super::documents::load(store, id)?;
        for d in index_docs(*position, &loaded) {
            builder.add(&d).map_err(index_error)?;
        }
        if builder.added() >= reported + 5000 {
            reported = builder.added();
            progress(reported, total);
        }
    }
    let n = builder.added();
    let ix = builder.finish(generation).map_err(index_error)?;
    progress(n, total);
    Ok(ix)
}

/// Room between the order keys of neighbouring turns at a build, so a turn
/// split in two gets a key between its neighbours' without re-keying the
/// turns after it.
const ORDER_GAP: u64 = 1 << 10;

/// The corpus order key of the turn of rank `rank` in the document at
/// `position`, as a full build assigns it.
fn order_key(position: i64, rank: usize) -> u64 {
    ((position as u64) << 32) | ((rank as u64 + 1) * ORDER_GAP)
}

/// The index documents (turns) of one loaded document.
fn index_docs(
    position: i64,
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
        .map(move |(rank, (s, t))| IndexDoc {
            seg_id: s.id.0,
            doc_id: &d.id.0,
            participant: s.participant.map(|p| p.0),
            lang: &d.language,
            order: order_key(position, rank),
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
    new_docs: &[DocumentId],
) -> super::Result<bool> {
    let dir = index_dir(store)?;
    let _exclusive = IndexLock::exclusive(&dir).map_err(index_error)?;
    let Some(ix) = open_index(store, &dir, previous)? else {
        return Ok(false);
    };
    let mut loaded = Vec::new();
    for id in new_docs {
        let Some((pos, _)) = search_rows::document_position(store.conn(), id)? else {
            continue;
        };
        loaded.push((pos, super::documents::load(store, id)?));
    }
    ix.add(
        loaded.iter().flat_map(|(pos, l)| index_docs(*pos, l)),
        previous + 1,
    )
    .map_err(index_error)?;
    Ok(true)
}

/// After an edit of `doc`'s text or turns committed (the transaction called
/// [`turns_changed`], which returned `previous`): under the exclusive lock,
/// brings an index stamped `previous` forward to the project as it is now.
/// The `removed` turns and the `changed` ones (edited, split off, given
/// another speaker) leave the index, and the changed ones come back from
/// the project's current text; turns whose order moved (a split or a join
/// before them) are re-keyed. Returns false, touching nothing, when the
/// index is not at `previous` or the project has moved on again since
/// (another edit or import came between): that index is stale and the next
/// search rebuilds it.
pub fn reindex_turns(
    store: &Store,
    previous: u64,
    doc: &DocumentId,
    changed: &[SegmentId],
    removed: &[SegmentId],
) -> super::Result<bool> {
    reindex_turns_at(store, &index_dir(store)?, previous, doc, changed, removed)
}

/// [`reindex_turns`] with the index in `dir`.
pub fn reindex_turns_at(
    store: &Store,
    dir: &Path,
    previous: u64,
    doc: &DocumentId,
    changed: &[SegmentId],
    removed: &[SegmentId],
) -> super::Result<bool> {
    let _exclusive = IndexLock::exclusive(dir).map_err(index_error)?;
    let Some(ix) = open_index(store, dir, previous)? else {
        return Ok(false);
    };
    let _snapshot = snapshot(store)?;
    if generation(store)? != previous + 1 {
        return Ok(false);
    }
    let conn = store.conn();
    let Some((position, lang)) = search_rows::document_position(conn, doc)? else {
        // The document went in the same change.
        remove_document(&ix, doc, previous)?;
        return Ok(true);
    };
    let turns = search_rows::document_turns(conn, doc)?;
    let indexed = ix.turn_orders(doc.as_str()).map_err(index_error)?;
    let changed: HashSet<i64> = changed.iter().map(|s| s.0).collect();
    let keys = order_keys(position, &turns, &indexed, &changed);
    // Out: the removed turns, every turn re-added, and any turn of the
    // document the index holds but the project no longer has.
    let present: HashSet<i64> = turns.iter().map(|(s, _)| s.0).collect();
    let mut out: Vec<i64> = removed.iter().map(|s| s.0).collect();
    out.extend(indexed.keys().filter(|s| !present.contains(s)));
    out.extend(keys.iter().map(|(i, _)| turns[*i].0 .0));
    // In: their current text (the document's text is read once).
    let ids: Vec<SegmentId> = keys.iter().map(|(i, _)| turns[*i].0).collect();
    let texts: Vec<String> = search_rows::turns(conn, &ids)?
        .into_iter()
        .map(|t| t.map_or_else(String::new, |t| t.text))
        .collect();
    let docs = keys.iter().zip(&texts).map(|((i, key), t)| IndexDoc {
        seg_id: turns[*i].0 .0,
        doc_id: doc.as_str(),
        participant: turns[*i].1,
        lang: &lang,
        order: *key,
        text: t,
    });
    ix.update(
        &Removal {
            turns: &out,
            documents: &[],
        },
        docs,
        false,
        previous + 1,
    )
    .map_err(index_error)?;
    Ok(true)
}

/// After a document was removed (the transaction called [`turns_changed`],
/// which returned `previous`): under the exclusive lock, every turn of
/// `doc` leaves an index stamped `previous`, which moves one generation
/// on. Returns false, touching nothing, as [`reindex_turns`] does.
pub fn reindex_document_removed(
    store: &Store,
    previous: u64,
    doc: &DocumentId,
) -> super::Result<bool> {
    reindex_document_removed_at(store, &index_dir(store)?, previous, doc)
}

/// [`reindex_document_removed`] with the index in `dir`.
pub fn reindex_document_removed_at(
    store: &Store,
    dir: &Path,
    previous: u64,
    doc: &DocumentId,
) -> super::Result<bool> {
    let _exclusive = IndexLock::exclusive(dir).map_err(index_error)?;
    let Some(ix) = open_index(store, dir, previous)? else {
        return Ok(false);
    };
    if generation(store)? != previous + 1 {
        return Ok(false);
    }
    remove_document(&ix, doc, previous)?;
    Ok(true)
}

fn remove_document(ix: &SearchIndex, doc: &DocumentId, previous: u64) -> super::Result<()> {
    ix.update(
        &Removal {
            turns: &[],
            documents: &[doc.as_str()],
        },
        std::iter::empty(),
        false,
        previous + 1,
    )
    .map_err(index_error)
}

/// Which turns of a document (by rank in `turns`, the project's order) must
/// be (re-)indexed, with their order keys: the `changed` ones, those the
/// index lacks, and those whose key no longer sorts in project order. Keys
/// the index holds in order are kept; a run of turns needing keys gets keys
/// spread between its kept neighbours', and only when there is no room are
/// the document's turns all re-keyed as a build would.
fn order_keys(
    position: i64,
    turns: &[(SegmentId, Option<i64>)],
    indexed: &HashMap<i64, u64>,
    changed: &HashSet<i64>,
) -> Vec<(usize, u64)> {
    let low = (position as u64) << 32;
    let high = low | u64::from(u32::MAX);
    // Keep each indexed key that sorts after the last one kept.
    let mut kept: Vec<Option<u64>> = Vec::with_capacity(turns.len());
    let mut last = low;
    for (s, _) in turns {
        match indexed.get(&s.0) {
            Some(&k) if k > last && k < high => {
                kept.push(Some(k));
                last = k;
            }
            _ => kept.push(None),
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < turns.len() {
        if let Some(k) = kept[i] {
            if changed.contains(&turns[i].0 .0) {
                out.push((i, k));
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < turns.len() && kept[i].is_none() {
            i += 1;
        }
        let lo = if start == 0 {
            low
        } else {
            kept[start - 1].unwrap_or(low)
        };
        let hi = kept.get(i).copied().flatten().unwrap_or(high);
        let n = (i - start) as u64;
        let step = (hi - lo) / (n + 1);
        if step == 0 {
            return (0..turns.len())
                .map(|r| (r, order_key(position, r)))
                .collect();
        }
        out.extend((start..i).zip(1..).map(|(r, k)| (r, lo + step * k)));
    }
    out
}

/// Parses and runs `query`; each hit's turn, text, speaker and document,
/// and the matches in it, are read from the project as it is now. An index
/// brought forward since it was opened (by an edit or an import, in this
/// process or another) is followed first.
pub fn search(
    store: &Store,
    index: &SearchIndex,
    query_text: &str,
    opts: &SearchOptions,
) -> super::Result<SearchResult> {
    let q = query::parse(query_text).map_err(|e| super::Error::Invalid(format!("query: {e}")))?;
    follow(store, index)?;
    let filters = query_filters(store, &q)?;
    let found = index
        .search(&q, &filters, opts)
        .map_err(|e| super::Error::Invalid(e.to_string()))?;
    hits_from_project(store, &q, found)
}

/// Moves `index` to the project's generation when the directory holds it
/// (brought forward since `index` was opened).
fn follow(store: &Store, index: &SearchIndex) -> super::Result<()> {
    let current = generation(store)?;
    if index.generation() != current {
        let _shared = IndexLock::shared(index.dir()).map_err(index_error)?;
        index.follow(current);
    }
    Ok(())
}

/// The filters of `q` that need the project (`doc:`, `code:`, `speaker:`),
/// resolved.
pub(crate) fn query_filters(store: &Store, q: &query::Query) -> super::Result<SearchFilters> {
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
        super::codebook::load(store)?
    } else {
        Default::default()
    };
    let speakers: HashMap<String, Vec<i64>> = if needs(Filter::Speaker) {
        let mut folded: HashMap<String, Vec<i64>> = HashMap::new();
        for (name, ids) in search_rows::participant_ids_by_name(store.conn())? {
            folded
                .entry(crate::index::fold_keyword(&name))
                .or_default()
                .extend(ids);
        }
        folded
    } else {
        HashMap::new()
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
                let id = super::coding::resolve_in(&all_codes, value)
                    .map_err(|e| super::Error::Invalid(format!("query: code:{value}: {e}")))?;
                let codes = all_codes.subtree(&id);
                let segs = codings::segments_coded_with(store.conn(), &codes)?;
                filters
                    .codes
                    .insert(value.clone(), segs.into_iter().map(|s| s as u64).collect());
            }
            Filter::Speaker => {
                let ids = speakers
                    .get(&crate::index::fold_keyword(value))
                    .cloned()
                    .unwrap_or_default();
                filters.speakers.insert(value.clone(), ids);
            }
            Filter::Lang => {}
        }
    }
    Ok(filters)
}

/// Each hit's turn, text, speaker and document, and the matches of `q` in
/// it, read from the project as it is now.
pub(crate) fn hits_from_project(
    store: &Store,
    q: &query::Query,
    found: crate::index::Found,
) -> super::Result<SearchResult> {
    let ids: Vec<SegmentId> = found.hits.iter().map(|(s, _)| SegmentId(*s)).collect();
    let rows = search_rows::turns(store.conn(), &ids)?;
    let mut hits = Vec::with_capacity(rows.len());
    for ((seg, score), row) in found.hits.into_iter().zip(rows) {
        // Gone since the index was read (an edit in another process).
        let Some(t) = row else {
            continue;
        };
        let start = t.range.start;
        let matches = crate::index::matches(q, &t.text, &t.language)
            .into_iter()
            .map(|r| CharRange::new(start + r.start, start + r.end))
            .collect();
        hits.push(Hit {
            seg_id: seg,
            doc_id: t.document.0,
            doc_name: t.doc_name,
            speaker: t.speaker,
            time_ms: t.time_ms,
            turn: t.range,
            text: t.text,
            matches,
            score,
        });
    }
    Ok(SearchResult {
        total: found.total,
        hits,
    })
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
        let doc = Doc::new(text_, li, turns);
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
