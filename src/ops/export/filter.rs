//! Checking an export's filters against the project before anything is
//! read or written: a coder, speaker, attribute or attribute value that the
//! project does not have is a typo, refused with the ones it does have, not
//! an empty file. A filter set made of known values that happens to match
//! nothing is not an error (the export says "0 excerpts").

use super::ExportFilter;
use crate::core::sanitize::one_line;
use crate::store::{agreement, participants, Store};
use std::collections::BTreeMap;

/// `a, b, c` — at most ten, then `… and N more` (see [`crate::ops::listing`]).
fn listed(known: &[String]) -> String {
    crate::ops::listing(known.iter().cloned())
}

/// Every coder name of the project, in name order.
pub fn known_coders(store: &Store) -> crate::ops::Result<Vec<String>> {
    Ok(agreement::coders(store.conn())?
        .into_iter()
        .map(|(_, n)| n)
        .collect())
}

/// Refuses a coder name (`--by`) the project does not know.
pub fn check_coders(store: &Store, coders: &[String]) -> crate::ops::Result<()> {
    if coders.is_empty() {
        return Ok(());
    }
    let known = known_coders(store)?;
    for c in coders {
        if !known.iter().any(|k| k == c) {
            return Err(crate::ops::Error::Invalid(format!(
                "--by {:?}: no such coder in {}; known coders: {}",
                one_line(c),
                store.path().display(),
                listed(&known)
            )));
        }
    }
    Ok(())
}

/// Every speaker of the project (each name once, in document order).
pub fn known_speakers(store: &Store) -> crate::ops::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for d in crate::ops::documents::list(store)? {
        for s in d.speakers {
            if !out.iter().any(|k| k.to_lowercase() == s.to_lowercase()) {
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// Participant attribute keys with their values (each sorted, each once;
/// keys compared case-insensitively as the filter does).
pub fn known_attributes(store: &Store) -> crate::ops::Result<BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in participants::list(store.conn(), None)? {
        for (k, v) in p.attributes {
            let key = out
                .keys()
                .find(|x| x.to_lowercase() == k.to_lowercase())
                .cloned()
                .unwrap_or(k);
            let values = out.entry(key).or_default();
            let v = v.trim().to_string();
            if !v.is_empty() && !values.iter().any(|x| x.to_lowercase() == v.to_lowercase()) {
                values.push(v);
            }
        }
    }
    for values in out.values_mut() {
        values.sort_by_key(|v| v.to_lowercase());
    }
    Ok(out)
}

/// Everything [`super::export`] would refuse in `filter`, checked up
/// front: unknown codes and documents, a malformed query, and what
/// [`check`] refuses (for a dialog that keeps its form open on an error).
pub fn check_all(store: &Store, filter: &ExportFilter) -> crate::ops::Result<()> {
    for c in &filter.codes {
        crate::ops::coding::resolve_code(store, c)?;
    }
    for d in &filter.documents {
        crate::ops::documents::resolve(store, d)?;
    }
    if let Some(q) = &filter.query {
        crate::core::query::parse(q)
            .map_err(|e| crate::ops::Error::Invalid(format!("query: {e}")))?;
    }
    check(store, filter)
}

/// Refuses unknown coders, speakers, attribute keys and values.
pub fn check(store: &Store, filter: &ExportFilter) -> crate::ops::Result<()> {
    check_coders(store, &filter.coders)?;
    if !filter.speakers.is_empty() {
        let known = known_speakers(store)?;
        for s in &filter.speakers {
            if !known.iter().any(|k| k.to_lowercase() == s.to_lowercase()) {
                return Err(crate::ops::Error::Invalid(format!(
                    "--speaker {:?}: no such speaker in {}; known speakers: {}",
                    one_line(s),
                    store.path().display(),
                    listed(&known)
                )));
            }
        }
    }
    if !filter.attributes.is_empty() {
        let known = known_attributes(store)?;
        for (k, v) in &filter.attributes {
            let Some((key, values)) = known
                .iter()
                .find(|(x, _)| x.to_lowercase() == k.to_lowercase())
            else {
                let keys: Vec<String> = known.keys().cloned().collect();
                return Err(crate::ops::Error::Invalid(format!(
                    "--where {}={}: no participant has the attribute {:?}; known attributes: {}",
                    one_line(k),
                    one_line(v),
                    one_line(k),
                    listed(&keys)
                )));
            };
            if !values.iter().any(|x| x.to_lowercase() == v.to_lowercase()) {
                return Err(crate::ops::Error::Invalid(format!(
                    "--where {}={}: no participant has {} {:?}; known values of {}: {}",
                    one_line(k),
                    one_line(v),
                    one_line(key),
                    one_line(v),
                    one_line(key),
                    listed(values)
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_at_most_ten() {
        let v: Vec<String> = (1..=12).map(|i| format!("P{i}")).collect();
        assert_eq!(
            listed(&v),
            "P1, P2, P3, P4, P5, P6, P7, P8, P9, P10 … and 2 more"
        );
        assert_eq!(listed(&[]), "none");
    }
}
