//! Coding in the transcript: applying codes to the selection (picker,
//! shortcut keys, in-vivo), removing, recoding, memos, and the retrieve view.

use super::{App, CodingAction, Dialog, EditThen, Focus, PickThen};
use crate::core::history::Change;
use crate::core::sanitize::one_line;
use crate::core::{CharRange, CodeId};
use crate::ops;
use crate::tui::action::Unit;
use crate::tui::dialog::{PickItem, Picker, TextArea};
use crate::tui::keymap::Action;
use crate::tui::retrieve::RetrieveState;

/// The last character of `range`: after coding, the cursor stays inside the
/// coded text (so `t` then selects the turn that was coded, not the next).
fn last_char(t: &crate::tui::transcript::TranscriptState, range: CharRange) -> usize {
    if range.is_empty() {
        range.start
    } else {
        t.doc().prev_grapheme(range.end).max(range.start)
    }
}

impl App {
    pub(super) fn coding_command(&mut self, cmd: Action) {
        let Some(t) = &mut self.transcript else {
            return;
        };
        match cmd {
            Action::ToggleSelect => t.toggle_selecting(),
            Action::Select(Unit::Turn) => match t.turn_range_at_cursor() {
                Some(r) => t.select(r),
                None => self.message = Some("no speaker turn here".into()),
            },
            Action::Select(Unit::Sentence) => match t
                .doc()
                .sentence_at(t.cursor())
                .and_then(|r| t.doc().snap_to_speech(r))
            {
                Some(r) => t.select(r),
                None => self.message = Some("no sentence here".into()),
            },
            Action::Select(Unit::Word) => match t.doc().word_at(t.cursor()) {
                Some(r) => t.select(r),
                None => self.message = Some("no word under the cursor".into()),
            },
            Action::ApplyCode => {
                if let Some(range) = self.selection_or_hint() {
                    self.pick_code(" Code the selection ", PickThen::ApplyCode(range));
                }
            }
            Action::InVivo => self.in_vivo(),
            Action::RemoveCoding => self.with_coding_at_cursor(CodingAction::Remove),
            Action::Recode => self.with_coding_at_cursor(CodingAction::Recode),
            Action::CodingMemo => self.with_coding_at_cursor(CodingAction::Memo),
            Action::Retrieve => {
                // The code under the cursor if there is one, else ask.
                let at = t.codings_at(t.cursor());
                match at.as_slice() {
                    [one] => {
                        let code = t.codings[*one].code.clone();
                        self.open_retrieve(&code, true);
                    }
                    _ => self.pick_code(" Retrieve excerpts of ", PickThen::Retrieve),
                }
            }
            _ => {}
        }
    }

    /// The selection to code — its ends moved out of speaker labels and
    /// timestamps — or a hint in the status bar when there is none.
    fn selection_or_hint(&mut self) -> Option<CharRange> {
        let raw = self.transcript.as_ref().and_then(|t| t.selection());
        let sel = raw.and_then(|r| self.transcript.as_ref()?.doc().snap_to_speech(r));
        if raw.is_some() && sel.is_none() {
            self.message = Some(
                "the selection holds only a speaker label or timestamp — select some speech".into(),
            );
            return None;
        }
        if sel.is_none() {
            self.message = Some(
                "select a passage first: v then move, t turn, s sentence, W word, or drag".into(),
            );
        }
        sel
    }

    /// A code shortcut key pressed in the transcript.
    pub(super) fn shortcut(&mut self, c: char) {
        let Some(code) = self.codebook.by_shortcut(c).map(|c| c.id.clone()) else {
            self.message = Some(format!(
                "no command or code shortcut on {c:?} — press ? for help"
            ));
            return;
        };
        if let Some(range) = self.selection_or_hint() {
            self.apply_code(&code, range);
        }
    }

    pub(super) fn apply_code(&mut self, code: &CodeId, range: CharRange) {
        let Some(t) = &mut self.transcript else {
            return;
        };
        let c = ops::coding::new_coding(&t.doc.document.id, code, &self.coder, range);
        t.clear_selection();
        t.set_cursor(last_char(t, range));
        let name = self.codebook.name(code);
        self.perform(
            Change::AddCoding(c),
            format!(
                "coded {} as {}",
                crate::core::plural::count(range.len(), "char"),
                one_line(&name)
            ),
        );
    }

    fn in_vivo(&mut self) {
        let Some(range) = self.selection_or_hint() else {
            return;
        };
        let Some(t) = &mut self.transcript else {
            return;
        };
        let selected = t.doc().slice_of(range).to_string();
        match ops::code_edits::in_vivo_change(
            &self.store,
            &t.doc.document.id,
            &self.coder,
            range,
            &selected,
        ) {
            Ok((change, name)) => {
                t.clear_selection();
                t.set_cursor(last_char(t, range));
                self.perform(change, format!("in-vivo code \"{}\"", one_line(&name)));
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Opens a code picker over the whole codebook.
    pub(crate) fn pick_code(&mut self, title: &str, then: PickThen) {
        if self.codebook.codes().is_empty() {
            self.message = Some("the codebook is empty: C then a to add a code".into());
            return;
        }
        let items = self
            .codebook
            .codes()
            .iter()
            .map(|c| PickItem {
                label: self
                    .codebook
                    .book
                    .path(&c.id)
                    .unwrap_or(&c.name)
                    .to_string(),
                detail: c
                    .shortcut
                    .as_deref()
                    .map(|s| format!("[{s}]"))
                    .unwrap_or_default(),
                color: Some(self.codebook.color(&c.id)),
            })
            .collect();
        let keys = self
            .codebook
            .codes()
            .iter()
            .map(|c| c.id.0.clone())
            .collect();
        let shortcuts = self
            .codebook
            .codes()
            .iter()
            .map(crate::core::codebook::shortcut_key)
            .collect();
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(title, items, true).with_shortcuts(shortcuts),
            keys,
            then,
        });
    }

    /// Acts on the coding under the cursor, asking which when several overlap.
    fn with_coding_at_cursor(&mut self, action: CodingAction) {
        let Some(t) = &self.transcript else {
            return;
        };
        let at = match t.selection() {
            Some(r) => t.codings_overlapping(r),
            None => t.codings_at(t.cursor()),
        };
        match at.as_slice() {
            [] => self.message = Some("no coding at the cursor".into()),
            [one] => {
                let id = t.codings[*one].id.clone();
                self.coding_chosen(action, &id);
            }
            many => {
                let items = many
                    .iter()
                    .map(|&i| {
                        let c = &t.codings[i];
                        PickItem {
                            label: self.codebook.name(&c.code),
                            detail: format!(
                                "{} · \"{}\"",
                                c.coder,
                                one_line(
                                    &t.doc()
                                        .slice_of(c.range)
                                        .chars()
                                        .take(40)
                                        .collect::<String>()
                                )
                            ),
                            color: Some(self.codebook.color(&c.code)),
                        }
                    })
                    .collect();
                let keys = many.iter().map(|&i| t.codings[i].id.0.clone()).collect();
                let title = match action {
                    CodingAction::Remove => " Remove which coding? ",
                    CodingAction::Recode => " Recode which coding? ",
                    CodingAction::Memo => " Memo on which coding? ",
                };
                self.dialog = Some(Dialog::Pick {
                    picker: Picker::new(title, items, false),
                    keys,
                    then: PickThen::ChooseCoding(action),
                });
            }
        }
    }

    pub(super) fn coding_chosen(&mut self, action: CodingAction, id: &crate::core::CodingId) {
        let Some(c) = self
            .transcript
            .as_ref()
            .and_then(|t| t.codings.iter().find(|c| &c.id == id).cloned())
        else {
            return;
        };
        match action {
            CodingAction::Remove => {
                let name = self.codebook.name(&c.code);
                self.perform(
                    Change::RemoveCoding(c),
                    format!("removed a coding of {} (u to undo)", one_line(&name)),
                );
            }
            CodingAction::Recode => self.pick_code(" Recode as ", PickThen::Recode(c.id)),
            CodingAction::Memo => {
                let title = format!(" Memo · {} ", self.codebook.name(&c.code));
                self.dialog = Some(Dialog::Edit {
                    area: TextArea::new(title, c.memo.as_deref().unwrap_or("")),
                    then: EditThen::CodingMemo(c.id, c.memo),
                });
            }
        }
    }

    pub(super) fn document_memo(&mut self) {
        let Some(t) = &self.transcript else {
            self.message = Some("open a document first".into());
            return;
        };
        let id = t.doc.document.id.clone();
        let before = match ops::coding::document_memo(&self.store, &id) {
            Ok(m) => m,
            Err(e) => {
                self.message = Some(e.to_string());
                return;
            }
        };
        self.dialog = Some(Dialog::Edit {
            area: TextArea::new(
                format!(" Document memo · {} ", t.doc.document.name),
                before.as_deref().unwrap_or(""),
            ),
            then: EditThen::DocumentMemo(id, before),
        });
    }

    /// Shows every excerpt of `code` (with its sub-codes if asked).
    pub(super) fn open_retrieve(&mut self, code: &CodeId, with_subcodes: bool) {
        let codes = if with_subcodes {
            self.codebook.book.subtree(code)
        } else {
            vec![code.clone()]
        };
        match ops::excerpts::excerpts(&self.store, &codes) {
            Ok(excerpts) => {
                self.retrieve = Some(RetrieveState {
                    code: code.clone(),
                    title: self
                        .codebook
                        .book
                        .path(code)
                        .map_or_else(|| self.codebook.name(code), str::to_string),
                    with_subcodes,
                    excerpts,
                    selected: 0,
                    from_analysis: false,
                });
                self.set_focus(Focus::Retrieve);
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Opens the document of the highlighted excerpt with the passage selected.
    pub(super) fn jump_to_excerpt(&mut self) {
        let Some(e) = self
            .retrieve
            .as_ref()
            .and_then(|r| r.excerpts.get(r.selected))
        else {
            return;
        };
        let (doc, range) = (e.passage.coding.document.clone(), e.passage.coding.range);
        self.retrieve = None;
        self.open_document(&doc);
        if let Some(t) = &mut self.transcript {
            t.select(range);
            t.selecting = false;
            t.reveal(range.start);
            self.set_focus(Focus::Transcript);
        }
    }
}
