//! The project handle: one value that knows a project's file, its key when
//! it is encrypted (held in memory zeroed when dropped, never logged, never
//! in an error message) and the user's directories, resolved once by the
//! front end. Every connection to the project is opened from it — the
//! viewer's, its workers', the edit-mode writer's, an export's — so nothing
//! after the front end reopens a project by path or reads the environment.
//! It is cheap to clone (shared) and can be sent to worker threads.

use super::key::Key;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where Gloss keeps what is not in a project: the cache (the search
/// indexes of plain projects), the data directory (the demo project) and
/// the config file with what sits beside it (stop-word lists).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    cache: Option<PathBuf>,
    data: Option<PathBuf>,
    config_file: Option<PathBuf>,
}

impl Dirs {
    /// The user's directories as the platform and the environment say
    /// (`XDG_CACHE_HOME`, `XDG_DATA_HOME`, `XDG_CONFIG_HOME`, and
    /// `GLOSS_CONFIG` for the config file). Only the front end calls this.
    pub fn from_environment() -> Dirs {
        let dirs = directories::ProjectDirs::from("", "", "gloss");
        let config_file = std::env::var_os("GLOSS_CONFIG")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().join("config.toml")));
        Dirs {
            cache: dirs.as_ref().map(|d| d.cache_dir().to_path_buf()),
            data: dirs.as_ref().map(|d| d.data_dir().to_path_buf()),
            config_file,
        }
    }

    /// Every directory under `root` (tests, benches).
    pub fn under(root: &Path) -> Dirs {
        Dirs {
            cache: Some(root.join("cache")),
            data: Some(root.join("data")),
            config_file: Some(root.join("config").join("config.toml")),
        }
    }

    /// Gloss's cache directory, if the platform has one.
    pub fn cache(&self) -> Option<&Path> {
        self.cache.as_deref()
    }

    /// Gloss's data directory, if the platform has one.
    pub fn data(&self) -> Option<&Path> {
        self.data.as_deref()
    }

    /// The config file's path (it need not exist).
    pub fn config_file(&self) -> Option<&Path> {
        self.config_file.as_deref()
    }
}

/// A project: its file, its key, the user's directories.
#[derive(Clone)]
pub struct Project(Arc<Inner>);

struct Inner {
    path: PathBuf,
    key: Option<Key>,
    dirs: Dirs,
}

impl Project {
    /// The project at `path`, encrypted with `key` when one is given.
    /// Nothing is opened or checked here: [`super::Store::open`] does.
    pub fn new(path: &Path, key: Option<Key>, dirs: Dirs) -> Project {
        Project(Arc::new(Inner {
            path: path.to_path_buf(),
            key,
            dirs,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// The key, for an encrypted project.
    pub fn key(&self) -> Option<&Key> {
        self.0.key.as_ref()
    }

    pub fn dirs(&self) -> &Dirs {
        &self.0.dirs
    }

    /// Another file (a copy, a converted file) with the same directories.
    pub fn other(&self, path: &Path, key: Option<Key>) -> Project {
        Project::new(path, key, self.0.dirs.clone())
    }

    /// The same file under another key (or none: decrypted).
    pub fn with_key(&self, key: Option<Key>) -> Project {
        self.other(&self.0.path, key)
    }
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("path", &self.0.path)
            .field("encrypted", &self.0.key.is_some())
            .field("dirs", &self.0.dirs)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let p = Project::new(
            Path::new("/tmp/s.gloss"),
            Some(Key::new("secret words".into())),
            Dirs::under(Path::new("/tmp/d")),
        );
        let shown = format!("{p:?}");
        assert!(shown.contains("encrypted: true"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }
}
