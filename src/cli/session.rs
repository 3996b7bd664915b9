//! What one run of the command line knows before any command: the user's
//! directories and where passphrases come from. A project named on the
//! command line becomes a handle here, once ([`locate`]); every command
//! opens it from that handle.

use super::passphrase::CliSource;
use crate::ops::{self, project::Dirs, project::Project};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub struct Session {
    pub dirs: Dirs,
    pub source: CliSource,
}

static SESSION: OnceLock<Session> = OnceLock::new();

/// Resolves the directories and the passphrase source of this run (called
/// once, before the command).
pub fn start(passphrase_file: Option<PathBuf>) -> &'static Session {
    SESSION.get_or_init(|| Session {
        dirs: Dirs::from_environment(),
        source: CliSource::new(passphrase_file),
    })
}

pub fn get() -> &'static Session {
    start(None)
}

/// The handle of the project at `path` (its passphrase asked when it is
/// encrypted).
pub fn locate(path: &Path) -> anyhow::Result<Project> {
    let s = get();
    Ok(ops::project::locate(path, s.dirs.clone(), &s.source)?)
}

/// Opens the project at `path`, with `coder` as the session's coder.
pub fn open(path: &Path, coder: Option<&str>) -> anyhow::Result<ops::Store> {
    Ok(ops::project::open(&locate(path)?, coder)?)
}
