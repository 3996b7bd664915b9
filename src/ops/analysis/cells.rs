//! What the analysis screen asks of a loaded project beyond the figures:
//! the codeline of one document from the whole project, the attribute keys
//! the matrix can have as columns, and the passages behind one cell of any
//! table — as excerpts for the retrieve view. The figures themselves are
//! `core::analysis`'; this only finds which passages a cell counted.

use super::{matrix_cell_passages, CodelineReport, Loaded};
use crate::core::analysis::codeline as cl;
use crate::core::analysis::cooccurrence::CoUnit;
use crate::core::analysis::matrix::Columns;
use crate::core::analysis::Passage;
use crate::ops::excerpts::Excerpt;
use crate::store::{codings, Store};
use std::collections::HashSet;

/// One cell of a table on the screen (indices into the report's rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellRef {
    /// A code's row of the frequencies: all its passages.
    Frequency { row: usize },
    Matrix {
        columns: Columns,
        row: usize,
        column: usize,
    },
    /// Codes `a` and `b` (rows of the table); `a == b`: the code's passages.
    Cooccurrence { unit: CoUnit, a: usize, b: usize },
    /// Code `code` (a corpus code index) in turn `turn` of document `doc`.
    Codeline {
        doc: usize,
        code: usize,
        turn: usize,
    },
}

impl Loaded {
    /// The participant attribute keys, each once whatever its case, sorted.
    pub fn attribute_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for p in &self.corpus.participants {
            for k in p.attributes.keys() {
                if !keys.iter().any(|x| x.to_lowercase() == k.to_lowercase()) {
                    keys.push(k.clone());
                }
            }
        }
        keys.sort_by_key(|k| k.to_lowercase());
        keys
    }
}

/// The codeline of document `d` from a project loaded whole (with turns),
/// and the corpus codes of its rows: every code with a passage there.
pub fn codeline_of(l: &Loaded, d: usize) -> (CodelineReport, Vec<usize>) {
    let codes = cl::codes_in(&l.corpus, &l.sel, d, &l.rows);
    let report = CodelineReport {
        document: l.corpus.documents[d].name.clone(),
        coders: l.coder_names(),
        subcodes: l.sel.subcodes,
        codeline: cl::codeline(&l.corpus, &l.sel, d, &codes),
    };
    (report, codes)
}

fn overlaps(p: &Passage, s: usize, e: usize) -> bool {
    p.start < e && s < p.end
}

/// The passages of `ours` that share a character with one of `theirs`
/// (both sorted), in the same document.
fn touching_any(ours: &[Passage], theirs: &[Passage]) -> Vec<Passage> {
    ours.iter()
        .filter(|p| {
            let upto = theirs.partition_point(|q| (q.doc, q.start) < (p.doc, p.end));
            theirs[..upto]
                .iter()
                .rev()
                .take_while(|q| q.doc == p.doc)
                .any(|q| overlaps(q, p.start, p.end))
        })
        .copied()
        .collect()
}

/// The passages behind `cell`, and the codes (corpus indices) whose
/// codings they are.
pub fn cell_passages(l: &Loaded, cell: &CellRef) -> (Vec<usize>, Vec<Passage>) {
    let c = &l.corpus;
    let code_of_row = |r: usize| l.rows.get(r).copied();
    match cell {
        CellRef::Frequency { row } => match code_of_row(*row) {
            Some(k) => (vec![k], c.passages(&l.sel).swap_remove(k)),
            None => (Vec::new(), Vec::new()),
        },
        CellRef::Matrix {
            columns,
            row,
            column,
        } => {
            let Some(k) = code_of_row(*row) else {
                return (Vec::new(), Vec::new());
            };
            let refs = matrix_cell_passages(l, columns, *row, *column);
            let ps = refs
                .iter()
                .filter_map(|r| {
                    Some(Passage {
                        doc: l.doc_index(&r.document)?,
                        start: r.start,
                        end: r.end,
                    })
                })
                .collect();
            (vec![k], ps)
        }
        CellRef::Cooccurrence { unit, a, b } => {
            let (Some(x), Some(y)) = (code_of_row(*a), code_of_row(*b)) else {
                return (Vec::new(), Vec::new());
            };
            let all = c.passages(&l.sel);
            let (pa, pb) = (&all[x], &all[y]);
            if x == y {
                return (vec![x], pa.clone());
            }
            let mut out: Vec<Passage> = match unit {
                CoUnit::Pairs | CoUnit::Regions => {
                    let mut v = touching_any(pa, pb);
                    v.extend(touching_any(pb, pa));
                    v
                }
                CoUnit::Documents => {
                    let da: HashSet<usize> = pa.iter().map(|p| p.doc).collect();
                    let db: HashSet<usize> = pb.iter().map(|p| p.doc).collect();
                    pa.iter()
                        .chain(pb)
                        .filter(|p| da.contains(&p.doc) && db.contains(&p.doc))
                        .copied()
                        .collect()
                }
                CoUnit::Turns => {
                    // The turns both codes reach; the passages in them.
                    let turns_of = |ps: &[Passage]| -> HashSet<(usize, usize)> {
                        let mut t = HashSet::new();
                        for p in ps {
                            let turns = &c.documents[p.doc].turns;
                            let first = turns.partition_point(|t| t.end <= p.start);
                            for (i, tn) in turns.iter().enumerate().skip(first) {
                                if tn.start >= p.end {
                                    break;
                                }
                                if tn.start < tn.end {
                                    t.insert((p.doc, i));
                                }
                            }
                        }
                        t
                    };
                    let both: HashSet<(usize, usize)> =
                        turns_of(pa).intersection(&turns_of(pb)).copied().collect();
                    pa.iter()
                        .chain(pb)
                        .filter(|p| {
                            both.iter().any(|&(d, i)| {
                                let t = c.documents[d].turns[i];
                                d == p.doc && overlaps(p, t.start, t.end)
                            })
                        })
                        .copied()
                        .collect()
                }
            };
            out.sort_unstable();
            out.dedup();
            (vec![x, y], out)
        }
        CellRef::Codeline { doc, code, turn } => {
            let Some(t) = c.documents.get(*doc).and_then(|d| d.turns.get(*turn)) else {
                return (Vec::new(), Vec::new());
            };
            let (s, e) = (t.start, t.end);
            let ps = c
                .passages(&l.sel)
                .swap_remove(*code)
                .into_iter()
                .filter(|p| p.doc == *doc && overlaps(p, s, e))
                .collect();
            (vec![*code], ps)
        }
    }
}

/// The excerpts of `passages` (one each: a coding of one of `codes`, or of
/// their sub-codes when they count, by a coder whose codings count — by
/// `coder` alone when given), in document order.
pub fn excerpts(
    store: &Store,
    l: &Loaded,
    codes_: &[usize],
    passages: &[Passage],
    coder: Option<&str>,
) -> crate::ops::Result<Vec<Excerpt>> {
    let book = crate::ops::codebook::load(store)?;
    let descendants = l.corpus.descendants();
    let mut wanted: Vec<usize> = Vec::new();
    for &k in codes_ {
        let ks: &[usize] = if l.sel.subcodes {
            &descendants[k]
        } else {
            std::slice::from_ref(&k)
        };
        for &x in ks {
            if !wanted.contains(&x) {
                wanted.push(x);
            }
        }
    }
    // The codebook is read again: a code renamed or added since the table
    // was computed is matched by position only when its path still agrees.
    let ids: Vec<crate::core::CodeId> = wanted
        .iter()
        .filter(|&&k| k < book.len() && book.path_at(k) == l.corpus.codes[k].path)
        .map(|&k| book.codes()[k].id.clone())
        .collect();
    if ids.is_empty() || passages.is_empty() {
        return Ok(Vec::new());
    }
    let coders: Vec<String> = match coder {
        Some(c) => vec![c.to_string()],
        None => l.coder_names(),
    };
    let list = codings::list(
        store.conn(),
        &crate::ops::coding::CodingFilter {
            codes: Some(ids),
            ..Default::default()
        },
    )?;
    let want: HashSet<(&str, usize, usize)> = passages
        .iter()
        .map(|p| (l.doc_ids[p.doc].0.as_str(), p.start, p.end))
        .collect();
    let chars = |id: &str| {
        l.doc_index(&crate::core::DocumentId(id.to_string()))
            .map_or(usize::MAX, |d| l.corpus.documents[d].chars)
    };
    let mut seen: HashSet<(String, usize, usize)> = HashSet::new();
    let mut chosen = Vec::new();
    for c in list {
        if !coders.contains(&c.coder) {
            continue;
        }
        let doc = c.document.0.clone();
        let end = c.range.end.min(chars(&doc));
        let key = (doc.as_str(), c.range.start, end);
        if want.contains(&key) && seen.insert((doc.clone(), c.range.start, end)) {
            chosen.push(c);
        }
    }
    chosen.sort_by(|a, b| {
        let da = l.doc_index(&a.document);
        let db = l.doc_index(&b.document);
        (da, a.range.start, a.range.end).cmp(&(db, b.range.start, b.range.end))
    });
    crate::ops::excerpts::of_codings(store, chosen)
}
