//! Participants and their attributes: list, set, import from CSV.

use crate::core::history::Change;
use crate::core::{sanitize, DocumentId, Participant, ParticipantId};
use crate::store::{documents, participants, Store};
use std::path::Path;

pub fn list(store: &Store, doc: Option<&DocumentId>) -> super::Result<Vec<Participant>> {
    Ok(participants::list(store.conn(), doc)?)
}

/// Sets attributes (`key=value`; an empty value removes the key) on the
/// speaker `speaker` of document `doc`.
pub fn set(store: &mut Store, doc: &str, speaker: &str, pairs: &[String]) -> super::Result<()> {
    let doc_id = super::documents::resolve(store, doc)?;
    let parsed = pairs
        .iter()
        .map(|p| parse_pair(p))
        .collect::<super::Result<Vec<_>>>()?;
    let who = participants::find(store.conn(), &doc_id, speaker)?.ok_or_else(|| {
        super::Error::Invalid(format!(
            "no speaker {:?} in document {:?}",
            sanitize::one_line(speaker),
            sanitize::one_line(doc)
        ))
    })?;
    // One implementation with the TUI: the same undoable changes.
    let mut changes = Vec::with_capacity(parsed.len());
    for (k, v) in &parsed {
        changes.push(set_attribute_change(store, who, k, Some(v.as_str()))?);
    }
    super::edit::apply(store, &Change::Batch(changes))
}

/// The change that sets attribute `key` of participant `who` to `value`
/// (`None` or empty: removes it).
pub fn set_attribute_change(
    store: &Store,
    who: ParticipantId,
    key: &str,
    value: Option<&str>,
) -> super::Result<Change> {
    let key = key.trim();
    if key.is_empty() || key.contains(['\n', '\r', '=']) {
        return Err(super::Error::Invalid(format!(
            "{:?} cannot be an attribute's name",
            sanitize::one_line(key)
        )));
    }
    let after = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    if after.as_deref().is_some_and(|v| v.contains(['\n', '\r'])) {
        return Err(super::Error::Invalid("a value is one line".into()));
    }
    let before = participants::attribute(store.conn(), who, key)?;
    Ok(Change::SetAttribute {
        participant: who,
        key: key.to_string(),
        before,
        after,
    })
}

/// One participant of a document, for the TUI's list: attributes and the
/// number of turns they speak.
#[derive(Debug, Clone)]
pub struct Speaker {
    pub participant: Participant,
    pub turns: usize,
}

/// The participants of `doc` in order of first turn, with turn counts.
pub fn speakers(store: &Store, doc: &DocumentId) -> super::Result<Vec<Speaker>> {
    let counts = participants::turn_counts(store.conn(), doc)?;
    Ok(participants::list(store.conn(), Some(doc))?
        .into_iter()
        .map(|p| Speaker {
            turns: counts.get(&p.id).copied().unwrap_or(0),
            participant: p,
        })
        .collect())
}

/// `key=value` (both trimmed; the key not empty).
pub fn parse_pair(pair: &str) -> super::Result<(String, String)> {
    match pair.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(super::Error::Invalid(format!(
            "{:?} is not key=value",
            sanitize::one_line(pair)
        ))),
    }
}

/// Imports attributes from a CSV with columns `document,speaker,<attr>...`.
/// All rows or none; returns the number of participants updated.
pub fn import_csv(store: &mut Store, path: &Path) -> super::Result<usize> {
    let bytes = std::fs::read(path).map_err(|e| super::Error::file(path, e.to_string()))?;
    import_csv_bytes(store, path, &bytes)
}

pub fn import_csv_bytes(store: &mut Store, path: &Path, bytes: &[u8]) -> super::Result<usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| super::Error::file(path, csv_reason(&e)))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if headers.len() < 3
        || !headers[0].eq_ignore_ascii_case("document")
        || !headers[1].eq_ignore_ascii_case("speaker")
    {
        return Err(super::Error::file(
            path,
            "the header must be `document,speaker,<attribute>...`",
        ));
    }
    let tx = store.begin()?;
    let mut updated = 0;
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| super::Error::file(path, csv_reason(&e)))?;
        let line = i + 2;
        let doc = row.get(0).unwrap_or("").trim();
        let speaker = row.get(1).unwrap_or("").trim();
        let doc_id = documents::resolve(&tx, doc)?.ok_or_else(|| {
            super::Error::file(
                path,
                format!("line {line}: no document {:?}", sanitize::one_line(doc)),
            )
        })?;
        let who = participants::find(&tx, &doc_id, speaker)?.ok_or_else(|| {
            super::Error::file(
                path,
                format!(
                    "line {line}: no speaker {:?} in document {:?}",
                    sanitize::one_line(speaker),
                    sanitize::one_line(doc)
                ),
            )
        })?;
        for (key, value) in headers.iter().zip(row.iter()).skip(2) {
            participants::set_attribute(&tx, who, key, value.trim())?;
        }
        updated += 1;
    }
    tx.commit()?;
    Ok(updated)
}

fn csv_reason(e: &csv::Error) -> String {
    match e.position() {
        Some(p) => format!("line {}: {}", p.line(), e),
        None => e.to_string(),
    }
}
