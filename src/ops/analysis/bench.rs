//! `gloss bench analysis`: the search benchmark's generated corpus (about
//! 10 million words in 1,300 transcripts, French, English and Swahili),
//! with attributes on every participant (gender, role, site), a two-level
//! codebook of 30 codes and 250,000 codings by three coders inside the
//! turns; then every table of issue 13 timed twice: cold (the project read
//! and the table computed, as one `gloss analysis` command does) and warm
//! (the read project kept in a [`CorpusCache`], as the screen keeps it, the
//! filters resolved and the table computed); the median of a few runs. The budgets: every frequency,
//! matrix, co-occurrence and codeline table ≤ 200 ms, word frequencies over
//! the whole corpus ≤ 2 s. Figures go to the README, never to a test.

use super::{AnalysisFilter, CorpusCache, WordsBy, WordsRequest};
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

/// One table of the benchmark.
enum Job {
    Frequencies,
    Matrix(Columns, CellUnit, Option<Percent>),
    Co(CoUnit),
    Codeline(String),
    Words(WordsBy),
}

impl Job {
    fn is_words(&self) -> bool {
        matches!(self, Job::Words(_))
    }

    /// What the table reads beyond the codings (as the screen asks).
    fn needs(&self) -> super::Needs {
        let (turns, words) = match self {
            Job::Frequencies => (true, true),
            Job::Matrix(cols, unit, _) => (
                *unit == CellUnit::Participants
                    || matches!(cols, Columns::Participants | Columns::Attribute(_)),
                *unit == CellUnit::Words,
            ),
            Job::Co(unit) => (*unit == CoUnit::Turns, false),
            // The turns are its columns.
            Job::Codeline(_) => (true, false),
            Job::Words(_) => (true, false),
        };
        super::Needs { turns, words }
    }

    /// Computes the table from a project read; the size of the result
    /// (so nothing is optimised away).
    fn compute(&self, store: &crate::store::Store, l: &super::Loaded) -> anyhow::Result<usize> {
        Ok(match self {
            Job::Frequencies => super::frequencies_of(l)?.codes.len(),
            Job::Matrix(cols, unit, p) => super::matrix_of(l, cols, *unit, *p).cells.len(),
            Job::Co(unit) => super::cooccurrence_of(l, *unit, false, None)
                .table
                .codes
                .len(),
            Job::Codeline(doc) => {
                let id = ops::documents::resolve(store, doc)?;
                let d = l.doc_index(&id).unwrap_or(0);
                super::cells::codeline_of(l, d).1.len()
            }
            Job::Words(by) => super::words_of(
                store,
                l,
                &WordsRequest {
                    filter: AnalysisFilter::default(),
                    by: by.clone(),
                    limit: Some(50),
                    ..Default::default()
                },
            )?
            .groups
            .len(),
        })
    }
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
                    crate::ops::project::checkpoint(&ops::project::plain(&path))?;
                    std::fs::rename(&path, k)?;
                    k.to_path_buf()
                }
                None => path,
            }
        }
    };
    let store = ops::project::open_plain(&path, None)?;
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
        "  participants: {} with {} attributes (gender, role, site); median wall time of {runs} runs (3 for word frequencies; cpu: mean CPU time per run, all threads)",
        people.len(),
        attrs.len()
    )?;
    let all = AnalysisFilter::default();
    let own = AnalysisFilter {
        subcodes: false,
        ..Default::default()
    };
    let first = ops::documents::list(&store)?
        .first()
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let gender = || Columns::Attribute("gender".into());
    let jobs: Vec<(String, Job, &AnalysisFilter)> = vec![
        (
            "frequencies, all six columns".into(),
            Job::Frequencies,
            &all,
        ),
        (
            "matrix codes × documents, codings".into(),
            Job::Matrix(Columns::Documents, CellUnit::Codings, None),
            &all,
        ),
        (
            "matrix codes × participants, codings".into(),
            Job::Matrix(Columns::Participants, CellUnit::Codings, None),
            &all,
        ),
        (
            "matrix codes × coders, codings".into(),
            Job::Matrix(Columns::Coders, CellUnit::Codings, None),
            &all,
        ),
        (
            "matrix codes × attribute:gender, codings".into(),
            Job::Matrix(gender(), CellUnit::Codings, None),
            &all,
        ),
        (
            "matrix × attribute:gender, participants, column-n %".into(),
            Job::Matrix(gender(), CellUnit::Participants, Some(Percent::ColumnN)),
            &all,
        ),
        (
            "matrix codes × attribute:site, words".into(),
            Job::Matrix(Columns::Attribute("site".into()), CellUnit::Words, None),
            &all,
        ),
        (
            "co-occurrence 30 × 30, pairs".into(),
            Job::Co(CoUnit::Pairs),
            &own,
        ),
        (
            "co-occurrence 30 × 30, regions".into(),
            Job::Co(CoUnit::Regions),
            &own,
        ),
        (
            "co-occurrence 30 × 30, turns".into(),
            Job::Co(CoUnit::Turns),
            &own,
        ),
        (
            "co-occurrence 30 × 30, documents".into(),
            Job::Co(CoUnit::Documents),
            &own,
        ),
        (
            "codeline of one document".into(),
            Job::Codeline(first.clone()),
            &own,
        ),
        (
            "word frequencies, whole corpus".into(),
            Job::Words(WordsBy::All),
            &all,
        ),
        (
            "word frequencies by attribute:gender".into(),
            Job::Words(WordsBy::Attribute("gender".into())),
            &all,
        ),
    ];
    // GLOSS_BENCH_ONLY=WORDS: only the tables whose name holds WORDS (to
    // time one table while working on it).
    let only = std::env::var("GLOSS_BENCH_ONLY").unwrap_or_default();
    let jobs: Vec<_> = jobs
        .into_iter()
        .filter(|(name, _, _)| name.contains(only.as_str()))
        .collect();
    writeln!(
        out,
        "  cold: the first table — the project read (a new CorpusCache each run) and the table computed, as `gloss analysis` does in one process;"
    )?;
    writeln!(
        out,
        "  warm: the next tables of a screen — the read project kept (one CorpusCache), the filters resolved and the table computed each run"
    )?;
    say("timing: cold");
    let mut cold = Vec::new();
    for (name, job, filter) in &jobs {
        let runs = if job.is_words() {
            runs.clamp(1, 3)
        } else {
            runs
        };
        cold.push(time(runs, || {
            if let Job::Codeline(doc) = job {
                // One document read, as `gloss analysis codeline` does.
                return Ok(std::hint::black_box(super::codeline(&store, doc, filter)?)
                    .codeline
                    .turns
                    .len());
            }
            let mut cache = CorpusCache::new();
            let l = cache.load(&store, filter, job.needs())?;
            job.compute(&store, &l)
        })?);
        say(name);
    }
    say("timing: warm");
    let mut cache = CorpusCache::new();
    // The screen's cache once holds everything its tables asked for.
    cache.load(
        &store,
        &all,
        super::Needs {
            turns: true,
            words: true,
        },
    )?;
    let mut warm = Vec::new();
    for (_, job, filter) in &jobs {
        let runs = if job.is_words() {
            runs.clamp(1, 3)
        } else {
            runs
        };
        warm.push(time(runs, || {
            let l = cache.load(&store, filter, job.needs())?;
            job.compute(&store, &l)
        })?);
    }
    let reads = cache.reads;
    let mut missed = (0, 0);
    writeln!(
        out,
        "  {:<52} {:>22} {:>22}  budget",
        "table", "cold p50 / cpu", "warm p50 / cpu"
    )?;
    for (((name, job, _), c), w) in jobs.iter().zip(&cold).zip(&warm) {
        let budget = if job.is_words() {
            WORDS_BUDGET_MS
        } else {
            TABLE_BUDGET_MS
        };
        let verdict = |p50: f64| if p50 <= budget { "met" } else { "MISSED" };
        if c.0 > budget {
            missed.0 += 1;
        }
        if w.0 > budget {
            missed.1 += 1;
        }
        writeln!(
            out,
            "  {name:<52} {:>8.1} / {:>8.1} ms {:>8.1} / {:>8.1} ms  {budget:.0} ms: cold {}, warm {}",
            c.0,
            c.1,
            w.0,
            w.1,
            verdict(c.0),
            verdict(w.0)
        )?;
    }
    writeln!(
        out,
        "  budgets missed: {} cold, {} warm (of {}); the warm runs read the project {reads} time(s) in all",
        missed.0,
        missed.1,
        jobs.len()
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
