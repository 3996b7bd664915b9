//! The search pane's update: typing edits the query (searched again at
//! once), its own keys move among the hits, mark them, change the order,
//! code the chosen ones (`PickThen::CodeHits`, then `App::code_hits`), and
//! `Enter` opens a hit in the transcript (`n` / `N` there step through the
//! hits of the kept pane).

use super::SearchState;
use crate::core::plural::count;
use crate::core::{CharRange, DocumentId};
use crate::tui::action::Move;
use crate::tui::app::{App, Focus, PickThen};
use crate::tui::jobs::JobEvent;
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::Screen;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

/// `/`: opens (or returns to) the search pane, with its query and hits.
pub fn open(app: &mut App) {
    if app.screens.get::<SearchState>().is_none() {
        let s = SearchState::new(
            app.store().project().clone(),
            app.index_dir.clone(),
            app.sender(),
        );
        app.screens.open(s);
    }
    app.retrieve = None;
    app.screens.hide_all();
    app.screens.show::<SearchState>();
}

impl SearchState {
    /// Where hit `index` (default: the selected one, which it becomes) is:
    /// its document, its matched words, every match of that document to
    /// light, and what the status line says.
    pub fn target(
        &mut self,
        index: Option<usize>,
    ) -> Option<(DocumentId, CharRange, Vec<CharRange>, String)> {
        if let Some(i) = index {
            self.selected = i;
        }
        let hit = self.hits().get(self.selected)?;
        let mut all: Vec<CharRange> = self
            .hits()
            .iter()
            .filter(|h| h.doc_id == hit.doc_id)
            .flat_map(|h| h.matches.iter().copied())
            .collect();
        all.sort();
        let range = match (hit.matches.first(), hit.matches.last()) {
            (Some(a), Some(b)) => CharRange::new(a.start, b.end),
            _ => hit.turn,
        };
        let said = format!(
            "hit {} of {} · n next · N previous · / back to the results",
            self.selected + 1,
            self.hits().len()
        );
        Some((DocumentId(hit.doc_id.clone()), range, all, said))
    }
}

impl Screen for SearchState {
    fn context(&self) -> Context {
        Context::Search
    }

    fn status_label(&self) -> Option<&'static str> {
        Some(" SEARCH ")
    }

    fn docked(&self) -> bool {
        true
    }

    fn typing(&self) -> bool {
        true
    }

    fn view(&self, frame: &mut Frame<'_>, area: Rect, _app: &App) {
        self.draw(frame, area, true);
    }

    fn busy(&self) -> bool {
        SearchState::busy(self)
    }

    fn news(&mut self, _app: &mut App, ev: JobEvent) -> Result<bool, JobEvent> {
        if !self.owns(ev.job) {
            return Err(ev);
        }
        Ok(self.apply(ev))
    }

    fn typed(&mut self, _app: &mut App, key: &KeyEvent) {
        if self.input.edit(key) {
            self.submit();
        }
    }

    fn update(&mut self, app: &mut App, action: Action) {
        match action {
            Action::Back => app.set_focus(if app.transcript.is_some() {
                Focus::Transcript
            } else {
                Focus::List
            }),
            Action::Quit | Action::Help | Action::Undo | Action::Redo => {
                app.run_global(action);
            }
            Action::Open => match self.target(None) {
                Some((doc, range, lit, said)) => app.show_match(&doc, range, lit, said),
                None => app.message = Some("no hit".into()),
            },
            Action::Move(Move::Down) => self.step(1),
            Action::Move(Move::Up) => self.step(-1),
            Action::Move(Move::PageDown) => self.step(10),
            Action::Move(Move::PageUp) => self.step(-10),
            Action::ToggleMark => self.toggle_mark(),
            Action::MarkAll => {
                let n = self.hits().len();
                if self.marked.len() == n {
                    self.marked.clear();
                } else {
                    self.marked = (0..n).collect();
                }
            }
            Action::ToggleOrder => self.toggle_order(),
            Action::CodeHits => {
                let n = self.chosen().len();
                if n == 0 {
                    app.message = Some("no hit to code".into());
                } else {
                    app.pick_code(
                        &format!(" Code {} as ", count(n, "hit")),
                        PickThen::CodeHits,
                    );
                }
            }
            _ => {}
        }
    }
}
