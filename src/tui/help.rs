//! The help screen, built from the keymap (every binding, by section) and
//! the codebook's shortcut keys. Each column is as wide as its own keys and
//! descriptions, as many columns as fit are shown, spread over the width,
//! and the help scrolls when it is still too long.

use super::app::App;
use super::keymap::Group;
use super::theme;
use super::wrap::display_width;
use crate::core::sanitize::one_line;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// Key labels of one entry are joined up to this width.
const MAX_KEYS_WIDTH: usize = 17;
/// Keys wider than this do not widen their column's keys (their
/// description follows them instead of being aligned).
const ALIGN_KEYS_WIDTH: usize = 12;
/// Columns between keys and descriptions, and between columns.
const GAP: usize = 2;

/// One line of the help.
#[derive(Debug, Clone)]
pub enum HelpLine {
    Blank,
    Title(String),
    /// Keys, then the description (spans: a code's swatch and name).
    Entry(String, Vec<Span<'static>>),
}

impl HelpLine {
    fn keys_width(&self) -> usize {
        match self {
            HelpLine::Entry(k, _) => display_width(k),
            _ => 0,
        }
    }

    /// Width of the line without its keys (descriptions, titles).
    fn rest_width(&self) -> usize {
        match self {
            HelpLine::Blank => 0,
            HelpLine::Title(t) => display_width(t),
            HelpLine::Entry(_, d) => d.iter().map(|s| display_width(&s.content)).sum(),
        }
    }
}

/// The key labels of an entry, as many as fit in `MAX_KEYS_WIDTH`.
fn join_keys(keys: &[String]) -> String {
    // A run of digit keys reads as a range: `1…9`, `Alt-1…9`.
    let prefix = keys
        .first()
        .map_or("", |k| k.trim_end_matches(|c: char| c.is_ascii_digit()));
    let digits: Vec<u32> = keys
        .iter()
        .filter_map(|k| {
            k.strip_prefix(prefix)?
                .parse::<u32>()
                .ok()
                .filter(|d| *d < 10)
        })
        .collect();
    if keys.len() > 2 && digits.len() == keys.len() && digits.windows(2).all(|w| w[1] == w[0] + 1) {
        return format!("{prefix}{}…{}", digits[0], digits[digits.len() - 1]);
    }
    let mut out = String::new();
    for k in keys {
        let more = if out.is_empty() {
            k.clone()
        } else {
            format!("{out} {k}")
        };
        if !out.is_empty() && display_width(&more) > MAX_KEYS_WIDTH {
            break;
        }
        out = more;
    }
    out
}

/// All help lines, section by section.
pub fn lines(app: &App) -> Vec<HelpLine> {
    let mut out: Vec<HelpLine> = Vec::new();
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
            out.push(HelpLine::Blank);
        }
        out.push(HelpLine::Title(group.title().to_string()));
        for (cmd, keys) in entries {
            out.push(HelpLine::Entry(
                join_keys(&keys),
                vec![Span::raw(cmd.description())],
            ));
        }
    }
    let shortcuts: Vec<_> = app
        .codebook
        .codes()
        .iter()
        .filter(|c| c.shortcut.is_some())
        .collect();
    if !shortcuts.is_empty() {
        out.push(HelpLine::Blank);
        out.push(HelpLine::Title("Code shortcuts (on a selection)".into()));
        for c in shortcuts {
            out.push(HelpLine::Entry(
                one_line(c.shortcut.as_deref().unwrap_or("")),
                vec![
                    Span::styled("■ ", Style::new().fg(app.codebook.color(&c.id))),
                    Span::raw(one_line(&c.name)),
                ],
            ));
        }
    }
    out
}

/// One column of the help: which lines, where its descriptions align (the
/// widest keys up to `ALIGN_KEYS_WIDTH`), and how wide it is.
struct Column {
    from: usize,
    to: usize,
    keys: usize,
    width: usize,
}

/// Width of `line` in a column whose descriptions align at `keys`.
fn line_width(line: &HelpLine, keys: usize) -> usize {
    match line {
        HelpLine::Entry(..) => 1 + keys.max(line.keys_width()) + GAP + line.rest_width(),
        l => l.rest_width(),
    }
}

/// Lays out `all[first..]` in columns of at most `rows` lines that fit in
/// `width` cells. A column never ends on a section title or starts on a
/// blank line.
fn layout(all: &[HelpLine], first: usize, rows: usize, width: usize) -> Vec<Column> {
    let rows = rows.max(1);
    let mut cols: Vec<Column> = Vec::new();
    let mut used = 0usize;
    let mut i = first;
    while i < all.len() {
        while i < all.len() && matches!(all[i], HelpLine::Blank) {
            i += 1;
        }
        if i >= all.len() {
            break;
        }
        let mut to = (i + rows).min(all.len());
        // Keep a section's title with its first entries.
        while to > i + 1 && to < all.len() && matches!(all[to - 1], HelpLine::Title(_)) {
            to -= 1;
        }
        while to > i + 1
            && to < all.len()
            && matches!(all[to - 1], HelpLine::Blank)
            && matches!(all[to], HelpLine::Title(_))
        {
            to -= 1;
        }
        let part = &all[i..to];
        let keys = part
            .iter()
            .map(HelpLine::keys_width)
            .filter(|w| *w <= ALIGN_KEYS_WIDTH)
            .max()
            .unwrap_or(0);
        let w = part.iter().map(|l| line_width(l, keys)).max().unwrap_or(0);
        let gap = if cols.is_empty() { 0 } else { GAP + 1 };
        if !cols.is_empty() && used + gap + w > width {
            break;
        }
        used += gap + w;
        cols.push(Column {
            from: i,
            to,
            keys,
            width: w.min(width),
        });
        i = to;
    }
    cols
}

/// Draws the help; returns the first line shown (the scroll, clamped so
/// that the last page is full).
pub fn draw(frame: &mut Frame<'_>, app: &App, area: Rect) -> usize {
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
    let rows = usize::from(inner.height);
    let width = usize::from(inner.width);
    let shows_rest = |first: usize| {
        layout(&all, first, rows, width)
            .last()
            .is_some_and(|c| c.to >= all.len())
    };
    let mut first = app.help_scroll.min(all.len().saturating_sub(1));
    while first > 0 && shows_rest(first - 1) {
        first -= 1;
    }
    let cols = layout(&all, first, rows, width);
    // Spread the columns over the width there is.
    let used: usize =
        cols.iter().map(|c| c.width).sum::<usize>() + cols.len().saturating_sub(1) * (GAP + 1);
    let spare = width.saturating_sub(used) / cols.len().max(1);
    let mut x = usize::from(inner.x);
    for c in &cols {
        let lines: Vec<Line<'static>> = all[c.from..c.to]
            .iter()
            .map(|l| match l {
                HelpLine::Blank => Line::from(""),
                HelpLine::Title(t) => Line::from(Span::styled(t.clone(), theme::title())),
                HelpLine::Entry(k, d) => {
                    let pad = c.keys.saturating_sub(display_width(k)) + GAP;
                    let mut spans = vec![Span::styled(
                        format!(" {k}{}", " ".repeat(pad)),
                        theme::help_key(),
                    )];
                    spans.extend(d.iter().cloned());
                    Line::from(spans)
                }
            })
            .collect();
        let w = (c.width + spare).min(usize::from(inner.right()).saturating_sub(x));
        frame.render_widget(
            Paragraph::new(lines),
            Rect::new(x as u16, inner.y, w as u16, inner.height),
        );
        x += c.width + GAP + 1 + spare;
    }
    first
}
