//! `gloss merge PROJECT OTHER.gloss...`: brings other projects' codings and
//! memos in, with their coders. Documents are matched by id, then by the
//! hash of the text they were imported with, then by the hash of their
//! current text (names may differ); codes by id, then by path; a code found
//! by neither is created under the same path (keeping its id, so the next
//! merge matches it by id). Codings keep their ids, so merging the same file
//! twice adds nothing. All files in one transaction: all or nothing. The
//! other files are opened read-only and never changed (nor migrated: files
//! of schema 5 and older, with no revisions, are read as they are).
//!
//! Across revisions (issue 12): a copy at an older revision has its
//! codings mapped forward through our edit log; a copy with edits of its
//! own since the common revision (where the two logs part) has its edits
//! on text nobody else changed applied here as one new revision, and its
//! codings mapped onto the merged text; where both changed the same
//! characters differently ours is kept and the place reported. A coding
//! that cannot be placed on words of its own becomes an orphan (review
//! queue) with its text — never moved onto other words.

mod rebase;

pub use rebase::Conflict;

use crate::core::change::TextChange;
use crate::core::codebook::Codebook;
use crate::core::history::{EditKind, TextEdit};
use crate::core::text::CharIndex;
use crate::core::{CharRange, Code, CodeId, CodeRecord, DocumentId};
use crate::store::edits::LogEntry;
use crate::store::{agreement as sa, blocks, codes, codings, edits, revisions, Store};
pub(crate) use rebase::Mapped;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How one matched document's text relates to ours, and what merging it did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentMerge {
    /// Its name here.
    pub document: String,
    /// `id`, `import hash` or `current text`.
    pub matched_by: String,
    pub their_revision: u64,
    pub our_revision: u64,
    /// How positions were mapped: `same text`, `edit log` (from the common
    /// revision), `older revision` (their text is one of ours), `diff` (no
    /// log relates them: codings whose words differ are orphaned).
    pub mapping: String,
    /// The last revision both logs share (`edit log` only).
    pub common_revision: Option<u64>,
    /// Their edits applied here (as one new revision).
    pub edits_applied: usize,
    /// Edits both copies made alike.
    pub edits_same: usize,
    /// Places both changed differently: ours kept.
    pub conflicts: Vec<Conflict>,
    /// Their edits changed the turns (split, join, a speaker, a time) and
    /// ours did not since the common revision: their turn table is taken,
    /// carried onto the merged text, in the same revision.
    pub turn_edits_applied: bool,
    /// Both sides changed the turns (or it cannot be told which): none of
    /// their edits is applied (each is a conflict, ours kept), as turns are
    /// not merged; their codings still land on their words.
    pub turn_edits_not_merged: bool,
    /// The revision their edits made here, if any.
    pub revision: Option<u64>,
    /// Their codings brought in at other offsets than they had there.
    pub codings_mapped: usize,
    /// Their codings that could not be placed: orphans, in the review queue.
    pub codings_orphaned: usize,
}

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
    /// Matched documents whose text differs between the copies (or was
    /// edited), one entry each.
    pub revisions: Vec<DocumentMerge>,
    /// Their codings mapped to other offsets, over all documents.
    pub codings_mapped: usize,
    /// Their codings orphaned (review queue), over all documents.
    pub codings_orphaned: usize,
    pub edits_applied: usize,
    pub conflicts: usize,
}

/// Merges each file (a handle each: an encrypted one carries its own key)
/// into `store`, in one transaction.
pub fn merge(
    store: &mut Store,
    files: &[crate::store::Project],
) -> super::Result<Vec<MergeFileReport>> {
    let own = store.path().to_path_buf();
    let mut others = Vec::new();
    for project in files {
        let f = project.path();
        if super::files::same_file(f, &own) {
            return Err(super::Error::file(f, "is the project itself"));
        }
        // Errors that already name the file are passed on as they are.
        let conn = sa::open_read_only(project).map_err(|e| match e {
            e @ (crate::store::StoreError::Missing { .. }
            | crate::store::StoreError::NotAProject { .. }
            | crate::store::StoreError::WrongPassphrase { .. }
            | crate::store::StoreError::NeedsPassphrase { .. }
            | crate::store::StoreError::TooNew { .. }) => super::Error::Store(e),
            e => super::Error::file(f, e.to_string()),
        })?;
        others.push((f.to_path_buf(), conn));
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
    // Documents by id, then by import-time hash, then by current text.
    let docs = match_documents(conn, other, &mut r)?;
    let mut doc_map: HashMap<DocumentId, DocumentId> = HashMap::new();
    let mut plans: HashMap<DocumentId, DocPlan> = HashMap::new();
    for (theirs, here, how) in docs {
        let plan = plan_document(conn, other, &theirs, &here, how, own_coder)?;
        if let Some(p) = &plan {
            r.edits_applied += p.report.edits_applied;
            r.conflicts += p.report.conflicts.len();
        }
        doc_map.insert(theirs.id.clone(), here.clone());
        if let Some(p) = plan {
            plans.insert(theirs.id.clone(), p);
        }
    }
    // Codes: by id, then by path; else created (parents come first).
    let theirs = Codebook::new(codes::list(other)?);
    let mut code_map: HashMap<CodeId, CodeId> = HashMap::new();
    for (i, c) in theirs.codes().iter().enumerate() {
        if codes::get(conn, &c.id)?.is_some() {
            r.codes_matched_by_id += 1;
            code_map.insert(c.id.clone(), c.id.clone());
            continue;
        }
        let ours = Codebook::new(codes::list(conn)?);
        let path = theirs.path_at(i).to_string();
        if let Some(o) = ours.by_path(&path) {
            r.codes_matched_by_path += 1;
            code_map.insert(c.id.clone(), o.id.clone());
            continue;
        }
        let parent = c.parent.as_ref().and_then(|p| code_map.get(p)).cloned();
        let shortcut_free = match &c.shortcut {
            Some(s) => ours.with_shortcut(s).next().is_none(),
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
    // Codings, with their ids, placed on the same words of our text.
    let mut coders = std::collections::BTreeSet::new();
    for mut c in revisions::other_codings(other)? {
        let (Some(doc), Some(code)) = (doc_map.get(&c.document), code_map.get(&c.code)) else {
            r.codings_skipped += 1;
            continue;
        };
        let their_doc = c.document.clone();
        c.document = doc.clone();
        c.code = code.clone();
        if let Some(here) = codings::get(conn, &c.id)? {
            // The same coding; if the other file reassigned it, the coder
            // it gives now wins (the fix for a file copied with `cp`).
            let probe = crate::core::Coding {
                coder: c.coder.clone(),
                ..here.clone()
            };
            if here.coder != c.coder && codings::find_identical(conn, &probe)?.is_none() {
                codings::set_coder(conn, &c.id, &c.coder)?;
                coders.insert(c.coder.clone());
                r.codings_coder_updated += 1;
            } else {
                r.codings_already_present += 1;
            }
            continue;
        }
        if sa::coding_exists(conn, &c.id.0)? {
            // Here as an orphan (its text was deleted here).
            r.codings_already_present += 1;
            continue;
        }
        let mut orphan = None;
        if let Some(p) = plans.get_mut(&their_doc) {
            match p.map(c.range) {
                Mapped::At(to) => {
                    if to != c.range {
                        p.report.codings_mapped += 1;
                        r.codings_mapped += 1;
                    }
                    c.range = to;
                }
                Mapped::Orphan { at, text, why } => {
                    c.range = CharRange::new(at, at);
                    orphan = Some((text, why));
                }
            }
        }
        // An identical coding under another id (the same passage coded
        // alike in two files): never stored twice.
        if orphan.is_none() && codings::find_identical(conn, &c)?.is_some() {
            r.codings_already_present += 1;
            continue;
        }
        if c.coder == own_coder {
            r.codings_under_own_coder += 1;
        }
        coders.insert(c.coder.clone());
        codings::insert(conn, &c)?;
        if let Some((text, why)) = orphan {
            edits::set_coding_place(conn, &c.id, c.range, Some(&text))?;
            let reason = format!("merged from {}: {why}", file.display());
            revisions::add_review(conn, &c.id, &c.document, &reason, &text, None)?;
            r.codings_orphaned += 1;
            if let Some(p) = plans.get_mut(&their_doc) {
                p.report.codings_orphaned += 1;
            }
        }
        r.codings_added += 1;
    }
    for p in plans.into_values() {
        r.revisions.push(p.report);
    }
    r.revisions.sort_by(|a, b| a.document.cmp(&b.document));
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

/// How a document of theirs was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchedBy {
    Id,
    ImportHash,
    CurrentText,
}

impl MatchedBy {
    fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Id => "id",
            MatchedBy::ImportHash => "import hash",
            MatchedBy::CurrentText => "current text",
        }
    }
}

/// Their documents matched to ours: by id, then by the hash of the text
/// they were imported with, then by the hash of their current text. Each of
/// ours is matched at most once.
fn match_documents(
    conn: &rusqlite::Connection,
    other: &rusqlite::Connection,
    r: &mut MergeFileReport,
) -> super::Result<Vec<(revisions::OtherDocument, DocumentId, MatchedBy)>> {
    let ours = sa::documents(conn)?;
    let by_hash: HashMap<&str, &sa::DocumentUnits> =
        ours.iter().map(|d| (d.content_hash.as_str(), d)).collect();
    let mut current: Option<HashMap<String, DocumentId>> = None;
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for d in revisions::other_documents(other)? {
        let found = if revisions::document_exists(conn, &d.id)? && !taken.contains(&d.id) {
            Some((d.id.clone(), MatchedBy::Id))
        } else if let Some(h) = by_hash
            .get(d.content_hash.as_str())
            .filter(|h| !taken.contains(&h.id))
        {
            Some((h.id.clone(), MatchedBy::ImportHash))
        } else {
            let cur = match &mut current {
                Some(c) => c,
                None => {
                    let mut m = HashMap::new();
                    for o in &ours {
                        let t = blocks::text(conn, &o.id)?;
                        m.insert(super::import::content_hash(&t), o.id.clone());
                    }
                    current.insert(m)
                }
            };
            let theirs = super::import::content_hash(&revisions::other_text(other, &d.id)?);
            cur.get(&theirs)
                .filter(|id| !taken.contains(*id))
                .map(|id| (id.clone(), MatchedBy::CurrentText))
        };
        match found {
            Some((id, how)) => {
                r.documents_matched += 1;
                let name = crate::store::documents::get_name(conn, &id)?;
                if name != d.name {
                    r.documents_renamed.push((d.name.clone(), name));
                }
                taken.insert(id.clone());
                out.push((d, id, how));
            }
            None => r.documents_unmatched.push(d.name),
        }
    }
    Ok(out)
}

/// How their codings of one document are placed here.
pub(crate) struct DocPlan {
    theirs_to_merged: TextChange,
    conflict_regions: Vec<CharRange>,
    exact: bool,
    their_text: String,
    their_index: CharIndex,
    merged_text: String,
    merged_index: CharIndex,
    report: DocumentMerge,
}

impl DocPlan {
    /// Where a range of their text goes in ours.
    pub(crate) fn map(&self, range: CharRange) -> Mapped {
        rebase::map_range(
            &self.theirs_to_merged,
            &self.conflict_regions,
            (&self.their_text, &self.their_index),
            (&self.merged_text, &self.merged_index),
            range,
            self.exact,
        )
    }
}

/// How positions of `their_text`, a copy of document `here` that has no
/// edit log (a REFI-QDA source), map onto our text; `None` when the texts
/// are the same. Nothing is written: with no log, none of their edits can
/// be told from ours, so ours stand.
pub(crate) fn placer_for_copy(
    conn: &rusqlite::Connection,
    here: &DocumentId,
    their_text: &str,
) -> super::Result<Option<DocPlan>> {
    let ours_text = blocks::text(conn, here)?;
    if ours_text == their_text {
        return Ok(None);
    }
    let our_log = edits::history(conn, here, 0)?;
    let plan = plan_texts(&ours_text, &our_log, their_text, &[]);
    Ok(Some(DocPlan {
        theirs_to_merged: plan.rebased.theirs_to_merged,
        conflict_regions: plan.rebased.conflict_regions,
        exact: plan.exact,
        their_index: CharIndex::new(their_text),
        their_text: their_text.to_string(),
        merged_index: CharIndex::new(&ours_text),
        merged_text: ours_text,
        report: DocumentMerge {
            mapping: plan.mapping.into(),
            ..Default::default()
        },
    }))
}

/// The log entries' changes composed (identity on a text of `len` chars).
fn composed(entries: &[LogEntry], len: usize) -> Option<TextChange> {
    let mut c = TextChange::identity(len);
    for e in entries {
        c = c.compose(&e.change).ok()?;
    }
    Some(c)
}

/// Where their document stands against ours, and their edits applied here
/// where nobody else changed the text. `None`: the texts are the same.
fn plan_document(
    conn: &rusqlite::Connection,
    other: &rusqlite::Connection,
    theirs: &revisions::OtherDocument,
    here: &DocumentId,
    how: MatchedBy,
    own_coder: &str,
) -> super::Result<Option<DocPlan>> {
    let ours_text = blocks::text(conn, here)?;
    let their_text = revisions::other_text(other, &theirs.id)?;
    if ours_text == their_text {
        return Ok(None);
    }
    let our_log = edits::history(conn, here, 0)?;
    let their_log = revisions::other_log(other, &theirs.id)?;
    let mut report = DocumentMerge {
        document: crate::store::documents::get_name(conn, here)?,
        matched_by: how.as_str().into(),
        their_revision: theirs.revision,
        our_revision: edits::revision(conn, here)?,
        ..Default::default()
    };
    let mut plan = plan_texts(&ours_text, &our_log, &their_text, &their_log);
    let mut turn_places = Vec::new();
    if plan.exact && !plan.rebased.ours_to_merged.is_identity() {
        let our_turns = edits::turn_rows(conn, here)?;
        let their_turns = edits::turn_rows(other, &theirs.id)?;
        if !turns_agree(&our_turns, &their_turns, &plan.rebased) {
            let since = plan.common.unwrap_or(0) as usize;
            let theirs_set = their_log.iter().skip(since).any(|e| e.sets_turns);
            let ours_set = our_log.iter().skip(since).any(|e| e.sets_turns);
            if plan.mapping == "edit log" && theirs_set && !ours_set {
                turn_places = take_their_turns(conn, &our_turns, &their_turns, &plan.rebased)?;
                report.turn_edits_applied = true;
            } else {
                plan = plan_texts_with(&ours_text, &our_log, &their_text, &their_log, false);
                report.turn_edits_not_merged = true;
            }
        }
    }
    report.mapping = plan.mapping.into();
    report.common_revision = plan.common;
    report.edits_applied = plan.rebased.applied;
    report.edits_same = plan.rebased.same;
    report.conflicts = plan.rebased.conflicts.clone();
    let y = &plan.rebased.ours_to_merged;
    let merged_text = y
        .apply(&ours_text)
        .map_err(|e| super::Error::Invalid(format!("merging {}: {e}", report.document)))?;
    if !y.is_identity() {
        let edit = TextEdit {
            document: here.clone(),
            kind: EditKind::Merge,
            change: y.clone(),
            codings: super::reimport::coding_places(conn, here, &ours_text, y)?,
            turns: turn_places,
        };
        let coder = their_log
            .last()
            .and_then(|e| e.coder.clone())
            .unwrap_or_else(|| own_coder.to_string());
        report.revision = Some(super::reimport::apply_edit_in(conn, &edit, &coder)?);
        super::search::documents_added(conn)?;
    }
    Ok(Some(DocPlan {
        theirs_to_merged: plan.rebased.theirs_to_merged,
        conflict_regions: plan.rebased.conflict_regions,
        exact: plan.exact,
        their_index: CharIndex::new(&their_text),
        their_text,
        merged_index: CharIndex::new(&merged_text),
        merged_text,
        report,
    }))
}

/// The mapping between their text and ours, found from the logs.
pub struct TextPlan {
    pub rebased: rebase::Rebased,
    pub mapping: &'static str,
    pub common: Option<u64>,
    /// Whether positions follow from the logs (else from a diff).
    pub exact: bool,
}

/// The turn rows that make our turn table theirs, carried onto the merged
/// text (only they changed the turns): our turns they no longer have go
/// (last first, so each keeps its ordinal for undo), then theirs are set
/// in order — ours they kept by id, the new ones under fresh ids (theirs
/// may be taken here by other documents).
fn take_their_turns(
    conn: &rusqlite::Connection,
    ours: &[crate::store::edits::TurnRow],
    theirs: &[crate::store::edits::TurnRow],
    r: &rebase::Rebased,
) -> super::Result<Vec<crate::core::history::TurnPlace>> {
    use crate::core::history::TurnPlace;
    let moved = |t: &crate::store::edits::TurnRow| {
        let mut t = t.clone();
        t.range = r.ours_to_merged.map_turn(t.range);
        t
    };
    let kept: std::collections::HashSet<_> = theirs.iter().map(|t| t.id).collect();
    let mut places: Vec<TurnPlace> = ours
        .iter()
        .rev()
        .filter(|t| !kept.contains(&t.id))
        .map(|t| TurnPlace {
            id: t.id,
            before: Some(moved(t)),
            after: None,
        })
        .collect();
    let mut fresh = edits::next_turn_id(conn)?.0;
    for (n, t) in theirs.iter().enumerate() {
        let mut after = t.clone();
        after.ordinal = n as u64;
        after.range = r.theirs_to_merged.map_turn(t.range);
        match ours.iter().find(|o| o.id == t.id) {
            Some(o) => places.push(TurnPlace {
                id: t.id,
                before: Some(moved(o)),
                after: Some(after),
            }),
            None => {
                after.id = crate::core::SegmentId(fresh);
                fresh += 1;
                places.push(TurnPlace {
                    id: after.id,
                    before: None,
                    after: Some(after),
                });
            }
        }
    }
    Ok(places)
}

/// Whether our turns and theirs, each carried onto the merged text, are
/// the same turns with the same speakers: their applied edits did not
/// split, join or re-assign turns (which the text alone cannot carry).
fn turns_agree(
    ours: &[crate::store::edits::TurnRow],
    theirs: &[crate::store::edits::TurnRow],
    r: &rebase::Rebased,
) -> bool {
    ours.len() == theirs.len()
        && ours.iter().zip(theirs).all(|(a, b)| {
            r.ours_to_merged.map_turn(a.range) == r.theirs_to_merged.map_turn(b.range)
                && a.speaker == b.speaker
        })
}

/// How their text (with their log) relates to ours (with ours): from the
/// last revision both logs share, ours and theirs are merged hunk by hunk;
/// failing that, their text is looked for among our revisions (a copy
/// without a log, such as a REFI-QDA export); failing that, a diff.
pub fn plan_texts(
    ours_text: &str,
    our_log: &[LogEntry],
    their_text: &str,
    their_log: &[LogEntry],
) -> TextPlan {
    plan_texts_with(ours_text, our_log, their_text, their_log, true)
}

/// [`plan_texts`]; with `take_theirs` false none of their edits is applied.
fn plan_texts_with(
    ours_text: &str,
    our_log: &[LogEntry],
    their_text: &str,
    their_log: &[LogEntry],
    take_theirs: bool,
) -> TextPlan {
    let common = our_log
        .iter()
        .zip(their_log)
        .take_while(|(a, b)| a.change == b.change)
        .count();
    // Our text back at the common revision.
    let mut base = Some(ours_text.to_string());
    for e in our_log[common..].iter().rev() {
        base = base.and_then(|t| e.change.inverse().apply(&t).ok());
    }
    if let Some(base) = base {
        let len = crate::core::text::char_len(&base);
        let a = composed(&our_log[common..], len);
        let b = composed(&their_log[common..], len);
        if let (Some(a), Some(b)) = (a, b) {
            if b.apply(&base).ok().as_deref() == Some(their_text) {
                let rebased = if take_theirs {
                    rebase::rebase(&base, &a, &b)
                } else {
                    rebase::rebase_keeping_ours(&base, &a, &b)
                };
                return TextPlan {
                    rebased,
                    mapping: if common == their_log.len() {
                        "older revision"
                    } else {
                        "edit log"
                    },
                    common: Some(common as u64),
                    exact: true,
                };
            }
        }
    }
    // Their text as one of our revisions.
    let mut text = ours_text.to_string();
    for k in (0..our_log.len()).rev() {
        let Ok(t) = our_log[k].change.inverse().apply(&text) else {
            break;
        };
        text = t;
        if text == their_text {
            let len = crate::core::text::char_len(&text);
            if let Some(a) = composed(&our_log[k..], len) {
                return TextPlan {
                    rebased: rebase::rebase(&text, &a, &TextChange::identity(len)),
                    mapping: "older revision",
                    common: Some(k as u64),
                    exact: true,
                };
            }
        }
    }
    let d = super::reimport::diff_change(their_text, ours_text);
    let len = crate::core::text::char_len(their_text);
    TextPlan {
        rebased: rebase::rebase(their_text, &d, &TextChange::identity(len)),
        mapping: "diff",
        common: None,
        exact: false,
    }
}
