//! Editing the codebook from its pane: add, rename, describe, recolour,
//! shortcut, move, merge, delete — each one undoable.

use super::{App, ConfirmThen, Dialog, Focus, InputThen, PickThen};
use crate::core::plural::count;
use crate::core::sanitize::one_line;
use crate::ops;
use crate::tui::action::Move;
use crate::tui::dialog::{ColorInput, PickItem, Picker, TextInput};
use crate::tui::keymap::Action;

/// The descriptive fields of a code, in the order the editor offers them.
pub const FIELDS: [&str; 4] = ["Definition", "When to use", "When not to use", "Example"];

impl App {
    pub(super) fn codebook_command(&mut self, cmd: Action) {
        let selected = self.codebook.selected_code().cloned();
        match cmd {
            Action::Move(Move::Down) => self.codebook.step(1),
            Action::Move(Move::Up) => self.codebook.step(-1),
            Action::Move(Move::Top) => self.codebook.selected = 0,
            Action::Move(Move::Bottom) => {
                self.codebook.selected = self.codebook.codes().len().saturating_sub(1)
            }
            Action::AddCode => {
                let parent = selected.and_then(|c| c.parent);
                self.input(
                    " New code ",
                    "",
                    "Enter add · Esc cancel",
                    InputThen::AddCode(parent),
                );
            }
            _ => {
                let Some(code) = selected else {
                    self.message = Some("the codebook is empty: a to add a code".into());
                    return;
                };
                let name = one_line(&code.name);
                match cmd {
                    Action::Retrieve | Action::Open => self.open_retrieve(&code.id, true),
                    Action::AddSubCode => self.input(
                        &format!(" New sub-code of {name} "),
                        "",
                        "Enter add · Esc cancel",
                        InputThen::AddCode(Some(code.id)),
                    ),
                    Action::RenameCode => self.input(
                        " Rename code ",
                        &code.name,
                        "Enter rename · Esc cancel",
                        InputThen::Rename(code.id),
                    ),
                    Action::RecolorCode => {
                        let taken = self
                            .codebook
                            .book
                            .level(code.parent.as_ref())
                            .into_iter()
                            .filter(|c| c.id != code.id)
                            .filter_map(|c| c.color.clone())
                            .collect();
                        self.dialog = Some(Dialog::Color {
                            input: ColorInput::new(
                                format!(" Colour of {name} "),
                                code.color.as_deref(),
                                taken,
                            ),
                            code: code.id,
                        });
                    }
                    Action::SetShortcut => self.input(
                        &format!(" Shortcut key of {name} "),
                        code.shortcut.as_deref().unwrap_or(""),
                        "one key (e.g. 7) · empty for none",
                        InputThen::Shortcut(code.id),
                    ),
                    Action::EditCode => {
                        let items = FIELDS
                            .iter()
                            .zip([
                                &code.definition,
                                &code.when_to_use,
                                &code.when_not_to_use,
                                &code.example,
                            ])
                            .map(|(f, v)| PickItem {
                                label: (*f).to_string(),
                                detail: v.chars().take(50).collect(),
                                color: None,
                            })
                            .collect();
                        self.dialog = Some(Dialog::Pick {
                            picker: Picker::new(
                                format!(" Edit {name}: which field? "),
                                items,
                                false,
                            ),
                            keys: (0..FIELDS.len()).map(|i| i.to_string()).collect(),
                            then: PickThen::EditField(code.id),
                        });
                    }
                    Action::MoveCode | Action::MergeCode => {
                        let subtree = self.codebook.book.subtree(&code.id);
                        let mut items = Vec::new();
                        let mut keys = Vec::new();
                        let moving = cmd == Action::MoveCode;
                        if moving {
                            items.push(PickItem {
                                label: "(top level)".into(),
                                detail: String::new(),
                                color: None,
                            });
                            keys.push(String::new());
                        }
                        for c in self
                            .codebook
                            .codes()
                            .iter()
                            .filter(|c| !subtree.contains(&c.id))
                        {
                            items.push(PickItem {
                                label: self
                                    .codebook
                                    .book
                                    .path(&c.id)
                                    .unwrap_or_default()
                                    .to_string(),
                                detail: String::new(),
                                color: Some(self.codebook.color(&c.id)),
                            });
                            keys.push(c.id.0.clone());
                        }
                        let (title, then) = if moving {
                            (format!(" Move {name} under "), PickThen::MoveCode(code.id))
                        } else {
                            (format!(" Merge {name} into "), PickThen::MergeInto(code.id))
                        };
                        self.dialog = Some(Dialog::Pick {
                            picker: Picker::new(title, items, true),
                            keys,
                            then,
                        });
                    }
                    Action::DeleteCode => {
                        match ops::code_edits::delete_code_change(&self.store, &code.id) {
                            Ok((_, n)) => {
                                let subs = self.codebook.book.subtree(&code.id).len() - 1;
                                let mut what = format!("Delete code \"{name}\"");
                                if subs > 0 {
                                    what.push_str(&format!(", its {}", count(subs, "sub-code")));
                                }
                                what.push_str(&format!(
                                    " and {} with it? ({} undoes)",
                                    count(n, "coding"),
                                    self.undo_key()
                                ));
                                self.dialog = Some(Dialog::Confirm {
                                    message: what,
                                    then: ConfirmThen::DeleteCode(code.id),
                                });
                            }
                            Err(e) => self.message = Some(e.to_string()),
                        }
                    }
                    _ => {}
                }
            }
        }
        if self.focus != Focus::Retrieve {
            self.set_focus(Focus::Codebook);
        }
    }

    pub(crate) fn input(&mut self, title: &str, value: &str, hint: &str, then: InputThen) {
        self.dialog = Some(Dialog::Input {
            input: TextInput::with(value),
            title: title.to_string(),
            hint: hint.to_string(),
            then,
        });
    }
}
