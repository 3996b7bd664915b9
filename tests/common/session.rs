//! The real binary in a pseudo-terminal (`script`, util-linux), fed keys
//! on its input: for tests of how a TUI session ends (quit, signals, a
//! terminal that goes away, kill -9).

use super::{s, Env};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The project's `-wal`, `-shm` and `-journal` files that exist.
pub fn sidecars(p: &Path) -> Vec<String> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|x| format!("{}{x}", p.display()))
        .filter(|f| Path::new(f).exists())
        .collect()
}

/// The real binary in a pseudo-terminal (`script`), fed keys on its input.
pub struct Session {
    pub child: Child,
    pub project: PathBuf,
    /// Everything the binary wrote to its terminal.
    pub screen: PathBuf,
}

impl Session {
    /// The binary started on `project` in a pseudo-terminal, not waited
    /// for (an encrypted project first asks for its passphrase).
    pub fn spawn(env: &Env, project: &Path) -> Option<Session> {
        // A pipe has no window size: the terminal gets one (else 0 × 0).
        let cmd = format!(
            "stty rows 30 cols 100 2>/dev/null; exec {} {}",
            env!("CARGO_BIN_EXE_gloss"),
            s(project)
        );
        let screen = env.path("terminal-output");
        let out = std::fs::File::create(&screen).expect("terminal output file");
        let spawned = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .envs(env.cmd(&[]).get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env("TERM", "xterm")
            .stdin(Stdio::piped())
            .stdout(out)
            .stderr(Stdio::null())
            .spawn();
        let Ok(child) = spawned else {
            eprintln!("note: `script` (util-linux) is not installed; TUI session tests skipped");
            return None;
        };
        Some(Session {
            child,
            project: project.into(),
            screen,
        })
    }

    /// What the binary has written to its terminal so far.
    pub fn screen_text(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.screen).unwrap_or_default()).into_owned()
    }

    pub fn start(env: &Env, project: &Path) -> Option<Session> {
        let s = Self::spawn(env, project)?;
        s.wait_for(
            || !sidecars(project).is_empty(),
            "the TUI opened the project",
        );
        std::thread::sleep(Duration::from_millis(300));
        Some(s)
    }

    /// Waits for the session to end; its exit status.
    pub fn exit_status(mut self) -> std::process::ExitStatus {
        let t = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().expect("wait") {
                return st;
            }
            assert!(t.elapsed() < Duration::from_secs(20), "gloss did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn send(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(keys.as_bytes()).expect("send keys");
        stdin.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(400));
    }

    /// Opens the document, codes a sentence and searches (starting the
    /// search worker and its connection). No Esc: an Esc read together
    /// with the next key would be taken for Alt and that key.
    pub fn code_and_search(&mut self) {
        self.send("\r");
        self.send("js1");
        self.send("/fees");
        std::thread::sleep(Duration::from_millis(600));
    }

    pub fn wait_for(&self, cond: impl Fn() -> bool, what: &str) {
        let t = Instant::now();
        while !cond() {
            assert!(t.elapsed() < Duration::from_secs(10), "timed out: {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the gloss process inside the terminal (`exec` keeps it
    /// the child of `script`).
    pub fn gloss_pid(&self) -> u32 {
        let want = s(&self.project).to_string();
        for e in std::fs::read_dir("/proc").expect("/proc") {
            let Ok(e) = e else { continue };
            let Ok(cmdline) = std::fs::read(e.path().join("cmdline")) else {
                continue;
            };
            let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
            if args.first().is_some_and(|a| a.ends_with(b"gloss"))
                && args.get(1).is_some_and(|a| *a == want.as_bytes())
            {
                return e.file_name().to_string_lossy().parse().expect("pid");
            }
        }
        panic!("no gloss process for {want}");
    }

    pub fn signal(&self, sig: &str) {
        let st = Command::new("kill")
            .args([&format!("-{sig}"), &self.gloss_pid().to_string()])
            .status()
            .expect("kill");
        assert!(st.success());
    }

    pub fn wait_exit(mut self) {
        let t = Instant::now();
        loop {
            if self.child.try_wait().expect("wait").is_some() {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "gloss did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
        let p = self.project.clone();
        self.wait_for(|| sidecars(&p).is_empty(), "the -wal and -shm are gone");
    }
}
