//! The index directory on disk: readable by its owner only (it stores no
//! text, but its term dictionary holds the corpus's vocabulary), replaced when something else stands where it should be,
//! and the lock file beside it that lets one process build or update the
//! index while the others wait. Uses std only.

use super::{IndexError, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

const DIR_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// Makes `dir` a directory only its owner can enter: created 0700 (missing
/// parents too), replaced when a file or link stands there, tightened when
/// found looser.
pub fn private_dir(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => tighten(dir, &m, DIR_MODE),
        Ok(_) => {
            std::fs::remove_file(dir).map_err(io(dir))?;
            create_dir(dir)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_dir(dir),
        Err(e) => Err(io(dir)(e)),
    }
}

fn create_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(DIR_MODE);
    }
    b.create(dir).map_err(io(dir))
}

/// Removes whatever stands at `path` (a directory tree, a file, a link).
pub fn remove_any(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).map_err(io(path)),
        Ok(_) => std::fs::remove_file(path).map_err(io(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(path)(e)),
    }
}

/// Removes the index in `dir` for good (its project was converted): the
/// directory and the lock file beside it.
pub fn remove_index(dir: &Path) -> Result<()> {
    remove_any(dir)?;
    remove_any(&lock_path(dir))
}

/// Tightens everything under `dir` (tantivy creates its files with the
/// process's umask, usually 0644): files 0600, directories 0700.
pub(super) fn private_tree(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(io(dir))?;
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        let Ok(m) = std::fs::symlink_metadata(&path) else {
            // Removed meanwhile (tantivy's garbage collection).
            continue;
        };
        if m.is_dir() {
            tighten(&path, &m, DIR_MODE)?;
            private_tree(&path)?;
        } else if m.is_file() {
            tighten(&path, &m, FILE_MODE)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn tighten(path: &Path, m: &std::fs::Metadata, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if m.permissions().mode() & 0o077 == 0 {
        return Ok(());
    }
    match std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(path)(e)),
    }
}

#[cfg(not(unix))]
fn tighten(_path: &Path, _m: &std::fs::Metadata, _mode: u32) -> Result<()> {
    Ok(())
}

/// Writes `bytes` to `path`, created readable by its owner only.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(FILE_MODE);
    }
    let mut f = opts.open(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))
}

/// The lock file of the index in `dir`: beside it, so that removing and
/// rebuilding the directory never removes the lock.
fn lock_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    dir.with_file_name(name)
}

/// An OS advisory lock on the index of one project, held until dropped (and
/// released by the OS if the process dies). Shared while opening, exclusive
/// while building or adding to the index.
#[derive(Debug)]
pub struct IndexLock {
    _file: File,
}

impl IndexLock {
    /// Waits until no process is building or updating the index in `dir`.
    pub fn shared(dir: &Path) -> Result<IndexLock> {
        let (file, path) = Self::open(dir)?;
        file.lock_shared().map_err(io(&path))?;
        Ok(IndexLock { _file: file })
    }

    /// Waits until no other process uses the index in `dir`, then keeps
    /// them all waiting.
    pub fn exclusive(dir: &Path) -> Result<IndexLock> {
        let (file, path) = Self::open(dir)?;
        file.lock().map_err(io(&path))?;
        Ok(IndexLock { _file: file })
    }

    fn open(dir: &Path) -> Result<(File, PathBuf)> {
        // A missing parent is created owner-only; an existing one is the
        // caller's (`ops::search::index_dir` tightens Gloss's own).
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            if std::fs::symlink_metadata(parent).is_err() {
                create_dir(parent)?;
            }
        }
        let path = lock_path(dir);
        let mut opts = std::fs::OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(FILE_MODE);
        }
        let file = opts.open(&path).map_err(io(&path))?;
        let m = file.metadata().map_err(io(&path))?;
        tighten(&path, &m, FILE_MODE)?;
        Ok((file, path))
    }
}
