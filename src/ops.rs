//! The operations both front ends call: plain blocking functions over an
//! open `Store`. The CLI prints their results; the TUI runs them (on worker
//! threads when slow) and shows them. No terminal or argument parsing here.

pub mod agreement;
pub mod analysis;
pub mod code_edits;
pub mod codebook;
pub mod coding;
pub mod config;
pub mod demo;
pub mod documents;
pub mod edit;
pub mod excerpts;
pub mod export;
pub mod files;
pub mod import;
pub mod measure;
pub mod merge;
pub mod participants;
pub mod project;
pub mod refi;
pub mod reimport;
pub mod review;
pub mod search;
pub mod text;
pub mod transcribe;
pub mod transcript;

use std::path::{Path, PathBuf};

/// The open project, as the front ends hold it: they pass it to `ops` and
/// never reach into the store themselves.
pub use crate::store::Store;

/// Why an operation failed. `Display` is the one line the user sees.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem with an input file: `FILE: reason`.
    #[error("{}: {reason}", crate::core::sanitize::one_line(&path.display().to_string()))]
    File { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// A request that cannot be carried out (unknown document, bad argument).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn file(path: &Path, reason: impl Into<String>) -> Error {
        Error::File {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Store(e.into())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// How many known names an error lists at most.
const LIST_AT_MOST: usize = 10;

/// The known names a user could have meant, for an error: at most ten,
/// each on one line, then how many more ("a, b, c … and 4 more").
pub fn listing(names: impl IntoIterator<Item = String>) -> String {
    let all: Vec<String> = names
        .into_iter()
        .map(|n| crate::core::sanitize::one_line(&n))
        .collect();
    if all.is_empty() {
        return "none".into();
    }
    let shown = all
        .iter()
        .take(LIST_AT_MOST)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    match all.len().saturating_sub(LIST_AT_MOST) {
        0 => shown,
        more => format!("{shown} … and {more} more"),
    }
}
