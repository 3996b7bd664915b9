//! The codebook pane: the code tree with colours, shortcuts and counts of
//! codings, and the definition of the highlighted code.

use super::theme;
use crate::core::codebook::Codebook;
use crate::core::sanitize::one_line;
use crate::core::{Code, CodeId};
use crate::ops;
use crate::ops::Store;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct CodebookPane {
    /// The codes in tree order (parents before children).
    pub book: Codebook,
    pub counts: HashMap<CodeId, usize>,
    /// Each code's count with its sub-codes', in the book's order.
    totals: Vec<usize>,
    pub colors: HashMap<CodeId, Color>,
    pub selected: usize,
}

impl CodebookPane {
    pub fn load(store: &Store) -> ops::Result<CodebookPane> {
        let mut pane = CodebookPane::default();
        pane.reload(store)?;
        Ok(pane)
    }

    /// Re-reads the codebook and counts, keeping the highlighted code.
    pub fn reload(&mut self, store: &Store) -> ops::Result<()> {
        let keep = self.selected_code().map(|c| c.id.clone());
        self.book = ops::codebook::load(store)?;
        self.counts = ops::coding::counts_by_code(store)?;
        let own: Vec<usize> = self
            .codes()
            .iter()
            .map(|c| self.counts.get(&c.id).copied().unwrap_or(0))
            .collect();
        self.totals = self.book.totals(&own);
        self.colors = self
            .codes()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), theme::code_color(c.color.as_deref(), i)))
            .collect();
        if let Some(id) = keep {
            if let Some(i) = self.book.position(&id) {
                self.selected = i;
            }
        }
        self.selected = self.selected.min(self.book.len().saturating_sub(1));
        Ok(())
    }

    /// The codes in tree order (parents before children).
    pub fn codes(&self) -> &[Code] {
        self.book.codes()
    }

    pub fn selected_code(&self) -> Option<&Code> {
        self.codes().get(self.selected)
    }

    pub fn select_id(&mut self, id: &CodeId) {
        if let Some(i) = self.book.position(id) {
            self.selected = i;
        }
    }

    pub fn name(&self, id: &CodeId) -> String {
        self.book
            .get(id)
            .map_or_else(|| "(deleted code)".into(), |c| c.name.clone())
    }

    pub fn color(&self, id: &CodeId) -> Color {
        self.colors.get(id).copied().unwrap_or(Color::Gray)
    }

    /// The code whose shortcut is `c`.
    pub fn by_shortcut(&self, c: char) -> Option<&Code> {
        self.book.by_shortcut(c)
    }

    pub fn step(&mut self, d: isize) {
        if self.book.is_empty() {
            return;
        }
        let last = self.book.len() as isize - 1;
        self.selected = (self.selected as isize + d).clamp(0, last) as usize;
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect, focused: bool) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::border(focused))
            .title(Span::styled(
                format!(
                    " Codebook · {} ",
                    crate::core::plural::count(self.book.len(), "code")
                ),
                theme::title(),
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.book.is_empty() {
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from("No codes yet."),
                    Line::from(""),
                    Line::from("a  add a code here, or from a shell:"),
                    Line::from("gloss codebook import PROJECT FILE.yaml"),
                ])
                .wrap(Wrap { trim: false }),
                inner,
            );
            return;
        }
        let detail_h = if inner.height > 16 { 7 } else { 0 };
        let [list, detail] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(detail_h)]).areas(inner);
        let rows = usize::from(list.height);
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        let width = usize::from(list.width);
        let mut lines = Vec::new();
        for i in (first..self.book.len()).take(rows) {
            let c = &self.codes()[i];
            let own = self.counts.get(&c.id).copied().unwrap_or(0);
            let total = self.totals[i];
            let count = if total != own {
                format!("{own} ({total})")
            } else {
                own.to_string()
            };
            let short = c
                .shortcut
                .as_deref()
                .map(|s| format!("[{s}] "))
                .unwrap_or_default();
            let indent = "  ".repeat(self.book.depth_at(i));
            let name = one_line(&c.name);
            let used = indent.chars().count() + 2 + short.chars().count() + count.len() + 1;
            let name: String = name.chars().take(width.saturating_sub(used)).collect();
            let pad = width.saturating_sub(used + name.chars().count()).max(1);
            let mut line = Line::from(vec![
                Span::raw(indent),
                Span::styled("■ ", Style::new().fg(self.color(&c.id))),
                Span::styled(short, theme::help_key()),
                Span::raw(name),
                Span::raw(" ".repeat(pad)),
                Span::styled(count, theme::dim()),
            ]);
            if i == self.selected {
                line = line.style(if focused {
                    theme::selected_row()
                } else {
                    theme::selected_unfocused()
                });
            }
            lines.push(line);
        }
        frame.render_widget(Paragraph::new(lines), list);
        if detail_h > 0 {
            if let Some(c) = self.selected_code() {
                let mut d = vec![Line::from(Span::styled(
                    one_line(self.book.path(&c.id).unwrap_or(&c.name)),
                    theme::title(),
                ))];
                for (label, text) in [
                    ("Definition", &c.definition),
                    ("Use when", &c.when_to_use),
                    ("Not when", &c.when_not_to_use),
                ] {
                    if !text.is_empty() {
                        d.push(Line::from(vec![
                            Span::styled(format!("{label}: "), theme::dim()),
                            Span::raw(one_line(text)),
                        ]));
                    }
                }
                frame.render_widget(Paragraph::new(d).wrap(Wrap { trim: true }), detail);
            }
        }
    }
}
