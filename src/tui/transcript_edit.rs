//! Editing the shown transcript in memory as the user types (issue 12):
//! one replacement at a time, updating the text, the line index, the turns,
//! the codings on screen, the search highlights and the cursor by the same
//! rules the project applies when the edit is committed. The cost is the
//! edited line and one pass over the turns and codings, never a re-read of
//! the whole text.

use super::transcript::TranscriptState;
use crate::core::change::{Bias, TextChange};
use crate::core::motion::Selection;
use crate::core::CharRange;

impl TranscriptState {
    /// Replaces `[a, b)` with `inserted`; returns the change made (in the
    /// offsets before it). The caller has checked the edit is allowed.
    pub fn apply_local(&mut self, a: usize, b: usize, inserted: &str) -> TextChange {
        let (ba, bb) = (
            self.lines.byte_of_char(self.text(), a),
            self.lines.byte_of_char(self.text(), b),
        );
        let removed = self.text().get(ba..bb).unwrap_or("").to_string();
        let len = self.doc().len();
        let change = TextChange::from_hunk(len, a, &removed, inserted);
        let lines_before = self.lines.line_count();
        self.doc.document.text.replace_range(ba..bb, inserted);
        self.lines.edit(a, b, ba, bb, inserted);
        let added_lines = self.lines.line_count() as isize - lines_before as isize;
        let edited_line = self.lines.line_of_char(a);
        for s in &mut self.doc.segments {
            s.range = change.map_turn(s.range);
        }
        for r in &mut self.turn_ranges {
            *r = change.map_turn(*r);
        }
        self.shift_turn_lines(edited_line, added_lines);
        let mut codings = std::mem::take(&mut self.codings);
        for c in &mut codings {
            let was_empty = c.range.is_empty();
            c.range = change.map_coding(c.range);
            // Collapsed: it is an orphan once committed; not shown.
            if !was_empty && c.range.is_empty() {
                c.range = CharRange::new(usize::MAX, usize::MAX);
            }
        }
        codings.retain(|c| c.range.start != usize::MAX);
        self.set_codings(codings);
        for h in &mut self.highlights {
            *h = change.map_coding(*h);
        }
        self.highlights.retain(|h| !h.is_empty());
        let head = change.map(self.sel.head, Bias::Start);
        let anchor = change.map(self.sel.anchor, Bias::End);
        self.sel = if self.selecting {
            Selection { anchor, head }
        } else {
            Selection::cursor(head)
        };
        self.forget_wrapping();
        self.follow();
        change
    }

    /// Whether `[a, b)` may be edited: inside one turn's speech (or, in a
    /// document without turns, anywhere; outside every turn and label, as
    /// in a title, too).
    pub fn may_edit(&self, a: usize, b: usize) -> bool {
        if self.turn_ranges.is_empty() {
            return true;
        }
        let i = self.turn_ranges.partition_point(|r| r.start <= a);
        if i > 0 && b <= self.turn_ranges[i - 1].end {
            return true;
        }
        // Outside the turns: not within reach of any label or speech.
        (0..self.turn_ranges.len()).all(|k| {
            let first = self.turn_line(k).map_or(0, |l| self.line_chars(l).start);
            let whole = CharRange::new(
                first.min(self.turn_ranges[k].start),
                self.turn_ranges[k].end,
            );
            if a == b {
                !(whole.start < a && a < whole.end)
            } else {
                !(a < whole.end && whole.start < b)
            }
        })
    }
}
