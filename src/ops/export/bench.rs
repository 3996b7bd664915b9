//! `gloss bench export`: times exporting N generated excerpts to CSV and
//! XLSX (and CSV pseudonymised), from a temporary project built for it:
//! 100 documents of speaker turns with participants and attributes, one
//! coding per turn over ten codes. Figures go to the README.

use super::{export, ContextSpec, ExportRequest};
use crate::core::history::Change;
use crate::formats::export::ExportFormat;
use crate::ops;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const DOCS: usize = 100;

const PHRASES: [&str; 5] = [
    "on commence à laver les pierres avant le lever du soleil, et Amani vient avec nous",
    "the school fees are paid after the sale, when the buyer comes to Kolwezi",
    "=SUM(A1) non, ça ce n'est pas vrai, Mama Neema exagère un peu",
    "we do not have another choice, the fields are too far and the rain did not come",
    "à la barrière il faut payer, sinon on ne passe pas avec le sac de Furaha",
];

fn build(dir: &Path, n: usize, say: &mut dyn FnMut(&str)) -> ops::Result<std::path::PathBuf> {
    let path = dir.join("bench.gloss");
    let mut store = ops::project::init(&path, "bench")?;
    let turns = n.div_ceil(DOCS);
    let mut files = Vec::new();
    for d in 0..DOCS {
        // A header of its own, or the import would skip it as a duplicate.
        let mut s = String::with_capacity(turns * 120);
        let _ = writeln!(s, "Entretien {d} (généré)\n");
        for t in 0..turns {
            let secs = t * 9;
            let _ = writeln!(
                s,
                "[{:02}:{:02}:{:02}] P{}: {}\n",
                secs / 3600,
                secs / 60 % 60,
                secs % 60,
                t % 4 + 1,
                PHRASES[(t + d) % PHRASES.len()]
            );
        }
        let f = dir.join(format!("doc{d:03}.txt"));
        std::fs::write(&f, s).map_err(|e| ops::Error::file(&f, e.to_string()))?;
        files.push(f);
    }
    say("importing the generated transcripts");
    ops::import::import_files(&mut store, &files, &Default::default(), &mut |_, _, _| {})?;
    let mut yaml = String::from("name: bench\ncodes:\n");
    for c in 0..10 {
        let _ = writeln!(
            yaml,
            "  - name: Code {c}\n    definition: Definition of code {c}."
        );
    }
    ops::codebook::import_yaml(&mut store, Path::new("bench.yaml"), yaml.as_bytes())?;
    let codes = ops::codebook::list(&store)?;
    let mut batch = Vec::with_capacity(n);
    for (di, doc) in ops::documents::list(&store)?.iter().enumerate() {
        for p in 1..=4 {
            let pairs = [
                format!("role={}", ["miner", "trader", "washer", "teacher"][p - 1]),
                format!("site={}", ["Kolwezi", "Kasulo", "Kanina"][(di + p) % 3]),
            ];
            ops::participants::set(&mut store, &doc.id.0, &format!("P{p}"), &pairs)?;
        }
        let loaded = ops::documents::load(&store, &doc.id)?;
        for (i, seg) in loaded.segments.iter().enumerate() {
            if batch.len() >= n {
                break;
            }
            let code = &codes[(i + di) % codes.len()].id;
            let mut c = ops::coding::new_coding(&doc.id, code, "bench", seg.range);
            if i % 10 == 0 {
                c.memo = Some("a memo about Amani".into());
            }
            batch.push(Change::AddCoding(c));
        }
    }
    say(&format!("storing {} codings", batch.len()));
    ops::edit::apply(&mut store, &Change::Batch(batch))?;
    Ok(path)
}

/// Builds the project, runs the exports, returns the report.
pub fn run(n: usize, say: &mut dyn FnMut(&str)) -> ops::Result<String> {
    let dir = std::env::temp_dir().join(format!("gloss-bench-export-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).map_err(|e| ops::Error::file(&dir, e.to_string()))?;
    let result = (|| {
        let t = Instant::now();
        let path = build(&dir, n, say)?;
        let build_ms = t.elapsed().as_millis();
        let store = ops::project::open_plain(&path, None)?;
        let map = dir.join("map.csv");
        std::fs::write(
            &map,
            "Amani,[P01]\nMama Neema,[P02]\nNeema,[P02]\nKolwezi,[SITE-1]\nFuraha,[P03]\n",
        )
        .map_err(|e| ops::Error::file(&map, e.to_string()))?;
        let mut out = format!(
            "export bench: {n} excerpts in {DOCS} documents (project built in {build_ms} ms)\n"
        );
        let t = Instant::now();
        let records = super::collect(
            &store,
            &Default::default(),
            ContextSpec::default(),
            &mut |_| {},
        )?;
        let _ = writeln!(
            out,
            "  collect records (query, turns, attributes, context 200): {} ms",
            t.elapsed().as_millis()
        );
        drop(records);
        for (label, format, pseudo) in [
            ("CSV", ExportFormat::Csv, false),
            ("XLSX", ExportFormat::Xlsx, false),
            ("CSV pseudonymised", ExportFormat::Csv, true),
        ] {
            say(&format!("exporting {label}"));
            let file = dir.join(format!("out-{}.{}", pseudo as u8, format.extension()));
            let mut req = ExportRequest::new(format, file.clone());
            if pseudo {
                req.map = Some(map.clone());
            }
            let t = Instant::now();
            let s = export(&store, &req, &mut |_| {})?;
            let ms = t.elapsed().as_millis();
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            let _ = writeln!(
                out,
                "  {label:<18} {} excerpts: {ms} ms total (collect + write{}), {:.1} MB",
                s.excerpts,
                if pseudo { " + check" } else { "" },
                size as f64 / 1e6
            );
        }
        Ok(out)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
