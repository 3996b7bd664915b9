//! Opening and creating project files: pragmas, the project's identity
//! (UUID), its current coder and the session's, query-only opening of other
//! Gloss files, snapshots for `gloss copy`, closing with a checkpoint.
//! Migrations are in `migrate.rs`, errors in `error.rs`.

use super::error::{classify, StoreError};
use super::handle::Project;
use super::key::Key;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `application_id` stamped in every Gloss file ("GLSS").
pub(super) const APPLICATION_ID: i64 = 0x474C_5353;

/// Opens a Gloss file that must not change (a coder's file being merged,
/// a file being checked): writable where it may be, because a read-only
/// connection cannot remove the `-wal` and `-shm` files that opening a WAL
/// database makes and would leave them beside it, but `query_only`, so
/// nothing in it can change; on a read-only medium, read-only. Errors are
/// said as `classify` says them; only a file of another kind is "not a
/// Gloss project".
pub fn open_query_only(project: &Project) -> super::Result<Connection> {
    let path = project.path();
    if !path.is_file() {
        return Err(StoreError::Missing { path: path.into() });
    }
    super::key::prepare_process(path)?;
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_READ_WRITE)
        .or_else(|_| Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_READ_ONLY))
        .map_err(|e| classify(path, e.into()))?;
    super::key::unlock(&conn, project)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "query_only", true)?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify(path, e.into()))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotAProject { path: path.into() });
    }
    Ok(conn)
}

/// An open project.
pub struct Store {
    conn: Connection,
    /// The file, its key, the user's directories: every other connection
    /// to this project is opened from it.
    project: Project,
    /// The coder of what this session writes (`--coder`, the config file),
    /// when it is not the project's current coder; never stored.
    session_coder: Option<String>,
}

impl Store {
    /// Creates a new project file (owner-only permissions) with its schema;
    /// encrypted with the handle's key when it has one.
    pub fn create(project: &Project, coder: &str) -> super::Result<Store> {
        let path = project.path();
        if path.exists() {
            return Err(StoreError::Exists { path: path.into() });
        }
        super::key::prepare_process(path)?;
        create_private_file(path)?;
        let conn = Connection::open(path)?;
        if let Some(k) = project.key() {
            if let Err(e) = super::key::apply(&conn, path, k) {
                drop(conn);
                let _ = std::fs::remove_file(path);
                return Err(e);
            }
        }
        let mut store = Store {
            conn,
            project: project.clone(),
            session_coder: None,
        };
        store.configure()?;
        store.migrate()?;
        let tx = store.conn.transaction()?;
        tx.execute(
            "INSERT INTO project (key, value) VALUES ('uuid', ?1), ('created_at', ?2)",
            (uuid::Uuid::new_v4().to_string(), now_rfc3339()),
        )?;
        set_current_coder_in(&tx, coder)?;
        tx.commit()?;
        // An encrypted project's sealed index key is made with it, so a
        // first search never writes to the project.
        store.index_key()?;
        Ok(store)
    }

    /// Opens an existing project, migrating it to the current schema.
    pub fn open(project: &Project) -> super::Result<Store> {
        let path = project.path();
        if !path.is_file() {
            return Err(StoreError::Missing { path: path.into() });
        }
        super::key::prepare_process(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // The key first: nothing can be read from an encrypted file before.
        super::key::unlock(&conn, project)?;
        let mut store = Store {
            conn,
            project: project.clone(),
            session_coder: None,
        };
        // Only "not a database" means another kind of file: a busy, locked,
        // read-only or full project is said as such (`classify`).
        let app_id: i64 = store
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| classify(path, e.into()))?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::NotAProject { path: path.into() });
        }
        store.configure().map_err(|e| classify(path, e))?;
        store.migrate().map_err(|e| classify(path, e))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        self.project.path()
    }

    /// The project's handle, to open other connections to it (workers).
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Whether the project file is encrypted (SQLCipher).
    pub fn is_encrypted(&self) -> bool {
        self.project.key().is_some()
    }

    /// `e` said in the user's words, naming this project (see [`classify`]).
    pub fn explain(&self, e: StoreError) -> StoreError {
        classify(self.path(), e)
    }

    /// Writes a consistent snapshot of the project to `out` (`VACUUM INTO`
    /// a private temporary file beside it, then renamed over it), with a
    /// project id of its own and `coder` as its current coder. The copy is
    /// encrypted with `key` when one is given (the copy's own passphrase,
    /// whether this project is plain or encrypted), else like this project
    /// (plain, or encrypted with the same passphrase). On failure `out` is
    /// left as it was.
    pub fn snapshot(&self, out: &Path, coder: &str, key: Option<&Key>) -> super::Result<()> {
        let tmp = beside(out)?;
        let copy_key = key.or(self.project.key()).cloned();
        let result = (|| {
            create_private_file(&tmp)?;
            let target = tmp.to_str().ok_or_else(|| StoreError::Io {
                path: out.into(),
                source: std::io::Error::other("the path is not valid UTF-8"),
            })?;
            match &copy_key {
                // VACUUM INTO would not carry a key: an encrypted copy is
                // exported under its key.
                Some(k) => self.export_to(&tmp, Some(k))?,
                None => {
                    self.conn.execute("VACUUM INTO ?1", [target])?;
                }
            }
            let mut copy = Store::open(&self.project.other(&tmp, copy_key.clone()))?;
            let original = self.uuid()?;
            let tx = copy.begin()?;
            set_meta_in(&tx, "uuid", &uuid::Uuid::new_v4().to_string())?;
            set_meta_in(&tx, "copied_from", &original)?;
            set_current_coder_in(&tx, coder)?;
            // The copy's sealed index gets a key of its own.
            tx.execute("DELETE FROM project WHERE key = 'index_key'", [])?;
            tx.commit()?;
            copy.index_key()?;
            copy.close()?;
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .and_then(|()| std::fs::rename(&tmp, out))
                .map_err(|source| StoreError::Io {
                    path: out.into(),
                    source,
                })?;
            Ok(())
        })();
        if result.is_err() {
            remove_with_journals(&tmp);
        }
        result
    }

    /// Writes the whole project to the empty file `out` with SQLCipher's
    /// `sqlcipher_export`: encrypted with `key`, or plain without. The
    /// file's identity and schema version are carried.
    pub fn export_to(&self, out: &Path, key: Option<&Key>) -> super::Result<()> {
        let target = out.to_str().ok_or_else(|| StoreError::Io {
            path: out.into(),
            source: std::io::Error::other("the path is not valid UTF-8"),
        })?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let literal = match key {
            Some(k) => k.literal(),
            None => zeroize::Zeroizing::new("''".to_string()),
        };
        let mut attach =
            zeroize::Zeroizing::new(String::from("ATTACH DATABASE ?1 AS gloss_export KEY "));
        attach.push_str(&literal);
        self.conn.execute(&attach, [target])?;
        let result = (|| -> rusqlite::Result<()> {
            self.conn
                .query_row("SELECT sqlcipher_export('gloss_export')", [], |_| Ok(()))?;
            self.conn.execute_batch(&format!(
                "PRAGMA gloss_export.user_version = {version};
                 PRAGMA gloss_export.application_id = {APPLICATION_ID};"
            ))?;
            Ok(())
        })();
        let detached = self.conn.execute_batch("DETACH DATABASE gloss_export");
        result?;
        detached?;
        Ok(())
    }

    /// Converts the project in place: the whole of it is exported to a new
    /// private file beside it (encrypted with `key`, or plain without),
    /// that file is checked (`gloss check`), synced, and renamed over the
    /// original. An interruption at any point leaves the original intact
    /// (and at worst a hidden `.NAME.….tmp` beside it).
    pub fn replace_with_export(self, key: Option<&Key>) -> super::Result<()> {
        let path = self.path().to_path_buf();
        let tmp = beside(&path)?;
        let result = (|| {
            create_private_file(&tmp)?;
            self.export_to(&tmp, key)?;
            let report = super::check::check(&self.project.other(&tmp, key.cloned()))?;
            if !report.problems.is_empty() {
                return Err(StoreError::Conflict(format!(
                    "{}: the converted file failed its check ({}); the project was left unchanged",
                    path.display(),
                    report.problems.join("; ")
                )));
            }
            self.close()?;
            let io = |source| StoreError::Io {
                path: path.clone(),
                source,
            };
            std::fs::File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                // The rename itself survives a power loss.
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(())
        })();
        remove_with_journals(&tmp);
        result
    }

    /// Closes the connection: the last connection to a project checkpoints
    /// and removes its `-wal` file, so the `.gloss` file alone is complete.
    /// Dropping a `Store` does the same; this reports a failure.
    pub fn close(self) -> super::Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .optional()?;
        self.conn.close().map_err(|(_, e)| StoreError::Sql(e))
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction (IMMEDIATE, so a second writer waits on the
    /// busy timeout instead of failing half way).
    pub fn begin(&mut self) -> super::Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// SQLite's `data_version`: it changes when another connection (the
    /// command line, another window) commits to the project, never for
    /// this connection's own writes.
    pub fn data_version(&self) -> super::Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn uuid(&self) -> super::Result<String> {
        Ok(self
            .conn
            .query_row("SELECT value FROM project WHERE key = 'uuid'", [], |r| {
                r.get(0)
            })?)
    }

    /// The coder of what this session writes: the session's coder if one
    /// was named (`--coder`, config), else the project's current coder.
    pub fn current_coder(&self) -> super::Result<String> {
        match &self.session_coder {
            Some(c) => Ok(c.clone()),
            None => self.project_coder(),
        }
    }

    /// Names the coder of what this session writes, without changing the
    /// project's current coder.
    pub fn set_session_coder(&mut self, name: Option<&str>) {
        self.session_coder = name.map(str::to_string);
    }

    /// The project's own current coder (`gloss coder`), stored in the file.
    pub fn project_coder(&self) -> super::Result<String> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM project WHERE key = 'current_coder'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| "default".to_string()))
    }

    /// The key of an encrypted project's sealed search index (64 hex
    /// digits; made with the project, on encryption, for a copy and on a
    /// new passphrase — else on first use — and kept in the project, which
    /// is itself encrypted); `None` for a plain project.
    pub fn index_key(&self) -> super::Result<Option<zeroize::Zeroizing<String>>> {
        self.index_key_made(false)
    }

    /// A new sealed index key (the passphrase changed: whoever knew the
    /// old one may have read the old key), for an encrypted project.
    pub fn renew_index_key(&self) -> super::Result<()> {
        self.index_key_made(true).map(|_| ())
    }

    fn index_key_made(&self, renew: bool) -> super::Result<Option<zeroize::Zeroizing<String>>> {
        if renew && self.is_encrypted() {
            self.conn
                .execute("DELETE FROM project WHERE key = 'index_key'", [])?;
        }
        if !self.is_encrypted() {
            return Ok(None);
        }
        let read = || -> super::Result<Option<zeroize::Zeroizing<String>>> {
            Ok(self.meta("index_key")?.map(zeroize::Zeroizing::new))
        };
        if let Some(k) = read()? {
            return Ok(Some(k));
        }
        let fresh = super::sealed::new_index_key()?;
        // Of two connections making one at once, the first one's is kept.
        self.conn.execute(
            "INSERT OR IGNORE INTO project (key, value) VALUES ('index_key', ?1)",
            [fresh.as_str()],
        )?;
        read()
    }

    /// A project-level setting (e.g. `demo_stamp`).
    pub fn meta(&self, key: &str) -> super::Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM project WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> super::Result<()> {
        self.conn.execute(
            "INSERT INTO project (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn set_current_coder(&mut self, name: &str) -> super::Result<()> {
        let tx = self.begin()?;
        set_current_coder_in(&tx, name)?;
        tx.commit()?;
        Ok(())
    }

    fn configure(&self) -> super::Result<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert_eq!(mode.to_lowercase(), "wal");
        // User-authored data: a committed action survives a power loss too.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        // The project file alone must hold every committed action, whenever
        // it is copied or mailed, even if Gloss is killed: checkpoint after
        // every commit instead of after 1000 pages (see `close`).
        self.conn.pragma_update(None, "wal_autocheckpoint", 1)?;
        // Reads (lists, exports, agreement) of big projects: a larger page
        // cache and memory-mapped reads instead of a pread per page.
        self.conn.pragma_update(None, "cache_size", -32_768)?;
        self.conn
            .query_row("PRAGMA mmap_size = 268435456", [], |_| Ok(()))
            .optional()?;
        Ok(())
    }

    fn migrate(&mut self) -> super::Result<()> {
        super::migrate::migrate(&mut self.conn, self.project.path())
    }
}

/// Copies every committed change from the WAL into the project file, from a
/// fresh connection (the other connections of the process may be stuck).
pub fn checkpoint(project: &Project) -> super::Result<()> {
    let path = project.path();
    super::key::prepare_process(path)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    super::key::unlock(&conn, project)?;
    conn.busy_timeout(Duration::from_millis(500))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// A project-level setting, read inside the caller's transaction.
pub fn meta_in(conn: &Connection, key: &str) -> super::Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM project WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets a project-level setting inside the caller's transaction.
pub fn set_meta_in(conn: &Connection, key: &str, value: &str) -> super::Result<()> {
    conn.execute(
        "INSERT INTO project (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Ensures `name` exists as a coder and makes it the project's current one.
fn set_current_coder_in(conn: &Connection, name: &str) -> super::Result<()> {
    ensure_coder(conn, name)?;
    conn.execute(
        "INSERT INTO project (key, value) VALUES ('current_coder', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [name],
    )?;
    Ok(())
}

/// The id of coder `name`, created if new.
pub fn ensure_coder(conn: &Connection, name: &str) -> super::Result<i64> {
    conn.execute("INSERT OR IGNORE INTO coders (name) VALUES (?1)", [name])?;
    Ok(
        conn.query_row("SELECT id FROM coders WHERE name = ?1", [name], |r| {
            r.get(0)
        })?,
    )
}

/// A fresh hidden temporary path beside `out` (`.NAME.UUID.tmp`).
fn beside(out: &Path) -> super::Result<PathBuf> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().ok_or_else(|| StoreError::Io {
        path: out.into(),
        source: std::io::Error::other("not a file name"),
    })?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", uuid::Uuid::new_v4().simple()));
    Ok(dir.join(tmp_name))
}

/// Removes `path` and the journal files SQLite may have left beside it.
fn remove_with_journals(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.to_path_buf().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

pub(super) fn create_private_file(path: &Path) -> super::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map_err(|source| StoreError::Io {
        path: path.into(),
        source,
    })?;
    Ok(())
}

/// Current UTC time as RFC 3339 (seconds), computed without a date crate.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
