//! Edit mode on the transcript (issue 12). `F2` enters it, `Esc` or `F2`
//! leaves. Typing changes the text on screen at once (codings, turns and
//! the cursor follow by the project's rules); the typed burst is committed
//! to the project as one revision at most a second after the oldest
//! uncommitted keystroke and whenever the user does anything else, so a
//! crash loses at most the last second of typing and the project is never
//! half edited. The timed commits are written by a worker
//! (`ops::text::committer`), so their fsyncs never fall on a keystroke;
//! everything else waits for it first. One `Ctrl-z` undoes one burst, or
//! one turn edit, mixed with codings in the same history.

use super::{App, Dialog, Focus, InputThen, PickThen};
use crate::core::change::TextChange;
use crate::core::history::{Change, EditKind};
use crate::core::sanitize::one_line;
use crate::core::SegmentId;
use crate::ops;
use crate::ops::text::committer::Committer;
use crate::tui::action::Move;
use crate::tui::cursor::Motion;
use crate::tui::dialog::{PickItem, Picker};
use crate::tui::event::EventChannel;
use crate::tui::jobs::{JobId, JobNews, Reporter};
use crate::tui::keymap::{Action, Context};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Uncommitted typing is written to the project after this long.
pub const COMMIT_AFTER: Duration = Duration::from_secs(1);

/// The state of edit mode.
pub struct EditMode {
    /// The text and turns as committed, read when a turn edit needs them
    /// (typing's commits leave it to be read again).
    committed: Option<ops::text::DocText>,
    /// Writes typing's revisions on its own connection.
    writer: Committer,
    /// The id its wake-ups come under on the loop's channel.
    writer_job: JobId,
    /// For each revision sent to the writer: whether it continues the last
    /// undo step.
    joins: VecDeque<bool>,
    /// Typed since the last revision sent, as one change of the text as
    /// the writer will have it.
    pending: Option<TextChange>,
    /// When the oldest uncommitted keystroke came.
    since: Option<Instant>,
    /// The last commit was typing that has not paused: the next one joins
    /// its undo step.
    burst: bool,
    /// Backspace was pressed at the start of this turn: again joins it.
    join_armed: Option<SegmentId>,
}

impl App {
    pub fn editing(&self) -> bool {
        self.edit.is_some()
    }

    /// Whether typing waits to be written to the project.
    pub fn edits_pending(&self) -> bool {
        self.edit.as_ref().is_some_and(|e| e.pending.is_some())
    }

    pub(super) fn enter_edit(&mut self) {
        let Some(t) = &mut self.transcript else {
            self.message = Some("open a document to edit it".into());
            return;
        };
        let id = t.doc.document.id.clone();
        match self.start_writer(id) {
            Ok((writer, writer_job)) => {
                let Some(t) = &mut self.transcript else {
                    return;
                };
                // A selection stays (typing replaces it); motions move.
                t.selecting = false;
                if t.selection().is_none() {
                    let pos = speech_cursor(t, t.cursor());
                    t.set_cursor(pos);
                }
                self.edit = Some(EditMode {
                    committed: None,
                    writer,
                    writer_job,
                    joins: VecDeque::new(),
                    pending: None,
                    since: None,
                    burst: false,
                    join_armed: None,
                });
                self.set_focus(Focus::Transcript);
                self.message = Some(format!(
                    "editing: type to correct · Enter splits the turn · Ctrl-p speaker · Ctrl-t time · {} undoes · Esc leaves",
                    "Ctrl-z"
                ));
            }
            Err(e) => self.message = Some(format!("cannot edit: {e}")),
        }
    }

    pub(super) fn leave_edit(&mut self) {
        self.leave_transcribe();
        self.commit_edits(true);
        // Dropping the writer closes its connection.
        self.edit = None;
        // What was typed is on screen already.
        self.shown_revision = self.open_revision();
        if self
            .message
            .as_deref()
            .is_none_or(|m| m.starts_with("editing"))
        {
            self.message = Some("left edit mode · F2 edits again".into());
        }
    }

    /// A writer for `doc`, whose replies wake the loop.
    fn start_writer(&self, doc: crate::core::DocumentId) -> ops::Result<(Committer, JobId)> {
        start_writer(&self.store, &self.events, doc)
    }

    /// The writer has news (a revision written, or its end): takes it in.
    pub(super) fn writer_news(&mut self, job: JobId) -> bool {
        if self.edit.as_ref().is_none_or(|e| e.writer_job != job) {
            return false;
        }
        self.take_commits(false)
    }

    /// Writes the typed burst to the project as one revision and waits
    /// until the writer has written everything sent.
    pub(crate) fn commit_edits(&mut self, end_burst: bool) {
        self.send_edits(end_burst);
        self.take_commits(true);
    }

    /// Sends the typed burst to the writer as one revision, not waiting.
    fn send_edits(&mut self, end_burst: bool) {
        let Some(edit) = &mut self.edit else { return };
        if let Some(change) = edit.pending.take() {
            edit.since = None;
            edit.joins.push_back(edit.burst);
            edit.writer.send(change, EditKind::Text);
            edit.burst = true;
        }
        if end_burst {
            edit.burst = false;
        }
    }

    /// Takes in the writer's replies (all of them when `wait`): each
    /// revision joins the undo history; a failure reloads the document as
    /// the project has it. Returns whether anything came.
    fn take_commits(&mut self, wait: bool) -> bool {
        let Some(edit) = &mut self.edit else {
            return false;
        };
        let replies = if wait {
            edit.writer.wait()
        } else {
            edit.writer.take()
        };
        if replies.is_empty() {
            return false;
        }
        let mut failed = None;
        let mut moved_codings = false;
        for reply in replies {
            let joined = edit.joins.pop_front().unwrap_or(false);
            match reply {
                Ok((change, reindex)) => {
                    if let Change::EditText(e) = &change {
                        // Collapsed or orphaned codings: not shown as the
                        // screen has them.
                        moved_codings |= !e.codings.is_empty();
                    }
                    self.editor.record(change, joined, reindex);
                    edit.committed = None;
                }
                Err(e) if failed.is_none() => failed = Some(e),
                Err(_) => {}
            }
        }
        // These commits are ours, not another program's.
        self.watch.accept(&self.store);
        if let Some(e) = failed {
            // The writer stops at a failure: what it still had is lost
            // with it, and a new one starts from the project's text.
            let _ = edit.writer.wait();
            edit.joins.clear();
            let said = ops::project::explain(&e).unwrap_or_else(|| e.to_string());
            self.message = Some(format!("the edit was not saved: {said}"));
            if let Some(t) = &self.transcript {
                let id = t.doc.document.id.clone();
                match start_writer(&self.store, &self.events, id) {
                    Ok((w, job)) => {
                        edit.writer = w;
                        edit.writer_job = job;
                    }
                    Err(e) => self.message = Some(format!("cannot go on editing: {e}")),
                }
            }
            self.reload_document();
        } else if moved_codings {
            self.after_text_change();
        } else {
            self.after_typing_saved();
        }
        true
    }

    /// Typing reached the project and the screen already shows its
    /// codings where they went: only what reads the project again follows
    /// (the search, the retrieve and agreement views).
    fn after_typing_saved(&mut self) {
        self.restart_search();
        if self.retrieve.is_some() {
            self.refresh();
        }
    }

    /// After an edit reached the project: codings and search follow.
    fn after_text_change(&mut self) {
        self.refresh();
        // The list's speakers and size of the document.
        self.reload_document_list();
        self.restart_search();
    }

    /// Reads the open document again (after undo, redo or a turn edit),
    /// keeping the cursor where it was as far as the text allows.
    pub(super) fn reload_document(&mut self) {
        let Some(t) = &self.transcript else { return };
        let id = t.doc.document.id.clone();
        let (cursor, top) = (t.cursor(), t.top);
        let loaded = ops::documents::load(&self.store, &id)
            .and_then(|doc| Ok((ops::coding::of_document(&self.store, &id)?, doc)));
        match loaded {
            Ok((codings, doc)) => {
                let (w, h) = t.viewport();
                let mut n = crate::tui::transcript::TranscriptState::new(doc);
                let blind = self.blind.then_some(self.coder.as_str());
                n.set_codings(super::blind::blind_filter(blind, codings));
                n.set_viewport(w, h);
                n.top = top;
                n.time_margin = t.time_margin;
                n.heard = t.heard;
                n.clamp();
                let pos = n.doc().snap(cursor.min(n.doc().len()));
                n.set_cursor(pos);
                self.transcript = Some(n);
                self.shown_revision = self.open_revision();
            }
            Err(e) => self.message = Some(format!("cannot read the document: {e}")),
        }
        if let Some(edit) = &mut self.edit {
            edit.committed = None;
            edit.pending = None;
            edit.since = None;
        }
        self.refresh_screens();
    }

    /// From the event loop: sends typing a second old to the writer and
    /// takes in what it has written.
    pub(super) fn edit_tick(&mut self) -> bool {
        let due = self
            .edit
            .as_ref()
            .and_then(|e| e.since)
            .is_some_and(|s| s.elapsed() >= COMMIT_AFTER);
        if due {
            self.send_edits(false);
        }
        self.take_commits(false) | due
    }

    /// Whether the writer has revisions not yet written (each reply wakes
    /// the loop; a scripted loop waits for them).
    pub fn writing(&self) -> bool {
        self.edit.as_ref().is_some_and(|e| e.writer.busy())
    }

    /// The text and turns as committed (read now if typing moved them).
    fn committed(&mut self) -> Option<&ops::text::DocText> {
        let id = self.transcript.as_ref()?.doc.document.id.clone();
        let edit = self.edit.as_mut()?;
        if edit.committed.is_none() {
            match ops::text::load(&self.store, &id) {
                Ok(c) => edit.committed = Some(c),
                Err(e) => {
                    self.message = Some(format!("cannot read the document: {e}"));
                    return None;
                }
            }
        }
        edit.committed.as_ref()
    }

    /// How long until uncommitted typing is due to be written.
    pub fn wake_in(&self) -> Option<Duration> {
        let typing = self
            .edit
            .as_ref()
            .and_then(|e| e.since)
            .map(|since| COMMIT_AFTER.saturating_sub(since.elapsed()));
        match (typing, self.transcribe_wake_in()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Nothing happening: typing a second old is written, and the burst
    /// ends (the next typing is an undo step of its own).
    pub(super) fn edit_idle(&mut self) -> bool {
        let due = self.wake_in().is_some_and(|w| w.is_zero());
        if due {
            self.commit_edits(true);
        }
        due
    }

    pub(super) fn edit_key(&mut self, key: &KeyEvent) {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if self.transcribing() {
            if let Some(cmd) = self.keymap.lookup_only(Context::Transcribe, key) {
                self.message = None;
                if self.transcribe_command(cmd) {
                    return;
                }
                // Edit mode's own command under transcription mode's key.
                self.edit_command(cmd);
                return;
            }
        }
        let cmd = self.keymap.lookup_only(Context::Edit, key).or_else(|| {
            self.keymap.lookup(Context::Global, key).filter(|c| {
                matches!(c, Action::Quit | Action::Help | Action::FocusNext)
                    && !super::is_plain_char(key)
            })
        });
        if !matches!(key.code, KeyCode::Backspace) {
            if let Some(e) = &mut self.edit {
                e.join_armed = None;
            }
        }
        if let Some(cmd) = cmd {
            self.message = None;
            self.edit_command(cmd);
            return;
        }
        if matches!(key.code, KeyCode::Backspace | KeyCode::Delete)
            || (matches!(key.code, KeyCode::Char(_))
                && !key.modifiers.contains(KeyModifiers::CONTROL)
                && !alt)
        {
            self.typing_heard();
        }
        match key.code {
            KeyCode::Backspace if alt => self.delete_word_back(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete_forward(),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) && !alt => {
                self.type_text(&c.to_string())
            }
            _ => {
                self.message =
                    Some("unbound key in edit mode — Esc leaves, F1 shows the keys".into())
            }
        }
    }

    fn edit_command(&mut self, cmd: Action) {
        match cmd {
            Action::LeaveEdit => self.leave_edit(),
            Action::SplitTurn => self.split_turn(),
            Action::TurnSpeaker => self.pick_speaker(),
            Action::TurnTime => self.ask_time(),
            Action::DeleteWordBack => self.delete_word_back(),
            Action::Undo | Action::Redo => {
                self.commit_edits(true);
                if cmd == Action::Undo {
                    self.undo();
                } else {
                    self.redo();
                }
            }
            Action::Quit => {
                self.commit_edits(true);
                self.run(Action::Quit);
            }
            Action::FocusNext => {
                self.commit_edits(true);
                self.run(Action::FocusNext);
            }
            Action::Help => self.run(Action::Help),
            Action::VerifyTurn => self.verify_turn(),
            Action::NextUnverified => self.next_unverified(),
            Action::Transcribe => self.toggle_transcribe(),
            motion => {
                let m = match motion {
                    Action::Move(Move::Left) => Motion::Left,
                    Action::Move(Move::Right) => Motion::Right,
                    Action::Move(Move::Down) => Motion::RowDown,
                    Action::Move(Move::Up) => Motion::RowUp,
                    Action::Move(Move::PageDown) => Motion::PageDown,
                    Action::Move(Move::PageUp) => Motion::PageUp,
                    Action::Move(Move::WordForward) => Motion::WordForward,
                    Action::Move(Move::WordBack) => Motion::WordBack,
                    _ => return,
                };
                if let Some(e) = &mut self.edit {
                    e.burst = false;
                }
                if let Some(t) = &mut self.transcript {
                    t.motion(m);
                }
            }
        }
    }

    /// Types `text` at the cursor (over the selection, if any).
    pub(super) fn type_text(&mut self, text: &str) {
        let Some(t) = &mut self.transcript else {
            return;
        };
        let (a, b) = match t.selection() {
            Some(r) => (r.start, r.end),
            None => (t.cursor(), t.cursor()),
        };
        self.replace(a, b, text);
    }

    /// Pasted text (bracketed paste): typed as one piece; line breaks stay
    /// inside the turn.
    pub fn edit_paste(&mut self, text: &str) {
        let clean: String = text.replace("\r\n", "\n").replace('\r', "\n");
        self.type_text(&clean);
    }

    fn replace(&mut self, a: usize, b: usize, text: &str) {
        let Some(t) = &mut self.transcript else {
            return;
        };
        let Some(edit) = &mut self.edit else { return };
        if !t.may_edit(a, b) {
            self.message = Some(
                "that would cross a turn or a speaker label: Enter splits, Backspace at a turn's start joins, Ctrl-p changes the speaker".into(),
            );
            return;
        }
        t.selecting = false;
        let change = t.apply_local(a, b, text);
        let composed = match edit.pending.take() {
            Some(p) => p.compose(&change),
            None => Ok(change),
        };
        match composed {
            Ok(c) => {
                edit.pending = (!c.is_identity()).then_some(c);
                edit.since.get_or_insert_with(Instant::now);
            }
            Err(e) => {
                self.message = Some(format!("edit lost: {e}"));
                self.reload_document();
            }
        }
    }

    fn backspace(&mut self) {
        let Some(t) = &self.transcript else { return };
        if let Some(r) = t.selection() {
            self.replace(r.start, r.end, "");
            return;
        }
        let p = t.cursor();
        let turn = t
            .turn_starting_at(p)
            .filter(|_| p > 0)
            .and_then(|i| t.segments().get(i))
            .map(|s| s.id);
        if let Some(id) = turn {
            let armed = self.edit.as_ref().and_then(|e| e.join_armed);
            if armed == Some(id) {
                self.join_turn(id);
            } else {
                if let Some(e) = &mut self.edit {
                    e.join_armed = Some(id);
                }
                self.message =
                    Some("start of the turn: Backspace again joins it to the turn before".into());
            }
            return;
        }
        let prev = t.doc().prev_grapheme(p);
        if prev < p {
            self.replace(prev, p, "");
        }
    }

    fn delete_forward(&mut self) {
        let Some(t) = &self.transcript else { return };
        if let Some(r) = t.selection() {
            self.replace(r.start, r.end, "");
            return;
        }
        let p = t.cursor();
        if t.turn_ending_at(p).is_some() {
            self.message =
                Some("end of the turn: Backspace at the start of the next one joins them".into());
            return;
        }
        let next = t.doc().next_grapheme(p);
        if next > p {
            self.replace(p, next, "");
        }
    }

    fn delete_word_back(&mut self) {
        let Some(t) = &self.transcript else { return };
        let p = t.cursor();
        let floor = t
            .turn_holding(p)
            .and_then(|i| t.turn_range(i))
            .map_or(0, |r| r.start);
        let w = t.doc().prev_word_start(p).max(floor);
        if w < p {
            self.replace(w, p, "");
        }
    }

    /// Applies a turn edit planned by `plan` (after committing typing).
    /// The cursor goes to where `cursor` says in the edited text (by
    /// default: where it was, moved by the edit).
    fn turn_edit(
        &mut self,
        plan: impl FnOnce(
            &ops::Store,
            &ops::text::DocText,
        ) -> ops::Result<crate::core::history::TextEdit>,
        cursor: Option<usize>,
    ) {
        self.commit_edits(true);
        let was = self.transcript.as_ref().map(|t| t.cursor());
        if self.committed().is_none() {
            return;
        }
        let Some(Some(dt)) = self.edit.as_ref().map(|e| e.committed.as_ref()) else {
            return;
        };
        let result = plan(&self.store, dt);
        match result {
            Ok(p) => {
                let done = Change::EditText(Box::new(p.clone())).describe();
                let at =
                    cursor.or_else(|| was.map(|c| p.change.map(c, crate::core::change::Bias::End)));
                match self
                    .editor
                    .perform(&mut self.store, Change::EditText(Box::new(p)))
                {
                    Ok(()) => {
                        self.reload_document();
                        if let (Some(t), Some(at)) = (&mut self.transcript, at) {
                            let pos = speech_cursor(t, at);
                            t.set_cursor(pos);
                        }
                        self.after_text_change();
                        self.message = Some(format!("{done} (Ctrl-z undoes)"));
                    }
                    Err(e) => self.message = Some(format!("not done: {e}")),
                }
            }
            Err(e) => self.message = Some(format!("not done: {e}")),
        }
    }

    fn split_turn(&mut self) {
        self.new_turn_at_cursor(ops::text::plan_split);
    }

    /// A turn edit that starts a new turn at the cursor (a split, a new
    /// turn at the playhead), planned by `plan` against the committed text;
    /// the cursor goes to the start of the new turn's speech.
    pub(super) fn new_turn_at_cursor(
        &mut self,
        plan: impl FnOnce(
            &ops::Store,
            &ops::text::DocText,
            usize,
        ) -> ops::Result<crate::core::history::TextEdit>,
    ) {
        self.commit_edits(true);
        let Some(at) = self.transcript.as_ref().map(|t| t.cursor()) else {
            return;
        };
        if self.committed().is_none() {
            return;
        }
        let Some(Some(dt)) = self.edit.as_ref().map(|e| e.committed.as_ref()) else {
            return;
        };
        let plan = plan(&self.store, dt, at);
        let new_start = plan.as_ref().ok().and_then(|p| {
            p.turns
                .iter()
                .find(|t| t.before.is_none())
                .and_then(|t| t.after.as_ref())
                .map(|t| t.range.start)
        });
        self.turn_edit(move |_, _| plan, new_start);
    }

    fn join_turn(&mut self, id: SegmentId) {
        self.turn_edit(|s, d| ops::text::plan_join(s, d, id), None);
    }

    fn current_turn_id(&self) -> Option<SegmentId> {
        let t = self.transcript.as_ref()?;
        let p = t.cursor();
        t.turn_holding(p)
            .and_then(|i| t.segments().get(i))
            .map(|s| s.id)
    }

    /// Picks the speaker of the current turn: one of the document's, or a
    /// new name.
    fn pick_speaker(&mut self) {
        let Some(id) = self.current_turn_id() else {
            self.message = Some("the cursor is not in a turn".into());
            return;
        };
        self.pick_a_speaker(" Speaker of this turn ", false, PickThen::TurnSpeaker(id));
    }

    /// A picker of the document's speakers, in order of first appearance
    /// (`numbered`: with their `Alt-n` keys), and "a new speaker…" (an
    /// empty key).
    pub(super) fn pick_a_speaker(&mut self, title: &str, numbered: bool, then: PickThen) {
        let names = self
            .transcript
            .as_ref()
            .map(|t| t.speakers.clone())
            .unwrap_or_default();
        let mut items: Vec<PickItem> = names
            .iter()
            .enumerate()
            .map(|(i, n)| PickItem {
                label: one_line(n),
                detail: if numbered && i < 9 {
                    format!("Alt-{}", i + 1)
                } else {
                    String::new()
                },
                color: None,
            })
            .collect();
        items.push(PickItem {
            label: "a new speaker…".into(),
            detail: "type the name".into(),
            color: None,
        });
        let mut keys = names;
        keys.push(String::new());
        self.dialog = Some(Dialog::Pick {
            picker: Picker::new(title, items, true),
            keys,
            then,
        });
    }

    /// The speaker chosen (empty: ask for a new name).
    pub(super) fn speaker_chosen(&mut self, id: SegmentId, name: String) {
        if name.is_empty() {
            self.input(
                " New speaker of this turn ",
                "",
                "their name as the transcript should show it · Enter sets it · Esc cancels",
                InputThen::TurnSpeaker(id),
            );
            return;
        }
        self.turn_edit(|s, d| ops::text::plan_speaker(s, d, id, &name), None);
    }

    fn ask_time(&mut self) {
        let Some(id) = self.current_turn_id() else {
            self.message = Some("the cursor is not in a turn".into());
            return;
        };
        let now = self
            .transcript
            .as_ref()
            .and_then(|t| {
                t.segments()
                    .iter()
                    .find(|s| s.id == id)
                    .and_then(|s| s.time_ms)
            })
            .map(|ms| {
                crate::core::turn_label::stamp(ms)
                    .trim_matches(['[', ']'])
                    .to_string()
            })
            .unwrap_or_default();
        self.input(
            " Start time of this turn ",
            &now,
            "HH:MM:SS or HH:MM:SS.mmm · Enter sets it (and the stamp in the text) · Esc cancels",
            InputThen::TurnTime(id),
        );
    }

    /// The answer to the time dialog.
    pub(super) fn time_entered(&mut self, id: SegmentId, text: &str) -> Result<(), String> {
        let ms = crate::formats::time::parse_clock(text)
            .ok_or_else(|| format!("{text:?} is not a time: HH:MM:SS or HH:MM:SS.mmm"))?;
        self.time_set(id, ms);
        Ok(())
    }

    /// Sets turn `id`'s start time (and the stamp in its label).
    pub(super) fn time_set(&mut self, id: SegmentId, ms: u64) {
        self.turn_edit(|s, d| ops::text::plan_time(s, d, id, ms), None);
    }
}

/// `pos`, or the start of the next turn's speech when `pos` is in a label
/// (edit mode keeps the cursor in speech).
fn speech_cursor(t: &crate::tui::transcript::TranscriptState, pos: usize) -> usize {
    let n = t.segments().len();
    if n == 0 || t.turn_holding(pos).is_some() {
        return pos;
    }
    // The next turn after `pos`, or the last.
    let next = t.segment_at_or_after(pos).unwrap_or(n - 1);
    t.turn_range(next)
        .map_or(pos, |r| r.start.max(pos.min(r.end)))
}

/// Starts edit mode's writer for `doc` on its own connection; each reply
/// it sends wakes the loop with `JobNews::Committed` under the id returned.
fn start_writer(
    store: &ops::Store,
    events: &EventChannel,
    doc: crate::core::DocumentId,
) -> ops::Result<(Committer, JobId)> {
    let reporter = Reporter::detached(events.sender());
    let job = reporter.job();
    let coder = store.current_coder().map_err(ops::Error::from)?;
    let notify = Box::new(move || {
        reporter.send(JobNews::Committed);
    });
    Ok((Committer::start(store.project(), &coder, doc, notify)?, job))
}
