//! `gloss import PROJECT FILE --replace DOC` (issue 12): a corrected file
//! over a document. The file is parsed as any import; its text is diffed
//! against the document's current text (`similar`: a line diff, then a
//! char diff inside changed lines) into one `TextChange`, applied as one
//! revision, so every coding follows by the rules of `core::change` — never
//! re-anchored by searching for its quote. The new file's turns replace the
//! turn table where they differ, in the same revision. Codings whose
//! covered text changed are listed for review with their text before and
//! after (`store::revisions` review items).

use super::import::ImportOptions;
use crate::core::change::{Run, TextChange};
use crate::core::history::{CodingPlace, EditKind, Place, TextEdit, TurnPlace};
use crate::core::text::{char_len, CharIndex};
use crate::core::{CodingId, DocumentId, TurnRecord};
use crate::store::{blocks, codings, edits, revisions, Store};
use rusqlite::Connection;
use similar::{Algorithm, DiffTag, TextDiff};
use std::path::Path;
use std::time::Duration;

/// The change that turns `old` into `new`: lines first, then chars inside
/// each changed run of lines (so a corrected word is a small hunk, and the
/// unchanged lines are kept whatever they hold).
pub fn diff_change(old: &str, new: &str) -> TextChange {
    let lines = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(Duration::from_secs(5))
        .diff_lines(old, new);
    let (olds, news) = (lines.old_slices(), lines.new_slices());
    let mut runs = Vec::new();
    for op in lines.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        let a: String = olds[o].concat();
        let b: String = news[n].concat();
        match tag {
            DiffTag::Equal => runs.push(Run::Keep(char_len(&a))),
            DiffTag::Delete => runs.push(Run::Delete(a)),
            DiffTag::Insert => runs.push(Run::Insert(b)),
            DiffTag::Replace => {
                let chars = TextDiff::configure()
                    .algorithm(Algorithm::Myers)
                    .timeout(Duration::from_secs(2))
                    .diff_chars(a.as_str(), b.as_str());
                let (oc, nc) = (chars.old_slices(), chars.new_slices());
                for op in chars.ops() {
                    let (tag, o, n) = op.as_tag_tuple();
                    let (x, y): (String, String) = (oc[o].concat(), nc[n].concat());
                    match tag {
                        DiffTag::Equal => runs.push(Run::Keep(char_len(&x))),
                        DiffTag::Delete => runs.push(Run::Delete(x)),
                        DiffTag::Insert => runs.push(Run::Insert(y)),
                        DiffTag::Replace => {
                            runs.push(Run::Delete(x));
                            runs.push(Run::Insert(y));
                        }
                    }
                }
            }
        }
    }
    TextChange::from_runs(runs)
}

/// The codings near the hunks of `change` on `doc` (whose current text is
/// `text`), with their places before and after: those the change could
/// collapse or orphan, set explicitly so undo restores them exactly (as
/// `ops::text` plans do).
pub fn coding_places(
    conn: &Connection,
    doc: &DocumentId,
    text: &str,
    change: &TextChange,
) -> super::Result<Vec<CodingPlace>> {
    let idx = CharIndex::new(text);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for h in change.hunks() {
        let r = h.old_range();
        for c in edits::codings_near(conn, doc, r.start, r.end)? {
            if !seen.insert(c.id.clone()) {
                continue;
            }
            let after_range = change.map_coding(c.range);
            let after_orphan = match &c.orphan {
                Some(t) => Some(t.clone()),
                None if !c.range.is_empty() && after_range.is_empty() => {
                    Some(idx.slice(text, c.range).to_string())
                }
                None => None,
            };
            out.push(CodingPlace {
                id: c.id,
                before: Place {
                    range: c.range,
                    orphan: c.orphan,
                },
                after: Place {
                    range: after_range,
                    orphan: after_orphan,
                },
            });
        }
    }
    Ok(out)
}

/// Applies a text edit inside the caller's transaction (what `ops::edit`
/// does for `Change::EditText`), logged under `coder`; returns the new
/// revision. Merge and re-import write more in the same transaction.
pub(crate) fn apply_edit_in(conn: &Connection, e: &TextEdit, coder: &str) -> super::Result<u64> {
    edits::apply_text(conn, &e.document, &e.change)?;
    for c in &e.codings {
        if !edits::set_coding_place(conn, &c.id, c.after.range, c.after.orphan.as_deref())? {
            return Err(super::Error::Invalid(
                "a coding of the edited text no longer exists".into(),
            ));
        }
    }
    for t in &e.turns {
        edits::set_turn(conn, &e.document, &t.id, t.after.as_ref())?;
    }
    Ok(edits::log(
        conn,
        &e.document,
        coder,
        &e.change,
        e.kind.as_str(),
        e.turns.len(),
    )?)
}

/// The turn rows that make the turn table the new file's: turn `i` keeps
/// its id and takes the new file's `i`th turn where they differ; extra old
/// turns go (last first), extra new turns come (first first), so the
/// inverse recreates and deletes them in an order the ordinals allow.
fn turn_places(
    conn: &Connection,
    old: &[TurnRecord],
    new: &[crate::core::SegmentDraft],
    change: &TextChange,
) -> super::Result<Vec<TurnPlace>> {
    let mut out = Vec::new();
    let moved = |t: &TurnRecord| {
        let mut m = t.clone();
        m.range = change.map_turn(t.range);
        m
    };
    for (i, (o, n)) in old.iter().zip(new).enumerate() {
        let before = moved(o);
        let after = TurnRecord {
            id: o.id,
            ordinal: i as u64,
            range: n.range,
            speaker: n.speaker.clone(),
            time_ms: n.time_ms.or(o.time_ms.filter(|_| n.range == before.range)),
            end_ms: n.end_ms.or(o.end_ms.filter(|_| n.range == before.range)),
            verified: o.verified,
        };
        if after != before {
            out.push(TurnPlace {
                id: o.id,
                before: Some(before),
                after: Some(after),
            });
        }
    }
    for o in old.iter().skip(new.len()).rev() {
        out.push(TurnPlace {
            id: o.id,
            before: Some(moved(o)),
            after: None,
        });
    }
    let first = edits::next_turn_id(conn)?.0;
    for (next, (i, n)) in (first..).zip(new.iter().enumerate().skip(old.len())) {
        let id = crate::core::SegmentId(next);
        out.push(TurnPlace {
            id,
            before: None,
            after: Some(TurnRecord {
                id,
                ordinal: i as u64,
                range: n.range,
                speaker: n.speaker.clone(),
                time_ms: n.time_ms,
                end_ms: n.end_ms,
                verified: false,
            }),
        });
    }
    Ok(out)
}

/// One coding whose words the re-import changed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Changed {
    pub coding: CodingId,
    pub before: String,
    /// `None`: its text is gone (an orphan).
    pub after: Option<String>,
}

/// What `gloss import --replace` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReimportReport {
    pub document: String,
    pub revision: u64,
    /// Codings on the same words at the same offsets.
    pub codings_kept: usize,
    /// Codings on the same words, at other offsets.
    pub codings_moved: usize,
    /// Codings whose covered text changed (or went): for review.
    pub codings_review: Vec<CodingId>,
    pub review: Vec<Changed>,
    pub removed_chars: usize,
    pub inserted_chars: usize,
    pub hunks: usize,
    pub turns_changed: usize,
}

/// Re-imports `file` over document `doc` (id, name or unique part).
pub fn reimport(
    store: &mut Store,
    file: &Path,
    doc: &str,
    opts: &ImportOptions,
) -> super::Result<ReimportReport> {
    let id = super::documents::resolve(store, doc)?;
    let parsed = super::import::parse_file(file, opts)?;
    let new_text = &parsed.transcript.text;
    let conn = store.conn();
    let old_text = blocks::text(conn, &id)?;
    let name = crate::store::documents::get_name(conn, &id)?;
    let old_turns = edits::turn_rows(conn, &id)?;
    let change = diff_change(&old_text, new_text);
    if change.apply(&old_text).ok().as_deref() != Some(new_text.as_str()) {
        return Err(super::Error::file(
            file,
            "the difference with the document could not be computed exactly",
        ));
    }
    let places = coding_places(conn, &id, &old_text, &change)?;
    let turns = turn_places(conn, &old_turns, &parsed.transcript.segments, &change)?;
    let before = codings::list(
        conn,
        &codings::CodingFilter {
            document: Some(id.clone()),
            ..Default::default()
        },
    )?;
    let (oi, ni) = (CharIndex::new(&old_text), CharIndex::new(new_text));
    let mut report = ReimportReport {
        document: name,
        revision: edits::revision(conn, &id)?,
        codings_kept: 0,
        codings_moved: 0,
        codings_review: Vec::new(),
        review: Vec::new(),
        removed_chars: 0,
        inserted_chars: 0,
        hunks: 0,
        turns_changed: turns.len(),
    };
    for h in change.hunks() {
        report.hunks += 1;
        report.removed_chars += char_len(&h.removed);
        report.inserted_chars += char_len(&h.inserted);
    }
    for c in &before {
        let place = places.iter().find(|p| p.id == c.id);
        let (to, orphan) = match place {
            Some(p) => (p.after.range, p.after.orphan.is_some()),
            None => (change.map_coding(c.range), false),
        };
        let was = oi.slice(&old_text, c.range);
        if orphan {
            report.codings_review.push(c.id.clone());
            report.review.push(Changed {
                coding: c.id.clone(),
                before: was.to_string(),
                after: None,
            });
            continue;
        }
        let now = ni.slice(new_text, to);
        if was != now {
            report.codings_review.push(c.id.clone());
            report.review.push(Changed {
                coding: c.id.clone(),
                before: was.to_string(),
                after: Some(now.to_string()),
            });
        } else if to == c.range {
            report.codings_kept += 1;
        } else {
            report.codings_moved += 1;
        }
    }
    if change.is_identity() && turns.is_empty() {
        return Ok(report);
    }
    let edit = TextEdit {
        document: id.clone(),
        kind: EditKind::Reimport,
        change,
        codings: places,
        turns,
    };
    let coder = store.current_coder()?;
    let tx = store.begin()?;
    report.revision = apply_edit_in(&tx, &edit, &coder)?;
    for r in &report.review {
        let reason = match &r.after {
            Some(_) => "a re-imported file changed its text",
            None => "a re-imported file deleted its text",
        };
        revisions::add_review(&tx, &r.coding, &id, reason, &r.before, r.after.as_deref())?;
    }
    super::search::documents_added(&tx)?;
    tx.commit()?;
    Ok(report)
}

/// The review items a re-import or a merge left (codings whose words
/// changed, or that could not be placed), as `gloss review` rows: what
/// `ops::text::review` adds to the orphans (an orphan with an item takes
/// the item's reason). `text` is the text before; `reason` says what it
/// covers now.
pub fn review_rows(store: &Store) -> super::Result<Vec<super::text::ReviewRow>> {
    let conn = store.conn();
    let names: std::collections::HashMap<String, String> = crate::store::codes::list(conn)?
        .into_iter()
        .map(|c| (c.id.0, c.name))
        .collect();
    let mut out = Vec::new();
    for item in revisions::review_items(conn)? {
        let Some(c) = codings_any(conn, &item.coding)? else {
            continue;
        };
        let reason = match &item.after {
            Some(after) => format!("{}; it now covers {after:?}", item.reason),
            None => item.reason.clone(),
        };
        out.push(super::text::ReviewRow {
            coding: item.coding,
            doc: crate::store::documents::get_name(conn, &item.document)?,
            code: names
                .get(&c.code.0)
                .cloned()
                .unwrap_or_else(|| c.code.0.clone()),
            coder: c.coder,
            text: item.before,
            reason,
            at: c.range.start,
        });
    }
    Ok(out)
}

/// A coding, orphaned or not (orphans are not in `codings::get`).
fn codings_any(conn: &Connection, id: &CodingId) -> super::Result<Option<crate::core::Coding>> {
    if let Some(c) = codings::get(conn, id)? {
        return Ok(Some(c));
    }
    Ok(edits::orphans(conn)?
        .into_iter()
        .find(|o| &o.coding == id)
        .map(|o| crate::core::Coding {
            id: o.coding,
            document: o.document,
            code: o.code,
            coder: o.coder,
            range: crate::core::CharRange::new(o.at, o.at),
            memo: o.memo,
            created_at: o.created_at,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_is_lines_then_chars_and_applies_exactly() {
        let old = "P1: à Kasulu on paie.\n\nP2: Oui, les frais.\nP3: Fin.\n";
        let new = "P1: à Kasulo on paie.\n\nP2: Oui, les frais.\nP3: Fin, merci.\n";
        let c = diff_change(old, new);
        assert_eq!(c.apply(old).expect("apply"), new);
        let hunks = c.hunks();
        assert_eq!(hunks.len(), 2, "{hunks:?}");
        assert_eq!(
            (hunks[0].removed.as_str(), hunks[0].inserted.as_str()),
            ("u", "o")
        );
        assert_eq!(hunks[1].inserted, ", merci");
        assert!(diff_change(old, old).is_identity());
        assert_eq!(diff_change("", new).apply("").expect("apply"), new);
        assert_eq!(diff_change(old, "").apply(old).expect("apply"), "");
    }
}
