//! Selecting codings with an export's filters and building one
//! [`ExcerptRecord`] per passage: speaker, attributes, time and context.
//! Codings of one code over the same range by several coders are one
//! passage, which lists its coders and their memos; zero-length codings
//! (a settled "nothing") are decisions, not passages, and are left out.

use super::{is_settling_memo, ContextSpec, ExportFilter, MemoSpec, Progress, CONSENSUS_CODER};
use crate::core::codebook::Codebook;
use crate::core::excerpt::ExcerptRecord;
use crate::core::passage::CodedPassage;
use crate::core::text::CharIndex;
use crate::core::{CharRange, CodeId, DocumentId, ParticipantId, Segment};
use crate::store::{codings, documents, participants, Store};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A document's text, turns and char index, loaded once.
struct Loaded {
    name: String,
    text: String,
    index: CharIndex,
    segments: Vec<Segment>,
}

/// The turn holding char `pos` (or the first starting in `[pos, end)`).
fn turn_at(segs: &[Segment], pos: usize, end: usize) -> Option<&Segment> {
    let i = segs.partition_point(|s| s.range.start <= pos);
    if i > 0 {
        let s = &segs[i - 1];
        if pos < s.range.end {
            return Some(s);
        }
    }
    segs.get(i).filter(|s| s.range.start < end)
}

/// The excerpts `filter` selects, in codebook order, then document order.
pub fn collect(
    store: &Store,
    filter: &ExportFilter,
    context: ContextSpec,
    progress: &mut dyn FnMut(Progress),
) -> crate::ops::Result<Vec<ExcerptRecord>> {
    // --query: only codings that overlap a turn the search finds.
    let query_turns: Option<HashMap<String, Vec<crate::core::CharRange>>> = match &filter.query {
        Some(q) => {
            // A malformed query fails before any index work.
            crate::core::query::parse(q)
                .map_err(|e| crate::ops::Error::Invalid(format!("query: {e}")))?;
            let ix = crate::ops::search::ensure_index(store, &mut |_, _| {})?;
            let mut opts = crate::index::SearchOptions {
                limit: 1,
                ..Default::default()
            };
            let total = crate::ops::search::search(store, &ix, q, &opts)?.total;
            opts.limit = total.max(1);
            let mut map: HashMap<String, Vec<crate::core::CharRange>> = HashMap::new();
            for h in crate::ops::search::search(store, &ix, q, &opts)?.hits {
                map.entry(h.doc_id).or_default().push(h.turn);
            }
            Some(map)
        }
        None => None,
    };
    let conn = store.conn();
    let book = crate::ops::codebook::load(store)?;
    let code_ids = if filter.codes.is_empty() {
        None
    } else {
        let mut ids = Vec::new();
        for key in &filter.codes {
            let id = crate::ops::coding::resolve_in(&book, key)?;
            if filter.subcodes {
                ids.extend(book.subtree(&id));
            } else {
                ids.push(id);
            }
        }
        Some(ids)
    };
    let docs: Option<HashSet<DocumentId>> = if filter.documents.is_empty() {
        None
    } else {
        Some(
            filter
                .documents
                .iter()
                .map(|d| crate::ops::documents::resolve(store, d))
                .collect::<crate::ops::Result<_>>()?,
        )
    };
    let mut list = codings::list(
        conn,
        &codings::CodingFilter {
            document: docs
                .as_ref()
                .filter(|d| d.len() == 1)
                .and_then(|d| d.iter().next().cloned()),
            codes: code_ids,
            coder: None,
        },
    )?;
    let coders: HashSet<&str> = filter.coders.iter().map(String::as_str).collect();
    list.retain(|c| {
        query_turns.as_ref().is_none_or(|m| {
            m.get(&c.document.0)
                .is_some_and(|turns| turns.iter().any(|t| t.overlaps(&c.range)))
        }) && docs.as_ref().is_none_or(|d| d.contains(&c.document))
            && (coders.is_empty() || coders.contains(c.coder.as_str()))
            && (!filter.consensus || c.coder.eq_ignore_ascii_case(CONSENSUS_CODER))
    });
    let people: HashMap<ParticipantId, BTreeMap<String, String>> = participants::list(conn, None)?
        .into_iter()
        .map(|p| (p.id, p.attributes))
        .collect();
    let mut wanted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in &filter.attributes {
        wanted
            .entry(k.to_lowercase())
            .or_default()
            .push(v.to_lowercase());
    }
    let speakers: Vec<String> = filter.speakers.iter().map(|s| s.to_lowercase()).collect();
    let mut loaded: HashMap<DocumentId, Loaded> = HashMap::new();
    let total = list.len();
    let mut out: Vec<ExcerptRecord> = Vec::with_capacity(total);
    // (document, code, start, end) → its record in `out`, with the memos
    // gathered so far as (coder, memo).
    let mut passages: HashMap<(DocumentId, CodeId, usize, usize), usize> = HashMap::new();
    let mut memos: Vec<Vec<(String, String)>> = Vec::with_capacity(total);
    for (n, c) in list.into_iter().enumerate() {
        if n.is_multiple_of(5000) {
            progress(Progress::Reading(n, total));
        }
        if c.range.is_empty() {
            continue;
        }
        let memo = c
            .memo
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .filter(|m| match filter.memos {
                MemoSpec::All => true,
                MemoSpec::Notes => !is_settling_memo(&c.coder, m),
                MemoSpec::None => false,
            })
            .map(str::to_string);
        let key = (
            c.document.clone(),
            c.code.clone(),
            c.range.start,
            c.range.end,
        );
        if let Some(&i) = passages.get(&key) {
            // The filters below depend on the passage only: it passed them.
            let r = &mut out[i];
            if !r.coders.contains(&c.coder) {
                r.coders.push(c.coder.clone());
            }
            if c.created_at < r.date {
                r.date = c.created_at.clone();
            }
            if let Some(m) = memo {
                memos[i].push((c.coder.clone(), m));
            }
            continue;
        }
        if !loaded.contains_key(&c.document) {
            let d = documents::get(conn, &c.document)?;
            let segments = documents::segments(conn, &c.document)?;
            let index = CharIndex::new(&d.text);
            loaded.insert(
                c.document.clone(),
                Loaded {
                    name: d.name,
                    text: d.text,
                    index,
                    segments,
                },
            );
        }
        let d = &loaded[&c.document];
        let first = turn_at(&d.segments, c.range.start, c.range.end);
        let last = turn_at(
            &d.segments,
            c.range.end.saturating_sub(1).max(c.range.start),
            c.range.end,
        )
        .or(first);
        let speaker = first.and_then(|s| s.speaker.clone());
        if !speakers.is_empty()
            && !speaker
                .as_deref()
                .is_some_and(|s| speakers.contains(&s.to_lowercase()))
        {
            continue;
        }
        let attributes = first
            .and_then(|s| s.participant)
            .and_then(|p| people.get(&p))
            .cloned()
            .unwrap_or_default();
        if !wanted.iter().all(|(k, values)| {
            attributes
                .iter()
                .find(|(ak, _)| ak.to_lowercase() == *k)
                .is_some_and(|(_, v)| values.contains(&v.trim().to_lowercase()))
        }) {
            continue;
        }
        let len = d.index.len();
        let lo = first.map_or(0, |s| s.range.start.min(c.range.start));
        let hi = last.map_or(len, |s| s.range.end.max(c.range.end));
        let (b0, a1) = match context {
            ContextSpec::Turn => (lo, hi),
            ContextSpec::Chars(k) => (
                c.range.start.saturating_sub(k).max(lo),
                (c.range.end + k).min(hi),
            ),
        };
        let slice = |a: usize, b: usize| d.index.slice(&d.text, CharRange::new(a, b.max(a)));
        let before = whole_words_before(slice(b0, c.range.start), b0 > lo).to_string();
        let after = whole_words_after(slice(c.range.end, a1), a1 < hi).to_string();
        let text = slice(c.range.start, c.range.end).to_string();
        let code = book
            .get(&c.code)
            .map(|k| k.name.clone())
            .unwrap_or_default();
        memos.push(memo.map(|m| vec![(c.coder.clone(), m)]).unwrap_or_default());
        let passage = CodedPassage::new(c, &d.name, &book, text);
        out.push(ExcerptRecord {
            speaker,
            attributes,
            time_ms: first.and_then(|s| s.time_ms),
            before,
            after,
            before_cut: b0 > lo,
            after_cut: a1 < hi,
            ..ExcerptRecord::of_passage(passage, code)
        });
        passages.insert(key, out.len() - 1);
    }
    for (r, m) in out.iter_mut().zip(memos) {
        r.memo = memo_of(&r.coders, m);
    }
    progress(Progress::Reading(total, total));
    Ok(sort_by_code(out, &book))
}

/// The memos of one passage: alone, as written; from a passage several
/// coders share, each as `coder: memo`, one a line.
fn memo_of(coders: &[String], memos: Vec<(String, String)>) -> Option<String> {
    if memos.is_empty() {
        return None;
    }
    if coders.len() == 1 {
        let lines: Vec<String> = memos.into_iter().map(|(_, m)| m).collect();
        return Some(lines.join("\n"));
    }
    let lines: Vec<String> = memos
        .into_iter()
        .map(|(who, m)| format!("{who}: {m}"))
        .collect();
    Some(lines.join("\n"))
}

/// Context cut at `cut` loses its first, partial word.
fn whole_words_before(s: &str, cut: bool) -> &str {
    match s.find(char::is_whitespace) {
        Some(i) if cut => s.get(i..).unwrap_or(s).trim_start(),
        _ => s,
    }
}

/// Context cut at its end loses its last, partial word.
fn whole_words_after(s: &str, cut: bool) -> &str {
    match s.rfind(char::is_whitespace) {
        Some(i) if cut => s.get(..i).unwrap_or(s).trim_end(),
        _ => s,
    }
}

/// Records in codebook order of their codes (records carry paths, not ids).
fn sort_by_code(mut records: Vec<ExcerptRecord>, book: &Codebook) -> Vec<ExcerptRecord> {
    // Codebook position by code path; of two codes with one path, the later.
    let order: HashMap<&str, usize> = (0..book.len()).map(|i| (book.path_at(i), i)).collect();
    // Stable: document order is kept within a code.
    records.sort_by_key(|r| {
        order
            .get(r.code_path.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    records
}
