//! `gloss bench analysis`: the search benchmark's generated corpus (about
//! 10 million words in 1,300 transcripts, French, English and Swahili),
//! with attributes on every participant (gender, role, site), a two-level
//! codebook of 30 codes and 250,000 codings by three coders inside the
//! turns; then every table of issue 13 timed from the project file (read +
//! compute; the median of a few runs). The budgets: every frequency,
//! matrix, co-occurrence and codeline table ≤ 200 ms, word frequencies over
//! the whole corpus ≤ 2 s. Figures go to the README, never to a test.

use super::{AnalysisFilter, WordsBy, WordsRequest};
use crate::core::analysis::cooccurrence::CoUnit;
use crate::core::analysis::matrix::{CellUnit, Columns, Percent};
use crate::core::CharRange;
use crate::ops;
use crate::store::{analysis as st, codes, codings, participants};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const TABLE_BUDGET_MS: f64 = 200.0;
const WORDS_BUDGET_MS: f64 = 2000.0;

/// xorshift64*: deterministic, no dependency.
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

fn build(
    dir: &Path,
    files: usize,
    words: usize,
    n_codings: usize,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<(std::path::PathBuf, usize)> {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus)?;
    say("generating the corpus");
    let total_words = ops::search::bench::generate(&corpus, files, words)?;
    let path = dir.join("bench.gloss");
    let mut store = ops::project::init(&path, "coder1")?;
    let mut paths: Vec<_> = std::fs::read_dir(&corpus)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    say("importing");
    for (k, lang) in ["fr", "en", "sw"].iter().enumerate() {
        let batch: Vec<_> = paths.iter().skip(k).step_by(3).cloned().collect();
        let opts = ops::import::ImportOptions {
            language: Some((*lang).to_string()),
            ..Default::default()
        };
        ops::import::import_files(&mut store, &batch, &opts, &mut |_, _, _| {})?;
    }
    say("attributes, codebook and codings");
    let mut rng = Rng(0x5eed_a11a_1515);
    let docs = crate::store::agreement::documents(store.conn())?;
    let mut turns: Vec<Vec<(usize, usize)>> = vec![Vec::new(); docs.len()];
    let index: std::collections::HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.clone(), i))
        .collect();
    st::for_each_turn(store.conn(), |doc, s, e, _| {
        if let Some(&i) = index.get(doc) {
            if e > s + 10 {
                turns[i].push((s, e));
            }
        }
    })?;
    let (people, _) = st::participants(store.conn())?;
    let tx = store.begin()?;
    for (id, _, name) in &people {
        let who = crate::core::ParticipantId(*id);
        let role = if name == "Interviewer" {
            "facilitator"
        } else {
            ["miner", "trader", "washer", "teacher"][rng.below(4)]
        };
        participants::set_attribute(&tx, who, "gender", ["female", "male"][rng.below(2)])?;
        participants::set_attribute(&tx, who, "role", role)?;
        participants::set_attribute(
            &tx,
            who,
            "site",
            ["Kolwezi", "Kasulo", "Kanina"][rng.below(3)],
        )?;
    }
    let mut code_ids = Vec::new();
    for p in 0..6 {
        let pname = format!("Theme {p}");
        let parent = codes::insert(&tx, None, &fields(&pname))?;
        code_ids.push(parent.clone());
        for c in 0..4 {
            let cname = format!("Code {p}.{c}");
            code_ids.push(codes::insert(&tx, Some(&parent), &fields(&cname))?);
        }
    }
    let coders = ["coder1", "coder2", "coder3"];
    let mut made = 0;
    let mut last: Option<(usize, usize, usize, usize)> = None;
    while made < n_codings {
        // A fifth of the codings repeat the previous passage by another
        // coder (a passage coded alike counts once).
        let (d, code, s, e) = match last {
            Some(x) if rng.below(5) == 0 => x,
            _ => {
                let d = rng.below(docs.len());
                if turns[d].is_empty() {
                    continue;
                }
                let (ts, te) = turns[d][rng.below(turns[d].len())];
                let s = ts + rng.below((te - ts) / 2);
                let e = (s + 20 + rng.below(400))
                    .min(te + rng.below(2) * 300)
                    .min(docs[d].chars);
                if s >= e {
                    continue;
                }
                (d, rng.below(code_ids.len()), s, e)
            }
        };
        last = Some((d, code, s, e));
        let c = ops::coding::new_coding(
            &docs[d].id,
            &code_ids[code],
            coders[made % 3],
            CharRange::new(s, e),
        );
        if codings::find_identical(&tx, &c)?.is_none() {
            codings::insert(&tx, &c)?;
            made += 1;
        }
    }
    tx.commit()?;
    Ok((path, total_words))
}

fn fields(name: &str) -> codes::CodeFields<'_> {
    codes::CodeFields {
        name,
        color: None,
        shortcut: None,
        definition: "",
        when_to_use: "",
        when_not_to_use: "",
        example: "",
    }
}

/// Median wall time of `runs` timings of `f`, and the mean CPU time (every
/// thread) per run, in ms.
fn time<T>(runs: usize, mut f: impl FnMut() -> anyhow::Result<T>) -> anyhow::Result<(f64, f64)> {
    let mut v = Vec::with_capacity(runs);
    let cpu0 = ops::measure::cpu_ms();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        std::hint::black_box(f()?);
        v.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let cpu = match (cpu0, ops::measure::cpu_ms()) {
        (Some(a), Some(b)) => (b - a) / runs.max(1) as f64,
        _ => f64::NAN,
    };
    v.sort_by(f64::total_cmp);
    Ok((v[v.len() / 2], cpu))
}

/// Builds the project in `dir`, runs every table, returns the report.
pub fn run(
    dir: &Path,
    keep: Option<&Path>,
    files: usize,
    words: usize,
    n_codings: usize,
    runs: usize,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<String> {
    let t = Instant::now();
    let mut out = String::new();
    let path = match keep {
        Some(p) if p.exists() => {
            writeln!(
                out,
                "analysis benchmark on {} (kept from an earlier run)",
                p.display()
            )?;
            p.to_path_buf()
        }
        _ => {
            let (path, total_words) = build(dir, files, words, n_codings, say)?;
            writeln!(
                out,
                "analysis benchmark: {files} transcripts, {total_words} words, {n_codings} codings by 3 coders, 30 codes (6 themes × 4 sub-codes); built in {:.1} s",
                t.elapsed().as_secs_f64()
            )?;
            match keep {
                Some(k) => {
                    crate::ops::project::checkpoint(&path)?;
                    std::fs::rename(&path, k)?;
                    k.to_path_buf()
                }
                None => path,
            }
        }
    };
    let store = ops::project::open(&path, None)?;
    let (people, attrs) = st::participants(store.conn())?;
    writeln!(
        out,
        "  load average at the start: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    )?;
    writeln!(
        out,
        "  participants: {} with {} attributes (gender, role, site); median wall time of {runs} runs (cpu: mean CPU time per run, all threads), read + compute from the project file",
        people.len(),
        attrs.len()
    )?;
    let all = AnalysisFilter::default();
    let own = AnalysisFilter {
        subcodes: false,
        ..Default::default()
    };
    let mut rows: Vec<(String, f64, f64, f64)> = Vec::new();
    let mut add = |name: &str, (p50, max): (f64, f64), budget: f64| {
        rows.push((name.to_string(), p50, max, budget));
    };
    say("timing");
    add(
        "read the project (codings, turns, participants)",
        time(runs, || {
            Ok(super::load(
                &store,
                &all,
                super::Needs {
                    turns: true,
                    words: false,
                },
                None,
            )?)
        })?,
        TABLE_BUDGET_MS,
    );
    add(
        "frequencies (words column included: reads every text)",
        time(runs, || Ok(super::frequencies(&store, &all)?))?,
        TABLE_BUDGET_MS,
    );
    add(
        "frequencies without the words column (no text read)",
        time(runs, || {
            let l = super::load(
                &store,
                &all,
                super::Needs {
                    turns: true,
                    words: false,
                },
                None,
            )?;
            Ok(super::frequencies_of(&l)?)
        })?,
        TABLE_BUDGET_MS,
    );
    for (label, cols) in [
        ("documents", Columns::Documents),
        ("participants", Columns::Participants),
        ("coders", Columns::Coders),
        ("attribute:gender", Columns::Attribute("gender".into())),
    ] {
        add(
            &format!("matrix codes × {label}, codings"),
            time(runs, || {
                Ok(super::matrix(&store, &all, &cols, CellUnit::Codings, None)?)
            })?,
            TABLE_BUDGET_MS,
        );
    }
    add(
        "matrix codes × attribute:gender, participants, column-n %",
        time(runs, || {
            Ok(super::matrix(
                &store,
                &all,
                &Columns::Attribute("gender".into()),
                CellUnit::Participants,
                Some(Percent::ColumnN),
            )?)
        })?,
        TABLE_BUDGET_MS,
    );
    add(
        "matrix codes × attribute:site, words",
        time(runs, || {
            Ok(super::matrix(
                &store,
                &all,
                &Columns::Attribute("site".into()),
                CellUnit::Words,
                None,
            )?)
        })?,
        TABLE_BUDGET_MS,
    );
    for unit in [
        CoUnit::Pairs,
        CoUnit::Regions,
        CoUnit::Turns,
        CoUnit::Documents,
    ] {
        add(
            &format!("co-occurrence 30 × 30, {}", unit.name()),
            time(runs, || {
                Ok(super::cooccurrence(&store, &own, unit, false, None)?)
            })?,
            TABLE_BUDGET_MS,
        );
    }
    let first = ops::documents::list(&store)?
        .first()
        .map(|d| d.name.clone())
        .unwrap_or_default();
    add(
        "codeline of one document",
        time(runs, || Ok(super::codeline(&store, &first, &own)?))?,
        TABLE_BUDGET_MS,
    );
    let wruns = runs.clamp(1, 3);
    add(
        "word frequencies, whole corpus",
        time(wruns, || {
            Ok(super::words(
                &store,
                &WordsRequest {
                    limit: Some(50),
                    ..Default::default()
                },
            )?)
        })?,
        WORDS_BUDGET_MS,
    );
    add(
        "word frequencies by attribute:gender",
        time(wruns, || {
            Ok(super::words(
                &store,
                &WordsRequest {
                    by: WordsBy::Attribute("gender".into()),
                    limit: Some(50),
                    ..Default::default()
                },
            )?)
        })?,
        WORDS_BUDGET_MS,
    );
    // The same tables computed from a project already read (what a screen
    // that keeps the project in memory pays per change of option).
    let loaded = super::load(
        &store,
        &all,
        super::Needs {
            turns: true,
            words: false,
        },
        None,
    )?;
    let loaded_own = super::load(
        &store,
        &own,
        super::Needs {
            turns: true,
            words: false,
        },
        None,
    )?;
    add(
        "  compute only: matrix codes × attribute:gender, codings",
        time(runs, || {
            Ok(super::matrix_of(
                &loaded,
                &Columns::Attribute("gender".into()),
                CellUnit::Codings,
                None,
            ))
        })?,
        TABLE_BUDGET_MS,
    );
    add(
        "  compute only: matrix codes × documents, codings",
        time(runs, || {
            Ok(super::matrix_of(
                &loaded,
                &Columns::Documents,
                CellUnit::Codings,
                None,
            ))
        })?,
        TABLE_BUDGET_MS,
    );
    add(
        "  compute only: co-occurrence, pairs",
        time(runs, || {
            Ok(super::cooccurrence_of(
                &loaded_own,
                CoUnit::Pairs,
                false,
                None,
            ))
        })?,
        TABLE_BUDGET_MS,
    );
    drop((loaded, loaded_own));
    let mut missed = 0;
    for (name, p50, max, budget) in &rows {
        let ok = *p50 <= *budget;
        if !ok {
            missed += 1;
        }
        writeln!(
            out,
            "  {name:<62} p50 {p50:>8.1} ms  cpu {max:>8.1} ms  (budget {budget:.0} ms{})",
            if ok { ", met" } else { ", MISSED" }
        )?;
    }
    writeln!(
        out,
        "  {}",
        if missed == 0 {
            "every budget met".to_string()
        } else {
            format!("{missed} budgets missed")
        }
    )?;
    writeln!(
        out,
        "  load average at the end: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    )?;
    if let Some(kb) = ops::measure::peak_rss_kb() {
        writeln!(out, "  peak memory: {} MB", kb / 1024)?;
    }
    Ok(out)
}
