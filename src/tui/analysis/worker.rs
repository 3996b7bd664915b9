//! The analysis worker: a thread with its own connection to the project
//! that reads it for analysis once ([`CorpusCache`]: kept between
//! requests, so switching the view, the unit, the columns, the coders or
//! the filter does not read it again; read again when the project
//! changed), computes the table asked for — the words view reads the
//! texts, the KWIC view asks the search index — and finds the passages
//! behind a cell. The
//! latest request wins ([`crate::tui::jobs::Worker`], `Queue::Newest`);
//! answers go to the loop's channel with the request's ticket so the
//! screen drops stale ones. Dropping the worker ends the thread and waits
//! for it.

use super::{Options, View};
use crate::core::analysis::table::Table;
use crate::core::DocumentId;
use crate::ops;
use crate::ops::analysis::cells::{self, CellRef};
use crate::ops::analysis::{tables, CorpusCache, KwicRow, Loaded, Needs, WordsRequest};
use crate::ops::excerpts::Excerpt;
use crate::tui::event::AppEvent;
use crate::tui::jobs::{JobNews, Queue, Ticket};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub enum Request {
    /// The table of `opts`; `reload` reads the project again first.
    Table {
        ticket: Ticket,
        opts: Options,
        reload: bool,
    },
    /// The excerpts behind one cell of the table of `opts`.
    Passages {
        ticket: Ticket,
        opts: Options,
        cell: CellRef,
    },
}

/// A table computed, with what the screen needs to move in it and drill.
#[derive(Debug, Clone)]
pub struct Computed {
    pub opts: Options,
    pub table: Table,
    /// Rows at the end that are not figures of a code (a matrix's N rows).
    pub footer_rows: usize,
    /// The corpus code of each row (codeline: the codes shown).
    pub row_codes: Vec<usize>,
    /// Codeline: the document's index in `documents`.
    pub document: Option<usize>,
    /// Every document (id, name), for the codeline's choice.
    pub documents: Vec<(DocumentId, String)>,
    /// The participant attribute keys (matrix columns, words groups).
    pub attribute_keys: Vec<String>,
    /// Every coder of the project (the coder choice).
    pub coder_names: Vec<String>,
    /// The KWIC view's rows (the table holds them as text).
    pub kwic: Vec<KwicRow>,
    pub took: Duration,
    /// Measured once by [`super::measure`]: the code column's width, each
    /// figure column's, the largest figure of each heat group.
    pub code_width: usize,
    pub widths: Vec<usize>,
    pub maxima: Vec<f64>,
}

#[derive(Debug)]
pub enum Reply {
    Table {
        ticket: Ticket,
        result: Result<Box<Computed>, String>,
    },
    Passages {
        ticket: Ticket,
        result: Result<Vec<Excerpt>, String>,
    },
}

/// A request as queued: with whether it, or one it superseded, asked
/// to read the project again.
pub type Queued = (Request, bool);

/// The analysis worker.
pub type Worker = crate::tui::jobs::Worker<Queued>;

/// What a table reads beyond the codings and participants.
fn needs(opts: &Options) -> Needs {
    use crate::core::analysis::matrix::{CellUnit, Columns};
    match opts.view {
        View::Frequencies => Needs {
            turns: true,
            words: true,
        },
        View::Matrix => Needs {
            turns: opts.unit == CellUnit::Participants
                || matches!(opts.columns, Columns::Participants | Columns::Attribute(_)),
            words: opts.unit == CellUnit::Words,
        },
        View::Cooccurrence => Needs {
            turns: opts.co_unit == crate::core::analysis::cooccurrence::CoUnit::Turns,
            words: false,
        },
        // The turns are its columns.
        View::Codeline => Needs {
            turns: true,
            words: false,
        },
        View::Words => ops::analysis::WORDS_NEEDS,
        View::Kwic => Needs::default(),
    }
}

/// The worker's own: its connection's cache of the project and the search
/// index once opened.
struct Session {
    cache: CorpusCache,
    index_dir: Option<PathBuf>,
}

impl Session {
    fn loaded(&mut self, store: &ops::Store, opts: &Options, reload: bool) -> ops::Result<Loaded> {
        if reload {
            self.cache.invalidate();
        }
        self.cache.load(store, &opts.filter(), needs(opts))
    }

    fn kwic(&self, store: &ops::Store, opts: &Options) -> ops::Result<Vec<KwicRow>> {
        let q = opts.kwic.query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let index = match &self.index_dir {
            Some(dir) => ops::search::ensure_index_at(store, dir, &mut |_, _| {})?,
            None => ops::search::ensure_index(store, &mut |_, _| {})?,
        };
        ops::analysis::kwic_in(store, &index, q, opts.kwic.context, opts.kwic.sort)
    }
}

/// The KWIC table: no corpus read, the index asked.
fn compute_kwic(store: &ops::Store, session: &Session, opts: &Options) -> ops::Result<Computed> {
    let started = Instant::now();
    let rows = session.kwic(store, opts)?;
    let mut table = tables::kwic(&opts.kwic.query, &rows);
    table.notes = vec![
        format!(
            "unit: occurrences of the query (the search language) in the turns: {}",
            rows.len()
        ),
        format!(
            "context: {} each side, never past the turn; sorted by {}",
            super::options::context_name(opts.kwic.context),
            super::options::sort_name(opts.kwic.sort)
        ),
        "coders: none used (occurrences in the text, not codings)".into(),
    ];
    let mut c = Computed {
        opts: opts.clone(),
        table,
        footer_rows: 0,
        row_codes: Vec::new(),
        document: None,
        documents: Vec::new(),
        attribute_keys: Vec::new(),
        coder_names: Vec::new(),
        kwic: rows,
        took: started.elapsed(),
        code_width: 0,
        widths: Vec::new(),
        maxima: Vec::new(),
    };
    super::measure(&mut c);
    Ok(c)
}

/// The word frequencies shown: the most frequent words of each group.
const WORDS_SHOWN: usize = 200;

fn compute(store: &ops::Store, l: &Loaded, opts: &Options) -> ops::Result<Computed> {
    let started = Instant::now();
    let documents: Vec<(DocumentId, String)> = l
        .doc_ids
        .iter()
        .cloned()
        .zip(l.corpus.documents.iter().map(|d| d.name.clone()))
        .collect();
    let mut footer_rows = 0;
    let mut document = None;
    let mut row_codes = l.rows.clone();
    let table = match opts.view {
        View::Frequencies => tables::frequencies(&ops::analysis::frequencies_of(l)?),
        View::Matrix => {
            footer_rows = 2;
            tables::matrix(&ops::analysis::matrix_of(
                l,
                &opts.columns,
                opts.unit,
                opts.percent,
            ))
        }
        View::Cooccurrence => {
            let reach = if opts.co_unit == crate::core::analysis::cooccurrence::CoUnit::Pairs {
                opts.reach
            } else {
                None
            };
            tables::cooccurrence(&ops::analysis::cooccurrence_of(
                l,
                opts.co_unit,
                reach == Some(0),
                reach.filter(|&n| n > 0),
            ))
        }
        View::Words => {
            let w = &opts.words;
            let req = WordsRequest {
                filter: opts.filter(),
                by: w.by.clone(),
                stopwords: w.stopwords.clone(),
                options: w.word,
                limit: Some(WORDS_SHOWN),
            };
            let mut t = tables::words(&ops::analysis::words_of(store, l, &req)?);
            if w.code.is_none() {
                t.notes
                    .push("coders: none used (all speech is counted, no coding)".into());
            }
            t.notes.push(format!(
                "unit: occurrences of each word; the {WORDS_SHOWN} most frequent of each group shown"
            ));
            row_codes.clear();
            t
        }
        View::Kwic => unreachable_kwic()?,
        View::Codeline => {
            let d = opts
                .document
                .as_ref()
                .and_then(|id| l.doc_index(id))
                .unwrap_or(0);
            if l.corpus.documents.is_empty() {
                row_codes.clear();
                Table {
                    title: "Codeline".into(),
                    notes: vec!["the project has no documents".into()],
                    header: vec!["code".into()],
                    rows: Vec::new(),
                }
            } else {
                document = Some(d);
                let (report, codes) = cells::codeline_of(l, d);
                row_codes = codes;
                tables::codeline(&report)
            }
        }
    };
    let mut table = table;
    if !opts.attributes.is_empty() {
        table.notes.push(format!(
            "where: {} (only codings overlapping a turn of a participant with it; documents with such a participant)",
            opts.where_name()
        ));
    }
    let mut c = Computed {
        opts: opts.clone(),
        table,
        footer_rows,
        row_codes,
        document,
        documents,
        attribute_keys: l.attribute_keys(),
        coder_names: l.corpus.coders.clone(),
        kwic: Vec::new(),
        took: started.elapsed(),
        code_width: 0,
        widths: Vec::new(),
        maxima: Vec::new(),
    };
    super::measure(&mut c);
    Ok(c)
}

fn unreachable_kwic() -> ops::Result<Table> {
    Err(ops::Error::Invalid("the KWIC view reads no corpus".into()))
}

fn passages(store: &ops::Store, l: &Loaded, cell: &CellRef) -> ops::Result<Vec<Excerpt>> {
    let (codes, ps) = cells::cell_passages(l, cell);
    // A coder's column holds that coder's passages only.
    let coder = match cell {
        CellRef::Matrix {
            columns: crate::core::analysis::matrix::Columns::Coders,
            column,
            ..
        } => l.coder_names().get(*column).cloned(),
        _ => None,
    };
    cells::excerpts(store, l, &codes, &ps, coder.as_deref())
}

/// Starts the worker on its own connection to `project`; its answers go
/// to `events`.
pub fn start(
    project: crate::ops::project::Project,
    index_dir: Option<PathBuf>,
    events: Sender<AppEvent>,
) -> Worker {
    crate::tui::jobs::Worker::start(
        "analysis",
        events,
        // Latest wins; a reload asked for by a superseded request still
        // happens.
        Queue::Newest(|(_, older), (newer, reload)| (newer, older || reload)),
        move |requests, r| {
            let store = ops::project::open(&project, None);
            let mut session = Session {
                cache: CorpusCache::new(),
                index_dir,
            };
            for (req, reload_asked) in requests {
                let reply = match (&store, req) {
                    (Err(e), req) => {
                        let msg = format!("cannot open the project: {e}");
                        match req {
                            Request::Table { ticket, .. } => Reply::Table {
                                ticket,
                                result: Err(msg),
                            },
                            Request::Passages { ticket, .. } => Reply::Passages {
                                ticket,
                                result: Err(msg),
                            },
                        }
                    }
                    (Ok(store), Request::Table { ticket, opts, .. }) if opts.view == View::Kwic => {
                        Reply::Table {
                            ticket,
                            result: compute_kwic(store, &session, &opts)
                                .map(Box::new)
                                .map_err(|e| e.to_string()),
                        }
                    }
                    (Ok(store), Request::Table { ticket, opts, .. }) => Reply::Table {
                        ticket,
                        result: session
                            .loaded(store, &opts, reload_asked)
                            .and_then(|l| compute(store, &l, &opts).map(Box::new))
                            .map_err(|e| e.to_string()),
                    },
                    (Ok(store), Request::Passages { ticket, opts, cell }) => Reply::Passages {
                        ticket,
                        result: session
                            .loaded(store, &opts, reload_asked)
                            .and_then(|l| passages(store, &l, &cell))
                            .map_err(|e| e.to_string()),
                    },
                };
                if !r.send(JobNews::Analysis(reply)) {
                    break;
                }
            }
        },
    )
}

/// Queues `req` on `worker`.
pub(super) fn send(worker: &Worker, req: Request) {
    let reload = matches!(req, Request::Table { reload: true, .. });
    worker.send((req, reload));
}
