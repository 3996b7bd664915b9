//! Turning one line of transcript text into terminal rows: graphemes with
//! their display width (control chars made visible, tabs expanded) and greedy
//! word wrapping. Works on one line at a time, so cost never depends on the
//! size of the document.

use crate::core::sanitize::{invisible_stand_in, visible_char};
use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub const TAB_WIDTH: usize = 4;

/// One user-perceived character as the terminal will show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glyph<'a> {
    /// Byte offset in the line.
    pub byte: usize,
    /// Char offset in the line.
    pub char_pos: usize,
    /// Number of chars in the grapheme cluster.
    pub chars: usize,
    /// What to draw (never contains control characters, nor characters
    /// that draw nothing).
    pub display: Cow<'a, str>,
    pub width: usize,
    /// Whether `display` holds stand-ins for characters that are not drawn
    /// as themselves (controls, zero-width and direction characters); the
    /// view dims them.
    pub stand_in: bool,
}

/// The glyphs of `line` from byte `from` (a grapheme boundary) and char
/// offset `char_from`.
pub fn glyphs(line: &str, from: usize, char_from: usize) -> impl Iterator<Item = Glyph<'_>> {
    let rest = line.get(from..).unwrap_or("");
    let mut char_pos = char_from;
    rest.grapheme_indices(true).map(move |(b, g)| {
        let chars = g.chars().count();
        let glyph = make_glyph(from + b, char_pos, chars, g);
        char_pos += chars;
        glyph
    })
}

/// The stand-in for `c`, the `i`-th of the `n` chars of its grapheme
/// cluster. A zero-width joiner inside a cluster (an emoji sequence such as
/// 👩🏽‍🌾, an Indic conjunct) does its work and is kept; alone or
/// trailing, it is shown like the other zero-width characters.
fn stand_in(c: char, i: usize, n: usize) -> Option<char> {
    if c == '\u{200d}' && i + 1 < n {
        return None;
    }
    invisible_stand_in(c).or_else(|| visible_char(c))
}

fn make_glyph(byte: usize, char_pos: usize, chars: usize, g: &str) -> Glyph<'_> {
    let (display, width, stand_in_) = if g == "\t" {
        (Cow::Borrowed("    "), TAB_WIDTH, false)
    } else if g
        .chars()
        .enumerate()
        .any(|(i, c)| c == '\t' || stand_in(c, i, chars).is_some())
    {
        let mut shown = false;
        let s: String = g
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if c == '\t' {
                    ' '
                } else if let Some(v) = stand_in(c, i, chars) {
                    shown = true;
                    v
                } else {
                    c
                }
            })
            .collect();
        let w = s.width().max(1);
        (Cow::Owned(s), w, shown)
    } else {
        (Cow::Borrowed(g), g.width(), false)
    };
    Glyph {
        byte,
        char_pos,
        chars,
        display,
        width,
        stand_in: stand_in_,
    }
}

/// Where each row of `line` starts, as (byte, char) offsets in the line, when
/// wrapped to `width` columns. Always at least one row.
pub fn wrap(line: &str, width: usize) -> Vec<(usize, usize)> {
    let width = width.max(1);
    let mut rows = vec![(0usize, 0usize)];
    let mut col = 0usize;
    // Start of the word after the last space seen in this row.
    let mut break_at: Option<(usize, usize, usize)> = None; // (byte, char, col at break)
    for g in glyphs(line, 0, 0) {
        let is_space = g.display.chars().all(char::is_whitespace);
        if col + g.width > width && col > 0 && !is_space {
            match break_at {
                Some((b, c, bcol)) if bcol > 0 => {
                    rows.push((b, c));
                    col -= bcol;
                }
                _ => {
                    rows.push((g.byte, g.char_pos));
                    col = 0;
                }
            }
            break_at = None;
        }
        col += g.width;
        if is_space {
            let after_b = g.byte + grapheme_len(line, g.byte);
            break_at = Some((after_b, g.char_pos + g.chars, col));
        }
    }
    rows
}

fn grapheme_len(line: &str, byte: usize) -> usize {
    line.get(byte..)
        .and_then(|r| r.graphemes(true).next())
        .map_or(0, str::len)
}

/// Display width of `s` (control chars counted as their visible stand-ins).
pub fn display_width(s: &str) -> usize {
    glyphs(s, 0, 0).map(|g| g.width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(line: &str, w: usize) -> Vec<String> {
        let starts = wrap(line, w);
        let mut out = Vec::new();
        for (i, (b, _)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(line.len(), |s| s.0);
            out.push(line.get(*b..end).unwrap_or("").to_string());
        }
        out
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            rows("le matin avant le soleil", 10),
            ["le matin ", "avant le ", "soleil"]
        );
        assert_eq!(rows("", 10), [""]);
        assert_eq!(rows("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_and_combining_characters_take_their_true_width() {
        // "é" as e + combining acute is one glyph of width 1.
        let gs: Vec<_> = glyphs("e\u{301}té", 0, 0).collect();
        assert_eq!(gs.len(), 3);
        assert_eq!(gs[0].chars, 2);
        assert_eq!(gs[0].width, 1);
        assert_eq!(gs[1].char_pos, 2);
        assert_eq!(display_width("日本"), 4);
        // Wide chars never split across the edge.
        assert_eq!(rows("日本語", 5), ["日本", "語"]);
        assert_eq!(rows("👩🏽‍🌾 ok", 3), ["👩🏽‍🌾 ", "ok"]);
    }

    #[test]
    fn control_characters_are_visible_and_tabs_expand() {
        let gs: Vec<_> = glyphs("a\u{1b}[2J\tb", 0, 0).collect();
        assert_eq!(gs[1].display, "␛");
        assert!(gs.iter().all(|g| !g.display.contains('\u{1b}')));
        assert_eq!(gs[5].display, "    ");
        assert_eq!(display_width("a\tb"), 2 + TAB_WIDTH);
    }

    #[test]
    fn zero_width_and_direction_chars_get_a_symbol_each() {
        let line = "a\u{200b}b\u{202e}cd\u{202c}\u{feff}e\u{200d}";
        let gs: Vec<_> = glyphs(line, 0, 0).collect();
        let shown: String = gs.iter().map(|g| g.display.as_ref()).collect();
        assert_eq!(shown, "a·b←cd↤·e·");
        // One glyph per char, each at its own char offset.
        assert_eq!(
            gs.iter().map(|g| g.char_pos).collect::<Vec<_>>()[..3],
            [0, 1, 2]
        );
        assert_eq!(
            gs.iter().map(|g| g.chars).sum::<usize>(),
            line.chars().count()
        );
        assert!(gs[1].stand_in && !gs[0].stand_in);
        assert_eq!(display_width(line), line.chars().count());
        // A joiner inside an emoji sequence joins; it is not shown.
        let g: Vec<_> = glyphs("👩🏽\u{200d}🌾", 0, 0).collect();
        assert_eq!(g.len(), 1);
        assert!(!g[0].stand_in);
        assert_eq!(g[0].display, "👩🏽\u{200d}🌾");
    }
}
