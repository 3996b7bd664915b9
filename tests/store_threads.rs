//! Many threads opening plain and encrypted projects at once, as the
//! process's first use of SQLite — what the in-process tests do. Before
//! SQLCipher was prepared once per process, about one such process in sixty
//! crashed (`fclose(NULL)` in SQLCipher's `sqlcipher_set_log`, reached by
//! each connection turning the process-wide log off) or refused an
//! encrypted project ("sqlcipher not initialized": its initialisation still
//! running on another thread). Both races are at the first use only, so
//! the test reruns itself in fresh processes; it is a guard that catches a
//! regression often, not on every run.

mod common;

use gloss::ops;
use gloss::ops::project::Key;
use std::path::Path;
use std::sync::{Arc, Barrier};

const CHILD: &str = "GLOSS_TEST_THREADS_DIR";
const THREADS: usize = 8;

/// `THREADS` threads released together: each creates a project (one in
/// four encrypted: a key derivation is slow in a debug build) and reopens
/// it.
fn race(dir: &Path) {
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let barrier = barrier.clone();
            let path = dir.join(format!("p{i}.gloss"));
            std::thread::spawn(move || {
                barrier.wait();
                let store = if i % 4 != 3 {
                    ops::project::init(&path, "coder").expect("init plain")
                } else {
                    let key = Key::new(format!("passphrase {i}"));
                    ops::project::create(
                        &ops::project::Project::new(
                            &path,
                            Some(key.clone()),
                            ops::project::Dirs::from_environment(),
                        ),
                        "coder",
                    )
                    .expect("init encrypted")
                };
                assert_eq!(store.is_encrypted(), i % 4 == 3);
                let project = store.project().clone();
                drop(store);
                let store = ops::project::open(&project, None).expect("reopen");
                assert_eq!(store.is_encrypted(), i % 4 == 3);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a thread failed");
    }
}

#[test]
fn many_threads_open_plain_and_encrypted_projects_as_the_first_use_of_sqlite() {
    if let Ok(dir) = std::env::var(CHILD) {
        race(Path::new(&dir));
        return;
    }
    let name = "many_threads_open_plain_and_encrypted_projects_as_the_first_use_of_sqlite";
    for stderr in common::rerun_in_fresh_processes(name, CHILD, 30) {
        // SQLCipher's own log stays off (it would corrupt the TUI screen).
        assert!(
            !stderr.contains("sqlcipher") && !stderr.contains("CORE"),
            "SQLCipher wrote to stderr:\n{stderr}"
        );
    }
}
