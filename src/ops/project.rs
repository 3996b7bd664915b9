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

/// Whether the project has been changed from elsewhere (the command line,
/// another Gloss) since the last look: cheap enough to ask on every idle
/// tick.
#[derive(Debug, Clone)]
pub struct ChangeWatch {
    seen: i64,
}

impl ChangeWatch {
    pub fn new(store: &Store) -> super::Result<ChangeWatch> {
        Ok(ChangeWatch {
            seen: store.data_version()?,
        })
    }

    /// True once for each batch of changes committed by other connections
    /// since the last call.
    pub fn changed(&mut self, store: &Store) -> super::Result<bool> {
        let now = store.data_version()?;
        let changed = now != self.seen;
        self.seen = now;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_other_connections_commits_not_its_own() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("w.gloss");
        let mut mine = init(&path, "amani").expect("init");
        let mut watch = ChangeWatch::new(&mine).expect("watch");
        assert!(!watch.changed(&mine).expect("look"));
        mine.set_meta("note", "mine").expect("own write");
        assert!(
            !watch.changed(&mine).expect("look"),
            "own writes do not count"
        );
        let mut other = open(&path, None).expect("second connection");
        other.set_meta("note", "theirs").expect("other write");
        assert!(watch.changed(&mine).expect("look"));
        assert!(!watch.changed(&mine).expect("look"), "once per change");
    }
}
