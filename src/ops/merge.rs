//! `gloss merge PROJECT OTHER.gloss...`: brings other projects' codings and
//! memos in, with their coders. Documents are matched by content hash (names
//! may differ); codes by id, then by path; a code found by neither is
//! created under the same path (keeping its id, so the next merge matches
//! it by id). Codings keep their ids, so merging the same file twice adds
//! nothing. All files in one transaction: all or nothing. The other files
//! are opened read-only and never changed.

use crate::core::{Code, CodeId, CodeRecord, DocumentId};
use crate::store::{agreement as sa, codes, codings, Store};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What merging one file did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeFileReport {
    pub file: PathBuf,
    pub documents_matched: usize,
    /// Documents of the other file with no document of the same content
    /// here (their codings are not brought in).
    pub documents_unmatched: Vec<String>,
    /// Matched documents whose names differ: (name there, name here).
    pub documents_renamed: Vec<(String, String)>,
    pub codes_matched_by_id: usize,
    pub codes_matched_by_path: usize,
    /// Codes of the other file that were created here, by path.
    pub codes_created: Vec<String>,
    pub codings_added: usize,
    pub codings_already_present: usize,
    /// Codings already here (same id) whose coder the other file now gives
    /// differently (it was reassigned there): they take that coder.
    pub codings_coder_updated: usize,
    /// Codings brought in under this project's own current coder: the sign
    /// of a file copied with `cp` instead of `gloss copy` (a warning).
    pub codings_under_own_coder: usize,
    /// This project's current coder (named in that warning).
    pub own_coder: String,
    /// Codings left out because their document is unmatched.
    pub codings_skipped: usize,
    pub memos_added: usize,
    /// Coders whose codings were brought in, in name order.
    pub coders: Vec<String>,
}

/// Merges each file into `store`, in one transaction.
pub fn merge(store: &mut Store, files: &[PathBuf]) -> super::Result<Vec<MergeFileReport>> {
    let own = store.path().to_path_buf();
    let mut others = Vec::new();
    for f in files {
        if super::files::same_file(f, &own) {
            return Err(super::Error::file(f, "is the project itself"));
        }
        // Errors that already name the file are passed on as they are.
        let conn = sa::open_read_only(f).map_err(|e| match e {
            e @ (crate::store::StoreError::Missing { .. }
            | crate::store::StoreError::NotAProject { .. }
            | crate::store::StoreError::TooNew { .. }) => super::Error::Store(e),
            e => super::Error::file(f, e.to_string()),
        })?;
        others.push((f.clone(), conn));
    }
    let own_coder = store.current_coder()?;
    let tx = store.begin()?;
    let mut reports = Vec::new();
    for (f, other) in &others {
        let r = merge_one(&tx, other, f, &own_coder).map_err(|e| match e {
            super::Error::Store(s) => super::Error::file(f, s.to_string()),
            e => e,
        })?;
        reports.push(r);
    }
    tx.commit()?;
    Ok(reports)
}

fn merge_one(
    conn: &rusqlite::Connection,
    other: &rusqlite::Connection,
    file: &Path,
    own_coder: &str,
) -> super::Result<MergeFileReport> {
    let mut r = MergeFileReport {
        file: file.to_path_buf(),
        own_coder: own_coder.to_string(),
        ..Default::default()
    };
    // Documents by content hash.
    let here: HashMap<String, (DocumentId, String)> = sa::documents(conn)?
        .into_iter()
        .map(|d| (d.content_hash, (d.id, d.name)))
        .collect();
    let mut doc_map: HashMap<DocumentId, DocumentId> = HashMap::new();
    for d in sa::documents(other)? {
        match here.get(&d.content_hash) {
            Some((id, name)) => {
                r.documents_matched += 1;
                if *name != d.name {
                    r.documents_renamed.push((d.name.clone(), name.clone()));
                }
                doc_map.insert(d.id, id.clone());
            }
            None => r.documents_unmatched.push(d.name),
        }
    }
    // Codes: by id, then by path; else created (parents come first).
    let theirs = codes::list(other)?;
    let their_paths = super::coding::code_paths(&theirs);
    let mut code_map: HashMap<CodeId, CodeId> = HashMap::new();
    for c in &theirs {
        if codes::get(conn, &c.id)?.is_some() {
            r.codes_matched_by_id += 1;
            code_map.insert(c.id.clone(), c.id.clone());
            continue;
        }
        let ours = codes::list(conn)?;
        let our_paths = super::coding::code_paths(&ours);
        let path = their_paths.get(&c.id).cloned().unwrap_or_default();
        if let Some((id, _)) = our_paths.iter().find(|(_, p)| **p == path) {
            r.codes_matched_by_path += 1;
            code_map.insert(c.id.clone(), id.clone());
            continue;
        }
        let parent = c.parent.as_ref().and_then(|p| code_map.get(p)).cloned();
        let shortcut_free = match &c.shortcut {
            Some(s) => !ours.iter().any(|o| o.shortcut.as_ref() == Some(s)),
            None => false,
        };
        let rec = CodeRecord {
            code: Code {
                parent: parent.clone(),
                shortcut: if shortcut_free {
                    c.shortcut.clone()
                } else {
                    None
                },
                ..c.clone()
            },
            position: codes::next_position(conn, parent.as_ref())?,
        };
        codes::insert_record(conn, &rec)?;
        code_map.insert(c.id.clone(), c.id.clone());
        r.codes_created.push(path);
    }
    // Codings, with their ids.
    let mut coders = std::collections::BTreeSet::new();
    for mut c in codings::list(other, &Default::default())? {
        let (Some(doc), Some(code)) = (doc_map.get(&c.document), code_map.get(&c.code)) else {
            r.codings_skipped += 1;
            continue;
        };
        c.document = doc.clone();
        c.code = code.clone();
        if let Some(here) = codings::get(conn, &c.id)? {
            // The same coding; if the other file reassigned it, the coder
            // it gives now wins (the fix for a file copied with `cp`).
            if here.coder != c.coder && codings::find_identical(conn, &c)?.is_none() {
                codings::set_coder(conn, &c.id, &c.coder)?;
                coders.insert(c.coder.clone());
                r.codings_coder_updated += 1;
            } else {
                r.codings_already_present += 1;
            }
            continue;
        }
        // An identical coding under another id (the same passage coded
        // alike in two files): never stored twice.
        if codings::find_identical(conn, &c)?.is_some() {
            r.codings_already_present += 1;
            continue;
        }
        if c.coder == own_coder {
            r.codings_under_own_coder += 1;
        }
        coders.insert(c.coder.clone());
        codings::insert(conn, &c)?;
        r.codings_added += 1;
    }
    r.coders = coders.into_iter().collect();
    // Memos: same id present → nothing; a different memo on the same
    // document/code → its text appended once; else inserted as it is.
    for mut m in sa::memos(other)? {
        if sa::memo_exists(conn, &m.id)? {
            continue;
        }
        if let Some(d) = &m.document {
            let Some(ours) = doc_map.get(d) else { continue };
            m.document = Some(ours.clone());
        }
        if let Some(k) = &m.code {
            let Some(ours) = code_map.get(k) else {
                continue;
            };
            m.code = Some(ours.clone());
        }
        match sa::memo_at(conn, m.document.as_ref(), m.code.as_ref())? {
            Some((id, text)) => {
                if !text.contains(m.text.trim()) {
                    let who = m
                        .coder
                        .clone()
                        .unwrap_or_else(|| file.display().to_string());
                    let joined = format!("{}\n\n— {who}:\n{}", text.trim_end(), m.text.trim());
                    sa::set_memo_text(conn, &id, &joined)?;
                    r.memos_added += 1;
                }
            }
            None => {
                sa::insert_memo(conn, &m)?;
                r.memos_added += 1;
            }
        }
    }
    Ok(r)
}
