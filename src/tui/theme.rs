//! Colours and styles of the viewer, in one place.

use crate::core::codebook::PALETTE;
use ratatui::style::{Color, Modifier, Style};

/// Speaker colours, in order of first appearance in a document. Chosen to
/// stay readable on dark and light terminals.
pub const SPEAKER_COLORS: [Color; 10] = [
    Color::Cyan,
    Color::Yellow,
    Color::Green,
    Color::Magenta,
    Color::LightBlue,
    Color::LightRed,
    Color::LightGreen,
    Color::LightMagenta,
    Color::LightCyan,
    Color::LightYellow,
];

pub fn speaker_color(slot: Option<usize>) -> Color {
    slot.map_or(Color::Gray, |i| SPEAKER_COLORS[i % SPEAKER_COLORS.len()])
}

pub fn speaker(slot: Option<usize>) -> Style {
    Style::new()
        .fg(speaker_color(slot))
        .add_modifier(Modifier::BOLD)
}

/// Timestamps and other markup around a turn's label.
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// Transcriber's annotations inside speech: `[rires]`, `[inaudible 00:12:31]`.
pub fn annotation() -> Style {
    Style::new()
        .fg(Color::DarkGray)
        .add_modifier(Modifier::ITALIC)
}

/// Text outside any turn (title, date lines of a transcript's header).
pub fn header_text() -> Style {
    Style::new().add_modifier(Modifier::ITALIC)
}

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn selected_row() -> Style {
    Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}

pub fn status_bar() -> Style {
    Style::new().bg(Color::Indexed(236)).fg(Color::Gray)
}

pub fn status_key() -> Style {
    Style::new()
        .bg(Color::Indexed(236))
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn help_key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn selected_unfocused() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// A code's colour from its `#rrggbb` (or `#rgb`), else from the palette
/// new codes draw from.
pub fn code_color(hex: Option<&str>, index: usize) -> Color {
    hex.and_then(parse_hex).unwrap_or_else(|| palette(index))
}

/// Colour `index` of the code palette (`core::codebook::PALETTE`), cycling.
pub fn palette(index: usize) -> Color {
    let (hex, _) = PALETTE[index % PALETTE.len()];
    parse_hex(hex).unwrap_or(Color::Gray)
}

pub fn parse_hex(s: &str) -> Option<Color> {
    let h = s.trim().strip_prefix('#')?;
    let digits: Vec<u8> = h
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some(Color::Rgb(r * 17, g * 17, b * 17)),
        [r1, r2, g1, g2, b1, b2] => Some(Color::Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
        _ => None,
    }
}

/// The background of coded text: the code's colour, darkened so that text
/// stays readable.
pub fn coding_bg(c: Color) -> Color {
    match c {
        Color::Rgb(r, g, b) => Color::Rgb(
            (u16::from(r) * 35 / 100) as u8,
            (u16::from(g) * 35 / 100) as u8,
            (u16::from(b) * 35 / 100) as u8,
        ),
        other => other,
    }
}

/// The selection's background.
pub fn selection() -> Style {
    Style::new()
        .bg(Color::Rgb(0x2a, 0x4d, 0x8f))
        .fg(Color::White)
}

/// The cursor cell.
pub fn cursor() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// Matched words in search results and in the transcript after a jump.
pub fn search_match() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}

/// A figure's heat on the analysis screen, 0 (none) to 4: background steps
/// among the 16 basic colours (so 16-colour terminals show them too), with
/// a foreground that stays readable on each; the number is always printed.
pub fn heat(level: u8) -> Style {
    match level {
        0 => Style::new(),
        1 => Style::new().bg(Color::DarkGray).fg(Color::White),
        2 => Style::new().bg(Color::Blue).fg(Color::White),
        3 => Style::new().bg(Color::Cyan).fg(Color::Black),
        _ => Style::new()
            .bg(Color::LightYellow)
            .fg(Color::Black)
            .add_modifier(Modifier::BOLD),
    }
}

/// The bars of the frequency chart.
pub fn bar() -> Style {
    Style::new().fg(Color::Cyan)
}

/// What went wrong, said on a screen.
pub fn error() -> Style {
    Style::new().fg(Color::LightRed)
}

/// A caution (the c-coefficient's warning, what the last key did).
pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}
