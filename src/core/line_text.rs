//! A text held as its lines, for editing a long transcript on screen: a
//! keystroke rewrites one line and shifts the later lines' starts, never
//! moves the whole text (a 25 MB `String` costs milliseconds to shift on
//! every key).

use super::text::{byte_offset, char_len, char_slice};
use super::CharRange;
use std::borrow::Cow;

/// Lines split on `\n` (which is in no line), each with its char start.
#[derive(Debug, Clone, Default)]
pub struct LineText {
    lines: Vec<String>,
    /// Char start of each line.
    starts: Vec<usize>,
    len: usize,
}

impl LineText {
    pub fn new(text: &str) -> Self {
        let mut lines = Vec::new();
        let mut starts = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            starts.push(at);
            at += char_len(line) + 1;
            lines.push(line.to_string());
        }
        LineText {
            lines,
            starts,
            len: at - 1,
        }
    }

    /// Chars in the text.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    /// The text of line `i` (empty past the end).
    pub fn line(&self, i: usize) -> &str {
        self.lines.get(i).map_or("", String::as_str)
    }

    /// Char range of line `i` (without its `\n`).
    pub fn line_chars(&self, i: usize) -> CharRange {
        match self.starts.get(i) {
            Some(&s) => {
                let end = self.starts.get(i + 1).map_or(self.len, |n| n - 1);
                CharRange::new(s, end.max(s))
            }
            None => CharRange::new(self.len, self.len),
        }
    }

    /// The line holding char `pos` (the last line for `pos` past the end).
    pub fn line_of_char(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// The text of `r`: borrowed within one line, joined across lines.
    pub fn slice(&self, r: CharRange) -> Cow<'_, str> {
        let (la, lb) = (self.line_of_char(r.start), self.line_of_char(r.end));
        let rel = |li: usize, p: usize| p.saturating_sub(self.starts[li]);
        if la == lb {
            let line = self.line(la);
            return Cow::Borrowed(char_slice(
                line,
                CharRange::new(rel(la, r.start), rel(la, r.end)),
            ));
        }
        let mut out = String::new();
        for li in la..=lb {
            let line = self.line(li);
            let from = if li == la { rel(li, r.start) } else { 0 };
            let to = if li == lb {
                rel(li, r.end)
            } else {
                char_len(line)
            };
            out.push_str(char_slice(line, CharRange::new(from, to.max(from))));
            if li < lb {
                out.push('\n');
            }
        }
        Cow::Owned(out)
    }

    /// Replaces chars `[a, b)` with `inserted`; returns the text removed.
    /// Costs the lines touched plus one pass over the later lines' starts.
    pub fn edit(&mut self, a: usize, b: usize, inserted: &str) -> String {
        let b = b.min(self.len);
        let a = a.min(b);
        let removed = self.slice(CharRange::new(a, b)).into_owned();
        let (la, lb) = (self.line_of_char(a), self.line_of_char(b));
        let head_end = byte_offset(&self.lines[la], a - self.starts[la]);
        let tail_start = byte_offset(&self.lines[lb], b - self.starts[lb]);
        let delta = char_len(inserted) as isize - (b - a) as isize;
        if la == lb && !inserted.contains('\n') {
            self.lines[la].replace_range(head_end..tail_start, inserted);
        } else {
            let tail = self.lines[lb].get(tail_start..).unwrap_or("").to_string();
            let mut joined = String::with_capacity(head_end + inserted.len() + tail.len());
            joined.push_str(self.lines[la].get(..head_end).unwrap_or(""));
            joined.push_str(inserted);
            joined.push_str(&tail);
            let line_start = self.starts[la];
            let mut new_lines = Vec::new();
            let mut new_starts = Vec::new();
            let mut at = line_start;
            for part in joined.split('\n') {
                new_starts.push(at);
                at += char_len(part) + 1;
                new_lines.push(part.to_string());
            }
            self.lines.splice(la..=lb, new_lines);
            self.starts.splice(la..=lb, new_starts.iter().copied());
            let after = la + new_starts.len();
            for s in &mut self.starts[after..] {
                *s = (*s as isize + delta) as usize;
            }
            self.len = (self.len as isize + delta) as usize;
            return removed;
        }
        for s in &mut self.starts[la + 1..] {
            *s = (*s as isize + delta) as usize;
        }
        self.len = (self.len as isize + delta) as usize;
        removed
    }

    /// The whole text (a copy).
    pub fn to_text(&self) -> String {
        self.lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(t: &LineText, expect: &str) {
        assert_eq!(t.to_text(), expect);
        let fresh = LineText::new(expect);
        assert_eq!(t.starts, fresh.starts);
        assert_eq!(t.len(), char_len(expect));
    }

    #[test]
    fn lines_and_slices_across_them() {
        let t = LineText::new("é1\n\nabc\n");
        assert_eq!(t.line_count(), 4);
        assert_eq!(t.line(2), "abc");
        assert_eq!(t.line_chars(2), CharRange::new(4, 7));
        assert_eq!(t.line_chars(3), CharRange::new(8, 8));
        assert_eq!(t.line_of_char(3), 1);
        assert_eq!(t.slice(CharRange::new(1, 6)), "1\n\nab");
        assert!(matches!(t.slice(CharRange::new(4, 6)), Cow::Borrowed("ab")));
    }

    #[test]
    fn replacing_within_and_across_lines() {
        let mut t = LineText::new("P1: Kasulu\nP2: oui");
        assert_eq!(t.edit(9, 10, "o"), "u");
        check(&t, "P1: Kasulo\nP2: oui");
        assert_eq!(t.edit(10, 11, ""), "\n");
        check(&t, "P1: KasuloP2: oui");
        t.edit(10, 10, "\n\n");
        check(&t, "P1: Kasulo\n\nP2: oui");
        t.edit(0, 19, "x");
        check(&t, "x");
    }

    proptest! {
        #[test]
        fn replace_matches_the_string(text in "[ab\né]{0,30}", a in 0usize..40, b in 0usize..40, ins in "[c\nü]{0,5}") {
            let n = char_len(&text);
            let (a, b) = (a.min(n), b.min(n));
            let (a, b) = (a.min(b), a.max(b));
            let mut t = LineText::new(&text);
            let removed = t.edit(a, b, &ins);
            let chars: Vec<char> = text.chars().collect();
            let expect: String = chars[..a].iter().chain(ins.chars().collect::<Vec<_>>().iter()).chain(chars[b..].iter()).collect();
            prop_assert_eq!(removed, chars[a..b].iter().collect::<String>());
            check(&t, &expect);
        }
    }
}
