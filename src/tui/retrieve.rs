//! The retrieve view: every excerpt coded with a code (and optionally its
//! sub-codes), with document, speaker, time and a little context.

use super::theme;
use crate::core::sanitize::one_line;
use crate::core::time::format_time;
use crate::core::CodeId;
use crate::ops::excerpts::Excerpt;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub struct RetrieveState {
    pub code: CodeId,
    pub title: String,
    pub with_subcodes: bool,
    pub excerpts: Vec<Excerpt>,
    pub selected: usize,
    /// The passages behind a cell of the analysis screen (`title` names
    /// the cell): a fixed list, and `Esc` goes back to the table.
    pub from_analysis: bool,
}

impl RetrieveState {
    pub fn step(&mut self, d: isize) {
        if self.excerpts.is_empty() {
            return;
        }
        let last = self.excerpts.len() as isize - 1;
        self.selected = (self.selected as isize + d).clamp(0, last) as usize;
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, color: ratatui::style::Color) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(
                format!(
                    " {} · {}{} ",
                    one_line(&self.title),
                    crate::core::plural::count(self.excerpts.len(), "excerpt"),
                    if self.with_subcodes {
                        " · with sub-codes"
                    } else {
                        ""
                    }
                ),
                theme::title(),
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.excerpts.is_empty() {
            let empty = if self.from_analysis {
                "No passage is behind this cell."
            } else {
                "No passage is coded with this code yet."
            };
            frame.render_widget(Line::from(empty), inner);
            return;
        }
        // Each excerpt takes a header line, its text (up to 3 rows) and a gap.
        let per = 5usize;
        let rows = usize::from(inner.height) / per;
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        let mut y = inner.y;
        for (i, e) in self.excerpts.iter().enumerate().skip(first) {
            if y + 2 > inner.bottom() {
                break;
            }
            let head = vec![
                Span::styled(
                    if i == self.selected { "▶ " } else { "  " },
                    theme::help_key(),
                ),
                Span::styled(one_line(&e.passage.document), theme::title()),
                Span::styled(
                    format!(
                        "  {}{}  {}  by {}",
                        e.speaker.as_deref().map(one_line).unwrap_or_default(),
                        e.time_ms
                            .map(|t| format!(" · {}", format_time(t)))
                            .unwrap_or_default(),
                        one_line(&e.passage.code_path),
                        one_line(&e.passage.coding.coder)
                    ),
                    theme::dim(),
                ),
            ];
            let mut head_line = Line::from(head);
            if i == self.selected {
                head_line = head_line.style(Style::new().add_modifier(Modifier::REVERSED));
            }
            frame.render_widget(head_line, Rect::new(inner.x, y, inner.width, 1));
            let body = Line::from(vec![
                Span::styled(format!("…{}", one_line(&e.before)), theme::dim()),
                Span::styled(
                    one_line(&e.passage.text),
                    Style::new().fg(color).add_modifier(Modifier::BOLD),
                ),
                Span::styled(format!("{}…", one_line(&e.after)), theme::dim()),
            ]);
            let h = 3.min(inner.bottom() - (y + 1));
            frame.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: true }),
                Rect::new(inner.x + 2, y + 1, inner.width.saturating_sub(2), h),
            );
            y += per as u16;
        }
    }
}
