//! The agreement screen's commands: open it, drill down, walk the
//! disagreement queue and settle each passage into the `consensus` coder
//! (an undoable change), and the transcript's blind mode.

use super::{App, Focus};
use crate::core::sanitize::one_line;
use crate::core::Coding;
use crate::ops;
use crate::ops::agreement::Settle;
use crate::tui::agreement::{AgreementState, AgreementView, QueueState};
use crate::tui::keymap::Command;
use std::collections::HashMap;

/// The codings the transcript shows: in blind mode only `coder`'s; never
/// zero-length ones (a "settled: none" decision covers no text).
pub(super) fn blind_filter(blind: Option<&str>, codings: Vec<Coding>) -> Vec<Coding> {
    codings
        .into_iter()
        .filter(|c| !c.range.is_empty() && blind.is_none_or(|b| c.coder == b))
        .collect()
}

impl App {
    /// `A`: computes the report and shows the per-code table.
    pub(super) fn open_agreement(&mut self) {
        match ops::agreement::report(&self.store, None, None, Default::default()) {
            Ok(report) => {
                self.agreement = Some(AgreementState {
                    report,
                    view: AgreementView::Codes,
                    code_row: 0,
                    doc_row: 0,
                    queue: None,
                });
                self.focus = Focus::Agreement;
            }
            Err(e) => self.message = Some(format!("agreement: {e}")),
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

    pub(super) fn agreement_command(&mut self, cmd: Command) {
        let Some(a) = &mut self.agreement else {
            return;
        };
        match cmd {
            Command::Down => a.step(1),
            Command::Up => a.step(-1),
            Command::PageDown => a.step(10),
            Command::PageUp => a.step(-10),
            Command::Top => a.step(isize::MIN / 2),
            Command::Bottom => a.step(isize::MAX / 2),
            Command::Open if a.view == AgreementView::Codes => {
                a.view = AgreementView::Documents(a.code_row);
                a.doc_row = 0;
            }
            Command::Disagreements => {
                let code = match a.view {
                    AgreementView::Documents(k) => a.report.codes.get(k).cloned(),
                    _ => None,
                };
                self.open_queue(code);
            }
            Command::KeepCoder => {
                let n = self.last_digit.unwrap_or(1);
                self.settle(Settle::Keep(n.saturating_sub(1)));
            }
            Command::SettleUnion => self.settle(Settle::Union),
            Command::SettleIntersection => self.settle(Settle::Intersection),
            Command::SettleNone => self.settle(Settle::Nothing),
            Command::AcceptAgreed => self.accept_agreed(),
            Command::NextOpen => self.next_open(),
            _ => {}
        }
        self.load_queue_text();
    }

    /// Esc: queue or per-document view → table → where the user was.
    pub(super) fn agreement_back(&mut self) {
        match self.agreement.as_ref().map(|a| a.view) {
            Some(AgreementView::Documents(_)) | Some(AgreementView::Queue) => {
                if let Some(a) = &mut self.agreement {
                    a.view = AgreementView::Codes;
                    a.queue = None;
                }
                // The figures change as disagreements are settled.
                self.reload_report();
            }
            _ => {
                self.agreement = None;
                self.focus = if self.transcript.is_some() {
                    Focus::Transcript
                } else {
                    Focus::List
                };
            }
        }
    }

    fn reload_report(&mut self) {
        if let Some(a) = &mut self.agreement {
            match ops::agreement::report(&self.store, None, None, Default::default()) {
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
        match ops::agreement::disagreements(&self.store, None, codes.as_deref()) {
            Ok(queue) => {
                let mut q = QueueState {
                    queue,
                    selected: 0,
                    code,
                    texts: HashMap::new(),
                };
                // Start at the first passage not yet settled.
                let vis = q.visible();
                q.selected = vis
                    .iter()
                    .position(|&i| !q.queue.disagreements[i].settled)
                    .unwrap_or(0);
                if let Some(a) = &mut self.agreement {
                    a.queue = Some(q);
                    a.view = AgreementView::Queue;
                }
                self.load_queue_text();
            }
            Err(e) => self.message = Some(format!("disagreements: {e}")),
        }
    }

    /// Makes sure the shown disagreement's document text is loaded.
    fn load_queue_text(&mut self) {
        let Some(q) = self.agreement.as_mut().and_then(|a| a.queue.as_mut()) else {
            return;
        };
        let Some(i) = q.current() else {
            return;
        };
        let doc = q.queue.disagreements[i].document.clone();
        if q.texts.contains_key(&doc) {
            return;
        }
        match ops::documents::load(&self.store, &doc) {
            Ok(d) => {
                q.texts.insert(doc, d.document.text);
            }
            Err(e) => self.message = Some(format!("cannot read the document: {e}")),
        }
    }

    /// Re-reads the queue after a change (settle, undo), keeping the place.
    pub(super) fn refresh_agreement(&mut self) {
        let Some(a) = &mut self.agreement else {
            return;
        };
        if let Some(q) = &mut a.queue {
            let codes = q.code.clone().map(|c| vec![c]);
            match ops::agreement::disagreements(&self.store, None, codes.as_deref()) {
                Ok(queue) => {
                    q.queue = queue;
                    q.selected = q.selected.min(q.visible().len().saturating_sub(1));
                }
                Err(e) => self.message = Some(format!("disagreements: {e}")),
            }
        }
        self.load_queue_text();
    }

    fn settle(&mut self, how: Settle) {
        let Some(q) = self.agreement.as_ref().and_then(|a| a.queue.as_ref()) else {
            self.message = Some("d opens the disagreements to settle".into());
            return;
        };
        let Some(i) = q.current() else {
            return;
        };
        let d = q.queue.disagreements[i].clone();
        let coders = q.queue.coders.clone();
        let what = match how {
            Settle::Keep(c) => match coders.get(c) {
                Some(name) => format!("kept {}'s version", one_line(name)),
                None => {
                    self.message = Some(format!("there is no coder {} here", c + 1));
                    return;
                }
            },
            Settle::Union => "kept the union".into(),
            Settle::Intersection => "kept the intersection".into(),
            Settle::Nothing => "coded nothing here".into(),
        };
        match ops::agreement::settle_change(&self.store, &d, &coders, how) {
            Ok(change) => {
                self.perform(change, format!("settled: {what}"));
                self.next_open();
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    fn accept_agreed(&mut self) {
        let Some(q) = self.agreement.as_ref().and_then(|a| a.queue.as_ref()) else {
            self.message = Some("d opens the disagreements first".into());
            return;
        };
        let n = q.queue.agreed_unsettled.len();
        if n == 0 {
            self.message = Some("every agreed passage is already in consensus".into());
            return;
        }
        let change = ops::agreement::accept_agreed_change(&q.queue);
        self.perform(change, format!("copied {n} agreed passages into consensus"));
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
            None => self.message = Some(format!("all {n} disagreements are settled")),
        }
        self.load_queue_text();
    }
}
