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
        let len = self.lines.len();
        let lines_before = self.lines.line_count();
        let removed = self.lines.edit(a, b, inserted);
        let change = TextChange::from_hunk(len, a, &removed, inserted);
        let added_lines = self.lines.line_count() as isize - lines_before as isize;
        let edited_line = self.lines.line_of_char(a);
        // Positions away from the edit move by arithmetic; only those at
        // its edges need the rules (this runs over every turn and coding
        // on each keystroke).
        let t = crate::core::text::char_len(inserted);
        let map = |pos: usize, bias: Bias| -> usize {
            if pos < a {
                pos
            } else if pos > b {
                pos + t - (b - a)
            } else {
                change.map(pos, bias)
            }
        };
        let map_turn = |r: CharRange| {
            let s = map(r.start, Bias::TurnStart);
            CharRange::new(s, map(r.end, Bias::TurnEnd).max(s))
        };
        // Turns are sorted and apart: those ending before the edit stay.
        let first = self.turn_ranges.partition_point(|r| r.end < a);
        for r in &mut self.turn_ranges[first..] {
            *r = map_turn(*r);
        }
        self.shift_turn_lines(edited_line, added_lines);
        // Mapping keeps their order (it is monotone), so the lanes stay:
        // no sort per keystroke, and no move of the list. A collapsed one
        // (an orphan once saved) is no longer shown.
        let mut gone = Vec::new();
        for (i, c) in self.codings.iter_mut().enumerate() {
            if c.range.end < a {
                continue;
            }
            let was_empty = c.range.is_empty();
            c.range = if c.range.start > b {
                CharRange::new(map(c.range.start, Bias::Start), map(c.range.end, Bias::End))
            } else {
                change.map_coding(c.range)
            };
            if !was_empty && c.range.is_empty() {
                gone.push(i);
            }
        }
        for &i in gone.iter().rev() {
            self.codings.remove(i);
            self.lanes.remove(i);
        }
        for h in &mut self.highlights {
            *h = change.map_coding(*h);
        }
        // An uncertain word typed in (or next to) was heard and corrected.
        self.uncertain.retain(|r| !(a <= r.end && r.start <= b));
        for r in &mut self.uncertain {
            *r = change.map_coding(*r);
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
