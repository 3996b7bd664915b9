//! The layers of DESIGN.md point one way: `core` is pure (no I/O, no
//! storage, index, terminal or argument crates), `formats` and `index` know
//! no storage, and the front ends (`tui`, `cli`) write no SQL and reach the
//! store only through `ops`. Read from the source, so a new `use` that
//! breaks the rule fails here.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The files of a layer: `src/NAME.rs` and everything under `src/NAME/`.
fn layer(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = vec![src.join(format!("{name}.rs"))];
    rust_files(&src.join(name), &mut out);
    out
}

/// Lines of code (comments and doc comments left out), with their place.
fn code_lines(files: &[PathBuf]) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).expect("read");
        let name = f.display().to_string();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("//") {
                continue;
            }
            let code = t.split(" //").next().unwrap_or(t).to_string();
            out.push((name.clone(), i + 1, code));
        }
    }
    out
}

fn assert_none(layer_name: &str, files: &[PathBuf], forbidden: &[&str]) {
    let mut bad = Vec::new();
    for (file, line, code) in code_lines(files) {
        for f in forbidden {
            if code.contains(f) {
                bad.push(format!("{file}:{line}: {f} in {code:?}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{layer_name} must not use these:\n{}",
        bad.join("\n")
    );
}

#[test]
fn core_is_pure() {
    assert_none(
        "core",
        &layer("core"),
        &[
            "std::fs",
            "std::io",
            "std::net",
            "std::process",
            "std::env",
            "std::thread",
            "rusqlite",
            "tantivy",
            "ratatui",
            "crossterm",
            "clap",
            "directories",
            "crate::store",
            "crate::index",
            "crate::ops",
            "crate::formats",
            "crate::tui",
            "crate::cli",
        ],
    );
}

#[test]
fn formats_and_index_know_no_storage_and_no_front_end() {
    let forbidden = [
        "rusqlite",
        "crate::store",
        "crate::ops",
        "crate::tui",
        "crate::cli",
        "ratatui",
        "crossterm",
        "clap",
    ];
    assert_none("formats", &layer("formats"), &forbidden);
    assert_none("index", &layer("index"), &forbidden);
}

#[test]
fn front_ends_write_no_sql_and_go_through_ops() {
    let forbidden = [
        "rusqlite",
        "crate::store",
        // SQL is written in capitals here (" SELECT " alone is a mode name).
        " FROM ",
        "INSERT INTO",
        "UPDATE codings",
        "DELETE FROM",
        "PRAGMA ",
    ];
    assert_none("tui", &layer("tui"), &forbidden);
    assert_none("cli", &layer("cli"), &forbidden);
}

#[test]
fn the_checker_sees_a_violation() {
    // A test that cannot fail proves nothing: the checker must catch one.
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("x.rs");
    std::fs::write(
        &f,
        "// rusqlite in a comment is fine\nuse rusqlite::Connection;\n",
    )
    .expect("write");
    let caught =
        std::panic::catch_unwind(|| assert_none("x", std::slice::from_ref(&f), &["rusqlite"]));
    assert!(caught.is_err());
    std::fs::write(&f, "// rusqlite only in a comment\n").expect("write");
    assert_none("x", &[f], &["rusqlite"]);
}
