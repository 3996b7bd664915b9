//! Code co-occurrence (codes × codes). Each code is taken as the union of
//! its selected codings per document (coders combined: the union of their
//! ranges), so one code's *stretches* are the maximal runs of characters it
//! covers. Units:
//! - `pairs`: pairs (stretch of one code, stretch of the other) in one
//!   document that share a character — or touch, with `touching`, or lie at
//!   most N characters apart, with `within`;
//! - `regions`: maximal runs of characters covered by both codes;
//! - `turns`: turns where both codes occur (each overlaps the turn);
//! - `documents`: documents where both occur.
//!
//! A code's frequency in the same unit: its stretches (pairs, regions),
//! the turns it overlaps, the documents it occurs in. The c-coefficient
//! c = n12 / (n1 + n2 − n12) is `None` when that denominator is not
//! positive (possible in the pairs unit, where one stretch may meet several
//! of the other code); a pair is flagged when one code is more than 5
//! times as frequent as the other (ATLAS.ti's warning).

use super::{unions, Corpus, Selection};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoUnit {
    #[default]
    Pairs,
    Regions,
    Turns,
    Documents,
}

impl CoUnit {
    pub fn name(self) -> &'static str {
        match self {
            CoUnit::Pairs => "pairs",
            CoUnit::Regions => "regions",
            CoUnit::Turns => "turns",
            CoUnit::Documents => "documents",
        }
    }
}

/// How far apart two stretches may be and still pair (pairs unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// They share a character.
    #[default]
    Overlap,
    /// At most this many characters lie between them (0: touching).
    Within(usize),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cooccurrence {
    pub unit: CoUnit,
    pub codes: Vec<String>,
    /// Each code's frequency in the unit.
    pub frequency: Vec<usize>,
    /// `counts[i][j]`: co-occurrences of codes i and j; the diagonal holds
    /// the code's frequency.
    pub counts: Vec<Vec<usize>>,
    /// The c-coefficient (`None` on the diagonal and where undefined).
    pub c: Vec<Vec<Option<f64>>>,
    /// Pairs `[i, j]` (i < j) that co-occur where one code is more than 5
    /// times as frequent as the other.
    pub warnings: Vec<[usize; 2]>,
}

/// Per code: its stretches per document, `(doc, intervals)` by document.
type Stretches = Vec<(usize, Vec<(usize, usize)>)>;

/// Pairs of stretches of `a` and `b` (one document each, sorted, disjoint).
pub fn pairs(a: &[(usize, usize)], b: &[(usize, usize)], reach: Reach) -> usize {
    let mut n = 0;
    for &(s, e) in a {
        let (before, upto) = match reach {
            Reach::Overlap => (
                b.partition_point(|y| y.1 <= s),
                b.partition_point(|y| y.0 < e),
            ),
            Reach::Within(k) => (
                b.partition_point(|y| y.1.saturating_add(k) < s),
                b.partition_point(|y| y.0 <= e.saturating_add(k)),
            ),
        };
        n += upto.saturating_sub(before);
    }
    n
}

/// Maximal runs covered by both (disjoint sorted interval lists).
pub fn regions(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i].0.max(b[j].0) < a[i].1.min(b[j].1) {
            n += 1;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

fn sorted_intersection(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The turns (document, turn index) a code's stretches overlap, sorted.
fn turns_of(corpus: &Corpus, s: &Stretches) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (d, ivs) in s {
        let turns = &corpus.documents[*d].turns;
        for (t, turn) in turns.iter().enumerate() {
            if turn.start >= turn.end {
                continue;
            }
            let k = ivs.partition_point(|iv| iv.1 <= turn.start);
            if k < ivs.len() && ivs[k].0 < turn.end {
                out.push((*d, t));
            }
        }
    }
    out
}

/// The c-coefficient, `None` unless n1 + n2 − n12 > 0.
pub fn c_coefficient(n12: usize, n1: usize, n2: usize) -> Option<f64> {
    let den = n1 as i128 + n2 as i128 - n12 as i128;
    (den > 0).then(|| n12 as f64 / den as f64)
}

/// The co-occurrence table of `codes` (in that order).
pub fn cooccurrence(
    corpus: &Corpus,
    sel: &Selection,
    codes: &[usize],
    unit: CoUnit,
    reach: Reach,
) -> Cooccurrence {
    let passages = corpus.passages(sel);
    let stretches: Vec<Stretches> = codes.iter().map(|&c| unions(&passages[c])).collect();
    let turns: Vec<Vec<(usize, usize)>> = if unit == CoUnit::Turns {
        stretches.iter().map(|s| turns_of(corpus, s)).collect()
    } else {
        Vec::new()
    };
    let frequency: Vec<usize> = (0..codes.len())
        .map(|i| match unit {
            CoUnit::Pairs | CoUnit::Regions => stretches[i].iter().map(|(_, v)| v.len()).sum(),
            CoUnit::Turns => turns[i].len(),
            CoUnit::Documents => stretches[i].len(),
        })
        .collect();
    let n = codes.len();
    let mut counts = vec![vec![0usize; n]; n];
    for i in 0..n {
        counts[i][i] = frequency[i];
        for j in i + 1..n {
            let v = match unit {
                CoUnit::Turns => sorted_intersection(&turns[i], &turns[j]),
                _ => {
                    // Documents of both, walked together.
                    let (a, b) = (&stretches[i], &stretches[j]);
                    let (mut x, mut y, mut v) = (0, 0, 0);
                    while x < a.len() && y < b.len() {
                        match a[x].0.cmp(&b[y].0) {
                            std::cmp::Ordering::Less => x += 1,
                            std::cmp::Ordering::Greater => y += 1,
                            std::cmp::Ordering::Equal => {
                                v += match unit {
                                    CoUnit::Pairs => pairs(&a[x].1, &b[y].1, reach),
                                    CoUnit::Regions => regions(&a[x].1, &b[y].1),
                                    _ => 1,
                                };
                                x += 1;
                                y += 1;
                            }
                        }
                    }
                    v
                }
            };
            counts[i][j] = v;
            counts[j][i] = v;
        }
    }
    let mut c = vec![vec![None; n]; n];
    let mut warnings = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            c[i][j] = c_coefficient(counts[i][j], frequency[i], frequency[j]);
            let (lo, hi) = (
                frequency[i].min(frequency[j]),
                frequency[i].max(frequency[j]),
            );
            if i < j && counts[i][j] > 0 && lo > 0 && hi > 5 * lo {
                warnings.push([i, j]);
            }
        }
    }
    Cooccurrence {
        unit,
        codes: codes
            .iter()
            .map(|&k| corpus.codes[k].path.clone())
            .collect(),
        frequency,
        counts,
        c,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_corpus::*;
    use super::super::*;
    use super::*;
    use proptest::prelude::*;

    fn example() -> Corpus {
        let spans = [
            (0, 0, 20),
            (0, 50, 60),
            (1, 10, 30),
            (1, 60, 70),
            (1, 80, 90),
            (2, 12, 18),
            (2, 50, 60),
        ];
        Corpus {
            documents: vec![DocumentInfo {
                name: "d".into(),
                chars: 100,
                turns: vec![
                    Turn {
                        start: 0,
                        end: 40,
                        participant: None,
                    },
                    Turn {
                        start: 40,
                        end: 100,
                        participant: None,
                    },
                ],
                words: None,
            }],
            participants: vec![],
            codes: ["A", "B", "C"]
                .iter()
                .map(|p| CodeInfo {
                    path: p.to_string(),
                    parent: None,
                })
                .collect(),
            coders: vec!["amani".into()],
            spans: spans
                .iter()
                .map(|&(code, start, end)| Span {
                    doc: 0,
                    code,
                    coder: 0,
                    start,
                    end,
                })
                .collect(),
        }
    }

    /// analysis.md §2's worked example.
    #[test]
    fn worked_example() {
        let c = example();
        let sel = Selection::all(&c);
        let t = cooccurrence(&c, &sel, &[0, 1, 2], CoUnit::Pairs, Reach::Overlap);
        assert_eq!(t.frequency, [2, 3, 2]);
        assert_eq!((t.counts[0][1], t.counts[0][2], t.counts[1][2]), (1, 2, 1));
        assert_eq!(t.c[0][1], Some(0.25));
        assert_eq!(t.c[0][2], Some(1.0));
        assert_eq!(t.c[1][2], Some(0.25));
        let t = cooccurrence(&c, &sel, &[0, 1, 2], CoUnit::Pairs, Reach::Within(0));
        assert_eq!((t.counts[0][1], t.counts[0][2], t.counts[1][2]), (2, 2, 2));
        let t = cooccurrence(&c, &sel, &[0, 1, 2], CoUnit::Regions, Reach::Overlap);
        assert_eq!((t.counts[0][1], t.counts[0][2], t.counts[1][2]), (1, 2, 1));
        let t = cooccurrence(&c, &sel, &[0, 1, 2], CoUnit::Turns, Reach::Overlap);
        assert_eq!(t.frequency, [2, 2, 2]);
        assert_eq!((t.counts[0][1], t.counts[0][2], t.counts[1][2]), (2, 2, 2));
        let t = cooccurrence(&c, &sel, &[0, 1, 2], CoUnit::Documents, Reach::Overlap);
        assert_eq!((t.counts[0][1], t.c[0][1]), (1, Some(1.0)));
    }

    #[test]
    fn warns_where_one_code_is_far_more_frequent() {
        let mut c = example();
        c.documents[0].chars = 200;
        for k in 0..10 {
            c.spans.push(Span {
                doc: 0,
                code: 1,
                coder: 0,
                start: 100 + 3 * k,
                end: 101 + 3 * k,
            });
        }
        let t = cooccurrence(
            &c,
            &Selection::all(&c),
            &[0, 1, 2],
            CoUnit::Pairs,
            Reach::Overlap,
        );
        assert_eq!(t.frequency, [2, 13, 2]);
        assert_eq!(t.warnings, vec![[0, 1], [1, 2]]);
    }

    /// Maximal runs of covered characters, brute force.
    fn runs(cov: &[bool]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut p = 0;
        while p < cov.len() {
            if cov[p] {
                let s = p;
                while p < cov.len() && cov[p] {
                    p += 1;
                }
                out.push((s, p));
            } else {
                p += 1;
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn matches_brute_force_per_character(c in corpus(), s in selection(), within in 0usize..4) {
            let sel = make_selection(&c, s);
            let codes: Vec<usize> = (0..c.codes.len()).collect();
            let cov: Vec<Vec<Vec<bool>>> = codes.iter().map(|&k| {
                c.documents.iter().enumerate().map(|(d, doc)| (0..doc.chars).map(|p| covered(&c, &sel, k, d, p)).collect()).collect()
            }).collect();
            for (unit, reach) in [
                (CoUnit::Pairs, Reach::Overlap),
                (CoUnit::Pairs, Reach::Within(within)),
                (CoUnit::Regions, Reach::Overlap),
                (CoUnit::Turns, Reach::Overlap),
                (CoUnit::Documents, Reach::Overlap),
            ] {
                let t = cooccurrence(&c, &sel, &codes, unit, reach);
                for i in 0..codes.len() {
                    let freq: usize = match unit {
                        CoUnit::Pairs | CoUnit::Regions => cov[i].iter().map(|d| runs(d).len()).sum(),
                        CoUnit::Turns => c.documents.iter().enumerate().map(|(d, doc)| doc.turns.iter().filter(|tn| (tn.start..tn.end).any(|p| cov[i][d][p])).count()).sum(),
                        CoUnit::Documents => cov[i].iter().filter(|d| d.iter().any(|&x| x)).count(),
                    };
                    prop_assert_eq!(t.frequency[i], freq);
                    for j in 0..codes.len() {
                        if i == j { continue; }
                        let want: usize = (0..c.documents.len()).map(|d| {
                            let (a, b) = (&cov[i][d], &cov[j][d]);
                            match unit {
                                CoUnit::Pairs => {
                                    let (ra, rb) = (runs(a), runs(b));
                                    ra.iter().map(|x| rb.iter().filter(|y| match reach {
                                        Reach::Overlap => (x.0..x.1).any(|p| y.0 <= p && p < y.1),
                                        // Characters between them (none when they overlap).
                                        Reach::Within(k) => {
                                            let gap = (x.0..x.1).flat_map(|p| (y.0..y.1).map(move |q| p.abs_diff(q))).min().unwrap_or(usize::MAX);
                                            gap == 0 || gap - 1 <= k
                                        }
                                    }).count()).sum::<usize>()
                                }
                                CoUnit::Regions => {
                                    let both: Vec<bool> = a.iter().zip(b).map(|(x, y)| *x && *y).collect();
                                    runs(&both).len()
                                }
                                CoUnit::Turns => c.documents[d].turns.iter().filter(|tn| {
                                    (tn.start..tn.end).any(|p| a[p]) && (tn.start..tn.end).any(|p| b[p])
                                }).count(),
                                CoUnit::Documents => usize::from(a.iter().any(|&x| x) && b.iter().any(|&x| x)),
                            }
                        }).sum();
                        prop_assert_eq!(t.counts[i][j], want, "{:?} {} {}", unit, i, j);
                    }
                }
            }
        }
    }
}
