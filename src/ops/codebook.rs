//! Codebook import from YAML (the format of `codebooks/`): codes are matched
//! to existing ones by their path (`parent/child`), so importing twice changes
//! nothing and importing a revised codebook updates it in place.

use crate::core::{sanitize, Code, CodeId};
use crate::store::{codes, Store};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlCodebook {
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    codes: Vec<YamlCode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlCode {
    name: String,
    #[serde(default)]
    color: Option<String>,
    #[serde(default)]
    shortcut: Option<String>,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    when_to_use: String,
    #[serde(default)]
    when_not_to_use: String,
    #[serde(default)]
    example: String,
    #[serde(default)]
    children: Vec<YamlCode>,
}

/// What a codebook import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodebookReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
}

pub fn list(store: &Store) -> super::Result<Vec<Code>> {
    Ok(codes::list(store.conn())?)
}

pub fn import_file(store: &mut Store, path: &Path) -> super::Result<CodebookReport> {
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, e.to_string()))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "yaml" | "yml" => import_yaml(store, path, &bytes),
        _ => Err(super::Error::file(
            path,
            "unsupported codebook format (this version reads .yaml/.yml)",
        )),
    }
}

pub fn import_yaml(store: &mut Store, path: &Path, bytes: &[u8]) -> super::Result<CodebookReport> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| super::Error::file(path, "not UTF-8 text"))?;
    let book: YamlCodebook = serde_yaml_ng::from_str(text)
        .map_err(|e| super::Error::file(path, format!("invalid codebook: {e}")))?;
    let tx = store.begin()?;
    let mut report = CodebookReport::default();
    for code in &book.codes {
        merge_code(&tx, path, None, "", code, &mut report)?;
    }
    tx.commit()?;
    Ok(report)
}

fn merge_code(
    conn: &rusqlite::Connection,
    file: &Path,
    parent: Option<&CodeId>,
    parent_path: &str,
    code: &YamlCode,
    report: &mut CodebookReport,
) -> super::Result<()> {
    let name = sanitize::one_line(code.name.trim());
    if name.is_empty() {
        return Err(super::Error::file(
            file,
            format!("a code under {:?} has an empty name", parent_path),
        ));
    }
    let path = if parent_path.is_empty() {
        name.clone()
    } else {
        format!("{parent_path}/{name}")
    };
    let fields = codes::CodeFields {
        name: &name,
        color: code.color.as_deref().map(str::trim),
        shortcut: code
            .shortcut
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty()),
        definition: code.definition.trim(),
        when_to_use: code.when_to_use.trim(),
        when_not_to_use: code.when_not_to_use.trim(),
        example: code.example.trim(),
    };
    let id = match codes::find_child(conn, parent, &name)? {
        Some(id) => {
            if codes::update(conn, &id, &fields)? {
                report.updated.push(path.clone());
            } else {
                report.unchanged += 1;
            }
            id
        }
        None => {
            report.added.push(path.clone());
            codes::insert(conn, parent, &fields)?
        }
    };
    for child in &code.children {
        merge_code(conn, file, Some(&id), &path, child, report)?;
    }
    Ok(())
}
