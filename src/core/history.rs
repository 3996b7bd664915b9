//! Undo and redo as inverse changes (as helix does with transactions): every
//! edit a user makes is a `Change` whose `inverse()` undoes it exactly. The
//! history only keeps changes; applying them to the project is `ops`' job.

use super::change::TextChange;
use super::deleted::DeletedDocument;
use super::ids::{CodeId, CodingId, DocumentId, ParticipantId, SegmentId};
use super::model::{CodeRecord, Coding, TurnRecord};
use super::range::CharRange;
use serde::Serialize;

/// Where a coding is: its range, and the text it had when it was orphaned
/// (its text deleted; it then covers nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub range: CharRange,
    pub orphan: Option<String>,
}

/// A coding an edit sets explicitly (mapping alone cannot undo a coding
/// that collapsed or was orphaned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodingPlace {
    pub id: CodingId,
    pub before: Place,
    pub after: Place,
}

/// A turn an edit sets explicitly: `None` before means it is created,
/// `None` after that it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurnPlace {
    pub id: SegmentId,
    pub before: Option<TurnRecord>,
    pub after: Option<TurnRecord>,
}

/// What kind of edit a text edit is (for the status bar and the log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EditKind {
    Text,
    SplitTurn,
    JoinTurns,
    Speaker,
    Time,
    Reimport,
    Undo,
    /// Another copy's edits brought in by `gloss merge`.
    Merge,
    /// A turn marked verified (someone listened to it) or not.
    Verify,
    /// A new turn started at the playhead (transcription mode).
    NewTurn,
}

impl EditKind {
    /// The name the edit log keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Text => "text",
            EditKind::SplitTurn => "split_turn",
            EditKind::NewTurn => "new_turn",
            EditKind::JoinTurns => "join_turns",
            EditKind::Speaker => "speaker",
            EditKind::Time => "time",
            EditKind::Reimport => "reimport",
            EditKind::Undo => "undo",
            EditKind::Merge => "merge",
            EditKind::Verify => "verify",
        }
    }
}

/// One revision of a document: the text change, then the codings and turns
/// it sets explicitly (in the offsets after the change). Every other coding
/// and turn follows the change by the mapping rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub document: DocumentId,
    pub kind: EditKind,
    pub change: TextChange,
    pub codings: Vec<CodingPlace>,
    pub turns: Vec<TurnPlace>,
}

impl TextEdit {
    pub fn inverse(&self) -> TextEdit {
        TextEdit {
            document: self.document.clone(),
            kind: self.kind,
            change: self.change.inverse(),
            codings: self
                .codings
                .iter()
                .map(|c| CodingPlace {
                    id: c.id.clone(),
                    before: c.after.clone(),
                    after: c.before.clone(),
                })
                .collect(),
            turns: self
                .turns
                .iter()
                .rev()
                .map(|t| TurnPlace {
                    id: t.id,
                    before: t.after.clone(),
                    after: t.before.clone(),
                })
                .collect(),
        }
    }

    /// Codings this edit orphans.
    pub fn orphaned(&self) -> Vec<CodingId> {
        self.codings
            .iter()
            .filter(|c| c.before.orphan.is_none() && c.after.orphan.is_some())
            .map(|c| c.id.clone())
            .collect()
    }
}

/// One reversible edit of the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Change {
    AddCoding(Coding),
    RemoveCoding(Coding),
    /// Moves a coding to another code (recode, merge).
    Recode {
        coding: CodingId,
        before: CodeId,
        after: CodeId,
    },
    SetCodingMemo {
        coding: CodingId,
        before: Option<String>,
        after: Option<String>,
    },
    SetDocumentMemo {
        document: DocumentId,
        before: Option<String>,
        after: Option<String>,
    },
    /// Adds one code (no children, no codings).
    AddCode(CodeRecord),
    /// Removes one code that has no children and no codings left.
    DeleteCode(CodeRecord),
    /// Any change of a code's own fields: name, colour, shortcut, texts,
    /// parent and position (rename, recolour, move).
    UpdateCode {
        before: Box<CodeRecord>,
        after: Box<CodeRecord>,
    },
    /// Moves codings from one coder to another (`gloss codings reassign`).
    Reassign {
        codings: Vec<CodingId>,
        before: String,
        after: String,
    },
    /// An edit of a document's text (one revision).
    EditText(Box<TextEdit>),
    /// Renames a speaker of a document (the participant keeps its
    /// attributes; the labels are rewritten by an `EditText` beside it).
    RenameParticipant {
        document: DocumentId,
        before: String,
        after: String,
    },
    /// Renames a document.
    RenameDocument {
        document: DocumentId,
        before: String,
        after: String,
    },
    /// Sets (`after: Some`), changes or removes (`after: None`) one
    /// attribute of a participant.
    SetAttribute {
        participant: ParticipantId,
        key: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// Deletes a document with all that hangs on it (kept, for undo).
    DeleteDocument(Box<DeletedDocument>),
    /// Puts a deleted document back exactly, with the same ids.
    RestoreDocument(Box<DeletedDocument>),
    /// Several changes that form one user action (undone together).
    Batch(Vec<Change>),
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self {
            Change::AddCoding(c) => Change::RemoveCoding(c.clone()),
            Change::RemoveCoding(c) => Change::AddCoding(c.clone()),
            Change::Recode {
                coding,
                before,
                after,
            } => Change::Recode {
                coding: coding.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::SetCodingMemo {
                coding,
                before,
                after,
            } => Change::SetCodingMemo {
                coding: coding.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::SetDocumentMemo {
                document,
                before,
                after,
            } => Change::SetDocumentMemo {
                document: document.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::AddCode(r) => Change::DeleteCode(r.clone()),
            Change::DeleteCode(r) => Change::AddCode(r.clone()),
            Change::UpdateCode { before, after } => Change::UpdateCode {
                before: after.clone(),
                after: before.clone(),
            },
            Change::Reassign {
                codings,
                before,
                after,
            } => Change::Reassign {
                codings: codings.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::EditText(e) => Change::EditText(Box::new(e.inverse())),
            Change::RenameParticipant {
                document,
                before,
                after,
            } => Change::RenameParticipant {
                document: document.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::RenameDocument {
                document,
                before,
                after,
            } => Change::RenameDocument {
                document: document.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::SetAttribute {
                participant,
                key,
                before,
                after,
            } => Change::SetAttribute {
                participant: *participant,
                key: key.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::DeleteDocument(d) => Change::RestoreDocument(d.clone()),
            Change::RestoreDocument(d) => Change::DeleteDocument(d.clone()),
            Change::Batch(list) => Change::Batch(list.iter().rev().map(Change::inverse).collect()),
        }
    }

    /// A short description for the status bar ("undid: add coding").
    pub fn describe(&self) -> String {
        match self {
            Change::AddCoding(_) => "add coding".into(),
            Change::RemoveCoding(_) => "remove coding".into(),
            Change::Recode { .. } => "recode".into(),
            Change::SetCodingMemo { .. } => "coding memo".into(),
            Change::SetDocumentMemo { .. } => "document memo".into(),
            Change::AddCode(r) => format!("add code {}", r.code.name),
            Change::DeleteCode(r) => format!("delete code {}", r.code.name),
            Change::UpdateCode { after, .. } => format!("edit code {}", after.code.name),
            Change::Reassign {
                codings,
                before,
                after,
            } => format!(
                "{} from {before} to {after}",
                crate::core::plural::count_as(codings.len(), "coding", "codings")
            ),
            Change::EditText(e) => match e.kind {
                EditKind::Text | EditKind::Undo => "edit text".into(),
                EditKind::SplitTurn => "split turn".into(),
                EditKind::JoinTurns => "join turns".into(),
                EditKind::Speaker => "turn speaker".into(),
                EditKind::Time => "turn time".into(),
                EditKind::Reimport => "re-import".into(),
                EditKind::Merge => "merge".into(),
                EditKind::Verify => "turn verified".into(),
                EditKind::NewTurn => "new turn".into(),
            },
            Change::RenameParticipant { after, .. } => format!("rename speaker to {after}"),
            Change::RenameDocument { after, .. } => format!("rename document to {after}"),
            Change::SetAttribute {
                key, after: None, ..
            } => format!("remove attribute {key}"),
            Change::SetAttribute {
                key,
                after: Some(v),
                ..
            } => format!("set {key}={v}"),
            Change::DeleteDocument(d) => format!("delete document {}", d.name),
            Change::RestoreDocument(d) => format!("restore document {}", d.name),
            Change::Batch(list) => match list.first() {
                Some(first) if list.len() == 1 => first.describe(),
                // A speaker renamed with their labels rewritten.
                Some(first @ Change::RenameParticipant { .. })
                    if list.len() == 2 && matches!(list[1], Change::EditText(_)) =>
                {
                    first.describe()
                }
                _ => format!("{} changes", list.len()),
            },
        }
    }
}

/// Undo and redo stacks.
#[derive(Debug, Default, Clone)]
pub struct History {
    done: Vec<Change>,
    undone: Vec<Change>,
}

impl History {
    /// Records a change that was just applied; clears the redo stack.
    pub fn record(&mut self, change: Change) {
        self.done.push(change);
        self.undone.clear();
    }

    /// Records a change that continues the last one (typing that did not
    /// pause): one undo step undoes both.
    pub fn join(&mut self, change: Change) {
        match self.done.pop() {
            Some(Change::Batch(mut list)) => {
                list.push(change);
                self.done.push(Change::Batch(list));
            }
            Some(last) => self.done.push(Change::Batch(vec![last, change])),
            None => self.done.push(change),
        }
        self.undone.clear();
    }

    /// The change to apply to undo the last one (moved to the redo stack).
    pub fn undo(&mut self) -> Option<Change> {
        let c = self.done.pop()?;
        let inv = c.inverse();
        self.undone.push(c);
        Some(inv)
    }

    /// The change to apply to redo the last undone one.
    pub fn redo(&mut self) -> Option<Change> {
        let c = self.undone.pop()?;
        self.done.push(c.clone());
        Some(c)
    }

    /// Puts back an undo that could not be applied.
    pub fn undo_failed(&mut self) {
        if let Some(c) = self.undone.pop() {
            self.done.push(c);
        }
    }

    /// Puts back a redo that could not be applied.
    pub fn redo_failed(&mut self) {
        if let Some(c) = self.done.pop() {
            self.undone.push(c);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::CharRange;

    fn coding(id: &str) -> Coding {
        Coding {
            id: CodingId(id.into()),
            document: DocumentId("d".into()),
            code: CodeId("k".into()),
            coder: "amani".into(),
            range: CharRange::new(1, 4),
            memo: None,
            created_at: "t".into(),
        }
    }

    #[test]
    fn inverse_of_inverse_is_identity() {
        let b = Change::Batch(vec![
            Change::AddCoding(coding("a")),
            Change::Recode {
                coding: CodingId("a".into()),
                before: CodeId("k".into()),
                after: CodeId("j".into()),
            },
        ]);
        assert_eq!(b.inverse().inverse(), b);
        // A batch is undone last-first.
        match b.inverse() {
            Change::Batch(list) => {
                assert!(matches!(list[0], Change::Recode { .. }));
                assert!(matches!(list[1], Change::RemoveCoding(_)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn attribute_and_document_changes_invert() {
        let set = Change::SetAttribute {
            participant: ParticipantId(3),
            key: "role".into(),
            before: None,
            after: Some("nurse".into()),
        };
        assert_eq!(set.describe(), "set role=nurse");
        assert_eq!(set.inverse().describe(), "remove attribute role");
        assert_eq!(set.inverse().inverse(), set);
        let d = Box::new(crate::core::deleted::DeletedDocument {
            document: DocumentId("d".into()),
            name: "fg".into(),
            turns: 2,
            codings: 1,
            memos: 0,
            tables: Vec::new(),
        });
        let del = Change::DeleteDocument(d.clone());
        assert_eq!(del.inverse(), Change::RestoreDocument(d));
        assert_eq!(del.inverse().inverse(), del);
        let rename = Change::Batch(vec![
            Change::RenameParticipant {
                document: DocumentId("d".into()),
                before: "Speaker 2".into(),
                after: "Nurse".into(),
            },
            Change::Batch(Vec::new()),
        ]);
        assert_eq!(rename.describe(), "2 changes", "only with its text edit");
    }

    #[test]
    fn undo_redo_stacks() {
        let mut h = History::default();
        h.record(Change::AddCoding(coding("a")));
        h.record(Change::AddCoding(coding("b")));
        assert_eq!(h.undo(), Some(Change::RemoveCoding(coding("b"))));
        assert_eq!(h.redo(), Some(Change::AddCoding(coding("b"))));
        assert_eq!(h.undo(), Some(Change::RemoveCoding(coding("b"))));
        h.record(Change::AddCoding(coding("c")));
        assert!(!h.can_redo(), "a new change clears redo");
        assert_eq!(h.undo(), Some(Change::RemoveCoding(coding("c"))));
        assert_eq!(h.undo(), Some(Change::RemoveCoding(coding("a"))));
        assert_eq!(h.undo(), None);
    }
}
