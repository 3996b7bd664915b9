//! `gloss bench transcribe`: the real mpv (`--ao=null`) on a generated
//! WAV, driven the way a transcriber does (play, pause with backstep,
//! resume, seek back and forth, speed changes), measuring how often the
//! playhead updates while playing and how far a stamped time
//! (`Player::position_ms`) is from mpv's own `time-pos` asked at the same
//! moment. Percentiles from `ops::measure`.

use super::{Player, PlayerEvent};
use crate::ops::measure::percentile;
use std::path::Path;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// A mono 16-bit sine wave (440 Hz) of `secs` seconds at `rate` Hz.
pub fn sine_wav(secs: u32, rate: u32) -> Vec<u8> {
    let n = rate * secs;
    let mut b = Vec::with_capacity(44 + 2 * n as usize);
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36 + 2 * n).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&(rate * 2).to_le_bytes());
    b.extend_from_slice(&2u16.to_le_bytes());
    b.extend_from_slice(&16u16.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&(2 * n).to_le_bytes());
    for i in 0..n {
        let t = f64::from(i) / f64::from(rate);
        // |sin| ≤ 1, so the product fits an i16.
        #[allow(clippy::cast_possible_truncation)]
        let v = (8000.0 * (2.0 * std::f64::consts::PI * 440.0 * t).sin()) as i16;
        b.extend_from_slice(&v.to_le_bytes());
    }
    b
}

/// What a transcriber does, one step every two seconds.
const STEPS: [&str; 8] = [
    "play",
    "pause (backstep 1.5 s)",
    "resume",
    "back 5 s",
    "forward 2 s",
    "speed 0.7",
    "speed 1.3",
    "speed 1.0",
];

/// How long after a step its stamps count as "just after" it.
const SETTLE: Duration = Duration::from_millis(300);

pub fn transcribe(seconds: u32, extra_args: &[String]) -> anyhow::Result<String> {
    let dir = std::env::temp_dir().join(format!("gloss-bench-transcribe-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = run(&dir, seconds, extra_args);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(dir: &Path, seconds: u32, extra_args: &[String]) -> anyhow::Result<String> {
    let media = dir.join("tone.wav");
    let file_secs = seconds.max(10) + 30;
    std::fs::write(&media, sine_wav(file_secs, 48_000))?;
    let mut args = vec!["--ao=null".to_string()];
    args.extend(extra_args.iter().cloned());
    let (tx, rx) = channel();
    let opening = Instant::now();
    let p = Player::open(&media, &args, tx)?;
    let open_ms = opening.elapsed().as_secs_f64() * 1000.0;
    while rx.try_recv().is_ok() {}
    p.seek_to(10.0)?;
    let waited = Instant::now();
    while waited.elapsed() < Duration::from_secs(5) {
        if let Ok(PlayerEvent::Seeked) = rx.recv_timeout(Duration::from_millis(50)) {
            break;
        }
    }

    let mut updates: Vec<Instant> = Vec::new();
    let mut steady: Vec<f64> = Vec::new();
    let mut settling: Vec<f64> = Vec::new();
    let mut worst_after = [0.0f64; STEPS.len()];
    let mut asks: Vec<f64> = Vec::new();
    let mut playing_for = Duration::ZERO;
    let t0 = Instant::now();
    let total = Duration::from_secs(u64::from(seconds));
    let mut step = 0usize;
    let mut last_step = t0;
    let mut next_stamp = t0;
    let mut was_playing: Option<Instant> = None;
    p.play()?;
    while t0.elapsed() < total {
        let now = Instant::now();
        if now.duration_since(last_step) >= Duration::from_secs(2) {
            step = (step + 1) % STEPS.len();
            last_step = now;
            match step {
                0 => p.play()?,
                1 => {
                    p.toggle_with_backstep(1.5)?;
                }
                2 => {
                    p.toggle_with_backstep(1.5)?;
                }
                3 => p.seek_relative(-5.0)?,
                4 => p.seek_relative(2.0)?,
                5 => {
                    p.set_speed(0.7)?;
                }
                6 => {
                    p.set_speed(1.3)?;
                }
                _ => {
                    p.set_speed(1.0)?;
                }
            }
        }
        let playing = !p.is_paused();
        match (playing, was_playing) {
            (true, None) => was_playing = Some(now),
            (false, Some(since)) => {
                playing_for += now.duration_since(since);
                was_playing = None;
            }
            _ => {}
        }
        if now >= next_stamp {
            next_stamp = now + Duration::from_millis(150);
            let before = p.position_ms() as f64;
            let asked = Instant::now();
            let theirs = p.ask_time_pos()? * 1000.0;
            asks.push(asked.elapsed().as_secs_f64() * 1000.0);
            let after = p.position_ms() as f64;
            let err = (theirs - (before + after) / 2.0).abs();

            if now.duration_since(last_step) < SETTLE {
                settling.push(err);
                let worst = &mut worst_after[step];
                *worst = worst.max(err);
            } else {
                steady.push(err);
            }
        }
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(10)) {
            if matches!(e, PlayerEvent::Tick | PlayerEvent::Position(_)) && !p.is_paused() {
                updates.push(Instant::now());
            }
        }
    }
    if let Some(since) = was_playing {
        playing_for += since.elapsed();
    }
    let gaps: Vec<f64> = updates
        .windows(2)
        .map(|w| w[1].duration_since(w[0]).as_secs_f64() * 1000.0)
        .filter(|g| *g < 1000.0) // a pause in between is not a gap
        .collect();
    let per_s = updates.len() as f64 / playing_for.as_secs_f64().max(0.001);
    let ms = |v: &[f64], q: f64| percentile(v, q);
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    Ok(format!(
        "bench transcribe: {seconds} s of a generated 48 kHz WAV, mpv --ao=null, steps every 2 s: {}\n\
         playhead while playing: {per_s:.1} updates/s (events to the caller; gap p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms)\n\
         stamp vs mpv's time-pos, steady: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (n={})\n\
         stamp vs mpv's time-pos, within {} ms of a step: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (n={})\n\
         worst just after each step: {}\n\
         mpv answers get_property in p50 {:.2} ms, p99 {:.2} ms; open (start mpv, load, audio out) {open_ms:.0} ms",
        STEPS.join(", "),
        ms(&gaps, 0.5),
        ms(&gaps, 0.99),
        max(&gaps),
        ms(&steady, 0.5),
        ms(&steady, 0.99),
        max(&steady),
        steady.len(),
        SETTLE.as_millis(),
        ms(&settling, 0.5),
        ms(&settling, 0.99),
        max(&settling),
        settling.len(),
        STEPS
            .iter()
            .zip(worst_after)
            .map(|(s, w)| format!("{s} {w:.0} ms"))
            .collect::<Vec<_>>()
            .join(", "),
        ms(&asks, 0.5),
        ms(&asks, 0.99),
    ))
}
