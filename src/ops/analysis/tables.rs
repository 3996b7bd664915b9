//! Each analysis report as a [`Table`]: what `gloss analysis` prints, what
//! `-o OUT.csv|OUT.xlsx` writes and what the screen draws, with lines that
//! state the unit, the coders and the sub-code rule. Writing goes through
//! the export writers' safety (formula cells neutralised, a temporary file
//! renamed into place, owner-only).

use super::text::{CodelineReport, KwicRow, WordsReport};
use super::{CooccurrenceReport, Figure, FrequencyReport, MatrixReport};
use crate::core::analysis::table::{Table, Value};
use std::path::Path;

/// The line about the coders.
pub fn coders_note(coders: &[String]) -> String {
    if coders.is_empty() {
        return "coders: none has codings".into();
    }
    format!(
        "coders: {} (pooled; a passage coded alike by several coders counts once)",
        coders.join(", ")
    )
}

/// The line about sub-codes.
pub fn subcodes_note(subcodes: bool) -> String {
    if subcodes {
        "sub-codes: included (a code's figures include its sub-codes' codings; a passage coded with both counts once)".into()
    } else {
        "sub-codes: not included (each code counts its own codings only)".into()
    }
}

pub fn frequencies(r: &FrequencyReport) -> Table {
    Table {
        title: "Code frequencies".into(),
        notes: vec![
            "units: codings = passages (document + range); documents and participants with at least one; chars = the union of the passages (overlaps once); words = UAX #29 words with a character in that union; coverage = chars / chars of the documents in scope".into(),
            format!(
                "scope: {} documents, {} chars",
                r.scope.documents, r.scope.chars
            ),
            coders_note(&r.coders),
            subcodes_note(r.subcodes),
        ],
        header: ["code", "codings", "documents", "participants", "chars", "words", "coverage"]
            .map(String::from)
            .to_vec(),
        rows: r
            .codes
            .iter()
            .map(|c| {
                vec![
                    Value::Text(c.code.clone()),
                    Value::Count(c.codings),
                    Value::Count(c.documents),
                    Value::Count(c.participants),
                    Value::Count(c.chars),
                    c.words.map_or(Value::Empty, Value::Count),
                    Value::Share(c.coverage),
                ]
            })
            .collect(),
    }
}

pub fn matrix(r: &MatrixReport) -> Table {
    let unit = match r.unit {
        crate::core::analysis::matrix::CellUnit::Codings => "codings (passages)",
        crate::core::analysis::matrix::CellUnit::Documents => "documents with the code",
        crate::core::analysis::matrix::CellUnit::Participants => {
            "participants (of the column) whose turns the passages overlap"
        }
        crate::core::analysis::matrix::CellUnit::Chars => "chars (union of the passages)",
        crate::core::analysis::matrix::CellUnit::Words => "words with a character in the passages",
        crate::core::analysis::matrix::CellUnit::Presence => "presence (1 = at least one passage)",
    };
    let percent = match r.percent {
        None => String::new(),
        Some(crate::core::analysis::matrix::Percent::Row) => ", as % of the row's total".into(),
        Some(crate::core::analysis::matrix::Percent::Column) => {
            ", as % of the column's total".into()
        }
        Some(crate::core::analysis::matrix::Percent::ColumnN) => {
            if r.unit == crate::core::analysis::matrix::CellUnit::Participants {
                ", as % of the column's N of participants".into()
            } else {
                ", as % of the column's N of documents (documents with the code / N)".into()
            }
        }
    };
    let mut header = vec!["code".to_string()];
    header.extend(r.columns.iter().cloned());
    let mut rows: Vec<Vec<Value>> = r
        .rows
        .iter()
        .zip(&r.cells)
        .map(|(code, cells)| {
            let mut row = vec![Value::Text(code.clone())];
            row.extend(cells.iter().map(|f| match f {
                Figure::Count(Some(n)) => Value::Count(*n),
                Figure::Count(None) => Value::Empty,
                Figure::Share(s) => Value::Share(*s),
            }));
            row
        })
        .collect();
    let mut n_docs = vec![Value::Text("N documents".into())];
    n_docs.extend(r.column_n.documents.iter().map(|&n| Value::Count(n)));
    let mut n_people = vec![Value::Text("N participants".into())];
    n_people.extend(r.column_n.participants.iter().map(|&n| Value::Count(n)));
    rows.push(n_docs);
    rows.push(n_people);
    Table {
        title: format!("Codes × {}", r.columns_of),
        notes: vec![
            format!("unit: {unit}{percent}"),
            "a passage is placed in the column of its document, of the speakers of the turns it overlaps (each once), or of its coder; passages overlapping no speaker's turn go to (no value)".into(),
            coders_note(&r.coders),
            subcodes_note(r.subcodes),
        ],
        header,
        rows,
    }
}

pub fn cooccurrence(r: &CooccurrenceReport) -> Table {
    let t = &r.table;
    let unit = match t.unit {
        crate::core::analysis::cooccurrence::CoUnit::Pairs => match (r.within, r.touching) {
            (Some(n), _) => {
                format!("pairs of stretches at most {n} chars apart (overlapping or not)")
            }
            (None, true) => "pairs of overlapping or touching stretches".into(),
            (None, false) => "pairs of overlapping stretches (touching not counted)".into(),
        },
        crate::core::analysis::cooccurrence::CoUnit::Regions => {
            "regions: maximal stretches coded with both".into()
        }
        crate::core::analysis::cooccurrence::CoUnit::Turns => "turns where both codes occur".into(),
        crate::core::analysis::cooccurrence::CoUnit::Documents => {
            "documents where both codes occur".into()
        }
    };
    let mut header = vec!["code".to_string(), "frequency".to_string()];
    header.extend(t.codes.iter().cloned());
    let mut rows: Vec<Vec<Value>> = Vec::new();
    for (i, code) in t.codes.iter().enumerate() {
        let mut row = vec![Value::Text(code.clone()), Value::Count(t.frequency[i])];
        row.extend(t.counts[i].iter().enumerate().map(|(j, &n)| {
            if i == j {
                Value::Empty
            } else {
                Value::Count(n)
            }
        }));
        rows.push(row);
    }
    for (i, code) in t.codes.iter().enumerate() {
        let mut row = vec![Value::Text(format!("c: {code}")), Value::Empty];
        row.extend(t.c[i].iter().enumerate().map(|(j, &c)| {
            if i == j {
                Value::Empty
            } else {
                Value::Number(c)
            }
        }));
        rows.push(row);
    }
    let mut notes = vec![
        format!("unit: {unit}; a code's stretches are the maximal runs of characters its codings cover (coders combined per code)"),
        "frequency: the code's stretches (pairs, regions), turns or documents; c = n12 / (n1 + n2 − n12), n/a where that denominator is not positive".into(),
        coders_note(&r.coders),
        subcodes_note(r.subcodes),
    ];
    for [i, j] in &t.warnings {
        notes.push(format!(
            "warning: {} ({}) is more than 5 times as frequent as {} ({}): c is hard to compare",
            t.codes[*i], t.frequency[*i], t.codes[*j], t.frequency[*j]
        ));
    }
    Table {
        title: "Code co-occurrence".into(),
        notes,
        header,
        rows,
    }
}

pub fn words(r: &WordsReport) -> Table {
    let mut notes = vec![
        match &r.code {
            Some(c) => format!("words inside the passages of {c}"),
            None => "words of all speech (turns; a document without turns: all its text)".into(),
        },
        format!(
            "UAX #29 words, NFC, case-folded{}, French elisions split, {}{}; {}",
            if r.keep_accents {
                ""
            } else {
                ", accents folded"
            },
            if r.numbers {
                "numbers kept"
            } else {
                "numbers dropped"
            },
            if r.min_length > 1 {
                format!(", at least {} chars", r.min_length)
            } else {
                String::new()
            },
            r.stopwords
        ),
        "share = count / every word counted in the group".into(),
    ];
    if r.code.is_some() {
        notes.push(coders_note(&r.coders));
        notes.push(subcodes_note(r.subcodes));
    }
    let mut rows = Vec::new();
    for g in &r.groups {
        for w in &g.words {
            rows.push(vec![
                Value::Text(g.group.clone()),
                Value::Text(w.word.clone()),
                Value::Count(w.count),
                Value::Count(w.documents),
                Value::Share(w.share),
                Value::Count(g.total),
            ]);
        }
    }
    Table {
        title: "Word frequencies".into(),
        notes,
        header: [
            "group",
            "word",
            "count",
            "documents",
            "share",
            "group total",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

pub fn kwic(query: &str, rows: &[KwicRow]) -> Table {
    Table {
        title: format!("Keyword in context: {query}"),
        notes: vec![format!("{} occurrences", rows.len())],
        header: [
            "doc", "turn", "speaker", "start", "end", "left", "keyword", "right",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Value::Text(r.doc.clone()),
                    Value::Count(r.turn),
                    Value::Text(r.speaker.clone().unwrap_or_default()),
                    Value::Count(r.start),
                    Value::Count(r.end),
                    Value::Text(r.left.clone()),
                    Value::Text(r.keyword.clone()),
                    Value::Text(r.right.clone()),
                ]
            })
            .collect(),
    }
}

pub fn codeline(r: &CodelineReport) -> Table {
    let c = &r.codeline;
    let mut header = vec!["code".to_string()];
    header.extend(c.turns.iter().map(|t| {
        format!("{} {}", t.turn, t.speaker.as_deref().unwrap_or(""))
            .trim()
            .to_string()
    }));
    Table {
        title: format!("Codeline: {}", r.document),
        notes: vec![
            "columns: the turns in order (number and speaker); ■ where a passage of the code shares a character with the turn".into(),
            coders_note(&r.coders),
            subcodes_note(r.subcodes),
        ],
        header,
        rows: c
            .codes
            .iter()
            .zip(&c.cells)
            .map(|(code, cells)| {
                let mut row = vec![Value::Text(code.clone())];
                row.extend(cells.iter().map(|&b| Value::Text(if b { "■".into() } else { String::new() })));
                row
            })
            .collect(),
    }
}

/// Writes `table` to `out` (`.csv` or `.xlsx`): a temporary file beside
/// it, renamed into place, owner-only; an existing file is kept unless
/// `force`.
pub fn write(
    store: &crate::store::Store,
    table: &Table,
    out: &Path,
    force: bool,
) -> crate::ops::Result<()> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if ext != "csv" && ext != "xlsx" {
        return Err(crate::ops::Error::file(
            out,
            "write the table as .csv or .xlsx",
        ));
    }
    if !force && out.exists() {
        return Err(crate::ops::Error::file(
            out,
            "already exists (use --force to overwrite it)",
        ));
    }
    if crate::ops::files::same_file(out, store.path()) {
        return Err(crate::ops::Error::file(
            out,
            "is the project itself; choose another output file",
        ));
    }
    use crate::formats::export::grid;
    crate::ops::files::write_atomically(
        out,
        |w| {
            if ext == "csv" {
                grid::write_csv(w, table, false)
            } else {
                grid::write_xlsx(w, table, &table.title)
            }
        },
        |_| Ok(()),
    )
}
