//! Cursor motions and selections over a document, in char offsets, always
//! landing on grapheme cluster boundaries: by grapheme, word, sentence, turn
//! and paragraph. Work is local to the lines around the cursor (through the
//! `LineIndex`), so a motion costs the same in a 25 MB transcript.

use super::line_text::LineText;
use super::range::CharRange;
use super::text::LineIndex;
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;

/// A selection: `anchor` stays, `head` moves; the selected text is
/// `[min, max)`. An empty selection is a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn cursor(pos: usize) -> Self {
        Selection {
            anchor: pos,
            head: pos,
        }
    }

    pub fn range(&self) -> CharRange {
        CharRange::new(self.anchor.min(self.head), self.anchor.max(self.head))
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// What motions need of a document.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    lines: Lines<'a>,
    /// Turn content ranges, sorted, non-overlapping.
    pub turns: &'a [CharRange],
}

/// Where a document's lines come from: a whole text with its line index,
/// or a text held as lines (being edited).
#[derive(Clone, Copy)]
enum Lines<'a> {
    Indexed(&'a str, &'a LineIndex),
    Held(&'a LineText),
}

impl<'a> Lines<'a> {
    fn line_count(&self) -> usize {
        match self {
            Lines::Indexed(_, li) => li.line_count(),
            Lines::Held(t) => t.line_count(),
        }
    }

    fn line(&self, i: usize) -> &'a str {
        match *self {
            Lines::Indexed(text, li) => li.line(text, i),
            Lines::Held(t) => t.line(i),
        }
    }

    fn line_chars(&self, i: usize) -> CharRange {
        match self {
            Lines::Indexed(_, li) => li.line_chars(i),
            Lines::Held(t) => t.line_chars(i),
        }
    }

    fn line_of_char(&self, pos: usize) -> usize {
        match self {
            Lines::Indexed(_, li) => li.line_of_char(pos),
            Lines::Held(t) => t.line_of_char(pos),
        }
    }
}

impl<'a> Doc<'a> {
    /// A whole text with its line index.
    pub fn new(text: &'a str, lines: &'a LineIndex, turns: &'a [CharRange]) -> Self {
        Doc {
            lines: Lines::Indexed(text, lines),
            turns,
        }
    }

    /// A text held as lines.
    pub fn of_lines(text: &'a LineText, turns: &'a [CharRange]) -> Self {
        Doc {
            lines: Lines::Held(text),
            turns,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.line_chars(self.lines.line_count() - 1).end
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (line index, line text, char offset of the line start).
    fn line_at(&self, pos: usize) -> (usize, &'a str, usize) {
        let li = self.lines.line_of_char(pos);
        (li, self.lines.line(li), self.lines.line_chars(li).start)
    }

    /// Grapheme boundaries of line `li` as absolute char offsets, including
    /// the line's end (the position of its `\n`, or the document's end).
    fn boundaries(&self, li: usize) -> Vec<usize> {
        let line = self.lines.line(li);
        let start = self.lines.line_chars(li).start;
        let mut out = Vec::new();
        let mut pos = start;
        for g in line.graphemes(true) {
            out.push(pos);
            pos += g.chars().count();
        }
        out.push(pos);
        out
    }

    /// `pos` moved back to the grapheme boundary at or before it.
    pub fn snap(&self, pos: usize) -> usize {
        let pos = pos.min(self.len());
        let (li, _, _) = self.line_at(pos);
        let b = self.boundaries(li);
        let i = b.partition_point(|&x| x <= pos);
        b[i.saturating_sub(1)]
    }

    pub fn next_grapheme(&self, pos: usize) -> usize {
        let (li, _, _) = self.line_at(pos);
        let b = self.boundaries(li);
        match b.iter().find(|&&x| x > pos) {
            Some(&x) => x,
            // At the line's end: the next line's start (past the `\n`).
            None if li + 1 < self.lines.line_count() => self.lines.line_chars(li + 1).start,
            None => pos,
        }
    }

    pub fn prev_grapheme(&self, pos: usize) -> usize {
        let (li, _, ls) = self.line_at(pos);
        if pos == ls {
            return if li > 0 {
                self.lines.line_chars(li - 1).end
            } else {
                0
            };
        }
        let b = self.boundaries(li);
        b.iter().rev().find(|&&x| x < pos).copied().unwrap_or(ls)
    }

    /// Word spans of line `li` (absolute), words being runs with a letter or
    /// digit. Word and grapheme rules can disagree on rare scripts, so ends
    /// are moved up to the next grapheme boundary.
    fn words(&self, li: usize) -> Vec<CharRange> {
        let line = self.lines.line(li);
        let bounds = self.boundaries(li);
        let ceil = |p: usize| bounds[bounds.partition_point(|&b| b < p).min(bounds.len() - 1)];
        let mut pos = self.lines.line_chars(li).start;
        let mut out: Vec<CharRange> = Vec::new();
        for w in line.split_word_bounds() {
            let n = w.chars().count();
            if w.chars().any(char::is_alphanumeric) {
                let r = CharRange::new(ceil(pos), ceil(pos + n));
                if !r.is_empty() && out.last().is_none_or(|l| l.end <= r.start) {
                    out.push(r);
                }
            }
            pos += n;
        }
        out
    }

    /// Start of the next word after `pos` (or the document's end).
    pub fn next_word_start(&self, pos: usize) -> usize {
        let (mut li, _, _) = self.line_at(pos);
        loop {
            if let Some(w) = self.words(li).into_iter().find(|w| w.start > pos) {
                return w.start;
            }
            li += 1;
            if li >= self.lines.line_count() {
                return self.len();
            }
        }
    }

    /// Start of the word at or before `pos` (the previous word's start when
    /// `pos` is already at a word's start).
    pub fn prev_word_start(&self, pos: usize) -> usize {
        let (mut li, _, _) = self.line_at(pos);
        loop {
            if let Some(w) = self.words(li).into_iter().rev().find(|w| w.start < pos) {
                return w.start;
            }
            if li == 0 {
                return 0;
            }
            li -= 1;
        }
    }

    /// End of the word holding `pos`, or of the next word.
    pub fn word_end(&self, pos: usize) -> usize {
        let (mut li, _, _) = self.line_at(pos);
        loop {
            if let Some(w) = self.words(li).into_iter().find(|w| w.end > pos) {
                return w.end;
            }
            li += 1;
            if li >= self.lines.line_count() {
                return self.len();
            }
        }
    }

    /// The word at `pos`, if the cursor is on one.
    pub fn word_at(&self, pos: usize) -> Option<CharRange> {
        let (li, _, _) = self.line_at(pos);
        self.words(li).into_iter().find(|w| w.contains(pos))
    }

    /// The index of the turn holding `pos`.
    pub fn turn_at(&self, pos: usize) -> Option<usize> {
        let i = self.turns.partition_point(|t| t.end <= pos);
        self.turns
            .get(i)
            .filter(|t| t.start <= pos && (pos < t.end || t.is_empty()))
            .map(|_| i)
    }

    /// The turn holding `pos` or, between turns, the next one.
    pub fn turn_at_or_after(&self, pos: usize) -> Option<usize> {
        let i = self.turns.partition_point(|t| t.end <= pos);
        (i < self.turns.len()).then_some(i)
    }

    /// The paragraph around `pos`: the non-blank lines around it.
    pub fn paragraph(&self, pos: usize) -> CharRange {
        let (li, _, _) = self.line_at(pos);
        let blank = |i: usize| self.lines.line(i).trim().is_empty();
        let mut a = li;
        while a > 0 && !blank(a - 1) {
            a -= 1;
        }
        let mut b = li;
        while b + 1 < self.lines.line_count() && !blank(b + 1) {
            b += 1;
        }
        CharRange::new(self.lines.line_chars(a).start, self.lines.line_chars(b).end)
    }

    /// Where sentences are looked for: the turn holding `pos`, else the paragraph.
    fn sentence_context(&self, pos: usize) -> CharRange {
        match self.turn_at(pos) {
            Some(i) => self.turns[i],
            None => self.paragraph(pos),
        }
    }

    /// The text of `r`, found through the line index (no scan from the start).
    pub fn slice_of(&self, r: CharRange) -> Cow<'a, str> {
        match self.lines {
            Lines::Indexed(text, lines) => {
                let la = lines.line_of_char(r.start);
                let lb = lines.line_of_char(r.end);
                let ba = lines.line_bytes(la).start;
                let bb = lines.line_bytes(lb).end;
                let chunk = text.get(ba..bb).unwrap_or("");
                let off = lines.line_chars(la).start;
                Cow::Borrowed(super::text::char_slice(
                    chunk,
                    CharRange::new(r.start - off, r.end - off),
                ))
            }
            Lines::Held(t) => t.slice(r),
        }
    }

    /// Sentence spans (absolute, trailing spaces trimmed) of `ctx`, on
    /// grapheme boundaries.
    fn sentences(&self, ctx: CharRange) -> Vec<CharRange> {
        let text = self.slice_of(ctx);
        let mut pos = ctx.start;
        let mut out: Vec<CharRange> = Vec::new();
        for s in text.split_sentence_bounds() {
            let n = s.chars().count();
            let trimmed = s.trim_end().chars().count();
            let lead = s.chars().take_while(|c| c.is_whitespace()).count();
            if trimmed > lead {
                let a = self.ceil(pos + lead);
                let b = self.ceil(pos + trimmed);
                if a < b && out.last().is_none_or(|l| l.end <= a) {
                    out.push(CharRange::new(a, b));
                }
            }
            pos += n;
        }
        out
    }

    /// `pos` moved up to the grapheme boundary at or after it.
    fn ceil(&self, pos: usize) -> usize {
        let s = self.snap(pos);
        if s == pos {
            pos
        } else {
            self.next_grapheme(s)
        }
    }

    /// The sentence at `pos` (or the next one in the same turn/paragraph).
    pub fn sentence_at(&self, pos: usize) -> Option<CharRange> {
        self.sentences(self.sentence_context(pos))
            .into_iter()
            .find(|s| s.end > pos)
    }

    /// Start of the next sentence after `pos`, across turns.
    pub fn next_sentence_start(&self, pos: usize) -> usize {
        let ctx = self.sentence_context(pos);
        if let Some(s) = self.sentences(ctx).into_iter().find(|s| s.start > pos) {
            return s.start;
        }
        // The first sentence of the next turn/paragraph.
        let mut p = ctx.end;
        while p < self.len() {
            let next = match self.turn_at_or_after(p + 1) {
                Some(i) if self.turns[i].start > pos => self.turns[i].start,
                _ => self.next_paragraph_start(p),
            };
            if next <= p {
                break;
            }
            if let Some(s) = self.sentence_at(next) {
                if s.start > pos {
                    return s.start;
                }
            }
            p = next;
        }
        self.len()
    }

    /// Start of the sentence before `pos` (the current one's start if `pos`
    /// is inside it).
    pub fn prev_sentence_start(&self, pos: usize) -> usize {
        let ctx = self.sentence_context(pos);
        if let Some(s) = self
            .sentences(ctx)
            .into_iter()
            .rev()
            .find(|s| s.start < pos)
        {
            return s.start;
        }
        if ctx.start == 0 {
            return 0;
        }
        // The previous turn (labels between turns are not sentences), or
        // without turns the previous paragraph.
        let prev_ctx = match self.turns.iter().rev().find(|t| t.start < ctx.start) {
            Some(t) => *t,
            None if !self.turns.is_empty() => {
                return self.turns.first().map_or(0, |t| t.start.min(pos))
            }
            None => self.sentence_context(self.snap(self.prev_grapheme(ctx.start))),
        };
        self.sentences(prev_ctx)
            .into_iter()
            .rev()
            .find(|s| s.start < pos)
            .map_or(prev_ctx.start, |s| s.start)
    }

    fn next_paragraph_start(&self, pos: usize) -> usize {
        let (mut li, _, _) = self.line_at(pos);
        let blank = |i: usize| self.lines.line(i).trim().is_empty();
        while li < self.lines.line_count() && !blank(li) {
            li += 1;
        }
        while li < self.lines.line_count() && blank(li) {
            li += 1;
        }
        if li >= self.lines.line_count() {
            self.len()
        } else {
            self.lines.line_chars(li).start
        }
    }

    /// `r` with its ends moved out of speaker labels and timestamps to the
    /// speech they belong to (issue 10): a start between two turns (their
    /// blank lines, the next one's label) moves to the next turn's first
    /// character; an end after a turn's speech, up to the next turn's
    /// first character, moves back to that turn's end. Labels *between*
    /// the ends stay, so a passage over several turns shows who spoke.
    /// Before the first turn only its own paragraph counts as its label (a
    /// header block above it is text like any other). Returns `None` when
    /// nothing but labels was selected; without turns, `r` as it is.
    pub fn snap_to_speech(&self, r: CharRange) -> Option<CharRange> {
        let (Some(first), false) = (self.turns.first(), r.is_empty()) else {
            return Some(r);
        };
        let mut start = r.start;
        let i = self.turns.partition_point(|t| t.end <= start);
        if let Some(t) = self.turns.get(i) {
            let territory = if i == 0 {
                self.label_paragraph_start(first.start)
            } else {
                self.turns[i - 1].end
            };
            if start < t.start && start >= territory {
                start = t.start;
            }
        }
        let mut end = r.end;
        let j = self.turns.partition_point(|t| t.start < end);
        if j > 0 && end > self.turns[j - 1].end {
            end = self.turns[j - 1].end;
        }
        (start < end).then(|| CharRange::new(start, end))
    }

    /// Where the label of a turn starting at `pos` can begin: the start of
    /// its paragraph (white space above it included).
    fn label_paragraph_start(&self, pos: usize) -> usize {
        let mut li = self.lines.line_of_char(pos);
        while li > 0 && !self.lines.line(li - 1).trim().is_empty() {
            li -= 1;
        }
        while li > 0 && self.lines.line(li - 1).trim().is_empty() {
            li -= 1;
        }
        self.lines.line_chars(li).start
    }

    /// Start of the next turn after `pos`.
    pub fn next_turn_start(&self, pos: usize) -> Option<usize> {
        self.turns.iter().find(|t| t.start > pos).map(|t| t.start)
    }

    /// Start of the turn holding `pos`, or of the previous one when at its start.
    pub fn prev_turn_start(&self, pos: usize) -> Option<usize> {
        self.turns
            .iter()
            .rev()
            .find(|t| t.start < pos)
            .map(|t| t.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn doc<'a>(text: &'a str, lines: &'a LineIndex, turns: &'a [CharRange]) -> Doc<'a> {
        Doc::new(text, lines, turns)
    }

    /// Char range of `needle` in `text`.
    fn at(text: &str, needle: &str) -> CharRange {
        let b = text.find(needle).expect("needle");
        let a = crate::core::text::char_offset(text, b);
        CharRange::new(a, a + needle.chars().count())
    }

    #[test]
    fn selections_snap_out_of_labels_and_timestamps() {
        let text = "ENTRETIEN (fictif)\n\n[00:00:01] Interviewer: Thank you. Tell me.\n\n\
                    P1 : Moi, depuis 2019 je lave.\nEt mes enfants aussi.\n";
        let li = LineIndex::new(text);
        let turns = [
            at(text, "Thank you. Tell me."),
            at(text, "Moi, depuis 2019 je lave.\nEt mes enfants aussi."),
        ];
        let d = doc(text, &li, &turns);
        let slice = |r: Option<CharRange>| r.map(|r| d.slice_of(r).to_string());
        // From the label (or the blank line above it) into the speech.
        let from_label = CharRange::new(at(text, "[00:00:01]").start, at(text, "Thank").end);
        assert_eq!(
            slice(d.snap_to_speech(from_label)).as_deref(),
            Some("Thank")
        );
        let from_blank = CharRange::new(at(text, "[00:00:01]").start - 1, at(text, "Thank").end);
        assert_eq!(
            slice(d.snap_to_speech(from_blank)).as_deref(),
            Some("Thank")
        );
        // Ending in the next label: back to the end of the speech.
        let into_label = CharRange::new(at(text, "Tell").start, at(text, "P1 :").end);
        assert_eq!(
            slice(d.snap_to_speech(into_label)).as_deref(),
            Some("Tell me.")
        );
        let whole = CharRange::new(at(text, "P1 :").start, at(text, "depuis 2019").end);
        assert_eq!(
            slice(d.snap_to_speech(whole)).as_deref(),
            Some("Moi, depuis 2019")
        );
        // Across turns the label between stays.
        let across = CharRange::new(at(text, "Tell").start, at(text, "Moi").end);
        assert_eq!(
            slice(d.snap_to_speech(across)).as_deref(),
            Some("Tell me.\n\nP1 : Moi")
        );
        // Only a label: nothing to code.
        assert_eq!(d.snap_to_speech(at(text, "[00:00:01] Interviewer: ")), None);
        // The header above the first turn is text, not a label.
        let header = CharRange::new(0, at(text, "Thank").end);
        assert_eq!(d.snap_to_speech(header), Some(header));
        // Inside speech nothing moves; without turns nothing moves.
        assert_eq!(d.snap_to_speech(turns[1]), Some(turns[1]));
        let plain = doc(text, &li, &[]);
        assert_eq!(plain.snap_to_speech(from_label), Some(from_label));
    }

    #[test]
    fn graphemes_are_never_split() {
        let text = "e\u{301}t\u{e9} 👩🏽‍🌾 ok\nz";
        let li = LineIndex::new(text);
        let d = doc(text, &li, &[]);
        assert_eq!(d.next_grapheme(0), 2, "e + combining accent is one step");
        let emoji_start = 5;
        let after = d.next_grapheme(emoji_start);
        assert_eq!(after, emoji_start + "👩🏽‍🌾".chars().count());
        assert_eq!(d.prev_grapheme(after), emoji_start);
        assert_eq!(d.snap(emoji_start + 2), emoji_start);
        assert_eq!(d.snap(1), 0);
        // Line end → next line start, and back.
        let end = li.line_chars(0).end;
        assert_eq!(d.next_grapheme(end), end + 1);
        assert_eq!(d.prev_grapheme(end + 1), end);
    }

    #[test]
    fn words_sentences_turns() {
        let text = "P1: Les frais scolaires coûtent cher. On paie en juin !\n\nP2: Oui. Mais non.";
        let li = LineIndex::new(text);
        let turns = [CharRange::new(4, 55), CharRange::new(61, 76)];
        let d = doc(text, &li, &turns);
        assert_eq!(d.next_word_start(4), 8);
        assert_eq!(d.word_end(8), 13);
        assert_eq!(d.prev_word_start(8), 4);
        assert_eq!(d.word_at(10), Some(CharRange::new(8, 13)));
        let s = d.sentence_at(10).expect("sentence");
        assert_eq!(
            crate::core::text::char_slice(text, s),
            "Les frais scolaires coûtent cher."
        );
        let n = d.next_sentence_start(10);
        assert_eq!(
            crate::core::text::char_slice(text, CharRange::new(n, n + 6)),
            "On pai"
        );
        let n2 = d.next_sentence_start(n);
        assert_eq!(n2, 61, "the next turn's first sentence");
        assert_eq!(d.prev_sentence_start(n2), n);
        assert_eq!(d.turn_at(62), Some(1));
        assert_eq!(d.turn_at(57), None);
        assert_eq!(d.turn_at_or_after(57), Some(1));
        assert_eq!(d.next_turn_start(10), Some(61));
        assert_eq!(d.prev_turn_start(61), Some(4));
    }

    fn boundaries_of(text: &str) -> Vec<usize> {
        let mut out = vec![0];
        let mut pos = 0;
        for line in text.split('\n') {
            for g in line.graphemes(true) {
                pos += g.chars().count();
                out.push(pos);
            }
            pos += 1; // the newline
            out.push(pos);
        }
        out.pop();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Over arbitrary Unicode, every motion lands on a grapheme boundary,
        /// stays in the text, and moves the way it says.
        #[test]
        fn motions_land_on_grapheme_boundaries(
            text in "(\\PC|\\n|e\u{301}|👩🏽‍🌾|[a-z ]{1,6}|[.!?] ){0,40}",
            seed in 0usize..1000
        ) {
            let li = LineIndex::new(&text);
            let d = doc(&text, &li, &[]);
            let len = d.len();
            let bounds = boundaries_of(&text);
            let pos = d.snap(seed % (len + 1));
            prop_assert!(bounds.contains(&pos));
            let moves = [
                d.next_grapheme(pos), d.prev_grapheme(pos), d.next_word_start(pos),
                d.prev_word_start(pos), d.word_end(pos), d.next_sentence_start(pos),
                d.prev_sentence_start(pos),
            ];
            for m in moves {
                prop_assert!(m <= len);
                prop_assert!(bounds.contains(&m), "{m} not a boundary in {text:?}");
            }
            prop_assert!(d.next_grapheme(pos) > pos || pos == len);
            prop_assert!(d.prev_grapheme(pos) < pos || pos == 0);
            prop_assert!(d.next_word_start(pos) > pos || pos == len);
            prop_assert!(d.prev_word_start(pos) < pos || pos == 0);
            prop_assert_eq!(d.prev_grapheme(d.next_grapheme(pos)), if pos == len { d.prev_grapheme(pos) } else { pos });
        }
    }
}
