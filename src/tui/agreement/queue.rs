//! The disagreement queue: one passage at a time, every coder's version side
//! by side in its context (cut on word boundaries), where it is in the
//! interview (speaker and time), and the other codes a coder used on it.
//! State and drawing only; `agreement/update.rs` loads texts, turns and other
//! codes through `ops` and settles.

use super::cut_end;
use crate::core::model::Segment;
use crate::core::sanitize::one_line;
use crate::core::text::char_slice;
use crate::core::time::format_time;
use crate::core::{CharRange, DocumentId};
use crate::ops::agreement::table::plural;
use crate::ops::agreement::Queue;
use crate::tui::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block as Frame_, Borders, Paragraph, Wrap};
use ratatui::Frame;
use std::collections::HashMap;

/// Characters of context shown on each side of a disagreement (at most;
/// cut back to a word boundary).
const CONTEXT: usize = 120;

pub struct QueueState {
    pub queue: Queue,
    pub selected: usize,
    /// Only this code's disagreements (its path), or all.
    pub code: Option<String>,
    /// Document texts, loaded as needed.
    pub texts: HashMap<DocumentId, String>,
    /// Document turns, loaded with the texts.
    pub segments: HashMap<DocumentId, Vec<Segment>>,
    /// Per disagreement (index in `queue.disagreements`): each coder's other
    /// codes on the passage, loaded as needed.
    pub others: HashMap<usize, Vec<Vec<String>>>,
}

/// Where a word ends: a space, but not a no-break space (French puts one
/// before `:`, and `P3 :` is one unit).
fn breaks(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// The context shown around `r`: at most `n` characters on each side, cut
/// back to whole words, and whether each side was cut.
pub fn context(text: &str, r: CharRange, n: usize) -> (CharRange, bool, bool) {
    let len = text.chars().count();
    let mut lo = r.start.saturating_sub(n);
    if lo > 0 {
        // From the char before the window: the first whitespace ends the
        // partial word.
        let window: Vec<char> = char_slice(text, CharRange::new(lo - 1, r.start))
            .chars()
            .collect();
        lo = match window.iter().position(|c| breaks(*c)) {
            Some(i) => lo - 1 + i + 1,
            None => r.start,
        };
    }
    let mut hi = (r.end + n).min(len);
    if hi < len {
        let window: Vec<char> = char_slice(text, CharRange::new(r.end, hi + 1))
            .chars()
            .collect();
        hi = match window.iter().rposition(|c| breaks(*c)) {
            Some(j) => r.end + j,
            None => r.end,
        };
    }
    // Cut only where text was left out; and no blank start or end: the
    // context begins and ends with words.
    let cut = (lo > 0, hi < len);
    let before = char_slice(text, CharRange::new(lo, r.start));
    lo += before.chars().take_while(|c| c.is_whitespace()).count();
    let after = char_slice(text, CharRange::new(r.end, hi));
    hi -= after
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    (CharRange::new(lo, hi), cut.0, cut.1)
}

/// The turn holding char `pos` (the last turn starting at or before it).
fn turn_at(segments: &[Segment], pos: usize) -> Option<usize> {
    segments
        .partition_point(|s| s.range.start <= pos)
        .checked_sub(1)
}

fn turn_label(segments: &[Segment], i: usize) -> String {
    let s = &segments[i];
    let who = s
        .speaker
        .as_deref()
        .map_or_else(|| format!("turn {}", i + 1), one_line);
    match s.time_ms {
        Some(ms) => format!("{who} {}", format_time(ms)),
        None => who,
    }
}

/// Where a passage is, as people find it: speaker and time of its turn (or
/// turns), else its line.
pub fn place(segments: &[Segment], text: &str, r: CharRange) -> String {
    let last = r.end.saturating_sub(1).max(r.start);
    match (turn_at(segments, r.start), turn_at(segments, last)) {
        (Some(a), Some(b)) if a == b => turn_label(segments, a),
        (Some(a), Some(b)) => format!("{} → {}", turn_label(segments, a), turn_label(segments, b)),
        (None, Some(b)) => turn_label(segments, b),
        _ => {
            let line = text.chars().take(r.start).filter(|c| *c == '\n').count() + 1;
            format!("line {line}")
        }
    }
}

/// Lines of styled text, broken where the transcript breaks (blank lines
/// collapsed), every piece made safe for the terminal.
#[derive(Default)]
struct Lines {
    lines: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
}

impl Lines {
    fn push(&mut self, s: &str, style: Style) {
        for (k, piece) in s.split('\n').enumerate() {
            if k > 0 {
                self.newline();
            }
            if !piece.is_empty() {
                self.cur.push(Span::styled(one_line(piece), style));
            }
        }
    }

    /// A line break; blank lines are left out (they only separate turns).
    fn newline(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        self.lines.push(Line::from(std::mem::take(&mut self.cur)));
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        if !self.cur.is_empty() {
            self.lines.push(Line::from(std::mem::take(&mut self.cur)));
        }
        self.lines
    }
}

impl QueueState {
    pub fn new(queue: Queue, code: Option<String>) -> QueueState {
        let mut q = QueueState {
            queue,
            selected: 0,
            code,
            texts: HashMap::new(),
            segments: HashMap::new(),
            others: HashMap::new(),
        };
        // Start at the first passage not yet settled.
        let vis = q.visible();
        q.selected = vis
            .iter()
            .position(|&i| !q.queue.disagreements[i].settled)
            .unwrap_or(0);
        q
    }

    /// Indices into `queue.disagreements` shown (all, or one code's).
    pub fn visible(&self) -> Vec<usize> {
        self.queue
            .disagreements
            .iter()
            .enumerate()
            .filter(|(_, d)| self.code.as_ref().is_none_or(|c| *c == d.code_path))
            .map(|(i, _)| i)
            .collect()
    }

    /// The highlighted disagreement's index in `queue.disagreements`.
    pub fn current(&self) -> Option<usize> {
        self.visible().get(self.selected).copied()
    }

    pub(super) fn draw(&self, frame: &mut Frame<'_>, area: Rect, note: Option<&str>) {
        let vis = self.visible();
        let settled = vis
            .iter()
            .filter(|&&i| self.queue.disagreements[i].settled)
            .count();
        let title = format!(
            " Disagreements{} · {} of {} settled ",
            self.code
                .as_ref()
                .map(|c| format!(" · {}", one_line(c)))
                .unwrap_or_default(),
            settled,
            vis.len(),
        );
        let block = Frame_::default()
            .borders(Borders::ALL)
            .border_style(theme::border(true))
            .title(Span::styled(title, theme::title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let Some(i) = self.current() else {
            self.draw_empty(frame, inner, note);
            return;
        };
        let d = &self.queue.disagreements[i];
        let keys = format!(
            " {} keep that coder's version · o union · i intersection · n none · Space next open · j/k move · a copy agreed passages · u undo · c coders · ? help · Esc back",
            match self.queue.coders.len() {
                0..=2 => "1 2".to_string(),
                m => format!("1–{}", m.min(9)),
            }
        );
        let text = self.texts.get(&d.document).map_or("", String::as_str);
        let segments = self
            .segments
            .get(&d.document)
            .map_or(&[][..], Vec::as_slice);
        let counter = format!("{} of {}  ", self.selected + 1, vis.len());
        let what = format!(
            "{} · {} · {}",
            one_line(&d.code_path),
            one_line(&d.document_name),
            place(segments, text, d.range)
        );
        let state = if d.settled { "  ✓ settled" } else { "  open" };
        let width = usize::from(inner.width);
        let note = note.map(one_line).unwrap_or_default();
        let head_h = super::wrapped_height(&format!("{counter}{what}{state}"), width)
            + super::wrapped_height(&note, width);
        let keys_h = super::wrapped_height(&keys, width);
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(head_h),
            Constraint::Min(3),
            Constraint::Length(keys_h),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(counter, theme::title()),
                    Span::raw(what),
                    Span::styled(
                        state,
                        Style::new().fg(if d.settled {
                            Color::Green
                        } else {
                            Color::Yellow
                        }),
                    ),
                ]),
                Line::from(Span::styled(note, super::note_style())),
            ])
            .wrap(Wrap { trim: true }),
            head,
        );
        let m = self.queue.coders.len().max(1);
        let cols = Layout::horizontal(vec![Constraint::Ratio(1, m as u32); m]).split(body);
        let (ctx, cut_left, cut_right) = context(text, d.range, CONTEXT);
        let others = self.others.get(&i);
        let leaf = d.code_path.rsplit('/').next().unwrap_or(&d.code_path);
        for (c, area) in cols.iter().enumerate() {
            let name = self.queue.coders.get(c).map_or("", String::as_str);
            let block = Frame_::default()
                .borders(Borders::ALL)
                .border_style(theme::border(false))
                .title(Span::styled(
                    format!(
                        " {} {} ",
                        c + 1,
                        cut_end(&one_line(name), usize::from(area.width).saturating_sub(6))
                    ),
                    theme::title(),
                ));
            let coded = d.per_coder.get(c).cloned().unwrap_or_default();
            let hl = Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD);
            let passage = Style::new().add_modifier(Modifier::UNDERLINED);
            let mut lines = Lines::default();
            if cut_left {
                lines.push("…", theme::dim());
            }
            let mut pos = ctx.start;
            for r in coded
                .iter()
                .copied()
                .chain(std::iter::once(CharRange::new(ctx.end, ctx.end)))
            {
                let r = CharRange::new(r.start.clamp(ctx.start, ctx.end), r.end.min(ctx.end));
                if r.start > pos {
                    push_text(&mut lines, text, pos, r.start, d.range, passage);
                }
                if r.end > r.start {
                    lines.push(char_slice(text, r), hl);
                }
                pos = pos.max(r.end);
            }
            if cut_right {
                lines.push("…", theme::dim());
            }
            let mut lines = lines.finish();
            lines.push(Line::from(""));
            let theirs: &[String] = others.and_then(|o| o.get(c)).map_or(&[], Vec::as_slice);
            let list = theirs
                .iter()
                .map(|p| one_line(p))
                .collect::<Vec<_>>()
                .join(", ");
            let code_style = Style::new().fg(Color::Cyan);
            if coded.is_empty() {
                let mut l = vec![Span::styled(
                    format!("did not code this as {}", one_line(leaf)),
                    theme::dim(),
                )];
                if !theirs.is_empty() {
                    l.push(Span::styled("; coded it as ", theme::dim()));
                    l.push(Span::styled(list, code_style));
                }
                lines.push(Line::from(l));
            } else if !theirs.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("also coded here: ", theme::dim()),
                    Span::styled(list, code_style),
                ]));
            }
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(block),
                *area,
            );
        }
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(keys, theme::dim()))).wrap(Wrap { trim: true }),
            foot,
        );
    }

    fn draw_empty(&self, frame: &mut Frame<'_>, area: Rect, note: Option<&str>) {
        let q = &self.queue;
        let m = q.coders.len();
        let scope = self
            .code
            .as_ref()
            .map(|c| format!(" on {}", one_line(c)))
            .unwrap_or_default();
        let mut lines = vec![Line::from(format!(
            "No disagreements{scope}: {} coded alike by all {m} coders.",
            plural(q.agreed, "passage", "passages")
        ))];
        let open = q.agreed_unsettled.len();
        if open > 0 {
            lines.push(Line::from(format!(
                "{open} of them {} not yet in consensus: a copies {}.",
                if open == 1 { "is" } else { "are" },
                if open == 1 { "it" } else { "them" }
            )));
        }
        lines.push(Line::from(Span::styled(
            note.map(one_line).unwrap_or_default(),
            super::note_style(),
        )));
        lines.push(Line::from(Span::styled(
            " a copy agreed passages into consensus · c coders · ? help · Esc back",
            theme::dim(),
        )));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    }
}

/// Uncoded text from `a` to `b`: dim outside the passage, underlined inside.
fn push_text(lines: &mut Lines, text: &str, a: usize, b: usize, passage: CharRange, inside: Style) {
    let cuts = [a, passage.start.clamp(a, b), passage.end.clamp(a, b), b];
    for w in cuts.windows(2) {
        if w[1] > w[0] {
            let style = if w[0] >= passage.start && w[1] <= passage.end {
                inside
            } else {
                theme::dim()
            };
            lines.push(char_slice(text, CharRange::new(w[0], w[1])), style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_on_word_boundaries() {
        let text = "alpha beta gamma delta PASSAGE epsilon zeta eta theta";
        let start = text.find("PASSAGE").unwrap_or(0);
        let r = CharRange::new(start, start + 7);
        // 8 chars each side would cut "gamma" and "zeta" in the middle.
        let (ctx, l, rt) = context(text, r, 8);
        assert_eq!(char_slice(text, ctx), "delta PASSAGE epsilon");
        assert!(l && rt);
        let (ctx, l, rt) = context(text, r, 100);
        assert_eq!(char_slice(text, ctx), text);
        assert!(!l && !rt);
        // Exactly on a boundary: the whole word is kept.
        let (ctx, _, _) = context(text, r, 6);
        assert_eq!(char_slice(text, ctx), "delta PASSAGE");
        // Never a blank start or end (a cut after a line break).
        let text = "one two\n\nthree PASSAGE four\n\nfive six";
        let start = text.find("PASSAGE").unwrap_or(0);
        let r = CharRange::new(start, start + 7);
        let (ctx, l, rt) = context(text, r, 9);
        assert_eq!(char_slice(text, ctx), "three PASSAGE four");
        assert!(l && rt);
        // A trailing line break is not text left out.
        let text = "PASSAGE four\n";
        let (ctx, l, rt) = context(text, CharRange::new(0, 7), 50);
        assert_eq!(char_slice(text, ctx), "PASSAGE four");
        assert!(!l && !rt);
    }
}
