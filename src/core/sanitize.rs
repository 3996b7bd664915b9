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
        // C1 controls (CSI, OSC... in 8-bit form) and bidi overrides that
        // could reorder what the user sees.
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('�'),
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
    }
}
