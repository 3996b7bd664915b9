//! The passphrase of an encrypted project (SQLCipher) and how a connection
//! is unlocked with it: the key is the first statement on the connection,
//! SQLCipher's presence is checked (`cipher_version`: a build without it
//! ignores `PRAGMA key` and would write plaintext), a wrong passphrase is
//! found at once, and the temp store is kept in memory. SQLCipher itself is
//! prepared once per process before any connection is opened
//! ([`prepare_process`]: its logging to stderr, which would corrupt the TUI
//! screen, is turned off, from one thread, as it is not thread-safe).
//!
//! The key travels in the project handle (`handle.rs`), from which every
//! connection is opened; the front end finds it once through its
//! [`PassphraseSource`]. The key is held in memory zeroed on drop and is
//! never logged or put in an error message.

use super::error::StoreError;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use zeroize::Zeroizing;

/// A project's passphrase: zeroed when dropped, never printed.
#[derive(Clone)]
pub struct Key(Zeroizing<String>);

impl Key {
    pub fn new(passphrase: String) -> Key {
        Key(Zeroizing::new(passphrase))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn same_as(&self, other: &Key) -> bool {
        self.0.as_str() == other.0.as_str()
    }

    /// The passphrase as an SQL string literal, in memory that is zeroed.
    pub(super) fn literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(self.0.len() + 2));
        s.push('\'');
        for c in self.0.chars() {
            if c == '\'' {
                s.push('\'');
            }
            s.push(c);
        }
        s.push('\'');
        s
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

/// Where the front end finds a passphrase for a project it has not
/// unlocked yet (the environment, a file, a prompt on the terminal).
pub trait PassphraseSource: Send + Sync {
    /// The passphrase for the encrypted project at `path`; an error is one
    /// line for the user (no terminal to ask on, an unreadable file).
    fn passphrase(&self, path: &Path) -> Result<Key, String>;
    /// Whether the user gave a passphrase (environment or file), so that a
    /// plain project opened with one is refused rather than taken silently.
    fn given(&self) -> bool;
}

/// The first 16 bytes of every plain SQLite file; an encrypted one starts
/// with its random salt instead.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is an encrypted project: whole pages whose
/// first does not start with SQLite's header. An empty or missing file is
/// not, nor is a file of another kind (its size is not whole pages).
pub fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut head = [0u8; 16];
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let len = f.metadata()?.len();
    if len < 512 || !len.is_multiple_of(512) {
        return Ok(false);
    }
    let mut got = 0;
    while got < head.len() {
        let n = f.read(&mut head[got..])?;
        if n == 0 {
            break;
        }
        got += n;
    }
    Ok(got == head.len() && &head != PLAIN_HEADER)
}

/// Unlocks a freshly opened connection to `project`: with the handle's
/// key, the key is applied first and checked; a file that is encrypted
/// while the handle has no key is refused (the front end asks for it).
pub(super) fn unlock(conn: &Connection, project: &super::handle::Project) -> super::Result<()> {
    let path = project.path();
    match project.key() {
        Some(key) => apply(conn, path, key),
        None if is_encrypted(path).map_err(|source| StoreError::Io {
            path: path.into(),
            source,
        })? =>
        {
            Err(StoreError::NeedsPassphrase {
                path: path.into(),
                reason: "no passphrase given".into(),
            })
        }
        None => Ok(()),
    }
}

/// SQLCipher is there: a build without it ignores `PRAGMA key` and would
/// write plaintext.
pub(super) fn require_cipher(conn: &Connection) -> super::Result<()> {
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()
        .ok()
        .flatten();
    if version.is_none_or(|v| v.is_empty()) {
        return Err(StoreError::NoCipher);
    }
    Ok(())
}

/// Applies `key` as the first statement on `conn`, checks that SQLCipher
/// is there and that the key opens the file; keeps the temp store in
/// memory.
pub(super) fn apply(conn: &Connection, path: &Path, key: &Key) -> super::Result<()> {
    let mut sql = Zeroizing::new(String::from("PRAGMA key = "));
    sql.push_str(&key.literal());
    conn.execute_batch(&sql).map_err(|_| StoreError::NoCipher)?;
    require_cipher(conn)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StoreError::WrongPassphrase { path: path.into() })
        }
        Err(e) => return Err(super::classify(path, e.into())),
    }
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Prepares SQLCipher once per process, before any connection of the
/// process is opened; every function of the store that opens a connection
/// calls it first.
///
/// SQLCipher's logging is process-wide state that it writes without a
/// lock: `PRAGMA cipher_log` (`sqlcipher_set_log`) tests the global log
/// `FILE*` against NULL, stdout and stderr, then sets it to NULL — two
/// threads doing so at once can make one of them `fclose(NULL)` (SIGSEGV,
/// seen in the in-process tests, each test thread opening its own project).
/// And SQLite marks itself initialised before SQLCipher's own
/// initialisation (mutexes, private heap, crypto provider, its default log
/// level) has run, so a second thread opening a connection during the
/// first one's `sqlite3_initialize` could find SQLCipher "not initialized"
/// (an encrypted project refused) and have its log settings overwritten.
/// Here the first connection of the process (in memory) initialises SQLite
/// and SQLCipher completely and turns SQLCipher's logging off, while every
/// other thread waits: SQLCipher writes its errors to stderr by default,
/// which would corrupt the TUI's screen, and Gloss reports errors itself.
pub(super) fn prepare_process(path: &Path) -> super::Result<()> {
    static READY: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    READY
        .get_or_init(|| {
            let conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
            for pragma in ["PRAGMA cipher_log_level = NONE", "PRAGMA cipher_log = off"] {
                conn.query_row(pragma, [], |_| Ok(()))
                    .optional()
                    .map_err(|e| e.to_string())?;
            }
            Ok(())
        })
        .clone()
        .map_err(|reason| StoreError::CannotOpen {
            path: path.into(),
            reason: format!("SQLite could not be set up ({reason})"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_doubles_quotes_and_debug_hides_the_key() {
        let k = Key::new("it's".into());
        assert_eq!(k.literal().as_str(), "'it''s'");
        assert_eq!(format!("{k:?}"), "Key(…)");
    }
}
