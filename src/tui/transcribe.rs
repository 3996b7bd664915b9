//! Transcription mode's state (issue 14): the recording of the open
//! document playing through a [`Playback`] (mpv, or a stand-in in tests),
//! what the user switched on (loop, follow, pause while typing), and the
//! pure pieces the status line and the margin draw from. The keys are in
//! `app/transcribe.rs`; nothing here touches the project or the terminal.

use crate::core::{DocumentId, Segment, SegmentId};
use crate::player::{Playback, Status};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// After this long without a keystroke, playback paused for typing resumes.
pub const TYPING_QUIET: Duration = Duration::from_secs(1);

/// How far resuming backs up, by default (setting `backstep_s`).
pub const DEFAULT_BACKSTEP_S: f64 = 1.5;

/// The player of one document, as far as it has come.
pub enum PlayerSlot {
    /// No recording is linked to the document, or mpv could not play it:
    /// why, in the user's words (editing goes on without audio).
    Silent(String),
    /// mpv is starting on a worker.
    Opening(super::jobs::Job),
    Ready(Box<dyn Playback>),
}

/// The recording of a document and how it is being played.
pub struct Transcription {
    pub doc: DocumentId,
    /// The recording's file (for the status line).
    pub media: Option<PathBuf>,
    pub player: PlayerSlot,
    /// The mode is on (the player stays, paused, when it is switched off).
    pub on: bool,
    /// Seconds resuming backs up (0–5).
    pub backstep_s: f64,
    /// The turn looped between its start and end times.
    pub looping: Option<SegmentId>,
    /// While playing, the turn being heard is kept in view.
    pub follow: bool,
    /// The turn last brought into view by following (it is brought into
    /// view again only when another turn is heard: the cursor moves free).
    pub followed: Option<usize>,
    /// Playback pauses while typing and resumes after a second of quiet.
    pub typing_pause: bool,
    /// Playback was paused by typing, at this last keystroke.
    pub paused_for_typing: Option<Instant>,
}

impl Transcription {
    pub fn new(doc: DocumentId, media: Option<PathBuf>, player: PlayerSlot) -> Transcription {
        Transcription {
            doc,
            media,
            player,
            on: false,
            backstep_s: DEFAULT_BACKSTEP_S,
            looping: None,
            follow: true,
            followed: None,
            typing_pause: false,
            paused_for_typing: None,
        }
    }

    pub fn playback(&self) -> Option<&dyn Playback> {
        match &self.player {
            PlayerSlot::Ready(p) => Some(p.as_ref()),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<Status> {
        self.playback().map(Playback::status)
    }

    pub fn playing(&self) -> bool {
        self.status()
            .is_some_and(|s| s.alive && !s.paused && !s.eof)
    }

    /// The playhead in milliseconds, when there is playback.
    pub fn position_ms(&self) -> Option<u64> {
        self.playback().map(Playback::position_ms)
    }

    /// How long until playback paused for typing is due to resume.
    pub fn resume_in(&self) -> Option<Duration> {
        let at = self.paused_for_typing?;
        Some(TYPING_QUIET.saturating_sub(at.elapsed()))
    }

    /// The status line's part: file, `12:31.4 / 58:02`, ▶/⏸, speed, loop,
    /// follow, typing pause.
    pub fn status_line(&self) -> String {
        let file = self
            .media
            .as_ref()
            .and_then(|m| m.file_name())
            .map(|n| crate::core::sanitize::one_line(&n.to_string_lossy()))
            .unwrap_or_else(|| "no recording".into());
        let mut s = format!(" {file}");
        match (&self.player, self.status()) {
            (PlayerSlot::Ready(_), Some(st)) => {
                let state = if !st.alive {
                    "■"
                } else if st.paused || st.eof {
                    "⏸"
                } else {
                    "▶"
                };
                s.push_str(&format!(" {state} {}", clock_tenths(st.position)));
                if let Some(d) = st.duration {
                    s.push_str(&format!(" / {}", clock(d)));
                }
                s.push_str(&format!(" · {:.1}×", st.speed));
                if self.looping.is_some() {
                    s.push_str(" · loop");
                }
                if self.follow {
                    s.push_str(" · follow");
                }
                if self.typing_pause {
                    s.push_str(" · pause while typing");
                }
            }
            (PlayerSlot::Opening(_), _) => s.push_str(" · starting mpv…"),
            (PlayerSlot::Silent(_), _) | (PlayerSlot::Ready(_), None) => {
                s.push_str(" · no audio");
            }
        }
        s
    }
}

/// The turn being heard at `ms`: the last turn starting at or before it,
/// unless that turn has ended (its end time, or the next turn's start).
/// Turns without a time are skipped.
pub fn heard_turn(segments: &[Segment], ms: u64) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in segments.iter().enumerate() {
        match s.time_ms {
            Some(t) if t <= ms => best = Some(i),
            Some(_) => break,
            None => {}
        }
    }
    let i = best?;
    match segments[i].end_ms {
        Some(e) if e < ms => None,
        _ => Some(i),
    }
}

/// The times a turn loops between: its start, and its end (or the next
/// timed turn's start), in seconds.
pub fn turn_span_s(segments: &[Segment], i: usize) -> Option<(f64, f64)> {
    let s = segments.get(i)?;
    let start = s.time_ms?;
    let end = s.end_ms.or_else(|| {
        segments[i + 1..]
            .iter()
            .find_map(|n| n.time_ms.filter(|&t| t > start))
    })?;
    (end > start).then(|| (start as f64 / 1000.0, end as f64 / 1000.0))
}

/// `12:31` or `1:02:03` (whole seconds).
pub fn clock(s: f64) -> String {
    let total = crate::player::seconds_to_ms(s) / 1000;
    let (h, m, sec) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{sec:02}")
    } else {
        format!("{m:02}:{sec:02}")
    }
}

/// `12:31.4` or `1:02:03.4` (tenths).
pub fn clock_tenths(s: f64) -> String {
    let tenths = crate::player::seconds_to_ms(s) / 100;
    let whole = tenths / 10;
    let (h, m, sec) = (whole / 3600, whole / 60 % 60, whole % 60);
    let t = tenths % 10;
    if h > 0 {
        format!("{h}:{m:02}:{sec:02}.{t}")
    } else {
        format!("{m:02}:{sec:02}.{t}")
    }
}

/// Columns of the time margin: a time of up to 8 and a space.
pub const MARGIN_TIME_WIDTH: u16 = 9;

/// A turn's start time for the margin, 8 columns wide.
pub fn margin_time(ms: u64) -> String {
    format!("{:>8}", clock(ms as f64 / 1000.0))
}

impl super::transcript::TranscriptState {
    /// Scrolls so the first line of turn `i` is in view (a third of the way
    /// down when it was not), leaving the cursor where it is.
    pub fn show_turn(&mut self, i: usize) {
        let Some(line) = self.turn_line(i) else {
            return;
        };
        let p = super::transcript::Pos { line, row: 0 };
        let (_, height) = self.viewport();
        let bottom = self.forward(self.top, height.saturating_sub(1));
        if p < self.top || p > bottom {
            self.top = self.backward(p, height / 3);
            self.clamp();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::CharRange;

    fn seg(id: i64, t: Option<u64>, e: Option<u64>) -> Segment {
        Segment {
            id: SegmentId(id),
            range: CharRange::new(0, 0),
            speaker: None,
            participant: None,
            time_ms: t,
            end_ms: e,
            verified: true,
        }
    }

    #[test]
    fn the_turn_heard_and_its_span() {
        let segs = vec![
            seg(1, Some(1_000), None),
            seg(2, None, None),
            seg(3, Some(5_000), Some(8_000)),
            seg(4, Some(10_000), None),
        ];
        assert_eq!(heard_turn(&segs, 500), None);
        assert_eq!(heard_turn(&segs, 1_000), Some(0));
        assert_eq!(heard_turn(&segs, 4_999), Some(0));
        assert_eq!(heard_turn(&segs, 6_000), Some(2));
        // Between turn 3's end and turn 4's start nobody is heard.
        assert_eq!(heard_turn(&segs, 9_000), None);
        assert_eq!(heard_turn(&segs, 60_000), Some(3));
        assert_eq!(turn_span_s(&segs, 0), Some((1.0, 5.0)));
        assert_eq!(turn_span_s(&segs, 2), Some((5.0, 8.0)));
        assert_eq!(turn_span_s(&segs, 3), None);
        assert_eq!(turn_span_s(&segs, 1), None);
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(751.4), "12:31");
        assert_eq!(clock_tenths(751.44), "12:31.4");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(clock_tenths(3723.16), "1:02:03.1");
        assert_eq!(margin_time(65_000), "   01:05");
    }
}
