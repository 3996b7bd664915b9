//! The state of the transcript view: the open document, its lines and turns,
//! the speakers' colours, and the scroll position kept as (line, row within
//! the line) so that every motion costs what the viewport costs, whatever
//! the document's size. Wrapped rows are computed lazily, one line at a time,
//! and cached for the current width.

use super::wrap;
use crate::core::line_text::LineText;
use crate::core::motion::Selection;
use crate::core::{CharRange, Coding, Segment};
use crate::ops::documents::LoadedDocument;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The first visible row: line `line`, wrapped row `row` of that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub row: usize,
}

/// Where each wrapped row of a line starts: (byte, char) within the line.
pub type RowStarts = Rc<Vec<(usize, usize)>>;

/// Lines whose wrapped rows are kept; the cache is simply cleared past this.
const WRAP_CACHE_LINES: usize = 8192;

pub struct TranscriptState {
    /// The document; its text is held in `lines` (taken out of it), so an
    /// edit costs its line, not the whole text, and its segments' ranges
    /// are as loaded: edits on screen move `turn_ranges` (`turn_range`).
    pub doc: LoadedDocument,
    pub lines: LineText,
    /// For each segment, the first line of its turn (label line included).
    turn_lines: Vec<usize>,
    /// Turn content ranges, for motions.
    pub(super) turn_ranges: Vec<CharRange>,
    /// Cursor (head) and selection anchor, in chars.
    pub sel: Selection,
    /// Motions extend the selection (visual mode).
    pub selecting: bool,
    /// This document's codings, by start.
    pub codings: Vec<Coding>,
    /// Margin lane of each coding (same order), so overlaps sit side by side.
    pub lanes: Vec<usize>,
    /// Search matches to light up (sorted char ranges).
    pub highlights: Vec<CharRange>,
    /// Speakers in order of first appearance; index = colour slot.
    pub speakers: Vec<String>,
    /// Transcription mode: each turn's start time in the margin.
    pub time_margin: bool,
    /// Transcription mode: the turn being heard (highlighted).
    pub heard: Option<usize>,
    /// Words a recogniser was unsure of in unverified turns (dimmed),
    /// sorted; typing in one un-dims it.
    pub uncertain: Vec<CharRange>,
    pub top: Pos,
    /// A jump target to show a third of the way down once the viewport is
    /// known (the view sets it just before drawing).
    reveal: Option<usize>,
    /// Text columns and rows of the viewport, set by the view before drawing.
    width: usize,
    height: usize,
    wrap_cache: RefCell<HashMap<usize, RowStarts>>,
}

impl TranscriptState {
    pub fn new(mut doc: LoadedDocument) -> Self {
        let uncertain = super::uncertain::place(&doc.document.text, &doc.segments, &doc.uncertain);
        let lines = LineText::new(&std::mem::take(&mut doc.document.text));
        let mut speakers: Vec<String> = Vec::new();
        for s in &doc.segments {
            if let Some(name) = &s.speaker {
                if !speakers.contains(name) {
                    speakers.push(name.clone());
                }
            }
        }
        let turn_lines = turn_lines(&lines, &doc.segments);
        let turn_ranges = doc.segments.iter().map(|s| s.range).collect();
        TranscriptState {
            doc,
            lines,
            turn_lines,
            turn_ranges,
            sel: Selection::default(),
            selecting: false,
            codings: Vec::new(),
            lanes: Vec::new(),
            highlights: Vec::new(),
            speakers,
            time_margin: false,
            heard: None,
            uncertain,
            top: Pos::default(),
            reveal: None,
            width: 80,
            height: 24,
            wrap_cache: RefCell::new(HashMap::new()),
        }
    }

    /// After an edit: turns starting after line `line` moved by `added`
    /// lines.
    pub(super) fn shift_turn_lines(&mut self, line: usize, added: isize) {
        if added == 0 {
            return;
        }
        for l in &mut self.turn_lines {
            if *l > line {
                *l = (*l as isize + added).max(0) as usize;
            }
        }
    }

    /// Drops the cached wrapping (lines moved or changed).
    pub(super) fn forget_wrapping(&mut self) {
        self.wrap_cache.borrow_mut().clear();
    }

    /// A copy of the whole text (held as lines: for tests and rare
    /// callers; the view reads lines).
    pub fn text(&self) -> String {
        self.lines.to_text()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.doc.segments
    }

    pub fn line_count(&self) -> usize {
        self.lines.line_count()
    }

    pub fn line_text(&self, i: usize) -> &str {
        self.lines.line(i)
    }

    pub fn line_chars(&self, i: usize) -> CharRange {
        self.lines.line_chars(i)
    }

    pub fn speaker_slot(&self, name: &str) -> Option<usize> {
        self.speakers.iter().position(|s| s == name)
    }

    /// Sets the viewport; a new width drops the wrapped rows cached for the
    /// old. A pending jump target is placed now; after a resize the cursor
    /// (and so the selection's moving end) stays in view.
    pub fn set_viewport(&mut self, width: usize, height: usize) {
        let width = width.max(1);
        let resized = width != self.width || height.max(1) != self.height;
        if width != self.width {
            self.wrap_cache.borrow_mut().clear();
            // Keep the same line at the top; its row may no longer exist.
            self.width = width;
            self.top.row = self.top.row.min(self.row_count(self.top.line) - 1);
        }
        self.height = height.max(1);
        self.clamp();
        if let Some(pos) = self.reveal.take() {
            self.place_a_third_down(pos);
        } else if resized {
            self.follow();
        }
    }

    /// Shows a jump target (a search hit, an excerpt) in context: its first
    /// row about a third of the way down the view, not on the last row.
    pub fn reveal(&mut self, pos: usize) {
        self.place_a_third_down(pos);
        self.reveal = Some(pos);
    }

    fn place_a_third_down(&mut self, pos: usize) {
        let p = self.pos_of(pos);
        self.top = self.backward(p, self.height / 3);
        self.clamp();
        self.follow();
    }

    pub fn viewport(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    /// Row starts (byte, char within the line) of line `i` at the current width.
    pub fn rows_of(&self, i: usize) -> RowStarts {
        if let Some(r) = self.wrap_cache.borrow().get(&i) {
            return Rc::clone(r);
        }
        let rows = Rc::new(wrap::wrap(self.line_text(i), self.width));
        let mut cache = self.wrap_cache.borrow_mut();
        if cache.len() >= WRAP_CACHE_LINES {
            cache.clear();
        }
        cache.insert(i, Rc::clone(&rows));
        rows
    }

    pub fn row_count(&self, i: usize) -> usize {
        self.rows_of(i).len()
    }

    /// The position `n` rows after `p` (stops at the last row).
    pub(super) fn forward(&self, mut p: Pos, mut n: usize) -> Pos {
        while n > 0 {
            let rows = self.row_count(p.line);
            if p.row + 1 < rows {
                let step = n.min(rows - 1 - p.row);
                p.row += step;
                n -= step;
            } else if p.line + 1 < self.line_count() {
                p = Pos {
                    line: p.line + 1,
                    row: 0,
                };
                n -= 1;
            } else {
                break;
            }
        }
        p
    }

    /// The position `n` rows before `p` (stops at the first row).
    pub(super) fn backward(&self, mut p: Pos, mut n: usize) -> Pos {
        while n > 0 {
            if p.row > 0 {
                let step = n.min(p.row);
                p.row -= step;
                n -= step;
            } else if p.line > 0 {
                p.line -= 1;
                p.row = self.row_count(p.line) - 1;
                n -= 1;
            } else {
                break;
            }
        }
        p
    }

    /// The lowest top that still fills the viewport.
    fn max_top(&self) -> Pos {
        let last_line = self.line_count() - 1;
        let last = Pos {
            line: last_line,
            row: self.row_count(last_line) - 1,
        };
        self.backward(last, self.height.saturating_sub(1))
    }

    pub(super) fn clamp(&mut self) {
        let max = self.max_top();
        if self.top > max {
            self.top = max;
        }
    }

    pub fn scroll_down(&mut self, n: usize) {
        self.top = self.forward(self.top, n);
        self.clamp();
    }

    pub fn scroll_up(&mut self, n: usize) {
        self.top = self.backward(self.top, n);
    }

    pub fn page_down(&mut self) {
        self.scroll_down(self.height.saturating_sub(1).max(1));
    }

    pub fn page_up(&mut self) {
        self.scroll_up(self.height.saturating_sub(1).max(1));
    }

    pub fn half_page_down(&mut self) {
        self.scroll_down((self.height / 2).max(1));
    }

    pub fn half_page_up(&mut self) {
        self.scroll_up((self.height / 2).max(1));
    }

    pub fn to_top(&mut self) {
        self.top = Pos::default();
    }

    pub fn to_bottom(&mut self) {
        self.top = self.max_top();
    }

    /// Index of the turn at the cursor (the last turn that starts at or
    /// before the cursor's line), if any.
    pub fn current_turn(&self) -> Option<usize> {
        let line = self.lines.line_of_char(self.sel.head);
        let n = self.turn_lines.partition_point(|&l| l <= line);
        n.checked_sub(1)
    }

    /// The first line of turn `i` (its label line included).
    pub fn turn_line(&self, i: usize) -> Option<usize> {
        self.turn_lines.get(i).copied()
    }

    /// The segment whose content holds char `pos`, or the next one after it.
    pub fn segment_at_or_after(&self, pos: usize) -> Option<usize> {
        let i = self.turn_ranges.partition_point(|r| r.end <= pos);
        (i < self.turn_ranges.len()).then_some(i)
    }

    /// The speech range of turn `i` as the text now has it (the segments'
    /// own ranges are as loaded: edits on screen move these).
    pub fn turn_range(&self, i: usize) -> Option<CharRange> {
        self.turn_ranges.get(i).copied()
    }

    /// (verified, all) turns.
    pub fn verified_count(&self) -> (usize, usize) {
        let segs = self.segments();
        (segs.iter().filter(|s| s.verified).count(), segs.len())
    }

    /// The turn whose speech holds `pos` (its ends included).
    pub fn turn_holding(&self, pos: usize) -> Option<usize> {
        let i = self.turn_ranges.partition_point(|r| r.end < pos);
        self.turn_ranges
            .get(i)
            .is_some_and(|r| r.start <= pos)
            .then_some(i)
    }

    /// The turn whose speech starts at `pos`.
    pub fn turn_starting_at(&self, pos: usize) -> Option<usize> {
        let i = self.turn_ranges.partition_point(|r| r.start < pos);
        self.turn_ranges
            .get(i)
            .is_some_and(|r| r.start == pos)
            .then_some(i)
    }

    /// The turn whose speech ends at `pos`.
    pub fn turn_ending_at(&self, pos: usize) -> Option<usize> {
        let i = self.turn_ranges.partition_point(|r| r.end < pos);
        self.turn_ranges
            .get(i)
            .is_some_and(|r| r.end == pos)
            .then_some(i)
    }

    /// The turn a line belongs to: the segment whose content or label it holds.
    pub fn turn_of_line(&self, line: usize) -> Option<usize> {
        let i = self
            .turn_lines
            .partition_point(|&l| l <= line)
            .checked_sub(1)?;
        let range = self.turn_range(i)?;
        let lc = self.line_chars(line);
        // A line past the end of the turn's content (blank line, trailer) is
        // not part of it.
        (lc.start < range.end || lc.is_empty() && lc.start == range.end).then_some(i)
    }

    /// Percentage of the document above the bottom of the view.
    pub fn percent(&self) -> usize {
        let bottom = self.forward(self.top, self.height.saturating_sub(1));
        if bottom.line + 1 >= self.line_count() {
            100
        } else {
            (bottom.line + 1) * 100 / self.line_count()
        }
    }
}

/// The first line of each turn: the line of its content's first char, or the
/// label line just above when the label stands alone (Otter, Rev layouts).
fn turn_lines(lines: &LineText, segments: &[Segment]) -> Vec<usize> {
    let mut out = Vec::with_capacity(segments.len());
    let mut prev_end = 0usize;
    for s in segments {
        let mut line = lines.line_of_char(s.range.start);
        if line > 0 {
            let above = lines.line_chars(line - 1);
            if above.start >= prev_end && !lines.line(line - 1).trim().is_empty() {
                line -= 1;
            }
        }
        out.push(line);
        prev_end = s.range.end;
    }
    out
}
