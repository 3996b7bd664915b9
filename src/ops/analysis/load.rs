//! Reading a project into a [`Corpus`] and resolving the filters against
//! it: every read goes through the store (codings through the same reader
//! agreement uses), and every name the user typed is checked.

use super::AnalysisFilter;
use crate::core::analysis::words::word_spans_within;
use crate::core::analysis::words::Fnv;
use crate::core::analysis::{
    CodeInfo, Corpus, DocumentInfo, ParticipantInfo, Selection, Span, Turn, WordSpans,
};
use crate::core::codebook::{Codebook, LookupError};
use crate::core::sanitize::one_line;
use crate::core::DocumentId;
use crate::ops::export::filter as ef;
use crate::store::{agreement as sa, analysis as st, codes, Store};
use std::collections::HashMap;
use std::sync::Arc;

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// Turns as read: (document, start, end, participant id).
type TurnRows = Vec<(usize, usize, usize, Option<i64>)>;

/// Where each text block starts, by block id: (document index, start).
/// Block ids are rowids, dense in practice: a table indexed by id, with a
/// map for ids far beyond the number of blocks.
#[derive(Debug, Default)]
struct BlockPlaces {
    dense: Vec<Option<(usize, usize)>>,
    sparse: FastMap<i64, (usize, usize)>,
}

impl BlockPlaces {
    fn read(
        conn: &rusqlite::Connection,
        doc_index: &FastMap<&str, usize>,
    ) -> crate::ops::Result<BlockPlaces> {
        let mut all = Vec::new();
        let mut last: (String, Option<usize>) = (String::new(), None);
        st::for_each_block(conn, |id, doc, start| {
            if last.0 != doc {
                last = (doc.to_string(), doc_index.get(doc).copied());
            }
            if let Some(d) = last.1 {
                all.push((id, d, start));
            }
        })?;
        let limit = (all.len() as i64).saturating_mul(4).saturating_add(1024);
        let mut out = BlockPlaces::default();
        for (id, d, start) in all {
            if (0..limit).contains(&id) {
                let i = id as usize;
                if out.dense.len() <= i {
                    out.dense.resize(i + 1, None);
                }
                out.dense[i] = Some((d, start));
            } else {
                out.sparse.insert(id, (d, start));
            }
        }
        Ok(out)
    }

    fn get(&self, id: i64) -> Option<(usize, usize)> {
        match usize::try_from(id).ok().and_then(|i| self.dense.get(i)) {
            Some(x) => *x,
            None => self.sparse.get(&id).copied(),
        }
    }

    /// The document and absolute `[start, end)` of a row's anchors, as the
    /// views `codings` and `segments` give them (negative offsets as 0).
    fn place(&self, (sb, so, eb, eo): st::Anchors) -> Option<(usize, usize, usize)> {
        let (d, bs) = self.get(sb)?;
        let (_, be) = self.get(eb)?;
        let s = (bs as i64).saturating_add(so).max(0) as usize;
        let e = (be as i64).saturating_add(eo).max(0) as usize;
        Some((d, s, e))
    }
}

/// What a view reads beyond the codings, participants and codebook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// Every turn (speakers of passages, `--where`, turns as units).
    pub turns: bool,
    /// Every document's words (reads every text).
    pub words: bool,
}

/// A project as read for analysis, before any filter: the corpus (codings
/// of every coder, turns and words as `needs` asked), shared by every
/// table computed from it ([`super::cache::CorpusCache`] keeps one).
#[derive(Debug, Clone)]
pub struct Read {
    /// Everything read.
    pub corpus: Arc<Corpus>,
    /// The same without the turns and/or the words, made the first time a
    /// table asks (index: turns + 2 × words): a table computes from exactly
    /// what it needs, as when it reads the project itself — a figure
    /// computed from turns or words it does not show is time lost (the
    /// matrix computes every unit of a cell at once).
    variants: [std::sync::OnceLock<Arc<Corpus>>; 4],
    pub doc_ids: Arc<Vec<DocumentId>>,
    /// Each document's language tag (read with the words).
    pub languages: Arc<Vec<String>>,
    /// Per coder: whether it has any coding (orphaned or zero-length too).
    has_codings: Vec<bool>,
    /// What was read.
    pub needs: Needs,
}

/// A project read for analysis, with the filters resolved.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub corpus: Arc<Corpus>,
    pub sel: Selection,
    /// The codes shown as rows, in codebook order (or as asked).
    pub rows: Vec<usize>,
    pub doc_ids: Arc<Vec<DocumentId>>,
    /// Each document's language tag.
    pub languages: Arc<Vec<String>>,
    /// Whether `--by` or `--consensus` chose the coders.
    pub coders_chosen: bool,
}

impl Loaded {
    /// The coders whose codings count, in name order.
    pub fn coder_names(&self) -> Vec<String> {
        self.corpus
            .coders
            .iter()
            .zip(&self.sel.coders)
            .filter(|(_, &on)| on)
            .map(|(n, _)| n.clone())
            .collect()
    }

    pub fn scope(&self) -> super::Scope {
        let c = &self.corpus;
        let docs: Vec<usize> = (0..c.documents.len())
            .filter(|&d| self.sel.document_in_scope(c, d))
            .collect();
        super::Scope {
            documents: docs.len(),
            chars: docs.iter().map(|&d| c.documents[d].chars).sum(),
        }
    }

    /// The index of a document id.
    pub fn doc_index(&self, id: &DocumentId) -> Option<usize> {
        self.doc_ids.iter().position(|d| d == id)
    }
}

/// A code by id, path or unique name; an unknown one is refused with the
/// codes there are.
pub fn resolve_code(store: &Store, paths: &[String], key: &str) -> crate::ops::Result<usize> {
    let book = crate::ops::codebook::load(store)?;
    let code = book.lookup(key).map_err(|e| match e {
        LookupError::Unknown(_) => crate::ops::Error::Invalid(format!(
            "--code {:?}: no such code in {}; known codes: {}",
            one_line(key),
            store.path().display(),
            crate::ops::listing(paths.iter().cloned())
        )),
        other => crate::ops::Error::Invalid(other.to_string()),
    })?;
    book.position(&code.id)
        .ok_or_else(|| crate::ops::Error::Invalid(format!("no code {:?}", one_line(key))))
}

/// Reads the project and resolves `filter`, with what `needs` asks for;
/// with `only`, the codings and turns of that one document (the codeline).
pub fn load(
    store: &Store,
    filter: &AnalysisFilter,
    needs: Needs,
    only: Option<&DocumentId>,
) -> crate::ops::Result<Loaded> {
    // A typo is refused before the project is read.
    wanted_coders(store, filter)?;
    let needs = needs_of(filter, needs);
    let r = read(store, needs, only)?;
    resolve(store, &r, filter, needs)
}

/// What `filter` adds to `needs`: `--where` places codings by their
/// speakers' turns.
pub fn needs_of(filter: &AnalysisFilter, needs: Needs) -> Needs {
    Needs {
        turns: needs.turns || !filter.attributes.is_empty(),
        words: needs.words,
    }
}

/// The coders `--by` and `--consensus` name, checked like export's.
fn wanted_coders(store: &Store, filter: &AnalysisFilter) -> crate::ops::Result<Vec<String>> {
    let mut wanted: Vec<String> = filter.coders.clone();
    if filter.consensus {
        wanted.push(super::CONSENSUS.to_string());
    }
    if !wanted.is_empty() {
        ef::check_coders(store, &wanted).map_err(|e| match (e, filter.consensus) {
            (crate::ops::Error::Invalid(m), true) if m.contains(super::CONSENSUS) => {
                crate::ops::Error::Invalid(format!(
                    "--consensus: no coder {} in {} (nothing was settled yet)",
                    super::CONSENSUS,
                    store.path().display()
                ))
            }
            (e, _) => e,
        })?;
    }
    Ok(wanted)
}

impl Read {
    /// The corpus with what `needs` asks for and nothing more (what was
    /// read has at least that).
    pub fn corpus_for(&self, needs: Needs) -> Arc<Corpus> {
        let turns = needs.turns && self.needs.turns;
        let words = needs.words && self.needs.words;
        if turns == self.needs.turns && words == self.needs.words {
            return Arc::clone(&self.corpus);
        }
        let slot = &self.variants[usize::from(turns) + 2 * usize::from(words)];
        Arc::clone(slot.get_or_init(|| {
            let c = &self.corpus;
            Arc::new(Corpus {
                documents: c
                    .documents
                    .iter()
                    .map(|d| DocumentInfo {
                        name: d.name.clone(),
                        chars: d.chars,
                        turns: if turns { d.turns.clone() } else { Vec::new() },
                        words: if words { d.words.clone() } else { None },
                    })
                    .collect(),
                participants: c.participants.clone(),
                codes: c.codes.clone(),
                coders: c.coders.clone(),
                spans: c.spans.clone(),
            })
        }))
    }
}

/// Where the scans of codings and turns split in two.
struct HalfKeys {
    /// The middle document id (codings of documents below it, and from it).
    document: Option<String>,
    /// The middle turn row id; `None`: the turns are not read.
    turn: Option<i64>,
    turns: bool,
}

impl HalfKeys {
    fn of(
        conn: &rusqlite::Connection,
        docs: &[sa::DocumentUnits],
        turns: bool,
    ) -> crate::ops::Result<HalfKeys> {
        let mut ids: Vec<&str> = docs.iter().map(|d| d.id.0.as_str()).collect();
        ids.sort_unstable();
        Ok(HalfKeys {
            document: ids.get(ids.len() / 2).map(|s| s.to_string()),
            turn: if turns {
                Some(st::turn_id_middle(conn)?)
            } else {
                None
            },
            turns,
        })
    }

    fn lower(&self) -> (Option<st::Half<&str>>, Option<st::Half<i64>>) {
        (
            Some(
                self.document
                    .as_deref()
                    .map_or(st::Half::All, st::Half::Below),
            ),
            self.turns
                .then(|| self.turn.map_or(st::Half::All, st::Half::Below)),
        )
    }

    /// The other halves (nothing when a scan was not split).
    fn upper(&self) -> (Option<st::Half<&str>>, Option<st::Half<i64>>) {
        (
            self.document.as_deref().map(st::Half::From),
            self.turn.filter(|_| self.turns).map(st::Half::From),
        )
    }
}

/// What both halves of the read look codings and turns up in.
struct HalfContext<'a> {
    code_index: &'a FastMap<&'a str, usize>,
    coder_index: &'a HashMap<i64, usize>,
    blocks: &'a BlockPlaces,
    coders: usize,
}

/// One connection's share of the codings and turns.
#[derive(Debug, Default)]
struct HalfRead {
    spans: Vec<Span>,
    /// Per coder: whether it has a coding here (zero-length ones too).
    has_codings: Vec<bool>,
    turns: TurnRows,
}

/// Reads the codings and turns of one half (either may be nothing).
fn read_half(
    conn: &rusqlite::Connection,
    ctx: &HalfContext<'_>,
    (codings, turns): (Option<st::Half<&str>>, Option<st::Half<i64>>),
) -> crate::ops::Result<HalfRead> {
    let mut out = HalfRead {
        has_codings: vec![false; ctx.coders],
        ..Default::default()
    };
    if let Some(half) = codings {
        // Rows come grouped by document then code (the covering index of
        // identical codings): look each code up once per run.
        let mut last_code: (String, Option<usize>) = (String::new(), None);
        st::for_each_coding_anchor(conn, half, |code, coder, a| {
            if last_code.0 != code {
                last_code = (code.to_string(), ctx.code_index.get(code).copied());
            }
            let (Some((d, s, e)), Some(c), Some(&k)) = (
                ctx.blocks.place(a),
                last_code.1,
                ctx.coder_index.get(&coder),
            ) else {
                return;
            };
            out.has_codings[k] = true;
            if s < e {
                out.spans.push(Span {
                    doc: d,
                    code: c,
                    coder: k,
                    start: s,
                    end: e,
                });
            }
        })?;
    }
    if let Some(half) = turns {
        st::for_each_turn_anchor(conn, half, |a, who| {
            if let Some((d, s, e)) = ctx.blocks.place(a) {
                out.turns.push((d, s, e, who));
            }
        })?;
    }
    Ok(out)
}

/// Resolves `filter` against a project read: the rows, the coders, the
/// documents and the participants that count, over the corpus with what
/// `needs` asks for. Every name is checked against the project (cheap
/// look-ups); the corpus is shared, not copied.
pub fn resolve(
    store: &Store,
    r: &Read,
    filter: &AnalysisFilter,
    needs: Needs,
) -> crate::ops::Result<Loaded> {
    let wanted = wanted_coders(store, filter)?;
    let corpus = r.corpus_for(needs_of(filter, needs));
    let c = &corpus;
    let path_list: Vec<String> = c.codes.iter().map(|c| c.path.clone()).collect();
    let mut rows = Vec::new();
    for key in &filter.codes {
        let i = resolve_code(store, &path_list, key)?;
        if !rows.contains(&i) {
            rows.push(i);
        }
    }
    if filter.codes.is_empty() {
        rows = (0..c.codes.len()).collect();
    }
    let mut doc_on = vec![filter.documents.is_empty(); c.documents.len()];
    for key in &filter.documents {
        let id = crate::ops::documents::resolve(store, key)?;
        if let Some(i) = r.doc_ids.iter().position(|d| *d == id) {
            doc_on[i] = true;
        }
    }
    if !filter.attributes.is_empty() {
        ef::check(
            store,
            &crate::ops::export::ExportFilter {
                attributes: filter.attributes.clone(),
                ..Default::default()
            },
        )?;
        if !r.needs.turns {
            return Err(crate::ops::Error::Invalid(
                "--where needs the turns: the project was read without them".into(),
            ));
        }
    }
    let coder_on: Vec<bool> = if wanted.is_empty() {
        r.has_codings.clone()
    } else {
        c.coders.iter().map(|n| wanted.contains(n)).collect()
    };
    let keep = (!filter.attributes.is_empty()).then(|| {
        c.participants
            .iter()
            .map(|p| matches_where(&p.attributes, &filter.attributes))
            .collect::<Vec<bool>>()
    });
    Ok(Loaded {
        sel: Selection {
            coders: coder_on,
            documents: doc_on,
            participants: keep,
            subcodes: filter.subcodes,
        },
        corpus,
        rows,
        doc_ids: Arc::clone(&r.doc_ids),
        languages: Arc::clone(&r.languages),
        coders_chosen: !wanted.is_empty(),
    })
}

/// Reads the project for analysis: every coder's codings, the
/// participants and the codebook, with the turns and words `needs` asks
/// for; with `only`, the codings and turns of that one document.
pub fn read(store: &Store, needs: Needs, only: Option<&DocumentId>) -> crate::ops::Result<Read> {
    let words = needs.words;
    let turns_needed = needs.turns;
    let conn = store.conn();
    let steps = crate::ops::measure::Steps::new();
    let lap = |what: &str| steps.step(what);
    let docs = sa::documents(conn)?;
    let doc_index: FastMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.as_str(), i))
        .collect();
    let book = Codebook::new(codes::list(conn)?);
    let code_index: FastMap<&str, usize> = book
        .codes()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.0.as_str(), i))
        .collect();
    let code_infos: Vec<CodeInfo> = (0..book.len())
        .map(|i| CodeInfo {
            path: book.path_at(i).to_string(),
            parent: book.parent_at(i),
        })
        .collect();
    let coder_rows = sa::coders(conn)?;
    let coder_index: HashMap<i64, usize> = coder_rows
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let coders: Vec<String> = coder_rows.iter().map(|(_, n)| n.clone()).collect();
    let mut spans = Vec::new();
    let mut has_codings = vec![false; coders.len()];
    // Codings and turns are anchored to text blocks: read where each block
    // starts and add in Rust (the views join two blocks per row).
    lap("read: documents, codebook, coders");
    let blocks = if only.is_none() {
        BlockPlaces::read(conn, &doc_index)?
    } else {
        BlockPlaces::default()
    };
    lap("read: block starts");
    let mut turn_rows: TurnRows = Vec::new();
    match only {
        None => {
            // Codings and turns each split in two (documents by id, turns
            // by row id): a half of each here, the other halves on a
            // second connection and thread; the halves come back in scan
            // order, as one scan would give them.
            let keys = HalfKeys::of(conn, &docs, turns_needed)?;
            let ctx = HalfContext {
                code_index: &code_index,
                coder_index: &coder_index,
                blocks: &blocks,
                coders: coders.len(),
            };
            let project = store.project();
            let (lower, upper) = std::thread::scope(|scope| {
                let other = scope.spawn(|| -> crate::ops::Result<HalfRead> {
                    let conn = sa::open_read_only(project)?;
                    let r = read_half(&conn, &ctx, keys.upper());
                    lap("read: upper halves (second connection)");
                    r
                });
                let lower = read_half(conn, &ctx, keys.lower());
                lap("read: lower halves");
                let upper = other.join().unwrap_or_else(|_| {
                    Err(crate::ops::Error::Invalid(
                        "reading the codings failed".into(),
                    ))
                });
                (lower, upper)
            });
            for h in [lower?, upper?] {
                spans.extend(h.spans);
                for (all, mine) in has_codings.iter_mut().zip(h.has_codings) {
                    *all |= mine;
                }
                turn_rows.extend(h.turns);
            }
        }
        Some(id) => {
            for c in crate::ops::coding::of_document(store, id)? {
                let (Some(&d), Some(&code), Some(k)) = (
                    doc_index.get(c.document.0.as_str()),
                    code_index.get(c.code.0.as_str()),
                    coders.iter().position(|n| *n == c.coder),
                ) else {
                    continue;
                };
                has_codings[k] = true;
                if !c.range.is_empty() {
                    spans.push(Span {
                        doc: d,
                        code,
                        coder: k,
                        start: c.range.start,
                        end: c.range.end,
                    });
                }
            }
        }
    }
    lap("read: codings and turns joined");
    let (people, attrs) = st::participants(conn)?;
    let person_index: FastMap<i64, usize> = people
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (*id, i))
        .collect();
    let mut participants: Vec<ParticipantInfo> = people
        .iter()
        .map(|(_, doc, name)| ParticipantInfo {
            document: doc_index.get(doc.as_str()).copied().unwrap_or(usize::MAX),
            name: name.clone(),
            attributes: Default::default(),
        })
        .collect();
    for (pid, k, v) in attrs {
        if let Some(&i) = person_index.get(&pid) {
            participants[i].attributes.insert(k, v);
        }
    }
    let mut documents: Vec<DocumentInfo> = docs
        .iter()
        .map(|d| DocumentInfo {
            name: d.name.clone(),
            chars: d.chars,
            turns: Vec::new(),
            words: None,
        })
        .collect();
    match only {
        Some(id) if turns_needed || only.is_some() => {
            if let Some(&d) = doc_index.get(id.0.as_str()) {
                let len = documents[d].chars;
                for seg in crate::store::documents::segments(conn, id)? {
                    documents[d].turns.push(Turn {
                        start: seg.range.start,
                        end: seg.range.end.min(len),
                        participant: seg
                            .participant
                            .and_then(|p| person_index.get(&p.0).copied()),
                    });
                }
            }
        }
        None if turns_needed => {
            for (d, s, e, who) in turn_rows {
                let len = documents[d].chars;
                documents[d].turns.push(Turn {
                    start: s,
                    end: e.min(len),
                    participant: who.and_then(|p| person_index.get(&p).copied()),
                });
            }
        }
        _ => {}
    }
    for d in &mut documents {
        if !d.turns.is_sorted_by_key(|t| (t.start, t.end)) {
            d.turns.sort_by_key(|t| (t.start, t.end));
        }
    }
    lap("read: participants, turns placed");
    let mut languages = vec![String::new(); docs.len()];
    if words {
        // Segmenting the texts is the cost: only the words near a coding
        // are ever counted (the figures count words sharing a character
        // with a passage), so only the stretches between spaces that meet
        // a coding are segmented; half the documents on a second
        // connection and thread.
        let regions = coded_regions(&spans, docs.len());
        type Part = Vec<(usize, WordSpans)>;
        let read = |conn: &rusqlite::Connection, part: usize| -> crate::ops::Result<Part> {
            let mut out = Vec::new();
            st::for_each_document_text(conn, part, 2, |id, text| {
                if let Some(&d) = doc_index.get(id) {
                    out.push((d, word_spans_within(text, &regions[d]).into()));
                }
            })?;
            Ok(out)
        };
        let project = store.project();
        let parts = std::thread::scope(|scope| -> crate::ops::Result<[Part; 2]> {
            let other = scope.spawn(|| read(&sa::open_read_only(project)?, 1));
            let mine = read(conn, 0)?;
            let theirs = other.join().unwrap_or_else(|_| {
                Err(crate::ops::Error::Invalid(
                    "reading the texts failed".into(),
                ))
            })?;
            Ok([mine, theirs])
        })?;
        // A document without text has no words.
        for d in &mut documents {
            d.words = Some(WordSpans::new(Vec::new()));
        }
        for (d, words) in parts.into_iter().flatten() {
            documents[d].words = Some(words);
        }
        for (id, language) in st::languages(conn)? {
            if let Some(&d) = doc_index.get(id.as_str()) {
                languages[d] = language;
            }
        }
    }
    lap("read: texts segmented (words)");
    // Participants of documents that vanished are out of every scope.
    participants.retain(|p| p.document != usize::MAX);
    let corpus = Corpus {
        documents,
        participants,
        codes: code_infos,
        coders,
        spans,
    };
    Ok(Read {
        corpus: Arc::new(corpus),
        variants: Default::default(),
        doc_ids: Arc::new(docs.iter().map(|d| d.id.clone()).collect()),
        languages: Arc::new(languages),
        has_codings,
        needs,
    })
}

/// Per document, the union of every coding's range (sorted, disjoint;
/// ranges that touch merged): where the words of any passage lie.
fn coded_regions(spans: &[Span], documents: usize) -> Vec<Vec<(usize, usize)>> {
    let mut per: Vec<Vec<(usize, usize)>> = vec![Vec::new(); documents];
    for s in spans {
        if let Some(v) = per.get_mut(s.doc) {
            v.push((s.start, s.end));
        }
    }
    for v in &mut per {
        v.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(v.len());
        for &(s, e) in v.iter() {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        *v = merged;
    }
    per
}

/// `--where` on one participant: every key given matches one of its values
/// (case-insensitive).
pub fn matches_where(
    attrs: &std::collections::BTreeMap<String, String>,
    wanted: &[(String, String)],
) -> bool {
    let mut keys: Vec<String> = wanted.iter().map(|(k, _)| k.to_lowercase()).collect();
    keys.sort();
    keys.dedup();
    keys.iter().all(|key| {
        let have = attrs
            .iter()
            .find(|(k, _)| k.to_lowercase() == *key)
            .map(|(_, v)| v.trim().to_lowercase());
        have.is_some_and(|h| {
            wanted
                .iter()
                .any(|(k, v)| k.to_lowercase() == *key && v.trim().to_lowercase() == h)
        })
    })
}
