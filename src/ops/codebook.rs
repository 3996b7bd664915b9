//! Codebook import (YAML, TOML, CSV, REFI-QDA `.qdc`/`.qdpx`) and export
//! (YAML, CSV, `.qdc`, Markdown).
//!
//! Import merges the file's tree into the project's codebook in one
//! transaction: a code is matched to an existing one by its id (the `.qdc`
//! guid) first, then by its path (`parent/child`). Matched codes get the
//! file's fields (fields the file does not give are kept; a `.qdc` match by
//! guid also takes the file's name and place), other codes are added, none
//! is deleted. Importing the same file twice changes nothing. Any error
//! leaves the project as it was.

use crate::core::codebook::{join_path, CodeNode, Codebook, CodebookTree};
use crate::core::{sanitize, Code, CodeId};
use crate::formats::codebook::{self as cbformat, CodebookFormat};
use crate::store::{codes, Store};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What a codebook import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodebookReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    /// What the reader dropped from the file (REFI-QDA sets, bad guids...).
    pub warnings: Vec<String>,
}

pub fn list(store: &Store) -> super::Result<Vec<Code>> {
    Ok(codes::list(store.conn())?)
}

/// The project's codebook.
pub fn load(store: &Store) -> super::Result<Codebook> {
    Ok(Codebook::new(codes::list(store.conn())?))
}

/// Imports a codebook file; the format is chosen by its extension.
pub fn import_file(store: &mut Store, path: &Path) -> super::Result<CodebookReport> {
    let format = CodebookFormat::for_import(&path.to_string_lossy()).ok_or_else(|| {
        super::Error::file(
            path,
            "unsupported codebook format (use .yaml, .yml, .toml, .csv, .qdc or .qdpx)",
        )
    })?;
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, e.to_string()))?;
    import_bytes(store, path, &bytes, format)
}

/// Imports a YAML codebook (used by `gloss demo` on the embedded files).
pub fn import_yaml(store: &mut Store, path: &Path, bytes: &[u8]) -> super::Result<CodebookReport> {
    import_bytes(store, path, bytes, CodebookFormat::Yaml)
}

/// Parses `bytes` as `format` and merges the codebook into the project.
pub fn import_bytes(
    store: &mut Store,
    path: &Path,
    bytes: &[u8],
    format: CodebookFormat,
) -> super::Result<CodebookReport> {
    let known = load(store)?.chains();
    let parsed =
        cbformat::parse_in(bytes, format, &known).map_err(|e| super::Error::file(path, e))?;
    let use_ids = matches!(format, CodebookFormat::Qdc | CodebookFormat::Qdpx);
    let tx = store.begin()?;
    let (report, _) = merge_tree(&tx, path, &parsed.tree, parsed.warnings, use_ids)?;
    tx.commit()?;
    Ok(report)
}

/// Merges a normalised tree into the codebook inside the caller's
/// transaction. Returns the report and, for every code of the tree that
/// has an id, the project code it became (matched or added).
pub(crate) fn merge_tree(
    conn: &Connection,
    path: &Path,
    tree: &CodebookTree,
    warnings: Vec<String>,
    use_ids: bool,
) -> super::Result<(CodebookReport, HashMap<String, CodeId>)> {
    let mut merge = Merge {
        conn,
        file: path,
        use_ids,
        claimed: HashSet::new(),
        ids: HashMap::new(),
        report: CodebookReport {
            warnings,
            ..CodebookReport::default()
        },
    };
    for node in &tree.codes {
        merge.code(None, "", node)?;
    }
    check_shortcuts(conn, path)?;
    Ok((merge.report, merge.ids))
}

struct Merge<'a> {
    conn: &'a Connection,
    file: &'a Path,
    use_ids: bool,
    /// Existing codes already matched by this import.
    claimed: HashSet<CodeId>,
    /// File id → project code.
    ids: HashMap<String, CodeId>,
    report: CodebookReport,
}

impl Merge<'_> {
    fn code(
        &mut self,
        parent: Option<&CodeId>,
        parent_path: &str,
        node: &CodeNode,
    ) -> super::Result<()> {
        let path = join_path(parent_path, &node.name);
        let by_id = match (&node.id, self.use_ids) {
            (Some(id), true) => codes::get(self.conn, &CodeId(id.clone()))?
                .filter(|c| !self.claimed.contains(&c.id)),
            _ => None,
        };
        let existing = match by_id {
            Some(c) => Some(c),
            None => match codes::find_child(self.conn, parent, &node.name)? {
                Some(id) if !self.claimed.contains(&id) => codes::get(self.conn, &id)?,
                Some(_) => {
                    return Err(super::Error::file(
                        self.file,
                        format!("code {path:?} matches a code already merged"),
                    ))
                }
                None => None,
            },
        };
        let id = match existing {
            Some(old) => {
                self.claimed.insert(old.id.clone());
                let moved = self.place(&old, parent, &node.name, &path)?;
                let text = |new: &Option<String>, old: &str| {
                    new.clone().unwrap_or_else(|| old.to_string())
                };
                let opt = |new: &Option<String>, old: &Option<String>| match new {
                    Some(s) if s.is_empty() => None,
                    Some(s) => Some(s.clone()),
                    None => old.clone(),
                };
                let color = opt(&node.color, &old.color);
                let shortcut = opt(&node.shortcut, &old.shortcut);
                let (d, w, wn, ex) = (
                    text(&node.definition, &old.definition),
                    text(&node.when_to_use, &old.when_to_use),
                    text(&node.when_not_to_use, &old.when_not_to_use),
                    text(&node.example, &old.example),
                );
                let changed = codes::update(
                    self.conn,
                    &old.id,
                    &codes::CodeFields {
                        name: &node.name,
                        color: color.as_deref(),
                        shortcut: shortcut.as_deref(),
                        definition: &d,
                        when_to_use: &w,
                        when_not_to_use: &wn,
                        example: &ex,
                    },
                )?;
                if moved || changed {
                    self.report.updated.push(path.clone());
                } else {
                    self.report.unchanged += 1;
                }
                old.id
            }
            None => {
                // A guid already used in the project (by a code matched
                // elsewhere) cannot be reused.
                let want = match (&node.id, self.use_ids) {
                    (Some(id), true) if codes::get(self.conn, &CodeId(id.clone()))?.is_none() => {
                        Some(id.as_str())
                    }
                    _ => None,
                };
                fn nonempty(f: &Option<String>) -> Option<&str> {
                    f.as_deref().filter(|s| !s.is_empty())
                }
                let empty_if_none = |f: &Option<String>| f.clone().unwrap_or_default();
                let id = codes::insert_with_id(
                    self.conn,
                    want,
                    parent,
                    &codes::CodeFields {
                        name: &node.name,
                        color: nonempty(&node.color),
                        shortcut: nonempty(&node.shortcut),
                        definition: &empty_if_none(&node.definition),
                        when_to_use: &empty_if_none(&node.when_to_use),
                        when_not_to_use: &empty_if_none(&node.when_not_to_use),
                        example: &empty_if_none(&node.example),
                    },
                )?;
                self.claimed.insert(id.clone());
                self.report.added.push(path.clone());
                id
            }
        };
        if let Some(file_id) = &node.id {
            self.ids
                .entry(file_id.clone())
                .or_insert_with(|| id.clone());
        }
        for child in &node.children {
            self.code(Some(&id), &path, child)?;
        }
        Ok(())
    }

    /// Renames/moves a code matched by id to where the file puts it.
    fn place(
        &self,
        old: &Code,
        parent: Option<&CodeId>,
        name: &str,
        path: &str,
    ) -> super::Result<bool> {
        if old.parent.as_ref() == parent && old.name == name {
            return Ok(false);
        }
        if let Some(other) = codes::find_child(self.conn, parent, name)? {
            if other != old.id {
                return Err(super::Error::file(
                    self.file,
                    format!(
                        "code {:?} (guid {}) cannot be renamed or moved to {path:?}: another code is already there",
                        sanitize::one_line(&old.name),
                        old.id
                    ),
                ));
            }
        }
        Ok(codes::set_place(self.conn, &old.id, parent, name)?)
    }
}

/// After a merge: no shortcut may be used by two codes of the project.
fn check_shortcuts(conn: &Connection, file: &Path) -> super::Result<()> {
    let book = Codebook::new(codes::list(conn)?);
    match book.shortcut_clash() {
        Some((key, first, second)) => Err(super::Error::file(
            file,
            format!(
                "shortcut {:?} would be used by two codes: {:?} and {:?}",
                sanitize::one_line(key),
                sanitize::one_line(first),
                sanitize::one_line(second)
            ),
        )),
        None => Ok(()),
    }
}

/// The project's codebook as a tree (ids and every field given).
pub fn tree(store: &Store) -> super::Result<CodebookTree> {
    let book = load(store)?;
    fn build(book: &Codebook, level: &[usize]) -> Vec<CodeNode> {
        level
            .iter()
            .map(|&i| {
                let c = &book.codes()[i];
                CodeNode {
                    id: Some(c.id.0.clone()),
                    name: c.name.clone(),
                    color: Some(c.color.clone().unwrap_or_default()),
                    shortcut: Some(c.shortcut.clone().unwrap_or_default()),
                    definition: Some(c.definition.clone()),
                    when_to_use: Some(c.when_to_use.clone()),
                    when_not_to_use: Some(c.when_not_to_use.clone()),
                    example: Some(c.example.clone()),
                    children: build(book, book.children_at(i)),
                }
            })
            .collect()
    }
    Ok(CodebookTree {
        codes: build(&book, &book.roots()),
    })
}

/// Writes the project's codebook to `out`: refuses to replace an existing
/// file unless `force`, and writes a temporary file in the same directory
/// that is then renamed, so `out` is never half-written. Returns the number
/// of codes written.
pub fn export(
    store: &Store,
    format: CodebookFormat,
    out: &Path,
    force: bool,
) -> super::Result<usize> {
    let tree = tree(store)?;
    let stem = store
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = if stem.is_empty() {
        "Codebook".to_string()
    } else {
        format!("Codebook — {stem}")
    };
    let bytes = cbformat::write(&tree, format, &title, &mut || {
        uuid::Uuid::new_v4().to_string()
    })
    .map_err(|e| super::Error::file(out, e))?;
    if !force && out.exists() {
        return Err(super::Error::file(
            out,
            "already exists (use --force to overwrite it)",
        ));
    }
    write_atomically(out, &bytes)?;
    Ok(tree.len())
}

pub(crate) fn write_atomically(out: &Path, bytes: &[u8]) -> super::Result<()> {
    super::files::write_bytes_atomically(out, bytes)
}
