//! The views that read the text: word frequencies (over the speech, or
//! only inside a code's passages, split by speaker, attribute or document),
//! keyword in context (the search's hits, cut into left | keyword | right)
//! and the codeline of one document.

use super::stopwords::{self, StopSpec};
use super::{load, AnalysisFilter, Loaded, Needs};
use crate::core::analysis::codeline::{self as cl, Codeline};
use crate::core::analysis::kwic::{self as kw, KwicContext, KwicSort};
use crate::core::analysis::matrix::{attribute, NO_VALUE};
use crate::core::analysis::unions;
use crate::core::analysis::words::{DocumentWords, WordCounter, WordMemo, WordOptions, WordRow};
use crate::store::{analysis as st, Store};
use serde::Serialize;
use std::collections::HashMap;

/// How word counts are split.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum WordsBy {
    #[default]
    All,
    Speaker,
    Attribute(String),
    Document,
}

#[derive(Debug, Clone, Default)]
pub struct WordsRequest {
    /// `filter.codes`: at most one code; only words inside its passages.
    pub filter: AnalysisFilter,
    pub by: WordsBy,
    pub stopwords: StopSpec,
    pub options: WordOptions,
    /// The most frequent words shown per group.
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WordsGroup {
    pub group: String,
    /// Words counted in the group (the denominator of `share`).
    pub total: usize,
    pub words: Vec<WordRow>,
}

/// `gloss analysis words --json`.
#[derive(Debug, Clone, Serialize)]
pub struct WordsReport {
    /// Only inside this code's passages (`None`: all speech).
    pub code: Option<String>,
    pub coders: Vec<String>,
    pub subcodes: bool,
    pub stopwords: String,
    pub keep_accents: bool,
    pub numbers: bool,
    pub min_length: usize,
    pub groups: Vec<WordsGroup>,
}

const ALL_SPEECH: &str = "all speech";
const NO_SPEAKER: &str = "(no speaker)";

/// The index of group `name` (case-insensitive), added when new.
fn group_of(names: &mut Vec<String>, name: &str) -> usize {
    let key = name.to_lowercase();
    match names.iter().position(|n| n.to_lowercase() == key) {
        Some(i) => i,
        None => {
            names.push(name.to_string());
            names.len() - 1
        }
    }
}

pub fn words(store: &Store, req: &WordsRequest) -> crate::ops::Result<WordsReport> {
    if req.filter.codes.len() > 1 {
        return Err(crate::ops::Error::Invalid(
            "words: give at most one --code (the words inside its passages)".into(),
        ));
    }
    if let WordsBy::Attribute(k) = &req.by {
        super::check_attribute_key(store, k)?;
    }
    let l = load(store, &req.filter, WORDS_NEEDS, None)?;
    words_of(store, &l, req)
}

/// What word frequencies read beyond the codings: the turns (the texts
/// are read as they are counted).
pub const WORDS_NEEDS: Needs = Needs {
    turns: true,
    words: false,
};

/// Word frequencies over a project already read (`l` resolved from
/// `req.filter`); the texts are read here.
pub fn words_of(store: &Store, l: &Loaded, req: &WordsRequest) -> crate::ops::Result<WordsReport> {
    if req.filter.codes.len() > 1 {
        return Err(crate::ops::Error::Invalid(
            "words: give at most one --code (the words inside its passages)".into(),
        ));
    }
    if let WordsBy::Attribute(k) = &req.by {
        super::check_attribute_key(store, k)?;
    }
    let c = &l.corpus;
    let code = (!req.filter.codes.is_empty()).then(|| l.rows[0]);
    let inside: Option<HashMap<usize, Vec<(usize, usize)>>> = code.map(|k| {
        let ps = c.passages(&l.sel);
        unions(&ps[k]).into_iter().collect()
    });
    // Groups, and each turn's group.
    let mut names: Vec<String> = Vec::new();
    let mut turns: Vec<Vec<(usize, usize, Option<usize>)>> = vec![Vec::new(); c.documents.len()];
    let mut whole: Vec<Option<usize>> = vec![None; c.documents.len()];
    for (d, doc) in c.documents.iter().enumerate() {
        if !l.sel.document_in_scope(c, d) {
            continue;
        }
        let doc_group: &str = match &req.by {
            WordsBy::All => ALL_SPEECH,
            WordsBy::Document => &doc.name,
            WordsBy::Speaker => NO_SPEAKER,
            WordsBy::Attribute(_) => NO_VALUE,
        };
        if doc.turns.is_empty() {
            if l.sel.participants.is_none() {
                whole[d] = Some(group_of(&mut names, doc_group));
            }
            continue;
        }
        for t in &doc.turns {
            if let Some(keep) = &l.sel.participants {
                if !t.participant.is_some_and(|p| keep[p]) {
                    turns[d].push((t.start, t.end, None));
                    continue;
                }
            }
            let g = match (&req.by, t.participant) {
                (WordsBy::Speaker, Some(p)) => group_of(&mut names, &c.participants[p].name),
                (WordsBy::Attribute(k), Some(p)) => {
                    group_of(&mut names, attribute(c, p, k).unwrap_or(NO_VALUE))
                }
                _ => group_of(&mut names, doc_group),
            };
            turns[d].push((t.start, t.end, Some(g)));
        }
    }
    let mut languages = vec![String::new(); c.documents.len()];
    let index: HashMap<&str, usize> = l
        .doc_ids
        .iter()
        .enumerate()
        .map(|(i, d)| (d.0.as_str(), i))
        .collect();
    // Languages first (stop lists by language), then the texts.
    // (Only the tags: listing the documents counts every turn.)
    for (id, language) in st::languages(store.conn())? {
        if let Some(&i) = index.get(id.as_str()) {
            languages[i] = language;
        }
    }
    let (stops, vote, described) = stopwords::resolve(
        &req.stopwords,
        &languages,
        req.options.keep_accents,
        store.project().dirs(),
    )?;
    let empty = Vec::new();
    // Half the documents on a second connection and thread: segmenting
    // and counting ten million words is the cost, and it splits cleanly
    // (a document is counted by one side, so the counts simply add up).
    let count_part =
        |conn: &rusqlite::Connection, part: usize| -> crate::ops::Result<Vec<WordCounter>> {
            let mut counters = vec![WordCounter::default(); names.len()];
            // Each distinct segment normalised and looked up once per side.
            let mut memo = WordMemo::new(req.options);
            st::for_each_text_part(conn, part, 2, |id, _, text| {
                let Some(&d) = index.get(id) else { return };
                if !l.sel.document_in_scope(c, d) || (turns[d].is_empty() && whole[d].is_none()) {
                    return;
                }
                let inside_d = match &inside {
                    None => None,
                    Some(m) => match m.get(&d) {
                        Some(v) => Some(v.as_slice()),
                        None => return,
                    },
                };
                memo.count_document(&DocumentWords {
                    text,
                    doc: d,
                    turns: &turns[d],
                    whole: whole[d],
                    inside: inside_d.or(inside.as_ref().map(|_| empty.as_slice())),
                    stop: &stops[d],
                    vote: &vote,
                });
            })?;
            memo.finish(&mut counters);
            Ok(counters)
        };
    let project = store.project();
    let counters = std::thread::scope(|scope| -> crate::ops::Result<Vec<WordCounter>> {
        let other = scope.spawn(|| -> crate::ops::Result<Vec<WordCounter>> {
            let conn = crate::store::agreement::open_read_only(project)?;
            count_part(&conn, 1)
        });
        let mut mine = count_part(store.conn(), 0)?;
        let theirs = other
            .join()
            .unwrap_or_else(|_| Err(crate::ops::Error::Invalid("counting words failed".into())))?;
        for (a, b) in mine.iter_mut().zip(theirs) {
            a.merge(b);
        }
        Ok(mine)
    })?;
    let mut groups: Vec<WordsGroup> = names
        .into_iter()
        .zip(&counters)
        .map(|(group, w)| WordsGroup {
            group,
            total: w.total(),
            words: w.top(req.limit),
        })
        .collect();
    if req.by != WordsBy::Document {
        groups.sort_by_key(|g| g.group.to_lowercase());
    }
    Ok(WordsReport {
        code: code.map(|k| c.codes[k].path.clone()),
        coders: l.coder_names(),
        subcodes: l.sel.subcodes,
        stopwords: described,
        keep_accents: req.options.keep_accents,
        numbers: req.options.numbers,
        min_length: req.options.min_length,
        groups,
    })
}

/// One KWIC row as `gloss analysis kwic --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct KwicRow {
    pub doc: String,
    /// The turn's number in its document, from 1.
    pub turn: usize,
    pub speaker: Option<String>,
    pub start: usize,
    pub end: usize,
    pub left: String,
    pub keyword: String,
    pub right: String,
    #[serde(skip)]
    pub doc_id: String,
    /// The turn's char range in its document (coding the whole turn).
    #[serde(skip)]
    pub turn_range: crate::core::CharRange,
}

/// Every occurrence of `query` (the search language), with its context.
pub fn kwic(
    store: &Store,
    query: &str,
    context: KwicContext,
    sort: KwicSort,
    progress: &mut dyn FnMut(usize, usize),
) -> crate::ops::Result<Vec<KwicRow>> {
    let index = crate::ops::search::ensure_index(store, progress)?;
    kwic_in(store, &index, query, context, sort)
}

/// [`kwic`] with the index already open (the screen's worker keeps it).
pub fn kwic_in(
    store: &Store,
    index: &crate::index::SearchIndex,
    query: &str,
    context: KwicContext,
    sort: KwicSort,
) -> crate::ops::Result<Vec<KwicRow>> {
    use crate::index::{SearchOptions, SearchOrder};
    let mut opts = SearchOptions {
        limit: 1,
        offset: 0,
        order: SearchOrder::Position,
    };
    let total = crate::ops::search::search(store, index, query, &opts)?.total;
    opts.limit = total.max(1);
    let result = crate::ops::search::search(store, index, query, &opts)?;
    let mut ordinals: HashMap<String, HashMap<i64, usize>> = HashMap::new();
    let mut rows: Vec<(usize, KwicRow)> = Vec::new();
    for (k, h) in result.hits.iter().enumerate() {
        if !ordinals.contains_key(&h.doc_id) {
            let segs = crate::store::documents::segments(
                store.conn(),
                &crate::core::DocumentId(h.doc_id.clone()),
            )?;
            ordinals.insert(
                h.doc_id.clone(),
                segs.iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.0, i + 1))
                    .collect(),
            );
        }
        let turn = ordinals
            .get(&h.doc_id)
            .and_then(|m| m.get(&h.seg_id))
            .copied()
            .unwrap_or(0);
        let matches: Vec<(usize, usize)> = h.matches.iter().map(|m| (m.start, m.end)).collect();
        for line in kw::turn_lines(&h.text, h.turn.start, &matches, context) {
            rows.push((
                k,
                KwicRow {
                    doc: h.doc_name.clone(),
                    turn,
                    speaker: h.speaker.clone(),
                    start: line.start,
                    end: line.end,
                    left: line.left,
                    keyword: line.keyword,
                    right: line.right,
                    doc_id: h.doc_id.clone(),
                    turn_range: h.turn,
                },
            ));
        }
    }
    if sort != KwicSort::Position {
        let key = |r: &KwicRow| {
            kw::sort_key(
                &kw::KwicLine {
                    start: r.start,
                    end: r.end,
                    left: r.left.clone(),
                    keyword: r.keyword.clone(),
                    right: r.right.clone(),
                },
                sort,
            )
        };
        let mut keyed: Vec<(String, (usize, KwicRow))> =
            rows.into_iter().map(|r| (key(&r.1), r)).collect();
        keyed.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then((a.1 .0, a.1 .1.start).cmp(&(b.1 .0, b.1 .1.start)))
        });
        rows = keyed.into_iter().map(|(_, r)| r).collect();
    }
    Ok(rows.into_iter().map(|(_, r)| r).collect())
}

/// `gloss analysis codeline --json`.
#[derive(Debug, Clone, Serialize)]
pub struct CodelineReport {
    pub document: String,
    pub coders: Vec<String>,
    pub subcodes: bool,
    #[serde(flatten)]
    pub codeline: Codeline,
}

/// The codeline of `doc`: the codes of `filter.codes`, or every code with
/// a passage in the document.
pub fn codeline(
    store: &Store,
    doc: &str,
    filter: &AnalysisFilter,
) -> crate::ops::Result<CodelineReport> {
    let id = crate::ops::documents::resolve(store, doc)?;
    let l = load(store, filter, Needs::default(), Some(&id))?;
    let d = l
        .doc_index(&id)
        .ok_or_else(|| crate::ops::Error::Invalid(format!("no document {doc:?}")))?;
    let codes = if filter.codes.is_empty() {
        cl::codes_in(&l.corpus, &l.sel, d, &l.rows)
    } else {
        l.rows.clone()
    };
    Ok(CodelineReport {
        document: l.corpus.documents[d].name.clone(),
        coders: l.coder_names(),
        subcodes: l.sel.subcodes,
        codeline: cl::codeline(&l.corpus, &l.sel, d, &codes),
    })
}
