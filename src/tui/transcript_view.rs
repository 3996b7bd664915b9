//! Drawing the transcript: only the rows in the viewport are laid out and
//! styled. Speaker labels in the speaker's colour, timestamps dimmed,
//! annotations in brackets dimmed, a coloured bar in the margin per turn.

use super::theme;
use super::transcript::TranscriptState;
use super::wrap;
use crate::core::CharRange;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Columns taken by the margin bar.
pub const GUTTER: u16 = 2;

/// How the chars of one line are styled.
struct LineStyler {
    /// Char ranges (absolute) and their style, sorted, non-overlapping.
    runs: Vec<(CharRange, Style)>,
    default: Style,
}

impl LineStyler {
    fn style_at(&self, pos: usize) -> Style {
        let i = self.runs.partition_point(|(r, _)| r.end <= pos);
        match self.runs.get(i) {
            Some((r, s)) if r.start <= pos => *s,
            _ => self.default,
        }
    }
}

fn line_styler(state: &TranscriptState, line: usize) -> LineStyler {
    let lc = state.line_chars(line);
    let text = state.line_text(line);
    let segs = state.segments();
    let mut runs = Vec::new();
    if segs.is_empty() {
        add_annotations(text, lc.start, lc, &mut runs);
        return LineStyler {
            runs,
            default: Style::new(),
        };
    }
    let mut pos = lc.start;
    let mut k = state.segment_at_or_after(pos);
    while pos < lc.end {
        match k.and_then(|k| segs.get(k)) {
            Some(seg) if seg.range.start <= pos => {
                // Inside the turn's speech.
                let end = seg.range.end.min(lc.end);
                add_annotations(text, lc.start, CharRange::new(pos, end), &mut runs);
                pos = end;
                k = k.map(|k| k + 1);
            }
            Some(seg) => {
                // Before the turn's speech: its label and timestamp.
                let end = seg.range.start.min(lc.end);
                let header = CharRange::new(pos, end);
                let name_run = seg
                    .speaker
                    .as_deref()
                    .and_then(|name| find_in(text, lc.start, header, name).map(|r| (r, name)));
                match name_run {
                    Some((r, name)) => {
                        let slot = state.speaker_slot(name);
                        runs.push((CharRange::new(header.start, r.start), theme::dim()));
                        runs.push((r, theme::speaker(slot)));
                        runs.push((CharRange::new(r.end, header.end), theme::dim()));
                    }
                    None => runs.push((header, theme::dim())),
                }
                pos = end;
            }
            None => {
                // After the last turn: trailer text.
                runs.push((CharRange::new(pos, lc.end), theme::header_text()));
                pos = lc.end;
            }
        }
    }
    runs.retain(|(r, _)| !r.is_empty());
    LineStyler {
        runs,
        default: Style::new(),
    }
}

/// Text before the first turn (a transcript's header) is shown in the header
/// style; the styler handles it as the "label" of the first turn, so correct
/// that here: a header line holds no speaker name of its own turn.
fn is_header_line(state: &TranscriptState, line: usize) -> bool {
    let lc = state.line_chars(line);
    state
        .segments()
        .first()
        .is_some_and(|first| lc.end <= first.range.start && state.turn_of_line(line).is_none())
}

/// Dims `[...]` annotations within `span` (absolute chars) of a line.
fn add_annotations(
    text: &str,
    line_start: usize,
    span: CharRange,
    runs: &mut Vec<(CharRange, Style)>,
) {
    let mut open: Option<usize> = None;
    for (i, c) in text.chars().enumerate() {
        let p = line_start + i;
        if p >= span.end {
            break;
        }
        if p < span.start {
            continue;
        }
        match c {
            '[' if open.is_none() => open = Some(p),
            ']' => {
                if let Some(s) = open.take() {
                    runs.push((CharRange::new(s, p + 1), theme::annotation()));
                }
            }
            _ => {}
        }
    }
}

/// The absolute char range of `needle` inside `within` of the line, if any.
fn find_in(text: &str, line_start: usize, within: CharRange, needle: &str) -> Option<CharRange> {
    let rel = CharRange::new(within.start - line_start, within.end - line_start);
    let hay = crate::core::text::char_slice(text, rel);
    let byte = hay.find(needle)?;
    let start = within.start + crate::core::text::char_offset(hay, byte);
    Some(CharRange::new(start, start + needle.chars().count()))
}

/// The transcript rows from the top position, as a widget.
pub struct TranscriptRows<'a> {
    pub state: &'a TranscriptState,
}

impl Widget for TranscriptRows<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let state = self.state;
        let mut line = state.top.line;
        let mut row = state.top.row;
        let mut y = area.y;
        let text_x = area.x + GUTTER;
        let text_w = area.width.saturating_sub(GUTTER);
        while y < area.bottom() && line < state.line_count() {
            let styler = line_styler(state, line);
            let header = is_header_line(state, line);
            let rows = state.rows_of(line);
            let lc = state.line_chars(line);
            let bar = state
                .turn_of_line(line)
                .and_then(|t| state.segments().get(t))
                .map(|s| s.speaker.as_deref().and_then(|n| state.speaker_slot(n)));
            let text = state.line_text(line);
            while row < rows.len() && y < area.bottom() {
                if let Some(slot) = bar {
                    buf.set_string(area.x, y, "▌", Style::new().fg(theme::speaker_color(slot)));
                }
                let (b0, c0) = rows[row];
                let b1 = rows.get(row + 1).map_or(text.len(), |r| r.0);
                let mut spans: Vec<Span<'_>> = Vec::new();
                let mut run = String::new();
                let mut run_style = None;
                for g in wrap::glyphs(text.get(..b1).unwrap_or(""), b0, c0) {
                    let style = if header {
                        theme::header_text()
                    } else {
                        styler.style_at(lc.start + g.char_pos)
                    };
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
                Line::from(spans).render(Rect::new(text_x, y, text_w, 1), buf);
                y += 1;
                row += 1;
            }
            line += 1;
            row = 0;
        }
    }
}
