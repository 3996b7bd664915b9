//! Laying out and drawing the whole screen: document list, transcript,
//! status bar, help. The only mutation is telling the transcript state the
//! size of its viewport before drawing it.

use super::app::{App, Focus};
use super::keymap::{Command, Group};
use super::theme;
use super::transcript_view::{TranscriptRows, GUTTER};
use crate::core::sanitize::one_line;
use crate::core::time::format_time;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Clear, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState,
    Table, TableState, Wrap,
};
use ratatui::Frame;

/// Widths below this show one pane at a time.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let [main, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
    let show_list = app.focus == Focus::List
        || app.transcript.is_none()
        || main.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let show_transcript = app.transcript.is_some()
        && (app.focus == Focus::Transcript || main.width >= SIDE_BY_SIDE_MIN_WIDTH);
    let (list_area, transcript_area) = match (show_list, show_transcript) {
        (true, true) => {
            let list_w = (main.width * 3 / 10).clamp(30, 48);
            let [l, t] =
                Layout::horizontal([Constraint::Length(list_w), Constraint::Min(1)]).areas(main);
            (Some(l), Some(t))
        }
        (true, false) => (Some(main), None),
        (false, _) => (None, Some(main)),
    };
    if let Some(area) = list_area {
        draw_list(frame, app, area);
    }
    if let Some(area) = transcript_area {
        draw_transcript(frame, app, area);
    }
    draw_status(frame, app, status);
    if app.show_help {
        draw_help(frame, app, frame.area());
    }
}

fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let focused = app.focus == Focus::List;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(Span::styled(
            format!(
                " {} · {} documents ",
                one_line(&app.project_name),
                app.docs.len()
            ),
            theme::title(),
        ));
    if app.docs.is_empty() {
        let p = Paragraph::new(vec![
            Line::from("No documents yet."),
            Line::from(""),
            Line::from("Import transcripts from a shell:"),
            Line::from(Span::styled(
                "  gloss import PROJECT FILES...",
                Style::new().add_modifier(Modifier::BOLD),
            )),
        ])
        .wrap(Wrap { trim: false })
        .block(block);
        frame.render_widget(p, area);
        return;
    }
    let rows = app.docs.iter().map(|d| {
        Row::new(vec![
            Cell::from(one_line(&d.name)),
            Cell::from(d.language.clone()),
            Cell::from(d.speakers.len().to_string()),
            Cell::from(human_size(d.chars)),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Min(10),
            Constraint::Length(4),
            Constraint::Length(3),
            Constraint::Length(6),
        ],
    )
    .header(Row::new(vec!["name", "lang", "spk", "size"]).style(theme::dim()))
    .row_highlight_style(if focused {
        theme::selected_row()
    } else {
        Style::new().add_modifier(Modifier::REVERSED)
    })
    .block(block);
    let mut state = TableState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_transcript(frame: &mut Frame<'_>, app: &mut App, area: Rect) {
    let focused = app.focus == Focus::Transcript;
    let Some(t) = &mut app.transcript else {
        return;
    };
    let d = &t.doc.document;
    let title = format!(
        " {} · {} · {} · {} speakers · {} turns ",
        one_line(&d.name),
        d.language,
        d.source_format,
        t.speakers.len(),
        t.segments().len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // One column on the right for the scrollbar.
    let text_area = Rect::new(
        inner.x,
        inner.y,
        inner.width.saturating_sub(1),
        inner.height,
    );
    t.set_viewport(
        usize::from(text_area.width.saturating_sub(GUTTER)),
        usize::from(text_area.height),
    );
    frame.render_widget(TranscriptRows { state: t }, text_area);
    let mut sb = ScrollbarState::new(t.line_count()).position(t.top.line);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None),
        Rect::new(inner.right().saturating_sub(1), inner.y, 1, inner.height),
        &mut sb,
    );
}

fn draw_status(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let mut left: Vec<Span<'_>> = Vec::new();
    let focus = match app.focus {
        Focus::List => " DOCUMENTS ",
        Focus::Transcript => " READING ",
    };
    left.push(Span::styled(
        focus,
        theme::status_key().add_modifier(Modifier::REVERSED),
    ));
    if let Some(msg) = &app.message {
        left.push(Span::styled(
            format!(" {} ", one_line(msg)),
            theme::status_bar(),
        ));
    } else if let Some(t) = &app.transcript {
        let turn = t.current_turn();
        let seg = turn.and_then(|i| t.segments().get(i));
        let mut s = format!(" {}", one_line(&t.doc.document.name));
        if !t.segments().is_empty() {
            match turn {
                Some(i) => s.push_str(&format!(" · turn {}/{}", i + 1, t.segments().len())),
                None => s.push_str(&format!(" · before turn 1/{}", t.segments().len())),
            }
        }
        if let Some(name) = seg.and_then(|s| s.speaker.as_deref()) {
            s.push_str(&format!(" · {}", one_line(name)));
        }
        if let Some(ms) = seg.and_then(|s| s.time_ms) {
            s.push_str(&format!(" · {}", format_time(ms)));
        }
        left.push(Span::styled(s, theme::status_bar()));
    }
    let position = app.transcript.as_ref().map_or_else(String::new, |t| {
        format!(
            " {}/{} {:>3}% ",
            t.top.line + 1,
            t.line_count(),
            t.percent()
        )
    });
    let right = vec![
        Span::styled(position, theme::status_bar()),
        Span::styled(
            format!(" coder {} ", one_line(&app.coder)),
            theme::status_bar(),
        ),
        Span::styled(" ? ", theme::status_key()),
        Span::styled("help ", theme::status_bar()),
        Span::styled(" q ", theme::status_key()),
        Span::styled("quit ", theme::status_bar()),
    ];
    let right_w: u16 = right.iter().map(|s| s.width() as u16).sum();
    frame.render_widget(Block::default().style(theme::status_bar()), area);
    let [l, r] = Layout::horizontal([Constraint::Min(1), Constraint::Length(right_w)]).areas(area);
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(right), r);
}

fn draw_help(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let group_lines = |group: Group| -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(Span::styled(group.title(), theme::title()))];
        for cmd in Command::ALL.iter().filter(|c| c.group() == group) {
            let keys = app.keymap.keys_for(*cmd).join(" ");
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), theme::help_key()),
                Span::raw(cmd.description()),
            ]));
        }
        lines
    };
    let mut left = group_lines(Group::General);
    left.extend(group_lines(Group::Documents));
    let right = group_lines(Group::Reading);
    let footer = Line::from(Span::styled("Press any key to close.", theme::dim()));
    // One column when it fits, else two side by side.
    let one_col_h = (left.len() + right.len() + 1) as u16 + 2;
    let two_cols = one_col_h > area.height && area.width >= 120;
    let (w, h) = if two_cols {
        (
            area.width.min(150),
            (left.len().max(right.len()) + 2) as u16 + 2,
        )
    } else {
        (area.width.min(80), one_col_h)
    };
    let h = h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(true))
        .title(Span::styled(" Gloss — keys ", theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    if two_cols {
        let [body, foot] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(body);
        frame.render_widget(Paragraph::new(left), l);
        frame.render_widget(Paragraph::new(right), r);
        frame.render_widget(footer, foot);
    } else {
        let mut lines = left;
        lines.extend(right);
        lines.push(footer);
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

/// `12.3k` chars and the like, for the document list.
fn human_size(chars: usize) -> String {
    match chars {
        0..=999 => chars.to_string(),
        1_000..=999_999 => format!("{:.1}k", chars as f64 / 1_000.0),
        _ => format!("{:.1}M", chars as f64 / 1_000_000.0),
    }
}
