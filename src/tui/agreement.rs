//! The agreement screen: the per-code table (statistics coloured against
//! Krippendorff's thresholds), one code per document, and the disagreement
//! queue shown side by side with context. State and drawing only; what the
//! keys do lives in `app/agreement.rs`, the figures come from `ops`.

use super::theme;
use crate::core::sanitize::one_line;
use crate::core::text::char_slice;
use crate::core::{CharRange, DocumentId};
use crate::ops::agreement::{AgreementReport, Block, Queue};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block as Frame_, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap,
};
use ratatui::Frame;
use std::collections::HashMap;

/// Characters of context shown on each side of a disagreement.
const CONTEXT: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementView {
    /// One row per code.
    Codes,
    /// One row per document, for the code at this index of `report.codes`.
    Documents(usize),
    /// The disagreement queue.
    Queue,
}

pub struct QueueState {
    pub queue: Queue,
    pub selected: usize,
    /// Only this code's disagreements (its path), or all.
    pub code: Option<String>,
    /// Document texts, loaded as needed.
    pub texts: HashMap<DocumentId, String>,
}

pub struct AgreementState {
    pub report: AgreementReport,
    pub view: AgreementView,
    pub code_row: usize,
    pub doc_row: usize,
    pub queue: Option<QueueState>,
}

/// Krippendorff's guidance: α ≥ 0.800 good, ≥ 0.667 tentative, else poor.
pub fn verdict(alpha: Option<f64>) -> (&'static str, Color) {
    match alpha {
        None => ("n/a", Color::DarkGray),
        Some(a) if a >= 0.8 => ("good", Color::Green),
        Some(a) if a >= 0.667 => ("tentative", Color::Yellow),
        Some(_) => ("poor", Color::Red),
    }
}

/// Why a block's alpha is undefined.
pub fn reason(b: &Block) -> &'static str {
    let coded: i128 = b.agreement_histogram.iter().skip(1).sum();
    let m = b.agreement_histogram.len().saturating_sub(1);
    if b.n_units == 0 {
        "no units"
    } else if coded == 0 {
        "nobody coded it"
    } else if b.agreement_histogram.get(m) == Some(&b.n_units) {
        "all coded everything"
    } else {
        "no variation"
    }
}

fn num(v: Option<f64>) -> String {
    crate::core::agreement::format_stat(v)
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |x| format!("{:.1}%", x * 100.0))
}

impl AgreementState {
    pub fn rows(&self) -> usize {
        match self.view {
            AgreementView::Codes => self.report.codes.len(),
            AgreementView::Documents(k) => self
                .report
                .codes
                .get(k)
                .and_then(|c| self.report.per_code.get(c))
                .and_then(|b| b.per_document.as_ref())
                .map_or(0, |d| d.len()),
            AgreementView::Queue => self.queue.as_ref().map_or(0, |q| q.visible().len()),
        }
    }

    /// Moves the highlighted row by `d` (clamped).
    pub fn step(&mut self, d: isize) {
        let last = self.rows().saturating_sub(1) as isize;
        let clamp = |v: usize| (v as isize + d).clamp(0, last.max(0)) as usize;
        match self.view {
            AgreementView::Codes => self.code_row = clamp(self.code_row),
            AgreementView::Documents(_) => self.doc_row = clamp(self.doc_row),
            AgreementView::Queue => {
                if let Some(q) = &mut self.queue {
                    q.selected = clamp(q.selected);
                }
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        frame.render_widget(Clear, area);
        match self.view {
            AgreementView::Codes => self.draw_codes(frame, area),
            AgreementView::Documents(k) => self.draw_documents(frame, area, k),
            AgreementView::Queue => {
                if let Some(q) = &self.queue {
                    q.draw(frame, area);
                }
            }
        }
    }

    fn block_row<'a>(&self, name: &str, b: &'a Block, with_reason: bool) -> Row<'a> {
        let (word, color) = verdict(b.krippendorff_alpha);
        let verdict_text = if b.krippendorff_alpha.is_none() && with_reason {
            format!("n/a ({})", reason(b))
        } else {
            word.to_string()
        };
        let coded: i128 = b.agreement_histogram.iter().skip(1).sum();
        let mut cells = vec![
            Cell::from(one_line(name)),
            Cell::from(pct(b.percent_agreement)),
            Cell::from(num(b.fleiss_kappa)),
            Cell::from(num(b.krippendorff_alpha)).style(Style::new().fg(color)),
            Cell::from(verdict_text).style(Style::new().fg(color)),
            Cell::from(coded.to_string()),
        ];
        for p in &b.pairs {
            let k = p
                .nvivo_weighted_kappa
                .or(p.cohen_kappa_nvivo)
                .flatten()
                .or(p.cohen_kappa);
            cells.push(Cell::from(num(k)));
        }
        Row::new(cells)
    }

    fn header(&self, first: &str) -> (Row<'static>, Vec<Constraint>) {
        let mut h = vec![
            first.to_string(),
            "agree".into(),
            "fleiss κ".into(),
            "α".into(),
            "verdict".into(),
            "coded".into(),
        ];
        let mut w = vec![
            Constraint::Min(16),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Length(24),
            Constraint::Length(8),
        ];
        for p in &self.report.overall.pooled.pairs {
            let a: String = p.coders.first().chars().take(4).collect();
            let b: String = p.coders.second().chars().take(4).collect();
            h.push(format!("κ {a}×{b}"));
            w.push(Constraint::Length(12));
        }
        (Row::new(h).style(theme::dim()), w)
    }

    fn frame_block(&self, title: String) -> Frame_<'static> {
        Frame_::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(title, theme::title()))
    }

    fn draw_codes(&self, frame: &mut Frame<'_>, area: Rect) {
        let r = &self.report;
        let block = self.frame_block(format!(
            " Agreement · {} · {} units per code ",
            one_line(&r.coders.join(", ")),
            r.n_units
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [table_area, foot] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
        let (header, widths) = self.header("code");
        let rows: Vec<Row<'_>> = r
            .codes
            .iter()
            .filter_map(|c| r.per_code.get(c).map(|b| self.block_row(c, b, true)))
            .collect();
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
        let mut state = TableState::default().with_selected(Some(self.code_row));
        frame.render_stateful_widget(table, table_area, &mut state);
        let mm = &r.overall.macro_mean;
        let pooled = &r.overall.pooled;
        let (pw, pc) = verdict(pooled.krippendorff_alpha);
        let lines = vec![
            Line::from(vec![
                Span::styled("pooled  ", theme::title()),
                Span::raw(format!(
                    "agree {}  fleiss {}  ",
                    pct(pooled.percent_agreement),
                    num(pooled.fleiss_kappa)
                )),
                Span::styled(
                    format!("α {} {pw}", num(pooled.krippendorff_alpha)),
                    Style::new().fg(pc),
                ),
                Span::styled(
                    format!(
                        "   macro mean  agree {} ({} codes)  α {} ({} codes)",
                        pct(mm.percent_agreement),
                        mm.defined_counts.percent_agreement,
                        num(mm.krippendorff_alpha),
                        mm.defined_counts.krippendorff_alpha
                    ),
                    theme::dim(),
                ),
            ]),
            Line::from(Span::styled(
                " Enter per document · d disagreements · Esc back · α ≥ 0.800 good, ≥ 0.667 tentative",
                theme::dim(),
            )),
        ];
        frame.render_widget(Paragraph::new(lines), foot);
    }

    fn draw_documents(&self, frame: &mut Frame<'_>, area: Rect, k: usize) {
        let Some(code) = self.report.codes.get(k) else {
            return;
        };
        let Some(b) = self.report.per_code.get(code) else {
            return;
        };
        let block = self.frame_block(format!(" Agreement · {} · per document ", one_line(code)));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [table_area, foot] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        let (header, widths) = self.header("document");
        let rows: Vec<Row<'_>> = b
            .per_document
            .iter()
            .flatten()
            .map(|(name, d)| self.block_row(name, d, true))
            .collect();
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
        let mut state = TableState::default().with_selected(Some(self.doc_row));
        frame.render_stateful_widget(table, table_area, &mut state);
        frame.render_widget(
            Line::from(Span::styled(
                " pairs: NVivo's per-document kappa · d this code's disagreements · Esc back",
                theme::dim(),
            )),
            foot,
        );
    }
}

impl QueueState {
    /// Indices into `queue.disagreements` shown (all, or one code's).
    pub fn visible(&self) -> Vec<usize> {
        self.queue
            .disagreements
            .iter()
            .enumerate()
            .filter(|(_, d)| self.code.as_ref().is_none_or(|c| *c == d.code_path))
            .map(|(i, _)| i)
            .collect()
    }

    /// The highlighted disagreement's index in `queue.disagreements`.
    pub fn current(&self) -> Option<usize> {
        self.visible().get(self.selected).copied()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let vis = self.visible();
        let settled = vis
            .iter()
            .filter(|&&i| self.queue.disagreements[i].settled)
            .count();
        let title = format!(
            " Disagreements{} · {} of {} settled ",
            self.code
                .as_ref()
                .map(|c| format!(" · {}", one_line(c)))
                .unwrap_or_default(),
            settled,
            vis.len()
        );
        let block = Frame_::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(i) = self.current() else {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from("No disagreements: the coders coded the same passages."),
                    Line::from(Span::styled(
                        " a: copy every agreed passage into consensus · Esc back",
                        theme::dim(),
                    )),
                ]),
                inner,
            );
            return;
        };
        let d = &self.queue.disagreements[i];
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(2),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(
                        format!("{} of {}  ", self.selected + 1, vis.len()),
                        theme::title(),
                    ),
                    Span::raw(format!(
                        "{} · {} · chars {}–{}",
                        one_line(&d.code_path),
                        one_line(&d.document_name),
                        d.range.start,
                        d.range.end
                    )),
                    Span::styled(
                        if d.settled { "  ✓ settled" } else { "  open" },
                        Style::new().fg(if d.settled {
                            Color::Green
                        } else {
                            Color::Yellow
                        }),
                    ),
                ]),
                Line::from(""),
            ]),
            head,
        );
        let m = self.queue.coders.len().max(1);
        let cols = Layout::horizontal(vec![Constraint::Ratio(1, m as u32); m]).split(body);
        let text = self.texts.get(&d.document).map_or("", String::as_str);
        let len = text.chars().count();
        let ctx = CharRange::new(
            d.range.start.saturating_sub(CONTEXT),
            (d.range.end + CONTEXT).min(len),
        );
        for (c, area) in cols.iter().enumerate() {
            let name = self.queue.coders.get(c).map_or("", String::as_str);
            let block = Frame_::default()
                .borders(Borders::ALL)
                .border_style(theme::border(false))
                .title(Span::styled(
                    format!(" {} {} ", c + 1, one_line(name)),
                    theme::title(),
                ));
            let mut spans = Vec::new();
            let mut pos = ctx.start;
            let coded = d.per_coder.get(c).cloned().unwrap_or_default();
            let hl = Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD);
            let passage = Style::new().add_modifier(Modifier::UNDERLINED);
            for r in coded
                .iter()
                .copied()
                .chain(std::iter::once(CharRange::new(ctx.end, ctx.end)))
            {
                let r = CharRange::new(r.start.min(ctx.end), r.end.min(ctx.end));
                if r.start > pos {
                    push_text(&mut spans, text, pos, r.start, d.range, passage);
                }
                if r.end > r.start {
                    spans.push(Span::styled(one_line(char_slice(text, r)), hl));
                }
                pos = pos.max(r.end);
            }
            frame.render_widget(
                Paragraph::new(Line::from(spans))
                    .wrap(Wrap { trim: false })
                    .block(block),
                *area,
            );
        }
        frame.render_widget(
            Paragraph::new(vec![Line::from(Span::styled(
                " 1-9 keep that coder's version · o union · i intersection · n none · a accept agreed passages · j/k move · Space next open · u undo · Esc back",
                theme::dim(),
            ))])
            .wrap(Wrap { trim: true }),
            foot,
        );
    }
}

/// Uncoded text from `a` to `b`: dim outside the passage, underlined inside.
fn push_text(
    spans: &mut Vec<Span<'static>>,
    text: &str,
    a: usize,
    b: usize,
    passage: CharRange,
    inside: Style,
) {
    let cuts = [a, passage.start.clamp(a, b), passage.end.clamp(a, b), b];
    for w in cuts.windows(2) {
        if w[1] > w[0] {
            let style = if w[0] >= passage.start && w[1] <= passage.end {
                inside
            } else {
                theme::dim()
            };
            spans.push(Span::styled(
                one_line(char_slice(text, CharRange::new(w[0], w[1]))),
                style,
            ));
        }
    }
}
