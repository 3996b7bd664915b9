//! Project → `.qdpx` (see `ops::refi`).

use crate::core::Coding;
use crate::formats::codebook::qdc;
use crate::formats::refi::positions::Unit;
use crate::formats::refi::{self, write};
use crate::store::{agreement as sa, codings, documents, participants, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    pub documents: usize,
    pub codes: usize,
    pub codings: usize,
    pub coders: usize,
    pub notes: usize,
    pub cases: usize,
    pub variables: usize,
    pub positions: String,
    /// Documents with characters above U+FFFF, where code points and UTF-16
    /// units differ.
    pub non_bmp_documents: Vec<String>,
}

/// First line of a memo, at most 60 chars (then "…"): the note's name.
fn memo_title(text: &str) -> String {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if first.chars().count() <= 60 {
        first.to_string()
    } else {
        let cut: String = first.chars().take(59).collect();
        format!("{}…", cut.trim_end())
    }
}

pub fn export(
    store: &Store,
    out: &Path,
    unit: Unit,
    force: bool,
) -> crate::ops::Result<ExportReport> {
    let conn = store.conn();
    let mut r = ExportReport {
        positions: match unit {
            Unit::CodePoints => "code points".into(),
            Unit::Utf16 => "UTF-16 units".into(),
        },
        ..ExportReport::default()
    };
    let user_guid = |name: &str| refi::stable_guid("coder", name);
    let users: Vec<(String, String)> = sa::coders(conn)?
        .into_iter()
        .map(|(_, n)| (user_guid(&n), n))
        .collect();
    r.coders = users.len();
    let mut notes = Vec::new();
    let mut code_notes: HashMap<String, Vec<String>> = HashMap::new();
    let mut doc_notes: HashMap<String, Vec<String>> = HashMap::new();
    for m in sa::memos(conn)? {
        if m.text.trim().is_empty() {
            continue;
        }
        let guid = refi::guid_for("memo", &m.id);
        match (&m.document, &m.code) {
            (Some(d), _) => doc_notes.entry(d.0.clone()).or_default().push(guid.clone()),
            (None, Some(c)) => code_notes
                .entry(c.0.clone())
                .or_default()
                .push(guid.clone()),
            (None, None) => continue,
        }
        notes.push(write::Note {
            guid,
            name: memo_title(&m.text),
            text: m.text.clone(),
            user: m.coder.as_deref().map(user_guid),
            created: Some(m.created_at.clone()),
        });
    }
    let tree = crate::ops::codebook::tree(store)?;
    r.codes = tree.len();
    fn code(
        n: &crate::core::codebook::CodeNode,
        notes: &HashMap<String, Vec<String>>,
    ) -> write::Code {
        let id = n.id.clone().unwrap_or_default();
        let t = |f: &Option<String>| f.clone().unwrap_or_default();
        write::Code {
            guid: refi::guid_for("code", &id),
            name: n.name.clone(),
            color: n.color.clone().filter(|c| !c.is_empty()),
            description: qdc::fold_description([
                &t(&n.definition),
                &t(&n.when_to_use),
                &t(&n.when_not_to_use),
                &t(&n.example),
                &t(&n.shortcut),
            ]),
            notes: notes.get(&id).cloned().unwrap_or_default(),
            children: n.children.iter().map(|c| code(c, notes)).collect(),
        }
    }
    let codes: Vec<write::Code> = tree.codes.iter().map(|c| code(c, &code_notes)).collect();
    let mut by_doc: HashMap<String, Vec<Coding>> = HashMap::new();
    for c in codings::list(conn, &Default::default())? {
        by_doc.entry(c.document.0.clone()).or_default().push(c);
    }
    let mut sources = Vec::new();
    let mut doc_guid: HashMap<String, String> = HashMap::new();
    for d in documents::list(conn)? {
        let doc = documents::get(conn, &d.id)?;
        let guid = refi::guid_for("document", &doc.id.0);
        doc_guid.insert(doc.id.0.clone(), guid.clone());
        if doc.text.chars().any(|c| c.len_utf16() == 2) {
            r.non_bmp_documents.push(doc.name.clone());
        }
        let mut selections = Vec::new();
        for c in by_doc.remove(&doc.id.0).unwrap_or_default() {
            let user = Some(user_guid(&c.coder));
            let mut sel_notes = Vec::new();
            if let Some(memo) = c.memo.as_deref().filter(|m| !m.trim().is_empty()) {
                let g = refi::stable_guid("coding-memo", &c.id.0);
                sel_notes.push(g.clone());
                notes.push(write::Note {
                    guid: g,
                    name: memo_title(memo),
                    text: memo.to_string(),
                    user: user.clone(),
                    created: Some(c.created_at.clone()),
                });
            }
            selections.push(write::Selection {
                guid: refi::stable_guid("selection", &c.id.0),
                start: c.range.start,
                end: c.range.end,
                user: user.clone(),
                created: Some(c.created_at.clone()),
                codings: vec![write::Coding {
                    guid: refi::guid_for("coding", &c.id.0),
                    code: refi::guid_for("code", &c.code.0),
                    user,
                    created: Some(c.created_at.clone()),
                }],
                notes: sel_notes,
            });
            r.codings += 1;
        }
        sources.push(write::Source {
            guid,
            name: doc.name.clone(),
            text: doc.text,
            created: None,
            selections,
            notes: doc_notes.remove(&doc.id.0).unwrap_or_default(),
        });
    }
    r.documents = sources.len();
    let mut variables: BTreeMap<String, String> = BTreeMap::new();
    let mut cases = Vec::new();
    for p in participants::list(conn, None)? {
        let Some(source) = doc_guid.get(&p.document.0) else {
            continue;
        };
        let values = p
            .attributes
            .iter()
            .map(|(k, v)| {
                let g = variables
                    .entry(k.clone())
                    .or_insert_with(|| refi::stable_guid("variable", k))
                    .clone();
                (g, v.clone())
            })
            .collect();
        cases.push(write::Case {
            guid: refi::stable_guid("case", &format!("{}\0{}", p.document.0, p.name)),
            name: p.name.clone(),
            values,
            source: source.clone(),
        });
    }
    r.cases = cases.len();
    r.variables = variables.len();
    r.notes = notes.len();
    let e = write::Export {
        name: store
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Gloss project".into()),
        created: None,
        users,
        codes,
        variables: variables.into_iter().map(|(k, g)| (g, k)).collect(),
        cases,
        sources,
        notes,
    };
    let bytes = write::qdpx(&e, unit).map_err(|e| crate::ops::Error::file(out, e))?;
    if !force && out.exists() {
        return Err(crate::ops::Error::file(
            out,
            "already exists (use --force to overwrite it)",
        ));
    }
    crate::ops::codebook::write_atomically(out, &bytes)?;
    Ok(r)
}
