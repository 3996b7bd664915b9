//! The agreement screen's update: choose the coders to compare, drill
//! down, walk the disagreement queue and settle each passage into the
//! `consensus` coder (an undoable change).

use super::{AgreementState, AgreementView, CoderChoice, QueueState};
use crate::core::sanitize::one_line;
use crate::ops;
use crate::ops::agreement::table::{numbered_coders, plural};
use crate::ops::agreement::{Settle, CONSENSUS};
use crate::tui::action::{Move, Rule};
use crate::tui::app::App;
use crate::tui::keymap::{Action, Context};
use crate::tui::screen::Screen;
use ratatui::layout::Rect;
use ratatui::Frame;

/// `A`: computes the report and shows the per-code table, for the coders
/// chosen earlier in the session (or the default ones).
pub fn open(app: &mut App) {
    let coders = app
        .screens
        .get::<AgreementState>()
        .and_then(|a| a.coders.clone());
    match ops::agreement::report(app.store(), coders.as_deref(), None, Default::default()) {
        Ok(report) => app.screens.open(AgreementState {
            report,
            view: AgreementView::Codes,
            code_row: 0,
            doc_row: 0,
            queue: None,
            coders,
            choice: None,
            first_pair: 0,
            note: None,
        }),
        Err(e) => {
            app.message = Some(format!("agreement: {e}"));
            // A choice that no longer works (a coder's codings were
            // removed) is forgotten, so `A` falls back to the default.
            if coders.is_some() {
                app.screens.close::<AgreementState>();
            }
        }
    }
}

impl Screen for AgreementState {
    fn context(&self) -> Context {
        Context::Agreement
    }

    fn status_label(&self) -> Option<&'static str> {
        Some(" AGREEMENT ")
    }

    fn view(&self, frame: &mut Frame<'_>, area: Rect, _app: &App) {
        self.draw(frame, area);
    }

    fn update(&mut self, app: &mut App, action: Action) {
        if action == Action::Back {
            return self.back(app);
        }
        if app.run_global(action) {
            return;
        }
        self.command(app, action);
    }

    /// After a change (settle, undo): the queue is read again, in place.
    fn refresh(&mut self, app: &mut App) -> bool {
        self.reread(app);
        true
    }
}

impl AgreementState {
    fn command(&mut self, app: &mut App, cmd: Action) {
        if self.choice.is_some() {
            self.choice_command(app, cmd);
            self.mirror_message(app);
            return;
        }
        match cmd {
            Action::Move(Move::Down) => self.step(1),
            Action::Move(Move::Up) => self.step(-1),
            Action::Move(Move::PageDown) => self.step(10),
            Action::Move(Move::PageUp) => self.step(-10),
            Action::Move(Move::Top) => self.step(isize::MIN / 2),
            Action::Move(Move::Bottom) => self.step(isize::MAX / 2),
            Action::Open if self.view == AgreementView::Codes => {
                self.view = AgreementView::Documents(self.code_row);
                self.doc_row = 0;
            }
            Action::NextPair => {
                if self.report.overall.pooled.pairs.len() > 1 {
                    self.next_pair();
                } else {
                    app.message = Some("there is only one pair of coders".into());
                }
            }
            Action::ChooseCoders => self.open_choice(app),
            Action::Disagreements => {
                let code = match self.view {
                    AgreementView::Documents(k) => self.report.codes.get(k).cloned(),
                    _ => None,
                };
                self.open_queue(app, code);
            }
            Action::KeepCoder(n) => {
                let n = usize::from(n);
                self.settle(app, Settle::Keep(n.saturating_sub(1)));
            }
            Action::Settle(Rule::Union) => self.settle(app, Settle::Union),
            Action::Settle(Rule::Intersection) => self.settle(app, Settle::Intersection),
            Action::Settle(Rule::None) => self.settle(app, Settle::Nothing),
            Action::AcceptAgreed => self.accept_agreed(app),
            Action::NextOpen => self.next_open(app),
            _ => {}
        }
        self.load_queue_text(app);
        self.mirror_message(app);
    }

    /// Repeats the status line's message on the agreement screen, where
    /// there is room for all of it.
    fn mirror_message(&mut self, app: &mut App) {
        {
            self.note = app.message.clone();
        }
    }

    /// `c`: the list of coders with codings, the compared ones ticked.
    fn open_choice(&mut self, app: &mut App) {
        match ops::agreement::coders_with_codings(app.store()) {
            Ok(all) => {
                self.choice = Some(CoderChoice::new(all, &self.report.coders));
            }
            Err(e) => app.message = Some(format!("cannot list the coders: {e}")),
        }
    }

    /// Keys while the coder list is open: move, toggle, compare.
    fn choice_command(&mut self, app: &mut App, cmd: Action) {
        let Some(c) = &mut self.choice else {
            return;
        };
        match cmd {
            Action::Move(Move::Down) => c.step(1),
            Action::Move(Move::Up) => c.step(-1),
            Action::Move(Move::Top) => c.step(isize::MIN / 2),
            Action::Move(Move::Bottom) => c.step(isize::MAX / 2),
            Action::NextOpen => c.toggle(c.row),
            Action::KeepCoder(n) => {
                let n = usize::from(n).saturating_sub(1);
                c.toggle(n);
                c.row = n.min(c.coders.len().saturating_sub(1));
            }
            Action::Open => {
                let chosen = c.selected();
                if chosen.len() < 2 {
                    app.message = Some(format!(
                        "choose at least two coders to compare ({} chosen)",
                        chosen.len()
                    ));
                    return;
                }
                self.compare(app, chosen);
            }
            _ => {
                app.message =
                    Some("Space ticks a coder, Enter compares the ticked ones, Esc cancels".into())
            }
        }
    }

    /// Recomputes the screen for `chosen` coders (the table, and the queue
    /// if it is open).
    fn compare(&mut self, app: &mut App, chosen: Vec<String>) {
        match ops::agreement::report(app.store(), Some(&chosen), None, Default::default()) {
            Ok(r) => {
                self.report = r;
                self.coders = Some(chosen);
                self.choice = None;
                self.first_pair = 0;
                if let AgreementView::Documents(k) = self.view {
                    // Same code, whatever row it was.
                    self.view =
                        AgreementView::Documents(k.min(self.report.codes.len().saturating_sub(1)));
                }
                self.step(0);
                let who = numbered_coders(&self.report.coders);
                if let Some(q) = &mut self.queue {
                    q.others.clear();
                }
                self.reread(app);
                app.message = Some(format!("comparing {who}"));
            }
            Err(e) => app.message = Some(format!("agreement: {e}")),
        }
    }

    /// Esc: coder list → screen; queue or per-document view → table →
    /// where the user was.
    fn back(&mut self, app: &mut App) {
        {
            if self.choice.take().is_some() {
                app.message = Some("coders unchanged".into());
                self.note = app.message.clone();
                return;
            }
        }
        match Some(self.view) {
            Some(AgreementView::Documents(_)) | Some(AgreementView::Queue) => {
                {
                    self.view = AgreementView::Codes;
                    self.queue = None;
                }
                // The figures change as disagreements are settled.
                self.reload_report(app);
                self.mirror_message(app);
            }
            _ => {
                // The state stays (hidden) so that `A` keeps the chosen
                // coders; the pane under the screen has the keys again.
                self.queue = None;
                self.choice = None;
                app.screens.hide::<AgreementState>();
            }
        }
    }

    fn reload_report(&mut self, app: &mut App) {
        match ops::agreement::report(
            app.store(),
            self.coders.as_deref(),
            None,
            Default::default(),
        ) {
            Ok(r) => {
                self.report = r;
                self.step(0);
            }
            Err(e) => app.message = Some(format!("agreement: {e}")),
        }
    }

    fn open_queue(&mut self, app: &mut App, code: Option<String>) {
        let codes = code.clone().map(|c| vec![c]);
        let coders = self.coders.clone();
        match ops::agreement::disagreements(app.store(), coders.as_deref(), codes.as_deref()) {
            Ok(queue) => {
                let q = QueueState::new(queue, code);
                {
                    self.queue = Some(q);
                    self.view = AgreementView::Queue;
                }
                self.load_queue_text(app);
            }
            Err(e) => app.message = Some(format!("disagreements: {e}")),
        }
    }

    /// Makes sure the shown disagreement's document (text and turns) and the
    /// other codes its coders used on it are loaded.
    fn load_queue_text(&mut self, app: &mut App) {
        let Some(q) = self.queue.as_mut() else {
            return;
        };
        let Some(i) = q.current() else {
            return;
        };
        let d = q.queue.disagreements[i].clone();
        if !q.texts.contains_key(&d.document) {
            match ops::documents::load(app.store(), &d.document) {
                Ok(doc) => {
                    q.texts.insert(d.document.clone(), doc.document.text);
                    q.segments.insert(d.document.clone(), doc.segments);
                }
                Err(e) => app.message = Some(format!("cannot read the document: {e}")),
            }
        }
        if !q.others.contains_key(&i) {
            match ops::agreement::other_codes(app.store(), &d, &q.queue.coders) {
                Ok(o) => {
                    q.others.insert(i, o);
                }
                Err(e) => app.message = Some(format!("cannot read the other codes: {e}")),
            }
        }
    }

    /// Re-reads the queue after a change (settle, undo), keeping the place.
    fn reread(&mut self, app: &mut App) {
        if let Some(q) = &mut self.queue {
            let codes = q.code.clone().map(|c| vec![c]);
            match ops::agreement::disagreements(
                app.store(),
                self.coders.as_deref(),
                codes.as_deref(),
            ) {
                Ok(queue) => {
                    q.queue = queue;
                    q.others.clear();
                    q.selected = q.selected.min(q.visible().len().saturating_sub(1));
                }
                Err(e) => app.message = Some(format!("disagreements: {e}")),
            }
        }
        self.load_queue_text(app);
        self.mirror_message(app);
    }

    /// Why the queue cannot be settled into `consensus` now, if it cannot.
    fn cannot_settle(&self) -> Option<String> {
        let Some(q) = self.queue.as_ref() else {
            return Some("d opens the disagreements to settle".into());
        };
        if q.queue.coders.iter().any(|c| c == CONSENSUS) {
            return Some(format!(
                "{CONSENSUS} is one of the coders compared, and settling writes {CONSENSUS}: press c and untick it to settle"
            ));
        }
        None
    }

    fn settle(&mut self, app: &mut App, how: Settle) {
        if let Some(why) = self.cannot_settle() {
            app.message = Some(why);
            return;
        }
        let Some(q) = self.queue.as_ref() else {
            return;
        };
        let Some(i) = q.current() else {
            app.message = Some("no disagreement to settle here".into());
            return;
        };
        let d = q.queue.disagreements[i].clone();
        let coders = q.queue.coders.clone();
        let what = match how {
            Settle::Keep(c) => match coders.get(c) {
                Some(name) => format!("kept {}'s version", one_line(name)),
                None => {
                    app.message = Some(format!(
                        "there is no coder {} here: {}",
                        c + 1,
                        numbered_coders(&coders)
                    ));
                    return;
                }
            },
            Settle::Union => "kept the union".into(),
            Settle::Intersection => "kept the intersection".into(),
            Settle::Nothing => "coded nothing here".into(),
        };
        let which = format!("passage {} of {}", q.selected + 1, q.visible().len());
        match ops::agreement::settle_change(app.store(), &d, &coders, how) {
            Ok(change) => {
                app.perform(change, format!("settled {which}: {what}"));
                // The queue as it is now, before moving on in it.
                self.reread(app);
                app.screens.refreshed();
                self.next_open(app);
            }
            Err(e) => app.message = Some(e.to_string()),
        }
    }

    /// `a`: copies every passage all coders coded alike into `consensus`,
    /// and says what it did — or why there was nothing to copy.
    fn accept_agreed(&mut self, app: &mut App) {
        if self.queue.is_none() {
            app.message =
                Some("d opens the disagreement queue; a there copies the agreed passages".into());
            return;
        }
        if let Some(why) = self.cannot_settle() {
            app.message = Some(why);
            return;
        }
        let Some(q) = self.queue.as_ref() else {
            return;
        };
        let m = q.queue.coders.len();
        let scope = q
            .code
            .as_ref()
            .map(|c| format!(" of {}", one_line(c)))
            .unwrap_or_default();
        let n = q.queue.agreed_unsettled.len();
        if n == 0 {
            app.message = Some(if q.queue.agreed == 0 {
                format!("nothing to copy: no passage{scope} was coded alike by all {m} coders")
            } else {
                format!(
                    "nothing to copy: {} coded alike by all {m} coders {} already in consensus",
                    match q.queue.agreed {
                        1 => format!("the only passage{scope}"),
                        k => format!("all {k} passages{scope}"),
                    },
                    if q.queue.agreed == 1 { "is" } else { "are" }
                )
            });
            return;
        }
        let change = ops::agreement::accept_agreed_change(&q.queue);
        app.perform(
            change,
            format!(
                "copied {}{scope} coded alike by all {m} coders into consensus",
                plural(n, "passage", "passages")
            ),
        );
    }

    /// Moves to the next disagreement not yet settled (wrapping).
    fn next_open(&mut self, app: &mut App) {
        let Some(q) = self.queue.as_mut() else {
            return;
        };
        let vis = q.visible();
        if vis.is_empty() {
            return;
        }
        let n = vis.len();
        match (1..=n)
            .map(|k| (q.selected + k) % n)
            .find(|&j| !q.queue.disagreements[vis[j]].settled)
        {
            Some(j) => q.selected = j,
            None => {
                app.message = Some(if n == 1 {
                    "the only disagreement is settled".into()
                } else {
                    format!("all {n} disagreements are settled")
                })
            }
        }
        self.load_queue_text(app);
    }
}
