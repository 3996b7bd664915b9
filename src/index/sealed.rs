//! The index of an encrypted project, kept sealed: tantivy works on a
//! directory in memory, and every file it finishes is also handed to a
//! [`SealedFiles`] store that keeps it encrypted on disk (the store layer's
//! SQLCipher file under a random key that only the encrypted project holds).
//! Opening loads the files back into memory; nothing of the index ever
//! reaches the disk in plain form. tantivy's lock files stay in memory:
//! processes are kept apart by the [`super::IndexLock`] beside the directory.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, FileHandle, RamDirectory, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};

/// Where the sealed files live (implemented by the store layer): whole
/// files by name, each put or removed at once.
pub trait SealedFiles: Send + Sync + 'static {
    /// Every file, with its bytes.
    fn load(&self) -> io::Result<Vec<(String, Vec<u8>)>>;
    /// The names of every file.
    fn names(&self) -> io::Result<Vec<String>>;
    /// One file's bytes, if it is there.
    fn get(&self, name: &str) -> io::Result<Option<Vec<u8>>>;
    /// Writes (or replaces) a whole file.
    fn put(&self, name: &str, data: &[u8]) -> io::Result<()>;
    /// Removes a file (missing is fine).
    fn remove(&self, name: &str) -> io::Result<()>;
    /// Removes every file (a fresh build).
    fn clear(&self) -> io::Result<()>;
}

/// tantivy's directory for a sealed index: reads from memory, writes to
/// memory and to the sealed store.
#[derive(Clone)]
pub struct SealedDirectory {
    ram: RamDirectory,
    files: Arc<dyn SealedFiles>,
}

impl std::fmt::Debug for SealedDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealedDirectory")
    }
}

/// tantivy's lock files: only ever in memory.
fn is_lock(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(".tantivy-") && n.ends_with(".lock"))
}

fn name_of(path: &Path) -> io::Result<String> {
    path.to_str()
        .map(str::to_string)
        .ok_or_else(|| io::Error::other("an index file name that is not UTF-8"))
}

impl SealedDirectory {
    /// An empty directory over `files` (which a build clears first).
    pub fn empty(files: Arc<dyn SealedFiles>) -> SealedDirectory {
        SealedDirectory {
            ram: RamDirectory::create(),
            files,
        }
    }

    /// The sealed files loaded into memory.
    pub fn load(files: Arc<dyn SealedFiles>) -> io::Result<SealedDirectory> {
        let d = SealedDirectory::empty(files);
        for (name, data) in d.files.load()? {
            d.ram.atomic_write(Path::new(&name), &data)?;
        }
        Ok(d)
    }

    /// Loads the files another process (or another handle in this one)
    /// sealed since: tantivy's files never change once written, so only
    /// new names are read; `meta.json` and the other small files written
    /// whole are read again.
    pub fn refresh(&self) -> io::Result<()> {
        for name in self.files.names()? {
            let path = PathBuf::from(&name);
            let rewritten = name.ends_with(".json");
            if rewritten || !self.ram.exists(&path).unwrap_or(false) {
                if let Some(data) = self.files.get(&name)? {
                    self.ram.atomic_write(&path, &data)?;
                }
            }
        }
        Ok(())
    }

    /// A small file kept beside tantivy's (the stamp).
    pub fn read_extra(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        self.files.get(name)
    }

    pub fn write_extra(&self, name: &str, data: &[u8]) -> io::Result<()> {
        self.files.put(name, data)
    }

    /// Removes every sealed file (before a fresh build).
    pub fn clear(&self) -> io::Result<()> {
        self.files.clear()
    }
}

/// A file being written: into memory through the in-memory directory's own
/// writer, and sealed whole when tantivy finishes it.
struct SealingWriter {
    path: PathBuf,
    inner: WritePtr,
    dir: SealedDirectory,
}

impl Write for SealingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl TerminatingWrite for SealingWriter {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        self.inner.terminate_ref(token)?;
        if is_lock(&self.path) {
            return Ok(());
        }
        let bytes = self
            .dir
            .ram
            .open_read(&self.path)
            .map_err(io::Error::other)?
            .read_bytes()?;
        self.dir.files.put(&name_of(&self.path)?, bytes.as_slice())
    }
}

impl Directory for SealedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.ram.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.ram.delete(path)?;
        if !is_lock(path) {
            let sealed = name_of(path).and_then(|n| self.files.remove(&n));
            sealed.map_err(|e| DeleteError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            })?;
        }
        Ok(())
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.ram.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let inner = self.ram.open_write(path)?;
        Ok(io::BufWriter::new(Box::new(SealingWriter {
            path: path.to_path_buf(),
            inner,
            dir: self.clone(),
        })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.ram.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        if !is_lock(path) {
            self.files.put(&name_of(path)?, data)?;
        }
        self.ram.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.ram.watch(watch_callback)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Sealed files in a map (what the store layer keeps encrypted).
    #[derive(Default)]
    pub struct MapFiles(pub Mutex<BTreeMap<String, Vec<u8>>>);

    impl SealedFiles for MapFiles {
        fn load(&self) -> io::Result<Vec<(String, Vec<u8>)>> {
            Ok(self.0.lock().expect("lock").clone().into_iter().collect())
        }
        fn names(&self) -> io::Result<Vec<String>> {
            Ok(self.0.lock().expect("lock").keys().cloned().collect())
        }
        fn get(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
            Ok(self.0.lock().expect("lock").get(name).cloned())
        }
        fn put(&self, name: &str, data: &[u8]) -> io::Result<()> {
            self.0
                .lock()
                .expect("lock")
                .insert(name.to_string(), data.to_vec());
            Ok(())
        }
        fn remove(&self, name: &str) -> io::Result<()> {
            self.0.lock().expect("lock").remove(name);
            Ok(())
        }
        fn clear(&self) -> io::Result<()> {
            self.0.lock().expect("lock").clear();
            Ok(())
        }
    }

    #[test]
    fn finished_files_are_sealed_and_locks_are_not() {
        let files = Arc::new(MapFiles::default());
        let d = SealedDirectory::empty(files.clone());
        let mut w = d.open_write(Path::new("a.idx")).expect("open");
        w.write_all(b"segment bytes").expect("write");
        w.terminate().expect("terminate");
        d.atomic_write(Path::new("meta.json"), b"{}").expect("meta");
        let mut lock = d
            .open_write(Path::new(".tantivy-writer.lock"))
            .expect("lock");
        lock.flush().expect("flush");
        lock.terminate().expect("terminate");
        assert_eq!(
            files.names().expect("names"),
            vec!["a.idx".to_string(), "meta.json".to_string()]
        );
        let again = SealedDirectory::load(files.clone()).expect("load");
        assert_eq!(
            again.atomic_read(Path::new("a.idx")).expect("read"),
            b"segment bytes"
        );
        d.delete(Path::new("a.idx")).expect("delete");
        assert_eq!(files.names().expect("names"), vec!["meta.json".to_string()]);
    }
}
