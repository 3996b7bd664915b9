//! Reading documents: the list, one document with its turns (for `show`
//! and the viewer).

use crate::core::{Document, DocumentId, Segment};
use crate::store::{documents, Store};

pub use crate::store::documents::DocumentSummary;

pub fn list(store: &Store) -> super::Result<Vec<DocumentSummary>> {
    Ok(documents::list(store.conn())?)
}

/// Resolves a `DOC` argument (id or unique name).
pub fn resolve(store: &Store, key: &str) -> super::Result<DocumentId> {
    documents::resolve(store.conn(), key)?.ok_or_else(|| {
        super::Error::Invalid(format!(
            "no document {:?} in {}",
            crate::core::sanitize::one_line(key),
            store.path().display()
        ))
    })
}

/// A document with its segments, as the viewer and `show` need it.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    pub document: Document,
    pub segments: Vec<Segment>,
}

pub fn load(store: &Store, id: &DocumentId) -> super::Result<LoadedDocument> {
    Ok(LoadedDocument {
        document: documents::get(store.conn(), id)?,
        segments: documents::segments(store.conn(), id)?,
    })
}
