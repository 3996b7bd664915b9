//! Laying out and drawing the whole screen: document list, transcript,
//! status bar, help. The only mutation is telling the transcript state the
//! size of its viewport before drawing it.

use super::app::{App, Dialog, Focus, LeftPane};
use super::dialog;
use super::theme;
use super::transcript_view::TranscriptRows;
use crate::core::plural::count;
use crate::core::sanitize::one_line;
use crate::core::time::format_time;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, Paragraph, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table,
    TableState, Wrap,
};
use ratatui::Frame;

/// Widths below this show one pane at a time.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

pub fn draw(frame: &mut Frame<'_>, app: &mut App) {
    let [main, info, status] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    // A screen docked in the right pane (search) takes it, beside the left
    // pane, which then has no focus.
    let docked = app.screens.top().is_some_and(|s| s.docked());
    let left_focused = !docked && matches!(app.focus, Focus::List | Focus::Codebook);
    let has_right = app.transcript.is_some() || app.retrieve.is_some() || docked;
    let show_left = left_focused || !has_right || main.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let show_right = has_right && (!left_focused || main.width >= SIDE_BY_SIDE_MIN_WIDTH);
    let (left_area, right_area) = match (show_left, show_right) {
        (true, true) => {
            let left_w = (main.width * 3 / 10).clamp(30, 48);
            let [l, t] =
                Layout::horizontal([Constraint::Length(left_w), Constraint::Min(1)]).areas(main);
            (Some(l), Some(t))
        }
        (true, false) => (Some(main), None),
        (false, _) => (None, Some(main)),
    };
    app.list_rows = None;
    if let Some(area) = left_area {
        match app.left {
            LeftPane::Documents => app.list_rows = draw_list(frame, app, area),
            LeftPane::Codebook => app
                .codebook
                .draw(frame, area, app.pane_focused(Focus::Codebook)),
        }
    }
    app.transcript_area = None;
    match (right_area, &app.retrieve) {
        (Some(_), _) if docked => {}
        (Some(area), Some(r)) => r.draw(frame, area, app.codebook.color(&r.code)),
        (Some(area), None) => draw_transcript(frame, app, area),
        (None, _) => {}
    }
    for s in app.screens.shown() {
        match (s.docked(), right_area) {
            (true, Some(area)) => s.view(frame, area, app),
            (true, None) => {}
            (false, _) => s.view(frame, main, app),
        }
    }
    draw_info(frame, app, info);
    draw_status(frame, app, status);
    if let Some(d) = &app.dialog {
        draw_dialog(frame, d, frame.area());
    }
    if app.show_help {
        app.help_scroll = super::help::draw(frame, app, frame.area());
    }
}

fn draw_dialog(frame: &mut Frame<'_>, dialog: &Dialog, area: Rect) {
    match dialog {
        Dialog::Pick { picker, .. } => picker.draw(frame, area),
        Dialog::Edit { area: editor, .. } => editor.draw(frame, area),
        Dialog::Input {
            input, title, hint, ..
        } => dialog::draw_input(frame, area, title, input, hint),
        Dialog::Confirm { message, .. } => dialog::draw_confirm(frame, area, message),
        Dialog::Color { input, .. } => input.draw(frame, area),
        Dialog::Export(form) => form.draw(frame, area),
    }
}

/// The line above the status bar: the codings at the cursor, or what the
/// selection is and what can be done with it.
fn draw_info(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let Some(t) = &app.transcript else {
        return;
    };
    if let Some(r) = &app.retrieve {
        let hint = if r.from_analysis {
            " Enter open the passage · Esc back to the table"
        } else {
            " Enter open the passage · s with/without sub-codes · Esc back"
        };
        frame.render_widget(Line::from(Span::styled(hint, theme::dim())), area);
        return;
    }
    let mut spans: Vec<Span<'_>> = Vec::new();
    if let Some(r) = t.selection() {
        spans.push(Span::styled(
            format!(" selection {} ", count(r.len(), "char")),
            theme::selection(),
        ));
        spans.push(Span::styled(
            " c code · 1-9 shortcut · i in-vivo · Esc clear ",
            theme::dim(),
        ));
    } else if t.selecting {
        spans.push(Span::styled(
            " selecting: move to extend · Esc cancel ",
            theme::dim(),
        ));
    }
    let at = t.codings_at(t.cursor());
    if !at.is_empty() {
        spans.push(Span::styled(" at cursor: ", theme::dim()));
        for i in at {
            let c = &t.codings[i];
            spans.push(Span::styled(
                "▍",
                Style::new().fg(app.codebook.color(&c.code)),
            ));
            spans.push(Span::raw(format!(
                "{}{} ",
                one_line(&app.codebook.name(&c.code)),
                if c.memo.is_some() { " ✎" } else { "" }
            )));
            spans.push(Span::styled(
                format!("({}) ", one_line(&c.coder)),
                theme::dim(),
            ));
        }
    }
    frame.render_widget(Line::from(spans), area);
}

/// Draws the document list; returns where its rows are and the index of
/// the first one shown, for the mouse.
fn draw_list(frame: &mut Frame<'_>, app: &App, area: Rect) -> Option<(Rect, usize)> {
    let focused = app.pane_focused(Focus::List);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border(focused))
        .title(Span::styled(
            format!(
                " {} · {} ",
                one_line(&app.project_name),
                count(app.docs.len(), "document")
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
        return None;
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
    let inner = block_inner(area);
    frame.render_stateful_widget(table, area, &mut state);
    // Rows start below the header line.
    let rows = Rect::new(
        inner.x,
        inner.y.saturating_add(1),
        inner.width,
        inner.height.saturating_sub(1),
    );
    Some((rows, state.offset()))
}

/// The inside of a bordered block.
fn block_inner(area: Rect) -> Rect {
    Block::default().borders(Borders::ALL).inner(area)
}

fn draw_transcript(frame: &mut Frame<'_>, app: &mut App, area: Rect) {
    let focused = app.pane_focused(Focus::Transcript);
    let Some(t) = app.transcript.as_mut() else {
        return;
    };
    let d = &t.doc.document;
    let title = format!(
        " {} · {} · {} · {} · {} ",
        one_line(&d.name),
        d.language,
        d.source_format,
        count(t.speakers.len(), "speaker"),
        count(t.segments().len(), "turn")
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
    let gutter = t.gutter();
    t.set_viewport(
        usize::from(text_area.width.saturating_sub(gutter)),
        usize::from(text_area.height),
    );
    frame.render_widget(
        TranscriptRows {
            state: t,
            colors: &app.codebook.colors,
            show_cursor: focused,
        },
        text_area,
    );
    let mut sb = ScrollbarState::new(t.line_count()).position(t.top.line);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None),
        Rect::new(inner.right().saturating_sub(1), inner.y, 1, inner.height),
        &mut sb,
    );
    app.transcript_area = Some(text_area);
}

fn draw_status(frame: &mut Frame<'_>, app: &App, area: Rect) {
    let mut left: Vec<Span<'_>> = Vec::new();
    let label = app.screens.top().and_then(|s| s.status_label());
    let focus = match app.focus {
        _ if label.is_some() => label.unwrap_or_default(),
        Focus::List => " DOCUMENTS ",
        Focus::Codebook => " CODEBOOK ",
        Focus::Transcript if app.transcribing() && app.edits_pending() => " TRANSCRIBE • ",
        Focus::Transcript if app.transcribing() => " TRANSCRIBE ",
        Focus::Transcript if app.editing() && app.edits_pending() => " EDIT • ",
        Focus::Transcript if app.editing() => " EDIT ",
        Focus::Transcript if app.transcript.as_ref().is_some_and(|t| t.selecting) => " SELECT ",
        Focus::Transcript => " READING ",
        Focus::Retrieve => " RETRIEVE ",
    };
    left.push(Span::styled(
        focus,
        theme::status_key().add_modifier(Modifier::REVERSED),
    ));
    if let Some(p) = app.export_status() {
        left.push(Span::styled(format!(" {p} "), theme::status_key()));
    }
    // The playhead stays in sight whatever the message.
    if let Some(tr) = app.transcription().filter(|_| app.transcribing()) {
        left.push(Span::styled(
            format!("{} ", tr.status_line()),
            theme::status_key(),
        ));
    }
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
        // A draft being checked: how far the listening has come.
        let (verified, total) = t.verified_count();
        if verified < total {
            s.push_str(&format!(" · {verified} of {total} turns verified"));
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
    let undo = if app.can_undo() {
        format!(" {} undo ", app.undo_key())
    } else {
        String::new()
    };
    let undo = if app.blind {
        format!("{undo} BLIND ")
    } else {
        undo.to_string()
    };
    let right = vec![
        Span::styled(position, theme::status_bar()),
        Span::styled(undo, theme::status_bar()),
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

/// `12.3k` chars and the like, for the document list.
fn human_size(chars: usize) -> String {
    match chars {
        0..=999 => chars.to_string(),
        1_000..=999_999 => format!("{:.1}k", chars as f64 / 1_000.0),
        _ => format!("{:.1}M", chars as f64 / 1_000_000.0),
    }
}
