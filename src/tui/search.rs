//! The search pane: a query typed as you go, run on a worker thread where
//! the latest request wins (stale answers are dropped by ticket), the hits
//! with their matched words highlighted, marks for coding several hits.

mod update;

pub use update::open;

use super::dialog::TextInput;
use super::event::AppEvent;
use super::jobs::{JobEvent, JobNews, Queue, Ticket, Tickets, Worker};
use super::theme;
use crate::core::sanitize::one_line;
use crate::core::time::format_time;
use crate::index::{Hit, SearchOptions, SearchOrder, SearchResult};
use crate::ops;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// What the worker sends back.
#[derive(Debug)]
pub enum Reply {
    /// Building the index: turns done of total.
    Indexing(usize, usize),
    Ready,
    Results {
        ticket: Ticket,
        result: Result<SearchResult, String>,
        took: Duration,
    },
    Failed(String),
}

/// A query for the worker.
type Query = (Ticket, String, SearchOrder);

/// The search worker: a [`Worker`] with its own connection to the project
/// and the index; the newest query wins.
fn start_worker(
    project: crate::ops::project::Project,
    index_dir: Option<PathBuf>,
    limit: usize,
    events: Sender<AppEvent>,
) -> Worker<Query> {
    Worker::start(
        "search",
        events,
        Queue::Newest(|_older, newer| newer),
        move |queries, r| {
            let say = |reply| r.send(JobNews::Search(reply));
            let store = match ops::project::open(&project, None) {
                Ok(s) => s,
                Err(e) => {
                    say(Reply::Failed(e.to_string()));
                    return;
                }
            };
            let mut progress = |d, t| {
                say(Reply::Indexing(d, t));
            };
            let ensured = match &index_dir {
                Some(dir) => ops::search::ensure_index_at(&store, dir, &mut progress),
                None => ops::search::ensure_index(&store, &mut progress),
            };
            let index = match ensured {
                Ok(ix) => ix,
                Err(e) => {
                    say(Reply::Failed(e.to_string()));
                    return;
                }
            };
            say(Reply::Ready);
            for (ticket, query, order) in queries {
                let t = Instant::now();
                let opts = SearchOptions {
                    limit,
                    order,
                    ..Default::default()
                };
                let result =
                    ops::search::search(&store, &index, &query, &opts).map_err(|e| e.to_string());
                if !say(Reply::Results {
                    ticket,
                    result,
                    took: t.elapsed(),
                }) {
                    break;
                }
            }
        },
    )
}

pub struct SearchState {
    pub input: TextInput,
    worker: Worker<Query>,
    /// Where the worker's news goes (the loop's channel).
    events: Sender<AppEvent>,
    /// Of the requests sent; answers to older ones are dropped.
    tickets: Tickets,
    /// Ticket of the results shown.
    shown: Ticket,
    pub result: Option<SearchResult>,
    pub error: Option<String>,
    pub status: String,
    pub selected: usize,
    pub marked: BTreeSet<usize>,
    pub took: Option<Duration>,
    /// Hits by relevance, or in corpus order.
    pub order: SearchOrder,
    ready: bool,
}

/// How many hits the pane asks for (the total is always exact).
pub const PANE_LIMIT: usize = 200;

impl SearchState {
    pub fn new(
        project: crate::ops::project::Project,
        index_dir: Option<PathBuf>,
        events: Sender<AppEvent>,
    ) -> Self {
        SearchState {
            input: TextInput::default(),
            worker: start_worker(project, index_dir, PANE_LIMIT, events.clone()),
            events,
            tickets: Tickets::default(),
            shown: Ticket::default(),
            result: None,
            error: None,
            status: "opening the search index…".into(),
            selected: 0,
            marked: BTreeSet::new(),
            took: None,
            order: SearchOrder::Relevance,
            ready: false,
        }
    }

    /// Starts a new worker (the project gained documents from elsewhere)
    /// and searches the current query again.
    pub fn restart(&mut self, project: crate::ops::project::Project, index_dir: Option<PathBuf>) {
        self.worker = start_worker(project, index_dir, PANE_LIMIT, self.events.clone());
        self.ready = false;
        self.status = "opening the search index…".into();
        self.submit();
    }

    /// Sends the current query (after every edit).
    pub fn submit(&mut self) {
        let q = self.input.text();
        if q.trim().is_empty() {
            self.result = None;
            self.error = None;
            self.shown = self.tickets.issue();
            return;
        }
        let ticket = self.tickets.issue();
        self.worker.send((ticket, q, self.order));
    }

    /// Switches between relevance and corpus order, and searches again.
    pub fn toggle_order(&mut self) {
        self.order = match self.order {
            SearchOrder::Relevance => SearchOrder::Position,
            SearchOrder::Position => SearchOrder::Relevance,
        };
        self.submit();
    }

    /// Whether an answer is still expected.
    pub fn busy(&self) -> bool {
        !self.ready || self.shown < self.tickets.newest()
    }

    /// Whether `job` is the pane's worker.
    pub fn owns(&self, job: super::jobs::JobId) -> bool {
        job == self.worker.id()
    }

    /// Takes one piece of the worker's news (the news of a worker since
    /// replaced is dropped); returns whether anything changed.
    pub fn apply(&mut self, ev: JobEvent) -> bool {
        if ev.job != self.worker.id() {
            return false;
        }
        match ev.news {
            JobNews::Search(Reply::Indexing(d, t)) => {
                self.status = format!("building the search index: {d}/{t} turns");
            }
            JobNews::Search(Reply::Ready) => {
                self.ready = true;
                self.status = String::new();
            }
            JobNews::Search(Reply::Failed(e)) => {
                self.ready = true;
                self.shown = self.tickets.newest();
                self.error = Some(e);
            }
            JobNews::Search(Reply::Results {
                ticket,
                result,
                took,
            }) => {
                if !self.tickets.is_current(ticket) {
                    return false; // stale
                }
                self.shown = ticket;
                self.took = Some(took);
                match result {
                    Ok(r) => {
                        self.result = Some(r);
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e),
                }
                self.selected = 0;
                self.marked.clear();
            }
            JobNews::Ended => {
                if !self.busy() {
                    return false;
                }
                self.ready = true;
                self.shown = self.tickets.newest();
                self.error = Some("the search worker stopped".into());
            }
            _ => return false,
        }
        true
    }

    /// The worker's news arrives on the application's channel, which
    /// [`crate::tui::run_loop`] waits on until nothing is expected (see
    /// [`crate::tui::app::App::wait_for_jobs`]): once a scripted loop has
    /// returned there is nothing left to wait for here. Kept for the
    /// scripts that call it; `limit` is not needed.
    pub fn wait_idle(&mut self, _limit: Duration) {}

    pub fn hits(&self) -> &[Hit] {
        self.result.as_ref().map_or(&[], |r| r.hits.as_slice())
    }

    pub fn step(&mut self, d: isize) {
        let n = self.hits().len();
        if n == 0 {
            return;
        }
        self.selected = (self.selected as isize + d).clamp(0, n as isize - 1) as usize;
    }

    pub fn toggle_mark(&mut self) {
        if self.hits().is_empty() {
            return;
        }
        if !self.marked.remove(&self.selected) {
            self.marked.insert(self.selected);
        }
    }

    /// The hits to act on: the marked ones, else the selected one.
    pub fn chosen(&self) -> Vec<&Hit> {
        let hits = self.hits();
        if self.marked.is_empty() {
            hits.get(self.selected).into_iter().collect()
        } else {
            self.marked.iter().filter_map(|&i| hits.get(i)).collect()
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool) {
        let total = self.result.as_ref().map_or(0, |r| r.total);
        let mut title = format!(
            " Search · {} · {}",
            crate::core::plural::count(total, "turn"),
            match self.order {
                SearchOrder::Relevance => "by relevance",
                SearchOrder::Position => "in corpus order",
            }
        );
        if let Some(t) = self.took {
            title.push_str(&format!(" · {:.1} ms", t.as_secs_f64() * 1e3));
        }
        if !self.marked.is_empty() {
            title.push_str(&format!(" · {} marked", self.marked.len()));
        }
        title.push(' ');
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::border(focused))
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [q, msg, list] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(inner);
        let mut line = vec![Span::styled("/ ", theme::help_key())];
        line.extend(self.input.line().spans);
        frame.render_widget(Line::from(line), q);
        let note = if let Some(e) = &self.error {
            Span::styled(
                one_line(e),
                Style::new().fg(ratatui::style::Color::LightRed),
            )
        } else if !self.status.is_empty() {
            Span::styled(self.status.clone(), theme::dim())
        } else if self.busy() {
            Span::styled("searching…", theme::dim())
        } else if self.result.is_none() {
            Span::styled(
                "words · \"phrase\" · OR · -word · pref* · word~1 · speaker: doc: lang: code:",
                theme::dim(),
            )
        } else {
            Span::styled(
                "Enter open · ↑↓ move · Ctrl-Space mark · Ctrl-a all · Ctrl-k code · Ctrl-o order · Ctrl-z undo · Esc back",
                theme::dim(),
            )
        };
        frame.render_widget(Line::from(note), msg);
        // Two rows a hit: where, then the snippet with its matches.
        let rows = usize::from(list.height) / 2;
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        let mut lines = Vec::new();
        for (i, h) in self.hits().iter().enumerate().skip(first).take(rows) {
            let mark = if self.marked.contains(&i) {
                "● "
            } else {
                "  "
            };
            let mut head = Line::from(vec![
                Span::styled(mark, theme::help_key()),
                Span::styled(one_line(&h.doc_name), theme::title()),
                Span::styled(
                    format!(
                        "  {}{}",
                        h.speaker.as_deref().map(one_line).unwrap_or_default(),
                        h.time_ms
                            .map(|t| format!(" · {}", format_time(t)))
                            .unwrap_or_default()
                    ),
                    theme::dim(),
                ),
            ]);
            if i == self.selected {
                head = head.style(if focused {
                    theme::selected_row()
                } else {
                    theme::selected_unfocused()
                });
            }
            lines.push(head);
            lines.push(snippet_line(h, usize::from(list.width).saturating_sub(4)));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// A hit's snippet with the matched words highlighted.
fn snippet_line(h: &Hit, width: usize) -> Line<'static> {
    let chars: Vec<char> = h.text.chars().collect();
    let first = h.matches.first().map_or(0, |m| m.start - h.turn.start);
    let start = first.saturating_sub(width / 3);
    let end = (start + width).min(chars.len());
    let mut spans = vec![Span::raw("    ")];
    if start > 0 {
        spans.push(Span::styled("…", theme::dim()));
    }
    let mut run = String::new();
    let mut in_match = false;
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        let p = h.turn.start + i;
        let m = h.matches.iter().any(|r| r.contains(p));
        if m != in_match && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), in_match));
        }
        in_match = m;
        run.push(*c);
    }
    if !run.is_empty() {
        spans.push(styled_run(run, in_match));
    }
    Line::from(spans)
}

fn styled_run(s: String, matched: bool) -> Span<'static> {
    let s = one_line(&s);
    if matched {
        Span::styled(s, theme::search_match())
    } else {
        Span::raw(s)
    }
}
