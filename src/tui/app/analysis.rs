//! The analysis screen's keys: open it (`T`, from anywhere), choose the
//! view and its options, move among the cells, open the passages behind
//! one in the retrieve view (`Esc` there comes back to the same cell), and
//! export the table shown to CSV or XLSX (`ops::analysis::tables::write`:
//! injection-safe, a temporary file renamed into place, owner-only).

use super::{App, Dialog, Focus, InputThen};
use crate::core::sanitize::one_line;
use crate::ops;
use crate::tui::action::{Knob, Move};
use crate::tui::analysis::options::{
    by_choices, stop_choices, CoderChoice, CONTEXTS, MIN_LENGTHS, REACHES, SORTS,
};
use crate::tui::analysis::{
    column_choices, AnalysisInput, AnalysisState, Arrived, View, CO_UNITS, PERCENTS, UNITS,
};
use crate::tui::dialog::TextInput;
use crate::tui::jobs::JobEvent;
use crate::tui::keymap::Action;
use crate::tui::retrieve::RetrieveState;

/// The next of `all` after `now` (wrapping).
fn next<T: PartialEq + Clone>(all: &[T], now: &T) -> T {
    let i = all.iter().position(|x| x == now).map_or(0, |i| i + 1);
    all[i % all.len()].clone()
}

impl App {
    /// `T`: the analysis screen, its table computed again from the project
    /// as it is now (the options chosen earlier in the session are kept).
    pub(super) fn open_analysis(&mut self) {
        let a = self.analysis.get_or_insert_with(|| {
            AnalysisState::new(self.store.project().clone(), self.events.sender())
                .with_index_dir(self.index_dir.clone())
        });
        a.note = None;
        // The worker reads the project again only if it changed since.
        a.request(false);
        self.focus = Focus::Analysis;
    }

    pub(super) fn analysis_busy(&self) -> bool {
        self.analysis.as_ref().is_some_and(AnalysisState::busy)
    }

    /// Takes the worker's news; returns whether to redraw.
    pub(super) fn analysis_news(&mut self, ev: JobEvent) -> bool {
        let Some(a) = &mut self.analysis else {
            return false;
        };
        let subcodes = a.opts.subcodes;
        match a.apply(ev) {
            Arrived::Nothing => false,
            Arrived::Table => true,
            Arrived::Failed(e) => {
                self.message = Some(format!("analysis: {}", one_line(&e)));
                true
            }
            Arrived::Passages(what, excerpts) => {
                if self.focus != Focus::Analysis {
                    // The user has moved on.
                    return true;
                }
                let code = excerpts
                    .first()
                    .map(|e| e.passage.coding.code.clone())
                    .unwrap_or_else(|| crate::core::CodeId(String::new()));
                let n = excerpts.len();
                self.retrieve = Some(RetrieveState {
                    code,
                    title: what.clone(),
                    with_subcodes: subcodes,
                    excerpts,
                    selected: 0,
                    from_analysis: true,
                });
                self.focus = Focus::Retrieve;
                self.message = Some(format!(
                    "{} behind {} · Esc back to the table",
                    crate::core::plural::count(n, "passage"),
                    one_line(&what)
                ));
                true
            }
        }
    }

    pub(super) fn analysis_command(&mut self, cmd: Action) {
        let view = self.analysis.as_ref().map(|a| a.opts.view);
        match (cmd, view) {
            (Action::ExportTable, _) => return self.start_table_export(),
            (Action::Analysis(Knob::Query), _) => {
                return self.ask_analysis_input(AnalysisInput::KwicQuery)
            }
            (Action::Analysis(Knob::Where), Some(v)) if v.counts_codings() => {
                return self.ask_analysis_input(AnalysisInput::Where)
            }
            (Action::Analysis(Knob::Code), Some(View::Words)) => return self.pick_words_inside(),
            (Action::Open, Some(View::Kwic)) => return self.jump_to_kwic(),
            (Action::Open, Some(View::Words)) => return self.kwic_of_selected_word(),
            (Action::CodeHits, Some(View::Kwic)) => {
                let n = self.analysis.as_ref().map_or(0, |a| a.chosen_kwic().len());
                if n == 0 {
                    self.message = Some("no occurrence to code".into());
                } else {
                    self.pick_code(
                        &format!(" Code {} as ", crate::core::plural::count(n, "occurrence")),
                        super::PickThen::CodeHits,
                    );
                }
                return;
            }
            _ => {}
        }
        let Some(a) = &mut self.analysis else {
            return;
        };
        a.note = None;
        let mut recompute = false;
        match cmd {
            Action::Move(Move::Down) => a.step(1, 0),
            Action::Move(Move::Up) => a.step(-1, 0),
            Action::Move(Move::Left) => a.step(0, -1),
            Action::Move(Move::Right) => a.step(0, 1),
            Action::Move(Move::PageDown) => a.step(10, 0),
            Action::Move(Move::PageUp) => a.step(-10, 0),
            Action::Move(Move::Top) => a.step(isize::MIN / 2, 0),
            Action::Move(Move::Bottom) => a.step(isize::MAX / 2, 0),
            Action::Analysis(Knob::View) => {
                a.opts.view = next(&View::ALL, &a.opts.view);
                // As on the command line: frequencies and matrices roll
                // sub-codes up, co-occurrence and the codeline do not.
                a.opts.subcodes =
                    matches!(a.opts.view, View::Frequencies | View::Matrix | View::Words);
                a.row = 0;
                a.col = 0;
                recompute = true;
            }
            Action::Analysis(Knob::Columns) if a.opts.view == View::Matrix => {
                let keys = a
                    .computed
                    .as_ref()
                    .map(|c| c.attribute_keys.clone())
                    .unwrap_or_default();
                a.opts.columns = next(&column_choices(&keys), &a.opts.columns);
                a.col = 0;
                recompute = true;
            }
            Action::Analysis(Knob::Unit) => match a.opts.view {
                View::Matrix => {
                    a.opts.unit = next(&UNITS, &a.opts.unit);
                    recompute = true;
                }
                View::Cooccurrence => {
                    a.opts.co_unit = next(&CO_UNITS, &a.opts.co_unit);
                    recompute = true;
                }
                // The bars show the selected column.
                View::Frequencies => a.col = (a.col + 1) % a.figure_cols().max(1),
                View::Codeline => {
                    a.note = Some("a codeline has no unit: a cell is filled or not".into())
                }
                View::Words | View::Kwic => {
                    a.note = Some("this view counts occurrences of words".into())
                }
            },
            Action::Analysis(Knob::Percent) if a.opts.view == View::Matrix => {
                a.opts.percent = next(&PERCENTS, &a.opts.percent);
                recompute = true;
            }
            Action::Analysis(Knob::Document) if a.opts.view == View::Codeline => {
                if let Some(c) = &a.computed {
                    if !c.documents.is_empty() {
                        let d = c.document.map_or(0, |d| (d + 1) % c.documents.len());
                        a.opts.document = Some(c.documents[d].0.clone());
                        a.col = 0;
                        recompute = true;
                    }
                }
            }
            Action::Analysis(Knob::Columns) if a.opts.view == View::Words => {
                let keys = a
                    .computed
                    .as_ref()
                    .map(|c| c.attribute_keys.clone())
                    .unwrap_or_default();
                a.opts.words.by = next(&by_choices(&keys), &a.opts.words.by);
                a.row = 0;
                recompute = true;
            }
            Action::ToggleSubcodes | Action::Analysis(Knob::Coders)
                if !a.opts.view.counts_codings() =>
            {
                a.note = Some("keyword in context counts occurrences, not codings".into())
            }
            Action::ToggleSubcodes => {
                a.opts.subcodes = !a.opts.subcodes;
                recompute = true;
            }
            Action::Analysis(Knob::Coders) => {
                let coders = a
                    .computed
                    .as_ref()
                    .map(|c| c.coder_names.clone())
                    .unwrap_or_default();
                a.opts.coders = next(&CoderChoice::all(&coders), &a.opts.coders);
                recompute = true;
            }
            Action::Analysis(Knob::Reach) if a.opts.view == View::Cooccurrence => {
                if a.opts.co_unit == crate::core::analysis::cooccurrence::CoUnit::Pairs {
                    a.opts.reach = next(&REACHES, &a.opts.reach);
                    recompute = true;
                } else {
                    a.note = Some("touching and within N pair stretches: unit pairs (u)".into());
                }
            }
            Action::Analysis(Knob::Stopwords) if a.opts.view == View::Words => {
                a.opts.words.stopwords = next(&stop_choices(), &a.opts.words.stopwords);
                recompute = true;
            }
            Action::Analysis(Knob::MinLength) if a.opts.view == View::Words => {
                a.opts.words.word.min_length = next(&MIN_LENGTHS, &a.opts.words.word.min_length);
                recompute = true;
            }
            Action::Analysis(Knob::Accents) if a.opts.view == View::Words => {
                a.opts.words.word.keep_accents = !a.opts.words.word.keep_accents;
                recompute = true;
            }
            Action::Analysis(Knob::Numbers) if a.opts.view == View::Words => {
                a.opts.words.word.numbers = !a.opts.words.word.numbers;
                recompute = true;
            }
            Action::Analysis(Knob::Context) if a.opts.view == View::Kwic => {
                a.opts.kwic.context = next(&CONTEXTS, &a.opts.kwic.context);
                recompute = true;
            }
            Action::Analysis(Knob::Sort) if a.opts.view == View::Kwic => {
                a.opts.kwic.sort = next(&SORTS, &a.opts.kwic.sort);
                a.row = 0;
                recompute = true;
            }
            Action::ToggleMark | Action::MarkAll if a.opts.view != View::Kwic => {
                a.note = Some("rows are marked in the keyword-in-context view".into())
            }
            Action::ToggleMark => a.toggle_mark(),
            Action::MarkAll => a.mark_all(),
            Action::Analysis(Knob::Reach) => {
                a.note = Some("t is co-occurrence's (v chooses the view)".into())
            }
            Action::Analysis(Knob::Stopwords)
            | Action::Analysis(Knob::MinLength)
            | Action::Analysis(Knob::Accents)
            | Action::Analysis(Knob::Numbers)
            | Action::Analysis(Knob::Code) => {
                a.note = Some("w m a n o are the words view's (v chooses the view)".into())
            }
            Action::Analysis(Knob::Context) | Action::Analysis(Knob::Sort) => {
                a.note = Some("x and r are the keyword-in-context view's (/ types a query)".into())
            }
            Action::Analysis(Knob::Where) => {
                a.note = Some("keyword in context has no coding filter".into())
            }
            Action::Open => match a.selected_cell() {
                Ok((cell, what)) => a.request_passages(cell, what),
                Err(e) => a.note = Some(e),
            },
            Action::Analysis(Knob::Columns)
            | Action::Analysis(Knob::Percent)
            | Action::Analysis(Knob::Document) => {
                a.note = Some(match cmd {
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
            if let Some(a) = &mut self.analysis {
                a.request(false);
            }
        }
    }

    /// `o` in the words view: a picker of the codes (and "all speech")
    /// whose passages alone are counted.
    fn pick_words_inside(&mut self) {
        let Some(a) = &self.analysis else {
            return;
        };
        let now = a.opts.words.code.clone();
        let mut items = vec![crate::tui::dialog::PickItem {
            label: "all speech".into(),
            detail: if now.is_none() {
                "(now)".into()
            } else {
                String::new()
            },
            color: None,
        }];
        let mut keys = vec![String::new()];
        for c in self.codebook.codes() {
            let path = self
                .codebook
                .book
                .path(&c.id)
                .unwrap_or(&c.name)
                .to_string();
            items.push(crate::tui::dialog::PickItem {
                detail: if now.as_deref() == Some(path.as_str()) {
                    "(now)".into()
                } else {
                    String::new()
                },
                color: Some(self.codebook.color(&c.id)),
                label: path.clone(),
            });
            keys.push(path);
        }
        self.dialog = Some(super::Dialog::Pick {
            picker: crate::tui::dialog::Picker::new(" Count words only inside ", items, true),
            keys,
            then: super::PickThen::WordsInside,
        });
    }

    /// The code chosen for the words view (an empty key: all speech).
    pub(super) fn words_inside_chosen(&mut self, path: String) {
        if let Some(a) = &mut self.analysis {
            a.opts.words.code = (!path.is_empty()).then_some(path);
            a.row = 0;
            a.request(false);
        }
    }

    /// Asks for the KWIC query or the `--where` filter.
    fn ask_analysis_input(&mut self, what: AnalysisInput) {
        let Some(a) = &self.analysis else {
            return;
        };
        let (now, title, hint) = match what {
            AnalysisInput::KwicQuery => (
                a.opts.kwic.query.clone(),
                " Keyword in context ",
                "the search language: a word, \"a phrase\", a OR b · Enter · Esc cancel",
            ),
            AnalysisInput::Where => (
                a.opts
                    .attributes
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                " Only codings of participants where ",
                "KEY=VALUE (gender=female site=Kasulo: all keys hold) · empty: none · Enter · Esc",
            ),
        };
        self.dialog = Some(Dialog::Input {
            input: TextInput::with(&now),
            title: title.into(),
            hint: hint.into(),
            then: InputThen::Analysis(what),
        });
    }

    /// The query or filter typed: the table is computed again (an
    /// unknown key or value comes back as the worker's error, listing the
    /// known ones).
    pub(super) fn analysis_input_entered(
        &mut self,
        what: AnalysisInput,
        text: &str,
    ) -> Result<(), String> {
        let Some(a) = &mut self.analysis else {
            return Ok(());
        };
        match what {
            AnalysisInput::KwicQuery => {
                a.opts.kwic.query = text.trim().to_string();
                a.opts.view = View::Kwic;
            }
            AnalysisInput::Where => {
                a.opts.attributes = parse_where(text)?;
            }
        }
        a.row = 0;
        a.col = 0;
        a.note = None;
        a.request(false);
        Ok(())
    }

    /// Esc: back to where the user was before the screen.
    pub(super) fn analysis_back(&mut self) {
        self.focus = if self.transcript.is_some() {
            Focus::Transcript
        } else {
            Focus::List
        };
    }

    /// `e`: asks for the file to write the table shown to, beside the
    /// project by default.
    fn start_table_export(&mut self) {
        let Some(c) = self.analysis.as_ref().and_then(|a| a.computed.as_ref()) else {
            self.message = Some("the table is still being computed".into());
            return;
        };
        let path = default_table_path(self.store.path(), &c.table.title);
        let mut hint = String::from("a file ending .csv or .xlsx · Enter write · Esc cancel");
        if let Some(note) = ops::export::plaintext_note(&self.store) {
            hint = format!("{note} · {hint}");
        }
        self.dialog = Some(Dialog::Input {
            input: TextInput::with(&path.display().to_string()),
            title: " Export the table ".into(),
            hint,
            then: InputThen::ExportTable,
        });
    }

    /// The file name typed: writes the table shown there (an existing file
    /// is never overwritten).
    pub(super) fn table_export_entered(&mut self, text: &str) -> Result<(), String> {
        let Some(c) = self.analysis.as_ref().and_then(|a| a.computed.as_ref()) else {
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
        ops::analysis::tables::write(&self.store, &c.table, &path, false)
            .map_err(|e| one_line(&e.to_string()))?;
        self.message = Some(format!(
            "exported the table to {}",
            one_line(&path.display().to_string())
        ));
        Ok(())
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
    let stem = project
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "gloss".into());
    let base = format!("{}-{}", slug(&stem), slug(title));
    let mut path = dir.join(format!("{base}.csv"));
    let mut k = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{k}.csv"));
        k += 1;
    }
    path
}

/// Lowercase letters and digits, other runs as `-`.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "analysis".into()
    } else {
        out
    }
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
