//! The search index under several real processes sharing one project and one
//! cache directory (one `common::Env`): imports queued behind another writer
//! are all searchable, two searches on a missing index both answer, a
//! rebuild never fails the searches running beside it; the index is
//! owner-only and replaced when a file stands where its directory should be.

mod common;

use common::{s, Env};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn setup() -> (Env, PathBuf) {
    let env = Env::new();
    let p = env.project("p.gloss", "amani");
    (env, p)
}

fn import_samples(env: &Env, p: &Path) {
    let mut args = vec!["import".to_string(), s(p).to_string()];
    args.extend(common::samples().iter().map(|f| s(f).to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args);
}

fn count(env: &Env, p: &Path, q: &str) -> usize {
    env.ok(&["search", s(p), q, "--count"])
        .trim()
        .parse()
        .expect("count")
}

fn spawn(mut c: Command) -> Child {
    c.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gloss")
}

/// Waits for `child`; expects success; returns stdout.
fn finish(child: Child, what: &str) -> String {
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn index_root(env: &Env) -> PathBuf {
    env.path("xdg-cache").join("gloss").join("index")
}

/// The directory of the project's index (the only directory in the index
/// root).
fn project_index(env: &Env) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(index_root(env))
        .expect("index root")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.into_iter().next().expect("one index")
}

#[test]
fn imports_queued_behind_another_writer_are_all_searchable() {
    let (env, p) = setup();
    let first = env.file("first.txt", "Interviewer: Bonjour.\nP1: Bonjour.\n");
    env.ok(&["import", s(&p), s(&first)]);
    assert_eq!(count(&env, &p, "bonjour"), 2, "the index is current");
    let a = env.file("a.txt", "Interviewer: Et alors ?\nP1: Le zanzibarique.\n");
    let b = env.file("b.txt", "Interviewer: Et puis ?\nP2: Le kilimanjarique.\n");
    // Another program holds the project's write lock; both imports queue
    // behind it (the busy timeout is 5 s) and then run one after the other.
    let holder = rusqlite::Connection::open(&p).expect("open project");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let ia = spawn(env.cmd(&["import", s(&p), s(&a)]));
    let ib = spawn(env.cmd(&["import", s(&p), s(&b)]));
    std::thread::sleep(Duration::from_millis(2000));
    holder.execute_batch("COMMIT").expect("unlock");
    finish(ia, "import a");
    finish(ib, "import b");
    assert_eq!(count(&env, &p, "zanzibarique"), 1, "first queued import");
    assert_eq!(count(&env, &p, "kilimanjarique"), 1, "second queued import");
    assert_eq!(count(&env, &p, "bonjour"), 2, "nothing indexed twice");
}

#[test]
fn two_searches_on_a_missing_index_both_answer() {
    let (env, p) = setup();
    import_samples(&env, &p);
    let expected = count(&env, &p, "enfants OR children");
    assert!(expected > 0);
    for round in 0..4 {
        std::fs::remove_dir_all(project_index(&env)).expect("rm index");
        let children: Vec<Child> = (0..2)
            .map(|_| spawn(env.cmd(&["search", s(&p), "enfants OR children", "--count"])))
            .collect();
        for (i, c) in children.into_iter().enumerate() {
            let out = finish(c, &format!("search {i} of round {round}"));
            assert_eq!(out.trim(), expected.to_string(), "round {round}");
        }
    }
}

#[test]
fn a_rebuild_never_fails_the_searches_running_beside_it() {
    let (env, p) = setup();
    import_samples(&env, &p);
    let expected = count(&env, &p, "enfants OR children").to_string();
    let mut rebuild = spawn(env.cmd(&["index", "rebuild", s(&p)]));
    let mut rebuilds = 1;
    let mut searches = 0;
    while rebuilds < 4 || searches < 8 {
        let pair: Vec<Child> = (0..2)
            .map(|_| spawn(env.cmd(&["search", s(&p), "enfants OR children", "--count"])))
            .collect();
        for c in pair {
            assert_eq!(finish(c, "search").trim(), expected);
            searches += 1;
        }
        if rebuild.try_wait().expect("try_wait").is_some() {
            finish(rebuild, "index rebuild");
            rebuild = spawn(env.cmd(&["index", "rebuild", s(&p)]));
            rebuilds += 1;
        }
    }
    finish(rebuild, "index rebuild");
    assert_eq!(count(&env, &p, "enfants OR children").to_string(), expected);
}

#[cfg(unix)]
fn modes(root: &Path) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = vec![(
        root.to_path_buf(),
        std::fs::metadata(root).expect("stat").permissions().mode() & 0o777,
    )];
    for e in std::fs::read_dir(root).expect("dir") {
        let path = e.expect("entry").path();
        if path.is_dir() {
            out.extend(modes(&path));
        } else {
            let m = std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
            out.push((path, m));
        }
    }
    out
}

#[cfg(unix)]
fn assert_owner_only(root: &Path) {
    let all = modes(root);
    assert!(all.len() > 5, "the index has files: {all:?}");
    for (path, mode) in all {
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, want, "{} is {mode:o}", path.display());
    }
}

#[cfg(unix)]
#[test]
fn the_index_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (env, p) = setup();
    import_samples(&env, &p);
    let cache = env.path("xdg-cache").join("gloss");
    // Built by a search, brought forward by an import, rebuilt on demand.
    count(&env, &p, "enfants");
    assert_owner_only(&cache);
    let f = env.file("new.txt", "Interviewer: Le zébu ?\nP1: Parti.\n");
    env.ok(&["import", s(&p), s(&f)]);
    assert_owner_only(&cache);
    env.ok(&["index", "rebuild", s(&p)]);
    assert_owner_only(&cache);
    // An index left readable by others (by an older Gloss) is tightened
    // when it is next opened, without being rebuilt.
    let stamp = project_index(&env).join("gloss-stamp.json");
    let before = std::fs::read(&stamp).expect("stamp");
    for (path, _) in modes(&cache) {
        let loose = if path.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(loose)).expect("chmod");
    }
    assert_eq!(count(&env, &p, "zebu"), 1);
    assert_owner_only(&cache);
    assert_eq!(std::fs::read(&stamp).expect("stamp"), before, "not rebuilt");
}

#[test]
fn a_file_where_the_index_directory_should_be_is_replaced() {
    let (env, p) = setup();
    import_samples(&env, &p);
    let expected = count(&env, &p, "enfants");
    // The project's index directory is a file.
    let dir = project_index(&env);
    std::fs::remove_dir_all(&dir).expect("rm");
    std::fs::write(&dir, b"not an index").expect("write");
    assert_eq!(count(&env, &p, "enfants"), expected);
    assert!(dir.is_dir(), "replaced by the index");
    assert_eq!(count(&env, &p, "enfants"), expected);
    // So is the directory holding every project's index.
    let root = index_root(&env);
    std::fs::remove_dir_all(&root).expect("rm");
    std::fs::write(&root, b"not a directory").expect("write");
    assert_eq!(count(&env, &p, "enfants"), expected);
    assert!(root.is_dir() && dir.is_dir());
}
