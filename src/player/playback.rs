//! What a front end asks of playback, as a trait: the real [`Player`]
//! (mpv) implements it, and a stand-in can (the TUI's tests drive
//! transcription mode with one on a virtual clock). The calls never wait
//! for the audio: a refusal comes back as an error or, later, as an event.

use super::{Player, PlayerError, Status};
use std::path::Path;

pub trait Playback: Send {
    /// The file being played.
    fn media(&self) -> &Path;
    /// Pauses when playing; when paused, backs up `backstep_s` seconds and
    /// plays. Returns whether it now plays.
    fn toggle_with_backstep(&self, backstep_s: f64) -> Result<bool, PlayerError>;
    fn play(&self) -> Result<(), PlayerError>;
    fn pause(&self) -> Result<(), PlayerError>;
    fn seek_relative(&self, delta_s: f64) -> Result<(), PlayerError>;
    fn seek_to(&self, t_s: f64) -> Result<(), PlayerError>;
    /// Sets the speed (clamped to 0.5–2.0); returns the speed set.
    fn set_speed(&self, speed: f64) -> Result<f64, PlayerError>;
    /// Loops between two times (seconds).
    fn set_loop(&self, a_s: f64, b_s: f64) -> Result<(), PlayerError>;
    fn clear_loop(&self) -> Result<(), PlayerError>;
    /// Position, duration, pause, speed, loop, whether it is alive.
    fn status(&self) -> Status;
    /// The playhead in whole milliseconds.
    fn position_ms(&self) -> u64 {
        seconds_to_ms(self.status().position)
    }
}

/// Seconds as whole milliseconds (never negative).
pub fn seconds_to_ms(s: f64) -> u64 {
    // Seconds of an audio file fit in u64 milliseconds.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = (s.max(0.0) * 1000.0).round() as u64;
    ms
}

impl Playback for Player {
    fn media(&self) -> &Path {
        Player::media(self)
    }
    fn toggle_with_backstep(&self, backstep_s: f64) -> Result<bool, PlayerError> {
        Player::toggle_with_backstep(self, backstep_s)
    }
    fn play(&self) -> Result<(), PlayerError> {
        Player::play(self)
    }
    fn pause(&self) -> Result<(), PlayerError> {
        Player::pause(self)
    }
    fn seek_relative(&self, delta_s: f64) -> Result<(), PlayerError> {
        Player::seek_relative(self, delta_s)
    }
    fn seek_to(&self, t_s: f64) -> Result<(), PlayerError> {
        Player::seek_to(self, t_s)
    }
    fn set_speed(&self, speed: f64) -> Result<f64, PlayerError> {
        Player::set_speed(self, speed)
    }
    fn set_loop(&self, a_s: f64, b_s: f64) -> Result<(), PlayerError> {
        Player::set_loop(self, a_s, b_s)
    }
    fn clear_loop(&self) -> Result<(), PlayerError> {
        Player::clear_loop(self)
    }
    fn status(&self) -> Status {
        Player::status(self)
    }
    fn position_ms(&self) -> u64 {
        Player::position_ms(self)
    }
}
