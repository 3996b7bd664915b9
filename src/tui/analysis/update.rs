//! The analysis screen's update: open it (`T`, from anywhere), choose the
//! view and its options, move among the cells, open the passages behind
//! one in the retrieve view (`Esc` there comes back to the same cell), the
//! words and keyword-in-context views (`Enter` on a word opens its KWIC,
//! `Enter` on a KWIC row its passage, the keyword selected; marked rows
//! are coded as search hits are), and export the table shown to CSV or
//! XLSX (`ops::analysis::tables::write`: injection-safe, a temporary file
//! renamed into place, owner-only).

use super::options::{
    by_choices, stop_choices, CoderChoice, CONTEXTS, MIN_LENGTHS, REACHES, SORTS,
};
use super::{
    column_choices, AnalysisInput, AnalysisState, Arrived, View, CO_UNITS, PERCENTS, UNITS,
};
use crate::core::sanitize::one_line;
use crate::core::{CharRange, DocumentId};
use crate::ops;
use crate::tui::action::{Knob, Move};
use crate::tui::app::{App, Dialog, Focus, InputThen, PickThen};
use crate::tui::dialog::{PickItem, Picker, TextInput};
use crate::tui::export::{free_name, slug};
use crate::tui::jobs::JobEvent;
use crate::tui::keymap::{Action, Context};
use crate::tui::retrieve::RetrieveState;
use crate::tui::screen::Screen;
use ratatui::layout::Rect;
use ratatui::Frame;

/// The next of `all` after `now` (wrapping).
fn next<T: PartialEq + Clone>(all: &[T], now: &T) -> T {
    let i = all.iter().position(|x| x == now).map_or(0, |i| i + 1);
    all[i % all.len()].clone()
}

/// `T`: the analysis screen, its table computed again from the project as
/// it is now (the options chosen earlier in the session are kept).
pub fn open(app: &mut App) {
    if app.screens.get::<AnalysisState>().is_none() {
        let a = AnalysisState::new(app.store().project().clone(), app.sender())
            .with_index_dir(app.index_dir.clone());
        app.screens.open(a);
    }
    app.screens.show::<AnalysisState>();
    if let Some(a) = app.screens.get_mut::<AnalysisState>() {
        a.note = None;
        // The worker reads the project again only if it changed since.
        a.request(false);
    }
}

impl Screen for AnalysisState {
    fn context(&self) -> Context {
        Context::Analysis
    }

    fn status_label(&self) -> Option<&'static str> {
        Some(" ANALYSIS ")
    }

    fn view(&self, frame: &mut Frame<'_>, area: Rect, _app: &App) {
        self.draw(frame, area);
    }

    fn busy(&self) -> bool {
        AnalysisState::busy(self)
    }

    fn news(&mut self, app: &mut App, ev: JobEvent) -> Result<bool, JobEvent> {
        if !self.owns(ev.job) {
            return Err(ev);
        }
        let subcodes = self.opts.subcodes;
        Ok(match self.apply(ev) {
            Arrived::Nothing => false,
            Arrived::Table => true,
            Arrived::Failed(e) => {
                app.message = Some(format!("analysis: {}", one_line(&e)));
                true
            }
            Arrived::Passages(what, excerpts) => {
                if !app.screens.shows::<AnalysisState>() {
                    // The user has moved on.
                    return Ok(true);
                }
                let code = excerpts
                    .first()
                    .map(|e| e.passage.coding.code.clone())
                    .unwrap_or_else(|| crate::core::CodeId(String::new()));
                let n = excerpts.len();
                app.retrieve = Some(RetrieveState {
                    code,
                    title: what.clone(),
                    with_subcodes: subcodes,
                    excerpts,
                    selected: 0,
                    from_analysis: true,
                });
                app.set_focus(Focus::Retrieve);
                app.message = Some(format!(
                    "{} behind {} · Esc back to the table",
                    crate::core::plural::count(n, "passage"),
                    one_line(&what)
                ));
                true
            }
        })
    }

    fn update(&mut self, app: &mut App, action: Action) {
        let view = self.opts.view;
        match (action, view) {
            // Back to where the user was before the screen (kept with its
            // options for the next `T`).
            (Action::Back, _) => return app.screens.hide::<AnalysisState>(),
            (Action::ExportTable, _) => return self.start_table_export(app),
            (Action::Analysis(Knob::Query), _) => {
                return self.ask_input(app, AnalysisInput::KwicQuery)
            }
            (Action::Analysis(Knob::Where), v) if v.counts_codings() => {
                return self.ask_input(app, AnalysisInput::Where)
            }
            (Action::Analysis(Knob::Code), View::Words) => return self.pick_words_inside(app),
            (Action::Open, View::Kwic) => return self.jump_to_kwic(app),
            (Action::Open, View::Words) => return self.kwic_of_selected_word(),
            (Action::CodeHits, View::Kwic) => {
                let n = self.chosen_kwic().len();
                if n == 0 {
                    app.message = Some("no occurrence to code".into());
                } else {
                    app.pick_code(
                        &format!(" Code {} as ", crate::core::plural::count(n, "occurrence")),
                        PickThen::CodeHits,
                    );
                }
                return;
            }
            _ => {}
        }
        if app.run_global(action) {
            return;
        }
        self.options(action);
    }
}

impl AnalysisState {
    /// The keys that move among the cells and change the table's options.
    fn options(&mut self, action: Action) {
        self.note = None;
        let mut recompute = false;
        match action {
            Action::Move(Move::Down) => self.step(1, 0),
            Action::Move(Move::Up) => self.step(-1, 0),
            Action::Move(Move::Left) => self.step(0, -1),
            Action::Move(Move::Right) => self.step(0, 1),
            Action::Move(Move::PageDown) => self.step(10, 0),
            Action::Move(Move::PageUp) => self.step(-10, 0),
            Action::Move(Move::Top) => self.step(isize::MIN / 2, 0),
            Action::Move(Move::Bottom) => self.step(isize::MAX / 2, 0),
            Action::Analysis(Knob::View) => {
                self.opts.view = next(&View::ALL, &self.opts.view);
                // As on the command line: frequencies and matrices roll
                // sub-codes up, co-occurrence and the codeline do not.
                self.opts.subcodes = matches!(
                    self.opts.view,
                    View::Frequencies | View::Matrix | View::Words
                );
                self.row = 0;
                self.col = 0;
                recompute = true;
            }
            Action::Analysis(Knob::Columns) if self.opts.view == View::Matrix => {
                let keys = self
                    .computed
                    .as_ref()
                    .map(|c| c.attribute_keys.clone())
                    .unwrap_or_default();
                self.opts.columns = next(&column_choices(&keys), &self.opts.columns);
                self.col = 0;
                recompute = true;
            }
            Action::Analysis(Knob::Unit) => match self.opts.view {
                View::Matrix => {
                    self.opts.unit = next(&UNITS, &self.opts.unit);
                    recompute = true;
                }
                View::Cooccurrence => {
                    self.opts.co_unit = next(&CO_UNITS, &self.opts.co_unit);
                    recompute = true;
                }
                // The bars show the selected column.
                View::Frequencies => self.col = (self.col + 1) % self.figure_cols().max(1),
                View::Codeline => {
                    self.note = Some("a codeline has no unit: a cell is filled or not".into())
                }
                View::Words | View::Kwic => {
                    self.note = Some("this view counts occurrences of words".into())
                }
            },
            Action::Analysis(Knob::Percent) if self.opts.view == View::Matrix => {
                self.opts.percent = next(&PERCENTS, &self.opts.percent);
                recompute = true;
            }
            Action::Analysis(Knob::Document) if self.opts.view == View::Codeline => {
                if let Some(c) = &self.computed {
                    if !c.documents.is_empty() {
                        let d = c.document.map_or(0, |d| (d + 1) % c.documents.len());
                        self.opts.document = Some(c.documents[d].0.clone());
                        self.col = 0;
                        recompute = true;
                    }
                }
            }
            Action::Analysis(Knob::Columns) if self.opts.view == View::Words => {
                let keys = self
                    .computed
                    .as_ref()
                    .map(|c| c.attribute_keys.clone())
                    .unwrap_or_default();
                self.opts.words.by = next(&by_choices(&keys), &self.opts.words.by);
                self.row = 0;
                recompute = true;
            }
            Action::ToggleSubcodes | Action::Analysis(Knob::Coders)
                if !self.opts.view.counts_codings() =>
            {
                self.note = Some("keyword in context counts occurrences, not codings".into())
            }
            Action::ToggleSubcodes => {
                self.opts.subcodes = !self.opts.subcodes;
                recompute = true;
            }
            Action::Analysis(Knob::Coders) => {
                let coders = self
                    .computed
                    .as_ref()
                    .map(|c| c.coder_names.clone())
                    .unwrap_or_default();
                self.opts.coders = next(&CoderChoice::all(&coders), &self.opts.coders);
                recompute = true;
            }
            Action::Analysis(Knob::Reach) if self.opts.view == View::Cooccurrence => {
                if self.opts.co_unit == crate::core::analysis::cooccurrence::CoUnit::Pairs {
                    self.opts.reach = next(&REACHES, &self.opts.reach);
                    recompute = true;
                } else {
                    self.note = Some("touching and within N pair stretches: unit pairs (u)".into());
                }
            }
            Action::Analysis(Knob::Stopwords) if self.opts.view == View::Words => {
                self.opts.words.stopwords = next(&stop_choices(), &self.opts.words.stopwords);
                recompute = true;
            }
            Action::Analysis(Knob::MinLength) if self.opts.view == View::Words => {
                self.opts.words.word.min_length =
                    next(&MIN_LENGTHS, &self.opts.words.word.min_length);
                recompute = true;
            }
            Action::Analysis(Knob::Accents) if self.opts.view == View::Words => {
                self.opts.words.word.keep_accents = !self.opts.words.word.keep_accents;
                recompute = true;
            }
            Action::Analysis(Knob::Numbers) if self.opts.view == View::Words => {
                self.opts.words.word.numbers = !self.opts.words.word.numbers;
                recompute = true;
            }
            Action::Analysis(Knob::Context) if self.opts.view == View::Kwic => {
                self.opts.kwic.context = next(&CONTEXTS, &self.opts.kwic.context);
                recompute = true;
            }
            Action::Analysis(Knob::Sort) if self.opts.view == View::Kwic => {
                self.opts.kwic.sort = next(&SORTS, &self.opts.kwic.sort);
                self.row = 0;
                recompute = true;
            }
            Action::ToggleMark | Action::MarkAll if self.opts.view != View::Kwic => {
                self.note = Some("rows are marked in the keyword-in-context view".into())
            }
            Action::ToggleMark => self.toggle_mark(),
            Action::MarkAll => self.mark_all(),
            Action::Analysis(Knob::Reach) => {
                self.note = Some("t is co-occurrence's (v chooses the view)".into())
            }
            Action::Analysis(Knob::Stopwords)
            | Action::Analysis(Knob::MinLength)
            | Action::Analysis(Knob::Accents)
            | Action::Analysis(Knob::Numbers)
            | Action::Analysis(Knob::Code) => {
                self.note = Some("w m a n o are the words view's (v chooses the view)".into())
            }
            Action::Analysis(Knob::Context) | Action::Analysis(Knob::Sort) => {
                self.note =
                    Some("x and r are the keyword-in-context view's (/ types a query)".into())
            }
            Action::Analysis(Knob::Where) => {
                self.note = Some("keyword in context has no coding filter".into())
            }
            Action::Open => match self.selected_cell() {
                Ok((cell, what)) => self.request_passages(cell, what),
                Err(e) => self.note = Some(e),
            },
            Action::Analysis(Knob::Columns)
            | Action::Analysis(Knob::Percent)
            | Action::Analysis(Knob::Document) => {
                self.note = Some(match action {
                    Action::Analysis(Knob::Columns) => {
                        "c chooses the matrix's columns or the words' groups (v chooses the view)"
                            .into()
                    }
                    Action::Analysis(Knob::Percent) => {
                        "percentages are the matrix's (v chooses the view)".into()
                    }
                    _ => "d chooses the codeline's document (v chooses the view)".into(),
                });
            }
            _ => {}
        }
        if recompute {
            self.request(false);
        }
    }

    /// `o` in the words view: a picker of the codes (and "all speech")
    /// whose passages alone are counted.
    fn pick_words_inside(&mut self, app: &mut App) {
        let now = self.opts.words.code.clone();
        let mark = |yes: bool| {
            if yes {
                "(now)".to_string()
            } else {
                String::new()
            }
        };
        let mut items = vec![PickItem {
            label: "all speech".into(),
            detail: mark(now.is_none()),
            color: None,
        }];
        let mut keys = vec![String::new()];
        for c in app.codebook.codes() {
            let path = app.codebook.book.path(&c.id).unwrap_or(&c.name).to_string();
            items.push(PickItem {
                detail: mark(now.as_deref() == Some(path.as_str())),
                color: Some(app.codebook.color(&c.id)),
                label: path.clone(),
            });
            keys.push(path);
        }
        app.dialog = Some(Dialog::Pick {
            picker: Picker::new(" Count words only inside ", items, true),
            keys,
            then: PickThen::WordsInside,
        });
    }

    /// The code chosen for the words view (an empty key: all speech).
    pub fn words_inside_chosen(&mut self, path: String) {
        self.opts.words.code = (!path.is_empty()).then_some(path);
        self.row = 0;
        self.request(false);
    }

    /// Asks for the KWIC query or the `--where` filter.
    fn ask_input(&mut self, app: &mut App, what: AnalysisInput) {
        let (now, title, hint) = match what {
            AnalysisInput::KwicQuery => (
                self.opts.kwic.query.clone(),
                " Keyword in context ",
                "the search language: a word, \"a phrase\", a OR b · Enter · Esc cancel",
            ),
            AnalysisInput::Where => (
                self.opts
                    .attributes
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                " Only codings of participants where ",
                "KEY=VALUE (gender=female site=Kasulo: all keys hold) · empty: none · Enter · Esc",
            ),
        };
        app.dialog = Some(Dialog::Input {
            input: TextInput::with(&now),
            title: title.into(),
            hint: hint.into(),
            then: InputThen::Analysis(what),
        });
    }

    /// The query or filter typed: the table is computed again (an
    /// unknown key or value comes back as the worker's error, listing the
    /// known ones).
    pub fn input_entered(&mut self, what: AnalysisInput, text: &str) -> Result<(), String> {
        match what {
            AnalysisInput::KwicQuery => {
                self.opts.kwic.query = text.trim().to_string();
                self.opts.view = View::Kwic;
            }
            AnalysisInput::Where => {
                self.opts.attributes = parse_where(text)?;
            }
        }
        self.row = 0;
        self.col = 0;
        self.note = None;
        self.request(false);
        Ok(())
    }

    /// `e`: asks for the file to write the table shown to, beside the
    /// project by default.
    fn start_table_export(&mut self, app: &mut App) {
        let Some(c) = self.computed.as_ref() else {
            app.message = Some("the table is still being computed".into());
            return;
        };
        let path = default_table_path(app.store().path(), &c.table.title);
        let mut hint = String::from("a file ending .csv or .xlsx · Enter write · Esc cancel");
        if let Some(note) = ops::export::plaintext_note(app.store()) {
            hint = format!("{note} · {hint}");
        }
        app.dialog = Some(Dialog::Input {
            input: TextInput::with(&path.display().to_string()),
            title: " Export the table ".into(),
            hint,
            then: InputThen::ExportTable,
        });
    }

    /// The file name typed: writes the table shown there (an existing file
    /// is never overwritten); what the status line says.
    pub fn export_entered(&self, store: &ops::Store, text: &str) -> Result<String, String> {
        let Some(c) = self.computed.as_ref() else {
            return Err("the table is no longer there".into());
        };
        let path = std::path::PathBuf::from(text.trim());
        let path = std::path::absolute(&path).unwrap_or(path);
        if path.exists() {
            return Err(format!(
                "{} already exists; choose another name",
                one_line(&path.display().to_string())
            ));
        }
        ops::analysis::tables::write(store, &c.table, &path, false)
            .map_err(|e| one_line(&e.to_string()))?;
        Ok(format!(
            "exported the table to {}",
            one_line(&path.display().to_string())
        ))
    }

    /// `Enter` on a word: every occurrence of it, in context.
    fn kwic_of_selected_word(&mut self) {
        let Some(word) = self.selected_word() else {
            self.note = Some("no word here".into());
            return;
        };
        // Quoted: the word as counted, never read as an operator.
        self.opts.kwic.query = format!("\"{}\"", word.replace('"', ""));
        self.opts.view = View::Kwic;
        self.row = 0;
        self.col = 0;
        self.note = None;
        self.request(false);
    }

    /// `Enter` on a KWIC row: its document, the keyword selected.
    fn jump_to_kwic(&mut self, app: &mut App) {
        let rows = self.kwic_rows();
        let n = rows.len();
        let pos = self.row;
        let Some(r) = rows.get(pos).cloned() else {
            app.message = Some("no occurrence here".into());
            return;
        };
        let all: Vec<CharRange> = rows
            .iter()
            .filter(|x| x.doc_id == r.doc_id)
            .map(|x| CharRange::new(x.start, x.end))
            .collect();
        app.show_match(
            &DocumentId(r.doc_id.clone()),
            CharRange::new(r.start, r.end),
            all,
            format!(
                "occurrence {} of {n} · T back to the analysis screen",
                pos + 1
            ),
        );
    }
}

/// `KEY=VALUE` pairs separated by spaces or commas (a value with a space:
/// `site="Kasulo camp"` is not needed — `=` ends the key, the next `KEY=`
/// ends the value).
fn parse_where(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for part in text.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
        match part.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                out.push((k.trim().to_string(), v.trim().to_string()))
            }
            // A word without `=` continues the previous value.
            None if !out.is_empty() => {
                if let Some(last) = out.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(part.trim());
                }
            }
            _ => {
                return Err(format!(
                    "{:?} is not KEY=VALUE (e.g. gender=female)",
                    one_line(part)
                ))
            }
        }
    }
    Ok(out)
}

/// `PROJECT-codes-attribute-gender.csv` beside the project, a name not
/// taken yet.
fn default_table_path(project: &std::path::Path, title: &str) -> std::path::PathBuf {
    let dir = project
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| std::path::PathBuf::from("."), |p| p.to_path_buf());
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    free_name(&dir, project, &slug(title, "analysis"), "csv")
}

#[cfg(test)]
mod tests {
    use super::parse_where;

    #[test]
    fn where_takes_key_value_pairs() {
        assert_eq!(parse_where("").expect("empty"), vec![]);
        assert_eq!(
            parse_where("gender=female, site=Kasulo camp").expect("two"),
            vec![
                ("gender".to_string(), "female".to_string()),
                ("site".to_string(), "Kasulo camp".to_string())
            ]
        );
        assert!(parse_where("female").is_err());
        assert!(parse_where("gender=").is_err());
    }
}
