//! Searching from the application: jumping to hits (`n`/`N` in the
//! transcript, through the kept search pane, `search/update.rs`), and
//! coding the chosen hits in one step.

use super::{App, Dialog, Focus, PickThen};
use crate::core::history::Change;
use crate::core::plural::count;
use crate::core::sanitize::one_line;
use crate::core::{CharRange, CodeId};
use crate::ops;
use crate::ops::search::HitScope;
use crate::tui::dialog::{PickItem, Picker};
use crate::tui::search::SearchState;

pub const SCOPES: [(&str, HitScope); 4] = [
    ("the matched words", HitScope::Matches),
    ("from the first to the last matched word", HitScope::Words),
    ("the sentences holding the matches", HitScope::Sentences),
    ("the whole turn", HitScope::Turn),
];

impl App {
    /// The search pane's worker starts again (the project gained
    /// documents or its text changed): its query runs on what is there now.
    pub(super) fn restart_search(&mut self) {
        let (project, dir) = (self.store.project().clone(), self.index_dir.clone());
        if let Some(s) = self.screens.get_mut::<SearchState>() {
            s.restart(project, dir);
        }
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
        let Some(s) = self.screens.get_mut::<SearchState>() else {
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
        if let Some((doc, range, lit, said)) = s.target(Some(next as usize)) {
            self.show_match(&doc, range, lit, said);
        }
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
        let hits: Vec<&crate::index::Hit> = match (&kwic, self.screens.get::<SearchState>()) {
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
        } else if let Some(s) = self.screens.get_mut::<SearchState>() {
            s.marked.clear();
        }
    }
}
