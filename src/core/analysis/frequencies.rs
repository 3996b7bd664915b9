//! Code frequencies: per code, its passages, the documents and participants
//! they reach, the characters and words they cover, and the share of the
//! text in scope they cover.

use super::{share, Corpus, Passage, Selection};
use serde::Serialize;

/// One code's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrequencyRow {
    pub code: String,
    /// Passages (distinct document + range).
    pub codings: usize,
    /// Documents with at least one passage.
    pub documents: usize,
    /// Speakers with at least one passage overlapping one of their turns.
    pub participants: usize,
    /// Characters of the union of the passages, per document.
    pub chars: usize,
    /// Words with at least one character in that union (`None`: the text
    /// was not read).
    pub words: Option<usize>,
    /// chars / characters of the documents in scope.
    pub coverage: Option<f64>,
}

/// Characters of the documents in scope.
pub fn scope_chars(corpus: &Corpus, sel: &Selection) -> usize {
    (0..corpus.documents.len())
        .filter(|&d| sel.document_in_scope(corpus, d))
        .map(|d| corpus.documents[d].chars)
        .sum()
}

/// Every code's row (or those in `codes`, in that order).
pub fn frequencies(corpus: &Corpus, sel: &Selection, codes: &[usize]) -> Vec<FrequencyRow> {
    let by = ByDocument::new(corpus, sel, codes);
    by.tally(0..corpus.documents.len())
        .rows(corpus, codes, scope_chars(corpus, sel))
}

/// The codings of each document (span indices), and what every document's
/// figures need: frequencies are computed document by document, each
/// document's turns and words read once for every code (code by code, a
/// code's pass over ten million words pushed the last code's out of the
/// cache), and documents can be tallied apart (on several threads) and the
/// tallies merged.
pub struct ByDocument<'a> {
    corpus: &'a Corpus,
    sel: &'a Selection,
    rows: &'a [usize],
    spans: super::SpansByDocument,
    parents: Vec<Option<usize>>,
    /// Codes with sub-codes (their rolled-up passages are sorted again).
    has_children: Vec<bool>,
}

/// The figures of some documents, per row, before they become rows.
#[derive(Debug, Clone)]
pub struct FrequencyTally {
    codings: Vec<usize>,
    documents: Vec<usize>,
    chars: Vec<usize>,
    words: Vec<Option<usize>>,
    /// Per row: the participants reached (a bit per participant).
    people: Vec<Vec<u64>>,
}

impl<'a> ByDocument<'a> {
    pub fn new(corpus: &'a Corpus, sel: &'a Selection, rows: &'a [usize]) -> ByDocument<'a> {
        let parents: Vec<Option<usize>> = corpus.codes.iter().map(|c| c.parent).collect();
        let has_children = crate::core::codebook::children_of(&parents)
            .iter()
            .map(|c| !c.is_empty())
            .collect();
        ByDocument {
            corpus,
            sel,
            rows,
            spans: corpus.spans_by_document(),
            parents,
            has_children,
        }
    }

    /// The figures of the documents `docs`.
    pub fn tally(&self, docs: impl IntoIterator<Item = usize>) -> FrequencyTally {
        let c = self.corpus;
        let n = self.rows.len();
        let words_per = c.participants.len().div_ceil(64);
        let mut t = FrequencyTally {
            codings: vec![0; n],
            documents: vec![0; n],
            chars: vec![0; n],
            words: vec![Some(0); n],
            people: vec![vec![0; words_per]; n],
        };
        let mut speakers = Vec::new();
        let mut here = Vec::new();
        let mut union: Vec<(usize, usize)> = Vec::new();
        for d in docs {
            let Some(doc) = c.documents.get(d) else {
                continue;
            };
            if !self.sel.documents.get(d).copied().unwrap_or(false) {
                continue;
            }
            // Each code's own passages here, as `Corpus::own_passages`
            // finds them, then rolled up as `Corpus::passages` does.
            let mut own: Vec<Vec<Passage>> = vec![Vec::new(); c.codes.len()];
            for &k in self.spans.of(d) {
                let s = &c.spans[k as usize];
                let end = s.end.min(doc.chars);
                if s.start >= end
                    || s.code >= own.len()
                    || !self.sel.coders.get(s.coder).copied().unwrap_or(false)
                {
                    continue;
                }
                if let Some(keep) = &self.sel.participants {
                    c.speakers_of(d, s.start, end, &mut speakers);
                    if !speakers.iter().any(|&p| keep[p]) {
                        continue;
                    }
                }
                own[s.code].push(Passage {
                    doc: d,
                    start: s.start,
                    end,
                });
            }
            if own.iter().all(Vec::is_empty) {
                continue;
            }
            for v in &mut own {
                v.sort_unstable();
                v.dedup();
            }
            let passages = if self.sel.subcodes {
                let mut rolled = crate::core::codebook::roll_up_over(&self.parents, own, |a, b| {
                    a.extend_from_slice(b)
                });
                for (v, &children) in rolled.iter_mut().zip(&self.has_children) {
                    if children {
                        v.sort_unstable();
                        v.dedup();
                    }
                }
                rolled
            } else {
                own
            };
            for (r, &code) in self.rows.iter().enumerate() {
                let Some(ps) = passages.get(code) else {
                    continue;
                };
                if ps.is_empty() {
                    continue;
                }
                t.codings[r] += ps.len();
                t.documents[r] += 1;
                union.clear();
                for p in ps {
                    match union.last_mut() {
                        Some(last) if p.start <= last.1 => last.1 = last.1.max(p.end),
                        _ => union.push((p.start, p.end)),
                    }
                }
                t.chars[r] += super::chars_in(&union);
                t.words[r] = match (t.words[r], &doc.words) {
                    (Some(n), Some(w)) => Some(n + w.touching(&union)),
                    _ => None,
                };
                let mut cur = super::TurnCursor::default();
                let seen = &mut t.people[r];
                for p in ps {
                    c.speakers_sorted(&mut cur, p, &mut here);
                    for &s in &here {
                        seen[s / 64] |= 1 << (s % 64);
                    }
                }
            }
        }
        t
    }
}

impl FrequencyTally {
    /// Adds the figures of other documents.
    pub fn merge(&mut self, other: FrequencyTally) {
        for r in 0..self.codings.len() {
            self.codings[r] += other.codings[r];
            self.documents[r] += other.documents[r];
            self.chars[r] += other.chars[r];
            self.words[r] = match (self.words[r], other.words[r]) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
            for (a, b) in self.people[r].iter_mut().zip(&other.people[r]) {
                *a |= b;
            }
        }
    }

    /// The rows (`codes`, in that order, as tallied).
    pub fn rows(&self, corpus: &Corpus, codes: &[usize], scope_chars: usize) -> Vec<FrequencyRow> {
        codes
            .iter()
            .enumerate()
            .map(|(r, &code)| FrequencyRow {
                code: corpus.codes[code].path.clone(),
                codings: self.codings[r],
                documents: self.documents[r],
                participants: self.people[r].iter().map(|w| w.count_ones() as usize).sum(),
                chars: self.chars[r],
                words: self.words[r],
                coverage: share(self.chars[r] as f64, scope_chars as f64),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_corpus::*;
    use super::super::*;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn documents_tallied_apart_add_up_to_all_of_them(c in corpus(), s in selection(), split in 1usize..4) {
            let sel = make_selection(&c, s);
            let codes: Vec<usize> = (0..c.codes.len()).rev().collect();
            let by = ByDocument::new(&c, &sel, &codes);
            let n = c.documents.len();
            let mut t = by.tally((0..n).filter(|d| d % split == 0));
            t.merge(by.tally((0..n).filter(|d| d % split != 0)));
            let scope = scope_chars(&c, &sel);
            prop_assert_eq!(t.rows(&c, &codes, scope), frequencies(&c, &sel, &codes));
        }

        #[test]
        fn matches_brute_force_per_character(c in corpus(), s in selection()) {
            let sel = make_selection(&c, s);
            let codes: Vec<usize> = (0..c.codes.len()).collect();
            let rows = frequencies(&c, &sel, &codes);
            let scope: usize = (0..c.documents.len())
                .filter(|&d| sel.documents[d] && match &sel.participants {
                    None => true,
                    Some(k) => c.participants.iter().enumerate().any(|(p, x)| x.document == d && k[p]),
                })
                .map(|d| c.documents[d].chars)
                .sum();
            for (code, row) in rows.iter().enumerate() {
                let mine = codes_of(&c, &sel, code);
                let kept: Vec<&Span> = c.spans.iter().filter(|s| mine.contains(&s.code) && kept(&c, &sel, s)).collect();
                let mut distinct: Vec<(usize, usize, usize)> = kept.iter().map(|s| (s.doc, s.start, s.end.min(c.documents[s.doc].chars))).collect();
                distinct.sort();
                distinct.dedup();
                prop_assert_eq!(row.codings, distinct.len());
                let mut docs: Vec<usize> = distinct.iter().map(|x| x.0).collect();
                docs.dedup();
                prop_assert_eq!(row.documents, docs.len());
                let mut chars = 0;
                let mut words = 0;
                for (d, doc) in c.documents.iter().enumerate() {
                    let cov: Vec<bool> = (0..doc.chars).map(|p| covered(&c, &sel, code, d, p)).collect();
                    chars += cov.iter().filter(|&&x| x).count();
                    words += doc.words.as_ref().map_or(0, |w| w.spans().iter().filter(|&&(s, e)| (s..e).any(|p| cov[p])).count());
                }
                prop_assert_eq!(row.chars, chars);
                prop_assert_eq!(row.words, Some(words));
                let mut people: Vec<usize> = Vec::new();
                for s in &kept {
                    let end = s.end.min(c.documents[s.doc].chars);
                    for t in &c.documents[s.doc].turns {
                        if let Some(p) = t.participant {
                            if (s.start..end).any(|x| t.start <= x && x < t.end) && !people.contains(&p) {
                                people.push(p);
                            }
                        }
                    }
                }
                prop_assert_eq!(row.participants, people.len());
                prop_assert_eq!(row.coverage, (scope > 0).then(|| chars as f64 / scope as f64));
            }
        }
    }
}
