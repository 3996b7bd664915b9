//! The export dialog's form: one screen with every choice the command line
//! has — format, the folder and file written to (shown in full, the folder
//! beside the project by default), title, codes (with or without
//! sub-codes), coders (or `consensus`), participant attributes, documents,
//! speakers, memos and a pseudonymisation map. It only holds and edits the
//! answers and turns them into an [`ExportRequest`]; checking them against
//! the project is `ops`' work (see `tui::app::export`).

use super::{default_path, ExportScope};
use crate::core::sanitize::one_line;
use crate::formats::export::ExportFormat;
use crate::ops::export::{parse_where, ExportFilter, ExportRequest, MemoSpec};
use crate::tui::dialog::{centered, dialog_block, Outcome, TextInput};
use crate::tui::theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;
use std::path::{Path, PathBuf};

/// A row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Format,
    Folder,
    File,
    Title,
    Codes,
    Subcodes,
    Coders,
    Where,
    Documents,
    Speakers,
    Memos,
    Map,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Format,
        Field::Folder,
        Field::File,
        Field::Title,
        Field::Codes,
        Field::Subcodes,
        Field::Coders,
        Field::Where,
        Field::Documents,
        Field::Speakers,
        Field::Memos,
        Field::Map,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::Format => "Format",
            Field::Folder => "Folder",
            Field::File => "File name",
            Field::Title => "Title",
            Field::Codes => "Codes",
            Field::Subcodes => "Sub-codes",
            Field::Coders => "Coders",
            Field::Where => "Participants",
            Field::Documents => "Documents",
            Field::Speakers => "Speakers",
            Field::Memos => "Memos",
            Field::Map => "Pseudonymise",
        }
    }

    /// Index of its text in [`ExportForm::inputs`], for text fields.
    fn input(self) -> Option<usize> {
        match self {
            Field::Folder => Some(0),
            Field::File => Some(1),
            Field::Title => Some(2),
            Field::Codes => Some(3),
            Field::Coders => Some(4),
            Field::Where => Some(5),
            Field::Documents => Some(6),
            Field::Speakers => Some(7),
            Field::Map => Some(8),
            Field::Format | Field::Subcodes | Field::Memos => None,
        }
    }
}

/// What the project has, shown as hints under the fields.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub coders: Vec<String>,
    /// `key (value, value…)`.
    pub attributes: Vec<String>,
    pub speakers: Vec<String>,
    pub documents: Vec<String>,
}

/// The export dialog's answers.
#[derive(Debug, Clone)]
pub struct ExportForm {
    pub scope: ExportScope,
    project: PathBuf,
    pub format: ExportFormat,
    pub subcodes: bool,
    pub memos: MemoSpec,
    /// The text fields, by [`Field::input`].
    pub inputs: Vec<TextInput>,
    /// Index into [`Field::ALL`].
    pub focus: usize,
    /// The file name is still the proposed one (it follows the format).
    auto_name: bool,
    /// Why the last attempt was refused, shown in the form.
    pub error: Option<String>,
    known: Known,
    /// The project is encrypted (the export will not be).
    encrypted: bool,
}

/// Splits a list typed as `a, b, c`.
fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// `a, b, c` (at most `n`, then `…`).
fn few(items: &[String], n: usize) -> String {
    let mut s = items
        .iter()
        .take(n)
        .map(|x| one_line(x))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > n {
        s.push_str(", …");
    }
    s
}

impl ExportForm {
    /// A form for `scope`, writing into `folder` (beside the project).
    pub fn new(project: &Path, folder: PathBuf, scope: ExportScope, known: Known) -> ExportForm {
        let format = ExportFormat::Csv;
        let name = file_name(&default_path(&folder, project, &scope, format));
        let (codes, subcodes) = match &scope {
            ExportScope::All => (String::new(), true),
            ExportScope::Code { name, subcodes, .. } => (name.clone(), *subcodes),
        };
        let mut inputs = vec![TextInput::default(); 9];
        inputs[0] = TextInput::with(&folder.display().to_string());
        inputs[1] = TextInput::with(&name);
        inputs[3] = TextInput::with(&codes);
        ExportForm {
            scope,
            project: project.to_path_buf(),
            format,
            subcodes,
            memos: MemoSpec::Notes,
            inputs,
            focus: 0,
            auto_name: true,
            error: None,
            known,
            encrypted: false,
        }
    }

    /// The project is encrypted: the form says once that the export is
    /// plaintext.
    pub fn encrypted(mut self, encrypted: bool) -> ExportForm {
        self.encrypted = encrypted;
        self
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.focus.min(Field::ALL.len() - 1)]
    }

    fn text(&self, f: Field) -> String {
        f.input()
            .and_then(|i| self.inputs.get(i))
            .map(|t| t.text().trim().to_string())
            .unwrap_or_default()
    }

    /// The folder as typed (`~/` is the home folder).
    pub fn folder(&self) -> PathBuf {
        let typed = self.text(Field::Folder);
        if let Some(rest) = typed.strip_prefix("~/") {
            if let Some(home) = std::env::var_os("HOME") {
                return PathBuf::from(home).join(rest);
            }
        }
        PathBuf::from(typed)
    }

    /// The whole path written to.
    pub fn output(&self) -> PathBuf {
        self.folder().join(self.text(Field::File))
    }

    /// Sets a text field (tests, and choices made elsewhere).
    pub fn set(&mut self, f: Field, value: &str) {
        if let Some(i) = f.input() {
            self.inputs[i] = TextInput::with(value);
        }
        if f == Field::File {
            self.auto_name = false;
        }
    }

    fn cycle(&mut self, d: isize) {
        match self.field() {
            Field::Format => {
                let all = ExportFormat::ALL;
                let i = all.iter().position(|f| *f == self.format).unwrap_or(0) as isize;
                let n = all.len() as isize;
                self.format = all[(i + d).rem_euclid(n) as usize];
                self.follow_format();
            }
            Field::Subcodes => self.subcodes = !self.subcodes,
            Field::Memos => {
                let all = [MemoSpec::Notes, MemoSpec::All, MemoSpec::None];
                let i = all.iter().position(|m| *m == self.memos).unwrap_or(0) as isize;
                self.memos = all[(i + d).rem_euclid(3) as usize];
            }
            _ => {}
        }
    }

    /// The proposed file name follows the format (a typed one keeps its
    /// name and takes the new extension).
    fn follow_format(&mut self) {
        let name = if self.auto_name {
            file_name(&default_path(
                &self.folder(),
                &self.project,
                &self.scope,
                self.format,
            ))
        } else {
            let typed = self.text(Field::File);
            let stem = ExportFormat::ALL
                .iter()
                .find_map(|f| typed.strip_suffix(&format!(".{}", f.extension())))
                .unwrap_or(&typed)
                .to_string();
            format!("{stem}.{}", self.format.extension())
        };
        self.inputs[1] = TextInput::with(&name);
    }

    /// Reads a key: moves between fields, edits one, or answers.
    pub fn key(&mut self, key: &KeyEvent) -> Outcome {
        let n = Field::ALL.len();
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Char('n') if ctrl => self.focus = (self.focus + 1) % n,
            KeyCode::Char('p') if ctrl => self.focus = (self.focus + n - 1) % n,
            _ => match self.field().input() {
                Some(i) => {
                    if self.inputs[i].edit(key) {
                        self.error = None;
                        if self.field() == Field::File {
                            self.auto_name = false;
                        }
                    }
                }
                None => match key.code {
                    KeyCode::Left | KeyCode::Char('h') => self.cycle(-1),
                    KeyCode::Right | KeyCode::Char(' ') | KeyCode::Char('l') => self.cycle(1),
                    _ => {}
                },
            },
        }
        Outcome::Continue
    }

    /// The request the answers make, or what is wrong with how one is
    /// written (whether the project has those values is checked by `ops`).
    pub fn request(&self) -> Result<ExportRequest, String> {
        if self.text(Field::Folder).is_empty() {
            return Err("Folder: type the folder to write into".into());
        }
        let file = self.text(Field::File);
        if file.is_empty() || file.contains(std::path::MAIN_SEPARATOR) {
            return Err("File name: a file name, without a folder".into());
        }
        let mut req = ExportRequest::new(self.format, self.output());
        let title = self.text(Field::Title);
        req.title = (!title.is_empty()).then_some(title);
        let map = self.text(Field::Map);
        req.map = (!map.is_empty()).then(|| PathBuf::from(map));
        let mut attributes = Vec::new();
        for w in list(&self.text(Field::Where)) {
            attributes.push(parse_where(&w).map_err(|e| format!("Participants: {e}"))?);
        }
        let mut coders = list(&self.text(Field::Coders));
        // `consensus` alone is the settled codings, as `--consensus`.
        let consensus = coders.len() == 1
            && coders[0].eq_ignore_ascii_case(crate::ops::export::CONSENSUS_CODER);
        if consensus {
            coders.clear();
        }
        req.filter = ExportFilter {
            codes: list(&self.text(Field::Codes)),
            subcodes: self.subcodes,
            documents: list(&self.text(Field::Documents)),
            speakers: list(&self.text(Field::Speakers)),
            attributes,
            coders,
            consensus,
            query: None,
            memos: self.memos,
        };
        Ok(req)
    }

    /// The hint under the focused field.
    fn hint(&self) -> String {
        match self.field() {
            Field::Format => "←/→ (h/l) or Space: csv, xlsx, md, html, docx, json".into(),
            Field::Folder => {
                "the folder the file is written into (beside the project by default)".into()
            }
            Field::File => "an existing file is never overwritten".into(),
            Field::Title => "the report's title (empty: Coded excerpts — project)".into(),
            Field::Codes => "code paths or names, comma-separated; empty: every code".into(),
            Field::Subcodes => "Space: with or without the sub-codes of those codes".into(),
            Field::Coders => format!(
                "comma-separated; consensus: the settled codings; empty: all · {}",
                few(&self.known.coders, 8)
            ),
            Field::Where => format!(
                "key=value, comma-separated (same key: either) · {}",
                few(&self.known.attributes, 4)
            ),
            Field::Documents => format!("comma-separated · {}", few(&self.known.documents, 4)),
            Field::Speakers => format!("comma-separated · {}", few(&self.known.speakers, 8)),
            Field::Memos => "Space: notes (coders' memos, no settling notes), all, none".into(),
            Field::Map => "a CSV original,replacement[,category]; empty: not pseudonymised".into(),
        }
    }

    fn value(&self, f: Field) -> Vec<Span<'static>> {
        let choice = |s: String| {
            vec![
                Span::raw("◂ "),
                Span::styled(s, theme::title()),
                Span::raw(" ▸"),
            ]
        };
        match f {
            Field::Format => choice(format!(
                "{}  {}",
                self.format.extension(),
                self.format.label()
            )),
            Field::Subcodes => vec![Span::raw(if self.subcodes {
                "[x] with sub-codes"
            } else {
                "[ ] without sub-codes"
            })],
            Field::Memos => choice(
                match self.memos {
                    MemoSpec::Notes => "notes",
                    MemoSpec::All => "all",
                    MemoSpec::None => "none",
                }
                .into(),
            ),
            f => {
                let Some(input) = f.input().and_then(|i| self.inputs.get(i)) else {
                    return Vec::new();
                };
                if Field::ALL[self.focus] == f {
                    input.line().spans
                } else if input.value.is_empty() {
                    vec![Span::styled(
                        match f {
                            Field::Title | Field::Map => "—",
                            _ => "all",
                        },
                        theme::dim(),
                    )]
                } else {
                    vec![Span::raw(one_line(&input.text()))]
                }
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame<'_>, area: Rect) {
        let title = match &self.scope {
            ExportScope::All => " Export coded excerpts ".to_string(),
            ExportScope::Code { name, .. } => {
                format!(" Export the excerpts of {} ", one_line(name))
            }
        };
        let mut lines: Vec<Line<'static>> = Vec::new();
        for (i, f) in Field::ALL.iter().enumerate() {
            let focused = i == self.focus;
            let mut spans = vec![Span::styled(
                format!("{}{:<13}", if focused { "▸ " } else { "  " }, f.label()),
                if focused {
                    theme::title()
                } else {
                    theme::dim()
                },
            )];
            spans.extend(self.value(*f));
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("  writes ", theme::dim()),
            Span::raw(one_line(&self.output().display().to_string())),
        ]));
        if self.encrypted {
            lines.push(Line::from(Span::styled(
                format!("  {}", crate::ops::export::plaintext_warning(&self.project)),
                theme::warning(),
            )));
        }
        lines.push(Line::from(Span::styled(
            format!("  {}", self.hint()),
            theme::dim(),
        )));
        match &self.error {
            Some(e) => lines.push(Line::from(Span::styled(
                format!("  {}", one_line(e)),
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ))),
            None => lines.push(Line::from(Span::styled(
                "  Tab/↓ ↑ next/previous field · Enter export · Esc cancel",
                theme::dim(),
            ))),
        }
        // As tall as the lines need once wrapped (long paths, errors).
        let w = 100.min(area.width);
        let inner_w = usize::from(w.saturating_sub(2)).max(1);
        let rows: usize = lines
            .iter()
            .map(|l| l.width().max(1).div_ceil(inner_w))
            .sum();
        let h = u16::try_from(rows + 2).unwrap_or(u16::MAX);
        let popup = centered(area, w, h);
        let block = dialog_block(&title);
        let inner = block.inner(popup);
        frame.render_widget(Clear, popup);
        frame.render_widget(block, popup);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn answers_make_a_request() {
        let dir = std::env::temp_dir();
        let mut f = ExportForm::new(
            Path::new("/p/study.gloss"),
            dir.clone(),
            ExportScope::All,
            Known::default(),
        );
        assert!(f.text(Field::File).starts_with("study-excerpts"));
        // Format: → twice is md, and the proposed name follows.
        f.key(&key(KeyCode::Right));
        f.key(&key(KeyCode::Right));
        assert_eq!(f.format, ExportFormat::Markdown);
        assert!(
            f.text(Field::File).ends_with(".md"),
            "{}",
            f.text(Field::File)
        );
        f.set(Field::Coders, "consensus");
        f.set(Field::Where, "role=washer, site=Kasulo");
        f.set(Field::Speakers, "P1, P2");
        let r = f.request().expect("request");
        assert!(r.filter.consensus && r.filter.coders.is_empty());
        assert_eq!(r.filter.attributes.len(), 2);
        assert_eq!(r.filter.speakers, ["P1", "P2"]);
        assert_eq!(r.output.parent(), Some(dir.as_path()));
        f.set(Field::Where, "role");
        assert!(f
            .request()
            .expect_err("bad where")
            .starts_with("Participants:"));
        // A typed name keeps its stem when the format changes.
        f.set(Field::File, "kasulo.md");
        f.focus = 0;
        f.key(&key(KeyCode::Left));
        assert_eq!(f.text(Field::File), "kasulo.xlsx");
    }
}
