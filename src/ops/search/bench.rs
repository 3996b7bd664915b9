//! `gloss bench search`: a deterministic multilingual corpus of speaker-
//! labelled, timestamped transcripts (about 10 million words in 1,300 files
//! by default) is imported and indexed, next to SQLite FTS5 building the same
//! turns; then a fixed set of queries is timed, and hit counts are checked
//! against a brute-force scan of every turn.

use crate::core::query;
use crate::index::{SearchOptions, SearchOrder};
use crate::ops::{self, measure};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const FR: &[&str] = &[
    "les",
    "enfants",
    "travaillent",
    "au",
    "site",
    "le",
    "matin",
    "on",
    "lave",
    "pierres",
    "minerais",
    "argent",
    "école",
    "minerval",
    "frais",
    "scolaires",
    "mari",
    "marché",
    "barrière",
    "payer",
    "creuseurs",
    "coopérative",
    "femmes",
    "sécurité",
    "nuit",
    "chemin",
    "peur",
    "santé",
    "fatigue",
    "eau",
    "rivière",
    "sacs",
    "porter",
    "tri",
    "négociant",
    "comptoir",
    "prix",
    "kilo",
    "balance",
    "dette",
    "crédit",
    "champ",
    "manioc",
    "maïs",
    "commerce",
    "beignets",
    "charbon",
    "bois",
    "police",
    "gardes",
    "chef",
    "village",
    "famille",
    "maison",
    "loyer",
    "maladie",
    "dispensaire",
    "infirmière",
    "grossesse",
    "bébé",
    "dos",
    "soleil",
    "pluie",
    "saison",
    "semaine",
    "jour",
    "heures",
    "salaire",
    "revenu",
    "dépenses",
    "nourriture",
    "vraiment",
    "parce",
    "que",
    "mais",
    "donc",
    "alors",
    "euh",
    "bon",
    "voilà",
    "aussi",
];
const EN: &[&str] = &[
    "the",
    "children",
    "work",
    "at",
    "site",
    "morning",
    "we",
    "wash",
    "stones",
    "ore",
    "money",
    "school",
    "fees",
    "husband",
    "market",
    "barrier",
    "pay",
    "diggers",
    "cooperative",
    "women",
    "security",
    "night",
    "road",
    "fear",
    "health",
    "fatigue",
    "water",
    "river",
    "bags",
    "carry",
    "sorting",
    "trader",
    "depot",
    "price",
    "kilo",
    "scale",
    "debt",
    "credit",
    "field",
    "cassava",
    "maize",
    "trade",
    "charcoal",
    "wood",
    "police",
    "guards",
    "chief",
    "village",
    "family",
    "house",
    "rent",
    "illness",
    "clinic",
    "nurse",
    "pregnancy",
    "baby",
    "back",
    "sun",
    "rain",
    "season",
    "week",
    "day",
    "hours",
    "wage",
    "income",
    "spending",
    "food",
    "really",
    "because",
    "but",
    "so",
    "then",
    "well",
    "also",
    "programme",
    "company",
    "buyers",
    "responsible",
];
const SW: &[&str] = &[
    "watoto",
    "wanafanya",
    "kazi",
    "mgodi",
    "asubuhi",
    "tunaosha",
    "mawe",
    "pesa",
    "shule",
    "ada",
    "ya",
    "mume",
    "soko",
    "kizuizi",
    "kulipa",
    "wachimbaji",
    "chama",
    "wanawake",
    "usalama",
    "usiku",
    "njia",
    "hofu",
    "afya",
    "uchovu",
    "maji",
    "mto",
    "mifuko",
    "kubeba",
    "bei",
    "deni",
    "shamba",
    "mihogo",
    "mahindi",
    "biashara",
    "makaa",
    "kuni",
    "polisi",
    "walinzi",
    "mkuu",
    "kijiji",
    "familia",
    "nyumba",
    "ugonjwa",
    "zahanati",
    "muuguzi",
    "mtoto",
    "mgongo",
    "jua",
    "mvua",
    "wiki",
    "siku",
    "saa",
    "mshahara",
    "chakula",
    "sana",
    "lakini",
    "kwa",
    "sababu",
    "na",
    "hapana",
    "ndiyo",
    "sisi",
    "tunaogopa",
    "mama",
];
const PHRASES: &[&str] = &[
    "frais scolaires",
    "school fees",
    "ada ya shule",
    "pesa ya shule",
    "le prix du cobalt",
    "the price of cobalt",
];
const SPEAKERS: &[&str] = &[
    "Facilitator",
    "P1",
    "P2",
    "P3",
    "P4",
    "P5",
    "P6",
    "Interviewer",
];

/// A small deterministic generator (no dependency, same corpus everywhere).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Writes `files` transcripts of about `words_per_file` words into `dir`.
pub fn generate(dir: &Path, files: usize, words_per_file: usize) -> std::io::Result<usize> {
    let mut rng = Lcg(0x05ee_d0f9_1055);
    let mut total = 0;
    for f in 0..files {
        let lang = match f % 3 {
            0 => FR,
            1 => EN,
            _ => SW,
        };
        let mut s = format!("GENERATED TRANSCRIPT {f} (fictional benchmark data)\n\n");
        let mut words = 0;
        let mut t = 0u64;
        let mut turn = 0;
        while words < words_per_file {
            let n = 8 + rng.below(60);
            t += 3 + rng.below(40) as u64;
            let who = SPEAKERS[(turn + rng.below(2)) % SPEAKERS.len()];
            let _ = write!(
                s,
                "[{:02}:{:02}:{:02}] {who}: ",
                t / 3600,
                t / 60 % 60,
                t % 60
            );
            for i in 0..n {
                if i > 0 {
                    s.push(' ');
                }
                if rng.below(40) == 0 {
                    s.push_str(PHRASES[rng.below(PHRASES.len())]);
                    words += 2;
                } else {
                    // Mix in the other languages now and then (code-switching).
                    let l = match rng.below(10) {
                        0 => FR,
                        1 => SW,
                        _ => lang,
                    };
                    s.push_str(l[rng.below(l.len())]);
                    words += 1;
                }
            }
            s.push_str(".\n\n");
            turn += 1;
        }
        total += words;
        std::fs::write(dir.join(format!("t{f:04}.txt")), s)?;
    }
    Ok(total)
}

const QUERIES: &[&str] = &[
    "enfants",
    "school",
    "watoto",
    "\"frais scolaires\"",
    "\"school fees\"",
    "\"ada ya shule\"",
    "minerval OR frais",
    "enfants -école",
    "children money",
    "watotto~1",
    "scol*",
    "\"price cobalt\"~2",
    "enfants speaker:P2",
    "children lang:en",
    "kazi speaker:P3 lang:sw",
];

/// Runs the benchmark; returns a readable report.
/// With `encrypted`, the project is then copied encrypted and the same
/// work timed on both ([`super::bench_encrypted`]).
pub fn run(files: usize, words_per_file: usize, encrypted: bool) -> anyhow::Result<String> {
    let dir = std::env::temp_dir().join(format!("gloss-bench-search-{}", uuid::Uuid::new_v4()));
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus)?;
    let mut out = String::new();
    let t = Instant::now();
    let words = generate(&corpus, files, words_per_file)?;
    writeln!(
        out,
        "search benchmark: {files} transcripts, {words} words (generated in {:.1} s)",
        t.elapsed().as_secs_f64()
    )?;

    let project = dir.join("bench.gloss");
    let mut store = ops::project::init(&project, "bench")?;
    let mut paths: Vec<_> = std::fs::read_dir(&corpus)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    paths.sort();
    // Files are generated in French, English and Swahili in turn; import
    // each language with its tag, as a team that knows its data would.
    let t = Instant::now();
    let cpu = cpu_seconds();
    for (k, lang) in ["fr", "en", "sw"].iter().enumerate() {
        let batch: Vec<_> = paths.iter().skip(k).step_by(3).cloned().collect();
        let opts = ops::import::ImportOptions {
            language: Some((*lang).to_string()),
            ..Default::default()
        };
        ops::import::import_files(&mut store, &batch, &opts, &mut |_, _, _| {})?;
    }
    let import_s = t.elapsed().as_secs_f64();
    let import_cpu = cpu_seconds() - cpu;
    let ix_dir = dir.join("index");
    let t = Instant::now();
    let cpu = cpu_seconds();
    let index = ops::search::ensure_index_at(&store, &ix_dir, &mut |_, _| {})?;
    let index_s = t.elapsed().as_secs_f64();
    let index_cpu = cpu_seconds() - cpu;
    let turns = index.len();

    // FTS5 building the same turns, in the same run.
    let turn_texts = all_turns(&store)?;
    let fts_path = dir.join("fts.db");
    let t = Instant::now();
    let cpu = cpu_seconds();
    let conn = rusqlite::Connection::open(&fts_path)?;
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2');",
    )?;
    {
        let tx = conn.unchecked_transaction()?;
        {
            let mut ins = tx.prepare("INSERT INTO t(body) VALUES (?1)")?;
            for s in &turn_texts {
                ins.execute([s])?;
            }
        }
        tx.commit()?;
    }
    let fts_s = t.elapsed().as_secs_f64();
    let fts_cpu = cpu_seconds() - cpu;
    let mut langs: std::collections::BTreeMap<String, usize> = Default::default();
    for d in ops::documents::list(&store)? {
        *langs.entry(d.language).or_default() += 1;
    }
    writeln!(
        out,
        "  turns: {turns}; documents by detected language: {langs:?}"
    )?;
    writeln!(out, "  import (parse + SQLite): {import_s:.1} s; index build (tantivy): {index_s:.1} s; together {:.1} s", import_s + index_s)?;
    writeln!(
        out,
        "  SQLite FTS5 building the same turns (text already in memory): {fts_s:.1} s"
    )?;
    writeln!(
        out,
        "  index build / FTS5 build: {:.2}; (import + index) / FTS5: {:.2}",
        index_s / fts_s,
        (import_s + index_s) / fts_s
    )?;
    writeln!(
        out,
        "  CPU time (all threads; steadier than wall time on a shared machine): import {import_cpu:.1} s, index {index_cpu:.1} s, FTS5 {fts_cpu:.1} s; index / FTS5 {:.2}; index size {:.0} MB",
        index_cpu / fts_cpu.max(1e-9),
        dir_bytes(&ix_dir) as f64 / 1e6
    )?;

    // Latency.
    let mut all = Vec::new();
    writeln!(
        out,
        "  query latency (top 20 with match offsets), ms over 30 runs each:"
    )?;
    let mut parts = [Vec::new(), Vec::new(), Vec::new()];
    for q in QUERIES {
        let mut samples = Vec::new();
        let mut total = 0;
        let parsed = query::parse(q).map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut mine = [Vec::new(), Vec::new(), Vec::new()];
        for _ in 0..10 {
            let t0 = Instant::now();
            let filters = ops::search::query_filters(&store, &parsed)?;
            let t1 = Instant::now();
            let found = index.search(&parsed, &filters, &SearchOptions::default())?;
            let t2 = Instant::now();
            let _ = ops::search::hits_from_project(&store, &parsed, found)?;
            let t3 = Instant::now();
            for (i, (a, b)) in [(t0, t1), (t1, t2), (t2, t3)].into_iter().enumerate() {
                parts[i].push((b - a).as_secs_f64() * 1e3);
                mine[i].push((b - a).as_secs_f64() * 1e3);
            }
        }
        for _ in 0..30 {
            let t = Instant::now();
            let r = ops::search::search(
                &store,
                &index,
                q,
                &SearchOptions {
                    limit: 20,
                    offset: 0,
                    order: SearchOrder::Relevance,
                },
            )?;
            samples.push(t.elapsed().as_secs_f64() * 1e3);
            total = r.total;
        }
        writeln!(
            out,
            "    {:<28} {:>7} turns  p50 {:>6.2}  p99 {:>6.2}   (p50 filters {:.2} + index {:.2} + hits {:.2})",
            q,
            total,
            measure::percentile(&samples, 0.5),
            measure::percentile(&samples, 0.99),
            measure::percentile(&mine[0], 0.5),
            measure::percentile(&mine[1], 0.5),
            measure::percentile(&mine[2], 0.5)
        )?;
        all.extend(samples);
    }
    writeln!(
        out,
        "    {:<28} {:>13}  p50 {:>6.2}  p99 {:>6.2}   (budget: p50 ≤ 5, p99 ≤ 25)",
        "all",
        "",
        measure::percentile(&all, 0.5),
        measure::percentile(&all, 0.99)
    )?;
    writeln!(
        out,
        "    of which, p50 / p99 over all queries: filters from the project {:.2} / {:.2}, index {:.2} / {:.2}, hits from the project {:.2} / {:.2}",
        measure::percentile(&parts[0], 0.5),
        measure::percentile(&parts[0], 0.99),
        measure::percentile(&parts[1], 0.5),
        measure::percentile(&parts[1], 0.99),
        measure::percentile(&parts[2], 0.5),
        measure::percentile(&parts[2], 0.99)
    )?;

    // Exact counts against a brute-force scan of every turn.
    let checks = [
        "enfants",
        "school",
        "\"frais scolaires\"",
        "\"ada ya shule\"",
        "minerval OR frais",
        "enfants -école",
        "children money",
    ];
    let mut fold = crate::index::fold_analyzer();
    let tokenized: Vec<Vec<String>> = turn_texts
        .iter()
        .map(|t| crate::index::analyse(&mut fold, t))
        .collect();
    let mut ok = true;
    for q in checks {
        let parsed = query::parse(q).map_err(|e| anyhow::anyhow!("{e}"))?;
        let brute = tokenized
            .iter()
            .filter(|toks| brute_match(&parsed, toks, &mut fold))
            .count();
        let got = ops::search::search(
            &store,
            &index,
            q,
            &SearchOptions {
                limit: 1,
                ..Default::default()
            },
        )?
        .total;
        let stemmed = parsed
            .all_of
            .iter()
            .flat_map(|c| &c.any_of)
            .any(|c| matches!(c, query::Clause::Word { .. }));
        // Words also match by stem (French/English); the brute force counts
        // exact folded words, so for word queries the index may find more.
        let fine = if stemmed { got >= brute } else { got == brute };
        ok &= fine;
        writeln!(
            out,
            "    count check {:<24} index {:>7}  brute force {:>7}  {}",
            q,
            got,
            brute,
            if fine { "ok" } else { "MISMATCH" }
        )?;
    }
    writeln!(
        out,
        "  counts: {}",
        if ok {
            "all consistent"
        } else {
            "MISMATCH (see above)"
        }
    )?;
    // An edit's re-indexing: one turn of a document in the middle of the
    // corpus leaves the index and comes back, under the lock, committed.
    let docs = ops::documents::list(&store)?;
    if let Some(d) = docs.get(docs.len() / 2) {
        let turns = ops::documents::load(&store, &d.id)?.segments;
        let mut took = Vec::new();
        for t in turns.iter().take(5) {
            let tx = store.begin()?;
            let previous = ops::search::turns_changed(&tx)?;
            tx.commit()?;
            let t0 = Instant::now();
            let done =
                ops::search::reindex_turns_at(&store, &ix_dir, previous, &d.id, &[t.id], &[])?;
            took.push(t0.elapsed().as_secs_f64() * 1e3);
            anyhow::ensure!(done, "the index did not follow the edit");
        }
        let t0 = Instant::now();
        let r = ops::search::search(&store, &index, "enfants", &SearchOptions::default())?;
        writeln!(
            out,
            "  re-indexing one edited turn (commit included), p50 {:.1} ms, max {:.1} ms; the next search follows it in {:.1} ms ({} turns)",
            measure::percentile(&took, 0.5),
            measure::percentile(&took, 1.0),
            t0.elapsed().as_secs_f64() * 1e3,
            r.total
        )?;
    }
    writeln!(out, "  index segments: {}", index.segments())?;
    // What the application does at start on this project (warm cache):
    // open, list the documents and the codebook, load the first document,
    // open the index.
    let mut opens = Vec::new();
    let mut parts = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..5 {
        let t = Instant::now();
        let s2 = ops::project::open_plain(&project, None)?;
        let t1 = Instant::now();
        let docs = ops::documents::list(&s2)?;
        let _ = ops::codebook::list(&s2)?;
        let t2 = Instant::now();
        if let Some(first) = docs.first() {
            let _ = ops::documents::load(&s2, &first.id)?;
        }
        let t3 = Instant::now();
        let _ = ops::search::ensure_index_at(&s2, &ix_dir, &mut |_, _| {})?;
        let t4 = Instant::now();
        for (i, (a, b)) in [(t, t1), (t1, t2), (t2, t3), (t3, t4)]
            .into_iter()
            .enumerate()
        {
            parts[i].push((b - a).as_secs_f64() * 1e3);
        }
        opens.push(t.elapsed().as_secs_f64() * 1e3);
    }
    writeln!(
        out,
        "  start-up work, p50: {:.1} ms (budget ≤ 100 ms warm) = open {:.1} + document list and codebook {:.1} + first document {:.1} + open the index {:.1}",
        measure::percentile(&opens, 0.5),
        measure::percentile(&parts[0], 0.5),
        measure::percentile(&parts[1], 0.5),
        measure::percentile(&parts[2], 0.5),
        measure::percentile(&parts[3], 0.5)
    )?;
    if let Some(kb) = measure::peak_rss_kb() {
        writeln!(
            out,
            "  peak memory (VmHWM, whole run): {:.0} MB",
            kb as f64 / 1024.0
        )?;
    }
    drop(index);
    if encrypted {
        super::bench_encrypted::run(&store, &ix_dir, &dir, &mut out)?;
    }
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(out)
}

/// CPU time of this process so far (all threads), in seconds; 0 where the
/// OS does not tell it.
fn cpu_seconds() -> f64 {
    // /proc/self/stat: fields 14 and 15 (utime, stime) in clock ticks,
    // counted after the command name (which may hold spaces).
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // After ')': state is field 3, so utime (14) and stime (15) are at 11, 12.
    (tick(11) + tick(12)) / 100.0
}

/// Bytes of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn all_turns(store: &crate::store::Store) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for d in ops::documents::list(store)? {
        let l = ops::documents::load(store, &d.id)?;
        let ranges: Vec<_> = l.segments.iter().map(|s| s.range).collect();
        out.extend(
            crate::core::text::char_slices(&l.document.text, &ranges)
                .into_iter()
                .map(str::to_string),
        );
    }
    Ok(out)
}

/// Whether a turn's folded tokens satisfy a (filter-free) query, exactly.
fn brute_match(
    q: &query::Query,
    toks: &[String],
    fold: &mut tantivy::tokenizer::TextAnalyzer,
) -> bool {
    let set: HashSet<&str> = toks.iter().map(String::as_str).collect();
    q.all_of.iter().all(|c| {
        let any = c.any_of.iter().any(|clause| match clause {
            query::Clause::Word { text, .. } => crate::index::analyse(fold, text)
                .first()
                .is_some_and(|w| set.contains(w.as_str())),
            query::Clause::Phrase { words, .. } => {
                let p = crate::index::analyse(fold, &words.join(" "));
                toks.windows(p.len().max(1)).any(|w| w == p.as_slice())
            }
            query::Clause::Filter { .. } => true,
        });
        any != c.negated
    })
}
