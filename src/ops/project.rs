//! Creating and opening projects.

use crate::store::Store;
use std::path::Path;

/// Creates a project file with `coder` as its current coder.
pub fn init(path: &Path, coder: &str) -> super::Result<Store> {
    let coder = coder.trim();
    if coder.is_empty() {
        return Err(super::Error::Invalid("the coder name is empty".into()));
    }
    Ok(Store::create(path, coder)?)
}

/// Opens a project; with `coder`, makes that the current coder first.
pub fn open(path: &Path, coder: Option<&str>) -> super::Result<Store> {
    let mut store = Store::open(path)?;
    if let Some(c) = coder.map(str::trim).filter(|c| !c.is_empty()) {
        if store.current_coder()? != c {
            store.set_current_coder(c)?;
        }
    }
    Ok(store)
}

/// Checkpoints a project from a fresh connection, so its file holds every
/// committed change (used when a session is ended by a signal).
pub fn checkpoint(path: &Path) -> super::Result<()> {
    Ok(crate::store::checkpoint(path)?)
}
