//! `gloss bench agreement`: builds a generated project (documents × chars ×
//! coders × codes, deterministic) and times the full agreement report —
//! the budget in DESIGN.md (≤ 50 ms) is checked here, never by a timed test.

use crate::core::CharRange;
use crate::store::{codes, codings, documents, Store};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const BUDGET_MS: f64 = 50.0;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Builds the project in `dir`; returns it and the number of codings.
pub fn build(
    dir: &Path,
    n_docs: usize,
    chars: usize,
    n_coders: usize,
    n_codes: usize,
) -> super::super::Result<(Store, usize)> {
    let mut store = Store::create(
        &crate::ops::project::plain(&dir.join("bench.gloss")),
        "coder1",
    )?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let words = [
        "la",
        "école",
        "coûte",
        "cher",
        "watoto",
        "wanafanya",
        "kazi",
        "the",
        "fees",
        "💰",
    ];
    let tx = store.begin()?;
    let mut code_ids = Vec::new();
    for k in 0..n_codes {
        let name = format!("code {k:02}");
        code_ids.push(codes::insert(
            &tx,
            None,
            &codes::CodeFields {
                name: &name,
                color: None,
                shortcut: None,
                definition: "",
                when_to_use: "",
                when_not_to_use: "",
                example: "",
            },
        )?);
    }
    let coders: Vec<String> = (1..=n_coders).map(|i| format!("coder{i}")).collect();
    let mut n_codings = 0usize;
    for d in 0..n_docs {
        let mut text = String::with_capacity(chars * 2);
        let mut len = 0usize;
        let mut turns = Vec::new();
        let mut turn_start = 0usize;
        while len < chars {
            let w = words[rng.below(words.len())];
            let add = w.chars().count() + 1;
            if len + add > chars {
                text.extend(std::iter::repeat_n('.', chars - len));
                break;
            }
            text.push_str(w);
            text.push(if rng.below(12) == 0 { '\n' } else { ' ' });
            len += add;
            if len - turn_start > 400 {
                turns.push(documents::NewSegment {
                    range: CharRange::new(turn_start, len),
                    speaker: Some(if turns.len() % 2 == 0 { "P1" } else { "P2" }),
                    time_ms: None,
                    end_ms: None,
                    verified: true,
                });
                turn_start = len;
            }
        }
        let name = format!("doc {d:03}");
        let hash = format!("bench-{d}");
        let id = documents::insert(
            &tx,
            &documents::NewDocument {
                name: &name,
                text: &text,
                language: "und",
                source_format: "text",
                source_path: None,
                encoding: "utf-8",
                content_hash: &hash,
                segments: turns,
            },
        )?;
        for code in &code_ids {
            // One or two "true" passages per document and code; each coder
            // codes most of them, with its own boundaries.
            for _ in 0..1 + rng.below(2) {
                let start = rng.below(chars.saturating_sub(1000).max(1));
                let plen = 50 + rng.below(750);
                for coder in &coders {
                    if rng.below(10) == 0 {
                        continue;
                    }
                    let s = (start + rng.below(40)).saturating_sub(20).min(chars);
                    let e = (start + plen + rng.below(40)).saturating_sub(20).min(chars);
                    if s >= e {
                        continue;
                    }
                    let c =
                        super::super::coding::new_coding(&id, code, coder, CharRange::new(s, e));
                    codings::insert(&tx, &c)?;
                    n_codings += 1;
                }
            }
        }
    }
    tx.commit()?;
    Ok((store, n_codings))
}

fn p50(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Builds the project and times the report; returns the figures as text.
pub fn run(
    dir: &Path,
    n_docs: usize,
    chars: usize,
    n_coders: usize,
    n_codes: usize,
    runs: usize,
) -> super::super::Result<String> {
    let t0 = Instant::now();
    let (store, n_codings) = build(dir, n_docs, chars, n_coders, n_codes)?;
    let build_s = t0.elapsed().as_secs_f64();
    // Measure as a user would: a project opened afresh (closing the last
    // connection checkpoints the write-ahead log into the file).
    drop(store);
    let store = Store::open(&crate::ops::project::plain(&dir.join("bench.gloss")))?;
    let runs = runs.max(1);
    let mut report_ms = Vec::new();
    let mut json_ms = Vec::new();
    let mut turn_ms = Vec::new();
    let mut alpha = None;
    // One warm-up run (page cache, prepared statements), not counted.
    super::report(&store, None, None, super::Unit::Char)?;
    for _ in 0..runs {
        let t = Instant::now();
        let r = super::report(&store, None, None, super::Unit::Char)?;
        report_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let s =
            serde_json::to_string(&r).map_err(|e| super::super::Error::Invalid(e.to_string()))?;
        json_ms.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(s.len());
        alpha = r.overall.pooled.krippendorff_alpha;
        let t = Instant::now();
        super::report(&store, None, None, super::Unit::Turn)?;
        turn_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let report = p50(report_ms);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "agreement: {n_docs} documents × {chars} chars × {n_coders} coders × {n_codes} codes = {n_codings} codings (built in {build_s:.1} s)"
    );
    let _ = writeln!(
        out,
        "full report (char units, read + compute), p50 of {runs}: {report:.1} ms (budget {BUDGET_MS:.0} ms: {})",
        if report <= BUDGET_MS { "met" } else { "NOT met" }
    );
    let _ = writeln!(
        out,
        "JSON serialisation of that report, p50: {:.1} ms",
        p50(json_ms)
    );
    let _ = writeln!(
        out,
        "full report at turn level, p50: {:.1} ms",
        p50(turn_ms)
    );
    let _ = write!(
        out,
        "pooled Krippendorff's alpha: {}",
        alpha.map_or_else(|| "n/a".into(), |a| format!("{a:.4}"))
    );
    Ok(out)
}
