//! Managing documents and speakers (issue 12, item 6): what the
//! participant list (`P`, `tui/participants/update.rs`) asks for — renaming
//! a speaker (every label rewritten as one text edit, codings following)
//! and setting or removing attributes; renaming
//! and deleting a document from the document list. Every one is a
//! `Change` through the editor, so `u` / `Ctrl-z` undoes it — a deleted
//! document comes back whole, with the same ids.

use super::{App, ConfirmThen, Dialog, Focus, InputThen};
use crate::core::history::Change;
use crate::core::plural::count;
use crate::core::sanitize::one_line;
use crate::core::{DocumentId, ParticipantId};
use crate::ops;
use crate::tui::participants::ParticipantsState;

impl App {
    /// The document the list acts on: the highlighted one when the list has
    /// focus, else the open one.
    pub(crate) fn managed_document(&self) -> Option<DocumentId> {
        if self.focus != Focus::List {
            if let Some(t) = &self.transcript {
                return Some(t.doc.document.id.clone());
            }
        }
        self.docs.get(self.selected).map(|d| d.id.clone())
    }

    /// The new name typed for speaker `old` of `doc`.
    pub(super) fn speaker_renamed(
        &mut self,
        doc: &DocumentId,
        old: &str,
        new: &str,
    ) -> Result<(), String> {
        let new = new.trim();
        if new == old {
            self.message = Some("unchanged".into());
            return Ok(());
        }
        if let Some(p) = self.screens.get::<ParticipantsState>() {
            if p.speakers.iter().any(|s| s.participant.name == new) {
                return Err(format!(
                    "the document already has a speaker named {}",
                    one_line(new)
                ));
            }
        }
        self.commit_edits(true);
        let speaks = self
            .screens
            .get::<ParticipantsState>()
            .and_then(|p| p.speakers.iter().find(|s| s.participant.name == old))
            .is_none_or(|s| s.turns > 0);
        let change = if speaks {
            let dt = ops::text::load(&self.store, doc).map_err(|e| e.to_string())?;
            ops::text::plan_rename_speaker(&self.store, &dt, old, new).map_err(|e| e.to_string())?
        } else {
            // No turn of theirs: no label to rewrite.
            Change::RenameParticipant {
                document: doc.clone(),
                before: old.to_string(),
                after: new.to_string(),
            }
        };
        let done = format!(
            "renamed {} to {} ({} undoes)",
            one_line(old),
            one_line(new),
            self.undo_key()
        );
        self.perform_managed(doc, change, done);
        Ok(())
    }

    /// The `key=value` typed for participant `who`.
    pub(super) fn attribute_entered(
        &mut self,
        who: ParticipantId,
        text: &str,
    ) -> Result<(), String> {
        let (key, value) = ops::participants::parse_pair(text).map_err(|e| e.to_string())?;
        let change = ops::participants::set_attribute_change(&self.store, who, &key, Some(&value))
            .map_err(|e| e.to_string())?;
        self.set_attribute(change);
        if let Some(p) = self.screens.get_mut::<ParticipantsState>() {
            if let Some(i) = p.keys.iter().position(|k| *k == key) {
                p.column = i;
            }
        }
        Ok(())
    }

    pub(crate) fn set_attribute(&mut self, change: Change) {
        if let Change::SetAttribute { before, after, .. } = &change {
            if before == after {
                self.message = Some("unchanged".into());
                return;
            }
        }
        let done = format!("{} ({} undoes)", change.describe(), self.undo_key());
        self.perform(change, done);
    }

    pub(super) fn ask_rename_document(&mut self) {
        let Some(d) = self.docs.get(self.selected) else {
            return;
        };
        let then = InputThen::RenameDocument(d.id.clone());
        let name = d.name.clone();
        self.input(
            " Rename document ",
            &name,
            "the document's new name · Enter renames · Esc cancels",
            then,
        );
    }

    pub(super) fn document_renamed(&mut self, id: &DocumentId, name: &str) -> Result<(), String> {
        let change =
            ops::text::rename_document_change(&self.store, id, name).map_err(|e| e.to_string())?;
        let done = format!(
            "renamed the document to {} ({} undoes)",
            one_line(name.trim()),
            self.undo_key()
        );
        self.perform_managed(id, change, done);
        Ok(())
    }

    pub(super) fn ask_delete_document(&mut self) {
        let Some(d) = self.docs.get(self.selected) else {
            return;
        };
        let (id, name) = (d.id.clone(), d.name.clone());
        match ops::documents::dependents(&self.store, &id) {
            Ok((turns, codings, memos)) => {
                self.dialog = Some(Dialog::Confirm {
                    message: format!(
                        "Delete {} with its {}, {} and {}? {} undoes it in this session.",
                        one_line(&name),
                        count(turns, "turn"),
                        count(codings, "coding"),
                        count(memos, "memo"),
                        self.undo_key()
                    ),
                    then: ConfirmThen::DeleteDocument(id),
                })
            }
            Err(e) => self.message = Some(format!("cannot read the document: {e}")),
        }
    }

    pub(super) fn delete_confirmed(&mut self, id: &DocumentId) {
        self.commit_edits(true);
        match ops::text::delete_document_change(&self.store, id) {
            Ok(change) => {
                let done = match &change {
                    Change::DeleteDocument(d) => format!(
                        "deleted {} with {}, {} and {} ({} undoes)",
                        one_line(&d.name),
                        count(d.turns, "turn"),
                        count(d.codings, "coding"),
                        count(d.memos, "memo"),
                        self.undo_key()
                    ),
                    other => other.describe(),
                };
                self.perform_managed(id, change, done);
            }
            Err(e) => self.message = Some(format!("not deleted: {e}")),
        }
    }

    /// Performs a change of document `doc` (its name, speakers, or the
    /// document itself), then shows what it changed: the list, the open
    /// text when its labels were rewritten, the search.
    fn perform_managed(&mut self, doc: &DocumentId, change: Change, done: String) {
        let text = ops::text::find_edit(&change).is_some()
            || matches!(
                change,
                Change::DeleteDocument(_) | Change::RestoreDocument(_)
            );
        self.perform(change, done);
        self.sync_documents();
        if text {
            if self.transcript.as_ref().map(|t| &t.doc.document.id) == Some(doc) {
                self.reload_document();
            }
            self.restart_search();
        }
    }

    /// Brings the document list in step with the project (after a rename,
    /// a deletion, or their undo): a document that came back is
    /// highlighted; the open one closes when it went.
    /// Reads the document list again (speakers and sizes after an edit),
    /// keeping the highlighted document.
    pub(super) fn reload_document_list(&mut self) {
        let keep = self.docs.get(self.selected).map(|d| d.id.clone());
        if let Ok(docs) = ops::documents::list(&self.store) {
            self.docs = docs;
            self.selected = keep
                .and_then(|id| self.docs.iter().position(|d| d.id == id))
                .unwrap_or(self.selected)
                .min(self.docs.len().saturating_sub(1));
        }
    }

    pub(super) fn sync_documents(&mut self) {
        let Ok(names) = ops::documents::names(&self.store) else {
            return;
        };
        let same = names.len() == self.docs.len()
            && names
                .iter()
                .zip(&self.docs)
                .all(|((id, n), d)| *id == d.id && *n == d.name);
        if same {
            return;
        }
        let keep = self.docs.get(self.selected).map(|d| d.id.clone());
        match ops::documents::list(&self.store) {
            Ok(docs) => {
                let back = docs
                    .iter()
                    .find(|d| !self.docs.iter().any(|o| o.id == d.id))
                    .map(|d| d.id.clone());
                self.docs = docs;
                self.selected = back
                    .or(keep)
                    .and_then(|id| self.docs.iter().position(|d| d.id == id))
                    .unwrap_or(self.selected)
                    .min(self.docs.len().saturating_sub(1));
            }
            Err(e) => self.message = Some(format!("cannot read the documents: {e}")),
        }
        let open = self.transcript.as_ref().map(|t| t.doc.document.id.clone());
        if let Some(open) = open {
            match self.docs.iter().find(|d| d.id == open) {
                Some(d) => {
                    let name = d.name.clone();
                    if let Some(t) = &mut self.transcript {
                        t.doc.document.name = name;
                    }
                }
                None => {
                    self.transcript = None;
                    self.edit = None;
                    if self.focus == Focus::Transcript {
                        self.set_focus(Focus::List);
                    }
                }
            }
        }
        self.restart_search();
        self.refresh_screens();
    }
}
