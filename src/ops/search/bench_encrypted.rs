//! `gloss bench search --encrypted`: the benchmark's project copied
//! encrypted (SQLCipher, its default key derivation), then the same work
//! timed on both — opening with the passphrase until the first search is
//! answered (for the encrypted copy: the key derivation plus its sealed
//! index built, then, in a later open, loaded), and the commands a user
//! runs on an open project —
//! with the ratio encrypted / plain of each (issue 15: first search ≤ 10 s
//! on 2 cores, every command ≤ 1.5×).

use crate::index::SearchOptions;
use crate::ops::project::Key;
use crate::ops::{self, measure, Store};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// Queries timed on an open project (a sample of the benchmark's).
const QUERIES: &[&str] = &[
    "enfants",
    "\"frais scolaires\"",
    "school fees",
    "minerval OR frais",
];

/// Timings of one project, in ms.
struct Times {
    first_search: f64,
    open: f64,
    documents: f64,
    load: f64,
    search: f64,
}

/// Appends the encrypted run to `out`; `store` is the plain project with
/// its index already built in `ix_dir`.
pub fn run(store: &Store, ix_dir: &Path, dir: &Path, out: &mut String) -> anyhow::Result<()> {
    let key = Key::new("bench passphrase: correct horse battery staple".into());
    let copy = dir.join("bench-encrypted.gloss");
    let t = Instant::now();
    ops::project::copy(store, &copy, "bench", false, Some(&key))?;
    writeln!(
        out,
        "  encrypted copy of the project (sqlcipher_export): {:.1} s",
        t.elapsed().as_secs_f64()
    )?;
    let plain = time(store.project(), ix_dir)?;
    let encrypted = store.project().other(&copy, Some(key));
    let sealed_dir = dir.join("bench-encrypted.sealed");
    let built = time(&encrypted, &sealed_dir)?;
    let enc = time(&encrypted, &sealed_dir)?;
    let sealed_mb =
        std::fs::metadata(sealed_dir.join("index.sealed")).map_or(0.0, |m| m.len() as f64 / 1e6);
    writeln!(
        out,
        "  sealed index: {sealed_mb:.0} MB encrypted on disk (its key in the project)"
    )?;
    writeln!(
        out,
        "  encrypted / plain (ms, ratio; target: first search ≤ 10 s, each ≤ 1.5×):"
    )?;
    for (what, p, e) in [
        (
            "open until the first search (index built)",
            plain.first_search,
            built.first_search,
        ),
        (
            "open until the first search (index kept)",
            plain.first_search,
            enc.first_search,
        ),
        ("open (key derivation)", plain.open, enc.open),
        ("document list and codebook", plain.documents, enc.documents),
        ("load a document (p50 of 25)", plain.load, enc.load),
        ("search on an open index, p50", plain.search, enc.search),
    ] {
        let ratio = e / p.max(1e-6);
        writeln!(
            out,
            "    {what:<42} plain {p:>9.1}  encrypted {e:>9.1}  {ratio:>6.2}×{}",
            if ratio > 1.5 { "  (over 1.5×)" } else { "" }
        )?;
    }
    let _ = std::fs::remove_file(&copy);
    let _ = crate::index::remove_any(&sealed_dir);
    Ok(())
}

/// Times the project, opened afresh from its handle (with its key, as a
/// front end's would be once the user gave it), with its index in
/// `ix_dir` (built there first if it is not).
fn time(project: &ops::project::Project, ix_dir: &Path) -> anyhow::Result<Times> {
    let t0 = Instant::now();
    let store = ops::project::open(project, None)?;
    let open = t0.elapsed().as_secs_f64() * 1e3;
    let index = ops::search::ensure_index_at(&store, ix_dir, &mut |_, _| {})?;
    let first = ops::search::search(&store, &index, QUERIES[0], &SearchOptions::default())?;
    anyhow::ensure!(first.total > 0, "the first search found nothing");
    let first_search = t0.elapsed().as_secs_f64() * 1e3;

    let t = Instant::now();
    let docs = ops::documents::list(&store)?;
    let _ = ops::codebook::list(&store)?;
    let documents = t.elapsed().as_secs_f64() * 1e3;
    // Documents loaded for the first time in this process, 25 of them
    // spread over the project (one sub-millisecond load is noise).
    let step = (docs.len() / 25).max(1);
    let mut loads = Vec::new();
    for d in docs.iter().step_by(step).take(25) {
        let t = Instant::now();
        let _ = ops::documents::load(&store, &d.id)?;
        loads.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let load = measure::percentile(&loads, 0.5);
    let mut samples = Vec::new();
    for _ in 0..10 {
        for q in QUERIES {
            let t = Instant::now();
            let _ = ops::search::search(&store, &index, q, &SearchOptions::default())?;
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(Times {
        first_search,
        open,
        documents,
        load,
        search: measure::percentile(&samples, 0.5),
    })
}
