//! Reading documents: the list, one document with its turns (for `show`
//! and the viewer).

use crate::core::{Document, DocumentId, Segment};
use crate::store::{documents, Store};

pub use crate::store::documents::DocumentSummary;

pub fn list(store: &Store) -> super::Result<Vec<DocumentSummary>> {
    Ok(documents::list(store.conn())?)
}

/// Resolves a `DOC` argument: a document id, its name, or a unique part of
/// its name (case-insensitive, as `doc:` in search); an ambiguous part is
/// refused with the candidates, an unknown one with the documents there are.
pub fn resolve(store: &Store, key: &str) -> super::Result<DocumentId> {
    if let Some(id) = documents::resolve(store.conn(), key)? {
        return Ok(id);
    }
    let all = documents::names(store.conn())?;
    let want = key.to_lowercase();
    let exact: Vec<&(DocumentId, String)> = all
        .iter()
        .filter(|(_, n)| n.to_lowercase() == want)
        .collect();
    let found = if exact.is_empty() {
        all.iter()
            .filter(|(_, n)| !want.is_empty() && n.to_lowercase().contains(&want))
            .collect()
    } else {
        exact
    };
    let shown = crate::core::sanitize::one_line(key);
    match found.as_slice() {
        [(id, _)] => Ok(id.clone()),
        [] => Err(super::Error::Invalid(format!(
            "no document {shown:?} in {}; its documents: {}",
            store.path().display(),
            super::listing(all.iter().map(|(_, n)| n.clone()))
        ))),
        many => Err(super::Error::Invalid(format!(
            "document {shown:?} is ambiguous in {}: {} (give more of the name)",
            store.path().display(),
            super::listing(many.iter().map(|(_, n)| n.clone()))
        ))),
    }
}

pub use crate::store::uncertain::UncertainWord;

/// A document with its segments, as the viewer and `show` need it.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    pub document: Document,
    pub segments: Vec<Segment>,
    /// Words a speech recogniser was unsure of (a draft's), by turn.
    pub uncertain: Vec<UncertainWord>,
}

pub fn load(store: &Store, id: &DocumentId) -> super::Result<LoadedDocument> {
    Ok(LoadedDocument {
        document: documents::get(store.conn(), id)?,
        segments: documents::segments(store.conn(), id)?,
        uncertain: crate::store::uncertain::of_document(store.conn(), id)?,
    })
}

/// A document's name.
pub fn load_name(store: &Store, id: &DocumentId) -> super::Result<String> {
    Ok(documents::get_name(store.conn(), id)?)
}

/// What deleting a document would take with it: (turns, codings including
/// orphaned ones, memos).
pub fn dependents(store: &Store, id: &DocumentId) -> super::Result<(usize, usize, usize)> {
    Ok(documents::dependents(store.conn(), id)?)
}

/// Ids and names of all documents in project order (cheap: no text).
pub fn names(store: &Store) -> super::Result<Vec<(DocumentId, String)>> {
    Ok(documents::names(store.conn())?)
}
