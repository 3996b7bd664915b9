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

/// The figures of one list of passages (sorted, distinct).
pub fn row_of(
    corpus: &Corpus,
    code: &str,
    passages: &[Passage],
    scope_chars: usize,
) -> FrequencyRow {
    let (documents, chars, words) = super::union_stats(corpus, passages);
    let mut people: Vec<usize> = Vec::new();
    let mut here = Vec::new();
    let mut seen = vec![false; corpus.participants.len()];
    let mut cur = super::TurnCursor::default();
    for p in passages {
        corpus.speakers_sorted(&mut cur, p, &mut here);
        for &s in &here {
            if !std::mem::replace(&mut seen[s], true) {
                people.push(s);
            }
        }
    }
    FrequencyRow {
        code: code.to_string(),
        codings: passages.len(),
        documents,
        participants: people.len(),
        chars,
        words,
        coverage: share(chars as f64, scope_chars as f64),
    }
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
    let passages = corpus.passages(sel);
    let total = scope_chars(corpus, sel);
    codes
        .iter()
        .map(|&c| row_of(corpus, &corpus.codes[c].path, &passages[c], total))
        .collect()
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
