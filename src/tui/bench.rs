//! `gloss bench viewer`: measures keypress → frame time of the real viewer
//! (update + layout + draw into an off-screen buffer) on a generated
//! transcript, so the budget in DESIGN.md is checked by a benchmark, not by
//! a timed test. The terminal emulator's own latency is outside this figure.

mod transcribe;

pub use transcribe::typing_while_playing;

use super::app::App;
use super::keymap::Action;
use super::view;
use crate::ops;
use crate::tui::action::Move;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::fmt::Write as _;
use std::time::Instant;

/// A deterministic transcript of about `lines` lines: speaker turns with
/// timestamps, French and English, some long lines that wrap.
pub fn generate_transcript(lines: usize) -> String {
    const SPEAKERS: [&str; 6] = ["FACILITATRICE", "P1", "P2", "P3", "Interviewer", "P4"];
    const PHRASES: [&str; 6] = [
        "on commence à laver les pierres avant le lever du soleil, et les enfants viennent avec nous",
        "the school fees are paid after the sale, when the buyer comes to the site",
        "[rires] non, ça ce n'est pas vrai, elle exagère un peu",
        "we do not have another choice, the fields are too far and the rain did not come",
        "à la barrière il faut payer, sinon on ne passe pas avec le sac",
        "[inaudible 00:12:31] ils disent que la coopérative va changer ça",
    ];
    let mut s = String::with_capacity(lines * 90);
    let mut n = 0usize;
    let mut turn = 0usize;
    while n < lines {
        let t = turn * 7;
        let _ = write!(
            s,
            "[{:02}:{:02}:{:02}] {} : {}",
            t / 3600,
            t / 60 % 60,
            t % 60,
            SPEAKERS[turn % SPEAKERS.len()],
            PHRASES[turn % PHRASES.len()]
        );
        if turn.is_multiple_of(5) {
            // A long turn that wraps over several rows.
            for k in 0..6 {
                s.push(' ');
                s.push_str(PHRASES[(turn + k) % PHRASES.len()]);
            }
        }
        s.push('\n');
        n += 1;
        if turn.is_multiple_of(3) && n < lines {
            s.push_str("et puis une ligne de suite, sans étiquette.\n");
            n += 1;
        }
        if n < lines {
            s.push('\n');
            n += 1;
        }
        turn += 1;
    }
    s
}

/// A transcript whose one turn is a single line of about `chars` chars, with
/// annotations and no line breaks (a pasted text, a bad export).
pub fn generate_long_line(chars: usize) -> String {
    let mut s = String::from("[00:00:01] Interviewer : one long line follows.\n\n[00:00:05] P1 : ");
    let mut i = 0;
    while s.len() < chars {
        let _ = write!(s, "mot{i} [rires] encore une phrase sans fin, ");
        i += 1;
    }
    s.push_str("\n\n[00:59:00] Interviewer : merci.\n");
    s
}

pub struct Timing {
    pub label: String,
    pub samples: Vec<f64>,
}

impl Timing {
    fn percentile(&self, p: f64) -> f64 {
        let mut v = self.samples.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return 0.0;
        }
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[i.min(v.len() - 1)]
    }
}

/// Runs the viewer benchmark on a transcript of `lines` lines; returns a
/// human-readable report.
pub fn viewer(lines: usize, long_line: bool, width: u16, height: u16) -> anyhow::Result<String> {
    let dir = tempdir()?;
    let text = if long_line {
        generate_long_line(lines * 80)
    } else {
        generate_transcript(lines)
    };
    let lines = text.lines().count();
    let file = dir.join("generated.txt");
    std::fs::write(&file, &text)?;
    let project = dir.join("bench.gloss");
    let mut store = ops::project::init(&project, "bench")?;
    let t0 = Instant::now();
    ops::import::import_files(&mut store, &[file], &Default::default(), &mut |_, _, _| {})?;
    let import_ms = t0.elapsed().as_secs_f64() * 1e3;
    drop(store);

    let t0 = Instant::now();
    let mut app = App::new(ops::project::open_plain(&project, None)?)?;
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|f| view::draw(f, &mut app))?;
    let open_ms = t0.elapsed().as_secs_f64() * 1e3;
    app.run(Action::FocusNext);

    let mut timings = Vec::new();
    let mut measure = |label: &str, cmds: &mut dyn Iterator<Item = Action>| -> anyhow::Result<()> {
        let mut samples = Vec::new();
        for cmd in cmds {
            let t = Instant::now();
            app.run(cmd);
            terminal.draw(|f| view::draw(f, &mut app))?;
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
        timings.push(Timing {
            label: label.to_string(),
            samples,
        });
        Ok(())
    };
    measure(
        "line down (j)",
        &mut std::iter::repeat_n(Action::Move(Move::Down), 3000),
    )?;
    measure(
        "page down",
        &mut std::iter::repeat_n(Action::Move(Move::PageDown), 2000),
    )?;
    measure(
        "next turn",
        &mut std::iter::repeat_n(Action::Move(Move::NextTurn), 2000),
    )?;
    measure(
        "end / start (G, g)",
        &mut [Action::Move(Move::Bottom), Action::Move(Move::Top)]
            .into_iter()
            .cycle()
            .take(400),
    )?;
    measure(
        "page up",
        &mut std::iter::once(Action::Move(Move::Bottom))
            .chain(std::iter::repeat_n(Action::Move(Move::PageUp), 2000)),
    )?;

    let mut out = String::new();
    let chars = text.chars().count();
    writeln!(
        out,
        "viewer benchmark: {lines} lines, {chars} chars, terminal {width}x{height}"
    )?;
    writeln!(out, "  import (parse + store): {import_ms:.0} ms")?;
    writeln!(
        out,
        "  open project + load document + first frame: {open_ms:.1} ms"
    )?;
    writeln!(out, "  keypress → frame (update + draw), ms:")?;
    let mut all = Vec::new();
    for t in &timings {
        writeln!(
            out,
            "    {:<20} n={:<5} p50 {:>6.3}  p99 {:>6.3}  max {:>6.3}",
            t.label,
            t.samples.len(),
            t.percentile(0.5),
            t.percentile(0.99),
            t.percentile(1.0)
        )?;
        all.extend_from_slice(&t.samples);
    }
    let all = Timing {
        label: "all".into(),
        samples: all,
    };
    writeln!(
        out,
        "    {:<20} n={:<5} p50 {:>6.3}  p99 {:>6.3}  max {:>6.3}   (budget: p50 ≤ 4, p99 ≤ 16)",
        all.label,
        all.samples.len(),
        all.percentile(0.5),
        all.percentile(0.99),
        all.percentile(1.0)
    )?;
    if let Some(kb) = crate::ops::measure::peak_rss_kb() {
        writeln!(out, "  peak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(out)
}

fn tempdir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("gloss-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// `gloss bench edit`: the cost of one committed edit on a long transcript
/// with many codings, and keypress → frame while typing in edit mode.
pub fn edit(
    lines: usize,
    codings: usize,
    edits: usize,
    width: u16,
    height: u16,
) -> anyhow::Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let dir = tempdir()?;
    let text = generate_transcript(lines);
    let chars = text.chars().count();
    let t0 = Instant::now();
    let project = ops::text::bench::build(&dir, &text, codings)?;
    let build_ms = t0.elapsed().as_secs_f64() * 1e3;
    let mut store = ops::project::open_plain(&project, None)?;
    let commits = Timing {
        label: "commit one edit".into(),
        samples: ops::text::bench::commit_times(&mut store, edits)?,
    };
    drop(store);

    let mut app = App::new(ops::project::open_plain(&project, None)?)?;
    let mut terminal = Terminal::new(TestBackend::new(width, height))?;
    terminal.draw(|f| view::draw(f, &mut app))?;
    app.run(Action::FocusNext);
    app.run(Action::Move(Move::PageDown));
    app.run(Action::EditMode);
    let mut keys = Vec::new();
    let mut rng = ops::text::bench::Lcg(3);
    let typed = "les frais scolaires à Kasulo ";
    for i in 0..3000 {
        let t = Instant::now();
        let ev = if i % 40 == 39 {
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)
        } else if i % 500 == 499 {
            // Now and then move on, as a corrector does.
            KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)
        } else {
            let c = typed
                .chars()
                .nth(rng.next(typed.chars().count()))
                .unwrap_or('a');
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
        };
        app.handle_event(&Event::Key(ev));
        app.tick();
        terminal.draw(|f| view::draw(f, &mut app))?;
        keys.push(t.elapsed().as_secs_f64() * 1e3);
        if std::env::var_os("GLOSS_BENCH_DETAIL").is_some() && keys[keys.len() - 1] > 30.0 {
            eprintln!("key {i}: {:.1} ms", keys[keys.len() - 1]);
        }
    }
    let t = Instant::now();
    app.run(Action::LeaveEdit);
    let leave_ms = t.elapsed().as_secs_f64() * 1e3;
    let keys = Timing {
        label: "typing (edit mode)".into(),
        samples: keys,
    };
    app.close()?;

    let mut out = String::new();
    writeln!(
        out,
        "edit benchmark: {lines} lines, {chars} chars, {codings} codings, terminal {width}x{height}"
    )?;
    writeln!(out, "  build (import + codings): {build_ms:.0} ms")?;
    for t in [&commits, &keys] {
        writeln!(
            out,
            "  {:<20} n={:<5} p50 {:>7.3}  p99 {:>7.3}  max {:>7.3} ms",
            t.label,
            t.samples.len(),
            t.percentile(0.5),
            t.percentile(0.99),
            t.percentile(1.0)
        )?;
    }
    writeln!(
        out,
        "  (budgets: keypress → frame p50 ≤ 4, p99 ≤ 16 ms; a commit touches the edited block, the codings and turns anchored in it and the later blocks' starts, never the whole text or every coding)"
    )?;
    writeln!(
        out,
        "  leave edit mode (saves the last typing): {leave_ms:.1} ms"
    )?;
    if let Some(kb) = crate::ops::measure::peak_rss_kb() {
        writeln!(out, "  peak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(out)
}
