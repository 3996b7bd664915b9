//! A stand-in for mpv on a virtual clock, for driving transcription mode
//! through the real update loop: the test moves the clock, the player
//! reports where a real one would be, and every command is logged.

use gloss::player::{Playback, PlayerError, Status};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Debug)]
struct State {
    /// The virtual clock, in seconds.
    now: f64,
    /// Position at `at` (clock time).
    pos: f64,
    at: f64,
    paused: bool,
    speed: f64,
    duration: f64,
    ab_loop: Option<(f64, f64)>,
    log: Vec<String>,
}

impl State {
    fn position(&self) -> f64 {
        let mut t = if self.paused {
            self.pos
        } else {
            self.pos + (self.now - self.at) * self.speed
        };
        if let Some((a, b)) = self.ab_loop {
            if t >= b && self.pos <= b {
                t = a + (t - a) % (b - a);
            }
        }
        t.clamp(0.0, self.duration)
    }

    fn anchor(&mut self) {
        self.pos = self.position();
        self.at = self.now;
    }
}

/// The test's handle on the player it attached: the clock and the log.
#[derive(Clone)]
pub struct FakeHandle(Arc<Mutex<State>>);

impl FakeHandle {
    /// Moves the virtual clock on by `secs`.
    pub fn advance(&self, secs: f64) {
        self.0.lock().expect("fake player state").now += secs;
    }
    pub fn position(&self) -> f64 {
        self.0.lock().expect("fake player state").position()
    }
    /// Puts the playhead at `t` seconds (as if the user had dragged it).
    pub fn seek(&self, t: f64) {
        let mut s = self.0.lock().expect("fake player state");
        s.pos = t;
        s.at = s.now;
    }
    pub fn paused(&self) -> bool {
        self.0.lock().expect("fake player state").paused
    }
    pub fn speed(&self) -> f64 {
        self.0.lock().expect("fake player state").speed
    }
    pub fn ab_loop(&self) -> Option<(f64, f64)> {
        self.0.lock().expect("fake player state").ab_loop
    }
    /// The commands received, in order (`play`, `pause`, `seek 12.0`, …).
    pub fn log(&self) -> Vec<String> {
        self.0.lock().expect("fake player state").log.clone()
    }
}

pub struct FakePlayer {
    media: PathBuf,
    state: Arc<Mutex<State>>,
}

impl FakePlayer {
    /// A paused player at 0 of a recording `duration` seconds long.
    pub fn new(media: &Path, duration: f64) -> (FakePlayer, FakeHandle) {
        let state = Arc::new(Mutex::new(State {
            now: 0.0,
            pos: 0.0,
            at: 0.0,
            paused: true,
            speed: 1.0,
            duration,
            ab_loop: None,
            log: Vec::new(),
        }));
        (
            FakePlayer {
                media: media.to_path_buf(),
                state: Arc::clone(&state),
            },
            FakeHandle(state),
        )
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().expect("fake player state"))
    }
}

impl Playback for FakePlayer {
    fn media(&self) -> &Path {
        &self.media
    }
    fn toggle_with_backstep(&self, backstep_s: f64) -> Result<bool, PlayerError> {
        if self.with(|s| s.paused) {
            self.seek_relative(-backstep_s)?;
            self.play()?;
            Ok(true)
        } else {
            self.pause()?;
            Ok(false)
        }
    }
    fn play(&self) -> Result<(), PlayerError> {
        self.with(|s| {
            s.anchor();
            s.paused = false;
            s.log.push("play".into());
        });
        Ok(())
    }
    fn pause(&self) -> Result<(), PlayerError> {
        self.with(|s| {
            s.anchor();
            s.paused = true;
            s.log.push("pause".into());
        });
        Ok(())
    }
    fn seek_relative(&self, delta_s: f64) -> Result<(), PlayerError> {
        let to = self.with(|s| s.position()) + delta_s;
        self.seek_to(to)
    }
    fn seek_to(&self, t_s: f64) -> Result<(), PlayerError> {
        self.with(|s| {
            s.pos = t_s.clamp(0.0, s.duration);
            s.at = s.now;
            s.log.push(format!("seek {:.1}", s.pos));
        });
        Ok(())
    }
    fn set_speed(&self, speed: f64) -> Result<f64, PlayerError> {
        let speed = (speed.clamp(0.5, 2.0) * 100.0).round() / 100.0;
        self.with(|s| {
            s.anchor();
            s.speed = speed;
            s.log.push(format!("speed {speed:.2}"));
        });
        Ok(speed)
    }
    fn set_loop(&self, a_s: f64, b_s: f64) -> Result<(), PlayerError> {
        self.with(|s| {
            s.ab_loop = Some((a_s, b_s));
            s.log.push(format!("loop {a_s:.1} {b_s:.1}"));
        });
        let at = self.with(|s| s.position());
        if at < a_s || at >= b_s {
            self.seek_to(a_s)?;
        }
        Ok(())
    }
    fn clear_loop(&self) -> Result<(), PlayerError> {
        self.with(|s| {
            s.anchor();
            s.ab_loop = None;
            s.log.push("loop off".into());
        });
        Ok(())
    }
    fn status(&self) -> Status {
        self.with(|s| Status {
            position: s.position(),
            duration: Some(s.duration),
            paused: s.paused,
            speed: s.speed,
            eof: false,
            ab_loop: s.ab_loop,
            alive: true,
        })
    }
}
