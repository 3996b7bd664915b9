//! Where an encrypted project keeps its search index: one SQLCipher file
//! (`index.sealed`, in the index's cache directory) holding tantivy's files
//! whole, encrypted under a random 256-bit key of its own. That key is kept
//! inside the encrypted project (`project.index_key`), so without the
//! project's passphrase the file is noise, like the project; it is given to
//! SQLCipher as a raw key, so opening it costs no key derivation. The index
//! is a cache: a damaged or mismatched file is simply built again.

use super::error::StoreError;
use rusqlite::{Connection, OptionalExtension};
use std::io;
use std::path::Path;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// The sealed index file, open.
pub struct SealedDb {
    conn: Mutex<Connection>,
}

fn io_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(e.to_string())
}

impl SealedDb {
    /// Opens (creating it owner-only if missing) the sealed file at `path`
    /// with the raw `key` (64 hex digits).
    pub fn open(path: &Path, key: &Zeroizing<String>) -> super::Result<SealedDb> {
        super::key::prepare_process(path)?;
        if !path.exists() {
            super::project::create_private_file(path)?;
        }
        let conn = Connection::open(path)?;
        let mut sql = Zeroizing::new(String::from("PRAGMA key = \"x'"));
        sql.push_str(key);
        sql.push_str("'\"");
        conn.execute_batch(&sql).map_err(|_| StoreError::NoCipher)?;
        super::key::require_cipher(&conn)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // A cache: a lost last write means a rebuild, never a wrong answer
        // (the stamp is written last).
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, data BLOB NOT NULL)",
        )?;
        Ok(SealedDb {
            conn: Mutex::new(conn),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> io::Result<T> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| io::Error::other("the sealed index is poisoned"))?;
        f(&conn).map_err(io_err)
    }
}

impl crate::index::SealedFiles for SealedDb {
    fn load(&self) -> io::Result<Vec<(String, Vec<u8>)>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT name, data FROM files")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }

    fn names(&self) -> io::Result<Vec<String>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT name FROM files")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        })
    }

    fn get(&self, name: &str) -> io::Result<Option<Vec<u8>>> {
        self.with(|c| {
            c.query_row("SELECT data FROM files WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
        })
    }

    fn put(&self, name: &str, data: &[u8]) -> io::Result<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO files (name, data) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET data = excluded.data",
                rusqlite::params![name, data],
            )
            .map(|_| ())
        })
    }

    fn remove(&self, name: &str) -> io::Result<()> {
        self.with(|c| {
            c.execute("DELETE FROM files WHERE name = ?1", [name])
                .map(|_| ())
        })
    }

    fn clear(&self) -> io::Result<()> {
        self.with(|c| c.execute("DELETE FROM files", []).map(|_| ()))
    }
}

/// A fresh random index key: 32 bytes from the operating system, as 64 hex
/// digits.
pub fn new_index_key() -> super::Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut()).map_err(|e| StoreError::CannotOpen {
        path: "index".into(),
        reason: format!("no random numbers from the system ({e})"),
    })?;
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = Zeroizing::new(String::with_capacity(64));
    for b in bytes.iter() {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    Ok(hex)
}
