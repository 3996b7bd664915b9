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
