//! The analysis screen's words and keyword-in-context views from the
//! application: `Enter` on a word opens its KWIC, `Enter` on a KWIC row
//! opens its passage in the transcript (the keyword selected), and the
//! marked rows are coded in one step as search hits are (`PickThen::CodeHits`
//! → `code_hits`, which takes the rows as hits from here).

use super::{App, Focus};
use crate::core::{CharRange, DocumentId};
use crate::index::Hit;
use crate::ops::analysis::KwicRow;
use crate::tui::analysis::View;

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
        let a = self.analysis.as_ref()?;
        (self.focus == Focus::Analysis && a.opts.view == View::Kwic)
            .then(|| a.chosen_kwic().into_iter().map(as_hit).collect())
    }

    /// After coding them: the marks go.
    pub(super) fn kwic_coded(&mut self) {
        if let Some(a) = &mut self.analysis {
            a.marked.clear();
        }
    }

    /// `Enter` on a word: every occurrence of it, in context.
    pub(super) fn kwic_of_selected_word(&mut self) {
        let Some(a) = &mut self.analysis else {
            return;
        };
        let Some(word) = a.selected_word() else {
            a.note = Some("no word here".into());
            return;
        };
        // Quoted: the word as counted, never read as an operator.
        a.opts.kwic.query = format!("\"{}\"", word.replace('"', ""));
        a.opts.view = View::Kwic;
        a.row = 0;
        a.col = 0;
        a.note = None;
        a.request(false);
    }

    /// `Enter` on a KWIC row: its document, the keyword selected.
    pub(super) fn jump_to_kwic(&mut self) {
        let Some(a) = &self.analysis else {
            return;
        };
        let rows = a.kwic_rows();
        let n = rows.len();
        let pos = a.row;
        let Some(r) = rows.get(pos).cloned() else {
            self.message = Some("no occurrence here".into());
            return;
        };
        let all: Vec<CharRange> = rows
            .iter()
            .filter(|x| x.doc_id == r.doc_id)
            .map(|x| CharRange::new(x.start, x.end))
            .collect();
        self.open_document(&DocumentId(r.doc_id.clone()));
        if let Some(t) = &mut self.transcript {
            let range = CharRange::new(r.start, r.end);
            t.highlights = all;
            t.select(range);
            t.selecting = false;
            t.reveal(range.start);
            self.focus = Focus::Transcript;
            self.message = Some(format!(
                "occurrence {} of {n} · T back to the analysis screen",
                pos + 1
            ));
        }
    }
}
