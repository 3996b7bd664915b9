//! The search index lives where it is told, is stamped there, and is reused
//! (not rebuilt) while the project has not changed.

mod common;

use gloss::ops;
use std::collections::BTreeSet;
use std::path::Path;

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("index dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn reopened_not_rebuilt_until_the_project_changes() {
    // Imports bring the index in the user cache forward: keep it hermetic.
    common::hermetic_process();
    let dir = common::Env::new().dir;
    let path = dir.path().join("p.gloss");
    let mut store = ops::project::init(&path, "amani").expect("init");
    let f = dir.path().join("t.txt");
    std::fs::write(
        &f,
        "Interviewer: Les frais scolaires ?\nP1: Oui, les frais.\n",
    )
    .expect("write");
    ops::import::import_files(&mut store, &[f], &Default::default(), &mut |_, _, _| {})
        .expect("import");
    let ix_dir = dir.path().join("ix");
    let mut rebuilt = 0;
    let ix =
        ops::search::ensure_index_at(&store, &ix_dir, &mut |_, _| rebuilt += 1).expect("index");
    assert!(rebuilt > 0, "first use builds the index");
    assert_eq!(ix.len(), 2);
    assert!(
        ix_dir.join("gloss-stamp.json").is_file(),
        "stamped where it was built"
    );
    let before = files(&ix_dir);
    drop(ix);
    let mut again = 0;
    let ix = ops::search::ensure_index_at(&store, &ix_dir, &mut |_, _| again += 1).expect("index");
    assert_eq!(again, 0, "an up-to-date index is reused");
    assert_eq!(files(&ix_dir), before);
    drop(ix);
    // A new import moves the generation: the stale index is rebuilt.
    let g = dir.path().join("u.txt");
    std::fs::write(&g, "Interviewer: Et le minerval ?\nP2: Cher.\n").expect("write");
    ops::import::import_files(&mut store, &[g], &Default::default(), &mut |_, _, _| {})
        .expect("import");
    let mut third = 0;
    let ix = ops::search::ensure_index_at(&store, &ix_dir, &mut |_, _| third += 1).expect("index");
    assert!(third > 0);
    assert_eq!(ix.len(), 4);
}
