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
        for s in &mut self.doc.segments {
            s.range = map_turn(s.range);
        }
        for r in &mut self.turn_ranges {
            *r = map_turn(*r);
        }
        self.shift_turn_lines(edited_line, added_lines);
        // Mapping keeps their order (it is monotone), so the lanes stay:
        // no sort per keystroke. A collapsed one (an orphan once saved) is
        // no longer shown.
        let codings = std::mem::take(&mut self.codings);
        let lanes = std::mem::take(&mut self.lanes);
        for (mut c, lane) in codings.into_iter().zip(lanes) {
            let was_empty = c.range.is_empty();
            if c.range.end >= a {
                c.range = if c.range.start > b {
                    CharRange::new(map(c.range.start, Bias::Start), map(c.range.end, Bias::End))
                } else {
                    change.map_coding(c.range)
                };
            }
            if was_empty || !c.range.is_empty() {
                self.codings.push(c);
                self.lanes.push(lane);
            }
        }
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
