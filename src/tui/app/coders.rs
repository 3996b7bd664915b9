//! Moving codings from one coder to another (`Ctrl-g`): the same change as
//! `gloss codings reassign`, one step that `u` undoes.

use super::{App, Dialog, InputThen, PickThen};
use crate::core::plural::count;
use crate::core::sanitize::one_line;
use crate::ops;
use crate::tui::dialog::{PickItem, Picker};

impl App {
    /// Asks whose codings to move, among the coders with codings.
    pub(super) fn start_reassign(&mut self) {
        let coders = match ops::project::coders(&self.store) {
            Ok((_, coders)) => coders,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        let with_codings: Vec<(String, usize)> =
            coders.into_iter().filter(|(_, n)| *n > 0).collect();
        if with_codings.is_empty() {
            self.message = Some("no codings to move yet".into());
            return;
        }
        let items = with_codings
            .iter()
            .map(|(k, n)| PickItem {
                label: one_line(k),
                detail: count(*n, "coding"),
                color: None,
            })
            .collect();
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(" Move the codings of ", items, false),
            keys: with_codings.into_iter().map(|(k, _)| k).collect(),
            then: PickThen::ReassignFrom,
        });
    }

    pub(super) fn reassign_from_chosen(&mut self, from: String) {
        self.input(
            &format!(" Move {}'s codings to ", one_line(&from)),
            "",
            "the coder they belong to · Enter moves them (u undoes) · Esc cancels",
            InputThen::ReassignTo(from),
        );
    }

    /// The answer to "to whom": moves every coding of `from`, or says why not
    /// (the input then stays open with what was typed).
    pub(super) fn reassign_to_entered(&mut self, from: &str, to: &str) -> Result<(), String> {
        let (change, r) =
            ops::coding::reassign_change(&self.store, from, to, None).map_err(|e| e.to_string())?;
        let mut done = format!(
            "moved {} from {} to {} ({} to undo)",
            count(r.moved + r.merged, "coding"),
            one_line(from),
            one_line(to),
            self.undo_key()
        );
        if r.merged > 0 {
            done.push_str(&format!(
                " · {} already coded alike by {}",
                r.merged,
                one_line(to)
            ));
        }
        self.perform(change, done);
        Ok(())
    }
}
