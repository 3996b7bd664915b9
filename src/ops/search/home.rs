//! Where a project's search index lives and how it is opened or started
//! there: a tantivy directory in the cache for a plain project, a sealed
//! (encrypted) file for an encrypted one.

use super::index_error;
use crate::index::SearchIndex;
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the index of this project lives: in the cache directory of the
/// project handle's directories (`XDG_CACHE_HOME`). Gloss's cache
/// directory is made owner-only (created 0700, tightened if looser).
pub fn index_dir(store: &Store) -> crate::ops::Result<PathBuf> {
    let cache = store.project().dirs().cache().ok_or_else(|| {
        crate::ops::Error::Invalid("cannot find a cache directory for the search index".into())
    })?;
    let root = cache.join("index");
    crate::index::private_dir(cache).map_err(index_error)?;
    crate::index::private_dir(&root).map_err(index_error)?;
    let uuid = store.uuid()?;
    // An encrypted project's index is sealed, in a directory of its own
    // name: encrypting or decrypting a project never finds the other
    // kind's index where it looks.
    Ok(root.join(if store.is_encrypted() {
        format!("{uuid}.sealed")
    } else {
        uuid
    }))
}

/// The file an encrypted project's sealed index is kept in, in its
/// directory.
const SEALED_FILE: &str = "index.sealed";

/// The sealed files of an encrypted project's index in `dir`.
fn sealed_files(
    store: &Store,
    dir: &Path,
) -> crate::ops::Result<Arc<dyn crate::index::SealedFiles>> {
    let key = store
        .index_key()?
        .ok_or_else(|| crate::ops::Error::Invalid("a plain project has no sealed index".into()))?;
    crate::index::private_dir(dir).map_err(index_error)?;
    Ok(Arc::new(crate::store::sealed::SealedDb::open(
        &dir.join(SEALED_FILE),
        &key,
    )?))
}

/// The index in `dir` if it is there and stamped `generation` (sealed for
/// an encrypted project, a tantivy directory for a plain one).
pub(super) fn open_index(
    store: &Store,
    dir: &Path,
    generation: u64,
) -> crate::ops::Result<Option<SearchIndex>> {
    let uuid = store.uuid()?;
    if !store.is_encrypted() {
        return Ok(SearchIndex::open(dir, &uuid, generation));
    }
    if !dir.join(SEALED_FILE).is_file() {
        return Ok(None);
    }
    Ok(SearchIndex::open_sealed(
        dir,
        sealed_files(store, dir)?,
        &uuid,
        generation,
    ))
}

/// A fresh index in `dir` (whatever was there is removed).
pub(super) fn start_index(store: &Store, dir: &Path) -> crate::ops::Result<crate::index::Builder> {
    let uuid = store.uuid()?;
    if !store.is_encrypted() {
        return SearchIndex::build(dir, &uuid).map_err(index_error);
    }
    crate::index::remove_any(dir).map_err(index_error)?;
    SearchIndex::build_sealed(dir, sealed_files(store, dir)?, &uuid).map_err(index_error)
}

/// Removes a project's index directory (the project was encrypted or
/// decrypted: its index is now kept the other way).
pub fn remove_index_dir(dir: &Path) {
    let _ = crate::index::remove_index(dir);
}
