//! The terminal viewer: sets the terminal up (and restores it on exit or
//! panic), runs the event loop, and leaves state and drawing to `app` and
//! `view`. Input is read blocking; everything already queued is applied
//! before one redraw, so key repeat never builds a backlog.

pub mod agreement;
pub mod analysis;
pub mod app;
pub mod bench;
pub mod codebook_pane;
pub mod command;
pub mod cursor;
pub mod dialog;
pub mod export;
pub mod help;
pub mod keymap;
pub mod participants;
pub mod retrieve;
pub mod search;
pub mod theme;
pub mod transcript;
pub mod transcript_edit;
pub mod transcript_view;
pub mod view;
pub mod wrap;

use crate::ops::Store;
use crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture, Event,
};
use crossterm::execute;
use ratatui::backend::Backend;
use ratatui::Terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Where the loop gets its events: the real terminal, or a script in tests.
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
}

/// What an event source gives.
pub enum Next {
    Event(Event),
    /// Nothing within the timeout.
    Timeout,
    /// No more events (the end of a script).
    End,
}

/// The real terminal. SIGTERM, SIGHUP and SIGINT set `stop`, which ends
/// the loop as `q` would, so every connection is closed and the project
/// file is complete (no `-wal` left beside it) however the session ends.
struct TerminalEvents {
    stop: Arc<AtomicBool>,
}

/// Watches for SIGTERM, SIGHUP and SIGINT: each asks the loop to stop. If
/// the loop cannot (after a hang-up crossterm may spin on the closed
/// terminal and never return), the project is checkpointed from a fresh
/// connection — every committed change is then in the `.gloss` file — and
/// the process exits after a grace period.
fn watch_signals(stop: Arc<AtomicBool>, done: Arc<AtomicBool>, project: std::path::PathBuf) {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            stop.store(true, Ordering::SeqCst);
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

/// How often a blocked loop looks at the stop flag.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

impl EventSource for TerminalEvents {
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
            if event::poll(slice)? {
                return event::read().map(Next::Event);
            }
        }
    }
    fn pending(&mut self) -> std::io::Result<Option<Event>> {
        if event::poll(Duration::ZERO)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    }
    fn idle_timeout(&self) -> Option<Duration> {
        Some(IDLE_CHECK)
    }
}

/// How often an idle viewer looks for changes made from the command line.
const IDLE_CHECK: Duration = Duration::from_millis(1500);

/// A fixed list of events (tests, benchmarks).
pub struct ScriptedEvents(pub std::collections::VecDeque<Event>);

impl EventSource for ScriptedEvents {
    /// The next scripted event; once the script is done, waits while a
    /// worker is still running (so a script sees its results), then ends.
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

/// Opens the viewer on a project in the real terminal.
pub fn run(store: Store) -> anyhow::Result<()> {
    let mut app = app::App::new(store)?;
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
    watch_signals(stop.clone(), done.clone(), app.store().path().to_path_buf());
    let result = run_loop(&mut terminal, &mut app, &mut TerminalEvents { stop });
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

/// The update loop: apply events, redraw when something changed. While
/// workers are busy it wakes every few milliseconds to take their results;
/// otherwise every `idle_timeout` to look for changes made elsewhere.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut app::App,
    events: &mut dyn EventSource,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    terminal.draw(|f| view::draw(f, app))?;
    while !app.should_quit() {
        let timeout = if app.busy() {
            Some(Duration::from_millis(15))
        } else {
            // Typing waiting to be saved wakes the loop when it is due.
            events
                .idle_timeout()
                .map(|t| app.wake_in().map_or(t, |w| t.min(w)))
        };
        let mut dirty = match events.next(timeout)? {
            Next::Event(ev) => app.handle_event(&ev),
            Next::Timeout => app.idle(),
            Next::End => break,
        };
        while !app.should_quit() {
            match events.pending()? {
                Some(ev) => dirty |= app.handle_event(&ev),
                None => break,
            }
        }
        dirty |= app.tick();
        if dirty && !app.should_quit() {
            terminal.draw(|f| view::draw(f, app))?;
        }
    }
    Ok(())
}
