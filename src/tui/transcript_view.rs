//! Drawing the transcript: only the rows in the viewport are laid out and
//! styled. Speaker labels in the speaker's colour, timestamps dimmed,
//! annotations in brackets dimmed, a coloured bar in the margin per turn.

use super::cursor::MAX_LANES;
use super::theme;
use super::transcribe::margin_time;
use super::transcript::TranscriptState;
use super::wrap;
use crate::core::{CharRange, CodeId, Coding};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use std::collections::HashMap;

/// Styles the glyphs of one line as they are drawn, in order, so the cost
/// is that of the visible rows even on a line of millions of chars.
struct LineStyler<'a> {
    state: &'a TranscriptState,
    text: &'a str,
    /// Absolute char offset of the line's start.
    line_start: usize,
    /// The whole line is a transcript header (title, date…).
    header: bool,
    /// The segment at or after the current glyph.
    k: usize,
    /// The speaker name being drawn ends before this char.
    name_until: usize,
    /// The segment whose speaker name was already found.
    named: Option<usize>,
    in_brackets: bool,
}

impl<'a> LineStyler<'a> {
    fn new(state: &'a TranscriptState, line: usize, from_char: usize) -> Self {
        let line_start = state.line_chars(line).start;
        LineStyler {
            state,
            text: state.line_text(line),
            line_start,
            header: is_header_line(state, line),
            k: state
                .segment_at_or_after(line_start + from_char)
                .unwrap_or(state.segments().len()),
            name_until: 0,
            named: None,
            in_brackets: false,
        }
    }

    /// The style of glyph `g` (glyphs must come in order).
    fn style(&mut self, g: &wrap::Glyph<'_>) -> Style {
        if self.header {
            return theme::header_text();
        }
        let p = self.line_start + g.char_pos;
        let n = self.state.segments().len();
        while self.k < n && self.state.turn_range(self.k).is_some_and(|r| r.end <= p) {
            self.k += 1;
        }
        if n == 0 {
            return self.annotation(g);
        }
        let (Some(seg), Some(range)) = (
            self.state.segments().get(self.k),
            self.state.turn_range(self.k),
        ) else {
            return theme::header_text();
        };
        if range.start <= p {
            return self.annotation(g);
        }
        // Before the turn's speech: its label and timestamp.
        if p < self.name_until {
            return theme::speaker(self.slot(self.k));
        }
        if self.named != Some(self.k) {
            if let Some(name) = seg.speaker.as_deref() {
                let rest = self.text.get(g.byte..).unwrap_or("");
                if !name.is_empty() && rest.starts_with(name) {
                    self.named = Some(self.k);
                    self.name_until = p + name.chars().count();
                    return theme::speaker(self.slot(self.k));
                }
            }
        }
        theme::dim()
    }

    fn slot(&self, k: usize) -> Option<usize> {
        let seg = self.state.segments().get(k)?;
        self.state.speaker_slot(seg.speaker.as_deref()?)
    }

    /// Speech: `[annotations]` dimmed, the rest plain.
    fn annotation(&mut self, g: &wrap::Glyph<'_>) -> Style {
        match g.display.as_ref() {
            "[" => {
                self.in_brackets = true;
                theme::annotation()
            }
            "]" if self.in_brackets => {
                self.in_brackets = false;
                theme::annotation()
            }
            _ if self.in_brackets => theme::annotation(),
            _ => Style::new(),
        }
    }
}

/// Lines before the first turn (a transcript's title, date, place).
fn is_header_line(state: &TranscriptState, line: usize) -> bool {
    let lc = state.line_chars(line);
    state
        .turn_range(0)
        .is_some_and(|first| lc.end <= first.start && state.turn_of_line(line).is_none())
}

/// The transcript rows from the top position, as a widget.
pub struct TranscriptRows<'a> {
    pub state: &'a TranscriptState,
    /// Colour of each code, by id.
    pub colors: &'a HashMap<CodeId, Color>,
    /// Draw the cursor (the transcript has focus).
    pub show_cursor: bool,
}

impl Widget for TranscriptRows<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let gutter = state.gutter();
        let text_x = area.x + gutter;
        let text_w = area.width.saturating_sub(gutter);
        let selection = state.selection();
        let cursor = state.cursor();
        let color_of = |c: &Coding| self.colors.get(&c.code).copied().unwrap_or(Color::Gray);
        let mut line = state.top.line;
        let mut row = state.top.row;
        let mut y = area.y;
        while y < area.bottom() && line < state.line_count() {
            let rows = state.rows_of(line);
            let lc = state.line_chars(line);
            let mut styler = LineStyler::new(state, line, rows.get(row).map_or(0, |r| r.1));
            let turn = state.turn_of_line(line);
            let bar = turn
                .and_then(|t| state.segments().get(t))
                .map(|s| s.speaker.as_deref().and_then(|n| state.speaker_slot(n)));
            // The turn's start time, on the first row of its first line.
            let time = turn
                .filter(|&t| state.time_margin && state.turn_line(t) == Some(line) && row == 0)
                .and_then(|t| state.segments().get(t).map(|s| (t, s.time_ms)));
            let tw = state.time_width();
            if let Some((t, ms)) = time {
                let heard = state.heard == Some(t);
                let label = ms.map_or_else(|| format!("{:>8}", "–"), margin_time);
                let style = if heard { theme::cursor() } else { theme::dim() };
                buf.set_string(area.x, y, label, style);
            }
            let text = state.line_text(line);
            while row < rows.len() && y < area.bottom() {
                if let Some(slot) = bar {
                    let heard = state.time_margin && turn.is_some() && state.heard == turn;
                    let glyph = if heard { "▶" } else { "▌" };
                    buf.set_string(
                        area.x + tw,
                        y,
                        glyph,
                        Style::new().fg(theme::speaker_color(slot)),
                    );
                }
                let (b0, c0) = rows[row];
                let b1 = rows.get(row + 1).map_or(text.len(), |r| r.0);
                let c1 = rows.get(row + 1).map_or(lc.len(), |r| r.1);
                let row_range = CharRange::new(lc.start + c0, lc.start + c1);
                // Codings on this row, and their margin lanes.
                let on_row = state.codings_overlapping_row(row_range, row + 1 == rows.len());
                for &i in &on_row {
                    let lane = state.lanes[i].min(MAX_LANES - 1);
                    buf.set_string(
                        area.x + tw + 1 + lane as u16,
                        y,
                        "┃",
                        Style::new().fg(color_of(&state.codings[i])),
                    );
                }
                let mut spans: Vec<Span<'_>> = Vec::new();
                let mut run = String::new();
                let mut run_style = None;
                let mut drawn_cursor = false;
                for g in wrap::glyphs(text.get(..b1).unwrap_or(""), b0, c0) {
                    let p = lc.start + g.char_pos;
                    let mut style = styler.style(&g);
                    if g.stand_in {
                        style = style.add_modifier(Modifier::DIM);
                    }
                    // A word the recogniser was unsure of: dimmed, italic.
                    let u = state.uncertain.partition_point(|r| r.end <= p);
                    if state.uncertain.get(u).is_some_and(|r| r.contains(p)) {
                        style = style.add_modifier(Modifier::DIM | Modifier::ITALIC);
                    }
                    // Coded text: the innermost coding's colour behind it,
                    // underlined where codings overlap.
                    let mut covering = on_row
                        .iter()
                        .filter(|&&i| state.codings[i].range.contains(p));
                    if let Some(&first) = covering.next() {
                        let mut inner = first;
                        let mut n = 1;
                        for &i in covering {
                            n += 1;
                            if state.codings[i].range.len() < state.codings[inner].range.len() {
                                inner = i;
                            }
                        }
                        style = style.bg(theme::coding_bg(color_of(&state.codings[inner])));
                        if n > 1 {
                            style = style.add_modifier(Modifier::UNDERLINED);
                        }
                    }
                    let hl = state.highlights.partition_point(|r| r.end <= p);
                    if state.highlights.get(hl).is_some_and(|r| r.contains(p)) {
                        style = style.patch(theme::search_match());
                    }
                    if selection.is_some_and(|r| r.contains(p)) {
                        style = style.patch(theme::selection());
                    }
                    if self.show_cursor && p == cursor {
                        style = style.patch(theme::cursor());
                        drawn_cursor = true;
                    }
                    if run_style != Some(style) {
                        if let Some(s) = run_style {
                            spans.push(Span::styled(std::mem::take(&mut run), s));
                        }
                        run_style = Some(style);
                    }
                    run.push_str(&g.display);
                }
                if let Some(s) = run_style {
                    spans.push(Span::styled(run, s));
                }
                // The cursor at a line's end (on its newline) or the text's end.
                if self.show_cursor && !drawn_cursor && row + 1 == rows.len() && cursor == lc.end {
                    spans.push(Span::styled(" ", theme::cursor()));
                }
                Line::from(spans).render(Rect::new(text_x, y, text_w, 1), buf);
                y += 1;
                row += 1;
            }
            line += 1;
            row = 0;
        }
    }
}
