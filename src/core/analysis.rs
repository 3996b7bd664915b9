//! Analysis figures (issue 13): code frequencies, code × column matrices,
//! co-occurrence, word frequencies, keyword in context and the codeline —
//! pure functions over a [`Corpus`] of sorted coding intervals, with the
//! results as plain serialisable tables that the command line, the screen
//! and the CSV/XLSX writers all use.
//!
//! The rules every figure shares:
//! - a *passage* is a distinct (document, range) among the selected
//!   codings: the same range coded by several coders, or by a code and its
//!   sub-code when sub-codes are rolled up, counts once; zero-length
//!   codings count nowhere;
//! - characters are counted as the union of a code's passages per document
//!   ([`crate::core::agreement::union_of`], the sweep agreement uses), so
//!   overlaps count once;
//! - offsets of different documents are never compared.
//!
//! Pure: no I/O, no SQLite.

pub mod codeline;
pub mod cooccurrence;
pub mod frequencies;
pub mod kwic;
pub mod matrix;
pub mod table;
pub mod words;

use crate::core::agreement::union_of;
use crate::core::codebook;
use std::collections::BTreeMap;

/// A speaker turn: the char range of its speech, and who spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    pub start: usize,
    pub end: usize,
    /// Index into [`Corpus::participants`].
    pub participant: Option<usize>,
}

/// A document as analysis needs it.
#[derive(Debug, Clone, Default)]
pub struct DocumentInfo {
    pub name: String,
    pub chars: usize,
    /// Sorted by start, disjoint.
    pub turns: Vec<Turn>,
    /// The document's words (UAX #29, see [`words::word_spans`]) as char
    /// ranges, sorted — at least every word sharing a character with a
    /// coding (the loader segments only there, see
    /// [`words::word_spans_within`]); `None` when the text was not read.
    pub words: Option<WordSpans>,
}

/// Chars per block of [`WordSpans`]' index.
const WORD_BLOCK: usize = 64;

/// A document's words (sorted, disjoint char ranges) with a coarse index:
/// for every block of 64 chars, the first word ending after its start.
/// Finding the words of an interval is then a look-up and a step or two
/// through one block's words, instead of a search through the document's
/// whole list (10 million words of a corpus are 160 MB: each probe of a
/// search missed the cache). The index costs 4 bytes per 64 chars.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordSpans {
    /// As u32 pairs: half the memory of usize pairs, so half the cache
    /// misses (a document is far below 4 G chars; longer ones keep
    /// `usize`, see `wide`).
    spans: Vec<(u32, u32)>,
    /// The spans of a document past u32 (never in practice).
    wide: Vec<(usize, usize)>,
    blocks: Vec<u32>,
}

impl From<Vec<(usize, usize)>> for WordSpans {
    fn from(spans: Vec<(usize, usize)>) -> WordSpans {
        WordSpans::new(spans)
    }
}

impl WordSpans {
    pub fn new(spans: Vec<(usize, usize)>) -> WordSpans {
        let end = spans.last().map_or(0, |w| w.1);
        if u32::try_from(end).is_err() {
            return WordSpans {
                spans: Vec::new(),
                wide: spans,
                blocks: Vec::new(),
            };
        }
        let n = end / WORD_BLOCK + 1;
        let mut blocks = Vec::with_capacity(n);
        let mut i = 0;
        for k in 0..n {
            let at = k * WORD_BLOCK;
            while i < spans.len() && spans[i].1 <= at {
                i += 1;
            }
            blocks.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        let spans = spans
            .into_iter()
            .map(|(s, e)| (s as u32, e as u32))
            .collect();
        WordSpans {
            spans,
            wide: Vec::new(),
            blocks,
        }
    }

    /// The words, as char ranges.
    pub fn spans(&self) -> Vec<(usize, usize)> {
        if !self.wide.is_empty() {
            return self.wide.clone();
        }
        self.spans
            .iter()
            .map(|&(s, e)| (s as usize, e as usize))
            .collect()
    }

    /// The first word ending after `x`.
    fn first_ending_after(&self, x: usize) -> usize {
        let mut i = self
            .blocks
            .get(x / WORD_BLOCK)
            .map_or(self.spans.len(), |&b| b as usize);
        while i < self.spans.len() && self.spans[i].1 as usize <= x {
            i += 1;
        }
        i
    }

    /// Words sharing at least one character with the disjoint sorted
    /// `intervals`, each counted once ([`words_touching`], indexed).
    pub fn touching(&self, intervals: &[(usize, usize)]) -> usize {
        if !self.wide.is_empty() {
            return words_touching(&self.wide, intervals);
        }
        let w = &self.spans;
        let mut n = 0;
        let mut done = 0;
        for &(s, e) in intervals {
            if s >= e {
                continue;
            }
            let lo = self.first_ending_after(s).max(done);
            // Words ending at or before `e` start before it; at most one
            // more (spanning `e`) does.
            let mut hi = self.first_ending_after(e).max(lo);
            while hi < w.len() && (w[hi].0 as usize) < e {
                hi += 1;
            }
            if hi > lo {
                n += hi - lo;
            }
            done = done.max(hi);
        }
        n
    }
}

/// A speaker of one document, with attributes.
#[derive(Debug, Clone, Default)]
pub struct ParticipantInfo {
    /// Index into [`Corpus::documents`].
    pub document: usize,
    pub name: String,
    pub attributes: BTreeMap<String, String>,
}

/// A code of the codebook, in codebook order (parents before children).
#[derive(Debug, Clone)]
pub struct CodeInfo {
    pub path: String,
    pub parent: Option<usize>,
}

/// One coding: indices into the corpus' lists, and its char range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub doc: usize,
    pub code: usize,
    pub coder: usize,
    pub start: usize,
    pub end: usize,
}

/// Everything the figures are computed from.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<DocumentInfo>,
    pub participants: Vec<ParticipantInfo>,
    pub codes: Vec<CodeInfo>,
    pub coders: Vec<String>,
    pub spans: Vec<Span>,
}

/// A distinct coded range of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Passage {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
}

/// Which codings count.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Per coder of [`Corpus::coders`]: whether its codings count.
    pub coders: Vec<bool>,
    /// Per document: whether it is in scope.
    pub documents: Vec<bool>,
    /// Per participant, when `--where` filters: a coding counts only when
    /// it overlaps a turn of a participant marked here.
    pub participants: Option<Vec<bool>>,
    /// Whether a code's figures include its sub-codes' codings.
    pub subcodes: bool,
}

impl Selection {
    /// Every coding of every coder in every document, with sub-codes.
    pub fn all(corpus: &Corpus) -> Selection {
        Selection {
            coders: vec![true; corpus.coders.len()],
            documents: vec![true; corpus.documents.len()],
            participants: None,
            subcodes: true,
        }
    }

    /// Whether a document is in scope (present and, under `--where`, with
    /// a participant who matches).
    pub fn document_in_scope(&self, corpus: &Corpus, d: usize) -> bool {
        if !self.documents.get(d).copied().unwrap_or(false) {
            return false;
        }
        match &self.participants {
            None => true,
            Some(keep) => corpus
                .participants
                .iter()
                .zip(keep)
                .any(|(x, &k)| k && x.document == d),
        }
    }
}

impl Corpus {
    /// The turns of document `d` that share a character with `[s, e)`.
    pub fn turns_overlapping(&self, d: usize, s: usize, e: usize) -> &[Turn] {
        let turns = &self.documents[d].turns;
        let first = turns.partition_point(|t| t.end <= s);
        let mut last = first;
        while last < turns.len() && turns[last].start < e {
            last += 1;
        }
        // Empty turns share no character, even inside the range.
        &turns[first..last]
    }

    /// Speakers of the turns a range overlaps (each once, in turn order).
    pub fn speakers_of(&self, d: usize, s: usize, e: usize, out: &mut Vec<usize>) {
        out.clear();
        for t in self.turns_overlapping(d, s, e) {
            if t.start >= t.end {
                continue;
            }
            if let Some(p) = t.participant {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }

    /// Each code's descendants (itself first).
    pub fn descendants(&self) -> Vec<Vec<usize>> {
        let parents: Vec<Option<usize>> = self.codes.iter().map(|c| c.parent).collect();
        let children = codebook::children_of(&parents);
        (0..self.codes.len())
            .map(|root| codebook::subtree_of(&children, root))
            .collect()
    }

    /// Each code's own passages under `sel` (not rolled up): sorted,
    /// distinct, non-empty, clipped to the text.
    pub fn own_passages(&self, sel: &Selection) -> Vec<Vec<Passage>> {
        let mut out: Vec<Vec<Passage>> = vec![Vec::new(); self.codes.len()];
        let mut speakers = Vec::new();
        for s in &self.spans {
            let Some(doc) = self.documents.get(s.doc) else {
                continue;
            };
            let end = s.end.min(doc.chars);
            if s.start >= end
                || s.code >= out.len()
                || !sel.coders.get(s.coder).copied().unwrap_or(false)
                || !sel.documents.get(s.doc).copied().unwrap_or(false)
            {
                continue;
            }
            if let Some(keep) = &sel.participants {
                self.speakers_of(s.doc, s.start, end, &mut speakers);
                if !speakers.iter().any(|&p| keep[p]) {
                    continue;
                }
            }
            out[s.code].push(Passage {
                doc: s.doc,
                start: s.start,
                end,
            });
        }
        for v in &mut out {
            v.sort_unstable();
            v.dedup();
        }
        out
    }

    /// Each code's passages under `sel`, with its sub-codes' when
    /// `sel.subcodes`.
    pub fn passages(&self, sel: &Selection) -> Vec<Vec<Passage>> {
        let own = self.own_passages(sel);
        if !sel.subcodes {
            return own;
        }
        let parents: Vec<Option<usize>> = self.codes.iter().map(|c| c.parent).collect();
        let mut rolled = codebook::roll_up_over(&parents, own, |a, b| a.extend_from_slice(b));
        // A passage coded with a code and its sub-code counts once.
        for (v, c) in rolled.iter_mut().zip(codebook::children_of(&parents)) {
            if !c.is_empty() {
                v.sort_unstable();
                v.dedup();
            }
        }
        rolled
    }
}

/// The codings of each document: span indices grouped by document (in
/// their order in [`Corpus::spans`]), by counting sort.
#[derive(Debug, Clone, Default)]
pub struct SpansByDocument {
    /// Document `d`'s spans are `order[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    order: Vec<u32>,
}

impl SpansByDocument {
    /// The indices of document `d`'s spans.
    pub fn of(&self, d: usize) -> &[u32] {
        match (self.starts.get(d), self.starts.get(d + 1)) {
            (Some(&a), Some(&b)) => self.order.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl Corpus {
    /// The spans of each document (spans of no document left out).
    pub fn spans_by_document(&self) -> SpansByDocument {
        let n = self.documents.len();
        let mut starts = vec![0u32; n + 1];
        for s in &self.spans {
            if s.doc < n {
                starts[s.doc + 1] += 1;
            }
        }
        for d in 0..n {
            starts[d + 1] += starts[d];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; starts[n] as usize];
        for (k, s) in self.spans.iter().enumerate() {
            if s.doc < n {
                order[next[s.doc] as usize] = k as u32;
                next[s.doc] += 1;
            }
        }
        SpansByDocument { starts, order }
    }
}

/// Walks the turns of passages taken in (document, start) order: the
/// first turn a passage can overlap only moves forward, so each lookup is
/// a few steps from the last instead of a search.
#[derive(Debug, Clone, Copy, Default)]
pub struct TurnCursor {
    doc: usize,
    first: usize,
    started: bool,
}

impl Corpus {
    /// Speakers of the turns `p` overlaps (each once), for passages given
    /// in sorted order to the same cursor.
    pub fn speakers_sorted(&self, cur: &mut TurnCursor, p: &Passage, out: &mut Vec<usize>) {
        out.clear();
        let turns = &self.documents[p.doc].turns;
        if !cur.started || cur.doc != p.doc {
            // A new document: find its first turn (sorted, disjoint) by
            // search rather than walking from the document's first turn.
            *cur = TurnCursor {
                doc: p.doc,
                first: turns.partition_point(|t| t.end <= p.start),
                started: true,
            };
        }
        while cur.first < turns.len() && turns[cur.first].end <= p.start {
            cur.first += 1;
        }
        let mut k = cur.first;
        while k < turns.len() && turns[k].start < p.end {
            let t = turns[k];
            if t.start < t.end && t.end > p.start {
                if let Some(who) = t.participant {
                    if !out.contains(&who) {
                        out.push(who);
                    }
                }
            }
            k += 1;
        }
    }
}

/// Documents, characters and (when every document's words are known)
/// words of sorted passages, merging them per document on the fly.
pub fn union_stats(corpus: &Corpus, passages: &[Passage]) -> (usize, usize, Option<usize>) {
    let (mut docs, mut chars, mut words) = (0, 0, Some(0));
    let mut buf: Vec<(usize, usize)> = Vec::new();
    let flush = |d: usize, buf: &mut Vec<(usize, usize)>, words: &mut Option<usize>| {
        *words = match (*words, &corpus.documents[d].words) {
            (Some(n), Some(w)) => Some(n + w.touching(buf)),
            _ => None,
        };
        buf.clear();
    };
    let mut i = 0;
    while i < passages.len() {
        let d = passages[i].doc;
        docs += 1;
        let (mut s, mut e) = (passages[i].start, passages[i].end);
        i += 1;
        while i < passages.len() && passages[i].doc == d {
            let p = passages[i];
            if p.start <= e {
                e = e.max(p.end);
            } else {
                chars += e - s;
                buf.push((s, e));
                (s, e) = (p.start, p.end);
            }
            i += 1;
        }
        chars += e - s;
        buf.push((s, e));
        flush(d, &mut buf, &mut words);
    }
    (docs, chars, words)
}

/// The union of sorted passages, per document: `(doc, intervals)`.
pub fn unions(passages: &[Passage]) -> Vec<(usize, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    for run in passages.chunk_by(|a, b| a.doc == b.doc) {
        let mut r: Vec<(usize, usize)> = run.iter().map(|p| (p.start, p.end)).collect();
        out.push((run[0].doc, union_of(&mut r, usize::MAX)));
    }
    out
}

/// Characters in disjoint sorted intervals.
pub fn chars_in(intervals: &[(usize, usize)]) -> usize {
    intervals.iter().map(|(s, e)| e - s).sum()
}

/// Words (sorted disjoint char ranges) sharing a character with the
/// disjoint sorted `intervals`: for each interval the words from the first
/// ending after its start to the last starting before its end (two binary
/// searches), a word reached by two intervals counted once.
pub fn words_touching(words: &[(usize, usize)], intervals: &[(usize, usize)]) -> usize {
    let mut n = 0;
    let mut done = 0;
    for &(s, e) in intervals {
        // Both searches gallop forward from where the last interval
        // ended: the intervals are sorted, so each is near the last
        // (a search over the whole document each time missed the cache).
        let lo = gallop(words, done, |w| w.1 <= s).max(done);
        let hi = gallop(words, lo, |w| w.0 < e);
        if hi > lo {
            n += hi - lo;
        }
        done = done.max(hi);
    }
    n
}

/// The first index at or after `from` where `before` turns false (it must
/// be true then false along `v`, and hold before `from` or `from` be 0).
fn gallop<T>(v: &[T], from: usize, before: impl Fn(&T) -> bool) -> usize {
    let from = from.min(v.len());
    let mut step = 1;
    let mut lo = from;
    let mut hi = from;
    while hi < v.len() && before(&v[hi]) {
        lo = hi + 1;
        hi = hi.saturating_add(step).min(v.len());
        step *= 2;
    }
    lo + v[lo..hi].partition_point(before)
}

/// A share, `None` when the denominator is 0.
pub fn share(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

#[cfg(test)]
pub(crate) mod test_corpus {
    //! Random corpora and a brute-force per-character model of them, for
    //! the property tests of every figure.
    use super::*;
    use proptest::prelude::*;

    /// Up to 3 documents of up to 40 chars, with turns, up to 4 codes (a
    /// small tree), 3 coders, 4 participants with one attribute.
    pub fn corpus() -> impl Strategy<Value = Corpus> {
        (
            proptest::collection::vec(
                (
                    0usize..40,
                    proptest::collection::vec((0usize..8, 0usize..4), 0..6),
                ),
                1..4,
            ),
            proptest::collection::vec(
                (0usize..3, 0usize..4, 0usize..3, 0usize..45, 0usize..20),
                0..16,
            ),
            proptest::collection::vec(proptest::option::of(0usize..3), 4),
            proptest::collection::vec(proptest::option::of(0usize..4), 4),
        )
            .prop_map(|(docs, spans, attrs, parents)| build(docs, spans, attrs, parents))
    }

    fn build(
        docs: Vec<(usize, Vec<(usize, usize)>)>,
        spans: Vec<(usize, usize, usize, usize, usize)>,
        attrs: Vec<Option<usize>>,
        parents: Vec<Option<usize>>,
    ) -> Corpus {
        let participants: Vec<ParticipantInfo> = (0..4)
            .map(|p| ParticipantInfo {
                document: p % docs.len(),
                name: format!("P{}", p % 2),
                attributes: attrs[p]
                    .map(|v| {
                        [(
                            "role".to_string(),
                            ["miner", "trader", "washer"][v].to_string(),
                        )]
                        .into_iter()
                        .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let documents: Vec<DocumentInfo> = docs
            .iter()
            .enumerate()
            .map(|(d, (len, raw_turns))| {
                // Turns: gaps and lengths laid out one after the other.
                let mut turns = Vec::new();
                let mut pos = 0;
                for &(gap, who) in raw_turns {
                    let s = pos + gap % 3;
                    let e = (s + gap).min(*len);
                    if s >= *len {
                        break;
                    }
                    let mine: Vec<usize> = (0..4).filter(|p| p % docs.len() == d).collect();
                    let participant = (!mine.is_empty() && who < 3).then(|| mine[who % mine.len()]);
                    turns.push(Turn {
                        start: s,
                        end: e,
                        participant,
                    });
                    pos = e;
                }
                // Words: every run of 1–3 chars separated by one.
                let mut words = Vec::new();
                let mut p = 0;
                let mut k = 1;
                while p < *len {
                    let e = (p + k).min(*len);
                    words.push((p, e));
                    p = e + 1;
                    k = k % 3 + 1;
                }
                DocumentInfo {
                    name: format!("d{d}"),
                    chars: *len,
                    turns,
                    words: Some(words.into()),
                }
            })
            .collect();
        let codes: Vec<CodeInfo> = (0..4)
            .map(|c| CodeInfo {
                path: format!("c{c}"),
                // Parents come first: only a smaller index can be a parent.
                parent: parents[c].filter(|&p| p < c),
            })
            .collect();
        let spans = spans
            .into_iter()
            .map(|(doc, code, coder, s, l)| Span {
                doc: doc % documents.len(),
                code,
                coder,
                start: s,
                end: s + l,
            })
            .collect();
        Corpus {
            documents,
            participants,
            codes,
            coders: vec!["a".into(), "b".into(), "c".into()],
            spans,
        }
    }

    /// Per document and character: whether a code (rolled up or not)
    /// covers it under the selection, brute force.
    pub fn covered(corpus: &Corpus, sel: &Selection, code: usize, d: usize, p: usize) -> bool {
        codes_of(corpus, sel, code).iter().any(|&c| {
            corpus.spans.iter().any(|s| {
                s.code == c
                    && s.doc == d
                    && s.start <= p
                    && p < s.end
                    && p < corpus.documents[d].chars
                    && kept(corpus, sel, s)
            })
        })
    }

    /// The codes whose codings count for `code`.
    pub fn codes_of(corpus: &Corpus, sel: &Selection, code: usize) -> Vec<usize> {
        (0..corpus.codes.len())
            .filter(|&c| {
                if !sel.subcodes {
                    return c == code;
                }
                let mut x = Some(c);
                while let Some(y) = x {
                    if y == code {
                        return true;
                    }
                    x = corpus.codes[y].parent;
                }
                false
            })
            .collect()
    }

    /// Whether a coding counts under the selection, brute force.
    pub fn kept(corpus: &Corpus, sel: &Selection, s: &Span) -> bool {
        let len = corpus.documents[s.doc].chars;
        let end = s.end.min(len);
        if s.start >= end || !sel.coders[s.coder] || !sel.documents[s.doc] {
            return false;
        }
        match &sel.participants {
            None => true,
            Some(keep) => corpus.documents[s.doc].turns.iter().any(|t| {
                t.participant.is_some_and(|p| keep[p])
                    && (s.start..end).any(|x| t.start <= x && x < t.end)
            }),
        }
    }

    /// The selection with a random subset of coders, documents and
    /// participants, sub-codes on or off.
    pub fn selection() -> impl Strategy<Value = (Vec<bool>, Vec<bool>, Option<Vec<bool>>, bool)> {
        (
            proptest::collection::vec(any::<bool>(), 3),
            proptest::collection::vec(any::<bool>(), 3),
            proptest::option::of(proptest::collection::vec(any::<bool>(), 4)),
            any::<bool>(),
        )
    }

    pub fn make_selection(
        corpus: &Corpus,
        (coders, docs, people, subcodes): (Vec<bool>, Vec<bool>, Option<Vec<bool>>, bool),
    ) -> Selection {
        Selection {
            coders,
            documents: docs
                .into_iter()
                .chain(std::iter::repeat(true))
                .take(corpus.documents.len())
                .collect(),
            participants: people,
            subcodes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indexed_words_count_as_the_searched_ones() {
        // Words of 1 to 9 chars with gaps of 1 to 3, over several blocks.
        let mut words = Vec::new();
        let mut p = 0;
        for k in 0..400usize {
            let len = 1 + k * 7 % 9;
            words.push((p, p + len));
            p += len + 1 + k % 3;
        }
        let indexed = WordSpans::new(words.clone());
        let mut x: u64 = 7;
        for _ in 0..500 {
            let mut ivs = Vec::new();
            let mut at = 0;
            for _ in 0..4 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let gap = (x >> 33) as usize % 300;
                let len = 1 + (x >> 45) as usize % 200;
                ivs.push((at + gap, at + gap + len));
                at += gap + len + 1;
            }
            assert_eq!(
                indexed.touching(&ivs),
                words_touching(&words, &ivs),
                "{ivs:?}"
            );
        }
        assert_eq!(WordSpans::new(Vec::new()).touching(&[(0, 10)]), 0);
    }

    #[test]
    fn words_touching_counts_partial_words() {
        let words = [(0, 3), (4, 7), (8, 12), (13, 14)];
        assert_eq!(words_touching(&words, &[(2, 5)]), 2);
        assert_eq!(words_touching(&words, &[(3, 4)]), 0);
        assert_eq!(words_touching(&words, &[(0, 14)]), 4);
        assert_eq!(words_touching(&words, &[(7, 8), (12, 13)]), 0);
        assert_eq!(words_touching(&words, &[(6, 9), (13, 20)]), 3);
    }

    #[test]
    fn turns_overlapping_is_by_shared_character() {
        let c = Corpus {
            documents: vec![DocumentInfo {
                name: "d".into(),
                chars: 30,
                turns: vec![
                    Turn {
                        start: 0,
                        end: 10,
                        participant: Some(0),
                    },
                    Turn {
                        start: 12,
                        end: 20,
                        participant: Some(1),
                    },
                ],
                words: None,
            }],
            ..Default::default()
        };
        assert_eq!(c.turns_overlapping(0, 10, 12).len(), 0);
        assert_eq!(c.turns_overlapping(0, 9, 13).len(), 2);
        assert_eq!(c.turns_overlapping(0, 19, 25).len(), 1);
    }
}
