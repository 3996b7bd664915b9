//! The TUI's one event channel through the real loop: input sent from a
//! thread of its own (as the terminal's is) arrives in order, a job's
//! result wakes a loop that has nothing else to wake it and is drawn,
//! and nothing is drawn when nothing changed.

mod common;

use common::{buffer_text, key, project_with, Ui};
use crossterm::event::{Event, KeyCode};
use gloss::player::PlayerEvent;
use gloss::tui::event::AppEvent;
use gloss::tui::search::SearchState;
use gloss::tui::{run_loop, EventSource, Next};
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::Terminal;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

/// A `TestBackend` that hands every frame it shows to a watcher.
struct Watched {
    inner: TestBackend,
    frames: Sender<String>,
}

impl Backend for Watched {
    type Error = std::convert::Infallible;
    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(p)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, t: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(t)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()?;
        let _ = self.frames.send(buffer_text(self.inner.buffer()));
        Ok(())
    }
}

/// Input from a thread of its own: `script` decides what to send and when
/// to end, seeing every frame drawn. No idle wake-ups: only what is sent
/// into the channel (input, jobs' news) wakes the loop.
struct Threaded<F: FnOnce(&Sender<AppEvent>, &Receiver<String>) + Send + 'static> {
    script: Option<(F, Receiver<String>)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl<F: FnOnce(&Sender<AppEvent>, &Receiver<String>) + Send + 'static> EventSource for Threaded<F> {
    fn next(&mut self, _timeout: Option<Duration>) -> std::io::Result<Next> {
        Ok(Next::End)
    }
    fn pending(&mut self) -> std::io::Result<Option<Event>> {
        Ok(None)
    }
    fn attach(&mut self, tx: &Sender<AppEvent>) -> bool {
        let Some((script, frames)) = self.script.take() else {
            return false;
        };
        let tx = tx.clone();
        self.thread = Some(std::thread::spawn(move || {
            script(&tx, &frames);
            let _ = tx.send(AppEvent::InputEnded(None));
        }));
        true
    }
}

/// Runs the real loop on `ui.app` in a watched terminal, with `script`
/// sending the input from its own thread; returns the last frame.
fn run_threaded(
    ui: &mut Ui,
    script: impl FnOnce(&Sender<AppEvent>, &Receiver<String>) + Send + 'static,
) -> String {
    let (tx, rx) = channel();
    let mut term = Terminal::new(Watched {
        inner: TestBackend::new(140, 30),
        frames: tx,
    })
    .expect("terminal");
    let mut source = Threaded {
        script: Some((script, rx)),
        thread: None,
    };
    run_loop(&mut term, &mut ui.app, &mut source).expect("loop");
    if let Some(t) = source.thread.take() {
        t.join().expect("the input thread");
    }
    buffer_text(term.backend().inner.buffer())
}

fn input(code: KeyCode) -> AppEvent {
    AppEvent::Input(key(code))
}

/// Waits for a frame that satisfies `want`.
fn frame_where(frames: &Receiver<String>, want: impl Fn(&str) -> bool) -> Option<String> {
    let until = Instant::now() + Duration::from_secs(30);
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match frames.recv_timeout(left) {
            Ok(f) if want(&f) => return Some(f),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

const TEXT: &str = "[00:00:01] Amani: The school fees take the money we earn.\n\n\
                    [00:00:09] Juma: My brother keeps the money.\n\n\
                    [00:00:15] Amani: Nothing else.\n";

#[test]
fn a_search_result_wakes_the_waiting_loop_and_is_drawn_then_nothing_is_drawn_while_idle() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), "e.gloss", &[("fg.txt", TEXT)], None);
    let mut ui = Ui::open(&path);
    ui.app.index_dir = Some(dir.path().join("index"));
    let (seen_tx, seen) = channel();
    let last = run_threaded(&mut ui, move |tx, frames| {
        for c in "/money".chars() {
            tx.send(input(KeyCode::Char(c))).expect("send");
        }
        // Nothing more is sent: only the search job's news can wake the
        // loop to draw its results.
        let shown = frame_where(frames, |f| {
            f.contains("Search · 2 turns") && f.contains("/ money") && !f.contains("searching…")
        });
        // And with nothing happening, nothing is drawn.
        std::thread::sleep(Duration::from_millis(400));
        let more = frames.try_iter().count();
        let _ = seen_tx.send((shown.is_some(), more));
    });
    let (shown, more) = seen.recv().expect("the script ran");
    assert!(shown, "the results were drawn:\n{last}");
    assert_eq!(more, 0, "frames drawn while nothing happened");
    assert!(last.contains("keeps the money"), "{last}");
}

#[test]
fn input_sent_from_another_thread_is_applied_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), "e.gloss", &[("fg.txt", TEXT)], None);
    let mut ui = Ui::open(&path);
    ui.app.index_dir = Some(dir.path().join("index"));
    let typed = "the money we";
    let last = run_threaded(&mut ui, move |tx, frames| {
        tx.send(input(KeyCode::Char('/'))).expect("send");
        // A burst, as key repeat or a paste gives: all queued at once.
        for c in typed.chars() {
            tx.send(input(KeyCode::Char(c))).expect("send");
        }
        frame_where(frames, |f| {
            f.contains("Search · 1 turn ")
                && f.contains("/ the money we")
                && !f.contains("searching…")
        });
    });
    let s = ui.app.screens.get::<SearchState>().expect("search");
    assert_eq!(s.input.text(), typed);
    assert!(last.contains("Search · 1 turn "), "{last}");
}

#[test]
fn events_that_change_nothing_draw_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = project_with(dir.path(), "e.gloss", &[("fg.txt", TEXT)], None);
    let mut ui = Ui::open(&path);
    let (count_tx, count) = channel();
    run_threaded(&mut ui, move |tx, frames| {
        // The first frame, drawn when the loop starts.
        frame_where(frames, |_| true).expect("the first frame");
        tx.send(AppEvent::Input(Event::FocusLost)).expect("send");
        tx.send(PlayerEvent::Paused(true).into()).expect("send");
        tx.send(AppEvent::Wake).expect("send");
        std::thread::sleep(Duration::from_millis(300));
        let _ = count_tx.send(frames.try_iter().count());
    });
    assert_eq!(count.recv().expect("count"), 0, "no frame drawn");
}
