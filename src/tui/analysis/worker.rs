//! The analysis worker: a thread with its own connection to the project
//! that reads it for analysis (`ops::analysis::load`, kept between
//! requests so switching the unit or the columns does not read it again),
//! computes the table asked for and finds the passages behind a cell. The
//! latest request wins ([`crate::tui::jobs::Worker`], `Queue::Newest`);
//! answers go to the loop's channel with the request's ticket so the
//! screen drops stale ones. Dropping the worker ends the thread and waits
//! for it.

use super::{Options, View};
use crate::core::analysis::table::Table;
use crate::core::DocumentId;
use crate::ops;
use crate::ops::analysis::cells::{self, CellRef};
use crate::ops::analysis::{tables, AnalysisFilter, Loaded, Needs};
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
    /// The participant attribute keys (matrix columns).
    pub attribute_keys: Vec<String>,
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

/// The project as last read: with sub-codes rolled up or not, with every
/// document's words or not.
struct Cache {
    subcodes: bool,
    words: bool,
    loaded: Loaded,
}

fn needs_words(opts: &Options) -> bool {
    match opts.view {
        View::Frequencies => true,
        View::Matrix => opts.unit == crate::core::analysis::matrix::CellUnit::Words,
        View::Cooccurrence | View::Codeline => false,
    }
}

fn loaded<'a>(
    store: &ops::Store,
    cache: &'a mut Option<Cache>,
    opts: &Options,
    reload: bool,
) -> ops::Result<&'a Loaded> {
    let words = needs_words(opts);
    let fits = cache
        .as_ref()
        .is_some_and(|c| c.subcodes == opts.subcodes && (c.words || !words));
    if reload || !fits {
        let filter = AnalysisFilter {
            subcodes: opts.subcodes,
            ..Default::default()
        };
        let l = ops::analysis::load(store, &filter, Needs { turns: true, words }, None)?;
        *cache = Some(Cache {
            subcodes: opts.subcodes,
            words,
            loaded: l,
        });
    }
    cache
        .as_ref()
        .map(|c| &c.loaded)
        .ok_or_else(|| ops::Error::Invalid("the project could not be read".into()))
}

fn compute(l: &Loaded, opts: &Options) -> ops::Result<Computed> {
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
        View::Cooccurrence => tables::cooccurrence(&ops::analysis::cooccurrence_of(
            l,
            opts.co_unit,
            false,
            None,
        )),
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
    let mut c = Computed {
        opts: opts.clone(),
        table,
        footer_rows,
        row_codes,
        document,
        documents,
        attribute_keys: l.attribute_keys(),
        took: started.elapsed(),
        code_width: 0,
        widths: Vec::new(),
        maxima: Vec::new(),
    };
    super::measure(&mut c);
    Ok(c)
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
pub fn start(project: PathBuf, events: Sender<AppEvent>) -> Worker {
    crate::tui::jobs::Worker::start(
        "analysis",
        events,
        // Latest wins; a reload asked for by a superseded request still
        // happens.
        Queue::Newest(|(_, older), (newer, reload)| (newer, older || reload)),
        move |requests, r| {
            let store = ops::project::open(&project, None);
            let mut cache: Option<Cache> = None;
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
                    (Ok(store), Request::Table { ticket, opts, .. }) => Reply::Table {
                        ticket,
                        result: loaded(store, &mut cache, &opts, reload_asked)
                            .and_then(|l| compute(l, &opts).map(Box::new))
                            .map_err(|e| e.to_string()),
                    },
                    (Ok(store), Request::Passages { ticket, opts, cell }) => Reply::Passages {
                        ticket,
                        result: loaded(store, &mut cache, &opts, reload_asked)
                            .and_then(|l| passages(store, l, &cell))
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
