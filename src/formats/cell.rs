//! Spreadsheet cells that must not run: a cell starting with `=`, `+`,
//! `-`, `@`, tab or carriage return is taken for a formula by Excel,
//! LibreOffice and Google Sheets (CSV injection). CSV writers put a `'`
//! in front ([`guard`]); readers of our own files take it off again
//! ([`unguard`]); the XLSX writer marks such cells as quoted text instead.

use std::borrow::Cow;

/// Whether a spreadsheet would run `s` (ignoring `'` already in front).
pub fn is_formula_start(s: &str) -> bool {
    s.trim_start_matches('\'')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell as written: `'` in front of anything a spreadsheet would run.
pub fn guard(s: &str) -> Cow<'_, str> {
    if is_formula_start(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A text cell of a CSV export: every C0 and C1 control (but new line and
/// tab) made visible, as on screen, so no escape sequence or bell reaches
/// whoever `cat`s the file; then [`guard`]ed.
pub fn text_cell(s: &str) -> Cow<'_, str> {
    match crate::core::sanitize::controls_visible(s) {
        Cow::Borrowed(b) => guard(b),
        Cow::Owned(o) => Cow::Owned(guard(&o).into_owned()),
    }
}

/// A cell as read: the inverse of [`guard`].
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if is_formula_start(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_every_formula_start_and_round_trips() {
        for s in [
            "=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "''=x",
        ] {
            let g = guard(s);
            assert!(g.starts_with('\''), "{s:?}");
            assert_eq!(unguard(&g), s);
        }
        for s in ["plain", "'quoted", "a=b", " =x", ""] {
            assert_eq!(guard(s), s);
            assert_eq!(unguard(s), s);
        }
        assert_eq!(text_cell("=a\u{1b}[2J\u{9b}\u{7}\tb\nc"), "'=a␛[2J�␇\tb\nc");
        assert_eq!(text_cell("\rx"), "␍x");
    }
}
