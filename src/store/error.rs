//! What can go wrong with a project file, in the user's words: the error
//! type of the store, and the classification of SQLite's errors (a busy or
//! locked project, a full disk, a read-only file or folder, a damaged file)
//! that names the project instead of "database is locked".

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such project (create it with `gloss init`)")]
    Missing { path: PathBuf },
    #[error("{path}: already exists")]
    Exists { path: PathBuf },
    #[error("{path}: not a Gloss project file")]
    NotAProject { path: PathBuf },
    #[error("{path}: made by a newer Gloss (schema {found}, this build knows {known})")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// The file's tables are newer than its `user_version` says (an
    /// upgrade interrupted outside a transaction, a version reset by
    /// another tool) in a way that cannot be taken as done.
    #[error("{path}: interrupted upgrade: the file says schema version {version}, but {problem} (migration {migration}); the project was left unchanged")]
    SchemaMismatch {
        path: PathBuf,
        version: i64,
        migration: &'static str,
        problem: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: another program is writing this project (Gloss waited 5 s); try again when it has finished")]
    Busy { path: PathBuf },
    #[error("{path}: the disk is full; nothing was changed")]
    DiskFull { path: PathBuf },
    #[error("{path}: cannot write: the project file or its folder is read-only")]
    ReadOnly { path: PathBuf },
    #[error("{path}: cannot open: {reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error("{path}: the project file is damaged ({detail}); run `gloss check {path}`")]
    Damaged { path: PathBuf, detail: String },
    #[error("database: {}", describe_sql(.0))]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Conflict(String),
    #[error("wrong passphrase for {path}")]
    WrongPassphrase { path: PathBuf },
    #[error("{path} is encrypted: {reason}")]
    NeedsPassphrase { path: PathBuf, reason: String },
    #[error("{path} is not encrypted: open it without a passphrase (unset GLOSS_PASSPHRASE, leave out --passphrase-file)")]
    NotEncrypted { path: PathBuf },
    #[error("{path} is not encrypted: merge it without their passphrase (unset GLOSS_THEIR_PASSPHRASE, leave out --their-passphrase-file)")]
    TheirsNotEncrypted { path: PathBuf },
    #[error("this build of Gloss cannot open encrypted projects (it was built without SQLCipher)")]
    NoCipher,
}

/// SQLite's own words for an error, without the library's prefixes.
fn describe_sql(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, Some(m)) => format!("{m} ({:?})", f.code),
        other => other.to_string(),
    }
}

/// The error in the user's words, naming the project: a busy project, a
/// full disk, a read-only file or folder, a damaged file. Anything else is
/// kept as it is.
pub fn classify(path: &Path, e: StoreError) -> StoreError {
    match &e {
        StoreError::Sql(sql) => classify_sql(path, sql).unwrap_or(e),
        _ => e,
    }
}

/// What `classify` says of a raw SQLite error, or `None` when it has
/// nothing better to say than SQLite's own words.
pub fn classify_sql(path: &Path, e: &rusqlite::Error) -> Option<StoreError> {
    use rusqlite::ErrorCode as C;
    let rusqlite::Error::SqliteFailure(f, msg) = e else {
        return None;
    };
    let path = path.to_path_buf();
    Some(match f.code {
        C::DatabaseBusy | C::DatabaseLocked => StoreError::Busy { path },
        C::DiskFull => StoreError::DiskFull { path },
        C::ReadOnly => StoreError::ReadOnly { path },
        C::CannotOpen | C::PermissionDenied => {
            let reason = if path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .is_some_and(|d| {
                    std::fs::metadata(d).is_ok_and(|m| m.permissions().readonly())
                        || !writable_dir(d)
                }) {
                "its folder is read-only (Gloss needs to write its journal beside the file)"
                    .to_string()
            } else {
                msg.clone().unwrap_or_else(|| "permission denied".into())
            };
            StoreError::CannotOpen { path, reason }
        }
        C::DatabaseCorrupt => StoreError::Damaged {
            path,
            detail: msg.clone().unwrap_or_else(|| "malformed".into()),
        },
        C::NotADatabase => StoreError::NotAProject { path },
        _ => return None,
    })
}

/// Whether a new file can be made in `dir` (a read-only mount or a folder
/// without write permission cannot).
fn writable_dir(dir: &Path) -> bool {
    let probe = dir.join(format!(".gloss-probe-{}", uuid::Uuid::new_v4().simple()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(_) => false,
    }
}
