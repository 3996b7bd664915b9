//! Playing the interview: mpv as a child process, driven over its JSON IPC
//! socket (`ipc.rs`: the protocol; `process.rs`: the child, its private
//! socket directory and never outliving us; `args.rs`: extra arguments).
//!
//! Nothing polls mpv: `time-pos`, `pause`, `speed`, `duration` and
//! `eof-reached` are observed, and `position()` adds to the last observed
//! time what the monotonic clock says has played since (mpv reports
//! `time-pos` only about four times a second). While playing, a ticker
//! sends `PlayerEvent::Tick` ten times a second so a front end redraws the
//! playhead without asking. Commands do not wait for mpv's reply: a refusal
//! arrives as `PlayerEvent::Failed`, so a caller's loop never blocks on
//! playback. No terminal, storage or front end here.
//!
//! A front end opens a `Player` on a worker (`open` waits for mpv to load
//! the file), hands it a `Sender` of its own event channel (any item type
//! that is `From<PlayerEvent>`), draws `status()` on every event, and calls
//! `install_panic_hook` once at start-up if its panics end the process.

pub mod args;
pub mod bench;
mod ipc;
mod playback;
mod process;

use ipc::{Ipc, IpcError};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

pub use playback::{seconds_to_ms, Playback};
pub use process::{install_panic_hook, kill_all};

/// Slowest and fastest playback.
pub const MIN_SPEED: f64 = 0.5;
pub const MAX_SPEED: f64 = 2.0;

/// How often `Tick` is sent while playing.
pub const TICK: Duration = Duration::from_millis(100);

/// How long `open` waits for mpv to start and load the file.
const OPEN_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a synchronous question to mpv may take.
const ASK_TIMEOUT: Duration = Duration::from_secs(2);

/// Observed properties, by observation id.
const OBSERVED: [&str; 5] = ["time-pos", "pause", "speed", "duration", "eof-reached"];

/// Why there is no playback, in the user's words (one line each, saying
/// what to do; editing goes on without audio).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayerError {
    #[error("mpv is not installed, so there is no audio: install it (`apt install mpv`)")]
    MpvMissing,
    #[error("{file}: cannot read it: {reason}")]
    MediaUnreadable { file: String, reason: String },
    #[error("{file}: mpv cannot play it ({reason})")]
    CannotPlay { file: String, reason: String },
    #[error("no audio device could be opened ({reason}); to work without sound, set GLOSS_MPV_ARGS=--ao=null")]
    NoAudioDevice { reason: String },
    #[error("mpv arguments: {0}")]
    BadArguments(String),
    #[error("mpv stopped: {0}")]
    Stopped(String),
    #[error("mpv: {0}")]
    Other(String),
}

/// What the player reports; the caller's channel receives these (any
/// channel whose item type is `From<PlayerEvent>`).
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    /// mpv observed a new position (seconds).
    Position(f64),
    Paused(bool),
    Speed(f64),
    Duration(f64),
    /// Playback reached the end (mpv keeps the file open, paused).
    Eof(bool),
    /// Playback resumed after a seek (or a loop jumped back).
    Seeked,
    /// Sent every `TICK` while playing: redraw the playhead.
    Tick,
    /// mpv refused a command; playback goes on.
    Failed(String),
    /// mpv is gone (exited, crashed, lost its audio device).
    Stopped(PlayerError),
}

/// Everything a status line shows, at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Seconds, estimated (see `Player::position`).
    pub position: f64,
    pub duration: Option<f64>,
    pub paused: bool,
    pub speed: f64,
    pub eof: bool,
    pub ab_loop: Option<(f64, f64)>,
    pub alive: bool,
}

#[derive(Debug)]
enum Load {
    Waiting,
    /// mpv started playback (paused); its audio output may still fail.
    Restarted,
    Loaded,
    Failed(String),
}

#[derive(Debug)]
struct State {
    /// Last observed position and when it was observed.
    pos: Option<f64>,
    at: Instant,
    paused: bool,
    speed: f64,
    duration: Option<f64>,
    eof: bool,
    ab_loop: Option<(f64, f64)>,
    /// Set by our own seek until mpv restarts playback: observations in
    /// flight from before the seek are ignored meanwhile.
    seeking: Option<Instant>,
    load: Load,
    alive: bool,
    /// Tells the ticker to end.
    closing: bool,
}

impl State {
    fn estimate(&self, now: Instant) -> f64 {
        let base = self.pos.unwrap_or(0.0);
        let moving = !self.paused && !self.eof && self.seeking.is_none() && self.alive;
        let mut t = if moving {
            base + now.saturating_duration_since(self.at).as_secs_f64() * self.speed
        } else {
            base
        };
        if let Some((_, b)) = self.ab_loop {
            if base <= b {
                t = t.min(b);
            }
        }
        if let Some(d) = self.duration {
            t = t.min(d);
        }
        t.max(0.0)
    }

    /// Freezes the estimate into the observation (before pause or speed
    /// change so the time already played is kept).
    fn anchor(&mut self, now: Instant) {
        if self.pos.is_some() {
            self.pos = Some(self.estimate(now));
        }
        self.at = now;
    }
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

type Emit = Arc<dyn Fn(PlayerEvent) + Send + Sync>;

/// One media file playing in one mpv.
pub struct Player {
    media: PathBuf,
    shared: Arc<Shared>,
    emit: Emit,
    ipc: Ipc,
    process: process::MpvProcess,
    ticker: Option<std::thread::JoinHandle<()>>,
}

fn display(p: &Path) -> String {
    crate::core::sanitize::one_line(&p.display().to_string())
}

impl Player {
    /// Starts mpv on `media`, paused at 0, with `extra_args` (normally
    /// `args::extra_args(&config.mpv_args)`); events go to `events`.
    /// Blocks until mpv has loaded the file and opened its audio output
    /// (about 100 ms; at most ~11 s): call it off the UI thread.
    pub fn open<E>(
        media: &Path,
        extra_args: &[String],
        events: Sender<E>,
    ) -> Result<Player, PlayerError>
    where
        E: From<PlayerEvent> + Send + 'static,
    {
        Self::open_with(Path::new("mpv"), media, extra_args, events)
    }

    /// `open` with another mpv executable (tests, a non-standard install).
    pub fn open_with<E>(
        mpv: &Path,
        media: &Path,
        extra_args: &[String],
        events: Sender<E>,
    ) -> Result<Player, PlayerError>
    where
        E: From<PlayerEvent> + Send + 'static,
    {
        let file = display(media);
        if let Err(e) = std::fs::File::open(media) {
            return Err(PlayerError::MediaUnreadable {
                file,
                reason: e.to_string(),
            });
        }
        let media = std::fs::canonicalize(media).unwrap_or_else(|_| media.to_path_buf());
        let mut process = match process::MpvProcess::spawn(mpv, extra_args) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(PlayerError::MpvMissing)
            }
            Err(e) => return Err(PlayerError::Other(format!("cannot start mpv: {e}"))),
        };
        let stream = match process.connect(OPEN_TIMEOUT) {
            Ok(s) => s,
            Err(None) => {
                let out = process.last_output();
                process.stop(Duration::ZERO);
                return Err(exit_error(&out, &file));
            }
            Err(Some(e)) => {
                process.stop(Duration::ZERO);
                return Err(PlayerError::Other(e.to_string()));
            }
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                pos: None,
                at: Instant::now(),
                paused: true,
                speed: 1.0,
                duration: None,
                eof: false,
                ab_loop: None,
                seeking: None,
                load: Load::Waiting,
                alive: true,
                closing: false,
            }),
            changed: Condvar::new(),
        });
        let emit: Emit = Arc::new(move |ev: PlayerEvent| {
            let _ = events.send(E::from(ev));
        });
        let on_event = {
            let shared = Arc::clone(&shared);
            let emit = Arc::clone(&emit);
            let file = file.clone();
            Box::new(move |v: Value| on_event(&shared, &emit, &file, &v))
        };
        let on_close = {
            let shared = Arc::clone(&shared);
            let emit = Arc::clone(&emit);
            Box::new(move |why: String| {
                let mut s = shared.lock();
                let was_alive = s.alive;
                s.alive = false;
                if matches!(s.load, Load::Waiting) {
                    s.load = Load::Failed(why.clone());
                }
                let closing = s.closing;
                drop(s);
                shared.changed.notify_all();
                if was_alive && !closing {
                    emit(PlayerEvent::Stopped(PlayerError::Stopped(why)));
                }
            })
        };
        let ipc = Ipc::start(stream, on_event, on_close)
            .map_err(|e| PlayerError::Other(format!("cannot talk to mpv: {e}")))?;
        for (i, name) in OBSERVED.iter().enumerate() {
            ipc.send(json!(["observe_property", i + 1, name]), Box::new(|_| {}));
        }
        let media_arg = media.to_string_lossy().into_owned();
        let loaded = ipc.request(json!(["loadfile", media_arg, "replace"]), ASK_TIMEOUT);
        let mut player = Player {
            media,
            shared: Arc::clone(&shared),
            emit,
            ipc,
            process,
            ticker: None,
        };
        if let Err(e) = loaded {
            return Err(player.fail_open(&file, e.to_string()));
        }
        // Wait for playback to start (paused) or for end-file (an error).
        let outcome = {
            let t0 = Instant::now();
            let mut s = shared.lock();
            while matches!(s.load, Load::Waiting) && t0.elapsed() < OPEN_TIMEOUT {
                s = shared
                    .changed
                    .wait_timeout(s, Duration::from_millis(50))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            match &s.load {
                Load::Loaded | Load::Restarted => Ok(()),
                Load::Failed(why) => Err(why.clone()),
                Load::Waiting => Err("it did not load the file in time".into()),
            }
        };
        if let Err(why) = outcome {
            return Err(player.fail_open(&file, why));
        }
        // An audio output that cannot be opened is reported (as an
        // `end-file` error) only after playback started: ask for it.
        if player.ask("current-ao").is_err() {
            let t0 = Instant::now();
            let mut s = shared.lock();
            while !matches!(s.load, Load::Failed(_)) && t0.elapsed() < Duration::from_secs(1) {
                s = shared
                    .changed
                    .wait_timeout(s, Duration::from_millis(50))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            let why = match &s.load {
                Load::Failed(why) => why.clone(),
                _ => "it found no audio to play".into(),
            };
            drop(s);
            return Err(player.fail_open(&file, why));
        }
        shared.lock().load = Load::Loaded;
        player.ticker = Some(start_ticker(&shared, &player.emit));
        Ok(player)
    }

    /// The error for a failed open, from mpv's reason or its last words.
    fn fail_open(&mut self, file: &str, why: String) -> PlayerError {
        self.shared.lock().closing = true;
        let out = self.process.last_output();
        if self.process.exited().is_some() {
            return exit_error(&out, file);
        }
        end_file_error(&why, file, &out)
    }

    /// The media file (canonical path).
    pub fn media(&self) -> &Path {
        &self.media
    }

    /// mpv's process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Sends a command; a refusal comes back as `PlayerEvent::Failed`.
    fn command(&self, cmd: Value) -> Result<(), PlayerError> {
        if !self.shared.lock().alive {
            return Err(PlayerError::Stopped("mpv is no longer running".into()));
        }
        let emit = Arc::clone(&self.emit);
        let what = cmd.to_string();
        self.ipc.send(
            cmd,
            Box::new(move |r| {
                if let Err(IpcError::Mpv(e)) = r {
                    emit(PlayerEvent::Failed(format!("mpv refused {what}: {e}")));
                }
            }),
        );
        Ok(())
    }

    pub fn play(&self) -> Result<(), PlayerError> {
        self.set_paused(false)
    }

    pub fn pause(&self) -> Result<(), PlayerError> {
        self.set_paused(true)
    }

    fn set_paused(&self, paused: bool) -> Result<(), PlayerError> {
        {
            let mut s = self.shared.lock();
            s.anchor(Instant::now());
            s.paused = paused;
        }
        self.shared.changed.notify_all();
        self.command(json!(["set_property", "pause", paused]))
    }

    /// Pauses when playing; when paused, backs up `backstep_s` seconds
    /// (0–5) and plays. Returns whether it now plays.
    pub fn toggle_with_backstep(&self, backstep_s: f64) -> Result<bool, PlayerError> {
        if self.is_paused() {
            let back = backstep_s.clamp(0.0, 5.0);
            if back > 0.0 {
                self.seek_relative(-back)?;
            }
            self.play()?;
            Ok(true)
        } else {
            self.pause()?;
            Ok(false)
        }
    }

    /// Seeks by `delta_s` seconds (negative: back), within the file.
    pub fn seek_relative(&self, delta_s: f64) -> Result<(), PlayerError> {
        let target = self.position() + delta_s;
        self.seek_to(target)
    }

    /// Seeks to `t_s` seconds (clamped to the file).
    pub fn seek_to(&self, t_s: f64) -> Result<(), PlayerError> {
        let target = {
            let mut s = self.shared.lock();
            let mut t = t_s.max(0.0);
            if let Some(d) = s.duration {
                t = t.min(d);
            }
            let now = Instant::now();
            s.pos = Some(t);
            s.at = now;
            s.eof = false;
            s.seeking = Some(now);
            t
        };
        self.command(json!(["seek", target, "absolute+exact"]))
    }

    /// Sets the speed, clamped to 0.5–2.0 (pitch is kept: mpv's default);
    /// returns the speed set.
    pub fn set_speed(&self, speed: f64) -> Result<f64, PlayerError> {
        let speed = if speed.is_finite() {
            (speed.clamp(MIN_SPEED, MAX_SPEED) * 100.0).round() / 100.0
        } else {
            1.0
        };
        {
            let mut s = self.shared.lock();
            s.anchor(Instant::now());
            s.speed = speed;
        }
        self.command(json!(["set_property", "speed", speed]))?;
        Ok(speed)
    }

    /// Loops between `a_s` and `b_s` seconds (mpv's A-B loop), from `a_s`
    /// when the playhead is outside the loop.
    pub fn set_loop(&self, a_s: f64, b_s: f64) -> Result<(), PlayerError> {
        if !(a_s.is_finite() && b_s.is_finite() && 0.0 <= a_s && a_s < b_s) {
            return Err(PlayerError::Other(format!(
                "a loop needs a start before its end (got {a_s:.1} s to {b_s:.1} s)"
            )));
        }
        self.shared.lock().ab_loop = Some((a_s, b_s));
        self.command(json!(["set_property", "ab-loop-a", a_s]))?;
        self.command(json!(["set_property", "ab-loop-b", b_s]))?;
        let at = self.position();
        if at < a_s || at >= b_s {
            self.seek_to(a_s)?;
        }
        Ok(())
    }

    pub fn clear_loop(&self) -> Result<(), PlayerError> {
        self.shared.lock().ab_loop = None;
        self.command(json!(["set_property", "ab-loop-a", "no"]))?;
        self.command(json!(["set_property", "ab-loop-b", "no"]))
    }

    /// The playhead in seconds: the last position mpv reported plus, while
    /// playing, the time since on the monotonic clock times the speed.
    pub fn position(&self) -> f64 {
        self.shared.lock().estimate(Instant::now())
    }

    /// `position()` in whole milliseconds (for stamping a turn).
    pub fn position_ms(&self) -> u64 {
        // Seconds of an audio file fit in u64 milliseconds; never negative.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let ms = (self.position() * 1000.0).round() as u64;
        ms
    }

    pub fn is_paused(&self) -> bool {
        self.shared.lock().paused
    }

    pub fn status(&self) -> Status {
        let s = self.shared.lock();
        Status {
            position: s.estimate(Instant::now()),
            duration: s.duration,
            paused: s.paused,
            speed: s.speed,
            eof: s.eof,
            ab_loop: s.ab_loop,
            alive: s.alive,
        }
    }

    /// Asks mpv for its own `time-pos` and waits for the answer: for
    /// checks and benchmarks, not for a UI loop.
    pub fn ask_time_pos(&self) -> Result<f64, PlayerError> {
        self.ask("time-pos")?
            .as_f64()
            .ok_or_else(|| PlayerError::Other("time-pos is not a number".into()))
    }

    /// Asks mpv for a property and waits for the answer.
    pub fn ask(&self, property: &str) -> Result<Value, PlayerError> {
        self.ipc
            .request(json!(["get_property", property]), ASK_TIMEOUT)
            .map_err(|e| PlayerError::Other(e.to_string()))
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        {
            self.shared.lock().closing = true;
        }
        self.shared.changed.notify_all();
        if !self.ipc.is_closed() {
            self.ipc.send(json!(["quit"]), Box::new(|_| {}));
        }
        self.process.stop(Duration::from_millis(300));
        self.ipc.shutdown();
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

fn start_ticker(shared: &Arc<Shared>, emit: &Emit) -> std::thread::JoinHandle<()> {
    let shared = Arc::clone(shared);
    let emit = Arc::clone(emit);
    std::thread::spawn(move || {
        let mut s = shared.lock();
        loop {
            if s.closing || !s.alive {
                return;
            }
            let playing = !s.paused && !s.eof;
            let wait = if playing {
                TICK
            } else {
                Duration::from_secs(3600)
            };
            let (g, timeout) = shared
                .changed
                .wait_timeout(s, wait)
                .unwrap_or_else(PoisonError::into_inner);
            s = g;
            if timeout.timed_out() && !s.paused && !s.eof && !s.closing {
                drop(s);
                emit(PlayerEvent::Tick);
                s = shared.lock();
            }
        }
    })
}

/// Updates the state from one mpv event and tells the caller.
fn on_event(shared: &Shared, emit: &Emit, file: &str, v: &Value) {
    let now = Instant::now();
    let name = v.get("event").and_then(Value::as_str).unwrap_or("");
    let mut out = None;
    {
        let mut s = shared.lock();
        match name {
            "property-change" => {
                let data = v.get("data");
                match v.get("name").and_then(Value::as_str).unwrap_or("") {
                    "time-pos" => {
                        if let Some(t) = data.and_then(Value::as_f64) {
                            if s.seeking
                                .is_none_or(|at| now.duration_since(at) > Duration::from_secs(1))
                            {
                                s.seeking = None;
                                s.pos = Some(t);
                                s.at = now;
                                out = Some(PlayerEvent::Position(t));
                            }
                        }
                    }
                    "pause" => {
                        if let Some(p) = data.and_then(Value::as_bool) {
                            if p != s.paused {
                                s.anchor(now);
                                s.paused = p;
                            }
                            s.at = now;
                            out = Some(PlayerEvent::Paused(p));
                        }
                    }
                    "speed" => {
                        if let Some(x) = data.and_then(Value::as_f64) {
                            if (x - s.speed).abs() > f64::EPSILON {
                                s.anchor(now);
                                s.speed = x;
                            }
                            out = Some(PlayerEvent::Speed(x));
                        }
                    }
                    "duration" => {
                        if let Some(d) = data.and_then(Value::as_f64) {
                            s.duration = Some(d);
                            out = Some(PlayerEvent::Duration(d));
                        }
                    }
                    "eof-reached" => {
                        let e = data.and_then(Value::as_bool).unwrap_or(false);
                        if e && !s.eof {
                            s.anchor(now);
                        }
                        s.eof = e;
                        out = Some(PlayerEvent::Eof(e));
                    }
                    _ => {}
                }
            }
            "playback-restart" => {
                if matches!(s.load, Load::Waiting) {
                    // The start of playback, not a seek of the caller's.
                    s.load = Load::Restarted;
                } else {
                    if s.seeking.take().is_some() {
                        s.at = now;
                    }
                    out = Some(PlayerEvent::Seeked);
                }
            }
            "end-file" => {
                let reason = v.get("reason").and_then(Value::as_str).unwrap_or("");
                if reason == "error" {
                    let why = v
                        .get("file_error")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown error")
                        .to_string();
                    if matches!(s.load, Load::Loaded) {
                        s.alive = false;
                        if !s.closing {
                            out = Some(PlayerEvent::Stopped(end_file_error(&why, file, &[])));
                        }
                    } else {
                        s.load = Load::Failed(why);
                    }
                }
            }
            _ => {}
        }
    }
    shared.changed.notify_all();
    if let Some(ev) = out {
        emit(ev);
    }
}

/// The error for mpv's `end-file` reason.
fn end_file_error(why: &str, file: &str, output: &[String]) -> PlayerError {
    let audio = why.contains("audio output") || output.iter().any(|l| l.contains("audio device"));
    if audio {
        PlayerError::NoAudioDevice {
            reason: why.to_string(),
        }
    } else {
        PlayerError::CannotPlay {
            file: file.to_string(),
            reason: why.to_string(),
        }
    }
}

/// The error for an mpv that exited before it could play.
fn exit_error(output: &[String], file: &str) -> PlayerError {
    let last = output
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| crate::core::sanitize::one_line(l.trim()))
        .unwrap_or_else(|| "it exited without saying why".into());
    if output.iter().any(|l| {
        l.contains("Error parsing option")
            || l.contains("option not found")
            || l.contains("Setting commandline option")
    }) {
        return PlayerError::BadArguments(last);
    }
    if output
        .iter()
        .any(|l| l.contains("audio device") || l.contains("audio output"))
    {
        return PlayerError::NoAudioDevice { reason: last };
    }
    PlayerError::CannotPlay {
        file: file.to_string(),
        reason: last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            pos: Some(10.0),
            at: Instant::now(),
            paused: false,
            speed: 1.0,
            duration: Some(60.0),
            eof: false,
            ab_loop: None,
            seeking: None,
            load: Load::Loaded,
            alive: true,
            closing: false,
        }
    }

    #[test]
    fn the_estimate_runs_with_the_clock_and_the_speed() {
        let mut s = state();
        let later = s.at + Duration::from_millis(500);
        assert!((s.estimate(later) - 10.5).abs() < 1e-9);
        s.speed = 0.5;
        assert!((s.estimate(later) - 10.25).abs() < 1e-9);
        s.paused = true;
        assert!((s.estimate(later) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn the_estimate_stops_at_the_end_and_the_loop_end() {
        let mut s = state();
        let later = s.at + Duration::from_secs(100);
        assert!((s.estimate(later) - 60.0).abs() < 1e-9);
        s.ab_loop = Some((5.0, 12.0));
        assert!((s.estimate(later) - 12.0).abs() < 1e-9);
    }

    #[test]
    fn anchoring_keeps_the_time_played() {
        let mut s = state();
        let later = s.at + Duration::from_millis(400);
        s.anchor(later);
        s.speed = 2.0;
        let after = later + Duration::from_millis(100);
        assert!((s.estimate(after) - 10.6).abs() < 1e-9);
    }

    #[test]
    fn observations_from_before_our_seek_are_ignored() {
        let shared = Shared {
            state: Mutex::new(state()),
            changed: Condvar::new(),
        };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = Arc::clone(&seen);
        let emit: Emit = Arc::new(move |e| s2.lock().expect("lock").push(e));
        {
            let mut s = shared.lock();
            s.pos = Some(30.0);
            s.seeking = Some(Instant::now());
        }
        let tp = |t: f64| json!({"event":"property-change","id":1,"name":"time-pos","data":t});
        on_event(&shared, &emit, "f", &tp(10.2));
        assert_eq!(shared.lock().pos, Some(30.0));
        on_event(&shared, &emit, "f", &json!({"event":"playback-restart"}));
        on_event(&shared, &emit, "f", &tp(30.01));
        assert_eq!(shared.lock().pos, Some(30.01));
        assert_eq!(
            *seen.lock().expect("lock"),
            [PlayerEvent::Seeked, PlayerEvent::Position(30.01)]
        );
    }

    #[test]
    fn errors_say_what_to_do() {
        assert!(PlayerError::MpvMissing
            .to_string()
            .contains("apt install mpv"));
        let e = end_file_error("audio output initialization failed", "a.m4a", &[]);
        assert!(e.to_string().contains("GLOSS_MPV_ARGS=--ao=null"), "{e}");
        let e = end_file_error("unrecognized file format", "a.m4a", &[]);
        assert_eq!(
            e.to_string(),
            "a.m4a: mpv cannot play it (unrecognized file format)"
        );
    }

    #[test]
    fn a_missing_mpv_is_reported_as_such() {
        let dir = tempfile::tempdir().expect("tempdir");
        let media = dir.path().join("a.wav");
        std::fs::write(&media, b"RIFF").expect("write");
        let (tx, _rx) = std::sync::mpsc::channel::<PlayerEvent>();
        let r = Player::open_with(Path::new("/nonexistent/mpv"), &media, &[], tx);
        assert_eq!(r.err(), Some(PlayerError::MpvMissing));
    }

    #[test]
    fn a_player_can_move_to_another_thread() {
        fn send<T: Send>() {}
        send::<Player>();
    }

    #[test]
    fn an_mpv_that_exits_at_once_is_reported_with_its_last_words() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let media = dir.path().join("a.m4a");
        std::fs::write(&media, b"x").expect("write");
        let fake = dir.path().join("mpv");
        std::fs::write(
            &fake,
            "#!/bin/sh\necho 'Failed to recognize file format.' >&2\nexit 2\n",
        )
        .expect("write");
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let (tx, _rx) = std::sync::mpsc::channel::<PlayerEvent>();
        let e = Player::open_with(&fake, &media, &[], tx).err();
        assert!(
            matches!(&e, Some(PlayerError::CannotPlay { reason, .. }) if reason == "Failed to recognize file format."),
            "{e:?}"
        );
    }

    #[test]
    fn a_missing_file_is_reported_before_starting_mpv() {
        let (tx, _rx) = std::sync::mpsc::channel::<PlayerEvent>();
        let r = Player::open(Path::new("/nonexistent/a.wav"), &[], tx);
        assert!(
            matches!(r.as_ref().err(), Some(PlayerError::MediaUnreadable { .. })),
            "{:?}",
            r.err()
        );
    }
}
