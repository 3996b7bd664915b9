//! The help screen, built from the keymap (every binding, by section) and
//! the codebook's shortcut keys. Flows into as many columns as fit and
//! scrolls when it is still too long.

use super::app::App;
use super::keymap::Group;
use super::theme;
use crate::core::sanitize::one_line;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

const COLUMN_WIDTH: u16 = 48;
const KEY_WIDTH: usize = 14;

/// All help lines, section by section.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    for group in Group::ALL {
        let entries: Vec<_> = app
            .keymap
            .entries(group.context())
            .into_iter()
            .filter(|(cmd, _)| cmd.group(group.context()) == group)
            .collect();
        if entries.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::from(""));
        }
        out.push(Line::from(Span::styled(group.title(), theme::title())));
        for (cmd, keys) in entries {
            let keys: Vec<String> = keys.into_iter().take(2).collect();
            out.push(Line::from(vec![
                Span::styled(
                    format!(" {:<KEY_WIDTH$}", keys.join(" ")),
                    theme::help_key(),
                ),
                Span::raw(cmd.description()),
            ]));
        }
    }
    let shortcuts: Vec<_> = app
        .codebook
        .codes
        .iter()
        .filter(|c| c.shortcut.is_some())
        .collect();
    if !shortcuts.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(Span::styled(
            "Code shortcuts (on a selection)",
            theme::title(),
        )));
        for c in shortcuts {
            out.push(Line::from(vec![
                Span::styled(
                    format!(" {:<KEY_WIDTH$}", c.shortcut.as_deref().unwrap_or("")),
                    theme::help_key(),
                ),
                Span::styled("■ ", Style::new().fg(app.codebook.color(&c.id))),
                Span::raw(one_line(&c.name)),
            ]));
        }
    }
    out
}

pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let all = lines(app);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Span::styled(
            " Gloss — keys · j/k scroll · any other key closes ",
            theme::title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let cols = (inner.width / COLUMN_WIDTH).max(1);
    let rows = usize::from(inner.height);
    let per_page = rows * usize::from(cols);
    let max_scroll = all.len().saturating_sub(per_page);
    let first = app.help_scroll.min(max_scroll);
    let visible: Vec<Line<'static>> = all.into_iter().skip(first).collect();
    for (c, chunk) in visible
        .chunks(rows.max(1))
        .take(usize::from(cols))
        .enumerate()
    {
        let x = inner.x + c as u16 * COLUMN_WIDTH;
        let w = COLUMN_WIDTH.min(inner.right().saturating_sub(x));
        frame.render_widget(
            Paragraph::new(chunk.to_vec()),
            Rect::new(x, inner.y, w, inner.height),
        );
    }
}
