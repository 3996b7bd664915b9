//! Creating, opening and converting projects (plain or encrypted).
//!
//! Every project is reached through its handle ([`Project`]: the file, its
//! key when encrypted, the user's directories). The front end makes it once
//! ([`locate`]: the passphrase asked of its [`PassphraseSource`] when the
//! file is encrypted); everything after — the viewer's workers, the
//! edit-mode writer, merge's read-only opens, exports — opens connections
//! from it, never from a path.

use crate::store::Store;
use std::path::Path;

/// The project at `path` as the front end finds it: for an encrypted file,
/// its passphrase is asked of `source` (checked when the project is
/// opened); a plain file with a passphrase given is refused, so that a
/// passphrase is never taken silently for nothing.
pub fn locate(path: &Path, dirs: Dirs, source: &dyn PassphraseSource) -> super::Result<Project> {
    if !path.is_file() {
        return Err(StoreError::Missing { path: path.into() }.into());
    }
    if is_encrypted(path) {
        let key = source
            .passphrase(path)
            .map_err(|reason| StoreError::NeedsPassphrase {
                path: path.into(),
                reason,
            })?;
        return Ok(Project::new(path, Some(key), dirs));
    }
    if source.given() {
        return Err(StoreError::NotEncrypted { path: path.into() }.into());
    }
    Ok(Project::new(path, None, dirs))
}

/// The plain project at `path` with the directories the environment names
/// (tests and benches; the front ends use [`locate`]).
pub fn plain(path: &Path) -> Project {
    Project::new(path, None, Dirs::from_environment())
}

/// Creates a plain project file with `coder` as its current coder (tests
/// and benches: the user's directories from the environment).
pub fn init(path: &Path, coder: &str) -> super::Result<Store> {
    create(&plain(path), coder)
}

/// Creates the project file of the handle (plain, or encrypted with its
/// key) with `coder` as its current coder.
pub fn create(project: &Project, coder: &str) -> super::Result<Store> {
    let coder = coder.trim();
    if coder.is_empty() {
        return Err(super::Error::Invalid("the coder name is empty".into()));
    }
    if project.key().is_some_and(|k| k.is_empty()) {
        return Err(super::Error::Invalid("the passphrase is empty".into()));
    }
    let store = Store::create(project, coder)?;
    remember(project.path());
    Ok(store)
}

/// Whether the file at `path` is an encrypted project.
pub fn is_encrypted(path: &Path) -> bool {
    crate::store::key::is_encrypted(path).unwrap_or(false)
}

/// `gloss encrypt PROJECT`: the plain project is converted in place to one
/// encrypted with `key` (a new file beside it, checked, renamed over it).
/// Its plain search index is removed: from now on it is sealed.
pub fn encrypt(project: &Project, key: &Key) -> super::Result<()> {
    if key.is_empty() {
        return Err(super::Error::Invalid("the passphrase is empty".into()));
    }
    let path = project.path();
    let store = Store::open(project)?;
    remember(path);
    if store.is_encrypted() {
        return Err(super::Error::file(
            path,
            "is already encrypted (to change its passphrase: gloss rekey)",
        ));
    }
    let index = super::search::index_dir(&store).ok();
    store.replace_with_export(Some(key))?;
    if let Some(dir) = index {
        super::search::remove_index_dir(&dir);
    }
    // Its sealed index's key, made now (so a first search writes nothing).
    Store::open(&project.with_key(Some(key.clone())))?.index_key()?;
    Ok(())
}

/// `gloss decrypt PROJECT`: the encrypted project is converted in place to
/// a plain one.
pub fn decrypt(project: &Project) -> super::Result<()> {
    let path = project.path();
    let store = Store::open(project)?;
    remember(path);
    if !store.is_encrypted() {
        return Err(super::Error::file(path, "is not encrypted"));
    }
    let sealed = super::search::index_dir(&store).ok();
    store.replace_with_export(None)?;
    if let Some(dir) = sealed {
        super::search::remove_index_dir(&dir);
    }
    Ok(())
}

/// `gloss rekey PROJECT`: the encrypted project is re-encrypted in place
/// with `key`.
pub fn rekey(project: &Project, key: &Key) -> super::Result<()> {
    if key.is_empty() {
        return Err(super::Error::Invalid("the new passphrase is empty".into()));
    }
    let path = project.path();
    let store = Store::open(project)?;
    remember(path);
    if !store.is_encrypted() {
        return Err(super::Error::file(
            path,
            "is not encrypted (to encrypt it: gloss encrypt)",
        ));
    }
    let sealed = super::search::index_dir(&store).ok();
    store.replace_with_export(Some(key))?;
    // Whoever knew the old passphrase could read the old index key: a new
    // one, and the sealed index built again under it.
    Store::open(&project.with_key(Some(key.clone())))?.renew_index_key()?;
    if let Some(dir) = sealed {
        super::search::remove_index_dir(&dir);
    }
    Ok(())
}

/// Another project file than the one a command works on (merge's other
/// coders' files), with the passphrases that may open it: a plain file
/// takes none; an encrypted one takes the first of `keys` that opens it,
/// else the one `ask` gives for it (a prompt on a terminal). When `ask`
/// cannot ask, the error is "wrong passphrase" if some were tried, else
/// `ask`'s reason.
pub fn locate_other(
    path: &Path,
    dirs: &Dirs,
    keys: &[Key],
    ask: &dyn Fn(&Path) -> Result<Key, String>,
) -> super::Result<Project> {
    // A missing file is said when it is opened.
    if !path.is_file() || !is_encrypted(path) {
        return Ok(Project::new(path, None, dirs.clone()));
    }
    for k in keys {
        let candidate = Project::new(path, Some(k.clone()), dirs.clone());
        match crate::store::agreement::open_read_only(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(StoreError::WrongPassphrase { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    match ask(path) {
        Ok(key) => Ok(Project::new(path, Some(key), dirs.clone())),
        Err(_) if !keys.is_empty() => Err(StoreError::WrongPassphrase { path: path.into() }.into()),
        Err(reason) => Err(StoreError::NeedsPassphrase {
            path: path.into(),
            reason,
        }
        .into()),
    }
}

/// The project this process opened last, to name it in errors that arise
/// after opening (a busy project, a full disk).
static OPENED: std::sync::Mutex<Option<std::path::PathBuf>> = std::sync::Mutex::new(None);

fn remember(path: &Path) {
    if let Ok(mut o) = OPENED.lock() {
        *o = Some(path.to_path_buf());
    }
}

/// A database error anywhere in `err`'s chain said in the user's words,
/// naming the project opened last: "another program is writing …", "the
/// disk is full …", "… read-only", "damaged … run `gloss check`". `None`
/// when there is nothing to add.
pub fn explain(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let path = OPENED.lock().ok()?.clone()?;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let sql = match e.downcast_ref::<crate::store::StoreError>() {
            Some(crate::store::StoreError::Sql(s)) => Some(s),
            _ => e.downcast_ref::<rusqlite::Error>(),
        };
        if let Some(said) = sql.and_then(|s| crate::store::classify_sql(&path, s)) {
            return Some(said.to_string());
        }
        cur = e.source();
    }
    None
}

/// Opens a project; with `coder`, that coder is the coder of what this
/// session writes (the project's current coder is left as it is: `gloss
/// coder` changes it).
pub fn open(project: &Project, coder: Option<&str>) -> super::Result<Store> {
    let mut store = Store::open(project)?;
    remember(project.path());
    store.set_session_coder(coder.map(str::trim).filter(|c| !c.is_empty()));
    Ok(store)
}

/// Opens the encrypted project with `key` (the viewer's passphrase
/// screen); a wrong key is said as such.
pub fn open_with_key(project: &Project, coder: Option<&str>, key: &Key) -> super::Result<Store> {
    open(&project.with_key(Some(key.clone())), coder)
}

/// Opens the plain project at `path` (tests and benches; see [`plain`]).
pub fn open_plain(path: &Path, coder: Option<&str>) -> super::Result<Store> {
    open(&plain(path), coder)
}

/// The project's current coder, and every coder with their codings, in
/// name order.
pub fn coders(store: &Store) -> super::Result<(String, Vec<(String, usize)>)> {
    Ok((
        store.project_coder()?,
        crate::store::codings::coders_with_counts(store.conn())?,
    ))
}

/// `gloss coder PROJECT NAME`: makes `name` the project's current coder;
/// returns the one it replaces.
pub fn set_coder(store: &mut Store, name: &str) -> super::Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(super::Error::Invalid("the coder name is empty".into()));
    }
    let before = store.project_coder()?;
    store.set_current_coder(name)?;
    Ok(before)
}

/// `gloss copy PROJECT OUT --coder NAME`: a consistent snapshot of the
/// project (SQLite's `VACUUM INTO`, never a file copy of a live database)
/// whose current coder is `coder`, owner-only. The copy gets a project id of
/// its own (its search index is its own); documents, codes and codings keep
/// theirs, so merging the copy back matches everything.
/// With `key`, the copy is encrypted with that passphrase of its own
/// (the project plain or encrypted); without, it is like the project.
pub fn copy(
    store: &Store,
    out: &Path,
    coder: &str,
    force: bool,
    key: Option<&Key>,
) -> super::Result<()> {
    let coder = coder.trim();
    if coder.is_empty() {
        return Err(super::Error::Invalid(
            "copy: name the coder who gets the copy with --coder NAME".into(),
        ));
    }
    if super::files::same_file(out, store.path()) {
        return Err(super::Error::file(out, "is the project itself"));
    }
    if out.exists() && !force {
        return Err(super::Error::file(
            out,
            "already exists (use --force to replace it)",
        ));
    }
    if key.is_some_and(|k| k.is_empty()) {
        return Err(super::Error::Invalid(
            "the copy's passphrase is empty".into(),
        ));
    }
    Ok(store.snapshot(out, coder, key)?)
}

/// Checkpoints a project from a fresh connection, so its file holds every
/// committed change (used when a session is ended by a signal).
pub fn checkpoint(project: &Project) -> super::Result<()> {
    Ok(crate::store::checkpoint(project)?)
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

    /// Takes the changes committed so far as seen (the caller's own
    /// writer made them).
    pub fn accept(&mut self, store: &Store) {
        if let Ok(now) = store.data_version() {
            self.seen = now;
        }
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

pub use crate::store::check::CheckReport;
/// What the front ends need of encrypted projects: the key held in zeroed
/// memory, where a passphrase comes from, and the error of a wrong one.
pub use crate::store::{Dirs, Key, PassphraseSource, Project, StoreError};

/// `gloss check PROJECT`: SQLite's integrity and foreign-key checks and
/// Gloss's own invariants; changes nothing.
pub fn check(project: &Project) -> super::Result<CheckReport> {
    remember(project.path());
    Ok(crate::store::check::check(project)?)
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
        let mut other = open_plain(&path, None).expect("second connection");
        other.set_meta("note", "theirs").expect("other write");
        assert!(watch.changed(&mine).expect("look"));
        assert!(!watch.changed(&mine).expect("look"), "once per change");
    }
}
