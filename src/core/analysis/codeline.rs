//! The codeline of one document: its turns as columns (in order, with the
//! speaker), codes as rows, a cell filled where a passage of the code
//! shares a character with the turn.

use super::{Corpus, Passage, Selection};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodelineTurn {
    /// The turn's number in the document, from 1.
    pub turn: usize,
    pub speaker: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Codeline {
    pub turns: Vec<CodelineTurn>,
    pub codes: Vec<String>,
    /// `cells[code][turn]`.
    pub cells: Vec<Vec<bool>>,
}

/// The codes (of `candidates`, in that order) with a passage in `doc`.
pub fn codes_in(corpus: &Corpus, sel: &Selection, doc: usize, candidates: &[usize]) -> Vec<usize> {
    let passages = corpus.passages(sel);
    candidates
        .iter()
        .copied()
        .filter(|&c| passages[c].iter().any(|p| p.doc == doc))
        .collect()
}

/// The codeline of `doc` for `codes` (rows in that order).
pub fn codeline(corpus: &Corpus, sel: &Selection, doc: usize, codes: &[usize]) -> Codeline {
    let passages = corpus.passages(sel);
    let d = &corpus.documents[doc];
    let turns = d
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| CodelineTurn {
            turn: i + 1,
            speaker: t.participant.map(|p| corpus.participants[p].name.clone()),
            start: t.start,
            end: t.end,
        })
        .collect();
    let cells = codes
        .iter()
        .map(|&c| {
            let mine: Vec<&Passage> = passages[c].iter().filter(|p| p.doc == doc).collect();
            d.turns
                .iter()
                .map(|t| t.start < t.end && mine.iter().any(|p| p.start < t.end && t.start < p.end))
                .collect()
        })
        .collect();
    Codeline {
        turns,
        codes: codes
            .iter()
            .map(|&c| corpus.codes[c].path.clone())
            .collect(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_corpus::*;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn matches_brute_force_per_character(c in corpus(), s in selection()) {
            let sel = make_selection(&c, s);
            let codes: Vec<usize> = (0..c.codes.len()).collect();
            for d in 0..c.documents.len() {
                let line = codeline(&c, &sel, d, &codes);
                prop_assert_eq!(line.turns.len(), c.documents[d].turns.len());
                for (k, row) in line.cells.iter().enumerate() {
                    for (t, &cell) in row.iter().enumerate() {
                        let turn = c.documents[d].turns[t];
                        let want = (turn.start..turn.end).any(|p| covered(&c, &sel, k, d, p));
                        prop_assert_eq!(cell, want);
                    }
                }
                let shown = codes_in(&c, &sel, d, &codes);
                for k in 0..c.codes.len() {
                    let any = (0..c.documents[d].chars).any(|p| covered(&c, &sel, k, d, p));
                    prop_assert_eq!(shown.contains(&k), any);
                }
            }
        }
    }
}
