//! Modal dialogs: a code picker that filters as you type, a one-line input,
//! a multi-line memo editor and a yes/no confirmation. Each reads its own
//! keys and says what happened; `app` decides what it means.

use super::theme;
use crate::core::codebook::{parse_color, PALETTE};
use crate::core::sanitize::one_line;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::cell::Cell;

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
            let starts: Vec<usize> = super::wrap::wrap(&s, width).iter().map(|r| r.1).collect();
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
            for g in super::wrap::glyphs(&s, 0, 0) {
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

/// A code's colour: typed (`#rrggbb`, `#rgb` or a name) or chosen from the
/// palette with Tab / arrows. A value that is not a colour stays typed, with
/// the error under it.
#[derive(Debug, Clone)]
pub struct ColorInput {
    pub title: String,
    pub input: TextInput,
    /// Colours the code's siblings use (marked in the palette).
    pub taken: Vec<String>,
    pub error: Option<String>,
}

impl ColorInput {
    pub fn new(title: impl Into<String>, value: Option<&str>, taken: Vec<String>) -> Self {
        ColorInput {
            title: title.into(),
            input: TextInput::with(value.unwrap_or("")),
            taken,
            error: None,
        }
    }

    /// The palette entry the typed value is, if it is one.
    fn current(&self) -> Option<usize> {
        let v = parse_color(&self.input.text())?;
        PALETTE.iter().position(|(hex, _)| *hex == v)
    }

    /// The colour entered: `None` for no colour, or what is wrong.
    pub fn value(&self) -> Result<Option<String>, String> {
        let text = self.input.text();
        match text.trim() {
            "" | "#" => Ok(None),
            s => parse_color(s).map(Some).ok_or_else(|| {
                format!(
                    "{:?} is not a colour: #rrggbb, #rgb or a name such as teal",
                    one_line(s)
                )
            }),
        }
    }

    pub fn key(&mut self, key: &KeyEvent) -> Outcome {
        let step = match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            KeyCode::Tab | KeyCode::Down => 1,
            KeyCode::BackTab | KeyCode::Up => -1,
            _ => {
                if self.input.edit(key) {
                    self.error = None;
                }
                return Outcome::Continue;
            }
        };
        let n = PALETTE.len() as isize;
        let next = match self.current() {
            Some(i) => (i as isize + step).rem_euclid(n),
            None if step > 0 => 0,
            None => n - 1,
        };
        self.input = TextInput::with(PALETTE[next as usize].0);
        self.error = None;
        Outcome::Continue
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let popup = centered(area, 64.min(area.width), 9);
        let block = dialog_block(&self.title);
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        let [line, palette, help, error] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(2),
        ])
        .areas(inner);
        let mut spans = self.input.line().spans;
        if let Some(c) = self
            .value()
            .ok()
            .flatten()
            .and_then(|h| theme::parse_hex(&h))
        {
            spans.push(Span::raw("  "));
            spans.push(Span::styled("████", Style::new().fg(c)));
        }
        frame.render_widget(Line::from(spans), line);
        let current = self.current();
        let mut swatches = Vec::new();
        for (i, (hex, _)) in PALETTE.iter().enumerate() {
            let c = theme::parse_hex(hex).unwrap_or(Color::Gray);
            let (open, close) = if current == Some(i) {
                ("[", "]")
            } else {
                (" ", " ")
            };
            swatches.push(Span::styled(open, theme::help_key()));
            let used = self.taken.iter().any(|t| t == hex);
            swatches.push(Span::styled(
                if used { "▒▒" } else { "██" },
                Style::new().fg(c),
            ));
            swatches.push(Span::styled(close, theme::help_key()));
        }
        if let Some(i) = current {
            swatches.push(Span::raw(format!(" {}", PALETTE[i].1)));
        }
        frame.render_widget(Line::from(swatches), palette);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(
                    "Tab/↑↓ palette (▒ used by a sibling) · Enter set · Esc cancel",
                    theme::dim(),
                )),
                Line::from(Span::styled(
                    "or type #rrggbb, #rgb or a name · empty for none",
                    theme::dim(),
                )),
            ]),
            help,
        );
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    one_line(e),
                    Style::new().fg(Color::LightRed),
                )))
                .wrap(Wrap { trim: true }),
                error,
            );
        }
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
