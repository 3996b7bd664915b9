//! The multi-line memo editor: wraps long lines at words, keeps the cursor
//! in view, asks before unsaved text is thrown away.

use super::{centered, dialog_block, Outcome};
use crate::tui::theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;
use std::cell::Cell;

/// A multi-line text being edited (memos, code descriptions). Long lines
/// wrap at words, the view follows the cursor, and `Esc` asks before it
/// throws away changes.
#[derive(Debug, Clone)]
pub struct TextArea {
    pub title: String,
    pub lines: Vec<Vec<char>>,
    pub row: usize,
    pub col: usize,
    /// The text the editor opened with (to know whether there are changes).
    original: String,
    /// `Esc` was pressed with changes: asking whether to discard them.
    pub confirm_discard: bool,
    /// Text width at the last draw (Up/Down move by wrapped rows).
    width: Cell<usize>,
    /// First wrapped row shown.
    top: Cell<usize>,
}

impl TextArea {
    pub fn new(title: impl Into<String>, text: &str) -> Self {
        let mut lines: Vec<Vec<char>> = text.split('\n').map(|l| l.chars().collect()).collect();
        if lines.is_empty() {
            lines.push(Vec::new());
        }
        let row = lines.len() - 1;
        let col = lines[row].len();
        TextArea {
            title: title.into(),
            lines,
            row,
            col,
            original: text.to_string(),
            confirm_discard: false,
            width: Cell::new(0),
            top: Cell::new(0),
        }
    }

    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether the text differs from what the editor opened with.
    pub fn changed(&self) -> bool {
        self.text() != self.original
    }

    /// Ctrl-S saves, Esc cancels (asking first when there are changes),
    /// everything else edits.
    pub fn key(&mut self, key: &KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.confirm_discard {
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => Outcome::Cancel,
                KeyCode::Char('s') if ctrl => Outcome::Submit,
                _ => {
                    self.confirm_discard = false;
                    Outcome::Continue
                }
            };
        }
        match key.code {
            KeyCode::Esc if self.changed() => self.confirm_discard = true,
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Char('s') if ctrl => return Outcome::Submit,
            KeyCode::Enter => {
                let rest = self.lines[self.row].split_off(self.col);
                self.row += 1;
                self.lines.insert(self.row, rest);
                self.col = 0;
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.lines[self.row].insert(self.col, c);
                self.col += 1;
            }
            KeyCode::Tab => {
                self.lines[self.row].insert(self.col, '\t');
                self.col += 1;
            }
            KeyCode::Backspace => {
                if self.col > 0 {
                    self.col -= 1;
                    self.lines[self.row].remove(self.col);
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = self.lines[self.row].len();
                    self.lines[self.row].extend(line);
                }
            }
            KeyCode::Delete => {
                if self.col < self.lines[self.row].len() {
                    self.lines[self.row].remove(self.col);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].extend(next);
                }
            }
            KeyCode::Left => {
                if self.col > 0 {
                    self.col -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = self.lines[self.row].len();
                }
            }
            KeyCode::Right => {
                if self.col < self.lines[self.row].len() {
                    self.col += 1;
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
            }
            KeyCode::Up => self.move_rows(-1),
            KeyCode::Down => self.move_rows(1),
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = self.lines[self.row].len(),
            _ => {}
        }
        Outcome::Continue
    }

    /// The wrapped rows of the whole text at `width`: (line, first char,
    /// end char) each.
    fn rows(&self, width: usize) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let s: String = l.iter().collect();
            let starts: Vec<usize> = crate::tui::wrap::wrap(&s, width)
                .iter()
                .map(|r| r.1)
                .collect();
            for (k, &a) in starts.iter().enumerate() {
                out.push((i, a, starts.get(k + 1).copied().unwrap_or(l.len())));
            }
        }
        out
    }

    /// The wrapped row holding the cursor.
    fn cursor_row(&self, rows: &[(usize, usize, usize)]) -> usize {
        rows.iter()
            .rposition(|&(l, a, _)| l == self.row && a <= self.col)
            .unwrap_or(0)
    }

    /// Up or down by wrapped rows, keeping the column within the row.
    fn move_rows(&mut self, d: isize) {
        let rows = self.rows(self.text_width());
        let here = self.cursor_row(&rows);
        let Some(&(_, a, _)) = rows.get(here) else {
            return;
        };
        let target = here as isize + d;
        if target < 0 || target >= rows.len() as isize {
            return;
        }
        let (line, start, end) = rows[target as usize];
        let last_of_line = rows.get(target as usize + 1).is_none_or(|r| r.0 != line);
        let max = if last_of_line {
            end
        } else {
            end.saturating_sub(1).max(start)
        };
        self.row = line;
        self.col = (start + (self.col - a)).min(max);
    }

    /// Columns the text wraps at (one is kept for the cursor at a row's end).
    fn text_width(&self) -> usize {
        match self.width.get() {
            0 => 72,
            w => w.saturating_sub(1).max(1),
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let w = 76.min(area.width);
        let h = 16.min(area.height);
        let popup = centered(area, w, h);
        let block = dialog_block(&self.title);
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let [body, help] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        self.width.set(usize::from(body.width));
        let rows = self.rows(self.text_width());
        let height = usize::from(body.height).max(1);
        let at = self.cursor_row(&rows);
        // Scroll only as far as needed to keep the cursor in view.
        let mut top = self.top.get().min(rows.len().saturating_sub(1));
        if at < top {
            top = at;
        } else if at >= top + height {
            top = at + 1 - height;
        }
        self.top.set(top);
        let mut lines = Vec::new();
        for (k, &(l, a, e)) in rows.iter().enumerate().skip(top).take(height) {
            let chars = &self.lines[l][a..e];
            let s: String = chars.iter().collect();
            let cursor = (k == at).then(|| self.col - a);
            let mut spans = Vec::new();
            let mut shown = false;
            for g in crate::tui::wrap::glyphs(&s, 0, 0) {
                let here = cursor.is_some_and(|c| c >= g.char_pos && c < g.char_pos + g.chars);
                if here {
                    shown = true;
                    spans.push(Span::styled(g.display.into_owned(), theme::cursor()));
                } else {
                    spans.push(Span::raw(g.display.into_owned()));
                }
            }
            if cursor.is_some() && !shown {
                spans.push(Span::styled(" ", theme::cursor()));
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), body);
        let hint = if self.confirm_discard {
            Line::from(Span::styled(
                "Discard your changes? y discard · n keep editing · Ctrl-S save",
                Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ))
        } else {
            Line::from(Span::styled(
                "Ctrl-S save · Esc cancel · Enter new line",
                theme::dim(),
            ))
        };
        frame.render_widget(hint, help);
    }
}
