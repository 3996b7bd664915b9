//! The player with the real mpv (`--ao=null`: no sound device needed) on a
//! WAV written here: play, pause with backstep, seek, speed, loop, the
//! stamped position against mpv's own `time-pos`, ticks while playing, and
//! mpv gone on every way out. `.ci/run` installs mpv: nothing is skipped.

use gloss::player::{Player, PlayerError, PlayerEvent};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How far our position may be from mpv's.
const TOLERANCE_S: f64 = 0.1;

/// A mono 16-bit 48 kHz sine wave of `secs` seconds (the bench's own).
fn write_wav(path: &Path, secs: u32) {
    std::fs::write(path, gloss::player::bench::sine_wav(secs, 48_000)).expect("write wav");
}

fn null_audio() -> Vec<String> {
    vec!["--ao=null".to_string()]
}

fn wav(dir: &tempfile::TempDir, secs: u32) -> PathBuf {
    let p = dir.path().join("tone.wav");
    write_wav(&p, secs);
    p
}

/// Waits for an event matching `f`, up to 5 s.
fn wait_for(rx: &Receiver<PlayerEvent>, what: &str, f: impl Fn(&PlayerEvent) -> bool) {
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(5) {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(50)) {
            if f(&e) {
                return;
            }
        }
    }
    panic!("no {what} event within 5 s");
}

/// Our position and mpv's agree: mpv's answer lies between our readings
/// just before and just after asking, give or take the tolerance.
fn assert_agrees(p: &Player, what: &str) -> f64 {
    let before = p.position();
    let theirs = p.ask_time_pos().expect("time-pos");
    let after = p.position();
    assert!(
        before - TOLERANCE_S <= theirs && theirs <= after + TOLERANCE_S,
        "{what}: ours {before:.3}..{after:.3}, mpv {theirs:.3}"
    );
    theirs
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn play_pause_backstep_seek_speed_loop_against_mpv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let media = wav(&dir, 30);
    let (tx, rx) = channel();
    let p = Player::open(&media, &null_audio(), tx).expect("open");
    assert!(p.is_paused());
    wait_for(&rx, "duration", |e| matches!(e, PlayerEvent::Duration(_)));
    let d = p.status().duration.expect("duration");
    assert!((d - 30.0).abs() < 0.05, "{d}");

    // Play: the playhead moves, ticks come at least 5 times a second.
    p.play().expect("play");
    let t0 = Instant::now();
    let mut ticks = 0;
    let mut distinct = Vec::new();
    while t0.elapsed() < Duration::from_millis(1500) {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(20)) {
            if matches!(e, PlayerEvent::Tick | PlayerEvent::Position(_)) {
                ticks += 1;
                let x = p.position();
                if distinct.last() != Some(&x) {
                    distinct.push(x);
                }
            }
        }
    }
    assert!(ticks >= 7, "{ticks} playhead events in 1.5 s");
    assert!(distinct.len() >= 7, "{} distinct positions", distinct.len());
    let playing = assert_agrees(&p, "playing");
    assert!((1.2..2.0).contains(&playing), "{playing}");

    // Pause: stays put, then resuming backs up 1.5 s.
    assert!(!p.toggle_with_backstep(1.5).expect("pause"));
    wait_for(&rx, "pause", |e| *e == PlayerEvent::Paused(true));
    std::thread::sleep(Duration::from_millis(200));
    let paused_at = assert_agrees(&p, "paused");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        (p.position() - paused_at).abs() < 0.01,
        "a paused playhead stays"
    );
    assert!(p.toggle_with_backstep(1.5).expect("resume"));
    wait_for(&rx, "seek", |e| *e == PlayerEvent::Seeked);
    let resumed = assert_agrees(&p, "resumed");
    assert!(
        (resumed - (paused_at - 1.5)).abs() < 0.3,
        "resumed at {resumed:.3}, paused at {paused_at:.3}"
    );

    // Seek absolute and relative.
    p.seek_to(10.0).expect("seek");
    wait_for(&rx, "seek", |e| *e == PlayerEvent::Seeked);
    let at = assert_agrees(&p, "after seek_to");
    assert!((10.0..10.4).contains(&at), "{at}");
    p.seek_relative(-2.0).expect("seek");
    wait_for(&rx, "seek", |e| *e == PlayerEvent::Seeked);
    let at = assert_agrees(&p, "after seek_relative");
    assert!((8.0..8.4).contains(&at), "{at}");

    // Speed: clamped, and the playhead moves at it.
    assert_eq!(p.set_speed(5.0).expect("speed"), 2.0);
    assert_eq!(p.set_speed(0.1).expect("speed"), 0.5);
    assert_eq!(p.set_speed(0.7).expect("speed"), 0.7);
    wait_for(&rx, "speed", |e| *e == PlayerEvent::Speed(0.7));
    // mpv's own time-pos jumps while it inserts the time-stretch filter.
    std::thread::sleep(Duration::from_millis(300));
    let a = assert_agrees(&p, "at 0.7x");
    std::thread::sleep(Duration::from_millis(1000));
    let b = assert_agrees(&p, "at 0.7x, a second later");
    assert!(
        (b - a - 0.7).abs() < 0.15,
        "moved {:.3} s in 1 s at 0.7x",
        b - a
    );

    // A stamp is the playhead in ms, within 100 ms of mpv's.
    let stamp = p.position_ms();
    let theirs = p.ask_time_pos().expect("time-pos");
    assert!(
        (stamp as f64 / 1000.0 - theirs).abs() < TOLERANCE_S + 0.02,
        "stamp {stamp} ms, mpv {theirs:.3}"
    );

    // Loop 2.0–2.6 s: 1.5 s of playing stays in it. (With --ao=null mpv
    // jumps back when its decoder, ahead of time-pos by the output buffer,
    // reaches B, and then reports A minus that buffer for a moment.)
    p.set_speed(1.0).expect("speed");
    p.set_loop(2.0, 2.6).expect("loop");
    p.seek_to(2.0).expect("seek");
    for _ in 0..15 {
        std::thread::sleep(Duration::from_millis(100));
        let (ours, theirs) = (p.position(), p.ask_time_pos().expect("time-pos"));
        assert!(
            (1.4..2.7).contains(&theirs),
            "mpv at {theirs:.3} with a loop"
        );
        assert!((1.4..=2.6).contains(&ours), "we say {ours:.3} with a loop");
    }
    p.clear_loop().expect("clear");
    assert!(p.set_loop(3.0, 1.0).is_err());
    assert_eq!(p.status().ab_loop, None);

    // Drop: mpv is gone, its socket too.
    let pid = p.pid();
    assert!(alive(pid));
    drop(p);
    assert!(!alive(pid), "mpv {pid} outlived its Player");
}

#[test]
fn mpv_is_killed_when_a_thread_holding_the_player_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let media = wav(&dir, 5);
    let (pid_tx, pid_rx) = channel();
    let h = std::thread::spawn(move || {
        let (tx, _rx) = channel::<PlayerEvent>();
        let p = Player::open(&media, &null_audio(), tx).expect("open");
        pid_tx.send(p.pid()).expect("send");
        panic!("a bug while playing");
    });
    assert!(h.join().is_err());
    let pid = pid_rx.recv().expect("pid");
    let t0 = Instant::now();
    while alive(pid) && t0.elapsed() < Duration::from_secs(3) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!alive(pid), "mpv {pid} survived the panic");
}

#[test]
fn errors_are_in_the_users_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("not-audio.mp3");
    std::fs::write(&bad, "this is not audio\n".repeat(100)).expect("write");
    let (tx, _rx) = channel::<PlayerEvent>();
    let e = Player::open(&bad, &null_audio(), tx.clone()).err();
    assert!(
        matches!(&e, Some(PlayerError::CannotPlay { file, .. }) if file.ends_with("not-audio.mp3")),
        "{e:?}"
    );

    let media = wav(&dir, 2);
    let no_device = [
        "--ao=alsa".to_string(),
        "--audio-device=alsa/gloss-no-such-device".to_string(),
    ];
    let e = Player::open(&media, &no_device, tx.clone()).err();
    assert!(
        matches!(&e, Some(PlayerError::NoAudioDevice { .. })),
        "{e:?}"
    );
    let msg = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("GLOSS_MPV_ARGS=--ao=null"), "{msg}");

    let e = Player::open(&media, &["--no-such-option-at-all".to_string()], tx).err();
    assert!(matches!(&e, Some(PlayerError::BadArguments(_))), "{e:?}");
}

/// Run by `mpv_goes_when_its_owner_is_killed` in a child process: opens a
/// player, prints mpv's pid, and waits to be killed.
#[test]
fn helper_owner_to_be_killed() {
    let Some(dir) = std::env::var_os("GLOSS_TEST_KILLED_OWNER") else {
        return;
    };
    let media = PathBuf::from(dir).join("tone.wav");
    write_wav(&media, 5);
    let (tx, _rx) = channel::<PlayerEvent>();
    let p = Player::open(&media, &null_audio(), tx).expect("open");
    println!("mpv-pid {}", p.pid());
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn mpv_goes_when_its_owner_is_killed() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut owner = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args([
            "helper_owner_to_be_killed",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("GLOSS_TEST_KILLED_OWNER", dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn owner");
    let out = owner.stdout.take().expect("stdout");
    let pid = std::io::BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| {
            // libtest prints "test NAME ... " on the same line first.
            let (_, pid) = l.split_once("mpv-pid ")?;
            pid.trim().parse::<u32>().ok()
        })
        .expect("the owner reports mpv's pid");
    assert!(alive(pid));
    owner.kill().expect("SIGKILL the owner"); // no Drop, no panic hook runs
    owner.wait().expect("reap");
    let t0 = Instant::now();
    // mpv's parent is gone, so init reaps it once it exits.
    while alive(pid) && t0.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!alive(pid), "mpv {pid} outlived its killed owner");
}

#[test]
fn the_transcribe_bench_runs() {
    let report = gloss::player::bench::transcribe(3, &[]).expect("bench");
    assert!(report.contains("updates/s"), "{report}");
    assert!(
        report.contains("stamp vs mpv's time-pos, steady: p50"),
        "{report}"
    );
}

#[test]
fn an_mpv_that_dies_while_playing_is_reported_and_commands_fail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let media = wav(&dir, 10);
    let (tx, rx) = channel();
    let p = Player::open(&media, &null_audio(), tx).expect("open");
    p.play().expect("play");
    let status = std::process::Command::new("kill")
        .args(["-9", &p.pid().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    wait_for(&rx, "stopped", |e| matches!(e, PlayerEvent::Stopped(_)));
    assert!(!p.status().alive);
    assert!(matches!(p.pause(), Err(PlayerError::Stopped(_))));
    let frozen = p.position();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(p.position(), frozen, "a dead player's playhead stays");
}
