//! The terminal viewer: sets the terminal up (and restores it on exit or
//! panic), runs the event loop, and leaves state and drawing to `app` and
//! `view`. Input is read blocking; everything already queued is applied
//! before one redraw, so key repeat never builds a backlog.

pub mod agreement;
pub mod app;
pub mod bench;
pub mod codebook_pane;
pub mod cursor;
pub mod dialog;
pub mod help;
pub mod keymap;
pub mod retrieve;
pub mod theme;
pub mod transcript;
pub mod transcript_view;
pub mod view;
pub mod wrap;

use crate::store::Store;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::time::Duration;

/// Where the loop gets its events: the real terminal, or a script in tests.
pub trait EventSource {
    /// Blocks for the next event; `None` ends the loop.
    fn next(&mut self) -> std::io::Result<Option<Event>>;
    /// An event already waiting, without blocking.
    fn pending(&mut self) -> std::io::Result<Option<Event>>;
}

struct TerminalEvents;

impl EventSource for TerminalEvents {
    fn next(&mut self) -> std::io::Result<Option<Event>> {
        event::read().map(Some)
    }
    fn pending(&mut self) -> std::io::Result<Option<Event>> {
        if event::poll(Duration::ZERO)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// A fixed list of events (tests, benchmarks).
pub struct ScriptedEvents(pub std::collections::VecDeque<Event>);

impl EventSource for ScriptedEvents {
    fn next(&mut self) -> std::io::Result<Option<Event>> {
        Ok(self.0.pop_front())
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
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = run_loop(&mut terminal, &mut app, &mut TerminalEvents);
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// The update loop: apply events, redraw when something changed.
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
        let Some(ev) = events.next()? else {
            break;
        };
        let mut dirty = app.handle_event(&ev);
        while !app.should_quit() {
            match events.pending()? {
                Some(ev) => dirty |= app.handle_event(&ev),
                None => break,
            }
        }
        if dirty && !app.should_quit() {
            terminal.draw(|f| view::draw(f, app))?;
        }
    }
    Ok(())
}
