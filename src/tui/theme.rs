//! Colours and styles of the viewer, in one place.

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

/// Fallback colours for codes without one.
const CODE_PALETTE: [Color; 8] = [
    Color::Rgb(0xe6, 0x7e, 0x22),
    Color::Rgb(0x27, 0xae, 0x60),
    Color::Rgb(0x29, 0x80, 0xb9),
    Color::Rgb(0x8e, 0x44, 0xad),
    Color::Rgb(0xc0, 0x39, 0x2b),
    Color::Rgb(0x16, 0xa0, 0x85),
    Color::Rgb(0xd3, 0x54, 0x00),
    Color::Rgb(0x7f, 0x8c, 0x8d),
];

/// A code's colour from its `#rrggbb` (or `#rgb`), else from a palette.
pub fn code_color(hex: Option<&str>, index: usize) -> Color {
    hex.and_then(parse_hex)
        .unwrap_or(CODE_PALETTE[index % CODE_PALETTE.len()])
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

/// A palette colour as `#rrggbb`, for new codes.
pub fn palette_hex(index: usize) -> String {
    match CODE_PALETTE[index % CODE_PALETTE.len()] {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        _ => "#7f8c8d".into(),
    }
}

/// Matched words in search results and in the transcript after a jump.
pub fn search_match() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}
