//! Word boundaries (UAX #29, as `unicode-segmentation` finds them) and the
//! words among the segments (a segment holding a letter or digit), fast.
//!
//! UAX #29 always breaks around line breaks (WB3a, WB3b) and around a run
//! of spaces — unless a combining mark, format character or ZWJ follows
//! the run, which WB4 attaches to it. A text is cut there first into
//! *pieces* ([`is_cut`]); a piece made only of the characters whose
//! word-break class [`class_at`] knows (ASCII, the Latin letters up to
//! U+02FF, the punctuation U+2010–U+2027) is segmented here by the rules
//! WB5–WB13b restricted to those classes; any other piece (combining
//! marks, format characters, other scripts, emoji, …) by
//! `unicode-segmentation`, unchanged. The property tests below compare
//! both with `unicode-segmentation` over whole texts.
//!
//! Pure: no I/O.

use unicode_segmentation::UnicodeSegmentation;

/// Whether a UAX #29 segment is a word.
fn is_word(seg: &str) -> bool {
    if seg.is_ascii() {
        seg.bytes().any(|b| b.is_ascii_alphanumeric())
    } else {
        seg.chars().any(char::is_alphanumeric)
    }
}

fn char_len(seg: &str) -> usize {
    if seg.is_ascii() {
        seg.len()
    } else {
        seg.chars().count()
    }
}

/// Word-break classes of the characters the fast path knows (UAX #29
/// table 3; the single quote acts as MidNumLet outside Hebrew).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    /// A piece ends here.
    Separator,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    /// MidNumLet and Single_Quote.
    MidNumLet,
    MidNum,
    /// Any class that never joins (Any, Newline, Double_Quote outside
    /// Hebrew): a segment of one character.
    Other,
    /// A character the fast path does not know: the piece goes to
    /// `unicode-segmentation`.
    Unknown,
}

const fn ascii_class(b: u8) -> Wb {
    match b {
        b' ' | b'\n' | b'\r' => Wb::Separator,
        b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
        b'0'..=b'9' => Wb::Numeric,
        b'_' => Wb::ExtendNumLet,
        b':' => Wb::MidLetter,
        b'.' | b'\'' => Wb::MidNumLet,
        b',' | b';' => Wb::MidNum,
        0x80..=0xff => Wb::Unknown,
        _ => Wb::Other,
    }
}

const ASCII: [Wb; 256] = {
    let mut t = [Wb::Other; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = ascii_class(i as u8);
        i += 1;
    }
    t
};

/// The class of U+0080–U+07FF (two UTF-8 bytes): the Latin letters, and
/// the few other classes of Latin-1 (word break property of Unicode 16, as
/// `unicode-segmentation` 1.13 has it; `every_known_character_…` below
/// checks each against that crate).
#[inline]
fn two_byte_class(cp: u32) -> Wb {
    match cp {
        0xAA | 0xB5 | 0xB8 | 0xBA => Wb::Letter,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2D7 | 0x2DE..=0x2FF => Wb::Letter,
        0xB7 => Wb::MidLetter,
        // Soft hyphen (Format) joins through WB4: not here.
        0xAD => Wb::Unknown,
        0x80..=0xBF | 0xD7 | 0xF7 | 0x2D8..=0x2DD => Wb::Other,
        _ => Wb::Unknown,
    }
}

/// The class of U+2010–U+2027 (three bytes `E2 80 90`–`E2 80 A7`):
/// dashes, quotation marks, the ellipsis and bullets never join; ‘ ’ and
/// the one-dot leader are MidNumLet, the hyphenation point MidLetter.
#[inline]
fn punctuation_class(last: u8) -> Wb {
    match last {
        0x98 | 0x99 | 0xA4 => Wb::MidNumLet,
        0xA7 => Wb::MidLetter,
        0x90..=0xA6 => Wb::Other,
        _ => Wb::Unknown,
    }
}

/// The class of the character starting at byte `i` of `b` (a char
/// boundary of valid UTF-8), its length in bytes, and whether it is a
/// letter or digit (`char::is_alphanumeric`: what makes a segment a word;
/// a few characters of class ALetter are not, such as `¸`, and a few of
/// class Any are, such as `²`); past the end, a separator.
#[inline]
fn class_at(b: &[u8], i: usize) -> (Wb, usize, bool) {
    let Some(&x) = b.get(i) else {
        return (Wb::Separator, 0, false);
    };
    if x < 0x80 {
        return (ASCII[x as usize], 1, x.is_ascii_alphanumeric());
    }
    let y = b.get(i + 1).copied().unwrap_or(0);
    if (0xC2..=0xDF).contains(&x) {
        let cp = (u32::from(x & 0x1F) << 6) | u32::from(y & 0x3F);
        // The Latin letters are; for the rest, ask.
        let alnum = matches!(cp, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2C1)
            || char::from_u32(cp).is_some_and(char::is_alphanumeric);
        return (two_byte_class(cp), 2, alnum);
    }
    if x == 0xE2 && y == 0x80 {
        return (
            punctuation_class(b.get(i + 2).copied().unwrap_or(0)),
            3,
            false,
        );
    }
    (Wb::Unknown, 1, false)
}

/// Whether byte `k` of `b` is a separator between pieces: a line break,
/// or a space of a run followed by a line break, the end, or a character
/// of a known class (a run followed by anything else may be joined to it
/// by WB4 — even to a run of other spaces before it, by WB3d — so the
/// pieces on both sides and the run go to `unicode-segmentation` as one).
#[inline]
fn is_cut(b: &[u8], k: usize) -> bool {
    match b.get(k) {
        Some(b'\n' | b'\r') => true,
        Some(b' ') => {
            // Mostly a letter follows.
            if let Some(&x) = b.get(k + 1) {
                if x < 0x80 && x != b' ' {
                    return true;
                }
            }
            let mut m = k + 1;
            while b.get(m) == Some(&b' ') {
                m += 1;
            }
            match b.get(m) {
                None | Some(b'\n' | b'\r') => true,
                Some(_) => class_at(b, m).0 != Wb::Unknown,
            }
        }
        _ => false,
    }
}

/// Where the words found go: char ranges only, or bytes and chars.
trait Sink {
    fn word(&mut self, bytes: (usize, usize), chars: (usize, usize));
    /// How many words so far (a piece's words can be taken back).
    fn mark(&self) -> usize;
    fn take_back(&mut self, mark: usize);
}

impl Sink for Vec<(usize, usize)> {
    #[inline]
    fn word(&mut self, _: (usize, usize), chars: (usize, usize)) {
        self.push(chars);
    }
    fn mark(&self) -> usize {
        self.len()
    }
    fn take_back(&mut self, mark: usize) {
        self.truncate(mark);
    }
}

impl Sink for Vec<((usize, usize), (usize, usize))> {
    #[inline]
    fn word(&mut self, bytes: (usize, usize), chars: (usize, usize)) {
        self.push((bytes, chars));
    }
    fn mark(&self) -> usize {
        self.len()
    }
    fn take_back(&mut self, mark: usize) {
        self.truncate(mark);
    }
}

/// Segments the piece of `text` starting at byte `from` (char `at`) with
/// `unicode-segmentation`; returns its end (byte, char).
fn slow_piece(text: &str, from: usize, at: usize, out: &mut impl Sink) -> (usize, usize) {
    let b = text.as_bytes();
    let mut end = from;
    while end < b.len() && !is_cut(b, end) {
        end += 1;
    }
    let (mut i, mut pos) = (from, at);
    for seg in text.get(from..end).unwrap_or("").split_word_bounds() {
        let n = char_len(seg);
        if is_word(seg) {
            out.word((i, i + seg.len()), (pos, pos + n));
        }
        i += seg.len();
        pos += n;
    }
    (end, pos)
}

/// Whether an ASCII byte is a letter or digit, by table (the hot loop).
const ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// Where the run of ASCII letters and digits from byte `i` ends: eight
/// bytes at a time (a word is mostly within one load), the bytes in
/// range found by adding across the high bit of each byte.
#[inline]
fn alnum_run_end(b: &[u8], mut i: usize) -> usize {
    const H: u64 = 0x8080_8080_8080_8080;
    const L: u64 = 0x0101_0101_0101_0101;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let w = u64::from_le_bytes(a);
        // The low seven bits of each byte; in [lo, hi] when `x + 128 - lo`
        // has the high bit and `x + 127 - hi` has not (no carry between
        // bytes: both stay below 256).
        let x = w & !H;
        let digit = x.wrapping_add(L * (0x80 - 0x30)) & !x.wrapping_add(L * (0x7F - 0x39));
        let y = x | (L * 0x20);
        let letter = y.wrapping_add(L * (0x80 - 0x61)) & !y.wrapping_add(L * (0x7F - 0x7A));
        let other = !((digit | letter) & !w) & H;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && ALNUM[b[i] as usize] {
        i += 1;
    }
    i
}

/// Segments `text` from byte `i` (char `pos`: a piece or a separator
/// starts there), piece by piece, until the first separator after which
/// the next piece starts at or after char `until` (or the end); the words
/// into `out`. Returns where it stopped (byte, char).
///
/// A piece of known characters is segmented here, by the rules of
/// `unicode-segmentation`'s forward state machine restricted to the known
/// classes: letters, digits and `_` join (WB5, WB8–WB10, WB13a, WB13b); a
/// MidLetter or MidNumLet between letters, a MidNum or MidNumLet between
/// digits join (WB6, WB7, WB11, WB12); anything else breaks (WB999). At
/// the first character it does not know, the piece's words are taken back
/// and the whole piece goes to `unicode-segmentation`.
fn segment_from(
    text: &str,
    mut i: usize,
    mut pos: usize,
    until: usize,
    out: &mut impl Sink,
) -> (usize, usize) {
    let b = text.as_bytes();
    let n = b.len();
    if pos >= until {
        return (i, pos);
    }
    // Where the current piece started, and how many words there were then.
    let mut piece = (i, pos, out.mark());
    while i < n {
        let x = b[i];
        let slow = if ALNUM[x as usize] {
            // A run of ASCII letters and digits, and what ends it: mostly
            // a space or punctuation that never joins.
            let (ws, wp) = (i, pos);
            i = alnum_run_end(b, i + 1);
            pos += i - ws;
            let next = b.get(i).copied();
            if next == Some(b' ') && is_cut(b, i) {
                out.word((ws, i), (wp, pos));
                // The space too.
                i += 1;
                pos += 1;
                if pos >= until {
                    return (i, pos);
                }
                piece = (i, pos, out.mark());
                continue;
            }
            match next.map(|y| ASCII[y as usize]) {
                None | Some(Wb::Other) => {
                    out.word((ws, i), (wp, pos));
                    false
                }
                Some(Wb::Separator) if is_cut(b, i) => {
                    out.word((ws, i), (wp, pos));
                    false
                }
                _ => {
                    // The last char: a digit, or a letter (ASCII or not).
                    let state = if b[i - 1].is_ascii_digit() {
                        Wb::Numeric
                    } else {
                        Wb::Letter
                    };
                    match word_from(b, i, pos, state, true) {
                        Some((end, end_pos, _)) => {
                            out.word((ws, end), (wp, end_pos));
                            (i, pos) = (end, end_pos);
                            false
                        }
                        None => true,
                    }
                }
            }
        } else {
            match ASCII[x as usize] {
                Wb::Separator => {
                    if !is_cut(b, i) {
                        true
                    } else {
                        i += 1;
                        pos += 1;
                        if pos >= until {
                            return (i, pos);
                        }
                        piece = (i, pos, out.mark());
                        false
                    }
                }
                Wb::MidLetter | Wb::MidNumLet | Wb::MidNum | Wb::Other => {
                    // ASCII punctuation: a segment of its own, never a word.
                    i += 1;
                    pos += 1;
                    false
                }
                Wb::Letter | Wb::Numeric | Wb::ExtendNumLet | Wb::Unknown => {
                    let (c, l, a) = class_at(b, i);
                    match c {
                        Wb::Letter | Wb::Numeric | Wb::ExtendNumLet => {
                            match word_from(b, i + l, pos + 1, c, a) {
                                Some((end, end_pos, alnum)) => {
                                    if alnum {
                                        out.word((i, end), (pos, end_pos));
                                    }
                                    (i, pos) = (end, end_pos);
                                    false
                                }
                                None => true,
                            }
                        }
                        Wb::MidLetter | Wb::MidNumLet | Wb::MidNum | Wb::Other => {
                            // A segment of its own (`²` is a word).
                            if a {
                                out.word((i, i + l), (pos, pos + 1));
                            }
                            i += l;
                            pos += 1;
                            false
                        }
                        Wb::Separator | Wb::Unknown => true,
                    }
                }
            }
        };
        if slow {
            out.take_back(piece.2);
            (i, pos) = slow_piece(text, piece.0, piece.1, out);
        }
    }
    (i, pos)
}

/// The rest of a word segment from byte `i` (char `pos`), the last
/// character taken having left the machine in `state` (a letter, digit or
/// `_`), `alnum` if the segment so far has a letter or digit: its end
/// (byte, char) and whether it is a word; `None` when the piece must go to
/// `unicode-segmentation`.
#[inline]
fn word_from(
    b: &[u8],
    mut i: usize,
    mut pos: usize,
    mut state: Wb,
    mut alnum: bool,
) -> Option<(usize, usize, bool)> {
    let n = b.len();
    loop {
        // Plain ASCII letters and digits: the common case.
        let run = i;
        i = alnum_run_end(b, i);
        if i > run {
            pos += i - run;
            alnum = true;
            state = if b[i - 1].is_ascii_digit() {
                Wb::Numeric
            } else {
                Wb::Letter
            };
        }
        let (next, nl, na) = class_at(b, i);
        match (state, next) {
            (_, Wb::Unknown) => return None,
            (_, Wb::Separator) if i < n && !is_cut(b, i) => return None,
            (_, Wb::Letter | Wb::Numeric) => {
                state = next;
                alnum |= na;
            }
            (_, Wb::ExtendNumLet) => state = Wb::ExtendNumLet,
            (Wb::Letter, Wb::MidLetter | Wb::MidNumLet)
            | (Wb::Numeric, Wb::MidNum | Wb::MidNumLet) => {
                let (after, al, aa) = class_at(b, i + nl);
                if after == Wb::Unknown {
                    return None;
                }
                if after != state {
                    return Some((i, pos, alnum));
                }
                alnum |= aa;
                i += nl + al;
                pos += 2;
                continue;
            }
            _ => return Some((i, pos, alnum)),
        }
        i += nl;
        pos += 1;
    }
}

/// Calls `f(start, end, word)` for every word of `text` (char offsets), in
/// order.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut found: Vec<((usize, usize), (usize, usize))> = Vec::new();
    segment_from(text, 0, 0, usize::MAX, &mut found);
    for ((bs, be), (s, e)) in found {
        f(s, e, text.get(bs..be).unwrap_or(""));
    }
}

/// Every word of `text` as a char range, in order.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    segment_from(text, 0, 0, usize::MAX, &mut out);
    out
}

/// Whether byte `x` starts a UTF-8 character.
#[inline]
fn starts_char(x: u8) -> bool {
    (x as i8) >= -0x40
}

/// The byte where char `k` after byte `i` (a char boundary) starts, or the
/// end of `b`: eight bytes at a time (a word's char starts are its bytes
/// that are not continuation bytes, `10xxxxxx`).
fn skip_chars(b: &[u8], mut i: usize, mut k: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while k > 8 {
        let Some(chunk) = b.get(i..i + 8) else { break };
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let w = u64::from_le_bytes(w);
        // Continuation bytes: the top bit set and the next one clear.
        let continuation = (w & !(w << 1) & HIGH).count_ones() as usize;
        k -= 8 - continuation;
        i += 8;
    }
    while i < b.len() && k > 0 {
        if starts_char(b[i]) {
            k -= 1;
        }
        i += 1;
    }
    while i < b.len() && !starts_char(b[i]) {
        i += 1;
    }
    i
}

/// The words of `text` ([`word_spans`]) that lie in a piece of text
/// between spaces and line breaks sharing a character with one of the
/// sorted disjoint char ranges `regions` — among them every word sharing a
/// character with a region, so [`crate::core::analysis::words_touching`]
/// counts the same over any ranges inside the regions. Word boundaries
/// never cross a space or break, so each piece is segmented alone; the
/// text between regions is only counted through (eight bytes at a time),
/// back to the start of the piece a region begins in.
pub fn word_spans_within(text: &str, regions: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Byte `i` is char `pos`; everything before it is done.
    let mut i = 0;
    let mut pos = 0;
    for &(rs, re) in regions {
        if i >= b.len() {
            break;
        }
        if rs > pos {
            let done = i;
            let mut j = skip_chars(b, i, rs - pos);
            let mut p = rs;
            if j >= b.len() {
                break;
            }
            // Back to the start of the piece holding char `rs` (if it is
            // not a separator).
            if !is_cut(b, j) {
                while j > done && !is_cut(b, j - 1) {
                    j -= 1;
                    if starts_char(b[j]) {
                        p -= 1;
                    }
                }
            }
            (i, pos) = (j, p);
        }
        // Every piece starting before the region's end.
        (i, pos) = segment_from(text, i, pos, re, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The words of `text` by `unicode-segmentation` over the whole text.
    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        for seg in text.split_word_bounds() {
            let n = seg.chars().count();
            if seg.chars().any(char::is_alphanumeric) {
                out.push((pos, pos + n));
            }
            pos += n;
        }
        out
    }

    /// The words with their text, by `unicode-segmentation`.
    fn reference_words(text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut pos = 0;
        for seg in text.split_word_bounds() {
            let n = seg.chars().count();
            if seg.chars().any(char::is_alphanumeric) {
                out.push((pos, pos + n, seg.to_string()));
            }
            pos += n;
        }
        out
    }

    fn words(text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for_each_word(text, |s, e, w| out.push((s, e, w.to_string())));
        out
    }

    /// What [`word_spans_within`] finds, the slow way: every piece cut
    /// (byte by byte, [`is_cut`]) and segmented by `unicode-segmentation`,
    /// keeping the words of the pieces that share a character with a
    /// region.
    fn within_by_every_piece(text: &str, regions: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let (mut i, mut pos) = (0, 0);
        while i < b.len() {
            if is_cut(b, i) {
                i += 1;
                pos += 1;
                continue;
            }
            let mut j = i;
            while j < b.len() && !is_cut(b, j) {
                j += 1;
            }
            let piece = text.get(i..j).expect("a char boundary");
            let n = piece.chars().count();
            if regions.iter().any(|&(rs, re)| rs < pos + n && pos < re) {
                out.extend(
                    reference(piece)
                        .into_iter()
                        .map(|(a, z)| (pos + a, pos + z)),
                );
            }
            (i, pos) = (j, pos + n);
        }
        out
    }

    #[test]
    fn latin_words_and_their_punctuation() {
        let t = "l’école [00:01:23] P1: 3.5 kg, d'eau… «bébé» naïve_x a·b _ __ x.y. 1,5; ç–ñ";
        assert_eq!(words(t), reference_words(t));
        let w: Vec<String> = words(t).into_iter().map(|w| w.2).collect();
        assert_eq!(
            w,
            [
                "l’école",
                "00",
                "01",
                "23",
                "P1",
                "3.5",
                "kg",
                "d'eau",
                "bébé",
                "naïve_x",
                "a·b",
                "x.y",
                "1,5",
                "ç",
                "ñ"
            ]
        );
    }

    /// One character of every class the fast path knows, and some it
    /// sends on: contexts for each known character below.
    const CONTEXT: [&str; 24] = [
        "a", "Z", "é", "ÿ", "5", "_", ":", ".", "'", ",", ";", "’", "·", "-", "\"", "!", "\t", "«",
        "\u{301}", "\u{ad}", "\u{200d}", "😀", "א", "\u{b}",
    ];

    #[test]
    fn every_known_character_segments_as_unicode_segmentation() {
        // Every character the fast path classes, between every pair of
        // contexts (and alone, doubled, at the ends): the same words.
        let known: Vec<char> = (0x20u32..0x300)
            .chain(0x2010..0x2028)
            .filter_map(char::from_u32)
            .filter(|&c| {
                let mut buf = [0u8; 4];
                let s = c.encode_utf8(&mut buf);
                class_at(s.as_bytes(), 0).0 != Wb::Unknown
            })
            .collect();
        assert!(known.len() > 700, "{}", known.len());
        for c in known {
            for a in CONTEXT {
                for z in CONTEXT {
                    for t in [
                        format!("{a}{c}{z}"),
                        format!("{a}{c}{c}{z}"),
                        format!("{c}{a}{c}{z}{c}"),
                        format!("{a}{a}{c}{z}{z}"),
                    ] {
                        assert_eq!(words(&t), reference_words(&t), "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn skipping_lands_on_the_char_asked_for() {
        let t = "aé€😀b cdefghijklmnopqrstuvwxyz éééééééééé ok";
        let b = t.as_bytes();
        let starts: Vec<usize> = t.char_indices().map(|(i, _)| i).collect();
        for from in 0..starts.len() {
            for k in 0..=starts.len() - from {
                let want = starts.get(from + k).copied().unwrap_or(b.len());
                assert_eq!(skip_chars(b, starts[from], k), want, "{from} {k}");
            }
        }
    }

    /// A mixed alphabet: ASCII letters, digits and punctuation, Latin
    /// letters, typographic quotes and dashes, combining marks, a soft
    /// hyphen, ZWJ, emoji, CJK, Hebrew, Katakana, other spaces and line
    /// breaks.
    const MIXED: &str = "[a-zA-Z0-9 _:.,;'\"!?()\\-\n\r\t\u{b}\u{85}éàüÉœçÿßñ²¸’‘‥․·–—…«»\u{301}\u{308}\u{345}\u{ad}\u{200d}\u{a0}\u{202f}\u{2000}\u{3000}\u{2028}😀👍🏽中文カナא]";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn fast_segmentation_is_uax29(text in proptest::string::string_regex(&format!("{MIXED}{{0,40}}")).expect("regex")) {
            prop_assert_eq!(word_spans(&text), reference(&text));
            prop_assert_eq!(words(&text), reference_words(&text));
        }

        #[test]
        fn fast_segmentation_is_uax29_on_latin_text(
            text in "[a-zé0-9 _:.,;'’·\\-]{0,30}"
        ) {
            prop_assert_eq!(words(&text), reference_words(&text));
        }
    }

    proptest! {
        #[test]
        fn word_spans_cover_the_words_of_the_text(text in "\\PC{0,80}") {
            let chars: Vec<char> = text.chars().collect();
            let spans = word_spans(&text);
            prop_assert_eq!(&spans, &reference(&text));
            let mut last = 0;
            for (s, e) in spans {
                prop_assert!(s >= last && s < e && e <= chars.len());
                prop_assert!(chars[s..e].iter().any(|c| c.is_alphanumeric()));
                last = e;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        #[test]
        fn words_within_regions_are_those_of_the_pieces_meeting_them(
            text in proptest::string::string_regex(&format!("{MIXED}{{0,120}}")).expect("regex"),
            raw in proptest::collection::vec((0usize..30, 0usize..12), 0..6),
        ) {
            let mut regions = Vec::new();
            let mut pos = 0;
            for (gap, len) in raw {
                regions.push((pos + gap, pos + gap + len + 1));
                pos += gap + len + 1;
            }
            let all = word_spans(&text);
            let within = word_spans_within(&text, &regions);
            prop_assert_eq!(&within, &within_by_every_piece(&text, &regions));
            // Only words of the text, and every word touching a region.
            prop_assert!(within.iter().all(|w| all.contains(w)));
            for w in &all {
                if regions.iter().any(|&(s, e)| w.0 < e && s < w.1) {
                    prop_assert!(within.contains(w));
                }
            }
            prop_assert_eq!(
                crate::core::analysis::words_touching(&all, &regions),
                crate::core::analysis::words_touching(&within, &regions)
            );
        }
    }
}
