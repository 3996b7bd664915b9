//! The agreement screen's commands: open it, choose the coders to compare,
//! drill down, walk the disagreement queue and settle each passage into the
//! `consensus` coder (an undoable change), and the transcript's blind mode.

use super::{App, Focus};
use crate::core::sanitize::one_line;
use crate::core::Coding;
use crate::ops;
use crate::ops::agreement::table::{numbered_coders, plural};
use crate::ops::agreement::{Settle, CONSENSUS};
use crate::tui::action::{Move, Rule};
use crate::tui::agreement::{AgreementState, AgreementView, CoderChoice, QueueState};
use crate::tui::keymap::Action;

/// The codings the transcript shows: in blind mode only `coder`'s; never
/// zero-length ones (a "settled: none" decision covers no text).
pub(super) fn blind_filter(blind: Option<&str>, codings: Vec<Coding>) -> Vec<Coding> {
    codings
        .into_iter()
        .filter(|c| !c.range.is_empty() && blind.is_none_or(|b| c.coder == b))
        .collect()
}

impl App {
    /// `A`: computes the report and shows the per-code table, for the
    /// coders chosen earlier in the session (or the default ones).
    pub(super) fn open_agreement(&mut self) {
        let coders = self.agreement.as_ref().and_then(|a| a.coders.clone());
        match ops::agreement::report(&self.store, coders.as_deref(), None, Default::default()) {
            Ok(report) => {
                self.agreement = Some(AgreementState {
                    report,
                    view: AgreementView::Codes,
                    code_row: 0,
                    doc_row: 0,
                    queue: None,
                    coders,
                    choice: None,
                    first_pair: 0,
                    note: None,
                });
                self.set_focus(Focus::Agreement);
            }
            Err(e) => {
                self.message = Some(format!("agreement: {e}"));
                // A choice that no longer works (a coder's codings were
                // removed) is forgotten, so `A` falls back to the default.
                if coders.is_some() {
                    self.agreement = None;
                }
            }
        }
    }

    /// `B`: show only the current coder's codings in the transcript, or all.
    pub(super) fn toggle_blind(&mut self) {
        self.blind = !self.blind;
        self.message = Some(if self.blind {
            format!(
                "blind mode: only {}'s codings are shown",
                one_line(&self.coder)
            )
        } else {
            "blind mode off: every coder's codings are shown".into()
        });
        self.refresh();
    }

    pub(super) fn agreement_command(&mut self, cmd: Action) {
        let Some(a) = &mut self.agreement else {
            return;
        };
        if a.choice.is_some() {
            self.choice_command(cmd);
            self.mirror_message();
            return;
        }
        match cmd {
            Action::Move(Move::Down) => a.step(1),
            Action::Move(Move::Up) => a.step(-1),
            Action::Move(Move::PageDown) => a.step(10),
            Action::Move(Move::PageUp) => a.step(-10),
            Action::Move(Move::Top) => a.step(isize::MIN / 2),
            Action::Move(Move::Bottom) => a.step(isize::MAX / 2),
            Action::Open if a.view == AgreementView::Codes => {
                a.view = AgreementView::Documents(a.code_row);
                a.doc_row = 0;
            }
            Action::NextPair => {
                if a.report.overall.pooled.pairs.len() > 1 {
                    a.next_pair();
                } else {
                    self.message = Some("there is only one pair of coders".into());
                }
            }
            Action::ChooseCoders => self.open_choice(),
            Action::Disagreements => {
                let code = match a.view {
                    AgreementView::Documents(k) => a.report.codes.get(k).cloned(),
                    _ => None,
                };
                self.open_queue(code);
            }
            Action::KeepCoder(n) => {
                let n = usize::from(n);
                self.settle(Settle::Keep(n.saturating_sub(1)));
            }
            Action::Settle(Rule::Union) => self.settle(Settle::Union),
            Action::Settle(Rule::Intersection) => self.settle(Settle::Intersection),
            Action::Settle(Rule::None) => self.settle(Settle::Nothing),
            Action::AcceptAgreed => self.accept_agreed(),
            Action::NextOpen => self.next_open(),
            _ => {}
        }
        self.load_queue_text();
        self.mirror_message();
    }

    /// Repeats the status line's message on the agreement screen, where
    /// there is room for all of it.
    fn mirror_message(&mut self) {
        if let Some(a) = &mut self.agreement {
            a.note = self.message.clone();
        }
    }

    /// `c`: the list of coders with codings, the compared ones ticked.
    fn open_choice(&mut self) {
        match ops::agreement::coders_with_codings(&self.store) {
            Ok(all) => {
                if let Some(a) = &mut self.agreement {
                    a.choice = Some(CoderChoice::new(all, &a.report.coders));
                }
            }
            Err(e) => self.message = Some(format!("cannot list the coders: {e}")),
        }
    }

    /// Keys while the coder list is open: move, toggle, compare.
    fn choice_command(&mut self, cmd: Action) {
        let Some(a) = &mut self.agreement else {
            return;
        };
        let Some(c) = &mut a.choice else {
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
                    self.message = Some(format!(
                        "choose at least two coders to compare ({} chosen)",
                        chosen.len()
                    ));
                    return;
                }
                self.compare(chosen);
            }
            _ => {
                self.message =
                    Some("Space ticks a coder, Enter compares the ticked ones, Esc cancels".into())
            }
        }
    }

    /// Recomputes the screen for `chosen` coders (the table, and the queue
    /// if it is open).
    fn compare(&mut self, chosen: Vec<String>) {
        let Some(a) = &mut self.agreement else {
            return;
        };
        match ops::agreement::report(&self.store, Some(&chosen), None, Default::default()) {
            Ok(r) => {
                a.report = r;
                a.coders = Some(chosen);
                a.choice = None;
                a.first_pair = 0;
                if let AgreementView::Documents(k) = a.view {
                    // Same code, whatever row it was.
                    a.view =
                        AgreementView::Documents(k.min(a.report.codes.len().saturating_sub(1)));
                }
                a.step(0);
                let who = numbered_coders(&a.report.coders);
                if let Some(q) = &mut a.queue {
                    q.others.clear();
                }
                self.refresh_agreement();
                self.message = Some(format!("comparing {who}"));
            }
            Err(e) => self.message = Some(format!("agreement: {e}")),
        }
    }

    /// Esc: coder list → screen; queue or per-document view → table →
    /// where the user was.
    pub(super) fn agreement_back(&mut self) {
        if let Some(a) = &mut self.agreement {
            if a.choice.take().is_some() {
                self.message = Some("coders unchanged".into());
                a.note = self.message.clone();
                return;
            }
        }
        match self.agreement.as_ref().map(|a| a.view) {
            Some(AgreementView::Documents(_)) | Some(AgreementView::Queue) => {
                if let Some(a) = &mut self.agreement {
                    a.view = AgreementView::Codes;
                    a.queue = None;
                }
                // The figures change as disagreements are settled.
                self.reload_report();
                self.mirror_message();
            }
            _ => {
                // The state stays (hidden) so that `A` keeps the chosen coders.
                if let Some(a) = &mut self.agreement {
                    a.queue = None;
                    a.choice = None;
                }
                self.set_focus(if self.transcript.is_some() {
                    Focus::Transcript
                } else {
                    Focus::List
                });
            }
        }
    }

    fn reload_report(&mut self) {
        if let Some(a) = &mut self.agreement {
            match ops::agreement::report(&self.store, a.coders.as_deref(), None, Default::default())
            {
                Ok(r) => {
                    a.report = r;
                    a.step(0);
                }
                Err(e) => self.message = Some(format!("agreement: {e}")),
            }
        }
    }

    fn open_queue(&mut self, code: Option<String>) {
        let codes = code.clone().map(|c| vec![c]);
        let coders = self.agreement.as_ref().and_then(|a| a.coders.clone());
        match ops::agreement::disagreements(&self.store, coders.as_deref(), codes.as_deref()) {
            Ok(queue) => {
                let q = QueueState::new(queue, code);
                if let Some(a) = &mut self.agreement {
                    a.queue = Some(q);
                    a.view = AgreementView::Queue;
                }
                self.load_queue_text();
            }
            Err(e) => self.message = Some(format!("disagreements: {e}")),
        }
    }

    /// Makes sure the shown disagreement's document (text and turns) and the
    /// other codes its coders used on it are loaded.
    fn load_queue_text(&mut self) {
        let Some(q) = self.agreement.as_mut().and_then(|a| a.queue.as_mut()) else {
            return;
        };
        let Some(i) = q.current() else {
            return;
        };
        let d = q.queue.disagreements[i].clone();
        if !q.texts.contains_key(&d.document) {
            match ops::documents::load(&self.store, &d.document) {
                Ok(doc) => {
                    q.texts.insert(d.document.clone(), doc.document.text);
                    q.segments.insert(d.document.clone(), doc.segments);
                }
                Err(e) => self.message = Some(format!("cannot read the document: {e}")),
            }
        }
        if !q.others.contains_key(&i) {
            match ops::agreement::other_codes(&self.store, &d, &q.queue.coders) {
                Ok(o) => {
                    q.others.insert(i, o);
                }
                Err(e) => self.message = Some(format!("cannot read the other codes: {e}")),
            }
        }
    }

    /// Re-reads the queue after a change (settle, undo), keeping the place.
    pub(super) fn refresh_agreement(&mut self) {
        let Some(a) = &mut self.agreement else {
            return;
        };
        if let Some(q) = &mut a.queue {
            let codes = q.code.clone().map(|c| vec![c]);
            match ops::agreement::disagreements(&self.store, a.coders.as_deref(), codes.as_deref())
            {
                Ok(queue) => {
                    q.queue = queue;
                    q.others.clear();
                    q.selected = q.selected.min(q.visible().len().saturating_sub(1));
                }
                Err(e) => self.message = Some(format!("disagreements: {e}")),
            }
        }
        self.load_queue_text();
        self.mirror_message();
    }

    /// Why the queue cannot be settled into `consensus` now, if it cannot.
    fn cannot_settle(&self) -> Option<String> {
        let Some(q) = self.agreement.as_ref().and_then(|a| a.queue.as_ref()) else {
            return Some("d opens the disagreements to settle".into());
        };
        if q.queue.coders.iter().any(|c| c == CONSENSUS) {
            return Some(format!(
                "{CONSENSUS} is one of the coders compared, and settling writes {CONSENSUS}: press c and untick it to settle"
            ));
        }
        None
    }

    fn settle(&mut self, how: Settle) {
        if let Some(why) = self.cannot_settle() {
            self.message = Some(why);
            return;
        }
        let Some(q) = self.agreement.as_ref().and_then(|a| a.queue.as_ref()) else {
            return;
        };
        let Some(i) = q.current() else {
            self.message = Some("no disagreement to settle here".into());
            return;
        };
        let d = q.queue.disagreements[i].clone();
        let coders = q.queue.coders.clone();
        let what = match how {
            Settle::Keep(c) => match coders.get(c) {
                Some(name) => format!("kept {}'s version", one_line(name)),
                None => {
                    self.message = Some(format!(
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
        match ops::agreement::settle_change(&self.store, &d, &coders, how) {
            Ok(change) => {
                self.perform(change, format!("settled {which}: {what}"));
                self.next_open();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// `a`: copies every passage all coders coded alike into `consensus`,
    /// and says what it did — or why there was nothing to copy.
    fn accept_agreed(&mut self) {
        if self.agreement.as_ref().is_some_and(|a| a.queue.is_none()) {
            self.message =
                Some("d opens the disagreement queue; a there copies the agreed passages".into());
            return;
        }
        if let Some(why) = self.cannot_settle() {
            self.message = Some(why);
            return;
        }
        let Some(q) = self.agreement.as_ref().and_then(|a| a.queue.as_ref()) else {
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
            self.message = Some(if q.queue.agreed == 0 {
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
        self.perform(
            change,
            format!(
                "copied {}{scope} coded alike by all {m} coders into consensus",
                plural(n, "passage", "passages")
            ),
        );
    }

    /// Moves to the next disagreement not yet settled (wrapping).
    fn next_open(&mut self) {
        let Some(q) = self.agreement.as_mut().and_then(|a| a.queue.as_mut()) else {
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
                self.message = Some(if n == 1 {
                    "the only disagreement is settled".into()
                } else {
                    format!("all {n} disagreements are settled")
                })
            }
        }
        self.load_queue_text();
    }
}
