//! Searching from the application: the search pane's keys, jumping to hits
//! (`n`/`N` afterwards), and coding the chosen hits in one step.

use super::{App, Dialog, Focus, PickThen};
use crate::core::history::Change;
use crate::core::plural::count;
use crate::core::sanitize::one_line;
use crate::core::{CharRange, CodeId};
use crate::ops;
use crate::ops::search::HitScope;
use crate::tui::action::Move;
use crate::tui::dialog::{PickItem, Picker};
use crate::tui::keymap::Action;
use crate::tui::search::SearchState;
use crossterm::event::KeyEvent;

pub const SCOPES: [(&str, HitScope); 4] = [
    ("the matched words", HitScope::Matches),
    ("from the first to the last matched word", HitScope::Words),
    ("the sentences holding the matches", HitScope::Sentences),
    ("the whole turn", HitScope::Turn),
];

impl App {
    /// Opens (or returns to) the search pane.
    pub(super) fn open_search(&mut self) {
        if self.search.is_none() {
            self.search = Some(SearchState::new(
                self.store.project().clone(),
                self.index_dir.clone(),
                self.events.sender(),
            ));
        }
        self.retrieve = None;
        self.set_focus(Focus::Search);
    }

    /// A command of the search pane.
    pub(super) fn search_command(&mut self, cmd: Action) {
        let Some(s) = &mut self.search else {
            return;
        };
        match cmd {
            Action::Back => {
                self.set_focus(if self.transcript.is_some() {
                    Focus::Transcript
                } else {
                    Focus::List
                });
            }
            Action::Quit => self.quit = true,
            Action::Help => {
                self.show_help = true;
                self.help_scroll = 0;
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Open => self.jump_to_hit(None),
            Action::Move(Move::Down) => s.step(1),
            Action::Move(Move::Up) => s.step(-1),
            Action::Move(Move::PageDown) => s.step(10),
            Action::Move(Move::PageUp) => s.step(-10),
            Action::ToggleMark => s.toggle_mark(),
            Action::MarkAll => {
                let n = s.hits().len();
                if s.marked.len() == n {
                    s.marked.clear();
                } else {
                    s.marked = (0..n).collect();
                }
            }
            Action::ToggleOrder => s.toggle_order(),
            Action::CodeHits => {
                let n = s.chosen().len();
                if n == 0 {
                    self.message = Some("no hit to code".into());
                } else {
                    self.pick_code(
                        &format!(" Code {} as ", count(n, "hit")),
                        PickThen::CodeHits,
                    );
                }
            }
            _ => {}
        }
    }

    /// Any other key edits the query, which is searched again at once.
    pub(super) fn search_edit(&mut self, key: &KeyEvent) {
        if let Some(s) = &mut self.search {
            if s.input.edit(key) {
                s.submit();
            }
        }
    }

    /// Opens the document of hit `index` (default: the selected one) with
    /// its matched words selected and every match of the document lit.
    pub(super) fn jump_to_hit(&mut self, index: Option<usize>) {
        let Some(s) = &mut self.search else {
            return;
        };
        if let Some(i) = index {
            s.selected = i;
        }
        let Some(hit) = s.hits().get(s.selected).cloned() else {
            self.message = Some("no hit".into());
            return;
        };
        let mut all: Vec<CharRange> = s
            .hits()
            .iter()
            .filter(|h| h.doc_id == hit.doc_id)
            .flat_map(|h| h.matches.iter().copied())
            .collect();
        all.sort();
        let n = s.hits().len();
        let pos = s.selected;
        let range = match (hit.matches.first(), hit.matches.last()) {
            (Some(a), Some(b)) => CharRange::new(a.start, b.end),
            _ => hit.turn,
        };
        self.show_match(
            &crate::core::DocumentId(hit.doc_id.clone()),
            range,
            all,
            format!(
                "hit {} of {n} · n next · N previous · / back to the results",
                pos + 1
            ),
        );
    }

    /// Opens `doc` in the transcript with `range` selected and `lit` lit
    /// (a search hit, a KWIC row), and says `said`.
    pub(crate) fn show_match(
        &mut self,
        doc: &crate::core::DocumentId,
        range: CharRange,
        lit: Vec<CharRange>,
        said: String,
    ) {
        self.open_document(doc);
        if let Some(t) = &mut self.transcript {
            t.highlights = lit;
            t.select(range);
            t.selecting = false;
            t.reveal(range.start);
            self.set_focus(Focus::Transcript);
            self.message = Some(said);
        }
    }

    /// `n` / `N` in the transcript.
    pub(super) fn step_hit(&mut self, d: isize) {
        let Some(s) = &self.search else {
            self.message = Some("no search yet: press / to search".into());
            return;
        };
        let n = s.hits().len();
        if n == 0 {
            self.message = Some("no hits".into());
            return;
        }
        let next = s.selected as isize + d;
        if next < 0 || next >= n as isize {
            self.message = Some(if d > 0 { "last hit" } else { "first hit" }.into());
            return;
        }
        self.jump_to_hit(Some(next as usize));
    }

    /// After the code is chosen: ask how far to extend each hit.
    pub(super) fn code_hits_pick_scope(&mut self, code: CodeId) {
        let items = SCOPES
            .iter()
            .map(|(label, _)| PickItem {
                label: (*label).to_string(),
                detail: String::new(),
                color: None,
            })
            .collect();
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(" Code each hit as ", items, false),
            keys: (0..SCOPES.len()).map(|i| i.to_string()).collect(),
            then: PickThen::CodeHitsScope(code),
        });
    }

    /// Codes the chosen hits: the search pane's, or the rows of the
    /// analysis screen's keyword-in-context view when it is in front.
    pub(super) fn code_hits(&mut self, code: &CodeId, scope: HitScope) {
        let kwic = self.kwic_hits();
        let hits: Vec<&crate::index::Hit> = match (&kwic, &self.search) {
            (Some(rows), _) => rows.iter().collect(),
            (None, Some(s)) => s.chosen(),
            (None, None) => return,
        };
        let ranges = match ops::search::hit_ranges(&self.store, &hits, scope) {
            Ok(r) => r,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let n = ranges.len();
        let batch = ranges
            .into_iter()
            .map(|(doc, range)| {
                Change::AddCoding(ops::coding::new_coding(&doc, code, &self.coder, range))
            })
            .collect();
        let name = self.codebook.name(code);
        self.perform(
            Change::Batch(batch),
            format!(
                "coded {} as {} ({} to undo)",
                count(n, "passage"),
                one_line(&name),
                self.undo_key()
            ),
        );
        if kwic.is_some() {
            self.kwic_coded();
        } else if let Some(s) = &mut self.search {
            s.marked.clear();
        }
    }
}
