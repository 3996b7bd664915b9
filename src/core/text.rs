//! The one module that converts between byte offsets, char offsets and
//! lines. Everything else in Gloss speaks char offsets (`CharRange`) and asks
//! this module when it needs bytes; no other code slices strings by index.

use super::range::CharRange;

/// Number of chars (Unicode scalar values) in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Byte offset of char `pos` in `s`, clamped to `s.len()`.
pub fn byte_offset(s: &str, pos: usize) -> usize {
    // Chars start at every byte that is not a UTF-8 continuation byte;
    // counting them a block at a time (vectorised) skips most of a long
    // prefix, then the last block is walked byte by byte.
    const BLOCK: usize = 64;
    let bytes = s.as_bytes();
    let is_start = |b: &u8| (*b as i8) >= -64;
    let mut chars = 0;
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + BLOCK) {
        let n = block.iter().filter(|b| is_start(b)).count();
        if chars + n > pos {
            break;
        }
        chars += n;
        i += BLOCK;
    }
    for (k, b) in bytes.iter().enumerate().skip(i) {
        if is_start(b) {
            if chars == pos {
                return k;
            }
            chars += 1;
        }
    }
    s.len()
}

/// Char offset of byte `byte` in `s` (a byte inside a char counts as that char).
pub fn char_offset(s: &str, byte: usize) -> usize {
    s.char_indices().take_while(|(b, _)| *b < byte).count()
}

/// The text of `range` in `s` (clamped to the string).
pub fn char_slice(s: &str, range: CharRange) -> &str {
    let start = byte_offset(s, range.start);
    let rest = s.get(start..).unwrap_or("");
    let len = byte_offset(rest, range.len());
    rest.get(..len).unwrap_or("")
}

/// Byte range of `range` in `s`, for the few callers that must hand bytes on.
pub fn byte_range(s: &str, range: CharRange) -> std::ops::Range<usize> {
    let start = byte_offset(s, range.start);
    let rest = s.get(start..).unwrap_or("");
    start..start + byte_offset(rest, range.len())
}

/// Builds a text while tracking char offsets, so importers can record the
/// `CharRange` of what they append without counting by hand.
#[derive(Debug, Default, Clone)]
pub struct TextBuilder {
    text: String,
    chars: usize,
}

impl TextBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `s` and returns its char range in the text.
    pub fn push(&mut self, s: &str) -> CharRange {
        let start = self.chars;
        self.text.push_str(s);
        self.chars += char_len(s);
        CharRange::new(start, self.chars)
    }

    pub fn push_char(&mut self, c: char) -> CharRange {
        let start = self.chars;
        self.text.push(c);
        self.chars += 1;
        CharRange::new(start, self.chars)
    }

    /// Current length in chars (the offset of the next char pushed).
    pub fn char_pos(&self) -> usize {
        self.chars
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn ends_with(&self, s: &str) -> bool {
        self.text.ends_with(s)
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// Lines of a text with their char and byte starts (lines split on `\n`,
/// which is not part of any line).
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// (byte start, char start) of each line.
    starts: Vec<(usize, usize)>,
    total_bytes: usize,
    total_chars: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![(0usize, 0usize)];
        let mut chars = 0usize;
        for (b, c) in text.char_indices() {
            chars += 1;
            if c == '\n' {
                starts.push((b + 1, chars));
            }
        }
        LineIndex {
            starts,
            total_bytes: text.len(),
            total_chars: chars,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte range of line `i` (without its `\n`).
    pub fn line_bytes(&self, i: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(i).map_or(self.total_bytes, |s| s.0);
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.total_bytes, |s| s.0.saturating_sub(1));
        start..end.max(start)
    }

    /// Char range of line `i` (without its `\n`).
    pub fn line_chars(&self, i: usize) -> CharRange {
        let start = self.starts.get(i).map_or(self.total_chars, |s| s.1);
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.total_chars, |s| s.1.saturating_sub(1));
        CharRange::new(start, end.max(start))
    }

    /// The line holding char `pos` (the last line for `pos` past the end).
    pub fn line_of_char(&self, pos: usize) -> usize {
        self.starts
            .partition_point(|s| s.1 <= pos)
            .saturating_sub(1)
    }

    /// The text of line `i`.
    pub fn line<'a>(&self, text: &'a str, i: usize) -> &'a str {
        text.get(self.line_bytes(i)).unwrap_or("")
    }
}

/// Char → byte lookups on long texts without walking from the start: the
/// byte offset of every 256th char is kept (exports slice thousands of
/// passages out of one document).
#[derive(Debug, Clone)]
pub struct CharIndex {
    checkpoints: Vec<usize>,
    chars: usize,
}

const CHECKPOINT: usize = 256;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            if chars % CHECKPOINT == 0 {
                checkpoints.push(b);
            }
            chars += 1;
        }
        CharIndex { checkpoints, chars }
    }

    /// Number of chars of the text.
    pub fn len(&self) -> usize {
        self.chars
    }

    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// Byte offset of char `pos` in `text` (the text this index was built
    /// on), clamped to its length.
    pub fn byte(&self, text: &str, pos: usize) -> usize {
        if pos >= self.chars {
            return text.len();
        }
        let base = self.checkpoints[pos / CHECKPOINT];
        let rest = text.get(base..).unwrap_or("");
        base + byte_offset(rest, pos % CHECKPOINT)
    }

    /// The text of `range`, clamped.
    pub fn slice<'a>(&self, text: &'a str, range: CharRange) -> &'a str {
        let a = self.byte(text, range.start);
        let b = self.byte(text, range.end.max(range.start));
        text.get(a..b).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_on_non_ascii() {
        let s = "Enquêteur : ça va ? 👋🏽 oui";
        assert_eq!(char_slice(s, CharRange::new(12, 14)), "ça");
        let b = byte_offset(s, 12);
        assert_eq!(char_offset(s, b), 12);
        assert_eq!(char_slice(s, CharRange::new(20, 22)), "👋🏽");
        assert_eq!(char_slice(s, CharRange::new(20, 999)), "👋🏽 oui");
        assert_eq!(
            s.get(byte_range(s, CharRange::new(0, 9))),
            Some("Enquêteur")
        );
    }

    #[test]
    fn builder_tracks_char_ranges() {
        let mut b = TextBuilder::new();
        b.push("[00:00:01] ");
        let r = b.push("Élodie");
        assert_eq!(r, CharRange::new(11, 17));
        assert_eq!(char_slice(b.as_str(), r), "Élodie");
    }

    #[test]
    fn line_index_maps_chars_to_lines() {
        let s = "é\nab\n\nz";
        let li = LineIndex::new(s);
        assert_eq!(li.line_count(), 4);
        assert_eq!(li.line(s, 1), "ab");
        assert_eq!(li.line(s, 2), "");
        assert_eq!(li.line_chars(3), CharRange::new(6, 7));
        assert_eq!(li.line_of_char(0), 0);
        assert_eq!(li.line_of_char(2), 1);
        assert_eq!(li.line_of_char(5), 2);
        assert_eq!(li.line_of_char(6), 3);
    }

    #[test]
    fn char_index_matches_char_slice() {
        let s: String = "Enquêteur : ça va ? 👋🏽 oui\n".repeat(40);
        let ix = CharIndex::new(&s);
        assert_eq!(ix.len(), char_len(&s));
        for (a, b) in [(0, 0), (12, 14), (255, 257), (300, 1000), (1100, 99_999)] {
            let r = CharRange::new(a, b);
            assert_eq!(ix.slice(&s, r), char_slice(&s, r), "{a}..{b}");
        }
    }
}

/// The texts of several sorted, non-overlapping char ranges of `s`, found in
/// one pass (for indexing every turn of a document).
pub fn char_slices<'a>(s: &'a str, ranges: &[CharRange]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(ranges.len());
    // (char, byte) of the last point found: each range is found from there.
    let mut at = (0usize, 0usize);
    let mut byte_at = |target: usize| -> usize {
        if target < at.0 {
            at = (0, 0);
        }
        let rest = s.get(at.1..).unwrap_or("");
        at = (target, at.1 + byte_offset(rest, target - at.0));
        at.1
    };
    for r in ranges {
        let a = byte_at(r.start);
        let b = byte_at(r.end.max(r.start));
        out.push(s.get(a..b).unwrap_or(""));
    }
    out
}

#[cfg(test)]
mod slices_tests {
    use super::*;

    #[test]
    fn byte_offsets_past_long_prefixes() {
        // Blocks of 64 bytes cut through multi-byte chars at every phase.
        for unit in ["a", "é", "€", "👋🏽", "ab é 👩🏽‍🌾 ç"] {
            let s: String = std::iter::repeat_n(unit, 97).collect();
            for pos in 0..=s.chars().count() + 2 {
                let naive = s.char_indices().nth(pos).map_or(s.len(), |(b, _)| b);
                assert_eq!(byte_offset(&s, pos), naive, "{unit:?} at {pos}");
            }
        }
    }

    #[test]
    fn slices_in_one_pass() {
        let s = "ab é 👋🏽 fin";
        let r = [
            CharRange::new(0, 2),
            CharRange::new(3, 4),
            CharRange::new(5, 7),
            CharRange::new(8, 11),
        ];
        assert_eq!(char_slices(s, &r), ["ab", "é", "👋🏽", "fin"]);
        assert_eq!(char_slices(s, &[CharRange::new(8, 99)]), ["fin"]);
    }
}
