//! What happens when a dialog is answered.

use super::codebook::FIELDS;
use super::{App, ConfirmThen, Dialog, EditThen, InputThen, PickThen};
use crate::core::history::Change;
use crate::core::sanitize::one_line;
use crate::core::{CodeId, CodingId};
use crate::ops;
use crate::tui::analysis::AnalysisState;
use crate::tui::dialog::{Outcome, TextArea};
use crossterm::event::{KeyCode, KeyEvent};

impl App {
    pub(super) fn dialog_key(&mut self, key: &KeyEvent) {
        let Some(mut dialog) = self.dialog.take() else {
            return;
        };
        let outcome = match &mut dialog {
            Dialog::Pick { picker, .. } => picker.key(key),
            Dialog::Edit { area, .. } => area.key(key),
            Dialog::Input { input, .. } => match key.code {
                KeyCode::Esc => Outcome::Cancel,
                KeyCode::Enter => Outcome::Submit,
                _ => {
                    input.edit(key);
                    Outcome::Continue
                }
            },
            Dialog::Color { input, .. } => input.key(key),
            Dialog::Confirm { .. } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => Outcome::Submit,
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => Outcome::Cancel,
                _ => Outcome::Continue,
            },
            Dialog::Export(form) => form.key(key),
        };
        match outcome {
            Outcome::Continue => self.dialog = Some(dialog),
            Outcome::Cancel => self.message = Some("cancelled".into()),
            Outcome::Submit => self.dialog_submitted(dialog),
        }
    }

    fn dialog_submitted(&mut self, dialog: Dialog) {
        match dialog {
            Dialog::Pick { picker, keys, then } => {
                let Some(key) = picker.chosen().and_then(|i| keys.get(i)).cloned() else {
                    return;
                };
                self.picked(then, key);
            }
            Dialog::Input {
                input,
                title,
                hint,
                then,
            } => {
                if let Some(Err(e)) = self.code_entered(&then, &input.text()) {
                    // Keep what was typed, and say what is wrong with it.
                    self.message = Some(e);
                    self.dialog = Some(Dialog::Input {
                        input,
                        title,
                        hint,
                        then,
                    });
                }
            }
            Dialog::Edit { area, then } => self.edited(then, area.text()),
            Dialog::Color { mut input, code } => match input.value() {
                Ok(color) => {
                    let result = ops::code_edits::update_code_change(&self.store, &code, |c| {
                        c.color = color
                    });
                    self.perform_result(result, "colour set".into());
                }
                Err(e) => {
                    // Keep what was typed, with what is wrong with it.
                    input.error = Some(e);
                    self.dialog = Some(Dialog::Color { input, code });
                }
            },
            Dialog::Export(form) => self.export_form_submitted(form),
            Dialog::Confirm { then, .. } => match then {
                ConfirmThen::DeleteCode(id) => {
                    match ops::code_edits::delete_code_change(&self.store, &id) {
                        Ok((change, n)) => {
                            let name = self.codebook.name(&id);
                            self.perform(
                                change,
                                format!(
                                    "deleted {} and {} ({} to undo)",
                                    one_line(&name),
                                    crate::core::plural::count(n, "coding"),
                                    self.undo_key()
                                ),
                            );
                        }
                        Err(e) => self.message = Some(e.to_string()),
                    }
                }
                ConfirmThen::DeleteDocument(id) => self.delete_confirmed(&id),
            },
        }
    }

    fn picked(&mut self, then: PickThen, key: String) {
        let code = CodeId(key.clone());
        match then {
            PickThen::TurnSpeaker(id) => self.speaker_chosen(id, key),
            PickThen::NewTurnFor => self.new_turn_speaker_chosen(key),
            PickThen::ReviewItem => self.review_item_chosen(CodingId(key)),
            PickThen::ReviewAction(id) => self.review_action(id, &key),
            PickThen::ApplyCode(range) => self.apply_code(&code, range),
            PickThen::Recode(coding) => {
                let Some(c) = self
                    .transcript
                    .as_ref()
                    .and_then(|t| t.codings.iter().find(|c| c.id == coding).cloned())
                else {
                    return;
                };
                let name = self.codebook.name(&code);
                self.perform(
                    Change::Recode {
                        coding: c.id,
                        before: c.code,
                        after: code,
                    },
                    format!("recoded as {}", one_line(&name)),
                );
            }
            PickThen::ChooseCoding(action) => self.coding_chosen(action, &CodingId(key)),
            PickThen::Retrieve => self.open_retrieve(&code, true),
            PickThen::CodeHits => self.code_hits_pick_scope(code),
            PickThen::ReassignFrom => self.reassign_from_chosen(key),
            PickThen::WordsInside => {
                if let Some(a) = self.screens.get_mut::<AnalysisState>() {
                    a.words_inside_chosen(key);
                }
            }
            PickThen::CodeHitsScope(code) => {
                if let Some((_, scope)) = key
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| super::search::SCOPES.get(i))
                {
                    self.code_hits(&code, *scope);
                }
            }
            PickThen::MoveCode(id) => {
                let parent = (!key.is_empty()).then_some(code);
                let result = ops::code_edits::move_code_change(&self.store, &id, parent.as_ref());
                self.perform_result(result, "moved".into());
            }
            PickThen::MergeInto(from) => {
                let result = ops::code_edits::merge_change(&self.store, &from, &code);
                let msg = format!(
                    "merged {} into {} ({} to undo)",
                    one_line(&self.codebook.name(&from)),
                    one_line(&self.codebook.name(&code)),
                    self.undo_key()
                );
                self.perform_result(result, msg);
                self.codebook.select_id(&code);
            }
            PickThen::EditField(id) => {
                let Ok(field) = key.parse::<usize>() else {
                    return;
                };
                let Some(c) = self.codebook.codes().iter().find(|c| c.id == id) else {
                    return;
                };
                let value = [
                    &c.definition,
                    &c.when_to_use,
                    &c.when_not_to_use,
                    &c.example,
                ][field.min(3)];
                self.dialog = Some(Dialog::Edit {
                    area: TextArea::new(
                        format!(" {} · {} ", FIELDS[field.min(3)], one_line(&c.name)),
                        value,
                    ),
                    then: EditThen::CodeField(id, field.min(3)),
                });
            }
        }
    }

    /// The answer to a codebook edit's input, or what is wrong with it
    /// (the input then stays open with what was typed).
    fn code_entered(&mut self, then: &InputThen, text: &str) -> Option<Result<(), String>> {
        let text = text.trim().to_string();
        let result = match then {
            InputThen::ReassignTo(from) => return Some(self.reassign_to_entered(from, &text)),
            InputThen::ExportTable => {
                let Some(a) = self.screens.get::<AnalysisState>() else {
                    return Some(Err("the table is no longer there".into()));
                };
                return Some(a.export_entered(&self.store, &text).map(|said| {
                    self.message = Some(said);
                }));
            }
            InputThen::Analysis(what) => {
                return self
                    .screens
                    .get_mut::<AnalysisState>()
                    .map(|a| a.input_entered(*what, &text))
            }
            InputThen::TurnSpeaker(id) => {
                if text.is_empty() {
                    return Some(Err("type the speaker's name".into()));
                }
                self.speaker_chosen(*id, text);
                return None;
            }
            InputThen::TurnTime(id) => return Some(self.time_entered(*id, &text)),
            InputThen::NewTurnFor => {
                if text.is_empty() {
                    return Some(Err("type the speaker's name".into()));
                }
                self.new_turn_speaker_chosen(text);
                return None;
            }
            InputThen::RenameDocument(id) => return Some(self.document_renamed(id, &text)),
            InputThen::RenameSpeaker(doc, old) => {
                return Some(self.speaker_renamed(doc, old, &text))
            }
            InputThen::SetAttribute(who) => return Some(self.attribute_entered(*who, &text)),
            InputThen::AddCode(parent) => {
                ops::code_edits::add_code_change(&self.store, parent.as_ref(), &text, None)
            }
            InputThen::Rename(id) => {
                ops::code_edits::update_code_change(&self.store, id, |c| c.name = text.clone())
            }
            InputThen::Shortcut(id) => {
                let shortcut = (!text.is_empty()).then(|| text.clone());
                if let Some(k) = shortcut.as_deref().and_then(|s| s.chars().next()) {
                    if self
                        .keymap
                        .lookup(
                            crate::tui::keymap::Context::Transcript,
                            &KeyEvent::new(KeyCode::Char(k), crossterm::event::KeyModifiers::NONE),
                        )
                        .is_some()
                    {
                        return Some(Err(format!(
                            "{k:?} is already a command key; choose another"
                        )));
                    }
                }
                ops::code_edits::update_code_change(&self.store, id, |c| c.shortcut = shortcut)
            }
        };
        let change = match result {
            Ok(c) => c,
            Err(e) => return Some(Err(e.to_string())),
        };
        let added = match &change {
            Change::AddCode(r) => Some(r.code.id.clone()),
            _ => None,
        };
        let done = match then {
            InputThen::AddCode(_) => format!("added code {}", one_line(&text)),
            InputThen::Rename(_) => format!("renamed to {}", one_line(&text)),
            _ => "shortcut set".into(),
        };
        self.perform(change, done);
        if let Some(id) = added {
            self.codebook.select_id(&id);
        }
        Some(Ok(()))
    }

    fn edited(&mut self, then: EditThen, text: String) {
        let after = (!text.trim().is_empty()).then_some(text);
        match then {
            EditThen::CodingMemo(coding, before) => self.perform(
                Change::SetCodingMemo {
                    coding,
                    before,
                    after,
                },
                "memo saved".into(),
            ),
            EditThen::DocumentMemo(document, before) => self.perform(
                Change::SetDocumentMemo {
                    document,
                    before,
                    after,
                },
                "document memo saved".into(),
            ),
            EditThen::CodeField(id, field) => {
                let value = after.unwrap_or_default();
                let result =
                    ops::code_edits::update_code_change(&self.store, &id, |c| match field {
                        0 => c.definition = value,
                        1 => c.when_to_use = value,
                        2 => c.when_not_to_use = value,
                        _ => c.example = value,
                    });
                self.perform_result(result, format!("{} saved", FIELDS[field.min(3)]));
            }
        }
    }

    pub(super) fn perform_result(&mut self, result: ops::Result<Change>, done: String) {
        match result {
            Ok(change) => self.perform(change, done),
            Err(e) => self.message = Some(e.to_string()),
        }
    }
}
