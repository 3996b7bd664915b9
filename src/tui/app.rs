//! The viewer's state and its update function: events in, state changed,
//! nothing drawn here. Reads go through `ops`; the TUI never touches SQL.

use super::keymap::{Command, Keymap};
use super::transcript::TranscriptState;
use crate::ops;
use crate::ops::documents::DocumentSummary;
use crate::store::Store;
use crossterm::event::{Event, KeyEventKind, MouseEventKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Transcript,
}

pub struct App {
    store: Store,
    pub keymap: Keymap,
    pub docs: Vec<DocumentSummary>,
    /// Index into `docs` of the highlighted document.
    pub selected: usize,
    pub focus: Focus,
    pub transcript: Option<TranscriptState>,
    pub show_help: bool,
    /// A one-line message for the status bar (errors, hints).
    pub message: Option<String>,
    pub coder: String,
    pub project_name: String,
    quit: bool,
}

impl App {
    /// Opens the viewer on `store`, with the first document shown.
    pub fn new(store: Store) -> ops::Result<App> {
        let docs = ops::documents::list(&store)?;
        let coder = store.current_coder()?;
        let project_name = store
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut app = App {
            store,
            keymap: Keymap::default(),
            docs,
            selected: 0,
            focus: Focus::List,
            transcript: None,
            show_help: false,
            message: None,
            coder,
            project_name,
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

    /// Applies one terminal event. Returns whether the screen must be redrawn.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                match self.keymap.lookup(key) {
                    Some(cmd) => {
                        self.message = None;
                        self.run(cmd);
                    }
                    None => {
                        self.message = Some("unbound key — press ? for help".into());
                    }
                }
                true
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => {
                    self.scroll_wheel(3);
                    true
                }
                MouseEventKind::ScrollUp => {
                    self.scroll_wheel(-3);
                    true
                }
                _ => false,
            },
            Event::Resize(..) => true,
            _ => false,
        }
    }

    fn scroll_wheel(&mut self, delta: isize) {
        if let Some(t) = &mut self.transcript {
            if delta > 0 {
                t.scroll_down(delta.unsigned_abs());
            } else {
                t.scroll_up(delta.unsigned_abs());
            }
        }
    }

    /// Carries out a named command.
    pub fn run(&mut self, cmd: Command) {
        if self.show_help {
            // In help, any command closes it (quit still quits).
            self.show_help = false;
            if cmd == Command::Quit {
                self.quit = true;
            }
            return;
        }
        match cmd {
            Command::Quit => self.quit = true,
            Command::Help => self.show_help = true,
            Command::FocusNext => {
                self.focus = match self.focus {
                    Focus::List if self.transcript.is_some() => Focus::Transcript,
                    _ => Focus::List,
                }
            }
            Command::Back => self.focus = Focus::List,
            Command::Open => {
                if self.focus == Focus::List {
                    self.open_selected();
                }
            }
            Command::NextDocument => self.step_document(1),
            Command::PrevDocument => self.step_document(-1),
            _ => match self.focus {
                Focus::List => self.list_motion(cmd),
                Focus::Transcript => self.transcript_motion(cmd),
            },
        }
    }

    fn list_motion(&mut self, cmd: Command) {
        if self.docs.is_empty() {
            return;
        }
        let last = self.docs.len() - 1;
        self.selected = match cmd {
            Command::Down => (self.selected + 1).min(last),
            Command::Up => self.selected.saturating_sub(1),
            Command::PageDown | Command::HalfPageDown => (self.selected + 10).min(last),
            Command::PageUp | Command::HalfPageUp => self.selected.saturating_sub(10),
            Command::Top => 0,
            Command::Bottom => last,
            _ => self.selected,
        };
    }

    fn transcript_motion(&mut self, cmd: Command) {
        let Some(t) = &mut self.transcript else {
            return;
        };
        match cmd {
            Command::Down => t.scroll_down(1),
            Command::Up => t.scroll_up(1),
            Command::PageDown => t.page_down(),
            Command::PageUp => t.page_up(),
            Command::HalfPageDown => t.half_page_down(),
            Command::HalfPageUp => t.half_page_up(),
            Command::NextTurn => t.next_turn(),
            Command::PrevTurn => t.prev_turn(),
            Command::Top => t.to_top(),
            Command::Bottom => t.to_bottom(),
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
    fn open_selected(&mut self) {
        let Some(summary) = self.docs.get(self.selected) else {
            return;
        };
        match ops::documents::load(&self.store, &summary.id) {
            Ok(doc) => {
                let (w, h) = self
                    .transcript
                    .as_ref()
                    .map_or((80, 24), TranscriptState::viewport);
                let mut t = TranscriptState::new(doc);
                t.set_viewport(w, h);
                self.transcript = Some(t);
                self.focus = Focus::Transcript;
            }
            Err(e) => self.message = Some(format!("cannot open the document: {e}")),
        }
    }
}
