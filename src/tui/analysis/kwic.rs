//! The keyword-in-context view: one occurrence a line, `left | keyword |
//! right`, the keywords lined up in one column (the left context
//! right-aligned against it, cut from the left; the right context cut at
//! the end), where it was said before them, marked rows flagged. Only the
//! lines in view are drawn; every text from the files goes through
//! `one_line` (control characters made visible, never sent raw).

use super::{AnalysisState, Computed};
use crate::core::sanitize::one_line;
use crate::tui::agreement::cut_end;
use crate::tui::theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The end of `s` that fits in `width` cells, `…` first when cut.
pub fn cut_start(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut w = 1;
    for c in s.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            break;
        }
        kept.push(c);
        w += cw;
    }
    let mut out = String::from("…");
    out.extend(kept.into_iter().rev());
    out
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

pub(super) fn draw_kwic(a: &AnalysisState, frame: &mut Frame<'_>, area: Rect, c: &Computed) {
    if area.height < 2 || area.width < 20 {
        return;
    }
    let query = c.opts.kwic.query.trim();
    if c.kwic.is_empty() {
        let msg = if query.is_empty() {
            " type a query with / (the search language: a word, \"a phrase\", a OR b)".to_string()
        } else {
            format!(
                " no occurrence of {} (the search language: a word, \"a phrase\", a OR b)",
                one_line(query)
            )
        };
        frame.render_widget(
            Line::from(Span::styled(msg, theme::dim())),
            Rect::new(area.x, area.y, area.width, 1),
        );
        return;
    }
    let width = usize::from(area.width);
    let place_w = (width / 5).clamp(10, 28);
    let avail = width.saturating_sub(2 + place_w + 1);
    let left_w = avail * 2 / 5;
    let rest_w = avail.saturating_sub(left_w + 1);
    let rows_h = usize::from(area.height) - 1;
    let mut top = a.top.get().min(a.row);
    if a.row >= top + rows_h {
        top = a.row + 1 - rows_h;
    }
    a.top.set(top);
    let header = format!(
        "  {}{} {}",
        pad_right("where", place_w),
        pad_left("left", left_w),
        "keyword · right"
    );
    frame.render_widget(
        Line::from(Span::styled(header, theme::dim())),
        Rect::new(area.x, area.y, area.width, 1),
    );
    for (k, i) in (top..(top + rows_h).min(c.kwic.len())).enumerate() {
        let r = &c.kwic[i];
        let selected = i == a.row;
        let marked = a.marked.contains(&i);
        let place = match &r.speaker {
            Some(who) => format!("{} · {} · {}", one_line(&r.doc), r.turn, one_line(who)),
            None => format!("{} · {}", one_line(&r.doc), r.turn),
        };
        let keyword = cut_end(&one_line(&r.keyword), rest_w);
        let right_w = rest_w.saturating_sub(keyword.width() + 1);
        let base = if selected {
            theme::selected_row()
        } else {
            Style::new()
        };
        let spans = vec![
            Span::styled(if marked { "● " } else { "  " }, theme::warning()),
            Span::styled(
                pad_right(&cut_end(&place, place_w.saturating_sub(1)), place_w),
                if selected { base } else { theme::dim() },
            ),
            Span::styled(
                pad_left(&cut_start(&one_line(&r.left), left_w), left_w),
                base,
            ),
            Span::styled(" ", base),
            Span::styled(keyword, theme::search_match().add_modifier(Modifier::BOLD)),
            Span::styled(" ", base),
            Span::styled(cut_end(&one_line(&r.right), right_w), base),
        ];
        let y = area.y + 1 + k as u16;
        frame.render_widget(Line::from(spans), Rect::new(area.x, y, area.width, 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_left_context_is_cut_from_the_left() {
        assert_eq!(cut_start("the school fees", 20), "the school fees");
        assert_eq!(cut_start("the school fees", 6), "… fees");
        assert_eq!(cut_start("élève école", 6), "…école");
        assert_eq!(cut_start("abc", 0), "");
    }
}
