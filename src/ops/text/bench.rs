//! The project side of `gloss bench edit`: a generated transcript with many
//! codings, and the cost of committing one edit to it (issue 12: it must
//! not grow with the document).

use crate::core::history::Change;
use crate::core::{CharRange, Coding, CodingId};
use crate::ops::{self, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A deterministic pseudo-random sequence (no dependency for a bench).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Imports `text` into a new project in `dir` and adds `codings` codings
/// at random places inside turns (one transaction). Returns the project.
pub fn build(dir: &Path, text: &str, codings: usize) -> anyhow::Result<PathBuf> {
    let file = dir.join("generated.txt");
    std::fs::write(&file, text)?;
    let project = dir.join("edit-bench.gloss");
    let mut store = ops::project::init(&project, "bench")?;
    ops::import::import_files(&mut store, &[file], &Default::default(), &mut |_, _, _| {})?;
    ops::codebook::import_yaml(
        &mut store,
        Path::new("bench.yaml"),
        b"codes:\n  - name: Fees\n  - name: Security\n  - name: Children\n",
    )?;
    let codes = ops::codebook::list(&store)?;
    let doc = ops::documents::list(&store)?
        .first()
        .map(|d| d.id.clone())
        .ok_or_else(|| anyhow::anyhow!("nothing imported"))?;
    let loaded = ops::documents::load(&store, &doc)?;
    let turns: Vec<CharRange> = loaded.segments.iter().map(|s| s.range).collect();
    let mut rng = Lcg(7);
    let mut batch = Vec::with_capacity(codings);
    let at = crate::store::now_rfc3339();
    for i in 0..codings {
        let t = turns[rng.next(turns.len())];
        if t.len() < 4 {
            continue;
        }
        let s = t.start + rng.next(t.len() / 2);
        let e = (s + 1 + rng.next(t.end - s - 1)).min(t.end);
        batch.push(Change::AddCoding(Coding {
            id: CodingId(format!("bench-{i}")),
            document: doc.clone(),
            code: codes[i % codes.len()].id.clone(),
            coder: "bench".into(),
            range: CharRange::new(s, e),
            memo: None,
            created_at: at.clone(),
        }));
    }
    // Random places can repeat: identical codings are stored once.
    if let (Some(change), _) = ops::edit::drop_present(&store, Change::Batch(batch))? {
        ops::edit::apply(&mut store, &change)?;
    }
    Ok(project)
}

/// Commits `n` one-word edits at random places inside turns, as the TUI
/// commits typing (the plan of a change already made, then the write, in
/// one transaction); returns each commit's time in ms.
pub fn commit_times(store: &mut Store, n: usize) -> anyhow::Result<Vec<f64>> {
    let doc = ops::documents::list(store)?
        .first()
        .map(|d| d.id.clone())
        .ok_or_else(|| anyhow::anyhow!("no document"))?;
    let mut dt = ops::text::load(store, &doc)?;
    let mut editor = ops::edit::Editor::default();
    let mut rng = Lcg(11);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = dt.turns[rng.next(dt.turns.len())].range;
        let p = t.start + rng.next(t.len());
        let word = if i % 3 == 0 { "" } else { "Kasulo " };
        let end = if word.is_empty() {
            (p + 1).min(t.end)
        } else {
            p
        };
        let removed = crate::core::text::char_slice(&dt.text, CharRange::new(p, end)).to_string();
        let change = crate::core::change::TextChange::from_hunk(dt.len(), p, &removed, word);
        let started = Instant::now();
        let plan = ops::text::plan_change(
            store,
            &dt,
            change.clone(),
            crate::core::history::EditKind::Text,
        )?;
        let planned = started.elapsed().as_secs_f64() * 1e3;
        editor.perform(store, Change::EditText(Box::new(plan)))?;
        out.push(started.elapsed().as_secs_f64() * 1e3);
        if std::env::var_os("GLOSS_BENCH_DETAIL").is_some() {
            eprintln!("plan {planned:.2} ms, total {:.2} ms", out[out.len() - 1]);
        }
        // The caller's copy follows (as the TUI's does), outside the timing.
        dt.text = change.apply(&dt.text).map_err(|e| anyhow::anyhow!("{e}"))?;
        for turn in &mut dt.turns {
            turn.range = change.map_turn(turn.range);
        }
    }
    Ok(out)
}
