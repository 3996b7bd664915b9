//! The review queue in the TUI (`V`): codings whose text was deleted, each
//! with the text it had and where it was; jump there, re-attach it to the
//! selection, or delete it (all undoable).

use super::{App, Dialog, PickThen};
use crate::core::sanitize::one_line;
use crate::core::CodingId;
use crate::ops;
use crate::tui::dialog::{PickItem, Picker};

impl App {
    pub(super) fn open_review(&mut self) {
        let rows = match ops::text::review(&self.store) {
            Ok(r) => r,
            Err(e) => {
                self.message = Some(format!("cannot read the review queue: {e}"));
                return;
            }
        };
        if rows.is_empty() {
            self.message = Some("nothing to review: no coding has lost its text".into());
            return;
        }
        let items = rows
            .iter()
            .map(|r| PickItem {
                label: format!("“{}”", one_line(&r.text)),
                detail: format!(
                    "{} · {} · {}",
                    one_line(&r.code),
                    one_line(&r.doc),
                    one_line(&r.coder)
                ),
                color: None,
            })
            .collect();
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(" Review: codings whose text was deleted ", items, true),
            keys: rows.into_iter().map(|r| r.coding.0).collect(),
            then: PickThen::ReviewItem,
        });
    }

    pub(super) fn review_item_chosen(&mut self, id: CodingId) {
        let selection = self.transcript.as_ref().and_then(|t| t.selection());
        let mut items = vec![PickItem {
            label: "jump to where it was".into(),
            detail: String::new(),
            color: None,
        }];
        let mut keys = vec!["jump".to_string()];
        let orphan = ops::review::is_orphan(&self.store, &id).unwrap_or(true);
        if !orphan {
            items.push(PickItem {
                label: "keep it as it is".into(),
                detail: "its words changed at re-import".into(),
                color: None,
            });
            keys.push("keep".into());
        }
        if let Some(r) = selection.filter(|_| orphan) {
            items.push(PickItem {
                label: "re-attach it to the selection".into(),
                detail: format!("{} chars", r.len()),
                color: None,
            });
            keys.push("attach".into());
        }
        items.push(PickItem {
            label: "delete it".into(),
            detail: "u undoes".into(),
            color: None,
        });
        keys.push("delete".into());
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(" This coding ", items, false),
            keys,
            then: PickThen::ReviewAction(id),
        });
    }

    pub(super) fn review_action(&mut self, id: CodingId, action: &str) {
        match action {
            "jump" => {
                let row = ops::text::review(&self.store)
                    .ok()
                    .and_then(|rows| rows.into_iter().find(|r| r.coding == id));
                let Some(row) = row else { return };
                let doc = self
                    .docs
                    .iter()
                    .find(|d| d.name == row.doc)
                    .map(|d| d.id.clone());
                if let Some(doc) = doc {
                    self.open_document(&doc);
                }
                if let Some(t) = &mut self.transcript {
                    t.clear_selection();
                    t.set_cursor(row.at);
                    t.reveal(row.at);
                }
                self.message = Some(format!(
                    "it covered “{}” here · select the words, V, re-attach",
                    one_line(&row.text)
                ));
            }
            "attach" => {
                let Some(r) = self.transcript.as_ref().and_then(|t| t.selection()) else {
                    return;
                };
                let result = ops::review::reattach_change(&self.store, &id, r);
                self.perform_result(result, "re-attached (u undoes)".into());
            }
            "keep" => {
                self.message = Some(match ops::review::keep(&mut self.store, &id) {
                    Ok(_) => "kept as it is; off the review queue".into(),
                    Err(e) => format!("not done: {e}"),
                });
            }
            "delete" => {
                let result = ops::review::delete_change(&self.store, &id);
                self.perform_result(result, "deleted the coding (u undoes)".into());
            }
            _ => {}
        }
    }
}
