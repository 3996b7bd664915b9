//! The analysis screen (issue 13): code frequencies with a bar chart,
//! codes × documents / participants / coders / an attribute's values,
//! co-occurrence with the c-coefficient, and the codeline of a document —
//! each the plain [`Table`] that `gloss analysis` prints, drawn with heat
//! colouring (background steps from the 16 basic colours, the number
//! always printed), the column N pinned under a matrix, code paths
//! shortened from the left and the lines that say the unit, the coders
//! and the sub-code rule. State and drawing only; the keys live in
//! `app/analysis.rs`, the figures are computed on a worker
//! (`analysis/worker.rs`) so the screen never waits for them.

pub mod worker;

use super::agreement::{cut_end, shorten_path};
use super::event::AppEvent;
use super::jobs::{JobEvent, JobNews, Tickets};
use super::theme;
use crate::core::analysis::cooccurrence::CoUnit;
use crate::core::analysis::matrix::{CellUnit, Columns, Percent};
use crate::core::analysis::table::Value;
use crate::core::sanitize::one_line;
use crate::core::DocumentId;
use crate::ops::analysis::cells::CellRef;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use unicode_width::UnicodeWidthStr;
pub use worker::Computed;
use worker::{Reply, Request, Worker};

/// Which table the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Frequencies,
    Matrix,
    Cooccurrence,
    Codeline,
}

impl View {
    pub const ALL: [View; 4] = [
        View::Frequencies,
        View::Matrix,
        View::Cooccurrence,
        View::Codeline,
    ];

    pub fn name(self) -> &'static str {
        match self {
            View::Frequencies => "frequencies",
            View::Matrix => "matrix",
            View::Cooccurrence => "co-occurrence",
            View::Codeline => "codeline",
        }
    }
}

pub const UNITS: [CellUnit; 6] = [
    CellUnit::Codings,
    CellUnit::Documents,
    CellUnit::Participants,
    CellUnit::Chars,
    CellUnit::Words,
    CellUnit::Presence,
];

pub const PERCENTS: [Option<Percent>; 4] = [
    None,
    Some(Percent::Row),
    Some(Percent::Column),
    Some(Percent::ColumnN),
];

pub const CO_UNITS: [CoUnit; 4] = [
    CoUnit::Pairs,
    CoUnit::Regions,
    CoUnit::Turns,
    CoUnit::Documents,
];

/// The choices that make a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub view: View,
    pub columns: Columns,
    pub unit: CellUnit,
    pub percent: Option<Percent>,
    pub co_unit: CoUnit,
    pub subcodes: bool,
    /// The codeline's document (`None`: the first).
    pub document: Option<DocumentId>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            view: View::Frequencies,
            columns: Columns::Documents,
            unit: CellUnit::Codings,
            percent: None,
            co_unit: CoUnit::Pairs,
            subcodes: true,
            document: None,
        }
    }
}

/// What the worker is computing for the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    Table,
    /// The passages behind a cell, described for the retrieve view.
    Passages(String),
}

pub struct AnalysisState {
    project: PathBuf,
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
}

/// What a finished request brought.
pub enum Arrived {
    Nothing,
    Table,
    Passages(String, Vec<crate::ops::excerpts::Excerpt>),
    Failed(String),
}

impl AnalysisState {
    pub fn new(project: PathBuf, events: Sender<AppEvent>) -> AnalysisState {
        AnalysisState {
            project,
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
        }
    }

    fn send(&mut self, make: impl FnOnce(super::jobs::Ticket) -> Request) {
        let ticket = self.tickets.issue();
        let project = self.project.clone();
        let events = self.events.clone();
        let worker = self
            .worker
            .get_or_insert_with(|| worker::start(project, events));
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
        for line in self.option_lines() {
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
        self.draw_grid(frame, grid, c);
    }

    /// The choices of the view, each with its key, the current one lit.
    fn option_lines(&self) -> Vec<Line<'static>> {
        fn choice<T: PartialEq + Clone>(
            key: &str,
            label: &str,
            all: &[(T, String)],
            now: &T,
        ) -> Vec<Span<'static>> {
            let mut out = vec![
                Span::styled(format!(" {key} "), theme::help_key()),
                Span::styled(format!("{label}: "), theme::dim()),
            ];
            for (v, name) in all {
                if v == now {
                    out.push(Span::styled(format!("[{name}]"), theme::selected_row()));
                } else {
                    out.push(Span::raw(name.clone()));
                }
                out.push(Span::raw(" "));
            }
            out
        }
        let o = &self.opts;
        let views: Vec<(View, String)> = View::ALL
            .iter()
            .map(|v| (*v, v.name().to_string()))
            .collect();
        let mut first = choice("v", "view", &views, &o.view);
        first.push(Span::styled(" s ", theme::help_key()));
        first.push(Span::styled("sub-codes: ", theme::dim()));
        first.push(Span::raw(if o.subcodes {
            "included"
        } else {
            "not included"
        }));
        // What the heat means (the figure is printed in every cell).
        first.push(Span::styled("   heat: ", theme::dim()));
        for (level, label) in [(1, " low "), (2, "   "), (3, "   "), (4, " high ")] {
            first.push(Span::styled(label, theme::heat(level)));
        }
        first.push(Span::styled(" of the table's largest", theme::dim()));
        let mut lines = vec![Line::from(first)];
        match o.view {
            View::Frequencies => {
                let names = [
                    "codings",
                    "documents",
                    "participants",
                    "chars",
                    "words",
                    "coverage",
                ];
                let all: Vec<(usize, String)> = names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (i, n.to_string()))
                    .collect();
                lines.push(Line::from(choice("u ←→", "bars", &all, &self.col)));
            }
            View::Matrix => {
                let keys = self
                    .computed
                    .as_ref()
                    .map(|c| c.attribute_keys.clone())
                    .unwrap_or_default();
                let all: Vec<(Columns, String)> = column_choices(&keys)
                    .into_iter()
                    .map(|c| {
                        let n = one_line(&crate::ops::analysis::columns_name(&c));
                        (c, n)
                    })
                    .collect();
                lines.push(Line::from(choice("c", "columns", &all, &o.columns)));
                let units: Vec<(CellUnit, String)> =
                    UNITS.iter().map(|u| (*u, u.name().to_string())).collect();
                let mut l = choice("u", "unit", &units, &o.unit);
                let ps: Vec<(Option<Percent>, String)> = PERCENTS
                    .iter()
                    .map(|p| (*p, p.map_or("none", |p| p.name()).to_string()))
                    .collect();
                l.extend(choice("p", "percent", &ps, &o.percent));
                lines.push(Line::from(l));
            }
            View::Cooccurrence => {
                let units: Vec<(CoUnit, String)> = CO_UNITS
                    .iter()
                    .map(|u| (*u, u.name().to_string()))
                    .collect();
                lines.push(Line::from(choice("u", "unit", &units, &o.co_unit)));
            }
            View::Codeline => {
                let (name, k, n) = match &self.computed {
                    Some(c) => (
                        c.document
                            .and_then(|d| c.documents.get(d))
                            .map(|(_, n)| one_line(n))
                            .unwrap_or_default(),
                        c.document.map_or(0, |d| d + 1),
                        c.documents.len(),
                    ),
                    None => (String::new(), 0, 0),
                };
                lines.push(Line::from(vec![
                    Span::styled(" d ", theme::help_key()),
                    Span::styled("document: ", theme::dim()),
                    Span::styled(name, theme::title()),
                    Span::styled(format!(" ({k} of {n})"), theme::dim()),
                ]));
            }
        }
        lines
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

    fn draw_grid(&self, frame: &mut Frame<'_>, area: Rect, c: &Computed) {
        if area.height < 2 || area.width < 10 {
            return;
        }
        let t = &c.table;
        let view = c.opts.view;
        let body = t.rows.len().saturating_sub(c.footer_rows);
        let ncols = t.header.len().saturating_sub(1);
        let code_w = c.code_width.min(usize::from(area.width) / 3);
        let widths = &c.widths;
        if widths.len() < ncols {
            return;
        }
        let bar_w = if view == View::Frequencies { 24 } else { 0 };
        let avail = usize::from(area.width).saturating_sub(code_w + 1 + bar_w);
        // The first column shown keeps the selected one in view.
        let mut left = self.left.get().min(self.col);
        while left < self.col && widths[left..=self.col].iter().sum::<usize>() > avail {
            left += 1;
        }
        self.left.set(left);
        let mut shown = Vec::new();
        let mut used = 0;
        for (j, w) in widths.iter().enumerate().skip(left) {
            if used + w > avail && !shown.is_empty() {
                break;
            }
            used += w;
            shown.push(j);
        }
        // Rows: the header, the body, and a matrix's N rows pinned below.
        let footer = c
            .footer_rows
            .min(usize::from(area.height).saturating_sub(2));
        let rows_h = usize::from(area.height) - 1 - footer;
        let mut top = self.top.get().min(self.row);
        if self.row >= top + rows_h {
            top = self.row + 1 - rows_h;
        }
        self.top.set(top);
        let maxima = &c.maxima;
        let mut y = area.y;
        // Header.
        let mut spans = vec![Span::styled(
            pad_right(&cut_end(&one_line(&t.header[0]), code_w), code_w + 1),
            theme::dim(),
        )];
        for &j in &shown {
            let label = match view {
                View::Codeline => one_line(t.header[j + 1].split_whitespace().next().unwrap_or("")),
                _ => one_line(&t.header[j + 1]),
            };
            let w = widths[j];
            let style = if j == self.col {
                theme::title().add_modifier(Modifier::UNDERLINED)
            } else {
                theme::dim()
            };
            // Code paths (co-occurrence) keep their own name: shortened
            // from the left, as the rows are.
            spans.push(Span::styled(
                pad_left(&shorten_path(&label, w - 1), w),
                style,
            ));
        }
        if bar_w > 0 {
            spans.push(Span::styled(
                format!(
                    "  {}",
                    one_line(&t.header.get(self.col + 1).cloned().unwrap_or_default())
                ),
                theme::dim(),
            ));
        }
        frame.render_widget(Line::from(spans), Rect::new(area.x, y, area.width, 1));
        y += 1;
        let row_line = |i: usize, footer: bool| -> Line<'static> {
            let Some(row) = t.rows.get(i) else {
                return Line::from("");
            };
            let label = match row.first() {
                Some(Value::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let selected_row = !footer && i == self.row;
            let label_style = if footer {
                theme::dim()
            } else if selected_row {
                theme::title()
            } else {
                Style::new()
            };
            let mut spans = vec![Span::styled(
                pad_right(&shorten_path(&label, code_w), code_w + 1),
                label_style,
            )];
            for &j in &shown {
                let v = row.get(j + 1).unwrap_or(&Value::Empty);
                let w = widths[j];
                let text = match v {
                    Value::Text(s) => one_line(s),
                    other => other.display(),
                };
                let mut style = if footer {
                    theme::dim()
                } else {
                    heat_style(c, maxima, i, j, v)
                };
                if selected_row && j == self.col {
                    style = theme::cursor().add_modifier(Modifier::BOLD);
                }
                spans.push(Span::styled(pad_left(&cut_end(&text, w - 1), w), style));
            }
            if bar_w > 0 && !footer {
                let v = row.get(self.col + 1).and_then(Value::as_f64).unwrap_or(0.0);
                let max = maxima.get(self.col).copied().unwrap_or(0.0);
                spans.push(Span::raw("  "));
                spans.push(Span::styled(bar(v, max, bar_w - 2), theme::bar()));
            }
            Line::from(spans)
        };
        for i in top..(top + rows_h).min(body) {
            frame.render_widget(row_line(i, false), Rect::new(area.x, y, area.width, 1));
            y += 1;
        }
        if body == 0 {
            frame.render_widget(
                Line::from(Span::styled(
                    " no code has a passage in scope",
                    theme::dim(),
                )),
                Rect::new(area.x, y, area.width, 1),
            );
        }
        let fy = area.y + 1 + rows_h as u16;
        for k in 0..footer {
            let r = Rect::new(area.x, fy + k as u16, area.width, 1);
            frame.render_widget(row_line(body + k, true), r);
        }
    }
}

/// The matrix's column choices: documents, participants, coders, then
/// each attribute key.
pub fn column_choices(keys: &[String]) -> Vec<Columns> {
    let mut v = vec![Columns::Documents, Columns::Participants, Columns::Coders];
    v.extend(keys.iter().map(|k| Columns::Attribute(k.clone())));
    v
}

/// Measures a computed table once (not at every frame): the code
/// column's width (the longest path, within limits), each figure column's
/// (its figures and its header, cut), and the heat groups' maxima.
pub fn measure(c: &mut Computed) {
    let t = &c.table;
    c.code_width = t
        .rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(Value::Text(s)) => Some(one_line(s).width()),
            _ => None,
        })
        .max()
        .unwrap_or(4)
        .clamp(8, 40);
    let ncols = t.header.len().saturating_sub(1);
    let codeline = c.opts.view == View::Codeline;
    c.widths = (1..=ncols)
        .map(|j| {
            if codeline {
                return 4;
            }
            let values = t
                .rows
                .iter()
                .map(|r| r.get(j).map_or(0, |v| v.display().width()))
                .max()
                .unwrap_or(0);
            let head = one_line(&t.header[j]).width().min(14);
            values.max(head).max(3) + 1
        })
        .collect();
    c.maxima = heat_maxima(c);
}

/// The largest figure of each heat group (see [`heat_group`]), by group.
fn heat_maxima(c: &Computed) -> Vec<f64> {
    let ncols = c.table.header.len().saturating_sub(1);
    let mut max = vec![0.0f64; ncols.max(3)];
    let body = c.table.rows.len().saturating_sub(c.footer_rows);
    for (i, row) in c.table.rows.iter().take(body).enumerate() {
        for j in 0..ncols {
            if let (Some(g), Some(v)) =
                (heat_group(c, i, j), row.get(j + 1).and_then(Value::as_f64))
            {
                if g < max.len() && v > max[g] {
                    max[g] = v;
                }
            }
        }
    }
    max
}

/// Which figures a cell is compared with for its heat: frequencies per
/// column (each its own unit); a matrix all together; co-occurrence's
/// counts (0), c-coefficients (1) and frequencies (2) apart.
fn heat_group(c: &Computed, row: usize, col: usize) -> Option<usize> {
    match c.opts.view {
        View::Frequencies => Some(col),
        View::Matrix => Some(0),
        View::Cooccurrence => {
            let n = c.row_codes.len();
            Some(match (row < n, col) {
                (_, 0) => 2,
                (true, _) => 0,
                (false, _) => 1,
            })
        }
        View::Codeline => None,
    }
}

/// The heat of one figure: 0 (none) to 4, against the largest of its group.
pub fn heat_level(v: f64, max: f64) -> u8 {
    if v <= 0.0 || max <= 0.0 || v.is_nan() {
        return 0;
    }
    (v / max * 4.0).ceil().clamp(1.0, 4.0) as u8
}

fn heat_style(c: &Computed, maxima: &[f64], row: usize, col: usize, v: &Value) -> Style {
    if c.opts.view == View::Codeline {
        return match v {
            Value::Text(s) if !s.is_empty() => theme::heat(4),
            _ => Style::new(),
        };
    }
    let (Some(g), Some(x)) = (heat_group(c, row, col), v.as_f64()) else {
        return Style::new();
    };
    theme::heat(heat_level(x, maxima.get(g).copied().unwrap_or(0.0)))
}

/// A bar of `v / max` of `width` cells, in eighths.
fn bar(v: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || v <= 0.0 {
        return String::new();
    }
    let eighths = ((v / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    const PART: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PART[eighths % 8]);
    if s.is_empty() {
        s.push('▏');
    }
    s
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_levels_step_with_the_share_of_the_largest() {
        assert_eq!(heat_level(0.0, 10.0), 0);
        assert_eq!(heat_level(1.0, 10.0), 1);
        assert_eq!(heat_level(3.0, 10.0), 2);
        assert_eq!(heat_level(6.0, 10.0), 3);
        assert_eq!(heat_level(10.0, 10.0), 4);
    }

    #[test]
    fn bars_are_proportional() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(0.01, 10.0, 4), "▏");
    }
}
