//! The one channel the TUI's loop blocks on: terminal input (read on its
//! own thread), the news of background jobs ([`super::jobs`]) and the
//! player's events all arrive here as [`AppEvent`]s, in the order they were
//! sent. The application owns the channel; whoever produces events holds a
//! clone of its sender. No terminal reading, drawing or storage here.

use super::jobs::JobEvent;
use crate::player::PlayerEvent;
use crossterm::event::Event;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// Everything that can wake the loop.
#[derive(Debug)]
pub enum AppEvent {
    /// A key, the mouse, a paste, a resize, focus.
    Input(Event),
    /// A background job's progress, result or end.
    Job(JobEvent),
    /// The player's news (a position, pause, a failure).
    Player(PlayerEvent),
    /// Nothing in particular: the loop looks again (deadlines, tests).
    Wake,
    /// The input is over: a signal asked to stop, or reading the terminal
    /// failed (the error, which the loop returns).
    InputEnded(Option<std::io::Error>),
}

/// The player hands its events to any channel whose item is `From` them.
impl From<PlayerEvent> for AppEvent {
    fn from(ev: PlayerEvent) -> Self {
        AppEvent::Player(ev)
    }
}

impl From<JobEvent> for AppEvent {
    fn from(ev: JobEvent) -> Self {
        AppEvent::Job(ev)
    }
}

/// What waiting on the channel gave.
#[derive(Debug)]
pub enum Waited {
    Event(AppEvent),
    /// Nothing within the timeout.
    Timeout,
}

/// The channel: the receiving end and a sender to clone for producers.
/// The application keeps a sender itself, so the channel never closes
/// while it is being waited on.
pub struct EventChannel {
    tx: Sender<AppEvent>,
    rx: Receiver<AppEvent>,
}

impl Default for EventChannel {
    fn default() -> Self {
        Self::new()
    }
}

impl EventChannel {
    pub fn new() -> EventChannel {
        let (tx, rx) = channel();
        EventChannel { tx, rx }
    }

    /// A sender for a producer (a job, the input thread, the player).
    pub fn sender(&self) -> Sender<AppEvent> {
        self.tx.clone()
    }

    /// The next event, waiting at most `timeout` (`None`: as long as it
    /// takes).
    pub fn wait(&self, timeout: Option<Duration>) -> Waited {
        match timeout {
            Some(t) => match self.rx.recv_timeout(t) {
                Ok(ev) => Waited::Event(ev),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Waited::Timeout,
            },
            // `self.tx` keeps the channel open: `recv` only fails if it
            // could never succeed.
            None => match self.rx.recv() {
                Ok(ev) => Waited::Event(ev),
                Err(_) => Waited::Timeout,
            },
        }
    }

    /// An event already waiting, without blocking.
    pub fn try_next(&self) -> Option<AppEvent> {
        self.rx.try_recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(c: char) -> AppEvent {
        AppEvent::Input(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    }

    fn char_of(ev: &AppEvent) -> Option<char> {
        match ev {
            AppEvent::Input(Event::Key(k)) => match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            },
            _ => None,
        }
    }

    #[test]
    fn events_from_several_threads_arrive_in_each_senders_order() {
        let ch = EventChannel::new();
        let keys = ch.sender();
        let player = ch.sender();
        let a = std::thread::spawn(move || {
            for c in "abcdefghij".chars() {
                keys.send(key(c)).expect("send");
            }
        });
        let b = std::thread::spawn(move || {
            for i in 0..10 {
                player
                    .send(PlayerEvent::Position(f64::from(i)).into())
                    .expect("send");
            }
        });
        a.join().expect("keys");
        b.join().expect("player");
        let mut typed = String::new();
        let mut positions = Vec::new();
        while let Some(ev) = ch.try_next() {
            match ev {
                AppEvent::Player(PlayerEvent::Position(p)) => positions.push(p),
                other => typed.extend(char_of(&other)),
            }
        }
        assert_eq!(typed, "abcdefghij");
        assert_eq!(positions, (0..10).map(f64::from).collect::<Vec<_>>());
    }

    #[test]
    fn waiting_times_out_when_nothing_comes_and_wakes_at_once_when_something_does() {
        let ch = EventChannel::new();
        let t = std::time::Instant::now();
        assert!(matches!(
            ch.wait(Some(Duration::from_millis(30))),
            Waited::Timeout
        ));
        assert!(t.elapsed() >= Duration::from_millis(30));
        let tx = ch.sender();
        let later = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            tx.send(AppEvent::Wake).expect("send");
        });
        let t = std::time::Instant::now();
        assert!(matches!(ch.wait(None), Waited::Event(AppEvent::Wake)));
        assert!(t.elapsed() < Duration::from_secs(5));
        later.join().expect("sender");
    }
}
