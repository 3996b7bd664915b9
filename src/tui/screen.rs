//! Screens shown over the panes — the agreement screen, the analysis
//! screen, the participant list, the search pane. Each owns its state and has its own
//! update (an [`Action`] in, its state changed, perhaps the application
//! asked to do something) and its own view. [`Screens`] keeps the screens
//! opened in a session (one left keeps its state for when it is shown
//! again) and the stack of those shown, the top one taking the keys of its
//! keymap context. A screen is drawn over the panes, or docked in the right
//! pane beside the document list (the search pane); a typing screen takes
//! the keys that type. A new screen is a type implementing [`Screen`], its
//! context's bindings in the keymap, and an action that shows it: the
//! application's routing of keys, jobs' news, refreshes and drawing does
//! not change.
//!
//! The panes (document list, codebook, transcript, retrieve) are the
//! application's own state: a screen moves the focus among them
//! through the application ([`super::app::App::set_focus`]), which hides
//! the screens shown.

use super::app::App;
use super::jobs::JobEvent;
use super::keymap::{Action, Context};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::any::{Any, TypeId};

/// A screen over the panes.
pub trait Screen: Any {
    /// Whose keys apply while it is on top (and which help section).
    fn context(&self) -> Context;

    /// Carries out an action bound in its context (or a global one: a
    /// screen passes on to [`App::run_global`] the ones it lets through).
    fn update(&mut self, app: &mut App, action: Action);

    /// Draws the screen over `area` (the whole space above the status
    /// lines).
    fn view(&self, frame: &mut Frame<'_>, area: Rect, app: &App);

    /// A key no binding of its context or the global ones takes: what the
    /// status line says.
    fn unbound(&self) -> &'static str {
        "unbound key — press ? for help"
    }

    /// News of a background job: whether to redraw, or the news given
    /// back when the screen did not start the job.
    fn news(&mut self, _app: &mut App, ev: JobEvent) -> Result<bool, JobEvent> {
        Err(ev)
    }

    /// What the status line calls the mode while the screen is on top
    /// (`None`: the pane's under it).
    fn status_label(&self) -> Option<&'static str> {
        None
    }

    /// Whether the screen waits for a job's news.
    fn busy(&self) -> bool {
        false
    }

    /// The project changed (a coding, the codebook, a participant): reads
    /// again what it shows. Returns `false` when there is nothing left to
    /// show (the screen is then closed).
    fn refresh(&mut self, _app: &mut App) -> bool {
        true
    }

    /// Whether the mouse and pasted text reach the panes under it.
    fn modal(&self) -> bool {
        false
    }

    /// Whether it is drawn in the right pane, beside the document list or
    /// codebook (the search pane), rather than over both.
    fn docked(&self) -> bool {
        false
    }

    /// Whether keys that type go to [`Screen::typed`] (a query): only its
    /// own context's bindings and, on keys that type nothing, quit, help,
    /// undo and redo are actions then.
    fn typing(&self) -> bool {
        false
    }

    /// A key that types, on a typing screen.
    fn typed(&mut self, _app: &mut App, _key: &crossterm::event::KeyEvent) {}
}

/// Where a kept screen is.
enum Slot {
    Here(Box<dyn Screen>),
    /// Out for a call that needs the application too.
    Out,
    Closed,
}

impl Slot {
    fn get(&self) -> Option<&dyn Screen> {
        match self {
            Slot::Here(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    fn get_mut(&mut self) -> Option<&mut (dyn Screen + 'static)> {
        match self {
            Slot::Here(s) => Some(s.as_mut()),
            _ => None,
        }
    }
}

/// The screens of a session and the stack of those shown.
#[derive(Default)]
pub struct Screens {
    /// Every screen opened this session, with its type (known while the
    /// screen is out for its own update, its slot `None`).
    kept: Vec<(TypeId, Slot)>,
    /// Indices into `kept` of the screens shown, bottom to top.
    shown: Vec<usize>,
    /// A refresh came while a screen was out for its update.
    missed_refresh: bool,
}

impl Screens {
    fn index_of<S: Screen>(&self) -> Option<usize> {
        self.kept.iter().position(|(t, _)| *t == TypeId::of::<S>())
    }

    /// The kept screen of type `S`, shown or not.
    pub fn get<S: Screen>(&self) -> Option<&S> {
        let i = self.index_of::<S>()?;
        let s: &dyn Any = self.kept[i].1.get()?;
        s.downcast_ref::<S>()
    }

    pub fn get_mut<S: Screen>(&mut self) -> Option<&mut S> {
        let i = self.index_of::<S>()?;
        let s: &mut dyn Any = self.kept[i].1.get_mut()?;
        s.downcast_mut::<S>()
    }

    /// Whether the screen of type `S` is shown (on top or under another).
    pub fn shows<S: Screen>(&self) -> bool {
        self.index_of::<S>()
            .is_some_and(|i| self.shown.contains(&i))
    }

    /// Whether `S` is the screen on top (taking the keys).
    pub fn on_top<S: Screen>(&self) -> bool {
        self.index_of::<S>()
            .is_some_and(|i| self.shown.last() == Some(&i))
    }

    /// Whether any screen is shown.
    pub fn any_shown(&self) -> bool {
        !self.shown.is_empty()
    }

    /// The screen on top, if any.
    pub fn top(&self) -> Option<&dyn Screen> {
        let i = *self.shown.last()?;
        self.kept.get(i)?.1.get()
    }

    /// The screens shown, bottom to top (for drawing).
    pub fn shown(&self) -> impl Iterator<Item = &dyn Screen> + '_ {
        self.shown
            .iter()
            .filter_map(|&i| self.kept.get(i).and_then(|(_, s)| s.get()))
    }

    /// Keeps `screen` (replacing a kept one of its type) and shows it on
    /// top.
    pub fn open<S: Screen>(&mut self, screen: S) {
        let i = match self.index_of::<S>() {
            Some(i) => {
                self.kept[i].1 = Slot::Here(Box::new(screen));
                i
            }
            None => {
                self.kept
                    .push((TypeId::of::<S>(), Slot::Here(Box::new(screen))));
                self.kept.len() - 1
            }
        };
        self.raise(i);
    }

    /// Shows the kept screen of type `S` on top; whether there is one.
    pub fn show<S: Screen>(&mut self) -> bool {
        match self.index_of::<S>() {
            Some(i) if !matches!(self.kept[i].1, Slot::Closed) => {
                self.raise(i);
                true
            }
            _ => false,
        }
    }

    fn raise(&mut self, i: usize) {
        self.shown.retain(|&x| x != i);
        self.shown.push(i);
    }

    /// Stops showing `S` (it is kept with its state).
    pub fn hide<S: Screen>(&mut self) {
        if let Some(i) = self.index_of::<S>() {
            self.shown.retain(|&x| x != i);
        }
    }

    /// Stops showing every screen (the panes take the keys).
    pub fn hide_all(&mut self) {
        self.shown.clear();
    }

    /// Forgets `S`: dropping it stops its workers.
    pub fn close<S: Screen>(&mut self) {
        if let Some(i) = self.index_of::<S>() {
            self.shown.retain(|&x| x != i);
            self.kept[i].1 = Slot::Closed;
        }
    }

    /// Forgets every screen (at the end of the session).
    pub fn close_all(&mut self) {
        self.shown.clear();
        self.kept.clear();
    }

    /// The screen out for its update has read the project again itself
    /// (it needed the change at once): no refresh is due when it is back.
    pub fn refreshed(&mut self) {
        self.missed_refresh = false;
    }

    /// Whether any kept screen waits for a job.
    pub fn busy(&self) -> bool {
        self.kept
            .iter()
            .filter_map(|(_, s)| s.get())
            .any(|s| s.busy())
    }

    /// Takes the `i`th kept screen out for a call that needs the
    /// application too; [`Screens::put_back`] returns it.
    fn take(&mut self, i: usize) -> Option<Box<dyn Screen>> {
        let slot = &mut self.kept.get_mut(i)?.1;
        match std::mem::replace(slot, Slot::Out) {
            Slot::Here(s) => Some(s),
            other => {
                *slot = other;
                None
            }
        }
    }

    fn put_back(&mut self, i: usize, screen: Box<dyn Screen>) {
        // Closed or opened anew meanwhile: this one goes.
        if let Some((_, slot @ Slot::Out)) = self.kept.get_mut(i) {
            *slot = Slot::Here(screen);
        }
    }
}

impl App {
    /// Calls `f` with the `i`th kept screen and the application (the
    /// screen out of the application meanwhile); `None` if there is none.
    fn with_kept<R>(
        &mut self,
        i: usize,
        f: impl FnOnce(&mut dyn Screen, &mut App) -> R,
    ) -> Option<R> {
        let mut s = self.screens.take(i)?;
        let r = f(s.as_mut(), self);
        self.screens.put_back(i, s);
        if std::mem::take(&mut self.screens.missed_refresh) {
            self.refresh_screens();
        }
        Some(r)
    }

    /// The action for the screen on top; whether there was one.
    pub(super) fn screen_update(&mut self, action: Action) -> bool {
        let Some(&i) = self.screens.shown.last() else {
            return false;
        };
        self.with_kept(i, |s, app| s.update(app, action)).is_some()
    }

    /// A typed key for the screen on top.
    pub(super) fn screen_typed(&mut self, key: &crossterm::event::KeyEvent) {
        if let Some(&i) = self.screens.shown.last() {
            self.with_kept(i, |s, app| s.typed(app, key));
        }
    }

    /// A job's news to the screen that started the job: whether to
    /// redraw, or the news given back when no screen started the job.
    pub(super) fn screen_news(&mut self, mut ev: JobEvent) -> Result<bool, JobEvent> {
        for i in 0..self.screens.kept.len() {
            // A screen out for its own update gets no news meanwhile.
            let Some(mut s) = self.screens.take(i) else {
                continue;
            };
            let r = s.news(self, ev);
            self.screens.put_back(i, s);
            match r {
                Ok(redraw) => return Ok(redraw),
                Err(back) => ev = back,
            }
        }
        Err(ev)
    }

    /// Every kept screen reads the project again; one with nothing left to
    /// show is closed.
    pub(super) fn refresh_screens(&mut self) {
        for i in 0..self.screens.kept.len() {
            match self.screens.kept[i].1 {
                Slot::Here(_) => {}
                // Out for its own update: refreshed when it is back.
                Slot::Out => {
                    self.screens.missed_refresh = true;
                    continue;
                }
                Slot::Closed => continue,
            }
            if self.with_kept(i, |s, app| s.refresh(app)) == Some(false) {
                self.screens.shown.retain(|&x| x != i);
                self.screens.kept[i].1 = Slot::Closed;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct A(u8);
    struct B;

    impl Screen for A {
        fn context(&self) -> Context {
            Context::Analysis
        }
        fn update(&mut self, _: &mut App, _: Action) {}
        fn view(&self, _: &mut Frame<'_>, _: Rect, _: &App) {}
    }

    impl Screen for B {
        fn context(&self) -> Context {
            Context::Participants
        }
        fn update(&mut self, _: &mut App, _: Action) {}
        fn view(&self, _: &mut Frame<'_>, _: Rect, _: &App) {}
    }

    #[test]
    fn screens_are_kept_when_hidden_and_raised_when_shown_again() {
        let mut s = Screens::default();
        s.open(A(1));
        s.open(B);
        assert!(s.on_top::<B>() && s.shows::<A>());
        assert_eq!(s.top().map(|t| t.context()), Some(Context::Participants));
        s.hide::<B>();
        assert!(s.on_top::<A>());
        s.hide_all();
        assert!(!s.any_shown());
        assert_eq!(s.get::<A>().map(|a| a.0), Some(1));
        assert!(s.show::<B>() && s.on_top::<B>());
        // Opening anew replaces the kept state.
        s.open(A(2));
        assert_eq!(s.get::<A>().map(|a| a.0), Some(2));
        assert_eq!(s.shown().count(), 2);
        s.close::<A>();
        assert!(s.get::<A>().is_none() && !s.show::<A>());
        assert!(s.on_top::<B>());
    }
}
