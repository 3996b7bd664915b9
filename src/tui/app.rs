//! The application state and its update function: events in, state changed,
//! nothing drawn here. Reads and writes go through `ops`; the TUI never
//! touches SQL. Coding, codebook and dialog handling live in `app/`. The
//! application owns the loop's event channel ([`EventChannel`]): its
//! background jobs report into it, and [`App::handle`] takes whatever
//! arrives — input, a job's news, the player's events.

mod blind;
mod codebook;
mod coders;
mod coding;
mod dialogs;
mod documents;
mod editing;
mod export;
mod kwic;
mod review;
mod search;
mod transcribe;
mod verify;

use super::codebook_pane::CodebookPane;
use super::cursor::Motion;
use super::dialog::{Picker, TextArea, TextInput};
use super::event::{AppEvent, EventChannel, Waited};
use super::jobs::{Job, JobEvent, JobNews};
use super::keymap::{Action, Context, Keymap};
use super::retrieve::RetrieveState;
use super::transcript::TranscriptState;
use crate::core::{CharRange, CodeId, CodingId, DocumentId};
use crate::ops;
use crate::ops::documents::DocumentSummary;
use crate::ops::edit::Editor;
use crate::ops::Store;
use crate::tui::action::{Dir, Move};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Codebook,
    Transcript,
    Retrieve,
}

/// What the left pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftPane {
    Documents,
    Codebook,
}

/// What to do with a coding once the user has chosen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodingAction {
    Remove,
    Recode,
    Memo,
}

/// What a picker's choice is for. `keys` of the dialog hold the ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickThen {
    ApplyCode(CharRange),
    Recode(CodingId),
    ChooseCoding(CodingAction),
    MoveCode(CodeId),
    MergeInto(CodeId),
    Retrieve,
    EditField(CodeId),
    /// Code the chosen search hits: first the code, then the scope.
    CodeHits,
    CodeHitsScope(CodeId),
    /// Reassign: the coder whose codings move (then the one they go to).
    ReassignFrom,
    /// The speaker of a turn (edit mode); an empty key asks for a name.
    TurnSpeaker(crate::core::SegmentId),
    /// The speaker of a new turn at the playhead (transcription mode); an
    /// empty key asks for a name.
    NewTurnFor,
    /// An orphaned coding of the review queue (then what to do with it).
    ReviewItem,
    ReviewAction(CodingId),
    /// The code whose passages alone the words view counts (an empty key:
    /// all speech).
    WordsInside,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputThen {
    /// Reassign the codings of this coder to the coder typed.
    ReassignTo(String),
    AddCode(Option<CodeId>),
    Rename(CodeId),
    Shortcut(CodeId),
    TurnSpeaker(crate::core::SegmentId),
    TurnTime(crate::core::SegmentId),
    /// The name of a new speaker whose turn starts at the playhead.
    NewTurnFor,
    RenameDocument(DocumentId),
    /// A speaker of a document (their name before).
    RenameSpeaker(DocumentId, String),
    SetAttribute(crate::core::ParticipantId),
    /// Write the analysis table shown to the file typed.
    ExportTable,
    /// The analysis screen's KWIC query or `--where` filter.
    Analysis(super::analysis::AnalysisInput),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditThen {
    CodingMemo(CodingId, Option<String>),
    DocumentMemo(DocumentId, Option<String>),
    CodeField(CodeId, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmThen {
    DeleteCode(CodeId),
    DeleteDocument(DocumentId),
}

/// The modal dialog on screen, if any.
pub enum Dialog {
    Pick {
        picker: Picker,
        keys: Vec<String>,
        then: PickThen,
    },
    Input {
        input: TextInput,
        title: String,
        hint: String,
        then: InputThen,
    },
    Edit {
        area: TextArea,
        then: EditThen,
    },
    Confirm {
        message: String,
        then: ConfirmThen,
    },
    /// A code's colour.
    Color {
        input: super::dialog::ColorInput,
        code: CodeId,
    },
    /// The export form (format, folder, file, filters, map).
    Export(Box<super::export::form::ExportForm>),
}

pub struct App {
    store: Store,
    editor: Editor,
    pub keymap: Keymap,
    pub docs: Vec<DocumentSummary>,
    /// Index into `docs` of the highlighted document.
    pub selected: usize,
    pub focus: Focus,
    pub left: LeftPane,
    pub transcript: Option<TranscriptState>,
    pub codebook: CodebookPane,
    pub retrieve: Option<RetrieveState>,
    pub dialog: Option<Dialog>,
    pub show_help: bool,
    /// First help line shown (the help scrolls when it does not fit).
    pub help_scroll: usize,
    /// A one-line message for the status bar (errors, hints, what changed).
    pub message: Option<String>,
    pub coder: String,
    pub project_name: String,
    /// Where the search index lives, when not in the user cache directory.
    pub index_dir: Option<std::path::PathBuf>,
    /// Where the transcript text was drawn last (for the mouse).
    pub transcript_area: Option<Rect>,
    /// Where the document list's rows were drawn last, and the index of
    /// the first row shown (for the mouse).
    pub list_rows: Option<(Rect, usize)>,
    /// An export running on a worker thread.
    pub export_job: Option<super::export::ExportJob>,
    /// The screens over the panes (analysis, …), kept when left with
    /// their state, and the stack of those shown.
    pub screens: super::screen::Screens,
    /// The revision of the open document's text as shown.
    shown_revision: Option<u64>,
    /// The open document's recording and its player (transcription mode).
    transcription: Option<super::transcribe::Transcription>,
    /// Blind mode: the transcript shows only the current coder's codings.
    pub blind: bool,
    /// Notices changes committed to the project from elsewhere.
    watch: ops::project::ChangeWatch,
    /// Edit mode on the transcript (F2).
    edit: Option<editing::EditMode>,
    /// Jobs bringing the search index forward after text edits.
    reindexing: Vec<Job>,
    /// The loop's channel: input, jobs' news, the player's events.
    events: EventChannel,
    quit: bool,
}

impl App {
    /// Opens the application on `store`, with the first document shown.
    pub fn new(store: Store) -> ops::Result<App> {
        let docs = ops::documents::list(&store)?;
        let coder = store.current_coder()?;
        let codebook = CodebookPane::load(&store)?;
        let watch = ops::project::ChangeWatch::new(&store)?;
        let project_name = store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut app = App {
            store,
            editor: Editor::deferring_reindex(),
            keymap: Keymap::default(),
            docs,
            selected: 0,
            focus: Focus::List,
            left: LeftPane::Documents,
            transcript: None,
            codebook,
            retrieve: None,
            dialog: None,
            show_help: false,
            help_scroll: 0,
            message: None,
            coder,
            project_name,
            transcript_area: None,
            list_rows: None,
            index_dir: None,
            export_job: None,
            screens: Default::default(),
            transcription: None,
            shown_revision: None,
            blind: false,
            watch,
            edit: None,
            reindexing: Vec::new(),
            events: EventChannel::new(),
            quit: false,
        };
        if !app.docs.is_empty() {
            app.open_selected();
            app.focus = Focus::List;
        }
        Ok(app)
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Gives the focus to a pane; the screens shown over the panes are
    /// hidden (kept with their state).
    pub fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        self.screens.hide_all();
    }

    /// Whether pane `focus` has the keys (it has the focus and no screen
    /// is shown over or beside it).
    pub fn pane_focused(&self, focus: Focus) -> bool {
        self.focus == focus && !self.screens.any_shown()
    }

    /// The context whose bindings apply now: the screen's on top, else the
    /// pane's with focus.
    pub fn context(&self) -> Context {
        if let Some(s) = self.screens.top() {
            return s.context();
        }
        match self.focus {
            Focus::List => Context::List,
            Focus::Codebook => Context::Codebook,
            Focus::Transcript if self.transcribing() => Context::Transcribe,
            Focus::Transcript if self.edit.is_some() => Context::Edit,
            Focus::Transcript => Context::Transcript,
            Focus::Retrieve => Context::Retrieve,
        }
    }

    /// Whether background work is under way whose news the screen waits
    /// for (a scripted loop waits for it before it ends).
    pub fn busy(&self) -> bool {
        self.export_job.is_some() || self.writing() || self.screens.busy() || self.player_opening()
    }

    /// The loop's channel.
    pub fn channel(&self) -> &EventChannel {
        &self.events
    }

    /// A sender into the loop's channel (for the input thread, the player).
    pub fn sender(&self) -> std::sync::mpsc::Sender<AppEvent> {
        self.events.sender()
    }

    /// Applies one event from the channel. Returns whether the screen must
    /// be redrawn.
    pub fn handle(&mut self, ev: AppEvent) -> bool {
        match ev {
            AppEvent::Input(ev) => self.handle_event(&ev),
            AppEvent::Job(ev) => self.handle_job(ev),
            AppEvent::Player(ev) => self.player_event(ev),
            AppEvent::Wake | AppEvent::InputEnded(_) => false,
        }
    }

    /// A background job's news, to the screen that started the job.
    fn handle_job(&mut self, ev: JobEvent) -> bool {
        match ev.news {
            JobNews::Search(_) => self.screen_news(ev).unwrap_or(false),
            JobNews::Analysis(_) => self.screen_news(ev).unwrap_or(false),
            JobNews::Export(_) => self.export_news(ev),
            JobNews::Committed => self.writer_news(ev.job),
            JobNews::PlayerOpened(_) => self.player_opened(ev),
            JobNews::Ended => {
                let job = ev.job;
                if self.reindexing.iter().any(|j| j.id() == job) {
                    self.reindexing.retain(|j| j.id() != job);
                    return false;
                }
                if self.writer_news(job) {
                    return true;
                }
                if self.export_job.is_some() {
                    let ev = JobEvent {
                        job,
                        news: JobNews::Ended,
                    };
                    if self.export_news(ev) {
                        return true;
                    }
                }
                let ev = JobEvent {
                    job,
                    news: JobNews::Ended,
                };
                self.screen_news(ev).unwrap_or(false)
            }
        }
    }

    /// Takes in everything already waiting on the channel (input and jobs'
    /// news, in order) and what is due: typing a second old goes to the
    /// writer, edits' re-indexing starts. Returns whether the screen must
    /// be redrawn.
    pub fn tick(&mut self) -> bool {
        let mut dirty = false;
        while !self.quit {
            match self.events.try_next() {
                Some(AppEvent::InputEnded(e)) => {
                    // Put back for the loop, which ends on it.
                    let _ = self.events.sender().send(AppEvent::InputEnded(e));
                    break;
                }
                Some(ev) => dirty |= self.handle(ev),
                None => break,
            }
        }
        dirty |= self.edit_tick();
        self.start_reindexing();
        dirty
    }

    /// Waits (at most `limit`) until no job's news is expected, taking in
    /// what arrives; returns whether anything changed. For tests and
    /// scripted runs: the real loop never waits for a job.
    pub fn wait_for_jobs(&mut self, limit: std::time::Duration) -> bool {
        let until = std::time::Instant::now() + limit;
        let mut dirty = false;
        while self.busy() && !self.quit {
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            match self.events.wait(Some(left)) {
                Waited::Event(ev) => dirty |= self.handle(ev),
                Waited::Timeout => break,
            }
        }
        dirty | self.tick()
    }

    /// When the loop wakes with nothing to do: looks for changes made to the
    /// project from elsewhere. Returns whether the screen must be redrawn.
    pub fn idle(&mut self) -> bool {
        self.edit_idle() | self.transcribe_idle() | self.check_outside_changes()
    }

    /// Reloads what is shown when another connection (the command line,
    /// another Gloss) has changed the project, keeping the cursor, the
    /// selection and the highlighted document and code.
    fn check_outside_changes(&mut self) -> bool {
        match self.watch.changed(&self.store) {
            Ok(true) => {}
            Ok(false) | Err(_) => return false,
        }
        let keep = self.docs.get(self.selected).map(|d| d.id.clone());
        match ops::documents::list(&self.store) {
            Ok(docs) => {
                let added = docs.len().saturating_sub(self.docs.len());
                self.docs = docs;
                self.selected = keep
                    .and_then(|id| self.docs.iter().position(|d| d.id == id))
                    .unwrap_or(self.selected)
                    .min(self.docs.len().saturating_sub(1));
                if added > 0 {
                    self.restart_search();
                }
            }
            Err(e) => self.message = Some(format!("cannot read the documents: {e}")),
        }
        // Its text may have been edited too (edit mode's own writer keeps
        // what is typed: the text is not read under it).
        if self.edit.is_none() && self.open_revision() != self.shown_revision {
            self.reload_document();
        }
        self.refresh();
        if self.message.is_none() {
            self.message = Some("the project was changed elsewhere: reloaded".into());
        }
        true
    }

    /// Applies one terminal event. Returns whether the screen must be redrawn.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                self.handle_key(key);
                true
            }
            // The participant list is modal: the panes behind it wait.
            Event::Mouse(_) if self.screens.top().is_some_and(|s| s.modal()) => false,
            Event::Mouse(m) => self.handle_mouse(m.kind, m.column, m.row),
            Event::Resize(..) => true,
            Event::Paste(text)
                // Into the transcript being edited, when nothing is over it.
                if self.editing() && self.dialog.is_none() && !self.screens.any_shown() =>
            {
                self.edit_paste(text);
                true
            }
            Event::FocusGained => self.check_outside_changes(),
            _ => false,
        }
    }

    fn handle_key(&mut self, key: &KeyEvent) {
        if self.dialog.is_some() {
            self.dialog_key(key);
            return;
        }
        if self.show_help {
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => self.help_scroll += 1,
                KeyCode::Up | KeyCode::Char('k') => {
                    self.help_scroll = self.help_scroll.saturating_sub(1)
                }
                KeyCode::PageDown | KeyCode::Char(' ') => self.help_scroll += 10,
                KeyCode::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                _ => {
                    self.show_help = false;
                    if self.keymap.lookup(Context::Global, key) == Some(Action::Quit) {
                        self.quit = true;
                    }
                }
            }
            return;
        }
        if let Some((context, typing)) = self.screens.top().map(|s| (s.context(), s.typing())) {
            if typing {
                // The query takes what is typed; only the screen's own keys
                // and a few global ones (on keys that type nothing: Ctrl-z
                // undoes).
                let action = self.keymap.lookup_only(context, key).or_else(|| {
                    self.keymap.lookup(Context::Global, key).filter(|c| {
                        matches!(c, Action::Quit | Action::Help | Action::Undo | Action::Redo)
                            && !is_plain_char(key)
                    })
                });
                match action {
                    Some(action) => {
                        self.screen_update(action);
                    }
                    None => self.screen_typed(key),
                }
                return;
            }
            match self.keymap.lookup(context, key) {
                Some(action) => {
                    self.message = None;
                    self.screen_update(action);
                }
                None => {
                    let said = self.screens.top().map_or("", |s| s.unbound());
                    self.message = Some(said.into());
                }
            }
            return;
        }
        if self.edit.is_some() && self.focus == Focus::Transcript {
            self.edit_key(key);
            return;
        }
        match self.keymap.lookup(self.context(), key) {
            Some(cmd) => {
                self.message = None;
                self.run(cmd);
            }
            None => match key.code {
                KeyCode::Char(c) if self.focus == Focus::Transcript => self.shortcut(c),
                _ => self.message = Some("unbound key — press ? for help".into()),
            },
        }
    }

    fn handle_mouse(&mut self, kind: MouseEventKind, col: u16, row: u16) -> bool {
        match kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = kind == MouseEventKind::ScrollDown;
                match self.focus {
                    Focus::Retrieve => {
                        if let Some(r) = &mut self.retrieve {
                            r.step(if down { 1 } else { -1 });
                        }
                    }
                    _ => {
                        if let Some(t) = &mut self.transcript {
                            if down {
                                t.scroll_down(3);
                            } else {
                                t.scroll_up(3);
                            }
                        }
                    }
                }
                true
            }
            MouseEventKind::Down(MouseButton::Left)
                if self.dialog.is_none()
                    && !self.show_help
                    && self.list_hit(col, row).is_some() =>
            {
                if let Some(i) = self.list_hit(col, row) {
                    self.selected = i;
                    self.open_selected();
                }
                true
            }
            MouseEventKind::Down(MouseButton::Left) | MouseEventKind::Drag(MouseButton::Left) => {
                let drag = matches!(kind, MouseEventKind::Drag(_));
                let Some(area) = self.transcript_area else {
                    return false;
                };
                if self.dialog.is_some() || self.retrieve.is_some() {
                    return false;
                }
                let Some(t) = &mut self.transcript else {
                    return false;
                };
                if !area.contains(ratatui::layout::Position::new(col, row)) {
                    return false;
                }
                let Some(pos) = t.char_at_screen(col - area.x, row - area.y) else {
                    return false;
                };
                if drag {
                    if !t.selecting {
                        t.toggle_selecting();
                    }
                    t.set_cursor(pos);
                } else {
                    t.clear_selection();
                    t.set_cursor(pos);
                }
                self.set_focus(Focus::Transcript);
                true
            }
            _ => false,
        }
    }

    /// The document shown on screen at (`col`, `row`) in the list.
    fn list_hit(&self, col: u16, row: u16) -> Option<usize> {
        let (area, first) = self.list_rows?;
        if !area.contains(ratatui::layout::Position::new(col, row)) {
            return None;
        }
        let i = first + usize::from(row - area.y);
        (i < self.docs.len()).then_some(i)
    }

    /// Carries out an action: the screen on top's, else a global one or
    /// the pane's with focus.
    pub fn run(&mut self, action: Action) {
        if self.screen_update(action) {
            return;
        }
        if !self.run_global(action) {
            self.run_pane(action);
        }
    }

    /// Carries out `action` if it is one of those that work from anywhere
    /// (screens pass these on); whether it was.
    pub fn run_global(&mut self, action: Action) -> bool {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                self.show_help = true;
                self.help_scroll = 0;
            }
            Action::FocusNext => self.focus_next(),
            Action::Back => self.back(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::ToggleCodebook => self.toggle_codebook(),
            Action::Document(Dir::Next) => self.step_document(1),
            Action::Document(Dir::Prev) => self.step_document(-1),
            Action::DocumentMemo => self.document_memo(),
            Action::Search => super::search::open(self),
            Action::Export => self.start_export(),
            Action::ReassignCodings => self.start_reassign(),
            Action::OpenAgreement => super::agreement::open(self),
            Action::ToggleBlind => self.toggle_blind(),
            Action::Participants => super::participants::open(self),
            Action::OpenAnalysis => super::analysis::open(self),
            _ => return false,
        }
        true
    }

    /// An action for the pane with focus.
    fn run_pane(&mut self, action: Action) {
        let cmd = action;
        match self.focus {
            Focus::List => self.list_command(cmd),
            Focus::Transcript => self.transcript_command(cmd),
            Focus::Codebook => self.codebook_command(cmd),
            Focus::Retrieve => self.retrieve_command(cmd),
        }
    }

    fn focus_next(&mut self) {
        if self.screens.any_shown() {
            // Tab moves among the panes, not from a screen over them.
            return;
        }
        self.focus = match self.focus {
            Focus::List | Focus::Codebook if self.transcript.is_some() => Focus::Transcript,
            Focus::Transcript => match self.left {
                LeftPane::Documents => Focus::List,
                LeftPane::Codebook => Focus::Codebook,
            },
            other => other,
        };
    }

    fn back(&mut self) {
        match self.focus {
            Focus::Retrieve => {
                let from_analysis = self.retrieve.take().is_some_and(|r| r.from_analysis);
                self.set_focus(if self.transcript.is_some() {
                    Focus::Transcript
                } else {
                    Focus::Codebook
                });
                if from_analysis {
                    self.screens.show::<super::analysis::AnalysisState>();
                }
            }
            // Esc cancels what there is to cancel (a selection, then the
            // lit search matches) and never moves focus: Tab does that.
            Focus::Transcript => match self.transcript.as_mut() {
                Some(t) if t.selecting || !t.sel.is_empty() => t.clear_selection(),
                Some(t) if !t.highlights.is_empty() => t.highlights.clear(),
                _ => self.message = Some("nothing to cancel · Tab switches pane".into()),
            },
            _ => {}
        }
    }

    fn toggle_codebook(&mut self) {
        match (self.left, self.focus) {
            (LeftPane::Codebook, Focus::Codebook) => {
                self.left = LeftPane::Documents;
                self.set_focus(Focus::List);
            }
            _ => {
                self.left = LeftPane::Codebook;
                self.set_focus(Focus::Codebook);
                self.retrieve = None;
            }
        }
    }

    fn list_command(&mut self, cmd: Action) {
        match cmd {
            Action::Open => return self.open_selected(),
            Action::RenameDocument => return self.ask_rename_document(),
            Action::DeleteDocument => return self.ask_delete_document(),
            _ => {}
        }
        if self.docs.is_empty() {
            return;
        }
        let last = self.docs.len() - 1;
        self.selected = match cmd {
            Action::Move(Move::Down) => (self.selected + 1).min(last),
            Action::Move(Move::Up) => self.selected.saturating_sub(1),
            Action::Move(Move::PageDown) => (self.selected + 10).min(last),
            Action::Move(Move::PageUp) => self.selected.saturating_sub(10),
            Action::Move(Move::Top) => 0,
            Action::Move(Move::Bottom) => last,
            _ => self.selected,
        };
    }

    fn transcript_command(&mut self, cmd: Action) {
        let motion = match cmd {
            Action::Move(Move::Down) => Some(Motion::RowDown),
            Action::Move(Move::Up) => Some(Motion::RowUp),
            Action::Move(Move::Left) => Some(Motion::Left),
            Action::Move(Move::Right) => Some(Motion::Right),
            Action::Move(Move::WordForward) => Some(Motion::WordForward),
            Action::Move(Move::WordBack) => Some(Motion::WordBack),
            Action::Move(Move::WordEnd) => Some(Motion::WordEnd),
            Action::Move(Move::SentenceForward) => Some(Motion::SentenceForward),
            Action::Move(Move::SentenceBack) => Some(Motion::SentenceBack),
            Action::Move(Move::NextTurn) => Some(Motion::TurnForward),
            Action::Move(Move::PrevTurn) => Some(Motion::TurnBack),
            Action::Move(Move::PageDown) => Some(Motion::PageDown),
            Action::Move(Move::PageUp) => Some(Motion::PageUp),
            Action::Move(Move::HalfPageDown) => Some(Motion::HalfPageDown),
            Action::Move(Move::HalfPageUp) => Some(Motion::HalfPageUp),
            Action::Move(Move::Top) => Some(Motion::Start),
            Action::Move(Move::Bottom) => Some(Motion::End),
            Action::Hit(Dir::Next) | Action::Hit(Dir::Prev) => {
                self.step_hit(if cmd == Action::Hit(Dir::Next) { 1 } else { -1 });
                return;
            }
            Action::EditMode => {
                self.enter_edit();
                return;
            }
            Action::Review => {
                self.open_review();
                return;
            }
            Action::VerifyTurn => {
                self.verify_turn();
                return;
            }
            Action::NextUnverified => {
                self.next_unverified();
                return;
            }
            Action::Transcribe => {
                self.enter_transcribe();
                return;
            }
            _ => None,
        };
        if let Some(m) = motion {
            if let Some(t) = &mut self.transcript {
                t.motion(m);
            }
            return;
        }
        self.coding_command(cmd);
    }

    fn retrieve_command(&mut self, cmd: Action) {
        let Some(r) = &mut self.retrieve else {
            return;
        };
        match cmd {
            Action::Move(Move::Down) => r.step(1),
            Action::Move(Move::Up) => r.step(-1),
            Action::Move(Move::PageDown) => r.step(5),
            Action::Move(Move::PageUp) => r.step(-5),
            Action::Move(Move::Top) => r.selected = 0,
            Action::Move(Move::Bottom) => r.selected = r.excerpts.len().saturating_sub(1),
            Action::ToggleSubcodes if r.from_analysis => {
                self.message = Some("s on the analysis screen counts sub-codes or not".into())
            }
            Action::ToggleSubcodes => {
                let code = r.code.clone();
                let with = !r.with_subcodes;
                self.open_retrieve(&code, with);
            }
            Action::Open => self.jump_to_excerpt(),
            _ => {}
        }
    }

    fn step_document(&mut self, delta: isize) {
        if self.docs.is_empty() {
            return;
        }
        let next = self.selected as isize + delta;
        if next < 0 || next >= self.docs.len() as isize {
            self.message = Some(if delta > 0 {
                "this is the last document".into()
            } else {
                "this is the first document".into()
            });
            return;
        }
        self.selected = next as usize;
        self.open_selected();
    }

    /// Loads the highlighted document into the transcript view.
    pub fn open_selected(&mut self) {
        let Some(summary) = self.docs.get(self.selected) else {
            return;
        };
        let id = summary.id.clone();
        self.open_document(&id);
    }

    pub fn open_document(&mut self, id: &DocumentId) {
        if self.transcript.as_ref().map(|t| &t.doc.document.id) == Some(id) {
            self.set_focus(Focus::Transcript);
            return;
        }
        if let Some(i) = self.docs.iter().position(|d| &d.id == id) {
            self.selected = i;
        }
        // Another document: its recording is not this one (mpv stops).
        if self.transcription.as_ref().is_some_and(|t| &t.doc != id) {
            self.transcription = None;
        }
        let loaded = ops::documents::load(&self.store, id)
            .and_then(|doc| Ok((ops::coding::of_document(&self.store, id)?, doc)));
        match loaded {
            Ok((codings, doc)) => {
                let (w, h) = self
                    .transcript
                    .as_ref()
                    .map_or((80, 24), TranscriptState::viewport);
                let mut t = TranscriptState::new(doc);
                let blind = self.blind.then_some(self.coder.as_str());
                t.set_codings(blind::blind_filter(blind, codings));
                t.set_viewport(w, h);
                self.transcript = Some(t);
                self.shown_revision = self.open_revision();
                self.set_focus(Focus::Transcript);
            }
            Err(e) => self.message = Some(format!("cannot open the document: {e}")),
        }
    }

    /// Re-reads codings of the open document and the codebook after a change.
    fn refresh(&mut self) {
        if let Err(e) = self.codebook.reload(&self.store) {
            self.message = Some(format!("cannot read the codebook: {e}"));
        }
        let blind = self.blind.then_some(self.coder.as_str());
        if let Some(t) = &mut self.transcript {
            match ops::coding::of_document(&self.store, &t.doc.document.id) {
                Ok(c) => t.set_codings(blind::blind_filter(blind, c)),
                Err(e) => self.message = Some(format!("cannot read codings: {e}")),
            }
        }
        if let Some(r) = self.retrieve.as_ref().filter(|r| !r.from_analysis) {
            let (code, with) = (r.code.clone(), r.with_subcodes);
            let sel = r.selected;
            self.open_retrieve(&code, with);
            if let Some(r) = &mut self.retrieve {
                r.selected = sel.min(r.excerpts.len().saturating_sub(1));
            }
        }
        self.refresh_screens();
    }

    /// Applies a change, records it for undo, refreshes what is shown.
    /// Applies a change (minus any coding already stored: those are never
    /// stored twice) and says what it did in the status bar.
    pub(crate) fn perform(&mut self, change: crate::core::history::Change, done: String) {
        let (change, present) = match ops::edit::drop_present(&self.store, change) {
            Ok(x) => x,
            Err(e) => {
                self.message = Some(format!("not done: {e}"));
                return;
            }
        };
        let Some(change) = change else {
            self.message = Some(if present == 1 {
                "already coded: this passage has this code by this coder (not stored again)".into()
            } else {
                format!("all {present} codings are already present (nothing stored)")
            });
            return;
        };
        match self.editor.perform(&mut self.store, change) {
            Ok(()) if present > 0 => {
                self.message = Some(format!(
                    "{done} · {present} already present, not stored again"
                ))
            }
            Ok(()) => self.message = Some(done),
            Err(e) => {
                let said = ops::project::explain(&e).unwrap_or_else(|| e.to_string());
                self.message = Some(format!("not done: {said}"));
            }
        }
        self.refresh();
    }

    fn undo(&mut self) {
        self.commit_edits(true);
        let rev = self.open_revision();
        self.message = Some(match self.editor.undo(&mut self.store) {
            Ok(Some(what)) => format!("undid: {what}"),
            Ok(None) => "nothing to undo".into(),
            Err(e) => format!("cannot undo: {e}"),
        });
        self.after_undo(rev);
    }

    fn redo(&mut self) {
        self.commit_edits(true);
        let rev = self.open_revision();
        self.message = Some(match self.editor.redo(&mut self.store) {
            Ok(Some(what)) => format!("redid: {what}"),
            Ok(None) => "nothing to redo".into(),
            Err(e) => format!("cannot redo: {e}"),
        });
        self.after_undo(rev);
    }

    /// The revision of the open document (text edits change it).
    fn open_revision(&self) -> Option<u64> {
        let t = self.transcript.as_ref()?;
        ops::text::revision(&self.store, &t.doc.document.id).ok()
    }

    /// After undo or redo: the text too when it changed.
    fn after_undo(&mut self, before: Option<u64>) {
        // A document renamed, deleted or restored: the list follows.
        self.sync_documents();
        if self.open_revision() != before {
            self.reload_document();
            self.restart_search();
        }
        self.refresh();
    }

    pub fn can_undo(&self) -> bool {
        self.editor.can_undo()
    }

    /// The undo key that works in the pane with focus, for hints: where
    /// typing edits text (the search query) that is not `u`.
    pub fn undo_key(&self) -> String {
        let typing = self.screens.top().is_some_and(|s| s.typing())
            || (self.edit.is_some() && !self.screens.any_shown());
        self.keymap
            .keys_for(Context::Global, Action::Undo)
            .into_iter()
            .find(|k| !typing || k.starts_with("Ctrl-"))
            .unwrap_or_else(|| "Ctrl-z".into())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Re-indexes the turns that text edits touched, on a worker with its
    /// own connection (a turn takes a commit of the index: not on the
    /// keystroke's time). Finished jobs are reaped (their `Ended` news).
    fn start_reindexing(&mut self) {
        if self.editor.reindex.is_empty() {
            return;
        }
        let jobs = std::mem::take(&mut self.editor.reindex);
        let project = self.store.project().clone();
        let dir = self.index_dir.clone();
        // One after the other, in commit order (each moves the stamp on).
        let before = self.reindexing.pop();
        let job = Job::spawn("reindex", self.events.sender(), move |_| {
            // Dropping the previous job waits for it.
            drop(before);
            let Ok(store) = ops::project::open(&project, None) else {
                return;
            };
            for r in jobs {
                let _ = match &dir {
                    Some(d) => r.run_at(&store, d),
                    None => r.run(&store),
                };
            }
        });
        self.reindexing.push(job);
    }

    /// Ends the session: stops the workers (waiting for them, so their
    /// connections close), then closes the project, which checkpoints and
    /// removes its `-wal` file.
    pub fn close(mut self) -> anyhow::Result<()> {
        // Typing not yet written goes in first.
        self.commit_edits(true);
        // The writer's connection closes before ours.
        self.edit = None;
        self.start_reindexing();
        // Dropping the jobs waits for them.
        self.reindexing.clear();
        self.export_job = None;
        self.screens.close_all();
        // mpv is stopped.
        self.transcription = None;
        self.store.close()?;
        Ok(())
    }
}

/// A key that types a character (no Ctrl).
fn is_plain_char(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .contains(crossterm::event::KeyModifiers::CONTROL)
}
