//! Code × column matrices: rows are codes, columns documents,
//! participants, coders, or the values of one participant attribute (plus
//! "(no value)"). A passage is placed in the column of its document, of the
//! speakers of the turns it overlaps (each once), or of its coder; a cell
//! holds the passages placed there, counted in one unit, optionally as a
//! share. Every column carries its N of documents and of participants.

use super::{share, Corpus, Passage, Selection};
use serde::Serialize;

/// The label of the column of participants without the attribute (and of
/// passages that overlap no speaker's turn).
pub const NO_VALUE: &str = "(no value)";

/// What the columns are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Columns {
    Documents,
    Participants,
    Coders,
    /// The values of this participant attribute (keys compared without case).
    Attribute(String),
}

/// What a cell counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CellUnit {
    /// Passages.
    #[default]
    Codings,
    /// Documents with at least one passage in the cell.
    Documents,
    /// Participants (of the column) whose turns the cell's passages overlap.
    Participants,
    /// Characters of the union of the cell's passages.
    Chars,
    /// Words with a character in that union.
    Words,
    /// 1 when the cell has a passage, else 0.
    Presence,
}

impl CellUnit {
    pub fn name(self) -> &'static str {
        match self {
            CellUnit::Codings => "codings",
            CellUnit::Documents => "documents",
            CellUnit::Participants => "participants",
            CellUnit::Chars => "chars",
            CellUnit::Words => "words",
            CellUnit::Presence => "presence",
        }
    }
}

/// Which share a cell shows instead of its count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Percent {
    /// Of the row's total.
    #[serde(rename = "row")]
    Row,
    /// Of the column's total.
    #[serde(rename = "column")]
    Column,
    /// Documents (or, in the participants unit, participants) with the code
    /// over the N of them in the column.
    #[serde(rename = "column-n")]
    ColumnN,
}

impl Percent {
    pub fn name(self) -> &'static str {
        match self {
            Percent::Row => "row",
            Percent::Column => "column",
            Percent::ColumnN => "column-n",
        }
    }
}

/// One column: its label and N.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub label: String,
    pub documents: usize,
    pub participants: usize,
}

/// The figures of one cell in every unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CellCounts {
    pub codings: usize,
    pub documents: usize,
    pub participants: usize,
    pub chars: usize,
    pub words: Option<usize>,
}

impl CellCounts {
    pub fn get(&self, unit: CellUnit) -> Option<usize> {
        Some(match unit {
            CellUnit::Codings => self.codings,
            CellUnit::Documents => self.documents,
            CellUnit::Participants => self.participants,
            CellUnit::Chars => self.chars,
            CellUnit::Words => return self.words,
            CellUnit::Presence => usize::from(self.codings > 0),
        })
    }
}

/// A matrix: `counts[row][column]` in every unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub rows: Vec<String>,
    pub columns: Vec<Column>,
    pub counts: Vec<Vec<CellCounts>>,
}

impl Matrix {
    /// The cell values in `unit` (`None`: words without the text).
    pub fn values(&self, unit: CellUnit) -> Vec<Vec<Option<usize>>> {
        self.counts
            .iter()
            .map(|r| r.iter().map(|c| c.get(unit)).collect())
            .collect()
    }

    /// The cells as shares (`None` where the denominator is 0).
    pub fn shares(&self, unit: CellUnit, percent: Percent) -> Vec<Vec<Option<f64>>> {
        let v = self.values(unit);
        let val = |r: usize, c: usize| v[r][c].unwrap_or(0) as f64;
        let ncols = self.columns.len();
        let col_total: Vec<f64> = (0..ncols)
            .map(|c| (0..v.len()).map(|r| val(r, c)).sum())
            .collect();
        (0..v.len())
            .map(|r| {
                let row_total: f64 = (0..ncols).map(|c| val(r, c)).sum();
                (0..ncols)
                    .map(|c| match percent {
                        Percent::Row => share(val(r, c), row_total),
                        Percent::Column => share(val(r, c), col_total[c]),
                        Percent::ColumnN => {
                            let cell = &self.counts[r][c];
                            let col = &self.columns[c];
                            if unit == CellUnit::Participants {
                                share(cell.participants as f64, col.participants as f64)
                            } else {
                                share(cell.documents as f64, col.documents as f64)
                            }
                        }
                    })
                    .collect()
            })
            .collect()
    }
}

/// Attribute value of a participant, key compared without case.
pub fn attribute<'a>(corpus: &'a Corpus, p: usize, key: &str) -> Option<&'a str> {
    let k = key.to_lowercase();
    corpus.participants[p]
        .attributes
        .iter()
        .find(|(x, v)| x.to_lowercase() == k && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

/// The columns and, for each participant, the columns they belong to.
struct Layout {
    columns: Vec<Column>,
    /// Per participant: its column (participants, attribute columns).
    of_participant: Vec<Option<usize>>,
    /// Attribute columns: the "(no value)" column.
    no_value: Option<usize>,
}

fn in_scope_participant(corpus: &Corpus, sel: &Selection, p: usize) -> bool {
    let d = corpus.participants[p].document;
    sel.documents.get(d).copied().unwrap_or(false) && sel.participants.as_ref().is_none_or(|k| k[p])
}

fn layout(corpus: &Corpus, sel: &Selection, columns: &Columns) -> Layout {
    let np = corpus.participants.len();
    // Participants in scope, per document (one pass, not one per document).
    let mut by_doc: Vec<Vec<usize>> = vec![Vec::new(); corpus.documents.len()];
    for p in 0..np {
        let d = corpus.participants[p].document;
        if d < by_doc.len() && in_scope_participant(corpus, sel, p) {
            by_doc[d].push(p);
        }
    }
    let people_in = |d: usize| by_doc[d].len();
    let docs_in: Vec<usize> = (0..corpus.documents.len())
        .filter(|&d| {
            sel.documents.get(d).copied().unwrap_or(false)
                && (sel.participants.is_none() || !by_doc[d].is_empty())
        })
        .collect();
    let all_people = (0..np)
        .filter(|&p| in_scope_participant(corpus, sel, p))
        .count();
    match columns {
        Columns::Documents => Layout {
            columns: docs_in
                .iter()
                .map(|&d| Column {
                    label: corpus.documents[d].name.clone(),
                    documents: 1,
                    participants: people_in(d),
                })
                .collect(),
            of_participant: vec![None; np],
            no_value: None,
        },
        Columns::Coders => Layout {
            columns: (0..corpus.coders.len())
                .filter(|&k| sel.coders[k])
                .map(|k| Column {
                    label: corpus.coders[k].clone(),
                    documents: docs_in.len(),
                    participants: all_people,
                })
                .collect(),
            of_participant: vec![None; np],
            no_value: None,
        },
        Columns::Participants => {
            let mut of_participant = vec![None; np];
            let mut cols = Vec::new();
            for &d in &docs_in {
                for &p in &by_doc[d] {
                    of_participant[p] = Some(cols.len());
                    cols.push(Column {
                        label: format!(
                            "{} ({})",
                            corpus.participants[p].name, corpus.documents[d].name
                        ),
                        documents: 1,
                        participants: 1,
                    });
                }
            }
            Layout {
                columns: cols,
                of_participant,
                no_value: None,
            }
        }
        Columns::Attribute(key) => {
            let mut values: Vec<String> = Vec::new();
            for p in 0..np {
                if !in_scope_participant(corpus, sel, p) {
                    continue;
                }
                if let Some(v) = attribute(corpus, p, key) {
                    if !values.iter().any(|x| x.to_lowercase() == v.to_lowercase()) {
                        values.push(v.to_string());
                    }
                }
            }
            values.sort_by_key(|v| v.to_lowercase());
            let no_value = values.len();
            let mut of_participant = vec![None; np];
            let mut docs: Vec<Vec<usize>> = vec![Vec::new(); values.len() + 1];
            let mut people = vec![0usize; values.len() + 1];
            for (p, slot) in of_participant.iter_mut().enumerate() {
                if !in_scope_participant(corpus, sel, p) {
                    continue;
                }
                let col = attribute(corpus, p, key)
                    .and_then(|v| {
                        values
                            .iter()
                            .position(|x| x.to_lowercase() == v.to_lowercase())
                    })
                    .unwrap_or(no_value);
                *slot = Some(col);
                people[col] += 1;
                let d = corpus.participants[p].document;
                if !docs[col].contains(&d) {
                    docs[col].push(d);
                }
            }
            let columns = values
                .into_iter()
                .chain(std::iter::once(super::matrix::NO_VALUE.to_string()))
                .enumerate()
                .map(|(i, label)| Column {
                    label,
                    documents: docs[i].len(),
                    participants: people[i],
                })
                .collect();
            Layout {
                columns,
                of_participant,
                no_value: Some(no_value),
            }
        }
    }
}

/// The passages of each column for one row's passages, with the speakers
/// each passage reaches in that column.
fn place(
    corpus: &Corpus,
    sel: &Selection,
    columns: &Columns,
    layout: &Layout,
    passages: &[Passage],
    doc_column: &[Option<usize>],
) -> Vec<(Vec<Passage>, Vec<usize>)> {
    let mut cells: Vec<(Vec<Passage>, Vec<usize>)> = vec![Default::default(); layout.columns.len()];
    let mut speakers = Vec::new();
    let mut cols = Vec::new();
    // A participant belongs to one column: the first time a row reaches
    // them is the only time they are listed.
    let mut seen = vec![false; corpus.participants.len()];
    let mut cur = super::TurnCursor::default();
    let need_speakers = !matches!(columns, Columns::Documents)
        || sel.participants.is_some()
        || corpus.documents.iter().any(|d| !d.turns.is_empty());
    for p in passages {
        if need_speakers {
            corpus.speakers_sorted(&mut cur, p, &mut speakers);
            speakers.retain(|&s| in_scope_participant(corpus, sel, s));
        }
        cols.clear();
        match columns {
            Columns::Documents => {
                if let Some(c) = doc_column[p.doc] {
                    cells[c].0.push(*p);
                    for &s in &speakers {
                        if !std::mem::replace(&mut seen[s], true) {
                            cells[c].1.push(s);
                        }
                    }
                }
                continue;
            }
            // Filled per coder by `matrix`, never placed.
            Columns::Coders => continue,
            Columns::Participants | Columns::Attribute(_) => {
                for &s in &speakers {
                    if let Some(c) = layout.of_participant[s] {
                        if !cols.contains(&c) {
                            cols.push(c);
                        }
                        if !std::mem::replace(&mut seen[s], true) {
                            cells[c].1.push(s);
                        }
                    }
                }
                if cols.is_empty() {
                    if let Some(nv) = layout.no_value {
                        cols.push(nv);
                    }
                }
            }
        }
        for &c in &cols {
            cells[c].0.push(*p);
        }
    }
    cells
}

/// A cell's counts; `people` holds each participant once.
fn counts_of(corpus: &Corpus, passages: &[Passage], people: &[usize]) -> CellCounts {
    let (documents, chars, words) = super::union_stats(corpus, passages);
    CellCounts {
        codings: passages.len(),
        documents,
        participants: people.len(),
        chars,
        words,
    }
}

/// The matrix of `codes` (rows, in that order) × `columns`.
pub fn matrix(corpus: &Corpus, sel: &Selection, codes: &[usize], columns: &Columns) -> Matrix {
    let lay = layout(corpus, sel, columns);
    let rows: Vec<String> = codes
        .iter()
        .map(|&c| corpus.codes[c].path.clone())
        .collect();
    let counts = if *columns == Columns::Coders {
        let per_coder: Vec<Vec<Vec<Passage>>> = (0..corpus.coders.len())
            .filter(|&k| sel.coders[k])
            .map(|k| {
                let mut one = sel.clone();
                one.coders = (0..corpus.coders.len()).map(|i| i == k).collect();
                corpus.passages(&one)
            })
            .collect();
        codes
            .iter()
            .map(|&code| {
                per_coder
                    .iter()
                    .map(|ps| {
                        let mut people = Vec::new();
                        let mut here = Vec::new();
                        let mut seen = vec![false; corpus.participants.len()];
                        let mut cur = super::TurnCursor::default();
                        for p in &ps[code] {
                            corpus.speakers_sorted(&mut cur, p, &mut here);
                            for &s in &here {
                                if in_scope_participant(corpus, sel, s)
                                    && !std::mem::replace(&mut seen[s], true)
                                {
                                    people.push(s);
                                }
                            }
                        }
                        counts_of(corpus, &ps[code], &people)
                    })
                    .collect()
            })
            .collect()
    } else {
        let passages = corpus.passages(sel);
        let mut doc_column = vec![None; corpus.documents.len()];
        if *columns == Columns::Documents {
            let mut k = 0;
            for (d, slot) in doc_column.iter_mut().enumerate() {
                if sel.document_in_scope(corpus, d) {
                    *slot = Some(k);
                    k += 1;
                }
            }
        }
        codes
            .iter()
            .map(|&code| {
                place(corpus, sel, columns, &lay, &passages[code], &doc_column)
                    .into_iter()
                    .map(|(ps, people)| counts_of(corpus, &ps, &people))
                    .collect()
            })
            .collect()
    };
    Matrix {
        rows,
        columns: lay.columns,
        counts,
    }
}

/// The passages behind one cell (what `Enter` on it shows).
pub fn cell_passages(
    corpus: &Corpus,
    sel: &Selection,
    code: usize,
    columns: &Columns,
    column: usize,
) -> Vec<Passage> {
    let lay = layout(corpus, sel, columns);
    if *columns == Columns::Coders {
        let Some(k) = (0..corpus.coders.len())
            .filter(|&k| sel.coders[k])
            .nth(column)
        else {
            return Vec::new();
        };
        let mut one = sel.clone();
        one.coders = (0..corpus.coders.len()).map(|i| i == k).collect();
        return corpus.passages(&one).swap_remove(code);
    }
    let passages = corpus.passages(sel);
    let mut doc_column = vec![None; corpus.documents.len()];
    let mut k = 0;
    for (d, slot) in doc_column.iter_mut().enumerate() {
        if sel.document_in_scope(corpus, d) {
            *slot = Some(k);
            k += 1;
        }
    }
    place(corpus, sel, columns, &lay, &passages[code], &doc_column)
        .into_iter()
        .nth(column)
        .map(|(p, _)| p)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::test_corpus::*;
    use super::super::*;
    use super::*;
    use proptest::prelude::*;

    fn one_speaker_doc(name: &str, chars: usize, participant: usize) -> DocumentInfo {
        DocumentInfo {
            name: name.into(),
            chars,
            turns: vec![Turn {
                start: 0,
                end: chars,
                participant: Some(participant),
            }],
            words: None,
        }
    }

    /// analysis.md §3: d1, d2 miners, d3 a trader; X: 3 codings over 40
    /// chars in d1, one of 10 in d3.
    #[test]
    fn worked_example_code_by_attribute() {
        let role = |v: &str| [("role".to_string(), v.to_string())].into_iter().collect();
        let c = Corpus {
            documents: vec![
                one_speaker_doc("d1", 100, 0),
                one_speaker_doc("d2", 100, 1),
                one_speaker_doc("d3", 100, 2),
            ],
            participants: vec![
                ParticipantInfo {
                    document: 0,
                    name: "P1".into(),
                    attributes: role("miner"),
                },
                ParticipantInfo {
                    document: 1,
                    name: "P1".into(),
                    attributes: role("miner"),
                },
                ParticipantInfo {
                    document: 2,
                    name: "P1".into(),
                    attributes: role("trader"),
                },
            ],
            codes: vec![CodeInfo {
                path: "X".into(),
                parent: None,
            }],
            coders: vec!["amani".into()],
            spans: [(0, 0, 20), (0, 10, 30), (0, 30, 40), (2, 5, 15)]
                .iter()
                .map(|&(doc, start, end)| Span {
                    doc,
                    code: 0,
                    coder: 0,
                    start,
                    end,
                })
                .collect(),
        };
        let sel = Selection::all(&c);
        let m = matrix(&c, &sel, &[0], &Columns::Attribute("Role".into()));
        let labels: Vec<&str> = m.columns.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["miner", "trader", NO_VALUE]);
        assert_eq!(m.values(CellUnit::Codings)[0], [Some(3), Some(1), Some(0)]);
        assert_eq!(
            m.values(CellUnit::Documents)[0],
            [Some(1), Some(1), Some(0)]
        );
        assert_eq!(m.values(CellUnit::Chars)[0], [Some(40), Some(10), Some(0)]);
        assert_eq!(
            m.shares(CellUnit::Documents, Percent::ColumnN)[0],
            [Some(0.5), Some(1.0), None]
        );
        assert_eq!(
            m.shares(CellUnit::Codings, Percent::Row)[0],
            [Some(0.75), Some(0.25), Some(0.0)]
        );
        assert_eq!((m.columns[0].documents, m.columns[0].participants), (2, 2));
        // The passages behind the miner cell.
        assert_eq!(
            cell_passages(&c, &sel, 0, &Columns::Attribute("role".into()), 0).len(),
            3
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn attribute_matrix_matches_brute_force(c in corpus(), s in selection()) {
            let sel = make_selection(&c, s);
            let codes: Vec<usize> = (0..c.codes.len()).collect();
            let cols = Columns::Attribute("role".into());
            let m = matrix(&c, &sel, &codes, &cols);
            let in_scope = |p: usize| sel.documents[c.participants[p].document]
                && sel.participants.as_ref().is_none_or(|k| k[p]);
            for code in 0..c.codes.len() {
                let mine = codes_of(&c, &sel, code);
                for (col, column) in m.columns.iter().enumerate() {
                    // A coding is in the column when one of the speakers of
                    // the characters it covers has the column's value, or,
                    // for "(no value)", when a speaker has none or none spoke.
                    let value_of = |p: usize| attribute(&c, p, "role").map(str::to_string);
                    let in_col = |s: &Span| {
                        let end = s.end.min(c.documents[s.doc].chars);
                        let speakers: Vec<usize> = c.documents[s.doc].turns.iter()
                            .filter(|t| (s.start..end).any(|x| t.start <= x && x < t.end))
                            .filter_map(|t| t.participant)
                            .filter(|&p| in_scope(p))
                            .collect();
                        if column.label == NO_VALUE {
                            speakers.is_empty() || speakers.iter().any(|&p| value_of(p).is_none())
                        } else {
                            speakers.iter().any(|&p| value_of(p).as_deref() == Some(column.label.as_str()))
                        }
                    };
                    let kept: Vec<&Span> = c.spans.iter()
                        .filter(|s| mine.contains(&s.code) && kept(&c, &sel, s) && in_col(s))
                        .collect();
                    let mut distinct: Vec<(usize, usize, usize)> = kept.iter()
                        .map(|s| (s.doc, s.start, s.end.min(c.documents[s.doc].chars))).collect();
                    distinct.sort();
                    distinct.dedup();
                    let cell = m.counts[code][col];
                    prop_assert_eq!(cell.codings, distinct.len());
                    let chars: usize = (0..c.documents.len()).map(|d| {
                        (0..c.documents[d].chars).filter(|&p| distinct.iter().any(|&(dd, s, e)| dd == d && s <= p && p < e)).count()
                    }).sum();
                    prop_assert_eq!(cell.chars, chars);
                    let mut docs: Vec<usize> = distinct.iter().map(|x| x.0).collect();
                    docs.dedup();
                    prop_assert_eq!(cell.documents, docs.len());
                }
                // Column N: participants in scope with the value.
                let total: usize = m.columns.iter().map(|c| c.participants).sum();
                prop_assert_eq!(total, (0..c.participants.len()).filter(|&p| in_scope(p)).count());
            }
            // Documents columns: each document's cell is the frequency of the
            // code restricted to that document.
            let md = matrix(&c, &sel, &codes, &Columns::Documents);
            let f = super::super::frequencies::frequencies(&c, &sel, &codes);
            for (code, row) in f.iter().enumerate() {
                let sum: usize = md.counts[code].iter().map(|x| x.codings).sum();
                prop_assert_eq!(sum, row.codings);
                let chars: usize = md.counts[code].iter().map(|x| x.chars).sum();
                prop_assert_eq!(chars, row.chars);
            }
        }
    }
}
