//! The mpv child process: its private socket directory, starting it, and
//! making sure it never outlives us.
//!
//! The socket lives in `gloss-<pid>/` (mode 0700) under `$XDG_RUNTIME_DIR`,
//! else the temp directory: mpv's IPC has no authentication and can run
//! programs, so nobody else may reach it. Directories left by dead Gloss
//! processes and socket files left by a dead mpv are removed before use.
//!
//! mpv goes away on every way out: `Drop` quits and kills it, a panic hook
//! kills every live child, and its standard input is the far end of a
//! socket pair it is told to treat as an IPC client (`--input-ipc-client=
//! fd://0`): mpv quits when that connection closes, which the kernel does
//! when this process dies in any way, even by SIGKILL.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::{Duration, Instant};

/// How many lines of mpv's own output are kept for error messages.
const KEEP_LINES: usize = 40;

/// The base directory for per-process socket directories.
fn base_dir() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}

/// This process's private directory (created 0700; one left by an earlier
/// process with the same pid is taken over, and must be a real directory).
pub fn socket_dir() -> std::io::Result<PathBuf> {
    let base = base_dir();
    remove_dead_dirs(&base);
    let dir = base.join(format!("gloss-{}", std::process::id()));
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let meta = std::fs::symlink_metadata(&dir)?;
            if !meta.is_dir() {
                return Err(std::io::Error::other(format!(
                    "{} exists and is not a directory",
                    dir.display()
                )));
            }
            // Fails when another user owns it, which is what we want.
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Err(e) => return Err(e),
    }
    Ok(dir)
}

/// Removes `gloss-<pid>` directories of processes that no longer run (only
/// where `/proc` tells; elsewhere they stay).
fn remove_dead_dirs(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("gloss-"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if pid != me && is_dir && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A socket path in `dir` that no other player of this process uses.
pub fn socket_path(dir: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    dir.join(format!("mpv-{}.sock", NEXT.fetch_add(1, Ordering::Relaxed)))
}

/// Removes a socket file left at `path` by a dead mpv (anything else there
/// is left alone and reported).
pub fn remove_stale_socket(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_socket() => std::fs::remove_file(path),
        Ok(_) => Err(std::io::Error::other(format!(
            "{} exists and is not a socket",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// How many players of this process use the socket directory: the last
/// one to go removes it, and none is removed while one is being started.
fn live_players() -> std::sync::MutexGuard<'static, usize> {
    static LIVE: Mutex<usize> = Mutex::new(0);
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A player is done with the directory of `socket`.
fn leave_dir(socket: &Path) {
    let mut live = live_players();
    *live = live.saturating_sub(1);
    if *live == 0 {
        if let Some(dir) = socket.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Children still alive, for the panic hook.
type Registry = Mutex<Vec<(u64, Arc<Mutex<Child>>)>>;

fn registry() -> &'static Registry {
    static REGISTRY: Registry = Mutex::new(Vec::new());
    &REGISTRY
}

/// Kills every mpv this process started and has not yet reaped.
pub fn kill_all() {
    let children = registry().lock().unwrap_or_else(PoisonError::into_inner);
    for (_, c) in children.iter() {
        // try_lock: a panic while the child is locked must not deadlock.
        if let Ok(mut c) = c.try_lock() {
            let _ = c.kill();
        }
    }
}

/// Installs (once) a panic hook that kills every mpv before the previous
/// hook runs: for a front end whose panics end the process. A library
/// cannot know that, so `Player` does not install it itself; without it mpv
/// still goes when the `Player` is dropped while unwinding, or when the
/// process ends (the lifeline).
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            kill_all();
            previous(info);
        }));
    });
}

/// A running mpv.
pub struct MpvProcess {
    id: u64,
    child: Arc<Mutex<Child>>,
    /// Our end of mpv's standard input: closing it makes mpv quit.
    lifeline: Option<UnixStream>,
    output: Arc<Mutex<VecDeque<String>>>,
    pub socket: PathBuf,
    /// Whether `stop` has run (it runs once).
    left: bool,
}

impl MpvProcess {
    /// Starts `binary` idle and paused with its IPC server in this
    /// process's private directory.
    pub fn spawn(binary: &Path, extra: &[String]) -> std::io::Result<MpvProcess> {
        let socket = {
            let mut live = live_players();
            let dir = socket_dir()?;
            *live += 1;
            socket_path(&dir)
        };
        let started = Self::start(binary, socket.clone(), extra);
        if started.is_err() {
            leave_dir(&socket);
        }
        started
    }

    fn start(binary: &Path, socket: PathBuf, extra: &[String]) -> std::io::Result<MpvProcess> {
        remove_stale_socket(&socket)?;
        let (ours, theirs) = UnixStream::pair()?;
        let mut cmd = Command::new(binary);
        cmd.args([
            "--no-config",
            "--no-input-terminal",
            "--msg-level=all=error",
            "--idle=yes",
            "--keep-open=yes",
            "--pause",
            "--no-video",
            "--input-ipc-client=fd://0",
        ])
        .arg(format!("--input-ipc-server={}", socket.display()))
        .args(extra)
        .stdin(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn()?;
        let output = Arc::new(Mutex::new(VecDeque::new()));
        if let Some(out) = child.stdout.take() {
            keep_lines(out, &output);
        }
        if let Some(err) = child.stderr.take() {
            keep_lines(err, &output);
        }
        // Nothing is read from the lifeline, so mpv is asked to send no
        // events there (its one reply fits any socket buffer).
        let _ = (&ours).write_all(b"{\"command\":[\"disable_event\",\"all\"]}\n");
        let _ = ours.set_nonblocking(true);
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let child = Arc::new(Mutex::new(child));
        registry()
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((id, Arc::clone(&child)));
        Ok(MpvProcess {
            id,
            child,
            lifeline: Some(ours),
            output,
            socket,
            left: false,
        })
    }

    /// Connects to mpv's socket once it is there (a refused connection is
    /// a socket not yet listening, never a stale one: that was removed).
    /// `Err(None)` when mpv exited first, `Err(Some(e))` on another error.
    pub fn connect(&self, timeout: Duration) -> Result<UnixStream, Option<std::io::Error>> {
        let t0 = Instant::now();
        loop {
            match UnixStream::connect(&self.socket) {
                Ok(s) => return Ok(s),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
                    ) =>
                {
                    if self.exited().is_some() {
                        return Err(None);
                    }
                    if t0.elapsed() > timeout {
                        return Err(Some(std::io::Error::other(format!(
                            "mpv did not open its socket within {timeout:?}"
                        ))));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(Some(e)),
            }
        }
    }

    /// The exit status, if mpv has exited.
    pub fn exited(&self) -> Option<std::process::ExitStatus> {
        let mut c = self.child.lock().unwrap_or_else(PoisonError::into_inner);
        c.try_wait().ok().flatten()
    }

    /// The last lines mpv printed, oldest first.
    pub fn last_output(&self) -> Vec<String> {
        // Give the readers a moment to catch the lines of an exit.
        std::thread::sleep(Duration::from_millis(20));
        self.output
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    /// Waits up to `grace` for mpv to exit by itself, then kills it; reaps
    /// it and removes its socket.
    pub fn stop(&mut self, grace: Duration) {
        if self.left {
            return;
        }
        self.lifeline.take();
        let t0 = Instant::now();
        {
            let mut c = self.child.lock().unwrap_or_else(PoisonError::into_inner);
            while t0.elapsed() < grace {
                if c.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            if c.try_wait().ok().flatten().is_none() {
                let _ = c.kill();
            }
            let _ = c.wait();
        }
        registry()
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|(id, _)| *id != self.id);
        let _ = remove_stale_socket(&self.socket);
        self.left = true;
        leave_dir(&self.socket);
    }

    /// mpv's process id.
    pub fn pid(&self) -> u32 {
        self.child
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .id()
    }
}

impl Drop for MpvProcess {
    fn drop(&mut self) {
        self.stop(Duration::ZERO);
    }
}

fn keep_lines(r: impl std::io::Read + Send + 'static, into: &Arc<Mutex<VecDeque<String>>>) {
    let into = Arc::clone(into);
    let _ = std::thread::Builder::new()
        .name("mpv-output".into())
        .spawn(move || {
            for line in BufReader::new(r).lines() {
                let Ok(line) = line else { break };
                let mut q = into.lock().unwrap_or_else(PoisonError::into_inner);
                if q.len() == KEEP_LINES {
                    q.pop_front();
                }
                q.push_back(line);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    #[test]
    fn the_socket_directory_is_private() {
        // Held, so that no player of another test removes it meanwhile.
        let _live = live_players();
        let dir = socket_dir().expect("dir");
        let mode = std::fs::metadata(&dir).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{mode:o}");
        assert!(dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n == format!("gloss-{}", std::process::id())));
    }

    #[test]
    fn a_stale_socket_is_removed_and_other_files_are_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("mpv-1.sock");
        drop(UnixListener::bind(&path).expect("bind"));
        assert!(path.exists(), "a dead listener leaves its file");
        remove_stale_socket(&path).expect("remove");
        assert!(!path.exists());
        remove_stale_socket(&path).expect("nothing there is fine");
        let file = dir.path().join("not-a-socket");
        std::fs::write(&file, "x").expect("write");
        assert!(remove_stale_socket(&file).is_err());
        assert!(file.exists());
    }

    #[test]
    fn directories_of_dead_processes_are_removed() {
        let base = tempfile::tempdir().expect("tempdir");
        // Pid 4194304 is above Linux's pid_max limit: never a live process.
        let dead = base.path().join("gloss-4194304");
        std::fs::create_dir(&dead).expect("mkdir");
        std::fs::write(dead.join("mpv-1.sock"), "").expect("write");
        let mine = base.path().join(format!("gloss-{}", std::process::id()));
        std::fs::create_dir(&mine).expect("mkdir");
        let other = base.path().join("gloss-notes");
        std::fs::create_dir(&other).expect("mkdir");
        remove_dead_dirs(base.path());
        if Path::new("/proc/self").exists() {
            assert!(!dead.exists());
        }
        assert!(mine.exists());
        assert!(other.exists());
    }
}
