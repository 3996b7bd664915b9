//! The colour dialog: a palette to step through, or a typed `#rrggbb`,
//! `#rgb` or colour name, kept with what is wrong with it.

use super::{centered, dialog_block, Outcome, TextInput};
use crate::core::codebook::{parse_color, PALETTE};
use crate::core::sanitize::one_line;
use crate::tui::theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

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
