//! Modal dialogs: a code picker that filters as you type, a one-line input,
//! a multi-line memo editor (dialog/text_area.rs), the colour dialog
//! (dialog/color.rs) and a yes/no confirmation. Each reads its own
//! keys and says what happened; `app` decides what it means.

use super::theme;
use crate::core::sanitize::one_line;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

mod color;
mod text_area;
pub use color::ColorInput;
pub use text_area::TextArea;

/// What a key did to a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Still open.
    Continue,
    Cancel,
    /// Picked item `index` (into the picker's items), or entered text.
    Submit,
}

/// One line of text being typed.
#[derive(Debug, Clone, Default)]
pub struct TextInput {
    pub value: Vec<char>,
    pub cursor: usize,
}

impl TextInput {
    pub fn with(value: &str) -> Self {
        let value: Vec<char> = value.chars().collect();
        TextInput {
            cursor: value.len(),
            value,
        }
    }

    pub fn text(&self) -> String {
        self.value.iter().collect()
    }

    /// Applies an editing key; returns false when the key is not an edit.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.value.drain(..self.cursor);
                self.cursor = 0;
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.value.insert(self.cursor, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.value.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.value.len() => {
                self.value.remove(self.cursor);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.len(),
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }

    /// The input as a line with its cursor shown.
    pub fn line(&self) -> Line<'static> {
        let before: String = self.value[..self.cursor].iter().collect();
        let at: String = self
            .value
            .get(self.cursor)
            .map_or(" ".into(), |c| c.to_string());
        let after: String = self
            .value
            .get(self.cursor + 1..)
            .map_or(String::new(), |r| r.iter().collect());
        Line::from(vec![
            Span::raw(one_line(&before)),
            Span::styled(one_line(&at), Style::new().add_modifier(Modifier::REVERSED)),
            Span::raw(one_line(&after)),
        ])
    }
}

/// An item of a picker.
#[derive(Debug, Clone)]
pub struct PickItem {
    /// What is matched and shown (e.g. a code's path).
    pub label: String,
    /// Shown dimmed after the label (shortcut, count, coder…).
    pub detail: String,
    pub color: Option<Color>,
}

/// A list that filters as you type.
#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub items: Vec<PickItem>,
    pub query: TextInput,
    /// Whether typing filters (false: a plain chooser).
    pub filterable: bool,
    /// Indices of the items that match the query.
    pub matches: Vec<usize>,
    pub selected: usize,
    /// Each item's shortcut key, if it has one (codes): with an empty
    /// query that key picks the item at once.
    pub shortcuts: Vec<Option<char>>,
}

impl Picker {
    pub fn new(title: impl Into<String>, items: Vec<PickItem>, filterable: bool) -> Self {
        let mut p = Picker {
            title: title.into(),
            matches: (0..items.len()).collect(),
            items,
            query: TextInput::default(),
            filterable,
            selected: 0,
            shortcuts: Vec::new(),
        };
        p.refilter();
        p
    }

    /// The same picker whose items answer to shortcut keys (one per item).
    pub fn with_shortcuts(mut self, shortcuts: Vec<Option<char>>) -> Self {
        self.shortcuts = shortcuts;
        self.refilter();
        self
    }

    /// The item whose shortcut is `c`.
    fn by_shortcut(&self, c: char) -> Option<usize> {
        self.shortcuts.iter().position(|s| *s == Some(c))
    }

    fn refilter(&mut self) {
        let q = self.query.text().to_lowercase();
        let words: Vec<&str> = q.split_whitespace().collect();
        self.matches = (0..self.items.len())
            .filter(|&i| {
                let label = self.items[i].label.to_lowercase();
                words.iter().all(|w| label.contains(w))
            })
            .collect();
        // A query that is exactly a shortcut key (a letter, which also
        // filters) puts that item first, so Enter picks it.
        let mut chars = q.trim().chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if let Some(i) = self.by_shortcut(c) {
                self.matches.retain(|&m| m != i);
                self.matches.insert(0, i);
                self.selected = 0;
            }
        }
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    /// The item chosen, as an index into `items`.
    pub fn chosen(&self) -> Option<usize> {
        self.matches.get(self.selected).copied()
    }

    pub fn key(&mut self, key: &KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // Before anything is typed, a shortcut key that is not a letter
        // picks its item (letters start a filter: see `refilter`).
        if let KeyCode::Char(c) = key.code {
            let fresh = self.query.value.is_empty() && (!c.is_alphabetic() || !self.filterable);
            if let Some(i) = self.by_shortcut(c).filter(|_| fresh && !ctrl) {
                if let Some(n) = self.matches.iter().position(|&m| m == i) {
                    self.selected = n;
                    return Outcome::Submit;
                }
            }
        }
        match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => {
                return if self.chosen().is_some() {
                    Outcome::Submit
                } else {
                    Outcome::Continue
                }
            }
            KeyCode::Down | KeyCode::Tab => self.step(1),
            KeyCode::Char('n') if ctrl => self.step(1),
            KeyCode::Up | KeyCode::BackTab => self.step(-1),
            KeyCode::Char('p') if ctrl => self.step(-1),
            KeyCode::PageDown => self.step(10),
            KeyCode::PageUp => self.step(-10),
            KeyCode::Char('j') if !self.filterable => self.step(1),
            KeyCode::Char('k') if !self.filterable => self.step(-1),
            _ if self.filterable && self.query.edit(key) => self.refilter(),
            _ => {}
        }
        Outcome::Continue
    }

    fn step(&mut self, d: isize) {
        if self.matches.is_empty() {
            return;
        }
        let last = self.matches.len() as isize - 1;
        self.selected = (self.selected as isize + d).clamp(0, last) as usize;
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let h = (self.items.len() as u16 + 4).clamp(6, area.height.saturating_sub(2).max(6));
        let w = 70.min(area.width);
        let popup = centered(area, w, h);
        let block = dialog_block(&self.title);
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let [q, list] = Layout::vertical([
            Constraint::Length(if self.filterable { 1 } else { 0 }),
            Constraint::Min(1),
        ])
        .areas(inner);
        if self.filterable {
            let mut line = vec![Span::styled("filter: ", theme::dim())];
            line.extend(self.query.line().spans);
            if self.query.value.is_empty() && self.shortcuts.iter().any(Option::is_some) {
                line.push(Span::styled(
                    "  type to filter · a code's [key] picks it",
                    theme::dim(),
                ));
            }
            frame.render_widget(Line::from(line), q);
        }
        let rows = usize::from(list.height);
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        let mut lines = Vec::new();
        for (n, &i) in self.matches.iter().enumerate().skip(first).take(rows) {
            let it = &self.items[i];
            let mut spans = vec![
                Span::styled("■ ", Style::new().fg(it.color.unwrap_or(Color::Gray))),
                Span::raw(one_line(&it.label)),
            ];
            if !it.detail.is_empty() {
                spans.push(Span::styled(
                    format!("  {}", one_line(&it.detail)),
                    theme::dim(),
                ));
            }
            let mut line = Line::from(spans);
            if n == self.selected {
                line = line.style(theme::selected_row());
            }
            lines.push(line);
        }
        if self.matches.is_empty() {
            lines.push(Line::from(Span::styled("no match", theme::dim())));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }
}

/// Draws a one-line input dialog.
pub fn draw_input(frame: &mut Frame<'_>, area: Rect, title: &str, input: &TextInput, hint: &str) {
    let popup = centered(area, 64.min(area.width), 5);
    let block = dialog_block(title);
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [line, help] =
        Layout::vertical([Constraint::Length(2), Constraint::Length(1)]).areas(inner);
    frame.render_widget(input.line(), line);
    frame.render_widget(
        Line::from(Span::styled(hint.to_string(), theme::dim())),
        help,
    );
}

/// Draws a yes/no question.
pub fn draw_confirm(frame: &mut Frame<'_>, area: Rect, message: &str) {
    let popup = centered(area, 64.min(area.width), 6);
    let block = dialog_block(" Confirm ");
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(one_line(message)),
            Line::from(""),
            Line::from(Span::styled("y confirm · n or Esc cancel", theme::dim())),
        ])
        .wrap(Wrap { trim: false }),
        inner,
    );
}

pub(crate) fn dialog_block(title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Span::styled(
            format!(" {} ", one_line(title.trim())),
            theme::title(),
        ))
}

pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 3,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn picker_filters_as_you_type() {
        let items = [
            "Women's security/Physical security",
            "Schooling/School fees",
            "Child labour",
        ]
        .iter()
        .map(|l| PickItem {
            label: l.to_string(),
            detail: String::new(),
            color: None,
        })
        .collect();
        let mut p = Picker::new("Code", items, true);
        for c in "fees".chars() {
            p.key(&key(KeyCode::Char(c)));
        }
        assert_eq!(p.matches, vec![1]);
        assert_eq!(p.key(&key(KeyCode::Enter)), Outcome::Submit);
        assert_eq!(p.chosen(), Some(1));
        p.key(&key(KeyCode::Backspace));
        p.key(&key(KeyCode::Backspace));
        p.key(&key(KeyCode::Backspace));
        p.key(&key(KeyCode::Backspace));
        assert_eq!(p.matches.len(), 3);
    }

    #[test]
    fn text_area_edits_lines() {
        let mut t = TextArea::new("memo", "ab");
        t.key(&key(KeyCode::Enter));
        for c in "cé".chars() {
            t.key(&key(KeyCode::Char(c)));
        }
        assert_eq!(t.text(), "ab\ncé");
        t.key(&key(KeyCode::Home));
        t.key(&key(KeyCode::Backspace));
        assert_eq!(t.text(), "abcé");
        assert_eq!(
            t.key(&KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Outcome::Submit
        );
    }
}
