//! The analysis screen (issue 13): code frequencies with a bar chart,
//! codes × documents / participants / coders / an attribute's values,
//! co-occurrence with the c-coefficient, the codeline of a document, word
//! frequencies and keyword in context (KWIC: rows marked and coded as
//! search hits are) — each the plain `Table` that `gloss analysis` prints,
//! drawn with heat colouring (background steps from the 16 basic colours,
//! the number always printed), the column N pinned under a matrix, code
//! paths shortened from the left and the lines that say the unit, the
//! coders and the sub-code rule. State and drawing only (the choices in
//! `options.rs`, the grid in `grid.rs`, the KWIC lines in `kwic.rs`); the
//! keys live in `update.rs` (the screen's update), the figures are
//! computed on a worker (`analysis/worker.rs`) so the screen never waits
//! for them.

mod grid;
mod kwic;
pub mod options;
mod update;
pub mod worker;

pub use update::open;

use super::event::AppEvent;
use super::jobs::{JobEvent, JobNews, Tickets};
use super::theme;
use crate::core::analysis::table::Value;
use crate::core::sanitize::one_line;
use crate::ops::analysis::cells::CellRef;
use crate::ops::analysis::KwicRow;
pub use grid::{heat_level, measure};
pub use options::{column_choices, Options, View, CO_UNITS, PERCENTS, UNITS};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use unicode_width::UnicodeWidthStr;
pub use worker::Computed;
use worker::{Reply, Request, Worker};

/// What a line of text typed on the screen is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisInput {
    /// The KWIC view's query.
    KwicQuery,
    /// The `--where KEY=VALUE` filter (empty: none).
    Where,
}

/// What the worker is computing for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    Table,
    /// The passages behind a cell, described for the retrieve view.
    Passages(String),
}

pub struct AnalysisState {
    project: crate::ops::project::Project,
    /// Where the search index lives (`None`: the user cache), for KWIC.
    index_dir: Option<PathBuf>,
    worker: Option<Worker>,
    pub opts: Options,
    /// The table shown (kept while the next one is computed).
    pub computed: Option<Computed>,
    pub waiting: Option<Waiting>,
    tickets: Tickets,
    /// Where the worker's answers go (the loop's channel).
    events: Sender<AppEvent>,
    pub error: Option<String>,
    /// The selected cell: a row of the table, a column of its figures.
    pub row: usize,
    pub col: usize,
    /// The first row and figure column shown (the last drawing's).
    top: std::cell::Cell<usize>,
    left: std::cell::Cell<usize>,
    /// What the last key did, shown on the screen.
    pub note: Option<String>,
    /// The KWIC rows marked for coding (rows of the table shown).
    pub marked: BTreeSet<usize>,
}

/// What a finished request brought.
pub enum Arrived {
    Nothing,
    Table,
    Passages(String, Vec<crate::ops::excerpts::Excerpt>),
    Failed(String),
}

impl AnalysisState {
    pub fn new(project: crate::ops::project::Project, events: Sender<AppEvent>) -> AnalysisState {
        AnalysisState {
            project,
            index_dir: None,
            worker: None,
            opts: Options::default(),
            computed: None,
            waiting: None,
            tickets: Tickets::default(),
            events,
            error: None,
            row: 0,
            col: 0,
            top: Default::default(),
            left: Default::default(),
            note: None,
            marked: BTreeSet::new(),
        }
    }

    /// The search index in `dir` rather than the user cache (as the
    /// search pane's).
    pub fn with_index_dir(mut self, dir: Option<PathBuf>) -> AnalysisState {
        self.index_dir = dir;
        self
    }

    fn send(&mut self, make: impl FnOnce(super::jobs::Ticket) -> Request) {
        let ticket = self.tickets.issue();
        let project = self.project.clone();
        let index_dir = self.index_dir.clone();
        let events = self.events.clone();
        let worker = self
            .worker
            .get_or_insert_with(|| worker::start(project, index_dir, events));
        worker::send(worker, make(ticket));
    }

    /// Asks for the table of the current options (`reload`: read the
    /// project again, it may have changed).
    pub fn request(&mut self, reload: bool) {
        let opts = self.opts.clone();
        self.error = None;
        self.waiting = Some(Waiting::Table);
        self.send(|ticket| Request::Table {
            ticket,
            opts,
            reload,
        });
    }

    /// Asks for the passages behind the selected cell.
    pub fn request_passages(&mut self, cell: CellRef, what: String) {
        let Some(c) = &self.computed else {
            return;
        };
        let opts = c.opts.clone();
        self.waiting = Some(Waiting::Passages(what));
        self.send(|ticket| Request::Passages { ticket, opts, cell });
    }

    pub fn busy(&self) -> bool {
        self.waiting.is_some()
    }

    /// Whether `job` is the screen's worker.
    pub fn owns(&self, job: super::jobs::JobId) -> bool {
        self.worker.as_ref().map(Worker::id) == Some(job)
    }

    /// Takes one piece of the worker's news; stale answers (and a replaced
    /// worker's) are dropped.
    pub fn apply(&mut self, ev: JobEvent) -> Arrived {
        if self.worker.as_ref().map(Worker::id) != Some(ev.job) {
            return Arrived::Nothing;
        }
        match ev.news {
            JobNews::Ended => {
                self.worker = None;
                if self.waiting.take().is_some() {
                    return Arrived::Failed("the analysis worker stopped".into());
                }
                Arrived::Nothing
            }
            JobNews::Analysis(Reply::Table { ticket, result })
                if self.tickets.is_current(ticket) =>
            {
                self.waiting = None;
                match result {
                    Ok(c) => {
                        let rows_changed = self.computed.as_ref().is_none_or(|old| {
                            old.opts.view != c.opts.view || old.table.rows != c.table.rows
                        });
                        if rows_changed {
                            self.marked.clear();
                        }
                        self.computed = Some(*c);
                        self.clamp();
                        Arrived::Table
                    }
                    Err(e) => {
                        self.error = Some(e.clone());
                        Arrived::Failed(e)
                    }
                }
            }
            JobNews::Analysis(Reply::Passages { ticket, result })
                if self.tickets.is_current(ticket) =>
            {
                let what = match self.waiting.take() {
                    Some(Waiting::Passages(w)) => w,
                    _ => String::new(),
                };
                match result {
                    Ok(ex) => Arrived::Passages(what, ex),
                    Err(e) => Arrived::Failed(e),
                }
            }
            _ => Arrived::Nothing,
        }
    }

    /// Rows of codes (without a matrix's N rows).
    pub fn body_rows(&self) -> usize {
        self.computed
            .as_ref()
            .map_or(0, |c| c.table.rows.len().saturating_sub(c.footer_rows))
    }

    /// Columns of figures (all but the code).
    pub fn figure_cols(&self) -> usize {
        self.computed
            .as_ref()
            .map_or(0, |c| c.table.header.len().saturating_sub(1))
    }

    pub fn clamp(&mut self) {
        self.row = self.row.min(self.body_rows().saturating_sub(1));
        self.col = self.col.min(self.figure_cols().saturating_sub(1));
    }

    pub fn step(&mut self, drow: isize, dcol: isize) {
        let last_row = self.body_rows().saturating_sub(1) as isize;
        let last_col = self.figure_cols().saturating_sub(1) as isize;
        self.row = (self.row as isize).saturating_add(drow).clamp(0, last_row) as usize;
        self.col = (self.col as isize).saturating_add(dcol).clamp(0, last_col) as usize;
    }

    /// The selected cell as the worker knows it, and words for it
    /// (`School fees × female`); `None` where no passages are behind it.
    pub fn selected_cell(&self) -> Result<(CellRef, String), String> {
        let c = self
            .computed
            .as_ref()
            .ok_or_else(|| "the table is still being computed".to_string())?;
        let t = &c.table;
        let row = t.rows.get(self.row).ok_or("the table is empty")?;
        let code = match row.first() {
            Some(Value::Text(s)) => s.clone(),
            _ => String::new(),
        };
        let header = |i: usize| t.header.get(i).cloned().unwrap_or_default();
        let col = self.col + 1;
        match c.opts.view {
            View::Frequencies => Ok((CellRef::Frequency { row: self.row }, code)),
            View::Matrix => Ok((
                CellRef::Matrix {
                    columns: c.opts.columns.clone(),
                    row: self.row,
                    column: self.col,
                },
                format!("{code} × {}", header(col)),
            )),
            View::Cooccurrence => {
                let n = c.row_codes.len();
                let a = self.row % n.max(1);
                if self.col == 0 {
                    return Ok((
                        CellRef::Cooccurrence {
                            unit: c.opts.co_unit,
                            a,
                            b: a,
                        },
                        t.header.get(a + 2).cloned().unwrap_or(code),
                    ));
                }
                let b = self.col - 1;
                if a == b {
                    return Err("a code with itself: its passages are under frequency".into());
                }
                Ok((
                    CellRef::Cooccurrence {
                        unit: c.opts.co_unit,
                        a,
                        b,
                    },
                    format!(
                        "{} with {}",
                        t.header.get(a + 2).cloned().unwrap_or_default(),
                        header(col)
                    ),
                ))
            }
            View::Words => Err("Enter on a word opens its keyword in context".into()),
            View::Kwic => Err("Enter on a row opens its passage in the transcript".into()),
            View::Codeline => {
                let doc = c.document.ok_or("the project has no documents")?;
                let code_ix = *c.row_codes.get(self.row).ok_or("no code here")?;
                Ok((
                    CellRef::Codeline {
                        doc,
                        code: code_ix,
                        turn: self.col,
                    },
                    format!("{code} in turn {}", header(col)),
                ))
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        frame.render_widget(Clear, area);
        let title = match (&self.computed, &self.waiting) {
            (Some(c), _) => one_line(&c.table.title),
            (None, _) => "Analysis".into(),
        };
        let busy = if self.waiting.is_some() {
            " · computing…"
        } else {
            ""
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(
                format!(" Analysis · {title}{busy} "),
                theme::title(),
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if inner.height < 4 || inner.width < 20 {
            return;
        }
        let mut y = inner.y;
        let bottom = inner.bottom();
        for line in options::option_lines(self) {
            if y >= bottom {
                return;
            }
            frame.render_widget(line, Rect::new(inner.x, y, inner.width, 1));
            y += 1;
        }
        let Some(c) = &self.computed else {
            let text = match (&self.error, &self.waiting) {
                (Some(e), _) => Line::from(Span::styled(one_line(e), theme::error())),
                (None, Some(_)) => Line::from("computing…"),
                (None, None) => Line::from(""),
            };
            frame.render_widget(text, Rect::new(inner.x, y.min(bottom - 1), inner.width, 1));
            return;
        };
        // The notes: unit, coders, sub-code rule (at most a third of the height).
        let notes: Vec<Line<'_>> = c
            .table
            .notes
            .iter()
            .map(|n| {
                let style = if n.starts_with("warning") {
                    theme::warning()
                } else {
                    theme::dim()
                };
                Line::from(Span::styled(one_line(n), style))
            })
            .collect();
        let w = usize::from(inner.width).max(1);
        let needed: usize = c
            .table
            .notes
            .iter()
            .map(|n| one_line(n).width().div_ceil(w).max(1))
            .sum();
        let room = usize::from(bottom.saturating_sub(y)) / 3;
        let h = needed.min(room.max(1)) as u16;
        frame.render_widget(
            Paragraph::new(notes).wrap(Wrap { trim: true }),
            Rect::new(inner.x, y, inner.width, h),
        );
        y += h;
        if let Some(e) = &self.error {
            frame.render_widget(
                Line::from(Span::styled(one_line(e), theme::error())),
                Rect::new(inner.x, y, inner.width, 1),
            );
            y += 1;
        }
        // The last line: the selected cell and the keys.
        let cell_line = Rect::new(inner.x, bottom - 1, inner.width, 1);
        frame.render_widget(self.cell_line(c), cell_line);
        let grid = Rect::new(
            inner.x,
            y,
            inner.width,
            bottom.saturating_sub(1).saturating_sub(y),
        );
        if c.opts.view == View::Kwic {
            kwic::draw_kwic(self, frame, grid, c);
        } else {
            grid::draw_grid(self, frame, grid, c);
        }
    }

    /// The selected cell in words, with the keys that act on it.
    fn cell_line(&self, c: &Computed) -> Line<'static> {
        let mut spans = Vec::new();
        if let Some(note) = &self.note {
            spans.push(Span::styled(
                format!(" {} ·", one_line(note)),
                theme::warning(),
            ));
        }
        if let Some(Waiting::Passages(w)) = &self.waiting {
            spans.push(Span::raw(format!(
                " finding the passages of {}…",
                one_line(w)
            )));
        } else if c.opts.view == View::Kwic {
            let n = c.kwic.len();
            if n > 0 {
                spans.push(Span::styled(
                    format!(" occurrence {} of {n}", self.row + 1),
                    theme::title(),
                ));
                if !self.marked.is_empty() {
                    spans.push(Span::raw(format!(", {} marked", self.marked.len())));
                }
            }
            spans.push(Span::styled(
                " · Enter the passage · Space mark · Ctrl-a all · Ctrl-k code · / query · e export · Esc back",
                theme::dim(),
            ));
            return Line::from(spans);
        } else if c.opts.view == View::Words {
            if let Some(w) = self.selected_word() {
                let count = c
                    .table
                    .rows
                    .get(self.row)
                    .and_then(|r| r.get(2))
                    .map(Value::display)
                    .unwrap_or_default();
                spans.push(Span::styled(format!(" {}: ", one_line(&w)), theme::title()));
                spans.push(Span::raw(count));
            }
            spans.push(Span::styled(
                " · Enter its keyword in context · e export the table · Esc back",
                theme::dim(),
            ));
            return Line::from(spans);
        } else if let Some(row) = c.table.rows.get(self.row) {
            let value = row
                .get(self.col + 1)
                .map(Value::display)
                .unwrap_or_default();
            let what = match self.selected_cell() {
                Ok((_, w)) => w,
                Err(_) => String::new(),
            };
            let header = c
                .table
                .header
                .get(self.col + 1)
                .cloned()
                .unwrap_or_default();
            let what = match c.opts.view {
                View::Frequencies => format!("{what} · {header}"),
                _ => what,
            };
            spans.push(Span::styled(
                format!(" {}: ", one_line(&what)),
                theme::title(),
            ));
            spans.push(Span::raw(if value.is_empty() {
                "—".into()
            } else {
                one_line(&value)
            }));
        }
        spans.push(Span::styled(
            " · Enter the passages · e export the table · Esc back",
            theme::dim(),
        ));
        Line::from(spans)
    }

    /// The word of the selected row of the words view.
    pub fn selected_word(&self) -> Option<String> {
        let c = self
            .computed
            .as_ref()
            .filter(|c| c.opts.view == View::Words)?;
        match c.table.rows.get(self.row)?.get(1)? {
            Value::Text(w) => Some(w.clone()),
            _ => None,
        }
    }

    /// The KWIC rows shown (none in another view).
    pub fn kwic_rows(&self) -> &[KwicRow] {
        match &self.computed {
            Some(c) if c.opts.view == View::Kwic => &c.kwic,
            _ => &[],
        }
    }

    /// The KWIC rows to code: the marked ones, else the selected one.
    pub fn chosen_kwic(&self) -> Vec<&KwicRow> {
        let rows = self.kwic_rows();
        if self.marked.is_empty() {
            rows.get(self.row).into_iter().collect()
        } else {
            self.marked.iter().filter_map(|&i| rows.get(i)).collect()
        }
    }

    /// Space: marks the selected KWIC row (or unmarks it) and moves on.
    pub fn toggle_mark(&mut self) {
        if self.kwic_rows().is_empty() {
            return;
        }
        if !self.marked.remove(&self.row) {
            self.marked.insert(self.row);
        }
        self.step(1, 0);
    }

    /// Marks every KWIC row, or none when all are.
    pub fn mark_all(&mut self) {
        let n = self.kwic_rows().len();
        if self.marked.len() == n {
            self.marked.clear();
        } else {
            self.marked = (0..n).collect();
        }
    }
}
