//! The terminal viewer: sets the terminal up (and restores it on exit or
//! panic), runs the event loop, and leaves state and drawing to `app` and
//! `view`. The loop blocks on one channel ([`event::EventChannel`], owned
//! by the app): terminal input, read on its own thread, background jobs'
//! news ([`jobs`]) and the player's events all arrive there. Everything
//! already queued is applied before one redraw, so key repeat never
//! builds a backlog, and nothing is drawn unless an event changed
//! something. The loop wakes on its own only to look for changes made to
//! the project elsewhere and when edit mode's typing is due to be saved.

pub mod action;
pub mod agreement;
pub mod analysis;
pub mod app;
pub mod bench;
pub mod codebook_pane;
pub mod cursor;
pub mod dialog;
pub mod event;
pub mod export;
pub mod help;
pub mod jobs;
pub mod keymap;
pub mod participants;
pub mod retrieve;
pub mod screen;
pub mod search;
pub mod theme;
pub mod transcribe;
pub mod transcript;
pub mod transcript_edit;
pub mod transcript_view;
pub mod uncertain;
pub mod unlock;
pub mod view;
pub mod wrap;

use crate::ops::Store;
use crossterm::event::{
    self as term_event, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture,
    EnableBracketedPaste, EnableFocusChange, EnableMouseCapture, Event,
};
use crossterm::execute;
use event::{AppEvent, Waited};
use ratatui::backend::Backend;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

/// Where the loop gets its input: the real terminal (a thread sending into
/// the app's channel), or a script in tests (pulled by the loop itself,
/// one event at a time, so a script runs the same way every time).
pub trait EventSource {
    /// The next event, waiting at most `timeout` when one is given.
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Next>;
    /// An event already waiting, without blocking.
    fn pending(&mut self) -> std::io::Result<Option<Event>>;
    /// How long to wait, with nothing else to do, before the loop wakes to
    /// look for changes made to the project elsewhere (`None`: never).
    fn idle_timeout(&self) -> Option<Duration> {
        None
    }
    /// A source that reads on its own thread starts it here, sending its
    /// input into `tx` (ending with [`AppEvent::InputEnded`]), and returns
    /// true; the loop then takes everything from the channel and never
    /// calls `next` or `pending`.
    fn attach(&mut self, _tx: &Sender<AppEvent>) -> bool {
        false
    }
}

/// What an event source gives.
pub enum Next {
    Event(Event),
    /// Nothing within the timeout.
    Timeout,
    /// No more events (the end of a script).
    End,
}

/// The real terminal, read on a thread of its own. SIGTERM, SIGHUP and
/// SIGINT set `stop`, which ends the input as `q` would, so every
/// connection is closed and the project file is complete (no `-wal` left
/// beside it) however the session ends.
struct TerminalEvents {
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl TerminalEvents {
    /// Stops the reading thread and waits for it, briefly: after a
    /// hang-up the terminal library may never return, and the thread is
    /// then left behind (the process is ending).
    fn finish(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + SIGNAL_CHECK * 2;
        while self.reader.as_ref().is_some_and(|t| !t.is_finished())
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        if let Some(t) = self.reader.take().filter(|t| t.is_finished()) {
            let _ = t.join();
        }
    }
}

/// The input thread: terminal events into the channel until `stop` is set
/// (looked at every [`SIGNAL_CHECK`]), reading fails, or nobody listens.
fn read_terminal(stop: &AtomicBool, tx: &Sender<AppEvent>) {
    loop {
        if stop.load(Ordering::Relaxed) {
            let _ = tx.send(AppEvent::InputEnded(None));
            return;
        }
        let ev = match term_event::poll(SIGNAL_CHECK) {
            Ok(false) => continue,
            Ok(true) => term_event::read(),
            Err(e) => Err(e),
        };
        let sent = match ev {
            Ok(ev) => tx.send(AppEvent::Input(ev)),
            Err(e) => {
                let _ = tx.send(AppEvent::InputEnded(Some(e)));
                return;
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

/// Watches for SIGTERM, SIGHUP and SIGINT: each asks the loop to stop
/// (the input thread stops, and the loop's channel is told). If
/// the loop cannot (after a hang-up crossterm may spin on the closed
/// terminal and never return), the project is checkpointed from a fresh
/// connection — every committed change is then in the `.gloss` file — and
/// the process exits after a grace period.
fn watch_signals(
    stop: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    project: crate::ops::project::Project,
    events: Sender<AppEvent>,
) {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
            // The loop ends at once, even if the input thread is stuck.
            let _ = events.send(AppEvent::InputEnded(None));
            let deadline = std::time::Instant::now() + Duration::from_secs(2);
            while std::time::Instant::now() < deadline {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = crate::ops::project::checkpoint(&project);
            let _ = execute!(
                std::io::stdout(),
                DisableMouseCapture,
                DisableFocusChange,
                DisableBracketedPaste
            );
            ratatui::restore();
            // The one exit outside `main`: the main thread is stuck in the
            // terminal library and cannot return.
            std::process::exit(128 + sig);
        }
    });
}

/// How often the input thread looks at the stop flag.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

impl EventSource for TerminalEvents {
    /// Reads the terminal on the loop's thread: only when the reading
    /// thread could not be started (`attach` returned false).
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Next> {
        let started = std::time::Instant::now();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Ok(Next::End);
            }
            let slice = match timeout {
                Some(t) => {
                    let left = t.saturating_sub(started.elapsed());
                    if left.is_zero() {
                        return Ok(Next::Timeout);
                    }
                    left.min(SIGNAL_CHECK)
                }
                None => SIGNAL_CHECK,
            };
            if term_event::poll(slice)? {
                return term_event::read().map(Next::Event);
            }
        }
    }
    fn pending(&mut self) -> std::io::Result<Option<Event>> {
        if term_event::poll(Duration::ZERO)? {
            term_event::read().map(Some)
        } else {
            Ok(None)
        }
    }
    fn idle_timeout(&self) -> Option<Duration> {
        Some(IDLE_CHECK)
    }
    fn attach(&mut self, tx: &Sender<AppEvent>) -> bool {
        let (stop, tx) = (self.stop.clone(), tx.clone());
        let reader = std::thread::Builder::new()
            .name("gloss-input".into())
            .spawn(move || read_terminal(&stop, &tx));
        self.reader = reader.ok();
        self.reader.is_some()
    }
}

/// How often an idle viewer looks for changes made from the command line.
const IDLE_CHECK: Duration = Duration::from_millis(1500);

/// A fixed list of events (tests, benchmarks).
pub struct ScriptedEvents(pub std::collections::VecDeque<Event>);

impl EventSource for ScriptedEvents {
    /// The next scripted event; once the script is done, `End` (the loop
    /// then waits on its channel for the jobs still running, so a script
    /// sees their results).
    fn next(&mut self, timeout: Option<Duration>) -> std::io::Result<Next> {
        match (self.0.pop_front(), timeout) {
            (Some(ev), _) => Ok(Next::Event(ev)),
            (None, Some(t)) => {
                std::thread::sleep(t);
                Ok(Next::Timeout)
            }
            (None, None) => Ok(Next::End),
        }
    }
    fn pending(&mut self) -> std::io::Result<Option<Event>> {
        Ok(None)
    }
}

/// Asks for the passphrase of the encrypted project on a screen of its
/// own in the real terminal ([`unlock`]) and opens it.
pub fn open_encrypted(
    project: &crate::ops::project::Project,
    coder: Option<&str>,
) -> anyhow::Result<Store> {
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let path = project.path();
    let opened = unlock::ask(&mut terminal, path, &mut term_event::read, &mut |key| {
        crate::ops::project::open_with_key(project, coder, key)
    });
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    opened
}

/// Opens the viewer on a project in the real terminal.
pub fn run(store: Store) -> anyhow::Result<()> {
    run_app(app::App::new(store)?)
}

/// Opens document `doc` in transcription mode (`gloss transcribe`).
pub fn run_transcribing(store: Store, doc: &crate::core::DocumentId) -> anyhow::Result<()> {
    let mut app = app::App::new(store)?;
    app.open_document(doc);
    app.enter_transcribe();
    run_app(app)
}

fn run_app(mut app: app::App) -> anyhow::Result<()> {
    // mpv never outlives a panic.
    crate::player::install_panic_hook();
    let mut terminal = ratatui::try_init()?;
    // ratatui's panic hook restores raw mode and the screen; mouse capture
    // must be released too, before it.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableFocusChange,
            DisableBracketedPaste
        );
        hook(info);
    }));
    // Focus events: coming back to the window looks for outside changes.
    let _ = execute!(
        std::io::stdout(),
        EnableMouseCapture,
        EnableFocusChange,
        EnableBracketedPaste
    );
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    watch_signals(
        stop.clone(),
        done.clone(),
        app.store().project().clone(),
        app.sender(),
    );
    let mut input = TerminalEvents { stop, reader: None };
    let result = run_loop(&mut terminal, &mut app, &mut input);
    // The reader stops before the terminal is handed back to the shell.
    input.finish();
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableFocusChange,
        DisableBracketedPaste
    );
    ratatui::restore();
    // Workers first (dropping the app joins them), then the project itself.
    let closed = app.close();
    done.store(true, Ordering::SeqCst);
    result.and(closed)
}

/// How long a scripted loop, its script done, waits for a job's news
/// before it gives up (a test then fails on what it sees, not by hanging).
const JOB_PATIENCE: Duration = Duration::from_secs(60);

/// What the loop got.
enum Step {
    Event(AppEvent),
    /// Nothing within the timeout: look for outside changes, deadlines.
    Idle,
    End,
}

/// The update loop: block on the app's channel (or pull a script), apply
/// the event and everything already queued behind it, redraw when
/// something changed. It wakes on its own only every `idle_timeout` (to
/// look for changes made elsewhere) and when edit mode's typing is due.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut app::App,
    events: &mut dyn EventSource,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let attached = events.attach(&app.sender());
    terminal.draw(|f| view::draw(f, app))?;
    while !app.should_quit() {
        // Typing waiting to be saved wakes the loop when it is due.
        let timeout = events
            .idle_timeout()
            .map(|t| app.wake_in().map_or(t, |w| t.min(w)));
        let step = if attached {
            match app.channel().wait(timeout) {
                Waited::Event(ev) => Step::Event(ev),
                Waited::Timeout => Step::Idle,
            }
        } else {
            match events.next(timeout)? {
                Next::Event(ev) => Step::Event(AppEvent::Input(ev)),
                Next::Timeout => Step::Idle,
                // The script is done: the jobs still running wake the loop.
                Next::End if app.busy() => match app.channel().wait(Some(JOB_PATIENCE)) {
                    Waited::Event(ev) => Step::Event(ev),
                    Waited::Timeout => Step::End,
                },
                Next::End => Step::End,
            }
        };
        let mut dirty = match step {
            Step::Event(AppEvent::InputEnded(None)) | Step::End => break,
            Step::Event(AppEvent::InputEnded(Some(e))) => return Err(e.into()),
            Step::Event(ev) => app.handle(ev),
            Step::Idle => app.idle(),
        };
        if !attached {
            while !app.should_quit() {
                match events.pending()? {
                    Some(ev) => dirty |= app.handle_event(&ev),
                    None => break,
                }
            }
        }
        // What else is queued (input, jobs' news), and what is due.
        dirty |= app.tick();
        if dirty && !app.should_quit() {
            terminal.draw(|f| view::draw(f, app))?;
        }
    }
    Ok(())
}
