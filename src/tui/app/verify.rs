//! Verified turns (issue 14): `F9` marks the turn at the cursor verified —
//! someone listened to it against the recording — or not again (one undo
//! step, a revision of kind `verify`); `Ctrl-n` goes to the next unverified
//! turn. The status line counts them while any is unverified.

use super::App;
use crate::core::history::Change;
use crate::ops;

impl App {
    /// Toggles the verified mark of the turn at the cursor.
    pub(super) fn verify_turn(&mut self) {
        // Typing waits for nothing: it is saved first.
        self.commit_edits(true);
        let Some(t) = &self.transcript else { return };
        let Some(i) = t.turn_holding(t.cursor()).or_else(|| t.current_turn()) else {
            self.message = Some("the cursor is not in a turn".into());
            return;
        };
        let Some(seg) = t.segments().get(i) else {
            return;
        };
        let (id, verified, doc) = (seg.id, seg.verified, t.doc.document.id.clone());
        let result = ops::text::load(&self.store, &doc)
            .and_then(|dt| ops::text::plan_verify(&self.store, &dt, id, !verified))
            .and_then(|p| {
                self.editor
                    .perform(&mut self.store, Change::EditText(Box::new(p)))
            });
        match result {
            Ok(()) => {
                self.reload_document();
                let (done, total) = self
                    .transcript
                    .as_ref()
                    .map_or((0, 0), |t| t.verified_count());
                self.message = Some(format!(
                    "turn {} {} · {done} of {total} turns verified · Ctrl-n next unverified · u undoes",
                    i + 1,
                    if verified { "marked unverified" } else { "verified" }
                ));
            }
            Err(e) => self.message = Some(format!("not done: {e}")),
        }
    }

    /// Moves the cursor to the next unverified turn (from the top after
    /// the last).
    pub(super) fn next_unverified(&mut self) {
        let Some(t) = &mut self.transcript else {
            return;
        };
        let n = t.segments().len();
        let from = t.turn_holding(t.cursor()).or_else(|| t.current_turn());
        let start = from.map_or(0, |i| i + 1);
        let next = (0..n)
            .map(|k| (start + k) % n)
            .find(|&k| !t.segments()[k].verified);
        match next.and_then(|k| t.turn_range(k).map(|r| (k, r))) {
            Some((k, r)) => {
                t.set_cursor(r.start);
                self.message = None;
                // In transcription mode the turn is heard from its start.
                if self.transcribing() {
                    self.play_turn(k);
                }
            }
            None => self.message = Some("every turn is verified".into()),
        }
    }
}
