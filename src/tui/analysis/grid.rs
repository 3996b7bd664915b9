//! The analysis screen's grid: a [`Table`]'s header, its rows of figures
//! heat-coloured against the largest of their group (the number always
//! printed), a bar chart beside frequencies, a matrix's N rows pinned
//! under it; only the rows and columns in view are drawn, keeping the
//! selected cell in view. Also the measuring done once per table.

use super::{AnalysisState, Computed, View};
use crate::core::analysis::table::Value;
use crate::core::sanitize::one_line;
use crate::tui::agreement::{cut_end, shorten_path};
use crate::tui::theme;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub(super) fn draw_grid(a: &AnalysisState, frame: &mut Frame<'_>, area: Rect, c: &Computed) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    let t = &c.table;
    let view = c.opts.view;
    let body = t.rows.len().saturating_sub(c.footer_rows);
    let ncols = t.header.len().saturating_sub(1);
    let code_w = c.code_width.min(usize::from(area.width) / 3);
    let widths = &c.widths;
    if widths.len() < ncols {
        return;
    }
    let bar_w = if view == View::Frequencies { 24 } else { 0 };
    let avail = usize::from(area.width).saturating_sub(code_w + 1 + bar_w);
    // The first column shown keeps the selected one in view.
    let mut left = a.left.get().min(a.col);
    while left < a.col && widths[left..=a.col].iter().sum::<usize>() > avail {
        left += 1;
    }
    a.left.set(left);
    let mut shown = Vec::new();
    let mut used = 0;
    for (j, w) in widths.iter().enumerate().skip(left) {
        if used + w > avail && !shown.is_empty() {
            break;
        }
        used += w;
        shown.push(j);
    }
    // Rows: the header, the body, and a matrix's N rows pinned below.
    let footer = c
        .footer_rows
        .min(usize::from(area.height).saturating_sub(2));
    let rows_h = usize::from(area.height) - 1 - footer;
    let mut top = a.top.get().min(a.row);
    if a.row >= top + rows_h {
        top = a.row + 1 - rows_h;
    }
    a.top.set(top);
    let maxima = &c.maxima;
    let mut y = area.y;
    // Header.
    let mut spans = vec![Span::styled(
        pad_right(&cut_end(&one_line(&t.header[0]), code_w), code_w + 1),
        theme::dim(),
    )];
    for &j in &shown {
        let label = match view {
            View::Codeline => one_line(t.header[j + 1].split_whitespace().next().unwrap_or("")),
            _ => one_line(&t.header[j + 1]),
        };
        let w = widths[j];
        let style = if j == a.col {
            theme::title().add_modifier(Modifier::UNDERLINED)
        } else {
            theme::dim()
        };
        // Code paths (co-occurrence) keep their own name: shortened
        // from the left, as the rows are.
        let label = shorten_path(&label, w - 1);
        let label = if view == View::Words && j == 0 {
            pad_right(&format!(" {label}"), w)
        } else {
            pad_left(&label, w)
        };
        spans.push(Span::styled(label, style));
    }
    if bar_w > 0 {
        spans.push(Span::styled(
            format!(
                "  {}",
                one_line(&t.header.get(a.col + 1).cloned().unwrap_or_default())
            ),
            theme::dim(),
        ));
    }
    frame.render_widget(Line::from(spans), Rect::new(area.x, y, area.width, 1));
    y += 1;
    let row_line = |i: usize, footer: bool| -> Line<'static> {
        let Some(row) = t.rows.get(i) else {
            return Line::from("");
        };
        let label = match row.first() {
            Some(Value::Text(s)) => s.clone(),
            _ => String::new(),
        };
        let selected_row = !footer && i == a.row;
        let label_style = if footer {
            theme::dim()
        } else if selected_row {
            theme::title()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(
            pad_right(&shorten_path(&label, code_w), code_w + 1),
            label_style,
        )];
        for &j in &shown {
            let v = row.get(j + 1).unwrap_or(&Value::Empty);
            let w = widths[j];
            let text = match v {
                Value::Text(s) => one_line(s),
                other => other.display(),
            };
            let mut style = if footer {
                theme::dim()
            } else {
                heat_style(c, maxima, i, j, v)
            };
            if selected_row && j == a.col {
                style = theme::cursor().add_modifier(Modifier::BOLD);
            }
            let text = cut_end(&text, w - 1);
            // Words read from the left; figures line up on the right.
            let text = if view == View::Words && matches!(v, Value::Text(_)) {
                pad_right(&format!(" {text}"), w)
            } else {
                pad_left(&text, w)
            };
            spans.push(Span::styled(text, style));
        }
        if bar_w > 0 && !footer {
            let v = row.get(a.col + 1).and_then(Value::as_f64).unwrap_or(0.0);
            let max = maxima.get(a.col).copied().unwrap_or(0.0);
            spans.push(Span::raw("  "));
            spans.push(Span::styled(bar(v, max, bar_w - 2), theme::bar()));
        }
        Line::from(spans)
    };
    for i in top..(top + rows_h).min(body) {
        frame.render_widget(row_line(i, false), Rect::new(area.x, y, area.width, 1));
        y += 1;
    }
    if body == 0 {
        frame.render_widget(
            Line::from(Span::styled(
                " no code has a passage in scope",
                theme::dim(),
            )),
            Rect::new(area.x, y, area.width, 1),
        );
    }
    let fy = area.y + 1 + rows_h as u16;
    for k in 0..footer {
        let r = Rect::new(area.x, fy + k as u16, area.width, 1);
        frame.render_widget(row_line(body + k, true), r);
    }
}

/// Measures a computed table once (not at every frame): the code
/// column's width (the longest path, within limits), each figure column's
/// (its figures and its header, cut), and the heat groups' maxima.
pub fn measure(c: &mut Computed) {
    let t = &c.table;
    c.code_width = t
        .rows
        .iter()
        .filter_map(|r| match r.first() {
            Some(Value::Text(s)) => Some(one_line(s).width()),
            _ => None,
        })
        .max()
        .unwrap_or(4)
        .clamp(8, 40);
    let ncols = t.header.len().saturating_sub(1);
    let codeline = c.opts.view == View::Codeline;
    c.widths = (1..=ncols)
        .map(|j| {
            if codeline {
                return 4;
            }
            let values = t
                .rows
                .iter()
                .map(|r| r.get(j).map_or(0, |v| v.display().width()))
                .max()
                .unwrap_or(0);
            let head = one_line(&t.header[j]).width().min(14);
            values.max(head).max(3) + 1
        })
        .collect();
    c.maxima = heat_maxima(c);
}

/// The largest figure of each heat group (see [`heat_group`]), by group.
fn heat_maxima(c: &Computed) -> Vec<f64> {
    let ncols = c.table.header.len().saturating_sub(1);
    let mut max = vec![0.0f64; ncols.max(3)];
    let body = c.table.rows.len().saturating_sub(c.footer_rows);
    for (i, row) in c.table.rows.iter().take(body).enumerate() {
        for j in 0..ncols {
            if let (Some(g), Some(v)) =
                (heat_group(c, i, j), row.get(j + 1).and_then(Value::as_f64))
            {
                if g < max.len() && v > max[g] {
                    max[g] = v;
                }
            }
        }
    }
    max
}

/// Which figures a cell is compared with for its heat: frequencies per
/// column (each its own unit); a matrix all together; co-occurrence's
/// counts (0), c-coefficients (1) and frequencies (2) apart.
fn heat_group(c: &Computed, row: usize, col: usize) -> Option<usize> {
    match c.opts.view {
        View::Frequencies => Some(col),
        View::Matrix => Some(0),
        View::Cooccurrence => {
            let n = c.row_codes.len();
            Some(match (row < n, col) {
                (_, 0) => 2,
                (true, _) => 0,
                (false, _) => 1,
            })
        }
        View::Words => Some(col),
        View::Codeline | View::Kwic => None,
    }
}

/// The heat of one figure: 0 (none) to 4, against the largest of its group.
pub fn heat_level(v: f64, max: f64) -> u8 {
    if v <= 0.0 || max <= 0.0 || v.is_nan() {
        return 0;
    }
    (v / max * 4.0).ceil().clamp(1.0, 4.0) as u8
}

fn heat_style(c: &Computed, maxima: &[f64], row: usize, col: usize, v: &Value) -> Style {
    if c.opts.view == View::Codeline {
        return match v {
            Value::Text(s) if !s.is_empty() => theme::heat(4),
            _ => Style::new(),
        };
    }
    let (Some(g), Some(x)) = (heat_group(c, row, col), v.as_f64()) else {
        return Style::new();
    };
    theme::heat(heat_level(x, maxima.get(g).copied().unwrap_or(0.0)))
}

/// A bar of `v / max` of `width` cells, in eighths.
fn bar(v: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || v <= 0.0 {
        return String::new();
    }
    let eighths = ((v / max).min(1.0) * (width * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    const PART: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PART[eighths % 8]);
    if s.is_empty() {
        s.push('▏');
    }
    s
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_levels_step_with_the_share_of_the_largest() {
        assert_eq!(heat_level(0.0, 10.0), 0);
        assert_eq!(heat_level(1.0, 10.0), 1);
        assert_eq!(heat_level(3.0, 10.0), 2);
        assert_eq!(heat_level(6.0, 10.0), 3);
        assert_eq!(heat_level(10.0, 10.0), 4);
    }

    #[test]
    fn bars_are_proportional() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(0.01, 10.0, 4), "▏");
    }
}
