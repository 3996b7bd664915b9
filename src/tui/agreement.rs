//! The agreement screen: the per-code table (statistics coloured against
//! Krippendorff's thresholds, every column named in a legend), one code per
//! document, the choice of coders to compare, and the disagreement queue
//! (`agreement/queue.rs`). State and drawing; what the keys do is the
//! screen's update (`agreement/update.rs`), the figures and their wording come from `ops`
//! (`ops::agreement::table`, shared with `gloss agreement`).

mod queue;
mod update;

pub use queue::QueueState;
pub use update::open;

use super::theme;
use crate::core::sanitize::one_line;
use crate::ops::agreement::table::{self, plural, Level, Verdict};
use crate::ops::agreement::{AgreementReport, Block};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block as Frame_, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap,
};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementView {
    /// One row per code.
    Codes,
    /// One row per document, for the code at this index of `report.codes`.
    Documents(usize),
    /// The disagreement queue.
    Queue,
}

/// The coders the lead can compare, each on or off (`c` on the screen).
pub struct CoderChoice {
    /// Every coder with codings, `consensus` included, in name order.
    pub coders: Vec<String>,
    /// How many codings each has.
    pub codings: Vec<usize>,
    pub chosen: Vec<bool>,
    pub row: usize,
}

impl CoderChoice {
    pub fn new(coders: Vec<(String, usize)>, current: &[String]) -> CoderChoice {
        let chosen = coders.iter().map(|(c, _)| current.contains(c)).collect();
        let (coders, codings) = coders.into_iter().unzip();
        CoderChoice {
            coders,
            codings,
            chosen,
            row: 0,
        }
    }

    pub fn toggle(&mut self, i: usize) {
        if let Some(c) = self.chosen.get_mut(i) {
            *c = !*c;
        }
    }

    pub fn step(&mut self, d: isize) {
        let last = self.coders.len().saturating_sub(1) as isize;
        self.row = (self.row as isize + d).clamp(0, last.max(0)) as usize;
    }

    /// The chosen coders, in name order.
    pub fn selected(&self) -> Vec<String> {
        self.coders
            .iter()
            .zip(&self.chosen)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.clone())
            .collect()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let w = (self
            .coders
            .iter()
            .map(|c| one_line(c).width())
            .max()
            .unwrap_or(0)
            + 44)
            .max(56) as u16;
        let h = self.coders.len() as u16 + 5;
        let popup = Rect::new(
            area.x + area.width.saturating_sub(w) / 2,
            area.y + area.height.saturating_sub(h) / 2,
            w.min(area.width),
            h.min(area.height),
        );
        frame.render_widget(Clear, popup);
        let block = Frame_::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(" Coders to compare ", theme::title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let name_w = self
            .coders
            .iter()
            .map(|c| one_line(c).width())
            .max()
            .unwrap_or(0);
        let mut lines: Vec<Line<'_>> = self
            .coders
            .iter()
            .zip(&self.chosen)
            .enumerate()
            .map(|(i, (c, on))| {
                let mark = if *on { "[x]" } else { "[ ]" };
                let k = self.codings.get(i).copied().unwrap_or(0);
                let mut note = format!("  {}", plural(k, "coding", "codings"));
                if c == crate::ops::agreement::CONSENSUS {
                    note.push_str(" (settled decisions)");
                }
                let style = if i == self.row {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                let name = one_line(c);
                let fill = " ".repeat(name_w.saturating_sub(name.width()));
                Line::from(vec![
                    Span::styled(format!(" {mark} {} ", i + 1), style),
                    Span::styled(format!("{name}{fill} "), style),
                    Span::styled(note, theme::dim()),
                ])
            })
            .collect();
        let n = self.chosen.iter().filter(|c| **c).count();
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!(" {} chosen · Space toggle · Enter compare · Esc cancel", n),
            theme::dim(),
        )));
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

pub struct AgreementState {
    pub report: AgreementReport,
    pub view: AgreementView,
    pub code_row: usize,
    pub doc_row: usize,
    pub queue: Option<QueueState>,
    /// The coders the lead chose on the screen (`None`: the default, every
    /// coder with codings but `consensus`).
    pub coders: Option<Vec<String>>,
    /// The coder chooser, while open.
    pub choice: Option<CoderChoice>,
    /// The first pair whose columns are shown, when not all fit.
    pub first_pair: usize,
    /// What the last key on the screen did (the status line's message,
    /// repeated where the status line may be too narrow for it).
    pub note: Option<String>,
}

/// What the last key did, on the screen itself.
fn note_style() -> Style {
    Style::new().fg(Color::Yellow)
}

fn verdict_color(v: Verdict) -> Color {
    match v {
        Verdict::Good => Color::Green,
        Verdict::Tentative => Color::Yellow,
        Verdict::Poor => Color::Red,
        Verdict::Undefined(_) => Color::DarkGray,
    }
}

/// `path` in at most `width` columns, shortened from the left a whole
/// component at a time (`…/Physical security`), so the code's own name
/// stays whole; only a name wider than the column is cut, at its end.
pub fn shorten_path(path: &str, width: usize) -> String {
    let path = one_line(path);
    if path.width() <= width {
        return path;
    }
    let parts: Vec<&str> = path.split('/').collect();
    for k in 1..parts.len() {
        let s = format!("…/{}", parts[k..].join("/"));
        if s.width() <= width {
            return s;
        }
    }
    cut_end(parts.last().copied().unwrap_or(""), width)
}

/// `s` cut at its end to `width` columns, with `…` when cut.
pub fn cut_end(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    out
}

/// How many lines `text` takes wrapped on words at `width`.
fn wrapped_height(text: &str, width: usize) -> u16 {
    let width = width.max(1);
    let (mut lines, mut w) = (1u16, 0usize);
    for word in text.split(' ') {
        let ww = word.width();
        if w > 0 && w + 1 + ww > width {
            lines += 1;
            w = ww;
        } else {
            w += if w > 0 { 1 } else { 0 } + ww;
        }
    }
    lines
}

/// One table: the rows to show, and what is fixed below them.
struct Sheet<'a> {
    first: &'static str,
    level: Level,
    rows: Vec<(String, &'a Block)>,
    /// Summary rows kept in view below the table (pooled, mean).
    foot: Vec<(String, table::Row)>,
    selected: usize,
    /// Code paths (shortened from the left) or document names (cut at the end).
    paths: bool,
}

impl AgreementState {
    pub fn rows(&self) -> usize {
        match self.view {
            AgreementView::Codes => self.report.codes.len(),
            AgreementView::Documents(k) => self
                .report
                .codes
                .get(k)
                .and_then(|c| self.report.per_code.get(c))
                .and_then(|b| b.per_document.as_ref())
                .map_or(0, |d| d.len()),
            AgreementView::Queue => self.queue.as_ref().map_or(0, |q| q.visible().len()),
        }
    }

    /// Moves the highlighted row by `d` (clamped).
    pub fn step(&mut self, d: isize) {
        if let Some(c) = &mut self.choice {
            c.step(d);
            return;
        }
        let last = self.rows().saturating_sub(1) as isize;
        let clamp = |v: usize| (v as isize + d).clamp(0, last.max(0)) as usize;
        match self.view {
            AgreementView::Codes => self.code_row = clamp(self.code_row),
            AgreementView::Documents(_) => self.doc_row = clamp(self.doc_row),
            AgreementView::Queue => {
                if let Some(q) = &mut self.queue {
                    q.selected = clamp(q.selected);
                }
            }
        }
    }

    /// Shows the columns of the next pair first (when not all fit).
    pub fn next_pair(&mut self) {
        let n = self.report.overall.pooled.pairs.len().max(1);
        self.first_pair = (self.first_pair + 1) % n;
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        frame.render_widget(Clear, area);
        match self.view {
            AgreementView::Codes => self.draw_codes(frame, area),
            AgreementView::Documents(k) => self.draw_documents(frame, area, k),
            AgreementView::Queue => {
                if let Some(q) = &self.queue {
                    q.draw(frame, area, self.note.as_deref());
                }
            }
        }
        if let Some(c) = &self.choice {
            c.draw(frame, area);
        }
    }

    fn frame_block(&self, title: String) -> Frame_<'static> {
        Frame_::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(title, theme::title()))
    }

    fn draw_codes(&self, frame: &mut Frame<'_>, area: Rect) {
        let r = &self.report;
        let block = self.frame_block(format!(
            " Agreement · {} · {} characters per code ",
            table::numbered_coders(&r.coders),
            r.n_units
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let (mean, n) = table::mean_row(r);
        let sheet = Sheet {
            first: "code",
            level: Level::Code,
            rows: r
                .codes
                .iter()
                .filter_map(|c| r.per_code.get(c).map(|b| (c.clone(), b)))
                .collect(),
            foot: vec![
                (
                    "pooled".into(),
                    table::row(&r.overall.pooled, Level::Pooled),
                ),
                (table::mean_label(n), mean),
            ],
            selected: self.code_row,
            paths: true,
        };
        self.draw_sheet(
            frame,
            inner,
            &sheet,
            "Enter per document · d disagreements · c coders",
        );
    }

    fn draw_documents(&self, frame: &mut Frame<'_>, area: Rect, k: usize) {
        let Some(code) = self.report.codes.get(k) else {
            return;
        };
        let Some(b) = self.report.per_code.get(code) else {
            return;
        };
        let block = self.frame_block(format!(
            " Agreement · {} · per document · {} ",
            one_line(code),
            table::numbered_coders(&self.report.coders)
        ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let sheet = Sheet {
            first: "document",
            level: Level::Document,
            rows: b
                .per_document
                .iter()
                .flatten()
                .map(|(name, d)| (name.clone(), d))
                .collect(),
            foot: vec![("all documents".into(), table::row(b, Level::Code))],
            selected: self.doc_row,
            paths: false,
        };
        self.draw_sheet(
            frame,
            inner,
            &sheet,
            "d this code's disagreements · c coders",
        );
    }

    /// The table, its summary rows, the legend and the keys.
    fn draw_sheet(&self, frame: &mut Frame<'_>, area: Rect, sheet: &Sheet<'_>, keys: &str) {
        let npairs = self.report.overall.pooled.pairs.len();
        let rows: Vec<(String, table::Row, bool)> = sheet
            .rows
            .iter()
            .map(|(name, b)| (name.clone(), table::row(b, sheet.level), true))
            .chain(
                sheet
                    .foot
                    .iter()
                    .map(|(name, row)| (name.clone(), row.clone(), false)),
            )
            .collect();
        let pair_heads = table::pair_headers(self.report.coders.len(), sheet.level);
        // Widths of the fixed columns and of each pair's two columns.
        let fixed: Vec<usize> = table::HEADERS
            .iter()
            .enumerate()
            .map(|(j, h)| {
                rows.iter()
                    .map(|(_, r, _)| cells(r)[j].width())
                    .chain(std::iter::once(h.width()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let pair_w: Vec<(usize, usize)> = (0..npairs)
            .map(|i| {
                let (hk, hw) = pair_heads.get(i).cloned().unwrap_or_default();
                let k = rows
                    .iter()
                    .filter_map(|(_, r, _)| r.pairs.get(i).map(|p| p.0.width()))
                    .chain(std::iter::once(hk.width()))
                    .max()
                    .unwrap_or(0);
                let w = rows
                    .iter()
                    .filter_map(|(_, r, _)| r.pairs.get(i).map(|p| p.1.width()))
                    .chain(std::iter::once(hw.width()))
                    .max()
                    .unwrap_or(0);
                (k, w)
            })
            .collect();
        let names: Vec<String> = rows.iter().map(|(n, _, _)| one_line(n)).collect();
        let full_w = names
            .iter()
            .map(|n| n.width())
            .chain(std::iter::once(sheet.first.width()))
            .max()
            .unwrap_or(0);
        let leaf_w = names
            .iter()
            .map(|n| {
                if sheet.paths {
                    n.rsplit('/').next().unwrap_or("").width() + 2
                } else {
                    n.width()
                }
            })
            .max()
            .unwrap_or(0);
        let min_w = full_w.min(leaf_w.clamp(12, 40));
        let avail = usize::from(area.width);
        let fixed_w: usize = fixed.iter().map(|w| w + 1).sum();
        let first = self.first_pair.min(npairs.saturating_sub(1));
        let pairs_w = |k: usize| -> usize {
            (first..first + k)
                .map(|i| pair_w[i % npairs.max(1)])
                .map(|(a, b)| a + b + 2)
                .sum()
        };
        let mut shown = npairs;
        while shown > 1 && avail.saturating_sub(fixed_w + pairs_w(shown)) < min_w {
            shown -= 1;
        }
        let name_w = avail
            .saturating_sub(fixed_w + pairs_w(shown))
            .min(full_w)
            .max(4);
        let pair_ix: Vec<usize> = (first..first + shown).map(|i| i % npairs.max(1)).collect();

        let right = |s: String, style: Style| {
            Cell::from(Line::from(Span::styled(s, style)).alignment(Alignment::Right))
        };
        let mut widths = vec![Constraint::Length(name_w as u16)];
        widths.extend(fixed.iter().map(|w| Constraint::Length(*w as u16)));
        let mut head = vec![Cell::from(sheet.first)];
        for (j, h) in table::HEADERS.iter().enumerate() {
            head.push(if j == 3 {
                Cell::from(*h)
            } else {
                right(h.to_string(), Style::new())
            });
        }
        for &i in &pair_ix {
            let (hk, hw) = pair_heads.get(i).cloned().unwrap_or_default();
            head.push(right(hk, Style::new()));
            head.push(right(hw, Style::new()));
            widths.push(Constraint::Length(pair_w[i].0 as u16));
            widths.push(Constraint::Length(pair_w[i].1 as u16));
        }
        let make_row = |name: &str, r: &table::Row, body: bool| -> Row<'static> {
            let color = verdict_color(r.verdict);
            let figure = |s: &str| {
                if s == "n/a" {
                    theme::dim()
                } else {
                    Style::new()
                }
            };
            let (label, name_style) = match (body, sheet.paths) {
                (true, true) => (shorten_path(name, name_w), Style::new()),
                (true, false) => (cut_end(&one_line(name), name_w), Style::new()),
                (false, _) => (cut_end(name, name_w), theme::title()),
            };
            let mut c = vec![
                Cell::from(Span::styled(label, name_style)),
                right(r.agree.clone(), figure(&r.agree)),
                right(r.fleiss.clone(), figure(&r.fleiss)),
                right(r.alpha.clone(), Style::new().fg(color)),
                Cell::from(Span::styled(
                    r.verdict.label().to_string(),
                    Style::new().fg(color),
                )),
                right(r.coded.clone(), Style::new()),
            ];
            for &i in &pair_ix {
                let (k, w) = r.pairs.get(i).cloned().unwrap_or_default();
                let (sk, sw) = (figure(&k), figure(&w));
                c.push(right(k, sk));
                c.push(right(w, sw));
            }
            Row::new(c)
        };
        let body: Vec<Row<'static>> = rows
            .iter()
            .filter(|(_, _, body)| *body)
            .map(|(n, r, _)| make_row(n, r, true))
            .collect();
        let foot: Vec<Row<'static>> = rows
            .iter()
            .filter(|(_, _, body)| !*body)
            .map(|(n, r, _)| make_row(n, r, false))
            .collect();

        let mut legend = table::legend_line(sheet.level, "characters", npairs);
        if shown < npairs {
            let pairs = crate::core::agreement::pair_indices(self.report.coders.len());
            let labels: Vec<String> = pair_ix
                .iter()
                .filter_map(|&i| pairs.get(i))
                .map(|(a, b)| format!("{}×{}", a + 1, b + 1))
                .collect();
            legend.push_str(&format!(
                " · showing pair{} {} of {}: p shows the next",
                if shown == 1 { "" } else { "s" },
                labels.join(", "),
                table::plural(npairs, "pair", "pairs")
            ));
        }
        let keys = format!("{keys} · ? help · Esc back");
        let legend_h = wrapped_height(&legend, avail);
        let keys_h = wrapped_height(&keys, avail);
        let note = self.note.as_deref().map(one_line).unwrap_or_default();
        let note_h = if note.is_empty() {
            0
        } else {
            wrapped_height(&note, avail)
        };
        let [table_area, foot_area, legend_area, note_area, keys_area] = Layout::vertical([
            Constraint::Min(2),
            Constraint::Length(foot.len() as u16 + 1),
            Constraint::Length(legend_h),
            Constraint::Length(note_h),
            Constraint::Length(keys_h),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(Span::styled(note, note_style())).wrap(Wrap { trim: true }),
            note_area,
        );
        let table = Table::new(body, widths.clone())
            .header(Row::new(head).style(theme::dim()))
            .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
        let mut state = TableState::default().with_selected(Some(sheet.selected));
        frame.render_stateful_widget(table, table_area, &mut state);
        let [rule, foot_rows] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(foot_area);
        frame.render_widget(
            Line::from(Span::styled("─".repeat(avail), theme::dim())),
            rule,
        );
        frame.render_widget(Table::new(foot, widths), foot_rows);
        frame.render_widget(
            Paragraph::new(Span::styled(legend, theme::dim())).wrap(Wrap { trim: true }),
            legend_area,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(keys, theme::dim())).wrap(Wrap { trim: true }),
            keys_area,
        );
    }
}

/// The fixed columns of a row, in `table::HEADERS` order.
fn cells(r: &table::Row) -> [&str; 5] {
    [
        r.agree.as_str(),
        r.fleiss.as_str(),
        r.alpha.as_str(),
        r.verdict.label(),
        r.coded.as_str(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_shorten_from_the_left_by_whole_components() {
        let p = "Women's security/Physical security";
        assert_eq!(shorten_path(p, 40), p);
        assert_eq!(shorten_path(p, 20), "…/Physical security");
        assert_eq!(
            shorten_path("aa/b/Physical security", 21),
            "…/b/Physical security"
        );
        assert_eq!(shorten_path(p, 10), "Physical…");
        assert_eq!(shorten_path("Fees", 10), "Fees");
    }

    #[test]
    fn wrapping_counts_lines() {
        assert_eq!(wrapped_height("a b c", 5), 1);
        assert_eq!(wrapped_height("aaa bbb ccc", 7), 2);
    }
}
