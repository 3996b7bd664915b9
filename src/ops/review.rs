//! The review queue (issue 12): codings whose text was deleted (orphans)
//! wait here with the text they had. The user re-attaches one to a
//! selection or deletes it; both are undoable changes.

use crate::core::history::{Change, CodingPlace, EditKind, Place, TextEdit};
use crate::core::{CharRange, Coding, CodingId};
use crate::store::{edits, Store};

fn orphan(store: &Store, id: &CodingId) -> super::Result<edits::Orphan> {
    edits::orphans(store.conn())?
        .into_iter()
        .find(|o| &o.coding == id)
        .ok_or_else(|| super::Error::Invalid("that coding is no longer waiting for review".into()))
}

/// Gives orphan `id` the range `to` of its document: it covers text again.
pub fn reattach_change(store: &Store, id: &CodingId, to: CharRange) -> super::Result<Change> {
    if to.is_empty() {
        return Err(super::Error::Invalid(
            "select the words the coding should cover, then re-attach".into(),
        ));
    }
    let o = orphan(store, id)?;
    Ok(Change::EditText(Box::new(TextEdit {
        document: o.document.clone(),
        kind: EditKind::Text,
        change: crate::core::change::TextChange::identity(crate::store::edits::char_count(
            store.conn(),
            &o.document,
        )?),
        codings: vec![CodingPlace {
            id: id.clone(),
            before: Place {
                range: CharRange::new(o.at, o.at),
                orphan: Some(o.text.clone()),
            },
            after: Place {
                range: to,
                orphan: None,
            },
        }],
        turns: Vec::new(),
    })))
}

/// Deletes orphan `id` (undo brings it back, text and all).
pub fn delete_change(store: &Store, id: &CodingId) -> super::Result<Change> {
    if !is_orphan(store, id)? {
        // A coding whose words a re-import changed: removed as any coding.
        let c = crate::store::codings::get(store.conn(), id)?
            .ok_or_else(|| super::Error::Invalid("that coding no longer exists".into()))?;
        return Ok(Change::RemoveCoding(c));
    }
    let o = orphan(store, id)?;
    let point = CharRange::new(o.at, o.at);
    let revive = TextEdit {
        document: o.document.clone(),
        kind: EditKind::Text,
        change: crate::core::change::TextChange::identity(edits::char_count(
            store.conn(),
            &o.document,
        )?),
        codings: vec![CodingPlace {
            id: id.clone(),
            before: Place {
                range: point,
                orphan: Some(o.text.clone()),
            },
            after: Place {
                range: point,
                orphan: None,
            },
        }],
        turns: Vec::new(),
    };
    let coding = Coding {
        id: id.clone(),
        document: o.document,
        code: o.code,
        coder: o.coder,
        range: point,
        memo: o.memo,
        created_at: o.created_at,
    };
    Ok(Change::Batch(vec![
        Change::EditText(Box::new(revive)),
        Change::RemoveCoding(coding),
    ]))
}

/// Marks a coding of the review queue as looked at (its words changed by a
/// re-import, and the user keeps it as it is).
pub fn keep(store: &mut Store, id: &CodingId) -> super::Result<bool> {
    let tx = store.begin()?;
    let done = crate::store::revisions::resolve_review(&tx, id)?;
    tx.commit()?;
    Ok(done)
}

/// Whether a coding of the queue is an orphan (it can be re-attached).
pub fn is_orphan(store: &Store, id: &CodingId) -> super::Result<bool> {
    Ok(edits::orphans(store.conn())?
        .iter()
        .any(|o| &o.coding == id))
}
