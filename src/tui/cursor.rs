//! The cursor and selection of the transcript view: motions from
//! `core::motion` plus row-wise moves that depend on wrapping, and keeping
//! the cursor in view.

use super::transcript::{Pos, TranscriptState};
use super::wrap;
use crate::core::motion::{Doc, Selection};
use crate::core::{CharRange, Coding};

/// Where the cursor moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    WordForward,
    WordBack,
    WordEnd,
    SentenceForward,
    SentenceBack,
    TurnForward,
    TurnBack,
    RowDown,
    RowUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Start,
    End,
}

impl TranscriptState {
    pub fn doc(&self) -> Doc<'_> {
        Doc::of_lines(&self.lines, &self.turn_ranges)
    }

    pub fn cursor(&self) -> usize {
        self.sel.head
    }

    /// The selected range, or `None` for a bare cursor.
    pub fn selection(&self) -> Option<CharRange> {
        (!self.sel.is_empty()).then(|| self.sel.range())
    }

    /// The (line, row) holding char `pos`.
    pub fn pos_of(&self, pos: usize) -> Pos {
        let line = self.lines.line_of_char(pos);
        let rel = pos - self.line_chars(line).start;
        let rows = self.rows_of(line);
        let row = rows.partition_point(|r| r.1 <= rel).saturating_sub(1);
        Pos { line, row }
    }

    /// Places the cursor (extending the selection in visual mode) and
    /// scrolls it into view.
    pub fn set_cursor(&mut self, pos: usize) {
        let pos = self.doc().snap(pos);
        if self.selecting {
            self.sel.head = pos;
        } else {
            self.sel = Selection::cursor(pos);
        }
        self.follow();
    }

    /// Selects `range` (cursor at its end) and shows it.
    pub fn select(&mut self, range: CharRange) {
        self.sel = Selection {
            anchor: range.start,
            head: range.end,
        };
        self.selecting = true;
        self.follow();
    }

    pub fn clear_selection(&mut self) {
        self.selecting = false;
        self.sel = Selection::cursor(self.sel.head);
    }

    /// Starts (or ends) extending the selection from the cursor.
    pub fn toggle_selecting(&mut self) {
        if self.selecting {
            self.clear_selection();
        } else {
            self.selecting = true;
            self.sel.anchor = self.sel.head;
        }
    }

    /// Scrolls the least needed to show the cursor.
    pub fn follow(&mut self) {
        let p = self.pos_of(self.sel.head);
        let (_, height) = self.viewport();
        if p < self.top {
            self.top = p;
        } else {
            let bottom = self.forward(self.top, height.saturating_sub(1));
            if p > bottom {
                self.top = self.backward(p, height.saturating_sub(1));
            }
        }
    }

    /// Display column of char `pos` in its row.
    fn column_of(&self, pos: usize) -> usize {
        let p = self.pos_of(pos);
        let rows = self.rows_of(p.line);
        let (b0, c0) = rows[p.row];
        let line_start = self.line_chars(p.line).start;
        wrap::glyphs(self.line_text(p.line), b0, c0)
            .take_while(|g| line_start + g.char_pos < pos)
            .map(|g| g.width)
            .sum()
    }

    /// The char at display column `col` of row `p` (or the row's end).
    fn at_column(&self, p: Pos, col: usize) -> usize {
        let rows = self.rows_of(p.line);
        let (b0, c0) = rows[p.row];
        let text = self.line_text(p.line);
        let b1 = rows.get(p.row + 1).map_or(text.len(), |r| r.0);
        let line_start = self.line_chars(p.line).start;
        let mut x = 0;
        let mut last = line_start + c0;
        for g in wrap::glyphs(text.get(..b1).unwrap_or(""), b0, c0) {
            if x + g.width > col {
                return line_start + g.char_pos;
            }
            x += g.width;
            last = line_start + g.char_pos + g.chars;
        }
        // Past the row's end: its last char on a wrapped row, the line's end
        // on the last row.
        if p.row + 1 < rows.len() {
            self.doc().prev_grapheme(last)
        } else {
            last
        }
    }

    fn rows_moved(&mut self, n: usize, down: bool) {
        let col = self.column_of(self.sel.head);
        let p = self.pos_of(self.sel.head);
        let target = if down {
            self.forward(p, n)
        } else {
            self.backward(p, n)
        };
        let pos = self.at_column(target, col);
        self.set_cursor(pos);
    }

    /// Applies a motion to the cursor.
    pub fn motion(&mut self, m: Motion) {
        let d = self.doc();
        let pos = self.sel.head;
        let (_, height) = self.viewport();
        let page = height.saturating_sub(1).max(1);
        let target = match m {
            Motion::Left => d.prev_grapheme(pos),
            Motion::Right => d.next_grapheme(pos),
            Motion::WordForward => d.next_word_start(pos),
            Motion::WordBack => d.prev_word_start(pos),
            Motion::WordEnd => d.word_end(pos),
            Motion::SentenceForward => d.next_sentence_start(pos),
            Motion::SentenceBack => d.prev_sentence_start(pos),
            Motion::TurnForward => match d.next_turn_start(pos) {
                Some(t) => {
                    self.set_cursor(t);
                    self.turn_to_top();
                    return;
                }
                None => return,
            },
            Motion::TurnBack => match d.prev_turn_start(pos) {
                Some(t) => {
                    self.set_cursor(t);
                    self.turn_to_top();
                    return;
                }
                None => 0,
            },
            Motion::RowDown | Motion::RowUp => {
                self.rows_moved(1, m == Motion::RowDown);
                return;
            }
            Motion::PageDown | Motion::HalfPageDown | Motion::PageUp | Motion::HalfPageUp => {
                let n = if matches!(m, Motion::PageDown | Motion::PageUp) {
                    page
                } else {
                    (height / 2).max(1)
                };
                let down = matches!(m, Motion::PageDown | Motion::HalfPageDown);
                // Scroll the view with the cursor, as pagers do.
                if down {
                    self.scroll_down(n);
                } else {
                    self.scroll_up(n);
                }
                self.rows_moved(n, down);
                return;
            }
            Motion::Start => 0,
            Motion::End => d.len(),
        };
        self.set_cursor(target);
    }

    /// Scrolls so the turn at the cursor starts at the top of the view.
    fn turn_to_top(&mut self) {
        if let Some(line) = self.current_turn().and_then(|t| self.turn_line(t)) {
            self.top = Pos { line, row: 0 };
            self.clamp();
            self.follow();
        }
    }

    /// The turn holding the cursor (or the next one), as a range.
    pub fn turn_range_at_cursor(&self) -> Option<CharRange> {
        let d = self.doc();
        d.turn_at_or_after(self.sel.head)
            .map(|i| self.turn_ranges[i])
    }

    /// Replaces the document's codings (sorted) and lays out margin lanes.
    pub fn set_codings(&mut self, mut codings: Vec<Coding>) {
        codings.sort_by_key(|c| (c.range.start, std::cmp::Reverse(c.range.end)));
        let mut lane_ends: Vec<usize> = Vec::new();
        let mut lanes = Vec::with_capacity(codings.len());
        for c in &codings {
            let lane = match lane_ends.iter().position(|&e| e <= c.range.start) {
                Some(l) => l,
                None => {
                    lane_ends.push(0);
                    lane_ends.len() - 1
                }
            };
            lane_ends[lane] = c.range.end;
            lanes.push(lane);
        }
        self.codings = codings;
        self.lanes = lanes;
    }

    /// Indices of the codings that cover char `pos`.
    pub fn codings_at(&self, pos: usize) -> Vec<usize> {
        let end = self.codings.partition_point(|c| c.range.start <= pos);
        (0..end)
            .filter(|&i| self.codings[i].range.contains(pos))
            .collect()
    }

    /// Indices of the codings that overlap `range`.
    pub fn codings_overlapping(&self, range: CharRange) -> Vec<usize> {
        let end = self
            .codings
            .partition_point(|c| c.range.start < range.end.max(range.start + 1));
        (0..end)
            .filter(|&i| {
                self.codings[i].range.overlaps(&range) || self.codings[i].range.start == range.start
            })
            .collect()
    }
}

impl TranscriptState {
    /// Width of the margin left of the text: the time margin (transcription
    /// mode), the turn bar, one column per lane of overlapping codings (at
    /// most `MAX_LANES`), and a space.
    pub fn gutter(&self) -> u16 {
        self.time_width() + 2 + self.lane_count() as u16
    }

    /// Margin lanes in use for overlapping codings.
    pub fn lane_count(&self) -> usize {
        self.lanes.iter().max().map_or(0, |m| m + 1).min(MAX_LANES)
    }

    /// Columns of the time margin (transcription mode), before the bar.
    pub fn time_width(&self) -> u16 {
        if self.time_margin {
            super::transcribe::MARGIN_TIME_WIDTH
        } else {
            0
        }
    }

    /// The char under screen cell (`x`, `y`) of the transcript's text area
    /// (margin included), if any.
    pub fn char_at_screen(&self, x: u16, y: u16) -> Option<usize> {
        // Below the end of the document this is the last row.
        let p = self.forward(self.top, usize::from(y));
        let col = usize::from(x.saturating_sub(self.gutter()));
        Some(self.at_column(p, col))
    }
}

/// Margin columns for overlapping codings; more overlaps show in the last.
pub const MAX_LANES: usize = 4;

impl TranscriptState {
    /// Codings that touch a row's chars (`last_row`: the row also owns the
    /// line's end, so a coding ending on a newline still shows).
    pub fn codings_overlapping_row(&self, row: CharRange, last_row: bool) -> Vec<usize> {
        let end = if last_row { row.end + 1 } else { row.end };
        let upto = self.codings.partition_point(|c| c.range.start < end);
        (0..upto)
            .filter(|&i| {
                let r = self.codings[i].range;
                r.end > row.start && !r.is_empty()
            })
            .collect()
    }
}
