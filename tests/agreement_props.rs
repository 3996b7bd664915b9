//! The whole JSON report against a brute-force computation: random
//! projects (Unicode texts, overlapping and duplicate codings, codes nobody
//! applied), every figure of every block recomputed from one flag per
//! character with the textbook formulas.

use gloss::core::history::Change;
use gloss::core::CharRange;
use gloss::ops;
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

const CODEBOOK: &str = "name: t\ncodes:\n  - name: K0\n  - name: K1\n  - name: K2\n";
const CODERS: [&str; 3] = ["amani", "neema", "zuri"];

/// Textbook figures of m flag vectors over the same units.
struct Brute {
    n: usize,
    pa: Option<f64>,
    fleiss: Option<f64>,
    alpha: Option<f64>,
    /// (both, only_first, only_second, neither, cohen)
    pairs: Vec<(usize, usize, usize, usize, Option<f64>)>,
}

fn brute(v: &[Vec<bool>]) -> Brute {
    let m = v.len();
    let n = v[0].len();
    let nf = n as f64;
    let mf = m as f64;
    let js: Vec<usize> = (0..n).map(|u| v.iter().filter(|x| x[u]).count()).collect();
    let mut pairs = Vec::new();
    for a in 0..m {
        for b in a + 1..m {
            let c = |x: bool, y: bool| (0..n).filter(|&u| v[a][u] == x && v[b][u] == y).count();
            let (both, of, os, ne) = (
                c(true, true),
                c(true, false),
                c(false, true),
                c(false, false),
            );
            let kappa = (n > 0)
                .then(|| {
                    let po = (both + ne) as f64 / nf;
                    let (ra, rb) = ((both + of) as f64 / nf, (both + os) as f64 / nf);
                    let pe = ra * rb + (1.0 - ra) * (1.0 - rb);
                    ((1.0 - pe).abs() > 1e-12).then(|| (po - pe) / (1.0 - pe))
                })
                .flatten();
            pairs.push((both, of, os, ne, kappa));
        }
    }
    if n == 0 {
        return Brute {
            n,
            pa: None,
            fleiss: None,
            alpha: None,
            pairs,
        };
    }
    let pa = js.iter().filter(|&&j| j == 0 || j == m).count() as f64 / nf;
    let n1: f64 = js.iter().sum::<usize>() as f64;
    let n0 = nf * mf - n1;
    let (fleiss, alpha) = if n0 == 0.0 || n1 == 0.0 {
        (None, None)
    } else {
        let pbar = js
            .iter()
            .map(|&j| {
                let (a, b) = (j as f64, (m - j) as f64);
                (a * (a - 1.0) + b * (b - 1.0)) / (mf * (mf - 1.0))
            })
            .sum::<f64>()
            / nf;
        let p1 = n1 / (nf * mf);
        let pe = p1 * p1 + (1.0 - p1) * (1.0 - p1);
        let o01: f64 = js.iter().map(|&j| (j * (m - j)) as f64 / (mf - 1.0)).sum();
        (
            Some((pbar - pe) / (1.0 - pe)),
            Some(1.0 - (nf * mf - 1.0) * o01 / (n0 * n1)),
        )
    };
    Brute {
        n,
        pa: Some(pa),
        fleiss,
        alpha,
        pairs,
    }
}

fn same(json: &Value, want: Option<f64>) -> bool {
    match (json.as_f64(), want) {
        (None, None) => json.is_null(),
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => false,
    }
}

fn check_block(b: &Value, want: &Brute, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(b["n_units"].as_u64(), Some(want.n as u64), "{}", what);
    prop_assert!(same(&b["percent_agreement"], want.pa), "{} pa {}", what, b);
    prop_assert!(
        same(&b["fleiss_kappa"], want.fleiss),
        "{} fleiss {}",
        what,
        b
    );
    prop_assert!(
        same(&b["krippendorff_alpha"], want.alpha),
        "{} alpha {}",
        what,
        b
    );
    for (p, w) in b["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .zip(&want.pairs)
    {
        prop_assert_eq!(p["both"].as_u64(), Some(w.0 as u64), "{}", what);
        prop_assert_eq!(p["only_first"].as_u64(), Some(w.1 as u64), "{}", what);
        prop_assert_eq!(p["only_second"].as_u64(), Some(w.2 as u64), "{}", what);
        prop_assert_eq!(p["neither"].as_u64(), Some(w.3 as u64), "{}", what);
        prop_assert!(same(&p["cohen_kappa"], w.4), "{} kappa {}", what, p);
    }
    Ok(())
}

fn mean(v: &[Option<f64>]) -> (Option<f64>, usize) {
    let d: Vec<f64> = v.iter().flatten().copied().collect();
    (
        (!d.is_empty()).then(|| d.iter().sum::<f64>() / d.len() as f64),
        d.len(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn report_json_matches_brute_force(
        texts in proptest::collection::vec("[a-zA-Zé漢🙂ß .,]{0,40}", 1..4),
        raw in proptest::collection::vec((0usize..4, 0usize..3, 0usize..3, 0usize..70, 0usize..25), 0..25),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.gloss");
        let mut store = ops::project::init(&path, "amani").expect("init");
        let mut files = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let f = dir.path().join(format!("d{i}.txt"));
            std::fs::write(&f, format!("doc {i}: {t}")).expect("write");
            files.push(f);
        }
        let opts = ops::import::ImportOptions {
            format: gloss::formats::FormatChoice::Fixed(gloss::core::SourceFormat::Plain),
            ..Default::default()
        };
        ops::import::import_files(&mut store, &files, &opts, &mut |_, _, _| {}).expect("import");
        ops::codebook::import_yaml(&mut store, Path::new("cb.yaml"), CODEBOOK.as_bytes()).expect("cb");
        let docs = ops::documents::list(&store).expect("docs");
        let codes = ops::codebook::list(&store).expect("codes");
        let texts: Vec<String> = docs
            .iter()
            .map(|d| ops::documents::load(&store, &d.id).expect("load").document.text)
            .collect();
        // flags[doc][code][coder][char]
        let mut flags: Vec<Vec<Vec<Vec<bool>>>> = texts
            .iter()
            .map(|t| vec![vec![vec![false; t.chars().count()]; 3]; 3])
            .collect();
        let mut batch = Vec::new();
        for (d, k, c, s, l) in raw {
            let d = d % docs.len();
            let len = flags[d][0][0].len();
            let s = s.min(len);
            let e = (s + l).min(len);
            flags[d][k][c][s..e].fill(true);
            let coding = ops::coding::new_coding(&docs[d].id, &codes[k].id, CODERS[c], CharRange::new(s, e));
            batch.push(Change::AddCoding(coding));
        }
        // Every coder has at least one coding (possibly zero-length).
        for c in CODERS {
            batch.push(Change::AddCoding(ops::coding::new_coding(&docs[0].id, &codes[2].id, c, CharRange::new(0, 0))));
        }
        // Identical codings are stored once (issue 10); the union of a
        // coder's codings, and so every figure, is the same.
        let (batch, _) = ops::edit::drop_present(&store, Change::Batch(batch)).expect("dedupe");
        ops::edit::apply(&mut store, &batch.expect("some codings")).expect("codings");
        let report = ops::agreement::report(&store, None, None, Default::default()).expect("report");
        let v: Value = serde_json::to_value(&report).expect("json");
        prop_assert_eq!(&v["coders"], &serde_json::json!(CODERS));
        let mut pooled: Vec<Vec<bool>> = vec![Vec::new(); 3];
        let (mut pa, mut fk, mut ka) = (Vec::new(), Vec::new(), Vec::new());
        // Per pair: percent agreement, kappa, weighted kappa of each code.
        let mut pair_means: Vec<[Vec<Option<f64>>; 3]> = vec![Default::default(); 3];
        for (k, code) in codes.iter().enumerate() {
            let block = &v["per_code"][&code.name];
            let mut all: Vec<Vec<bool>> = vec![Vec::new(); 3];
            let mut weighted = [(0.0f64, 0usize); 3];
            for (d, doc) in docs.iter().enumerate() {
                let want = brute(&flags[d][k]);
                let b = &block["per_document"][&doc.name];
                check_block(b, &want, &format!("{} in {}", code.name, doc.name))?;
                for (i, (p, w)) in b["pairs"].as_array().expect("pairs").iter().zip(&want.pairs).enumerate() {
                    let nv = (want.n > 0).then(|| w.4.unwrap_or(1.0));
                    prop_assert!(same(&p["cohen_kappa_nvivo"], nv), "nvivo {}", p);
                    if let Some(x) = nv {
                        weighted[i].0 += want.n as f64 * x;
                        weighted[i].1 += want.n;
                    }
                }
                for c in 0..3 {
                    all[c].extend(&flags[d][k][c]);
                }
            }
            let want = brute(&all);
            check_block(block, &want, &code.name)?;
            for (i, p) in block["pairs"].as_array().expect("pairs").iter().enumerate() {
                let w = (weighted[i].1 > 0).then(|| weighted[i].0 / weighted[i].1 as f64);
                prop_assert!(same(&p["nvivo_weighted_kappa"], w), "weighted {}", p);
                let (both, _, _, neither, kappa) = want.pairs[i];
                pair_means[i][0]
                    .push((want.n > 0).then(|| (both + neither) as f64 / want.n as f64));
                pair_means[i][1].push(kappa);
                pair_means[i][2].push(w);
            }
            pa.push(want.pa);
            fk.push(want.fleiss);
            ka.push(want.alpha);
            for c in 0..3 {
                pooled[c].extend(&all[c]);
            }
        }
        check_block(&v["overall"]["pooled"], &brute(&pooled), "pooled")?;
        let mm = &v["overall"]["macro_mean"];
        for (key, vals) in [("percent_agreement", &pa), ("fleiss_kappa", &fk), ("krippendorff_alpha", &ka)] {
            let (m, n) = mean(vals);
            prop_assert!(same(&mm[key], m), "macro {} {}", key, mm);
            prop_assert_eq!(mm["defined_counts"][key].as_u64(), Some(n as u64));
        }
        for (i, p) in mm["pairs"].as_array().expect("pairs").iter().enumerate() {
            for (key, vals) in [
                ("percent_agreement", &pair_means[i][0]),
                ("cohen_kappa", &pair_means[i][1]),
                ("nvivo_weighted_kappa", &pair_means[i][2]),
            ] {
                let (m, n) = mean(vals);
                prop_assert!(same(&p[key], m), "macro pair {} {}", key, p);
                prop_assert_eq!(p["defined_counts"][key].as_u64(), Some(n as u64));
            }
        }
    }
}
