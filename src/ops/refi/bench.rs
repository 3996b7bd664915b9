//! `gloss bench refi`: times `refi export` and `refi import` of a generated
//! project (200 documents of speaker turns, 5,000 codings by three coders
//! over a two-level codebook, memos, participants with attributes) into a
//! fresh project, and reading `.qdc` and `project.qde` files padded with
//! 100,000 XML comments (issue 11, items 24 and 25). Figures go to the
//! README.

use crate::core::history::Change;
use crate::formats::refi::positions::Unit;
use crate::ops;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

const CODERS: [&str; 3] = ["amani", "neema", "rose"];

const PHRASES: [&str; 5] = [
    "on commence à laver les pierres avant le lever du soleil, et Amani vient avec nous",
    "the school fees are paid after the sale, when the buyer comes to Kolwezi",
    "non, ça ce n'est pas vrai, Mama Neema exagère un peu 🙂",
    "we do not have another choice, the fields are too far and the rain did not come",
    "à la barrière il faut payer, sinon on ne passe pas avec le sac de Furaha",
];

fn io(path: &Path) -> impl Fn(std::io::Error) -> ops::Error + '_ {
    move |e| ops::Error::file(path, e.to_string())
}

/// The generated project: `documents` transcripts and `codings` codings.
fn build(
    dir: &Path,
    documents: usize,
    codings: usize,
    say: &mut dyn FnMut(&str),
) -> ops::Result<PathBuf> {
    let path = dir.join("bench.gloss");
    let mut store = ops::project::init(&path, CODERS[0])?;
    let documents = documents.max(1);
    let per_doc = codings.div_ceil(documents);
    // A turn per coding, and a few uncoded.
    let turns = per_doc + 5;
    let mut files = Vec::with_capacity(documents);
    for d in 0..documents {
        let mut s = String::with_capacity(turns * 110);
        // A header of its own, or the import would skip it as a duplicate.
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
        std::fs::write(&f, s).map_err(io(&f))?;
        files.push(f);
    }
    say(&format!("importing {documents} generated transcripts"));
    ops::import::import_files(&mut store, &files, &Default::default(), &mut |_, _, _| {})?;
    let mut yaml = String::from("name: bench\ncodes:\n");
    for p in 0..4 {
        let _ = writeln!(
            yaml,
            "  - name: Theme {p}\n    definition: Definition of theme {p}.\n    when_to_use: When theme {p} comes up.\n    children:"
        );
        for c in 0..4 {
            let _ = writeln!(
                yaml,
                "      - name: Code {p}.{c}\n        example: an example"
            );
        }
    }
    ops::codebook::import_yaml(&mut store, Path::new("bench.yaml"), yaml.as_bytes())?;
    let codes = ops::codebook::list(&store)?;
    let mut batch = Vec::with_capacity(codings);
    for (di, doc) in ops::documents::list(&store)?.iter().enumerate() {
        for p in 1..=4 {
            let pairs = [
                format!("role={}", ["miner", "trader", "washer", "teacher"][p - 1]),
                format!("site={}", ["Kolwezi", "Kasulo", "Kanina"][(di + p) % 3]),
            ];
            ops::participants::set(&mut store, &doc.id.0, &format!("P{p}"), &pairs)?;
        }
        let loaded = ops::documents::load(&store, &doc.id)?;
        for (i, seg) in loaded.segments.iter().take(per_doc).enumerate() {
            if batch.len() >= codings {
                break;
            }
            let code = &codes[(i + di) % codes.len()].id;
            let coder = CODERS[(i + di) % CODERS.len()];
            let mut c = ops::coding::new_coding(&doc.id, code, coder, seg.range);
            if i % 10 == 0 {
                c.memo = Some(format!("a memo about turn {i}"));
            }
            batch.push(Change::AddCoding(c));
        }
    }
    say(&format!("storing {} codings", batch.len()));
    ops::edit::apply(&mut store, &Change::Batch(batch))?;
    store.close()?;
    Ok(path)
}

/// `n` XML comments, a line each.
fn comments(n: usize) -> String {
    let mut s = String::with_capacity(n * 12);
    for i in 0..n {
        let _ = writeln!(s, "<!-- c {i} -->");
    }
    s
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Builds the project, times export, import (twice) and the padded XML
/// files; returns the report.
pub fn run(
    dir: &Path,
    documents: usize,
    codings: usize,
    comment_count: usize,
    say: &mut dyn FnMut(&str),
) -> ops::Result<String> {
    let t = Instant::now();
    let src = build(dir, documents, codings, say)?;
    let build_ms = t.elapsed().as_millis();
    let mut out = String::new();

    say("exporting");
    let qdpx = dir.join("bench.qdpx");
    let store = ops::project::open_plain(&src, None)?;
    let t = Instant::now();
    let ex = ops::refi::export(&store, &qdpx, Unit::CodePoints, false)?;
    let export_ms = t.elapsed().as_millis();
    drop(store);
    let size = std::fs::metadata(&qdpx).map(|m| m.len()).unwrap_or(0);
    let _ = writeln!(
        out,
        "refi bench: {} documents, {} codings by {} coders, {} codes, {} memos (project built in {build_ms} ms)",
        ex.documents, ex.codings, ex.coders, ex.codes, ex.notes
    );
    let _ = writeln!(
        out,
        "  refi export:                     {export_ms:>6} ms  ({:.1} MB .qdpx)",
        mb(size as usize)
    );

    say("importing into a fresh project");
    let dst = dir.join("fresh.gloss");
    let mut store = ops::project::init(&dst, "lead")?;
    let t = Instant::now();
    let r = ops::refi::import(&mut store, &qdpx, Default::default())?;
    let import_ms = t.elapsed().as_millis();
    let _ = writeln!(
        out,
        "  refi import into a fresh project:{import_ms:>6} ms  ({} documents, {} codings added, {} coders)",
        r.documents_added.len(),
        r.codings_added,
        r.coders.len()
    );
    let t = Instant::now();
    let again = ops::refi::import(&mut store, &qdpx, Default::default())?;
    let again_ms = t.elapsed().as_millis();
    let _ = writeln!(
        out,
        "  the same import again:           {again_ms:>6} ms  ({} codings added, {} already here)",
        again.codings_added, again.codings_already_present
    );

    say(&format!(
        "reading files padded with {comment_count} XML comments"
    ));
    let mut qdc = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n",
    );
    qdc.push_str(&comments(comment_count));
    qdc.push_str("<Code guid=\"2ce89c66-c28d-473b-b5c4-6cf87d20ef04\" name=\"After the comments\" isCodable=\"true\"/>\n</Codes>\n</CodeBook>\n");
    let qdc_path = dir.join("comments.qdc");
    std::fs::write(&qdc_path, &qdc).map_err(io(&qdc_path))?;
    let t = Instant::now();
    ops::codebook::import_file(&mut store, &qdc_path)?;
    let qdc_ms = t.elapsed().as_millis();
    let _ = writeln!(
        out,
        "  codebook import, .qdc with {comment_count} comments ({:.1} MB): {qdc_ms} ms",
        mb(qdc.len())
    );

    let mut qde = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"comments\">\n",
    );
    qde.push_str(&comments(comment_count));
    qde.push_str("<Sources><TextSource guid=\"11111111-1111-4111-8111-111111111111\" name=\"padded\" plainTextPath=\"internal://t.txt\"/></Sources>\n</Project>\n");
    let qde_path = dir.join("comments.qdpx");
    let zip = crate::formats::refi::archive::write(
        &qde,
        &[("t.txt".to_string(), b"A short text.".to_vec())],
    )
    .map_err(|e| ops::Error::file(&qde_path, e))?;
    std::fs::File::create(&qde_path)
        .and_then(|mut f| f.write_all(&zip))
        .map_err(io(&qde_path))?;
    let t = Instant::now();
    ops::refi::import(&mut store, &qde_path, Default::default())?;
    let qde_ms = t.elapsed().as_millis();
    let _ = writeln!(
        out,
        "  refi import, project.qde with {comment_count} comments ({:.1} MB): {qde_ms} ms",
        mb(qde.len())
    );
    store.close()?;
    Ok(out)
}
