//! The analysis views over a project (issue 13): read the codings, turns,
//! participants, attributes and codebook through the store, check the
//! filters against the project (an unknown code, coder, document,
//! attribute key or value is refused with the known ones listed), build a
//! [`Corpus`] and compute the figures with `core::analysis`. The results
//! serialise as `gloss analysis … --json` prints them; [`tables`] turns
//! them into the tables printed, drawn and written to CSV/XLSX.

pub mod bench;
pub mod cache;
pub mod cells;
mod load;
pub mod stopwords;
pub mod tables;
mod text;

pub use cache::CorpusCache;
pub use load::{load, Loaded, Needs};
pub use text::{
    codeline, kwic, kwic_in, words, words_of, CodelineReport, KwicRow, WordsBy, WordsGroup,
    WordsReport, WordsRequest, WORDS_NEEDS,
};

use crate::core::analysis::cooccurrence::{self as co, CoUnit, Reach};
use crate::core::analysis::frequencies::{self, FrequencyRow};
use crate::core::analysis::matrix::{self, CellUnit, Columns, Percent};
use crate::core::analysis::Passage;
use crate::core::DocumentId;
use crate::store::Store;
use serde::Serialize;

/// The coder whose codings are the settled ones.
pub const CONSENSUS: &str = crate::ops::export::CONSENSUS_CODER;

/// Which codings count (the filters every view shares). Empty lists do not
/// filter; repeated values of one kind are alternatives; kinds combine.
#[derive(Debug, Clone)]
pub struct AnalysisFilter {
    /// Rows: code ids, paths or unique names (default: every code).
    pub codes: Vec<String>,
    /// A code's figures include its sub-codes' codings.
    pub subcodes: bool,
    /// `--by`: only these coders' codings (default: every coder's, pooled).
    pub coders: Vec<String>,
    /// `--consensus`: the codings of the coder `consensus`.
    pub consensus: bool,
    pub documents: Vec<String>,
    /// `--where key=value`: only codings overlapping a turn of a
    /// participant with these attributes (same key twice: either value).
    pub attributes: Vec<(String, String)>,
}

impl Default for AnalysisFilter {
    fn default() -> Self {
        AnalysisFilter {
            codes: Vec::new(),
            subcodes: true,
            coders: Vec::new(),
            consensus: false,
            documents: Vec::new(),
            attributes: Vec::new(),
        }
    }
}

/// `gloss analysis frequencies --json`.
#[derive(Debug, Clone, Serialize)]
pub struct FrequencyReport {
    pub coders: Vec<String>,
    pub subcodes: bool,
    /// Documents and characters in scope (coverage's denominator).
    pub scope: Scope,
    pub codes: Vec<FrequencyRow>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Scope {
    pub documents: usize,
    pub chars: usize,
}

pub fn frequencies(store: &Store, filter: &AnalysisFilter) -> super::Result<FrequencyReport> {
    let l = load(
        store,
        filter,
        Needs {
            turns: true,
            words: true,
        },
        None,
    )?;
    frequencies_of(&l)
}

/// The frequencies of an already loaded project (the benchmark times both
/// steps).
pub fn frequencies_of(l: &Loaded) -> super::Result<FrequencyReport> {
    Ok(FrequencyReport {
        coders: l.coder_names(),
        subcodes: l.sel.subcodes,
        scope: l.scope(),
        codes: {
            // Documents on two threads (the machine's second core): the
            // even and the odd ones apart, the tallies added up.
            let by = frequencies::ByDocument::new(&l.corpus, &l.sel, &l.rows);
            let n = l.corpus.documents.len();
            let t = std::thread::scope(|scope| {
                let other = scope.spawn(|| by.tally((1..n).step_by(2)));
                let mut t = by.tally((0..n).step_by(2));
                match other.join() {
                    Ok(b) => t.merge(b),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                t
            });
            t.rows(
                &l.corpus,
                &l.rows,
                frequencies::scope_chars(&l.corpus, &l.sel),
            )
        },
    })
}

/// Rows computed on two threads (the machine's second core): the even and
/// the odd rows apart (a theme and its sub-codes alternate, so both halves
/// get parents with many passages), merged back in order. Every row's
/// figures depend on that row alone.
fn split_rows<T: Send>(rows: &[usize], f: impl Fn(&[usize]) -> Vec<T> + Sync) -> Vec<T> {
    if rows.len() < 4 {
        return f(rows);
    }
    let even: Vec<usize> = rows.iter().step_by(2).copied().collect();
    let odd: Vec<usize> = rows.iter().skip(1).step_by(2).copied().collect();
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| f(&odd));
        let a = f(&even);
        match other.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let mut out = Vec::with_capacity(rows.len());
    let (mut a, mut b) = (a.into_iter(), b.into_iter());
    loop {
        match (a.next(), b.next()) {
            (None, None) => break,
            (x, y) => out.extend(x.into_iter().chain(y)),
        }
    }
    out
}

/// The cell figure as JSON prints it: a count, or a share (`null` where
/// undefined).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Figure {
    Count(Option<usize>),
    Share(Option<f64>),
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnN {
    pub documents: Vec<usize>,
    pub participants: Vec<usize>,
}

/// `gloss analysis matrix --json`.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixReport {
    pub unit: CellUnit,
    pub percent: Option<Percent>,
    /// What the columns are: `documents`, `attribute:role`, …
    pub columns_of: String,
    pub coders: Vec<String>,
    pub subcodes: bool,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<Figure>>,
    pub column_n: ColumnN,
}

/// Parses `--columns documents|participants|coders|attribute:KEY`.
pub fn parse_columns(s: &str) -> Result<Columns, String> {
    match s.trim() {
        "documents" => Ok(Columns::Documents),
        "participants" => Ok(Columns::Participants),
        "coders" => Ok(Columns::Coders),
        other => match other.strip_prefix("attribute:") {
            Some(k) if !k.trim().is_empty() => Ok(Columns::Attribute(k.trim().to_string())),
            _ => Err(format!(
                "{:?} is not documents, participants, coders or attribute:KEY",
                crate::core::sanitize::one_line(s)
            )),
        },
    }
}

pub fn columns_name(c: &Columns) -> String {
    match c {
        Columns::Documents => "documents".into(),
        Columns::Participants => "participants".into(),
        Columns::Coders => "coders".into(),
        Columns::Attribute(k) => format!("attribute:{k}"),
    }
}

pub fn matrix(
    store: &Store,
    filter: &AnalysisFilter,
    columns: &Columns,
    unit: CellUnit,
    percent: Option<Percent>,
) -> super::Result<MatrixReport> {
    if let Columns::Attribute(key) = columns {
        check_attribute_key(store, key)?;
    }
    let needs = Needs {
        turns: unit == CellUnit::Participants
            || matches!(columns, Columns::Participants | Columns::Attribute(_)),
        words: unit == CellUnit::Words,
    };
    let l = load(store, filter, needs, None)?;
    Ok(matrix_of(&l, columns, unit, percent))
}

/// The matrix of an already loaded project.
pub fn matrix_of(
    l: &Loaded,
    columns: &Columns,
    unit: CellUnit,
    percent: Option<Percent>,
) -> MatrixReport {
    let mut columns_of = None;
    let rows = split_rows(&l.rows, |rows| {
        let m = matrix::matrix(&l.corpus, &l.sel, rows, columns);
        // The columns (the same for every row) ride on the first row.
        let mut cols = Some(m.columns);
        m.rows
            .into_iter()
            .zip(m.counts)
            .map(|r| (r, cols.take()))
            .collect()
    });
    let mut m = matrix::Matrix {
        rows: Vec::with_capacity(rows.len()),
        columns: Vec::new(),
        counts: Vec::with_capacity(rows.len()),
    };
    for ((name, counts), cols) in rows {
        m.rows.push(name);
        m.counts.push(counts);
        if columns_of.is_none() {
            columns_of = cols;
        }
    }
    m.columns = match columns_of {
        Some(c) => c,
        // No row: the columns all the same.
        None => matrix::matrix(&l.corpus, &l.sel, &[], columns).columns,
    };
    let cells = match percent {
        None => m
            .values(unit)
            .into_iter()
            .map(|r| r.into_iter().map(Figure::Count).collect())
            .collect(),
        Some(p) => m
            .shares(unit, p)
            .into_iter()
            .map(|r| r.into_iter().map(Figure::Share).collect())
            .collect(),
    };
    MatrixReport {
        unit,
        percent,
        columns_of: columns_name(columns),
        coders: l.coder_names(),
        subcodes: l.sel.subcodes,
        rows: m.rows,
        columns: m.columns.iter().map(|c| c.label.clone()).collect(),
        cells,
        column_n: ColumnN {
            documents: m.columns.iter().map(|c| c.documents).collect(),
            participants: m.columns.iter().map(|c| c.participants).collect(),
        },
    }
}

/// Refuses an attribute key no participant has, with the keys there are.
pub fn check_attribute_key(store: &Store, key: &str) -> super::Result<()> {
    // The distinct keys only (not every participant and value).
    let distinct = crate::store::analysis::attribute_keys(store.conn())?;
    if distinct
        .iter()
        .any(|k| k.to_lowercase() == key.to_lowercase())
    {
        return Ok(());
    }
    let mut keys: Vec<String> = Vec::new();
    for k in distinct {
        if !keys.iter().any(|x| x.to_lowercase() == k.to_lowercase()) {
            keys.push(k);
        }
    }
    keys.sort();
    Err(super::Error::Invalid(format!(
        "attribute:{}: no participant has the attribute {:?}; known attributes: {}",
        crate::core::sanitize::one_line(key),
        crate::core::sanitize::one_line(key),
        super::listing(keys)
    )))
}

/// `gloss analysis cooccurrence --json`.
#[derive(Debug, Clone, Serialize)]
pub struct CooccurrenceReport {
    pub coders: Vec<String>,
    pub subcodes: bool,
    /// Pairs only: touching stretches pair too.
    pub touching: bool,
    /// Pairs only: stretches at most this many chars apart pair too.
    pub within: Option<usize>,
    #[serde(flatten)]
    pub table: co::Cooccurrence,
}

pub fn cooccurrence(
    store: &Store,
    filter: &AnalysisFilter,
    unit: CoUnit,
    touching: bool,
    within: Option<usize>,
) -> super::Result<CooccurrenceReport> {
    if (touching || within.is_some()) && unit != CoUnit::Pairs {
        return Err(super::Error::Invalid(format!(
            "--touching and --within count pairs of codings; the unit {} does not pair them (use --unit pairs)",
            unit.name()
        )));
    }
    let l = load(
        store,
        filter,
        Needs {
            turns: unit == CoUnit::Turns,
            words: false,
        },
        None,
    )?;
    Ok(cooccurrence_of(&l, unit, touching, within))
}

/// Co-occurrence of an already loaded project.
pub fn cooccurrence_of(
    l: &Loaded,
    unit: CoUnit,
    touching: bool,
    within: Option<usize>,
) -> CooccurrenceReport {
    let reach = match (within, touching) {
        (Some(n), _) => Reach::Within(n),
        (None, true) => Reach::Within(0),
        (None, false) => Reach::Overlap,
    };
    CooccurrenceReport {
        coders: l.coder_names(),
        subcodes: l.sel.subcodes,
        touching: touching || within.is_some(),
        within,
        table: co::cooccurrence(&l.corpus, &l.sel, &l.rows, unit, reach),
    }
}

/// A passage behind a figure, for the retrieve view and the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRef {
    pub document: DocumentId,
    pub document_name: String,
    pub start: usize,
    pub end: usize,
}

/// The passages behind one matrix cell (row `row`, column `column`).
pub fn matrix_cell_passages(
    l: &Loaded,
    columns: &Columns,
    row: usize,
    column: usize,
) -> Vec<PassageRef> {
    let Some(&code) = l.rows.get(row) else {
        return Vec::new();
    };
    let ps = matrix::cell_passages(&l.corpus, &l.sel, code, columns, column);
    l.refs(&ps)
}

impl Loaded {
    pub fn refs(&self, ps: &[Passage]) -> Vec<PassageRef> {
        ps.iter()
            .map(|p| PassageRef {
                document: self.doc_ids[p.doc].clone(),
                document_name: self.corpus.documents[p.doc].name.clone(),
                start: p.start,
                end: p.end,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::split_rows;

    #[test]
    fn rows_split_over_two_threads_come_back_in_order() {
        for n in [0, 1, 3, 4, 7, 30] {
            let rows: Vec<usize> = (0..n).collect();
            assert_eq!(split_rows(&rows, |r| r.to_vec()), rows);
        }
    }
}
