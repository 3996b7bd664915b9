//! The search index: tantivy, as a derived cache of the project. One index
//! document per speaker turn (segment), keyed by its segment id; it stores
//! no text, offsets or names (hits take them from the project, so they are
//! never stale and never a plaintext copy of a transcript). Lives in the user cache directory,
//! keyed by the project's UUID and stamped with a schema version and the
//! project's content generation; a missing, stale or corrupt index is
//! rebuilt, never an error for the user. Uses `core` only; `ops` feeds it.

mod analyzer;
mod dir;
mod highlight;
mod schema;
mod sealed;
mod search;
mod store;

/// The folding analyzer (for benchmarks and checks outside the index).
pub fn fold_analyzer() -> tantivy::tokenizer::TextAnalyzer {
    analyzer::fold()
}

/// All tokens of `text` under `analyzer`.
pub fn analyse(analyzer: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> Vec<String> {
    analyzer::analyse_all(analyzer, text)
}

/// Folds a keyword value (a speaker name, a language) as the index and
/// `speaker:`/`lang:` filters do.
pub fn fold_keyword(value: &str) -> String {
    analyzer::analyse_word(&mut analyzer::keyword(), value).unwrap_or_default()
}

pub use dir::{private_dir, remove_any, remove_index, IndexLock};
pub use highlight::matches;
pub use sealed::{SealedDirectory, SealedFiles};
pub use search::{Found, Hit, SearchFilters, SearchOptions, SearchOrder, SearchResult};
pub use store::{Builder, IndexDoc, Removal, SearchIndex, INDEX_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Query(String),
}

pub type Result<T> = std::result::Result<T, IndexError>;
