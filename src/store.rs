//! The project file: one SQLite database (`NAME.gloss`), the single source of
//! truth. Owns the schema, the migrations and every SQL statement; nothing
//! outside this module writes SQL. Functions take a `&Connection` so callers
//! (ops) can group several of them in one transaction.

pub mod agreement;
pub mod analysis;
pub mod blocks;
pub mod check;
pub mod codes;
pub mod codings;
pub mod deleted;
pub mod documents;
pub mod edits;
mod error;
mod handle;
pub mod key;
mod migrate;
pub mod participants;
mod project;
pub mod revisions;
pub mod sealed;
pub mod search;
pub mod uncertain;

pub use error::{classify, classify_sql, StoreError};
pub use handle::{Dirs, Project};
pub use key::{Key, PassphraseSource};
pub use project::{checkpoint, ensure_coder, meta_in, now_rfc3339, set_meta_in, Store};

pub type Result<T> = std::result::Result<T, StoreError>;
