//! Writing typed text to the project off the caller's thread (the TUI's
//! edit mode): a commit is a transaction with its fsyncs, tens of
//! milliseconds that must not fall on a keystroke. The worker has its own
//! connection and its own copy of the document's text as committed, applies
//! the changes in the order they were sent, and hands back each revision's
//! `Change` for the caller's undo history. The caller waits for it
//! ([`Committer::wait`]) before it writes anything else, so the project
//! sees one writer at a time and in order. After each reply (and when the
//! worker ends) it calls the caller's `notify`, so an event loop can sleep
//! until there is something to take.

use super::DocText;
use crate::core::change::TextChange;
use crate::core::history::{Change, EditKind};
use crate::core::DocumentId;
use crate::ops::edit::Reindex;
use crate::ops::Store;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::JoinHandle;

/// One revision written, or why it was not.
pub type Committed = crate::ops::Result<(Change, Option<Reindex>)>;

struct Job {
    change: TextChange,
    kind: EditKind,
}

/// Called by the worker after each reply it sends, and once when it ends.
pub type Notify = Box<dyn Fn() + Send>;

/// The worker and the replies not yet taken.
pub struct Committer {
    jobs: Option<Sender<Job>>,
    done: Receiver<Committed>,
    in_flight: usize,
    thread: Option<JoinHandle<()>>,
}

impl Committer {
    /// Starts a worker for `doc` on its own connection to the project,
    /// writing as `coder`; `notify` tells the caller that a reply is
    /// waiting.
    pub fn start(
        project: &crate::store::Project,
        coder: &str,
        doc: DocumentId,
        notify: Notify,
    ) -> crate::ops::Result<Committer> {
        let store = crate::ops::project::open(project, Some(coder))?;
        let (jobs, rx) = channel::<Job>();
        let (tx, done) = channel();
        let thread = std::thread::Builder::new()
            .name("gloss-commit".into())
            .spawn(move || work(store, doc, rx, tx, notify))
            .map_err(|e| crate::ops::Error::Invalid(format!("cannot start the writer: {e}")))?;
        Ok(Committer {
            jobs: Some(jobs),
            done,
            in_flight: 0,
            thread: Some(thread),
        })
    }

    /// Queues `change` (of the text as the previous job left it).
    pub fn send(&mut self, change: TextChange, kind: EditKind) {
        if let Some(jobs) = &self.jobs {
            if jobs.send(Job { change, kind }).is_ok() {
                self.in_flight += 1;
            }
        }
    }

    /// Whether jobs are queued or being written.
    pub fn busy(&self) -> bool {
        self.in_flight > 0
    }

    /// The revisions written since the last look, without waiting (and,
    /// if the worker has stopped with jobs unwritten, a failure saying so).
    pub fn take(&mut self) -> Vec<Committed> {
        let mut out = Vec::new();
        loop {
            match self.done.try_recv() {
                Ok(r) => out.push(r),
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    if self.in_flight > out.len() {
                        out.push(Err(stopped()));
                        self.in_flight = 0;
                        return out;
                    }
                    break;
                }
            }
        }
        self.in_flight -= out.len().min(self.in_flight);
        out
    }

    /// Waits until every queued job is written; returns their replies.
    pub fn wait(&mut self) -> Vec<Committed> {
        let mut out = self.take();
        while self.in_flight > 0 {
            match self.done.recv() {
                Ok(r) => {
                    out.push(r);
                    self.in_flight -= 1;
                }
                Err(_) => {
                    out.push(Err(stopped()));
                    self.in_flight = 0;
                }
            }
        }
        out
    }
}

impl Drop for Committer {
    /// Closes the worker's connection before the caller closes its own
    /// (the last one to close removes the `-wal` file).
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn stopped() -> crate::ops::Error {
    crate::ops::Error::Invalid("the writer stopped: the last typing was not saved".into())
}

/// Calls `notify` when dropped: the worker's end, however it ends.
struct NotifyOnEnd(Notify);

impl Drop for NotifyOnEnd {
    fn drop(&mut self) {
        (self.0)();
    }
}

fn work(
    mut store: Store,
    doc: DocumentId,
    jobs: Receiver<Job>,
    done: Sender<Committed>,
    notify: Notify,
) {
    let notify = NotifyOnEnd(notify);
    // Declared after `notify`, so dropped before it: the caller, told of
    // the end, sees the channel closed.
    let done = done;
    // The text as committed, at the revision it was read or written at.
    let mut text: Option<(u64, DocText)> = None;
    while let Ok(job) = jobs.recv() {
        let r = commit(&mut store, &doc, &mut text, job);
        if r.is_err() {
            text = None;
        }
        if done.send(r).is_err() {
            break;
        }
        (notify.0)();
    }
    let _ = store.close();
}

fn commit(
    store: &mut Store,
    doc: &DocumentId,
    text: &mut Option<(u64, DocText)>,
    job: Job,
) -> Committed {
    let revision = super::revision(store, doc)?;
    // Undo, redo and turn edits are written by the caller's connection:
    // the copy is read again when the revision moved under it.
    if text.as_ref().is_none_or(|(r, _)| *r != revision) {
        *text = Some((revision, super::load(store, doc)?));
    }
    let (rev, dt) = text.as_mut().expect("loaded above");
    let plan = super::plan_change(store, dt, job.change.clone(), job.kind)?;
    let change = Change::EditText(Box::new(plan));
    let reindex = crate::ops::edit::apply_deferred(store, &change)?;
    dt.text = job
        .change
        .apply(&dt.text)
        .map_err(|e| crate::ops::Error::Invalid(format!("the edit does not fit the text: {e}")))?;
    for turn in &mut dt.turns {
        turn.range = job.change.map_turn(turn.range);
    }
    *rev = super::revision(store, doc)?;
    Ok((change, reindex))
}
