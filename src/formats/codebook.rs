//! Codebook files: pure parsers and writers over [`CodebookTree`].
//!
//! Read: `.yaml`/`.yml`, `.toml`, `.csv`, `.qdc` (REFI-QDA codebook) and
//! `.qdpx` (the codebook of a REFI-QDA project). Write: YAML, CSV, `.qdc`
//! and Markdown. Every parsed tree goes through
//! [`crate::core::codebook::normalize`], so all formats share the same
//! checks (empty or duplicate names, colours, shortcuts). Errors are one
//! line; callers print `error: FILE: reason`.

pub mod csv;
pub mod markdown;
pub mod qdc;
pub mod yaml;

use crate::core::codebook::{normalize, CodebookTree};
use std::io::{Cursor, Read};

/// Largest `project.qde` read from a `.qdpx` (zip bomb guard).
pub const MAX_QDE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodebookFormat {
    Yaml,
    Toml,
    Csv,
    Qdc,
    Qdpx,
    Markdown,
}

impl CodebookFormat {
    /// The format of a file to import, by its extension.
    pub fn for_import(file_name: &str) -> Option<CodebookFormat> {
        let ext = file_name
            .rsplit(['/', '\\'])
            .next()
            .and_then(|b| b.rsplit_once('.'))
            .map(|(_, e)| e.to_ascii_lowercase())?;
        Some(match ext.as_str() {
            "yaml" | "yml" => CodebookFormat::Yaml,
            "toml" => CodebookFormat::Toml,
            "csv" => CodebookFormat::Csv,
            "qdc" | "xml" => CodebookFormat::Qdc,
            "qdpx" => CodebookFormat::Qdpx,
            _ => return None,
        })
    }
}

/// A parsed codebook and what the reader dropped (for the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub tree: CodebookTree,
    pub warnings: Vec<String>,
}

/// Parses and checks a codebook file.
pub fn parse(bytes: &[u8], format: CodebookFormat) -> Result<Parsed, String> {
    parse_in(bytes, format, &[])
}

/// Parses and checks a codebook file for a project that already has the
/// codes `known` (name chains, `["a", "b"]` for `a/b`), which a CSV may
/// name as parents.
pub fn parse_in(
    bytes: &[u8],
    format: CodebookFormat,
    known: &[Vec<String>],
) -> Result<Parsed, String> {
    if bytes.is_empty() {
        return Err("the file is empty".into());
    }
    let (mut tree, warnings) = match format {
        CodebookFormat::Yaml => (yaml::parse_yaml(text(bytes)?)?, Vec::new()),
        CodebookFormat::Toml => (yaml::parse_toml(text(bytes)?)?, Vec::new()),
        CodebookFormat::Csv => (csv::parse(text(bytes)?, known)?, Vec::new()),
        CodebookFormat::Qdc => qdc::parse(text(bytes)?)?,
        CodebookFormat::Qdpx => {
            let xml = qde_from_qdpx(bytes)?;
            qdc::parse(text(&xml)?).map_err(|e| format!("project.qde: {e}"))?
        }
        CodebookFormat::Markdown => {
            return Err("Markdown codebooks can be exported, not imported".into())
        }
    };
    normalize(&mut tree)?;
    Ok(Parsed { tree, warnings })
}

/// UTF-8 text without its BOM.
fn text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err("the file is UTF-16; save it as UTF-8".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes
            .get(..e.valid_up_to())
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
            + 1;
        format!("not UTF-8 text (line {line}); save the file as UTF-8")
    })
}

/// The one `*.qde` at the root of a `.qdpx` zip (any case, as ATLAS.ti
/// names it after the project).
fn qde_from_qdpx(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a .qdpx (zip) file: {e}"))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".qde"))
        .map(|n| n.into_owned())
        .collect();
    let name = match names.as_slice() {
        [one] => one.clone(),
        [] => return Err("no project.qde in the .qdpx".into()),
        _ => {
            return Err(format!(
                "several .qde files in the .qdpx: {}",
                names.join(", ")
            ))
        }
    };
    let file = zip
        .by_name(&name)
        .map_err(|e| format!("corrupt .qdpx ({name}: {e})"))?;
    let mut buf = Vec::new();
    file.take(MAX_QDE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("corrupt .qdpx ({name}: {e})"))?;
    if buf.len() as u64 > MAX_QDE_BYTES {
        return Err(format!(
            "{name} is over {} MB uncompressed (refused)",
            MAX_QDE_BYTES / (1024 * 1024)
        ));
    }
    Ok(buf)
}

/// Writes a codebook. `title` is used by Markdown; `fresh_id` gives ids to
/// codes without one in `.qdc`.
pub fn write(
    tree: &CodebookTree,
    format: CodebookFormat,
    title: &str,
    fresh_id: &mut dyn FnMut() -> String,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        CodebookFormat::Yaml => yaml::write_yaml(tree)?.into_bytes(),
        CodebookFormat::Csv => csv::write(tree)?,
        CodebookFormat::Qdc => {
            if tree.is_empty() {
                return Err("a .qdc needs at least one code and the project has none".into());
            }
            qdc::write(tree, fresh_id).into_bytes()
        }
        CodebookFormat::Markdown => markdown::write(tree, title).into_bytes(),
        CodebookFormat::Toml | CodebookFormat::Qdpx => {
            return Err("this format is not written by codebook export".into())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            CodebookFormat::for_import("a/B.YML"),
            Some(CodebookFormat::Yaml)
        );
        assert_eq!(
            CodebookFormat::for_import("x.qdc"),
            Some(CodebookFormat::Qdc)
        );
        assert_eq!(CodebookFormat::for_import("x.docx"), None);
        assert_eq!(CodebookFormat::for_import("noext"), None);
    }

    #[test]
    fn parse_checks_and_strips_bom() {
        let p = parse(b"\xEF\xBB\xBFname\na\n", CodebookFormat::Csv).expect("valid");
        assert_eq!(p.tree.codes[0].name, "a");
        let e = parse(b"name,color\na,#12\n", CodebookFormat::Csv).expect_err("must fail");
        assert!(e.contains("invalid colour"), "{e}");
        let e = parse(b"name\n\xFFa\n", CodebookFormat::Csv).expect_err("must fail");
        assert!(e.starts_with("not UTF-8 text (line 2)"), "{e}");
        assert_eq!(
            parse(b"", CodebookFormat::Yaml).expect_err("must fail"),
            "the file is empty"
        );
    }
}
