//! mpv's JSON IPC protocol over a Unix socket: one JSON object per line.
//! Requests carry a `request_id` and their replies may come in any order,
//! interleaved with events (`{"event": …}`) on the same socket; a reader
//! thread routes each reply to whoever waits for it and hands every event to
//! a callback. Knows nothing of what the commands mean (`player.rs` does).

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Why a request got no successful reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IpcError {
    /// mpv answered with an error (e.g. "property unavailable").
    #[error("mpv: {0}")]
    Mpv(String),
    /// The connection is gone (mpv exited or closed the socket).
    #[error("the connection to mpv closed: {0}")]
    Closed(String),
    #[error("mpv did not answer within {0:?}")]
    Timeout(Duration),
}

/// What to do with a reply when it arrives.
pub type Waiter = Box<dyn FnOnce(Result<Value, IpcError>) + Send>;

/// Handed every event object (`{"event": …}`) in the order they arrive.
pub type EventSink = Box<dyn FnMut(Value) + Send>;

/// Called once when the reader stops (the socket closed or failed).
pub type CloseSink = Box<dyn FnOnce(String) + Send>;

#[derive(Default)]
struct Pending {
    waiters: HashMap<u64, Waiter>,
    /// Set when the reader stopped: later requests fail at once.
    closed: Option<String>,
}

/// A connection to one mpv.
pub struct Ipc {
    writer: Mutex<UnixStream>,
    pending: Arc<Mutex<Pending>>,
    next_id: AtomicU64,
    reader: Option<JoinHandle<()>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panicking callback must not take the player down with it.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Ipc {
    /// Starts the reader thread on a connected socket.
    pub fn start(
        stream: UnixStream,
        mut on_event: EventSink,
        on_close: CloseSink,
    ) -> std::io::Result<Ipc> {
        let read_half = stream.try_clone()?;
        let pending = Arc::new(Mutex::new(Pending::default()));
        let p = Arc::clone(&pending);
        let reader = std::thread::Builder::new()
            .name("mpv-ipc".into())
            .spawn(move || {
                let reason = read_loop(read_half, &p, &mut on_event);
                let waiters = {
                    let mut g = lock(&p);
                    g.closed = Some(reason.clone());
                    std::mem::take(&mut g.waiters)
                };
                for (_, w) in waiters {
                    w(Err(IpcError::Closed(reason.clone())));
                }
                on_close(reason);
            })?;
        Ok(Ipc {
            writer: Mutex::new(stream),
            pending,
            next_id: AtomicU64::new(1),
            reader: Some(reader),
        })
    }

    /// Sends `command`; `waiter` gets the reply (or the reason there is
    /// none) on the reader thread, or at once when the connection is gone.
    pub fn send(&self, command: Value, waiter: Waiter) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        {
            let mut g = lock(&self.pending);
            if let Some(reason) = &g.closed {
                let reason = reason.clone();
                drop(g);
                waiter(Err(IpcError::Closed(reason)));
                return;
            }
            g.waiters.insert(id, waiter);
        }
        let mut line = json!({"command": command, "request_id": id}).to_string();
        line.push('\n');
        let written = lock(&self.writer).write_all(line.as_bytes());
        if let Err(e) = written {
            if let Some(w) = lock(&self.pending).waiters.remove(&id) {
                w(Err(IpcError::Closed(e.to_string())));
            }
        }
    }

    /// Sends `command` and waits up to `timeout` for its reply's `data`
    /// (`Null` when the reply has none).
    pub fn request(&self, command: Value, timeout: Duration) -> Result<Value, IpcError> {
        let (tx, rx) = mpsc::channel();
        self.send(
            command,
            Box::new(move |r| {
                let _ = tx.send(r);
            }),
        );
        match rx.recv_timeout(timeout) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(IpcError::Timeout(timeout)),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(IpcError::Closed("the reader stopped".into()))
            }
        }
    }

    /// Whether the reader has stopped.
    pub fn is_closed(&self) -> bool {
        lock(&self.pending).closed.is_some()
    }

    /// Closes the socket and waits for the reader to stop.
    pub fn shutdown(&mut self) {
        let _ = lock(&self.writer).shutdown(std::net::Shutdown::Both);
        if let Some(h) = self.reader.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Ipc {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Reads lines until the socket closes; returns why it stopped.
fn read_loop(stream: UnixStream, pending: &Mutex<Pending>, on_event: &mut EventSink) -> String {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => return "mpv closed the connection".into(),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return e.to_string(),
        }
        // A line that is not JSON (mpv never sends one) is skipped rather
        // than ending the session.
        let Ok(msg) = serde_json::from_str::<Value>(line.trim_end()) else {
            continue;
        };
        if msg.get("event").is_some() {
            on_event(msg);
            continue;
        }
        let Some(id) = msg.get("request_id").and_then(Value::as_u64) else {
            continue;
        };
        let Some(waiter) = lock(pending).waiters.remove(&id) else {
            continue;
        };
        let result = match msg.get("error").and_then(Value::as_str) {
            Some("success") => Ok(msg.get("data").cloned().unwrap_or(Value::Null)),
            Some(e) => Err(IpcError::Mpv(e.to_string())),
            None => Err(IpcError::Mpv("reply without an error field".into())),
        };
        waiter(result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::unix::net::UnixListener;
    use std::time::Instant;

    const WAIT: Duration = Duration::from_secs(5);

    fn listener() -> (tempfile::TempDir, UnixListener, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("fake-mpv.sock");
        let l = UnixListener::bind(&path).expect("bind");
        (dir, l, path)
    }

    fn read_requests(conn: &UnixStream, n: usize) -> Vec<Value> {
        let mut r = BufReader::new(conn.try_clone().expect("clone"));
        (0..n)
            .map(|_| {
                let mut l = String::new();
                r.read_line(&mut l).expect("read");
                serde_json::from_str(&l).expect("json")
            })
            .collect()
    }

    type Events = Arc<Mutex<Vec<Value>>>;

    fn client(path: &std::path::Path) -> (Ipc, Events, mpsc::Receiver<String>) {
        let events: Events = Arc::default();
        let e = Arc::clone(&events);
        let (ctx, crx) = mpsc::channel();
        let ipc = Ipc::start(
            UnixStream::connect(path).expect("connect"),
            Box::new(move |v| lock(&e).push(v)),
            Box::new(move |why| {
                let _ = ctx.send(why);
            }),
        )
        .expect("start");
        (ipc, events, crx)
    }

    #[test]
    fn replies_out_of_order_and_interleaved_events_reach_their_owners() {
        let (_dir, l, path) = listener();
        let server = std::thread::spawn(move || {
            let (mut conn, _) = l.accept().expect("accept");
            let reqs = read_requests(&conn, 3);
            let ids: Vec<u64> = reqs
                .iter()
                .map(|r| r["request_id"].as_u64().expect("id"))
                .collect();
            // Reverse order, events between, one reply split across writes.
            let script = format!(
                concat!(
                    "{{\"event\":\"property-change\",\"id\":1,\"name\":\"time-pos\",\"data\":1.5}}\n",
                    "{{\"request_id\":{},\"error\":\"success\",\"data\":\"third\"}}\n",
                    "not json at all\n",
                    "{{\"event\":\"seek\"}}\n",
                    "{{\"request_id\":{},\"error\":\"property unavailable\"}}\n",
                    "{{\"event\":\"playback-restart\"}}\n",
                ),
                ids[2], ids[1]
            );
            conn.write_all(script.as_bytes()).expect("write");
            let last = format!(
                "{{\"request_id\":{},\"error\":\"success\",\"data\":42}}\n",
                ids[0]
            );
            let (a, b) = last.split_at(10);
            conn.write_all(a.as_bytes()).expect("write");
            conn.flush().expect("flush");
            std::thread::sleep(Duration::from_millis(30));
            conn.write_all(b.as_bytes()).expect("write");
            // Keep the connection open until the client is done.
            let mut sink = Vec::new();
            let _ = conn.read_to_end(&mut sink);
            reqs
        });
        let (mut ipc, events, _close) = client(&path);
        let ipc_ref = &ipc;
        let (r1, r2, r3) = std::thread::scope(|s| {
            let a = s.spawn(move || ipc_ref.request(json!(["get_property", "a"]), WAIT));
            std::thread::sleep(Duration::from_millis(20));
            let b = s.spawn(move || ipc_ref.request(json!(["get_property", "b"]), WAIT));
            std::thread::sleep(Duration::from_millis(20));
            let c = s.spawn(move || ipc_ref.request(json!(["get_property", "c"]), WAIT));
            (
                a.join().expect("a"),
                b.join().expect("b"),
                c.join().expect("c"),
            )
        });
        assert_eq!(r1, Ok(json!(42)));
        assert_eq!(r2, Err(IpcError::Mpv("property unavailable".into())));
        assert_eq!(r3, Ok(json!("third")));
        let names: Vec<String> = lock(&events)
            .iter()
            .map(|e| e["event"].as_str().unwrap_or("").to_string())
            .collect();
        assert_eq!(names, ["property-change", "seek", "playback-restart"]);
        ipc.shutdown();
        let reqs = server.join().expect("server");
        let commands: Vec<&Value> = reqs.iter().map(|r| &r["command"]).collect();
        assert_eq!(commands[0], &json!(["get_property", "a"]));
        assert_eq!(commands[2], &json!(["get_property", "c"]));
    }

    #[test]
    fn a_dying_server_fails_waiting_and_later_requests_at_once() {
        let (_dir, l, path) = listener();
        let server = std::thread::spawn(move || {
            let (conn, _) = l.accept().expect("accept");
            let _ = read_requests(&conn, 1);
            drop(conn); // dies without answering
        });
        let (ipc, _events, close) = client(&path);
        let t = Instant::now();
        let r = ipc.request(json!(["get_property", "time-pos"]), WAIT);
        assert!(matches!(r, Err(IpcError::Closed(_))), "{r:?}");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        server.join().expect("server");
        assert!(close.recv_timeout(WAIT).is_ok(), "on_close is called");
        assert!(ipc.is_closed());
        let t = Instant::now();
        let r = ipc.request(json!(["get_property", "pause"]), WAIT);
        assert!(matches!(r, Err(IpcError::Closed(_))), "{r:?}");
        assert!(t.elapsed() < Duration::from_millis(500));
    }

    #[test]
    fn a_silent_server_times_out() {
        let (_dir, l, path) = listener();
        let server = std::thread::spawn(move || {
            let (mut conn, _) = l.accept().expect("accept");
            let mut sink = Vec::new();
            let _ = conn.read_to_end(&mut sink);
        });
        let (mut ipc, _events, _close) = client(&path);
        let r = ipc.request(json!(["get_property", "pause"]), Duration::from_millis(100));
        assert_eq!(r, Err(IpcError::Timeout(Duration::from_millis(100))));
        ipc.shutdown();
        server.join().expect("server");
    }

    #[test]
    fn a_stale_socket_refuses_connections() {
        // What a dead mpv leaves behind: the file, and nobody listening.
        let (_dir, l, path) = listener();
        drop(l);
        assert!(path.exists());
        let e = UnixStream::connect(&path).expect_err("stale");
        assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused);
    }
}
