//! Applying reversible changes (`core::history::Change`) to the project, each
//! user action in one transaction, and the undo/redo session around them.

use crate::core::history::{Change, History};
use crate::store::{codes, codings, deleted, documents, edits, participants, Store};
use rusqlite::Connection;

/// Applies `change` in one transaction: all of it or nothing. A text edit
/// brings the search index forward (the turns it touched, re-indexed).
pub fn apply(store: &mut Store, change: &Change) -> super::Result<()> {
    let reindex = apply_deferred(store, change)?;
    if let Some(r) = reindex {
        // Best effort: an index left behind is rebuilt at the next search.
        let _ = r.run(store);
    }
    Ok(())
}

/// What the search index must learn after a committed text edit.
#[derive(Debug, Clone)]
pub struct Reindex {
    pub previous: u64,
    pub doc: crate::core::DocumentId,
    pub changed: Vec<crate::core::SegmentId>,
    pub removed: Vec<crate::core::SegmentId>,
}

impl Reindex {
    /// Re-indexes the turns (under the index's lock); false when the index
    /// was not at `previous` (it is rebuilt at the next search then).
    pub fn run(&self, store: &Store) -> super::Result<bool> {
        super::search::reindex_turns(
            store,
            self.previous,
            &self.doc,
            &self.changed,
            &self.removed,
        )
    }

    /// [`Reindex::run`] for the index in `dir`.
    pub fn run_at(&self, store: &Store, dir: &std::path::Path) -> super::Result<bool> {
        super::search::reindex_turns_at(
            store,
            dir,
            self.previous,
            &self.doc,
            &self.changed,
            &self.removed,
        )
    }
}

/// [`apply`] without touching the index: returns what it must re-index,
/// for the caller to do off its own thread.
pub fn apply_deferred(store: &mut Store, change: &Change) -> super::Result<Option<Reindex>> {
    let coder = store.current_coder()?;
    let tx = store.begin()?;
    let mut touched = Touched::default();
    let text_edited = apply_in(&tx, change, &coder, &mut touched)?;
    let reindex = if text_edited {
        // The index learns of it: its stamp no longer matches.
        let previous = super::search::turns_changed(&tx)?;
        touched.into_reindex(&tx, previous)?
    } else {
        None
    };
    tx.commit()?;
    Ok(reindex)
}

/// The turns text edits touched, per document.
#[derive(Default)]
struct Touched {
    docs: Vec<crate::core::DocumentId>,
    ranges: Vec<(crate::core::DocumentId, crate::core::CharRange)>,
    placed: Vec<crate::core::SegmentId>,
    removed: Vec<crate::core::SegmentId>,
}

impl Touched {
    fn into_reindex(self, conn: &Connection, previous: u64) -> super::Result<Option<Reindex>> {
        // One document per re-index; several at once are left for a rebuild.
        let [doc] = self.docs.as_slice() else {
            return Ok(None);
        };
        let mut changed = self.placed;
        for (_, r) in self.ranges.iter().filter(|(d, _)| d == doc) {
            changed.extend(edits::turns_touching(conn, doc, *r)?);
        }
        changed.retain(|id| !self.removed.contains(id));
        changed.sort_by_key(|s| s.0);
        changed.dedup();
        Ok(Some(Reindex {
            previous,
            doc: doc.clone(),
            changed,
            removed: self.removed,
        }))
    }
}

/// Applies `change`; returns whether it edited text (so the search index
/// must follow).
fn apply_in(
    conn: &Connection,
    change: &Change,
    coder: &str,
    touched: &mut Touched,
) -> super::Result<bool> {
    let missing = |what: &str| super::Error::Invalid(format!("{what} no longer exists"));
    match change {
        Change::AddCoding(c) => codings::insert(conn, c)?,
        Change::RemoveCoding(c) => {
            if !codings::delete(conn, &c.id)? {
                return Err(missing("the coding"));
            }
        }
        Change::Recode { coding, after, .. } => {
            if !codings::set_code(conn, coding, after)? {
                return Err(missing("the coding"));
            }
        }
        Change::SetCodingMemo { coding, after, .. } => {
            if !codings::set_memo(conn, coding, after.as_deref())? {
                return Err(missing("the coding"));
            }
        }
        Change::SetDocumentMemo {
            document, after, ..
        } => codings::set_document_memo(conn, document, after.as_deref())?,
        Change::AddCode(r) => {
            codes::insert_record(conn, r).map_err(|e| name_clash(e, &r.code.name))?
        }
        Change::DeleteCode(r) => {
            if !codes::delete_leaf(conn, &r.code.id)? {
                return Err(super::Error::Invalid(format!(
                    "code {:?} still has sub-codes or codings",
                    r.code.name
                )));
            }
        }
        Change::UpdateCode { after, .. } => {
            if !codes::update_record(conn, after).map_err(|e| name_clash(e, &after.code.name))? {
                return Err(missing("the code"));
            }
        }
        Change::Reassign {
            codings: ids,
            after,
            ..
        } => {
            for id in ids {
                if !codings::set_coder(conn, id, after)? {
                    return Err(missing("the coding"));
                }
            }
        }
        Change::EditText(e) if e.change.is_identity() && e.turns.is_empty() => {
            // Codings set in place (re-attached or restored): no revision.
            for c in &e.codings {
                if !edits::set_coding_place(conn, &c.id, c.after.range, c.after.orphan.as_deref())?
                {
                    return Err(missing("the coding"));
                }
            }
        }
        Change::EditText(e) => {
            super::reimport::apply_edit_in(conn, e, coder)?;
            if !touched.docs.contains(&e.document) {
                touched.docs.push(e.document.clone());
            }
            for h in e.change.hunks() {
                touched.ranges.push((e.document.clone(), h.new_range()));
            }
            for t in &e.turns {
                match &t.after {
                    Some(_) => touched.placed.push(t.id),
                    None => touched.removed.push(t.id),
                }
            }
            return Ok(true);
        }
        Change::RenameParticipant {
            document,
            before,
            after,
        } => {
            if !participants::rename(conn, document, before, after)? {
                return Err(missing(&format!("speaker {before:?}")));
            }
        }
        Change::RenameDocument {
            document, after, ..
        } => {
            if !documents::rename(conn, document, after)? {
                return Err(missing("the document"));
            }
        }
        Change::SetAttribute {
            participant,
            key,
            after,
            ..
        } => {
            if !participants::exists(conn, *participant)? {
                return Err(missing("the speaker"));
            }
            participants::set_attribute(conn, *participant, key, after.as_deref().unwrap_or(""))?;
        }
        Change::DeleteDocument(d) | Change::RestoreDocument(d) => {
            if matches!(change, Change::DeleteDocument(_)) {
                if !documents::delete(conn, &d.document)? {
                    return Err(missing("the document"));
                }
            } else {
                deleted::restore(conn, d)?;
            }
            // The search index follows: every turn of it leaves or comes back.
            if !touched.docs.contains(&d.document) {
                touched.docs.push(d.document.clone());
            }
            return Ok(true);
        }
        Change::Batch(list) => {
            let mut edited = false;
            for c in list {
                edited |= apply_in(conn, c, coder, touched)?;
            }
            return Ok(edited);
        }
    }
    Ok(false)
}

/// `change` without the codings it would add that are already stored, or
/// already added earlier in the same change (same document, code, coder and
/// range): such a coding is never stored twice. Returns what is left (`None`
/// when nothing is) and how many were already present. A coding that the
/// same change removes first is not "present".
pub fn drop_present(store: &Store, change: Change) -> super::Result<(Option<Change>, usize)> {
    let mut seen = std::collections::HashSet::new();
    let mut removed = std::collections::HashSet::new();
    let mut present = 0;
    let left = drop_present_in(store.conn(), change, &mut seen, &mut removed, &mut present)?;
    Ok((left, present))
}

type CodingKey = (String, String, String, usize, usize);

fn key_of(c: &crate::core::Coding) -> CodingKey {
    (
        c.document.0.clone(),
        c.code.0.clone(),
        c.coder.clone(),
        c.range.start,
        c.range.end,
    )
}

fn drop_present_in(
    conn: &Connection,
    change: Change,
    seen: &mut std::collections::HashSet<CodingKey>,
    removed: &mut std::collections::HashSet<CodingKey>,
    present: &mut usize,
) -> super::Result<Option<Change>> {
    match change {
        Change::AddCoding(c) => {
            let key = key_of(&c);
            let stored = !removed.contains(&key) && codings::find_identical(conn, &c)?.is_some();
            if stored || !seen.insert(key) {
                *present += 1;
                return Ok(None);
            }
            Ok(Some(Change::AddCoding(c)))
        }
        Change::RemoveCoding(c) => {
            removed.insert(key_of(&c));
            Ok(Some(Change::RemoveCoding(c)))
        }
        Change::Batch(list) => {
            let mut out = Vec::with_capacity(list.len());
            for c in list {
                if let Some(c) = drop_present_in(conn, c, seen, removed, present)? {
                    out.push(c);
                }
            }
            Ok((!out.is_empty()).then_some(Change::Batch(out)))
        }
        other => Ok(Some(other)),
    }
}

/// A unique-name violation, said in the user's words.
fn name_clash(e: crate::store::StoreError, name: &str) -> super::Error {
    match &e {
        crate::store::StoreError::Sql(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            super::Error::Invalid(format!(
                "a code named {:?} already exists there",
                crate::core::sanitize::one_line(name)
            ))
        }
        _ => e.into(),
    }
}

/// An editing session: changes applied to the project with undo and redo.
#[derive(Default)]
pub struct Editor {
    history: History,
    /// Leave re-indexing to the caller (the TUI does it on a worker).
    pub defer_reindex: bool,
    /// Re-indexing owed since the caller last took it.
    pub reindex: Vec<Reindex>,
}

impl Editor {
    /// An editor that leaves re-indexing to its caller (in `reindex`).
    pub fn deferring_reindex() -> Editor {
        Editor {
            defer_reindex: true,
            ..Editor::default()
        }
    }

    /// Applies a change and records it for undo.
    pub fn perform(&mut self, store: &mut Store, change: Change) -> super::Result<()> {
        self.apply(store, &change)?;
        self.history.record(change);
        Ok(())
    }

    /// Applies a change and joins it to the last undo step.
    pub fn perform_joined(&mut self, store: &mut Store, change: Change) -> super::Result<()> {
        self.apply(store, &change)?;
        self.history.join(change);
        Ok(())
    }

    /// Records a change another connection wrote (edit mode's writer),
    /// joined to the last undo step when `joined`; its re-indexing is owed.
    pub fn record(&mut self, change: Change, joined: bool, reindex: Option<Reindex>) {
        if joined {
            self.history.join(change);
        } else {
            self.history.record(change);
        }
        if let Some(r) = reindex {
            self.reindex.push(r);
        }
    }

    /// Undoes the last change; returns what was undone.
    pub fn undo(&mut self, store: &mut Store) -> super::Result<Option<String>> {
        let Some(inv) = self.history.undo() else {
            return Ok(None);
        };
        match self.apply(store, &inv) {
            Ok(()) => Ok(Some(inv.inverse().describe())),
            Err(e) => {
                self.history.undo_failed();
                Err(e)
            }
        }
    }

    /// Redoes the last undone change; returns what was redone.
    pub fn redo(&mut self, store: &mut Store) -> super::Result<Option<String>> {
        let Some(c) = self.history.redo() else {
            return Ok(None);
        };
        match self.apply(store, &c) {
            Ok(()) => Ok(Some(c.describe())),
            Err(e) => {
                self.history.redo_failed();
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    fn apply(&mut self, store: &mut Store, change: &Change) -> super::Result<()> {
        if !self.defer_reindex {
            return apply(store, change);
        }
        if let Some(r) = apply_deferred(store, change)? {
            self.reindex.push(r);
        }
        Ok(())
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
}
