//! `gloss demo`: a project built from the bundled, fictional samples
//! (`sample-transcripts/`, `codebooks/`, embedded at build time) in the user
//! data directory. Rebuilt when the samples change, reused otherwise.

use crate::store::{Dirs, Project, Store};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{CODEBOOKS, SAMPLES};

/// The demo project, in the user's data directory (`XDG_DATA_HOME`).
pub fn demo_project(dirs: &Dirs) -> super::Result<Project> {
    let data = dirs.data().ok_or_else(|| {
        super::Error::Invalid("cannot find a home directory for the demo project".into())
    })?;
    Ok(Project::new(&data.join("demo.gloss"), None, dirs.clone()))
}

/// A stamp of the embedded samples; a demo project with another stamp is stale.
fn stamp() -> String {
    let mut h = Sha256::new();
    for (name, bytes) in SAMPLES.iter().chain(CODEBOOKS) {
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens the demo project, building it first when missing or stale.
pub fn ensure(project: &Project, progress: &mut dyn FnMut(&str)) -> super::Result<Store> {
    let want = stamp();
    let path = project.path();
    if path.is_file() {
        if let Ok(store) = Store::open(project) {
            if store.meta("demo_stamp")?.as_deref() == Some(want.as_str()) {
                return Ok(store);
            }
        }
        progress("the bundled samples changed: rebuilding the demo project");
    }
    if let Some(dir) = path.parent() {
        // Owner-only, like every file Gloss writes.
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir)
            .map_err(|e| super::Error::file(dir, e.to_string()))?;
    }
    let building = path.with_extension("gloss.building");
    for p in [&building, &path.to_path_buf()] {
        remove_project_files(p);
    }
    build(&project.other(&building, None), &want, progress)?;
    std::fs::rename(&building, path).map_err(|e| super::Error::file(path, e.to_string()))?;
    Ok(Store::open(project)?)
}

fn build(project: &Project, stamp: &str, progress: &mut dyn FnMut(&str)) -> super::Result<()> {
    let mut store = Store::create(project, "demo")?;
    for (name, bytes) in CODEBOOKS {
        progress(&format!("codebook {name}"));
        super::codebook::import_yaml(&mut store, Path::new(name), bytes)?;
    }
    let mut attributes = None;
    let mut codings = None;
    for (name, bytes) in SAMPLES {
        if name.ends_with(".csv") {
            attributes = Some((name, bytes));
            continue;
        }
        if name.ends_with(".jsonl") {
            codings = Some((name, bytes));
            continue;
        }
        progress(&format!("importing {name}"));
        super::import::import_bytes(&mut store, name, bytes)?;
    }
    if let Some((name, bytes)) = attributes {
        progress(&format!("participants {name}"));
        super::participants::import_csv_bytes(&mut store, Path::new(name), bytes)?;
    }
    if let Some((name, bytes)) = codings {
        progress(&format!("codings {name} (two fictional coders)"));
        super::coding::import_jsonl_bytes(&mut store, Path::new(name), bytes)?;
    }
    store.set_meta("demo_stamp", stamp)?;
    Ok(())
}

fn remove_project_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        // Missing files are fine: this only clears leftovers.
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}
