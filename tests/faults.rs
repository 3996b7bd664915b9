//! Issue 11, item 23: every error names the project and the real cause — a
//! project another program is writing or has locked, a full disk, a
//! read-only folder, a damaged file (and `gloss check`) — never "not a Gloss
//! project file" for a valid project. The full-disk and read-only cases
//! mount a small tmpfs, which needs root; without it they are skipped with a
//! note.

mod common;

use common::{s, Env};
use std::path::{Path, PathBuf};
use std::process::Command;

fn project(env: &Env, dir: &Path) -> PathBuf {
    let p = dir.join("p.gloss");
    env.ok(&["init", s(&p), "--coder", "amani"]);
    let t = env.file("t.txt", "P1: Bonjour. Les frais scolaires coûtent cher.\n");
    env.ok(&["import", s(&p), s(&t)]);
    p
}

#[test]
fn a_project_another_program_writes_or_locks_is_named_as_busy() {
    let env = Env::new();
    let p = project(&env, env.dir.path());
    let big = env.file("big.txt", "P2: Watoto wanafanya kazi.\n");
    for exclusive in [false, true] {
        let other = rusqlite::Connection::open(&p).expect("open");
        if exclusive {
            other
                .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
                .expect("lock");
        } else {
            other
                .execute_batch(
                    "BEGIN IMMEDIATE; UPDATE project SET value = value WHERE key = 'uuid';",
                )
                .expect("write");
        }
        let err = env.fail(&["import", s(&p), s(&big)]);
        assert!(
            err.contains(s(&p)) && err.contains("another program is writing"),
            "exclusive={exclusive}: {err}"
        );
        assert!(!err.contains("not a Gloss project"), "{err}");
        drop(other);
    }
    env.ok(&["import", s(&p), s(&big)]);
}

#[test]
fn a_damaged_file_says_so_and_check_lists_the_damage() {
    let env = Env::new();
    let p = project(&env, env.dir.path());
    let msg = env.ok(&["check", s(&p)]);
    assert!(msg.contains("ok") && msg.contains("1 document"), "{msg}");
    // Scribble over the schema page, past the file header.
    let mut bytes = std::fs::read(&p).expect("read");
    for b in bytes.iter_mut().take(4000).skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&p, &bytes).expect("write");
    let err = env.fail(&["docs", s(&p)]);
    assert!(
        err.contains("damaged") && err.contains("gloss check"),
        "{err}"
    );
    let out = env.run(&["check", s(&p)]);
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(!listed.trim().is_empty(), "the problems are listed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("problem"));
}

/// A tmpfs of `size` at a new folder, or `None` (with a note) without root.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(env: &Env, name: &str, size: &str) -> Option<Tmpfs> {
        let dir = env.path(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                s(&dir),
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("note: cannot mount a tmpfs here (needs root); fault test skipped");
            return None;
        }
        Some(Tmpfs(dir))
    }

    fn read_only(&self) {
        let st = Command::new("mount")
            .args(["-o", "remount,ro", s(&self.0)])
            .status()
            .expect("remount");
        assert!(st.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_named_and_changes_nothing() {
    let env = Env::new();
    let Some(fs) = Tmpfs::mount(&env, "full", "600k") else {
        return;
    };
    let p = project(&env, &fs.0);
    let before = env.ok(&["docs", s(&p), "--json"]);
    let mut big = String::new();
    for i in 0..6000 {
        big.push_str(&format!(
            "P{}: tour {i} — les enfants lavent les pierres, watoto wanafanya kazi.\n\n",
            i % 4
        ));
    }
    let f = env.file("big.txt", &big);
    let err = env.fail(&["import", s(&p), s(&f)]);
    assert!(err.contains(s(&p)) && err.contains("disk is full"), "{err}");
    assert_eq!(env.ok(&["docs", s(&p), "--json"]), before);
}

#[test]
fn a_read_only_folder_is_named_not_called_another_kind_of_file() {
    let env = Env::new();
    let Some(fs) = Tmpfs::mount(&env, "ro", "2m") else {
        return;
    };
    let p = project(&env, &fs.0);
    fs.read_only();
    let err = env.fail(&["docs", s(&p)]);
    assert!(err.contains("read-only"), "{err}");
    assert!(!err.contains("not a Gloss project"), "{err}");
}

#[test]
fn an_export_to_a_full_disk_says_so_and_leaves_nothing() {
    let env = Env::new();
    let p = project(&env, env.dir.path());
    let cb = env.file("cb.yaml", "codes:\n  - name: Fees\n");
    env.ok(&["codebook", "import", s(&p), s(&cb)]);
    for i in 0..40 {
        let t = env.file(
            &format!("t{i}.txt"),
            &format!(
                "P1: Entretien {i}. {}\n",
                "Les frais scolaires coûtent cher. ".repeat(40)
            ),
        );
        env.ok(&["import", s(&p), s(&t)]);
        env.ok(&[
            "codings",
            "add",
            s(&p),
            "--doc",
            &format!("t{i}"),
            "--code",
            "Fees",
            "--start",
            "4",
            "--end",
            "200",
        ]);
    }
    let Some(fs) = Tmpfs::mount(&env, "full-export", "64k") else {
        return;
    };
    // Fill the disk but for a little room, less than any of these exports.
    let filler = fs.0.join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let chunk = vec![b'x'; 1024];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let len = std::fs::metadata(&filler).expect("meta").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .and_then(|f| f.set_len(len.saturating_sub(2048)))
        .expect("make a little room");
    for format in ["docx", "html", "json"] {
        let out = fs.0.join(format!("x.{format}"));
        let err = env.fail(&["export", s(&p), "--format", format, "-o", s(&out)]);
        assert!(err.contains("disk is full"), "{format}: {err}");
        let left: Vec<_> = std::fs::read_dir(&fs.0)
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .filter(|n| n != "filler")
            .collect();
        assert!(left.is_empty(), "{format}: nothing left behind: {left:?}");
    }
}
