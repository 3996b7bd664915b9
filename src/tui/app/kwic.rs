//! The analysis screen's keyword-in-context rows as search hits: the
//! marked rows are coded in one step as search hits are (`PickThen::CodeHits`
//! → `code_hits`, which takes the rows as hits from here).

use super::App;
use crate::core::CharRange;
use crate::index::Hit;
use crate::ops::analysis::KwicRow;
use crate::tui::analysis::{AnalysisState, View};

/// A KWIC row as the search hit it came from: its turn, its keyword as the
/// one match (coding "the whole turn" or "the sentences" then works the
/// same).
fn as_hit(r: &KwicRow) -> Hit {
    Hit {
        seg_id: 0,
        doc_id: r.doc_id.clone(),
        doc_name: r.doc.clone(),
        speaker: r.speaker.clone(),
        time_ms: None,
        turn: r.turn_range,
        text: String::new(),
        matches: vec![CharRange::new(r.start, r.end)],
        score: 0.0,
    }
}

impl App {
    /// The KWIC rows to code as hits, when the KWIC view is in front.
    pub(super) fn kwic_hits(&self) -> Option<Vec<Hit>> {
        let a = self.screens.get::<AnalysisState>()?;
        (self.screens.on_top::<AnalysisState>() && a.opts.view == View::Kwic)
            .then(|| a.chosen_kwic().into_iter().map(as_hit).collect())
    }

    /// After coding them: the marks go.
    pub(super) fn kwic_coded(&mut self) {
        if let Some(a) = self.screens.get_mut::<AnalysisState>() {
            a.marked.clear();
        }
    }
}
