//! Characters that draw nothing (zero-width spaces and joiners, the byte
//! order mark, direction marks, overrides and isolates) are shown in the
//! transcript as dim symbols, one per char, through the real update loop
//! into a TestBackend; the cursor steps over each of them exactly.

mod common;

use crossterm::event::KeyCode;
use ratatui::style::Modifier;

const TEXT: &str = "Interviewer: Bonjour.\n\
P1: pay\u{200b}ment \u{202e}lave\u{202c} ok\u{feff} \u{200f}fin \u{2066}x\u{2069} a\u{200d} 👩🏽\u{200d}🌾 \u{1b}[2J.\n";

#[test]
fn zero_width_and_direction_chars_are_visible_dim_and_one_cursor_step_each() {
    let env = common::Env::new();
    let path = common::coded_project(
        env.dir.path(),
        &[("t", TEXT)],
        "codes:\n  - name: Topic\n",
        &[],
    );
    let mut ui = common::Ui::open(&path);
    let line = ui.line_with("pay");
    assert!(
        line.contains("pay·ment ←lave↤ ok· ←fin →x↤ a· 👩🏽\u{200d}🌾"),
        "{line}"
    );
    assert!(line.contains(" ␛[2J."), "{line}");
    // Nothing that draws nothing reaches the terminal (the joiner inside
    // the emoji sequence is part of the emoji's cell).
    let screen = ui.screen();
    for c in [
        '\u{200b}', '\u{202e}', '\u{202c}', '\u{feff}', '\u{200f}', '\u{2066}',
    ] {
        assert!(!screen.contains(c), "{:#x} drawn raw", c as u32);
    }
    // The symbols are dim; the words around them are not.
    assert!(ui.style_of("·ment").add_modifier.contains(Modifier::DIM));
    assert!(ui.style_of("←lave").add_modifier.contains(Modifier::DIM));
    assert!(!ui.style_of("pay").add_modifier.contains(Modifier::DIM));
    // Char offsets are exact: the cursor steps onto the zero-width space
    // itself, then onto the letter before it.
    ui.app.transcript.as_mut().expect("open").clear_selection();
    ui.goto("ment");
    let at = |ui: &common::Ui| ui.app.transcript.as_ref().expect("open").cursor();
    let ment = at(&ui);
    ui.key(KeyCode::Left);
    assert_eq!(at(&ui), ment - 1, "onto the zero-width space");
    let t = ui.app.transcript.as_ref().expect("open");
    assert_eq!(t.text().chars().nth(at(&ui)), Some('\u{200b}'));
    ui.key(KeyCode::Left);
    assert_eq!(at(&ui), ment - 2, "onto the y");
    ui.key(KeyCode::Right);
    ui.key(KeyCode::Right);
    assert_eq!(at(&ui), ment);
}
