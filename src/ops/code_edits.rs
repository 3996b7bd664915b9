//! The changes a team lead makes to the codebook (add, edit, move, merge,
//! delete a code; in-vivo coding adds a code too), built as reversible
//! `Change`s for `edit::Editor` to apply and undo.

use super::coding::{new_coding, CodingFilter};
use crate::core::history::Change;
use crate::core::{codebook, sanitize, CharRange, Code, CodeId, CodeRecord, DocumentId};
use crate::store::{codes, codings, Store};

/// The change that deletes a code with its sub-codes and their codings.
pub fn delete_code_change(store: &Store, id: &CodeId) -> super::Result<(Change, usize)> {
    let ids = super::codebook::load(store)?.subtree(id);
    let gone = codings::list(
        store.conn(),
        &CodingFilter {
            codes: Some(ids.clone()),
            ..Default::default()
        },
    )?;
    let n = gone.len();
    let mut batch: Vec<Change> = gone.into_iter().map(Change::RemoveCoding).collect();
    // Leaves first: descendants were collected parents-first.
    for cid in ids.iter().rev() {
        if let Some(r) = codes::get_record(store.conn(), cid)? {
            batch.push(Change::DeleteCode(r));
        }
    }
    Ok((Change::Batch(batch), n))
}

/// The change that merges `from` into `into`: codings move to `into`,
/// sub-codes move under it, `from` is deleted.
pub fn merge_change(store: &Store, from: &CodeId, into: &CodeId) -> super::Result<Change> {
    if from == into {
        return Err(super::Error::Invalid(
            "a code cannot be merged into itself".into(),
        ));
    }
    let book = super::codebook::load(store)?;
    if book.is_within(into, from) {
        return Err(super::Error::Invalid(
            "a code cannot be merged into one of its own sub-codes".into(),
        ));
    }
    let mut batch = Vec::new();
    for c in codings::list(
        store.conn(),
        &CodingFilter {
            codes: Some(vec![from.clone()]),
            ..Default::default()
        },
    )? {
        batch.push(Change::Recode {
            coding: c.id,
            before: from.clone(),
            after: into.clone(),
        });
    }
    let mut pos = codes::next_position(store.conn(), Some(into))?;
    let children = book.position(from).map_or(&[][..], |i| book.children_at(i));
    for child in children.iter().map(|&i| &book.codes()[i]) {
        if let Some(before) = codes::get_record(store.conn(), &child.id)? {
            let mut after = before.clone();
            after.code.parent = Some(into.clone());
            after.position = pos;
            pos += 1;
            batch.push(Change::UpdateCode {
                before: Box::new(before),
                after: Box::new(after),
            });
        }
    }
    let rec = codes::get_record(store.conn(), from)?
        .ok_or_else(|| super::Error::Invalid("the code no longer exists".into()))?;
    batch.push(Change::DeleteCode(rec));
    Ok(Change::Batch(batch))
}

/// A new code under `parent` (last among its siblings). Without `color` it
/// gets a palette colour that its siblings (and its parent) do not use.
pub fn add_code_change(
    store: &Store,
    parent: Option<&CodeId>,
    name: &str,
    color: Option<String>,
) -> super::Result<Change> {
    let name = sanitize::one_line(name.trim());
    if name.is_empty() {
        return Err(super::Error::Invalid("a code needs a name".into()));
    }
    if codes::find_child(store.conn(), parent, &name)?.is_some() {
        return Err(super::Error::Invalid(format!(
            "a code named {name:?} already exists there"
        )));
    }
    let color = match color {
        Some(c) => Some(c),
        None => {
            let book = super::codebook::load(store)?;
            let mut near = book.level(parent);
            near.extend(parent.and_then(|p| book.get(p)));
            Some(codebook::fresh_color(
                near.iter().filter_map(|c| c.color.as_deref()),
            ))
        }
    };
    Ok(Change::AddCode(CodeRecord {
        code: Code {
            id: CodeId(uuid::Uuid::new_v4().to_string()),
            name,
            parent: parent.cloned(),
            color,
            shortcut: None,
            definition: String::new(),
            when_to_use: String::new(),
            when_not_to_use: String::new(),
            example: String::new(),
        },
        position: codes::next_position(store.conn(), parent)?,
    }))
}

/// The change that edits a code's fields with `edit`.
pub fn update_code_change(
    store: &Store,
    id: &CodeId,
    edit: impl FnOnce(&mut Code),
) -> super::Result<Change> {
    let before = codes::get_record(store.conn(), id)?
        .ok_or_else(|| super::Error::Invalid("the code no longer exists".into()))?;
    let mut after = before.clone();
    edit(&mut after.code);
    after.code.name = sanitize::one_line(after.code.name.trim());
    if after.code.name.is_empty() {
        return Err(super::Error::Invalid("a code needs a name".into()));
    }
    if let Some(s) = &after.code.shortcut {
        if s.chars().count() != 1 {
            return Err(super::Error::Invalid("a shortcut is one key".into()));
        }
        let book = super::codebook::load(store)?;
        let other = book.with_shortcut(s).find(|c| c.id != *id);
        if let Some(other) = other {
            return Err(super::Error::Invalid(format!(
                "shortcut {s} is already used by {:?}",
                other.name
            )));
        }
    }
    Ok(Change::UpdateCode {
        before: Box::new(before),
        after: Box::new(after),
    })
}

/// The change that moves a code under `parent` (None: to the top level).
pub fn move_code_change(
    store: &Store,
    id: &CodeId,
    parent: Option<&CodeId>,
) -> super::Result<Change> {
    if let Some(p) = parent {
        if super::codebook::load(store)?.is_within(p, id) {
            return Err(super::Error::Invalid(
                "a code cannot be moved under itself or its own sub-codes".into(),
            ));
        }
    }
    let position = codes::next_position(store.conn(), parent)?;
    let before = codes::get_record(store.conn(), id)?
        .ok_or_else(|| super::Error::Invalid("the code no longer exists".into()))?;
    let mut after = before.clone();
    after.code.parent = parent.cloned();
    after.position = position;
    Ok(Change::UpdateCode {
        before: Box::new(before),
        after: Box::new(after),
    })
}

/// In-vivo coding: a top-level code named from the selected words (reused if
/// it exists), applied to the selection.
pub fn in_vivo_change(
    store: &Store,
    doc: &DocumentId,
    coder: &str,
    range: CharRange,
    selected: &str,
) -> super::Result<(Change, String)> {
    let words: Vec<&str> = selected
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let mut name = words.join(" ");
    name = name
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    if name.chars().count() > 60 {
        name = name
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
    }
    if name.is_empty() {
        return Err(super::Error::Invalid(
            "select some words to name the code".into(),
        ));
    }
    let (code_id, mut batch) = match codes::find_child(store.conn(), None, &name)? {
        Some(id) => (id, Vec::new()),
        None => {
            let add = add_code_change(store, None, &name, None)?;
            let id = match &add {
                Change::AddCode(r) => r.code.id.clone(),
                _ => unreachable!("add_code_change returns AddCode"),
            };
            (id, vec![add])
        }
    };
    batch.push(Change::AddCoding(new_coding(doc, &code_id, coder, range)));
    Ok((Change::Batch(batch), name))
}
