//! The participant list's update: move among the speakers and attribute
//! columns, and ask for what `n` (rename), `a` (set) and `x` (remove) act
//! on; the changes themselves are the application's document management
//! (`app/documents.rs`), each undoable. The list is modal: only undo,
//! redo, help and quit pass through it.

use super::ParticipantsState;
use crate::core::sanitize::one_line;
use crate::ops;
use crate::tui::action::{Dir, Move};
use crate::tui::app::{App, InputThen};
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::Screen;
use ratatui::layout::Rect;
use ratatui::Frame;

/// `P`: the participants of the document the list acts on.
pub fn open(app: &mut App) {
    app.commit_edits(true);
    let Some(doc) = app.managed_document() else {
        app.message = Some("no document: import one first".into());
        return;
    };
    match ParticipantsState::load(app.store(), &doc) {
        Ok(p) => app.screens.open(p),
        Err(e) => app.message = Some(format!("cannot read the participants: {e}")),
    }
}

impl Screen for ParticipantsState {
    fn context(&self) -> Context {
        Context::Participants
    }

    fn status_label(&self) -> Option<&'static str> {
        Some(" PARTICIPANTS ")
    }

    fn modal(&self) -> bool {
        true
    }

    fn unbound(&self) -> &'static str {
        "unbound key in the participant list — Esc closes it"
    }

    fn view(&self, frame: &mut Frame<'_>, area: Rect, _app: &App) {
        self.draw(frame, area);
    }

    fn update(&mut self, app: &mut App, action: Action) {
        match action {
            Action::Move(Move::Down) => self.step(1),
            Action::Move(Move::Up) => self.step(-1),
            Action::Column(Dir::Next) => self.step_column(1),
            Action::Column(Dir::Prev) => self.step_column(-1),
            Action::RenameSpeaker => self.ask_rename_speaker(app),
            Action::SetAttribute => self.ask_attribute(app),
            Action::RemoveAttribute => self.remove_attribute(app),
            Action::Back | Action::Participants => app.screens.close::<ParticipantsState>(),
            Action::Undo | Action::Redo | Action::Help | Action::Quit => {
                app.run_global(action);
            }
            _ => app.message = Some("not in the participant list — Esc closes it".into()),
        }
    }

    /// After a change: the list shows the project as it is now (it closes
    /// when its document went).
    fn refresh(&mut self, app: &mut App) -> bool {
        self.reload(app.store()).is_ok()
    }
}

impl ParticipantsState {
    fn ask_rename_speaker(&self, app: &mut App) {
        let Some(s) = self.speaker() else {
            app.message = Some("this document has no speakers".into());
            return;
        };
        let old = s.participant.name.clone();
        let then = InputThen::RenameSpeaker(self.doc.clone(), old.clone());
        app.input(
            &format!(" Rename {} ", one_line(&old)),
            &old,
            "their labels are rewritten · Enter renames · Esc cancels",
            then,
        );
    }

    fn ask_attribute(&self, app: &mut App) {
        let Some(s) = self.speaker() else {
            app.message = Some("this document has no speakers".into());
            return;
        };
        let prefill = match (self.key(), self.value()) {
            (Some(k), Some(v)) => format!("{k}={v}"),
            (Some(k), None) => format!("{k}="),
            _ => String::new(),
        };
        let title = format!(" Attribute of {} ", one_line(&s.participant.name));
        let then = InputThen::SetAttribute(s.participant.id);
        app.input(
            &title,
            &prefill,
            "key=value, e.g. role=nurse (empty value removes) · Esc cancels",
            then,
        );
    }

    fn remove_attribute(&self, app: &mut App) {
        let (Some(s), Some(key)) = (self.speaker(), self.key()) else {
            app.message = Some("no attribute here to remove".into());
            return;
        };
        if self.value().is_none() {
            app.message = Some(format!(
                "{} has no {} to remove",
                one_line(&s.participant.name),
                one_line(key)
            ));
            return;
        }
        match ops::participants::set_attribute_change(app.store(), s.participant.id, key, None) {
            Ok(change) => app.set_attribute(change),
            Err(e) => app.message = Some(e.to_string()),
        }
    }
}
