//! Background work for the TUI, one pattern for every kind: a job runs on
//! its own thread (with its own connection to the project), and whatever
//! it has to say — progress, a result, that it has ended — goes into the
//! loop's channel as an [`AppEvent::Job`] tagged with the job's id, so the
//! loop wakes for it and never polls. A [`Worker`] serves requests one at
//! a time and keeps what it opened between them (the search index, the
//! analysis cache); kinds that supersede fold the requests queued behind
//! the one being served into the newest, and their answers carry a
//! [`Ticket`] so the screen drops any that a newer request made stale. A
//! one-shot [`Job`] (an export, a re-index) just runs. Dropping either
//! waits for its thread, so its connection is closed before the project's
//! own (the last one to close removes the `-wal`). No drawing and no SQL
//! here: the work itself is the caller's closure over `ops`.

use super::event::AppEvent;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

/// Which job sent an event: a screen takes only its current job's news
/// (a worker replaced or dropped may still have some in the channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(u64);

impl JobId {
    fn fresh() -> JobId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        JobId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A request's number: each new one supersedes those before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Ticket(pub u64);

/// The tickets of one kind of request: the newest issued is the only one
/// whose answer is wanted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tickets {
    issued: Ticket,
}

impl Tickets {
    /// A ticket for a new request; every earlier one is stale from now.
    pub fn issue(&mut self) -> Ticket {
        self.issued = Ticket(self.issued.0 + 1);
        self.issued
    }

    /// The newest ticket issued.
    pub fn newest(&self) -> Ticket {
        self.issued
    }

    /// Whether an answer to `t` is still wanted.
    pub fn is_current(&self, t: Ticket) -> bool {
        t == self.issued
    }
}

/// What a job says, tagged with who said it.
#[derive(Debug)]
pub struct JobEvent {
    pub job: JobId,
    pub news: JobNews,
}

/// The news of each kind of job.
#[derive(Debug)]
pub enum JobNews {
    Search(super::search::Reply),
    Analysis(super::analysis::worker::Reply),
    Export(super::export::ExportNews),
    /// mpv has started on the recording, or could not.
    PlayerOpened(PlayerOpened),
    /// Edit mode's writer has written a revision (its replies wait in the
    /// writer's own channel, which edit mode reads in order).
    Committed,
    /// The job's thread has ended, after everything else it sent (also
    /// when it panicked).
    Ended,
}

/// What opening the player gave.
pub struct PlayerOpened(pub Result<Box<dyn crate::player::Playback>, crate::player::PlayerError>);

impl std::fmt::Debug for PlayerOpened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Ok(p) => write!(f, "PlayerOpened(Ok({}))", p.media().display()),
            Err(e) => write!(f, "PlayerOpened(Err({e}))"),
        }
    }
}

/// A job's way into the loop's channel.
#[derive(Clone)]
pub struct Reporter {
    job: JobId,
    events: Sender<AppEvent>,
}

impl Reporter {
    /// Sends `news`; `false` once nobody listens (the application has
    /// gone: the job may stop).
    pub fn send(&self, news: JobNews) -> bool {
        self.events
            .send(AppEvent::Job(JobEvent {
                job: self.job,
                news,
            }))
            .is_ok()
    }

    /// A reporter for work on a thread of its own making (edit mode's
    /// writer), under a fresh id.
    pub fn detached(events: Sender<AppEvent>) -> Reporter {
        Reporter {
            job: JobId::fresh(),
            events,
        }
    }

    pub fn job(&self) -> JobId {
        self.job
    }
}

/// Sends `Ended` when the thread's work is over, however it ends.
struct EndGuard(Reporter);

impl Drop for EndGuard {
    fn drop(&mut self) {
        self.0.send(JobNews::Ended);
    }
}

/// A one-shot job on its own thread.
pub struct Job {
    id: JobId,
    thread: Option<JoinHandle<()>>,
}

impl Job {
    /// Runs `work` on a new thread; what it reports, then `Ended`, go to
    /// `events`.
    pub fn spawn(
        name: &str,
        events: Sender<AppEvent>,
        work: impl FnOnce(&Reporter) + Send + 'static,
    ) -> Job {
        let id = JobId::fresh();
        let reporter = Reporter { job: id, events };
        let thread = std::thread::Builder::new()
            .name(format!("gloss-{name}"))
            .spawn(move || {
                let guard = EndGuard(reporter);
                work(&guard.0);
            });
        Job {
            id,
            thread: thread.ok(),
        }
    }

    pub fn id(&self) -> JobId {
        self.id
    }

    /// Whether its thread has ended.
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// How a worker takes the requests that queued while it was busy.
pub enum Queue<R> {
    /// Every one, in order.
    InOrder,
    /// Only the newest: `fold(older, newer)` makes the one served (most
    /// kinds keep `newer`; one may carry over what the older asked for).
    Newest(fn(R, R) -> R),
}

/// The requests a worker's body serves.
pub struct Requests<R> {
    rx: Receiver<R>,
    queue: Queue<R>,
}

/// Each request to serve, waiting for it; the iteration ends once the
/// worker has been dropped (the body then returns).
impl<R> Iterator for Requests<R> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        let mut req = self.rx.recv().ok()?;
        if let Queue::Newest(fold) = self.queue {
            loop {
                match self.rx.try_recv() {
                    Ok(newer) => req = fold(req, newer),
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return None,
                }
            }
        }
        Some(req)
    }
}

/// A thread serving requests of type `R`.
pub struct Worker<R> {
    id: JobId,
    requests: Option<Sender<R>>,
    thread: Option<JoinHandle<()>>,
}

impl<R: Send + 'static> Worker<R> {
    /// Starts `body` on a new thread: it opens what it needs (reporting a
    /// failure itself), then serves the `Requests` until they end.
    pub fn start(
        name: &str,
        events: Sender<AppEvent>,
        queue: Queue<R>,
        body: impl FnOnce(Requests<R>, &Reporter) + Send + 'static,
    ) -> Worker<R>
    where
        R: Send + 'static,
    {
        let id = JobId::fresh();
        let reporter = Reporter { job: id, events };
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name(format!("gloss-{name}"))
            .spawn(move || {
                let guard = EndGuard(reporter);
                body(Requests { rx, queue }, &guard.0);
            });
        Worker {
            id,
            requests: Some(tx),
            thread: thread.ok(),
        }
    }

    pub fn id(&self) -> JobId {
        self.id
    }

    /// Queues a request; `false` when the thread has gone.
    pub fn send(&self, req: R) -> bool {
        self.requests
            .as_ref()
            .is_some_and(|tx| tx.send(req).is_ok())
    }
}

impl<R> Drop for Worker<R> {
    /// Ends the thread (after the request it is serving) and waits for it.
    fn drop(&mut self) {
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::event::{EventChannel, Waited};
    use std::time::Duration;

    /// The `Committed` and `Ended` news of `ch`, in order, until `Ended`.
    fn news_until_ended(ch: &EventChannel, job: JobId) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            match ch.wait(Some(Duration::from_secs(20))) {
                Waited::Event(AppEvent::Job(ev)) if ev.job == job => match ev.news {
                    JobNews::Ended => return out,
                    JobNews::Committed => out.push("committed".into()),
                    other => out.push(format!("{other:?}")),
                },
                Waited::Event(_) => {}
                Waited::Timeout => panic!("the job never ended: {out:?}"),
            }
        }
    }

    #[test]
    fn tickets_make_every_earlier_answer_stale() {
        let mut t = Tickets::default();
        let a = t.issue();
        let b = t.issue();
        assert!(a < b);
        assert!(!t.is_current(a));
        assert!(t.is_current(b));
        assert_eq!(t.newest(), b);
    }

    #[test]
    fn the_newest_request_wins_over_those_queued_behind_the_one_served() {
        let ch = EventChannel::new();
        let (started_tx, started) = channel::<()>();
        let (go, go_rx) = channel::<()>();
        let served = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = served.clone();
        let worker = Worker::start(
            "test",
            ch.sender(),
            Queue::Newest(|_older, newer| newer),
            move |reqs: Requests<u64>, r| {
                for n in reqs {
                    if n == 1 {
                        // Hold the first so the others queue behind it.
                        let _ = started_tx.send(());
                        let _ = go_rx.recv();
                    }
                    seen.lock().expect("lock").push(n);
                    r.send(JobNews::Committed);
                }
            },
        );
        assert!(worker.send(1));
        started.recv().expect("the first request is served");
        for n in 2..=5 {
            assert!(worker.send(n));
        }
        go.send(()).expect("go");
        let id = worker.id();
        // Answers come on the loop's channel; dropping the worker ends it.
        let mut answers = 0;
        while answers < 2 {
            match ch.wait(Some(Duration::from_secs(20))) {
                Waited::Event(AppEvent::Job(ev)) if ev.job == id => answers += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        drop(worker);
        assert_eq!(news_until_ended(&ch, id), Vec::<String>::new());
        assert_eq!(*served.lock().expect("lock"), vec![1, 5]);
    }

    #[test]
    fn in_order_workers_serve_every_request() {
        let ch = EventChannel::new();
        let worker = Worker::start(
            "test",
            ch.sender(),
            Queue::InOrder,
            |reqs: Requests<u64>, r| {
                for _n in reqs {
                    r.send(JobNews::Committed);
                }
            },
        );
        for n in 0..4 {
            worker.send(n);
        }
        let id = worker.id();
        drop(worker);
        assert_eq!(news_until_ended(&ch, id), vec!["committed"; 4]);
    }

    #[test]
    fn a_job_that_panics_still_says_it_ended() {
        let ch = EventChannel::new();
        let job = Job::spawn("test", ch.sender(), |r| {
            r.send(JobNews::Committed);
            panic!("the work failed");
        });
        let id = job.id();
        assert_eq!(news_until_ended(&ch, id), vec!["committed"]);
        drop(job);
    }
}
