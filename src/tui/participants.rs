//! The participant list of one document (`P`): its speakers in order of
//! first turn, how many turns each speaks, and their attributes, one
//! column per key any of them has ("(none)" where one lacks it). The
//! highlighted cell says what `n` (rename), `a` (set) and `x` (remove)
//! act on (`participants/update.rs`, the screen's update); `app/documents.rs`
//! carries those out. No SQL: reads through `ops`. Names and values come from files and users:
//! they are drawn through `sanitize`.

mod update;

pub use update::open;

use super::theme;
use crate::core::sanitize::one_line;
use crate::core::DocumentId;
use crate::ops;
use crate::ops::participants::Speaker;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState};
use ratatui::Frame;

/// Written where a participant has no value for a column's key.
pub const NONE: &str = "(none)";

pub struct ParticipantsState {
    pub doc: DocumentId,
    pub doc_name: String,
    pub speakers: Vec<Speaker>,
    /// Every attribute key of the document's participants, sorted.
    pub keys: Vec<String>,
    /// The highlighted participant.
    pub selected: usize,
    /// The highlighted attribute column (index into `keys`).
    pub column: usize,
}

impl ParticipantsState {
    pub fn load(store: &ops::Store, doc: &DocumentId) -> ops::Result<ParticipantsState> {
        let mut s = ParticipantsState {
            doc: doc.clone(),
            doc_name: String::new(),
            speakers: Vec::new(),
            keys: Vec::new(),
            selected: 0,
            column: 0,
        };
        s.reload(store)?;
        Ok(s)
    }

    /// Reads the list again (after a change or an undo), keeping the
    /// highlighted participant and column where they still exist.
    pub fn reload(&mut self, store: &ops::Store) -> ops::Result<()> {
        let keep = self.speaker().map(|s| s.participant.id);
        let key = self.key().map(str::to_string);
        self.doc_name = ops::documents::load_name(store, &self.doc)?;
        self.speakers = ops::participants::speakers(store, &self.doc)?;
        let mut keys: Vec<String> = self
            .speakers
            .iter()
            .flat_map(|s| s.participant.attributes.keys().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        self.keys = keys;
        self.selected = keep
            .and_then(|id| self.speakers.iter().position(|s| s.participant.id == id))
            .unwrap_or(self.selected)
            .min(self.speakers.len().saturating_sub(1));
        self.column = key
            .and_then(|k| self.keys.iter().position(|x| *x == k))
            .unwrap_or(self.column)
            .min(self.keys.len().saturating_sub(1));
        Ok(())
    }

    pub fn speaker(&self) -> Option<&Speaker> {
        self.speakers.get(self.selected)
    }

    /// The key of the highlighted column, if there is any column.
    pub fn key(&self) -> Option<&str> {
        self.keys.get(self.column).map(String::as_str)
    }

    /// The highlighted cell's value.
    pub fn value(&self) -> Option<&str> {
        let key = self.key()?;
        self.speaker()?
            .participant
            .attributes
            .get(key)
            .map(String::as_str)
    }

    pub fn step(&mut self, delta: isize) {
        let last = self.speakers.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    pub fn step_column(&mut self, delta: isize) {
        let last = self.keys.len().saturating_sub(1) as isize;
        self.column = (self.column as isize + delta).clamp(0, last) as usize;
    }

    /// Draws the list as a popup over `area`.
    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let w = area.width.saturating_sub(8).clamp(20, 120);
        let h = (self.speakers.len() as u16 + 6).clamp(7, area.height.saturating_sub(4).max(7));
        let popup = super::dialog::centered(area, w, h);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(
                format!(
                    " Participants · {} · {} ",
                    one_line(&self.doc_name),
                    crate::core::plural::count(self.speakers.len(), "speaker")
                ),
                theme::title(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        if inner.height < 2 {
            return;
        }
        let table_area = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
        let hint = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
        if self.speakers.is_empty() {
            frame.render_widget(
                Paragraph::new("This document has no speakers (no turns with a label)."),
                table_area,
            );
        } else {
            self.draw_table(frame, table_area);
        }
        frame.render_widget(
            Line::from(Span::styled(
                "n rename speaker · a set key=value · x remove value · h/l column · u undo · Esc close",
                theme::dim(),
            )),
            hint,
        );
    }

    fn draw_table(&self, frame: &mut Frame<'_>, area: Rect) {
        let mut header = vec![Cell::from("speaker"), Cell::from("turns")];
        header.extend(self.keys.iter().map(|k| Cell::from(one_line(k))));
        let cell_style = |row: usize, col: usize| {
            if row == self.selected && col == self.column {
                // Reversed inside the highlighted row: the cell `a`, `x` act on.
                theme::cursor().add_modifier(Modifier::UNDERLINED)
            } else {
                Style::new()
            }
        };
        let rows = self.speakers.iter().enumerate().map(|(i, s)| {
            let mut cells = vec![
                Cell::from(one_line(&s.participant.name)),
                Cell::from(s.turns.to_string()),
            ];
            for (j, k) in self.keys.iter().enumerate() {
                let cell = match s.participant.attributes.get(k) {
                    Some(v) => Cell::from(one_line(v)),
                    None => Cell::from(Span::styled(NONE, theme::dim())),
                };
                cells.push(cell.style(cell_style(i, j)));
            }
            Row::new(cells)
        });
        let name_w = self
            .speakers
            .iter()
            .map(|s| one_line(&s.participant.name).chars().count())
            .max()
            .unwrap_or(0)
            .clamp(7, 30);
        let mut widths = vec![Constraint::Length(name_w as u16), Constraint::Length(5)];
        widths.extend(self.keys.iter().map(|k| {
            let longest = self
                .speakers
                .iter()
                .filter_map(|s| s.participant.attributes.get(k))
                .map(|v| one_line(v).chars().count())
                .chain([one_line(k).chars().count(), NONE.len()])
                .max()
                .unwrap_or(6);
            Constraint::Length(longest.min(30) as u16)
        }));
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(theme::dim()))
            .column_spacing(2)
            .flex(ratatui::layout::Flex::Start)
            .row_highlight_style(theme::selected_row());
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, area, &mut state);
    }
}
