//! Making text from files safe to show in a terminal: control characters and
//! escape sequences are turned into visible symbols, never sent raw.

use std::borrow::Cow;

/// How one char is shown: itself, or a visible stand-in.
pub fn visible_char(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        '\u{1b}' => Some('␛'),
        '\u{7f}' => Some('␡'),
        c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32),
        // C1 controls (CSI, OSC... in 8-bit form).
        '\u{80}'..='\u{9f}' => Some('�'),
        // Direction marks, embeddings, overrides and isolates (which could
        // reorder what the user sees), zero-width spaces and the byte order
        // mark: the symbols the transcript shows. Joiners (U+200C, U+200D)
        // stay: they shape emoji and Indic and Persian words.
        '\u{200b}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{feff}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => invisible_stand_in(c),
        _ => None,
    }
}

/// How a C0 or C1 control char (but `\n` and `\t`) is written into a text
/// export (Markdown, CSV): a visible stand-in, as on screen. Direction marks
/// and other format characters are left to the reader's software.
pub fn control_stand_in(c: char) -> Option<char> {
    match c {
        '\t' | '\n' => None,
        c if c.is_control() => visible_char(c),
        _ => None,
    }
}

/// `s` with every C0 and C1 control (but `\n` and `\t`) made visible, for
/// text exports.
pub fn controls_visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| control_stand_in(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| control_stand_in(c).unwrap_or(c))
            .collect(),
    )
}

/// How a character that draws nothing is shown in a transcript: zero-width
/// spaces and joiners, the byte order mark, direction marks, embeddings,
/// overrides and isolates each get a symbol (drawn dim by the view), so
/// that text which looks the same is seen to differ and nothing reorders
/// the line.
pub fn invisible_stand_in(c: char) -> Option<char> {
    match c {
        // Zero width space, non-joiner, joiner; zero width no-break space.
        '\u{200b}'..='\u{200d}' | '\u{feff}' => Some('·'),
        // Left-to-right mark, embedding, override, isolate.
        '\u{200e}' | '\u{202a}' | '\u{202d}' | '\u{2066}' => Some('→'),
        // Right-to-left mark, embedding, override, isolate.
        '\u{200f}' | '\u{202b}' | '\u{202e}' | '\u{2067}' => Some('←'),
        // First strong isolate.
        '\u{2068}' => Some('↔'),
        // Pop directional formatting, pop directional isolate.
        '\u{202c}' | '\u{2069}' => Some('↤'),
        _ => None,
    }
}

/// `s` with every control char (but `\n` and `\t`) made visible.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| visible_char(c).is_some()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| visible_char(c).unwrap_or(c)).collect())
}

/// `s` made visible and kept to one line (for names, labels, error messages).
pub fn one_line(s: &str) -> String {
    visible(s).replace(['\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        assert_eq!(visible("a\u{1b}[31mred"), "a␛[31mred");
        assert_eq!(visible("bell\u{7}"), "bell␇");
        assert_eq!(visible("csi\u{9b}2J"), "csi�2J");
        assert_eq!(visible("plain é\tok\n"), "plain é\tok\n");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(one_line("a\nb\u{1b}"), "a b␛");
        // Invisible characters in names, snippets and messages are seen.
        assert_eq!(visible("Ama\u{200b}ni\u{200f}!"), "Ama·ni←!");
        assert_eq!(visible("\u{202e}evil"), "←evil");
        assert_eq!(visible("👩🏽\u{200d}🌾"), "👩🏽\u{200d}🌾", "a joiner stays");
    }

    #[test]
    fn every_c0_and_c1_control_has_a_stand_in_for_exports() {
        for u in (0..0x20).chain(0x7f..0xa0) {
            let c = char::from_u32(u).expect("char");
            if c == '\n' || c == '\t' {
                assert_eq!(control_stand_in(c), None);
            } else {
                let v = control_stand_in(c).expect("a stand-in");
                assert!(!v.is_control(), "{u:#x}");
            }
        }
        assert_eq!(
            controls_visible("a\u{1b}[2J\u{7}\u{85}b\tc\n"),
            "a␛[2J␇�b\tc\n"
        );
        // Direction marks are not controls: exports keep them.
        assert_eq!(controls_visible("\u{200f}abc"), "\u{200f}abc");
    }

    #[test]
    fn zero_width_and_direction_chars_have_a_symbol_each() {
        for c in ('\u{200b}'..='\u{200f}')
            .chain('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{feff}'])
        {
            let v = invisible_stand_in(c).expect("a symbol");
            assert_eq!(
                unicode_width::UnicodeWidthChar::width(v),
                Some(1),
                "{:#x}",
                c as u32
            );
        }
        assert_eq!(invisible_stand_in('a'), None);
        assert_eq!(invisible_stand_in('\u{a0}'), None);
    }
}
