//! The TUI half of `gloss bench transcribe`: transcription mode on a
//! generated transcript with the real mpv (`--ao=null`) playing a generated
//! WAV, typing a key every 20 ms as a transcriber does, measuring keypress
//! → frame (update + draw) and how often the playhead shown is redrawn while
//! it plays. The loop is the real one's order: the channel's events (the
//! player's ticks, the writer's news) are taken in between keys.

use super::{generate_transcript, tempdir, Timing};
use crate::ops;
use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::view;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

pub fn typing_while_playing(
    seconds: u32,
    lines: usize,
    extra_args: &[String],
) -> anyhow::Result<String> {
    let dir = tempdir()?;
    let result = run(&dir, seconds, lines, extra_args);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(
    dir: &std::path::Path,
    seconds: u32,
    lines: usize,
    extra: &[String],
) -> anyhow::Result<String> {
    let media = dir.join("interview.wav");
    std::fs::write(&media, crate::player::bench::sine_wav(seconds + 5, 48_000))?;
    let file = dir.join("interview.txt");
    std::fs::write(&file, generate_transcript(lines))?;
    let project = dir.join("bench.gloss");
    let mut store = ops::project::init(&project, "bench")?;
    ops::import::import_files(&mut store, &[file], &Default::default(), &mut |_, _, _| {})?;
    ops::transcribe::link(&mut store, "interview", &media)?;
    drop(store);
    // The player reads its extra arguments from the environment, as in
    // use; no sound device is needed.
    let mut args: Vec<String> = extra.to_vec();
    if !args.iter().any(|a| a.starts_with("--ao")) {
        args.push("--ao=null".into());
    }
    std::env::set_var("GLOSS_MPV_ARGS", args.join(" "));
    let extra = &args;

    let (width, height) = (120, 40);
    let mut app = App::new(ops::project::open_plain(&project, None)?)?;
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|f| view::draw(f, &mut app))?;
    app.run(Action::FocusNext);
    let t0 = Instant::now();
    app.enter_transcribe();
    app.wait_for_jobs(Duration::from_secs(15));
    let open_ms = t0.elapsed().as_secs_f64() * 1e3;
    if app.transcription().and_then(|t| t.playback()).is_none() {
        anyhow::bail!(
            "mpv did not start: {}",
            app.message.clone().unwrap_or_default()
        );
    }
    let key = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    app.handle_event(&key(KeyCode::F(4)));
    terminal.draw(|f| view::draw(f, &mut app))?;

    let typed = "nous lavons les pierres au bord de la rivière ";
    let mut keys = Vec::new();
    let mut enters = Vec::new();
    let mut redraws = 0usize;
    let start = Instant::now();
    let until = start + Duration::from_secs(u64::from(seconds));
    let mut i = 0usize;
    while Instant::now() < until {
        // What arrived meanwhile (ticks, positions): drawn if it changed.
        if app.tick() {
            terminal.draw(|f| view::draw(f, &mut app))?;
            redraws += 1;
        }
        let c = typed.chars().nth(i % typed.chars().count()).unwrap_or(' ');
        let enter = i % 97 == 96;
        let ev = if enter {
            key(KeyCode::Enter)
        } else {
            key(KeyCode::Char(c))
        };
        let t = Instant::now();
        app.handle_event(&ev);
        app.tick();
        terminal.draw(|f| view::draw(f, &mut app))?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if enter {
            enters.push(ms);
        } else {
            keys.push(ms);
        }
        i += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    let played_s = start.elapsed().as_secs_f64();
    let position = app
        .transcription()
        .and_then(|t| t.position_ms())
        .unwrap_or(0);
    app.close()?;
    let keys = Timing {
        label: "typing → frame".into(),
        samples: keys,
    };
    let enters = Timing {
        label: "Enter (new turn)".into(),
        samples: enters,
    };
    let mut out = String::new();
    writeln!(
        out,
        "transcription mode: {lines}-line transcript, mpv {} playing, a key every 20 ms for {seconds} s (Enter every 97th: a new turn at the playhead)",
        extra.join(" ")
    )?;
    writeln!(out, "  mpv started and ready: {open_ms:.0} ms")?;
    writeln!(
        out,
        "  {:<20} n={:<5} p50 {:>7.3}  p99 {:>7.3}  max {:>7.3} ms   (budget: p99 ≤ 16)",
        keys.label,
        keys.samples.len(),
        keys.percentile(0.5),
        keys.percentile(0.99),
        keys.percentile(1.0)
    )?;
    writeln!(
        out,
        "  {:<20} n={:<5} p50 {:>7.3}  p99 {:>7.3}  max {:>7.3} ms   (one revision: waits for the typing before it, writes, reloads the turns)",
        enters.label,
        enters.samples.len(),
        enters.percentile(0.5),
        enters.percentile(0.99),
        enters.percentile(1.0)
    )?;
    writeln!(
        out,
        "  playhead redrawn between keys: {:.1} times a second (budget ≥ 5; every key redraws it too)",
        redraws as f64 / played_s
    )?;
    writeln!(
        out,
        "  playhead at the end: {:.1} s after {played_s:.1} s of playing",
        position as f64 / 1000.0
    )?;
    Ok(out)
}
