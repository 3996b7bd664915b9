//! Correcting transcripts in place (issue 12): plans for text edits and turn
//! edits (split, join, speaker, time, speaker rename), each one revision
//! whose codings follow by the rules of `core::change`. A plan is a
//! `Change::EditText`, applied and undone through `ops::edit` like any
//! other change.

mod at_playhead;
pub mod bench;
pub mod committer;

pub use at_playhead::plan_new_turn;

use crate::core::change::{Run, TextChange};
use crate::core::history::{Change, CodingPlace, EditKind, TextEdit, TurnPlace};
use crate::core::text::{byte_offset, char_len, char_slice};
use crate::core::turn_label;
use crate::core::{CharRange, CodingId, DocumentId, SegmentId, TurnRecord};
use crate::store::{edits, Store};
use unicode_segmentation::GraphemeCursor;

/// A document's current text and turns, as edits are planned against.
#[derive(Debug, Clone)]
pub struct DocText {
    pub doc: DocumentId,
    pub text: String,
    pub turns: Vec<TurnRecord>,
}

pub fn load(store: &Store, doc: &DocumentId) -> super::Result<DocText> {
    Ok(DocText {
        doc: doc.clone(),
        text: crate::store::blocks::text(store.conn(), doc)?,
        turns: edits::turn_rows(store.conn(), doc)?,
    })
}

fn invalid(msg: impl Into<String>) -> super::Error {
    super::Error::Invalid(msg.into())
}

/// Whether char offset `pos` of `text` is between two user-perceived
/// characters.
pub fn on_grapheme_boundary(text: &str, pos: usize) -> bool {
    let byte = byte_offset(text, pos);
    GraphemeCursor::new(byte, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

impl DocText {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn len(&self) -> usize {
        char_len(&self.text)
    }

    /// Where the label of turn `i` starts.
    fn label_of(&self, i: usize) -> CharRange {
        let floor = if i == 0 {
            0
        } else {
            self.turns[i - 1].range.end
        };
        turn_label::label_range(
            &self.text,
            floor.min(self.turns[i].range.start),
            self.turns[i].range.start,
        )
    }

    /// Refuses an edit of `[a, b)` that splits a character, leaves the
    /// text, or crosses a turn boundary or a speaker label.
    pub fn check_edit(&self, a: usize, b: usize) -> super::Result<()> {
        let len = self.len();
        if a > b {
            return Err(invalid(format!("start {a} is after end {b}")));
        }
        if b > len {
            return Err(invalid(format!(
                "offsets {a}..{b} are outside the text ({len} characters)"
            )));
        }
        for p in [a, b] {
            if !on_grapheme_boundary(&self.text, p) {
                return Err(invalid(format!("offset {p} would split a character")));
            }
        }
        if self.turns.is_empty() {
            return Ok(());
        }
        if self
            .turns
            .iter()
            .any(|t| t.range.start <= a && b <= t.range.end)
        {
            return Ok(());
        }
        // Outside every turn (a title, a header): allowed when it touches no
        // turn and no label.
        for i in 0..self.turns.len() {
            let label = self.label_of(i);
            let whole = CharRange::new(label.start, self.turns[i].range.end);
            let touches = if a == b {
                whole.start < a && a < whole.end
            } else {
                a < whole.end && whole.start < b
            };
            if touches {
                return Err(invalid(format!(
                    "the edit {a}..{b} crosses a turn boundary or a speaker label: split or join turns, or change the speaker, instead"
                )));
            }
        }
        Ok(())
    }
}

/// The codings near the hunks of `change` (those it could collapse), with
/// their places before and after (one implementation, shared with
/// re-import).
fn coding_places(
    store: &Store,
    dt: &DocText,
    change: &TextChange,
) -> super::Result<Vec<CodingPlace>> {
    super::reimport::coding_places(store.conn(), &dt.doc, &dt.text, change)
}

fn text_edit(
    store: &Store,
    dt: &DocText,
    kind: EditKind,
    change: TextChange,
    turns: Vec<TurnPlace>,
) -> super::Result<TextEdit> {
    let codings = coding_places(store, dt, &change)?;
    Ok(TextEdit {
        document: dt.doc.clone(),
        kind,
        change,
        codings,
        turns,
    })
}

/// A change already made on screen (typing in the TUI), as a revision of
/// `dt` (the text as committed).
pub fn plan_change(
    store: &Store,
    dt: &DocText,
    change: TextChange,
    kind: EditKind,
) -> super::Result<TextEdit> {
    if change.len_before() != dt.len() {
        return Err(invalid(
            "the edit does not fit the document's text (it changed meanwhile)",
        ));
    }
    text_edit(store, dt, kind, change, Vec::new())
}

/// The document's revision (0: as imported).
pub fn revision(store: &Store, doc: &DocumentId) -> super::Result<u64> {
    Ok(edits::revision(store.conn(), doc)?)
}

/// Replaces `[start, end)` with `insert`.
pub fn plan_replace(
    store: &Store,
    dt: &DocText,
    start: usize,
    end: usize,
    insert: &str,
) -> super::Result<TextEdit> {
    dt.check_edit(start, end)?;
    let change =
        TextChange::replace(&dt.text, start, end, insert).map_err(|e| invalid(e.to_string()))?;
    text_edit(store, dt, EditKind::Text, change, Vec::new())
}

/// Several replacements, each in the offsets of the text as the previous
/// one left it, as one revision.
pub fn plan_script(
    store: &Store,
    dt: &DocText,
    steps: &[(usize, usize, String)],
) -> super::Result<TextEdit> {
    let mut cur = dt.clone();
    let mut total = TextChange::identity(dt.len());
    for (i, (s, e, t)) in steps.iter().enumerate() {
        cur.check_edit(*s, *e)
            .map_err(|err| invalid(format!("line {}: {err}", i + 1)))?;
        let c = TextChange::replace(&cur.text, *s, *e, t)
            .map_err(|err| invalid(format!("line {}: {err}", i + 1)))?;
        cur.text = c.apply(&cur.text).map_err(|err| invalid(err.to_string()))?;
        for turn in &mut cur.turns {
            turn.range = c.map_turn(turn.range);
        }
        total = total.compose(&c).map_err(|err| invalid(err.to_string()))?;
    }
    text_edit(store, dt, EditKind::Text, total, Vec::new())
}

fn turn_index(dt: &DocText, id: SegmentId) -> super::Result<usize> {
    dt.turns
        .iter()
        .position(|t| t.id == id)
        .ok_or_else(|| invalid(format!("the document has no turn {}", id.0)))
}

/// The text between turn `i - 1`'s speech and turn `i`'s label (what
/// separates turns in this document), or a blank line.
fn separator(dt: &DocText, i: usize) -> String {
    let pick = if i > 0 {
        i
    } else if dt.turns.len() > 1 {
        1
    } else {
        return "\n\n".into();
    };
    let label = dt.label_of(pick);
    let gap = char_slice(
        &dt.text,
        CharRange::new(dt.turns[pick - 1].range.end, label.start),
    );
    if gap.contains('\n') && gap.trim().is_empty() {
        gap.to_string()
    } else {
        "\n\n".into()
    }
}

/// Splits the turn holding `at` there: the speech after `at` becomes a new
/// turn of the same speaker, with a label like its own.
pub fn plan_split(store: &Store, dt: &DocText, at: usize) -> super::Result<TextEdit> {
    split_at(store, dt, at, None, None, EditKind::SplitTurn, "")
}

/// The turn holding `at` ends there and the speech after it becomes a new
/// turn: of `speaker` (`None`: the same one), stamped `time_ms` when given
/// (the first turn then ends at that time). A split, and transcription
/// mode's new turn at the playhead; `hint` follows the error when `at` is
/// in no turn.
fn split_at(
    store: &Store,
    dt: &DocText,
    at: usize,
    speaker: Option<&str>,
    time_ms: Option<u64>,
    kind: EditKind,
    hint: &str,
) -> super::Result<TextEdit> {
    let Some(i) = dt
        .turns
        .iter()
        .position(|t| t.range.start <= at && at <= t.range.end)
    else {
        return Err(invalid(format!(
            "offset {at} is not inside a turn's speech{hint}"
        )));
    };
    dt.check_edit(at, at)?;
    let turn = &dt.turns[i];
    // The spaces around the split go: neither turn ends or starts with them.
    let chars: Vec<char> = char_slice(&dt.text, turn.range).chars().collect();
    let local = at - turn.range.start;
    let blank = |c: &char| *c == ' ' || *c == '\t';
    let wb = chars[..local].iter().rev().take_while(|c| blank(c)).count();
    let wa = chars[local..].iter().take_while(|c| blank(c)).count();
    let (a, b) = (at - wb, at + wa);
    let label = char_slice(&dt.text, dt.label_of(i)).to_string();
    let new_label = turn_label::new_label(
        &label,
        turn.speaker.as_deref(),
        speaker.or(turn.speaker.as_deref()),
        time_ms,
    );
    let inserted = format!("{}{}", separator(dt, i), new_label);
    let t = char_len(&inserted);
    let removed = char_slice(&dt.text, CharRange::new(a, b));
    let change = TextChange::from_hunk(dt.len(), a, removed, &inserted);
    let id = edits::next_turn_id(store.conn())?;
    let mut first = turn.clone();
    first.range = CharRange::new(turn.range.start, a);
    // A turn ends where the next begins, unless that time is before the
    // turn's own start (then, as without a time, its end is unknown).
    first.end_ms = time_ms.filter(|&e| turn.time_ms.is_none_or(|s| s <= e));
    let second = TurnRecord {
        id,
        ordinal: turn.ordinal + 1,
        range: CharRange::new(a + t, turn.range.end - (b - a) + t),
        speaker: speaker.map(str::to_string).or_else(|| turn.speaker.clone()),
        time_ms,
        end_ms: turn.end_ms.filter(|&e| time_ms.is_none_or(|t| e >= t)),
        verified: turn.verified,
    };
    let turns = vec![
        TurnPlace {
            id: turn.id,
            before: Some(moved(turn, &change)),
            after: Some(first),
        },
        TurnPlace {
            id,
            before: None,
            after: Some(second),
        },
    ];
    text_edit(store, dt, kind, change, turns)
}

/// A turn record with its range mapped through `change` (what the store's
/// mapping leaves before the plan sets it).
fn moved(turn: &TurnRecord, change: &TextChange) -> TurnRecord {
    let mut t = turn.clone();
    t.range = change.map_turn(turn.range);
    t
}

/// Joins turn `id` to the one before it: the text between them (the
/// separator and the label) goes; the speech joins the previous turn.
pub fn plan_join(store: &Store, dt: &DocText, id: SegmentId) -> super::Result<TextEdit> {
    let i = turn_index(dt, id)?;
    if i == 0 {
        return Err(invalid("the first turn has no turn before it to join"));
    }
    let (prev, turn) = (&dt.turns[i - 1], &dt.turns[i]);
    let gap = CharRange::new(prev.range.end, turn.range.start);
    let removed = char_slice(&dt.text, gap);
    // Speech joined to speech: one space between, unless one is there.
    let joiner = if prev.range.is_empty() || turn.range.is_empty() {
        ""
    } else {
        " "
    };
    let change = TextChange::from_runs([
        Run::Keep(gap.start),
        Run::Delete(removed.to_string()),
        Run::Insert(joiner.to_string()),
        Run::Keep(dt.len() - gap.end),
    ]);
    let mut joined = moved(prev, &change);
    joined.range = CharRange::new(prev.range.start, change.map_turn(turn.range).end);
    joined.end_ms = turn.end_ms.or(prev.end_ms);
    let turns = vec![
        TurnPlace {
            id: turn.id,
            before: Some(moved(turn, &change)),
            after: None,
        },
        TurnPlace {
            id: prev.id,
            before: Some(moved(prev, &change)),
            after: Some(joined),
        },
    ];
    text_edit(store, dt, EditKind::JoinTurns, change, turns)
}

/// Gives turn `id` to `speaker`, rewriting the name in its label.
pub fn plan_speaker(
    store: &Store,
    dt: &DocText,
    id: SegmentId,
    speaker: &str,
) -> super::Result<TextEdit> {
    let speaker = speaker.trim();
    if speaker.is_empty() || speaker.contains(['\n', ':']) {
        return Err(invalid(format!("{speaker:?} cannot be a speaker's name")));
    }
    let i = turn_index(dt, id)?;
    let turn = &dt.turns[i];
    let label_r = dt.label_of(i);
    let label = char_slice(&dt.text, label_r);
    let change = match turn
        .speaker
        .as_deref()
        .and_then(|s| turn_label::speaker_span(label, s))
    {
        Some(r) => TextChange::replace(
            &dt.text,
            label_r.start + r.start,
            label_r.start + r.end,
            speaker,
        ),
        None => TextChange::replace(
            &dt.text,
            turn.range.start,
            turn.range.start,
            &format!("{speaker}: "),
        ),
    }
    .map_err(|e| invalid(e.to_string()))?;
    let mut after = moved(turn, &change);
    if turn
        .speaker
        .as_deref()
        .and_then(|s| turn_label::speaker_span(label, s))
        .is_none()
    {
        // The new label went in front of the speech: the speech starts after it.
        after.range.start += char_len(speaker) + 2;
    }
    after.speaker = Some(speaker.to_string());
    let turns = vec![TurnPlace {
        id,
        before: Some(moved(turn, &change)),
        after: Some(after),
    }];
    text_edit(store, dt, EditKind::Speaker, change, turns)
}

/// Sets turn `id`'s start time, rewriting (or adding) the stamp in its label.
pub fn plan_time(store: &Store, dt: &DocText, id: SegmentId, ms: u64) -> super::Result<TextEdit> {
    let i = turn_index(dt, id)?;
    let turn = &dt.turns[i];
    let label_r = dt.label_of(i);
    let label = char_slice(&dt.text, label_r);
    let stamp = format!("{} ", turn_label::stamp(ms));
    let change = match turn_label::time_span(label) {
        Some(r) => TextChange::replace(
            &dt.text,
            label_r.start + r.start,
            label_r.start + r.end,
            &stamp,
        ),
        None => TextChange::replace(&dt.text, label_r.start, label_r.start, &stamp),
    }
    .map_err(|e| invalid(e.to_string()))?;
    let mut after = moved(turn, &change);
    if label_r.start == turn.range.start {
        // No label: the stamp went in front of the speech.
        after.range.start += char_len(&stamp);
    }
    after.time_ms = Some(ms);
    let turns = vec![TurnPlace {
        id,
        before: Some(moved(turn, &change)),
        after: Some(after),
    }];
    text_edit(store, dt, EditKind::Time, change, turns)
}

/// Marks turn `id` verified (someone listened to it against the
/// recording) or not; the text stays as it is.
pub fn plan_verify(
    store: &Store,
    dt: &DocText,
    id: SegmentId,
    verified: bool,
) -> super::Result<TextEdit> {
    let i = turn_index(dt, id)?;
    let turn = &dt.turns[i];
    if turn.verified == verified {
        return Err(invalid(format!(
            "turn {} is {} already",
            id.0,
            if verified { "verified" } else { "unverified" }
        )));
    }
    let mut after = turn.clone();
    after.verified = verified;
    let turns = vec![TurnPlace {
        id,
        before: Some(turn.clone()),
        after: Some(after),
    }];
    text_edit(
        store,
        dt,
        EditKind::Verify,
        TextChange::identity(dt.len()),
        turns,
    )
}

/// Renames speaker `old` of the document to `new` everywhere: the
/// participant (with its attributes) and every label of theirs.
pub fn plan_rename_speaker(
    store: &Store,
    dt: &DocText,
    old: &str,
    new: &str,
) -> super::Result<Change> {
    let new = new.trim();
    if new.is_empty() || new.contains(['\n', ':']) {
        return Err(invalid(format!("{new:?} cannot be a speaker's name")));
    }
    let theirs: Vec<usize> = (0..dt.turns.len())
        .filter(|&i| dt.turns[i].speaker.as_deref() == Some(old))
        .collect();
    if theirs.is_empty() {
        let mut names: Vec<String> = dt.turns.iter().filter_map(|t| t.speaker.clone()).collect();
        names.sort();
        names.dedup();
        return Err(invalid(format!(
            "the document has no speaker {old:?}; its speakers: {}",
            super::listing(names)
        )));
    }
    let mut runs = Vec::new();
    let mut pos = 0;
    for i in theirs {
        let label_r = dt.label_of(i);
        let label = char_slice(&dt.text, label_r);
        if let Some(r) = turn_label::speaker_span(label, old) {
            let (s, e) = (label_r.start + r.start, label_r.start + r.end);
            runs.push(Run::Keep(s - pos));
            runs.push(Run::Delete(
                char_slice(&dt.text, CharRange::new(s, e)).to_string(),
            ));
            runs.push(Run::Insert(new.to_string()));
            pos = e;
        }
    }
    runs.push(Run::Keep(dt.len() - pos));
    let change = TextChange::from_runs(runs);
    let rename = Change::RenameParticipant {
        document: dt.doc.clone(),
        before: old.to_string(),
        after: new.to_string(),
    };
    if change.is_identity() {
        return Ok(rename);
    }
    let edit = text_edit(store, dt, EditKind::Speaker, change, Vec::new())?;
    Ok(Change::Batch(vec![
        rename,
        Change::EditText(Box::new(edit)),
    ]))
}

/// What one applied text edit did, for the command line.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EditReport {
    pub document: String,
    pub revision: u64,
    pub start: usize,
    pub end: usize,
    pub removed: String,
    pub inserted: String,
    pub codings_moved: usize,
    pub codings_orphaned: Vec<CodingId>,
}

/// The span of a change: first hunk's start to last hunk's end (before),
/// and what it removed and inserted there.
pub fn span(change: &TextChange, before: &str) -> (usize, usize, String, String) {
    let hunks = change.hunks();
    let (Some(first), Some(last)) = (hunks.first(), hunks.last()) else {
        return (0, 0, String::new(), String::new());
    };
    let (a, b) = (first.at, last.old_range().end);
    let removed = char_slice(before, CharRange::new(a, b)).to_string();
    let after = change.apply(before).unwrap_or_default();
    let inserted =
        char_slice(&after, CharRange::new(first.new_at, last.new_range().end)).to_string();
    (a, b, removed, inserted)
}

/// Applies a planned edit (recorded for undo by `editor`) and reports it.
pub fn perform(
    store: &mut Store,
    editor: &mut super::edit::Editor,
    dt: &DocText,
    change: Change,
) -> super::Result<EditReport> {
    let edit = find_edit(&change).cloned();
    editor.perform(store, change)?;
    let revision = edits::revision(store.conn(), &dt.doc)?;
    let name = crate::store::documents::get_name(store.conn(), &dt.doc)?;
    let Some(edit) = edit else {
        return Ok(EditReport {
            document: name,
            revision,
            start: 0,
            end: 0,
            removed: String::new(),
            inserted: String::new(),
            codings_moved: 0,
            codings_orphaned: Vec::new(),
        });
    };
    let (start, end, removed, inserted) = span(&edit.change, &dt.text);
    let moved = codings_changed(store, dt, &edit)?;
    Ok(EditReport {
        document: name,
        revision,
        start,
        end,
        removed,
        inserted,
        codings_moved: moved,
        codings_orphaned: edit.orphaned(),
    })
}

/// The text edit inside a change (alone or in a batch).
pub fn find_edit(change: &Change) -> Option<&TextEdit> {
    match change {
        Change::EditText(e) => Some(e),
        Change::Batch(list) => list.iter().find_map(find_edit),
        _ => None,
    }
}

/// Codings whose covered text the edit changed (orphans not counted).
fn codings_changed(store: &Store, dt: &DocText, edit: &TextEdit) -> super::Result<usize> {
    let hunks = edit.change.hunks();
    let list = crate::store::codings::list(
        store.conn(),
        &crate::store::codings::CodingFilter {
            document: Some(dt.doc.clone()),
            ..Default::default()
        },
    )?;
    let orphaned = edit.orphaned();
    // Ranges are now in the new text: a hunk's new range inside a coding,
    // or a coding's end inside a hunk, means its text changed.
    Ok(list
        .iter()
        .filter(|c| !orphaned.contains(&c.id))
        .filter(|c| {
            hunks.iter().any(|h| {
                let n = h.new_range();
                let inside =
                    n.start < c.range.end && (c.range.start < n.end || n.start > c.range.start);
                inside
                    || (!h.removed.is_empty()
                        && n.start >= c.range.start
                        && n.start <= c.range.end
                        && !c.range.is_empty())
            })
        })
        .count())
}

/// One revision of `gloss history`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HistoryRow {
    pub revision: u64,
    pub coder: Option<String>,
    pub at: String,
    /// text, split_turn, join_turns, speaker, time, reimport, undo, merge
    /// (`null` for revisions logged before schema 8).
    pub kind: Option<String>,
    pub start: usize,
    pub end: usize,
    pub removed: String,
    pub inserted: String,
}

/// The edit log of a document, each revision with its span (in the text
/// as it was before that revision).
pub fn history(store: &Store, doc: &DocumentId) -> super::Result<Vec<HistoryRow>> {
    let log = edits::history(store.conn(), doc, 0)?;
    // Spans need the text before each revision: walk back from now.
    let mut text = crate::store::blocks::text(store.conn(), doc)?;
    let mut befores = Vec::with_capacity(log.len());
    for e in log.iter().rev() {
        text = e.change.inverse().apply(&text).map_err(|err| {
            invalid(format!(
                "the edit log does not fit the text at revision {}: {err}",
                e.revision
            ))
        })?;
        befores.push(text.clone());
    }
    befores.reverse();
    Ok(log
        .into_iter()
        .zip(befores)
        .map(|(e, before)| {
            let (start, end, removed, inserted) = span(&e.change, &before);
            HistoryRow {
                revision: e.revision,
                coder: e.coder,
                at: e.at,
                kind: e.kind,
                start,
                end,
                removed,
                inserted,
            }
        })
        .collect())
}

/// One coding waiting for review.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewRow {
    pub coding: CodingId,
    pub doc: String,
    pub code: String,
    pub coder: String,
    pub text: String,
    pub reason: String,
    /// Where it was (char offset in the current text).
    pub at: usize,
}

/// Codings waiting for a look, for `gloss review` and the TUI: those that
/// lost their text (orphans), and those whose words a re-import changed.
pub fn review(store: &Store) -> super::Result<Vec<ReviewRow>> {
    let paths = crate::store::codes::list(store.conn())?;
    let name_of = |id: &crate::core::CodeId| {
        paths
            .iter()
            .find(|c| &c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.0.clone())
    };
    let items = super::reimport::review_rows(store)?;
    let mut out: Vec<ReviewRow> = edits::orphans(store.conn())?
        .into_iter()
        .map(|o| {
            // An orphan a re-import made says so.
            let reason = items
                .iter()
                .find(|i| i.coding == o.coding)
                .map_or_else(|| "its text was deleted".to_string(), |i| i.reason.clone());
            ReviewRow {
                coding: o.coding,
                doc: o.document_name,
                code: name_of(&o.code),
                coder: o.coder,
                text: o.text,
                reason,
                at: o.at,
            }
        })
        .collect();
    for i in items {
        if !out.iter().any(|r| r.coding == i.coding) {
            out.push(i);
        }
    }
    Ok(out)
}

/// Renames a document (an undoable change); returns its old name.
pub fn rename_document(store: &mut Store, doc: &str, name: &str) -> super::Result<String> {
    let id = super::documents::resolve(store, doc)?;
    let change = rename_document_change(store, &id, name)?;
    super::edit::apply(store, &change)?;
    match change {
        Change::RenameDocument { before, .. } => Ok(before),
        _ => Ok(String::new()),
    }
}

/// The change that renames document `id` to `name` (trimmed; refused when
/// empty, on several lines, or another document's name).
pub fn rename_document_change(store: &Store, id: &DocumentId, name: &str) -> super::Result<Change> {
    let name = name.trim();
    if name.is_empty() || name.contains(['\n', '\r']) {
        return Err(invalid(format!(
            "{:?} cannot be a document's name",
            crate::core::sanitize::one_line(name)
        )));
    }
    let old = crate::store::documents::get_name(store.conn(), id)?;
    if let Some(other) = crate::store::documents::resolve(store.conn(), name)? {
        if &other != id {
            return Err(invalid(format!(
                "a document named {:?} already exists",
                crate::core::sanitize::one_line(name)
            )));
        }
    }
    Ok(Change::RenameDocument {
        document: id.clone(),
        before: old,
        after: name.to_string(),
    })
}

/// What deleting a document took with it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Deleted {
    pub name: String,
    pub turns: usize,
    pub codings: usize,
    pub memos: usize,
}

impl Deleted {
    pub fn of(d: &crate::core::deleted::DeletedDocument) -> Deleted {
        Deleted {
            name: d.name.clone(),
            turns: d.turns,
            codings: d.codings,
            memos: d.memos,
        }
    }
}

/// The change that deletes document `id` and all that hangs on it, holding
/// every row so that its inverse puts the document back exactly.
pub fn delete_document_change(store: &Store, id: &DocumentId) -> super::Result<Change> {
    let snap = crate::store::deleted::snapshot(store.conn(), id)?
        .ok_or_else(|| invalid("the document no longer exists"))?;
    Ok(Change::DeleteDocument(Box::new(snap)))
}

/// Deletes a document and all that hangs on it, in one transaction (the
/// same change the TUI applies and can undo); the search index follows.
pub fn delete_document(store: &mut Store, doc: &str) -> super::Result<Deleted> {
    let id = super::documents::resolve(store, doc)?;
    let change = delete_document_change(store, &id)?;
    super::edit::apply(store, &change)?;
    match &change {
        Change::DeleteDocument(d) => Ok(Deleted::of(d)),
        _ => Err(invalid("not a deletion")),
    }
}
