//! Inter-coder agreement over a project: the report (per code, per code and
//! document, pooled, macro mean) that `gloss agreement` prints and the TUI
//! shows, the disagreement queue, and the changes that settle a
//! disagreement into the `consensus` coder. Statistics come from
//! `core::agreement`; reads from `store::agreement`.

use crate::core::agreement::{self as ag, Counts};
use crate::core::CodeId;
use crate::store::{agreement as sa, Store};
pub mod bench;
mod settle;
pub mod table;

pub use settle::{
    accept_agreed_change, coders_with_codings, disagreements, other_codes, settle_change,
    Disagreement, Queue, Settle,
};

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// FNV-1a: ids are UUID strings from our own file, not attacker-chosen
/// keys, and SipHash was a visible share of reading 40,000 codings.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The coder that settled disagreements are written as.
pub const CONSENSUS: &str = "consensus";

/// What one unit of agreement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// A character (Unicode scalar value).
    #[default]
    Char,
    /// A speaker turn, coded when any of its characters is.
    Turn,
}

/// The coders' names, shared by every block of a report (a report has
/// thousands of blocks; cloning names into each would dominate its cost).
pub type Names = std::sync::Arc<[String]>;

/// Units per coder; serialises as `{"<coder>": n}` (coders in name order).
#[derive(Debug, Clone)]
pub struct Coverage {
    pub names: Names,
    pub counts: Vec<i128>,
}

impl Coverage {
    pub fn get(&self, coder: &str) -> Option<i128> {
        self.names
            .iter()
            .position(|n| n == coder)
            .map(|i| self.counts[i])
    }
}

impl Serialize for Coverage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by(|a, b| self.names[*a].cmp(&self.names[*b]));
        let mut map = s.serialize_map(Some(order.len()))?;
        for i in order {
            map.serialize_entry(&self.names[i], &self.counts[i])?;
        }
        map.end()
    }
}

/// Two coders of the list; serialises as `["a", "b"]`.
#[derive(Debug, Clone)]
pub struct CoderPair {
    pub names: Names,
    pub first: usize,
    pub second: usize,
}

impl CoderPair {
    pub fn first(&self) -> &str {
        &self.names[self.first]
    }
    pub fn second(&self) -> &str {
        &self.names[self.second]
    }
}

impl Serialize for CoderPair {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.first(), self.second()].serialize(s)
    }
}

/// One pair's figures. Per code it carries `nvivo_weighted_kappa`, per
/// document `cohen_kappa_nvivo`, pooled neither.
#[derive(Debug, Clone, Serialize)]
pub struct PairBlock {
    pub coders: CoderPair,
    pub both: i128,
    pub only_first: i128,
    pub only_second: i128,
    pub neither: i128,
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nvivo_weighted_kappa: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohen_kappa_nvivo: Option<Option<f64>>,
}

/// The figures of a set of units (a code, a code in a document, pooled).
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub n_units: i128,
    pub coverage: Coverage,
    pub agreement_histogram: Vec<i128>,
    pub percent_agreement: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    pub pairs: Vec<PairBlock>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_document: Option<BTreeMap<String, Block>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefinedCounts {
    pub percent_agreement: usize,
    pub fleiss_kappa: usize,
    pub krippendorff_alpha: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairDefinedCounts {
    pub percent_agreement: usize,
    pub cohen_kappa: usize,
    pub nvivo_weighted_kappa: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MacroPair {
    pub coders: CoderPair,
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
    pub nvivo_weighted_kappa: Option<f64>,
    pub defined_counts: PairDefinedCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct MacroMean {
    pub percent_agreement: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    pub defined_counts: DefinedCounts,
    pub pairs: Vec<MacroPair>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    pub pooled: Block,
    pub macro_mean: MacroMean,
}

/// The whole report; serialises to exactly the JSON of issue 6.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementReport {
    pub coders: Vec<String>,
    /// Code paths (`parent/child`), in codebook order.
    pub codes: Vec<String>,
    /// Units per code: all characters (or turns) of all documents.
    pub n_units: i128,
    pub per_code: BTreeMap<String, Block>,
    pub overall: Overall,
    /// Things the user should know (a named coder with no codings).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// Every coding span of the chosen coders and codes, grouped per
/// (document, code), with the documents' units.
struct Loaded {
    coders: Vec<String>,
    codes: Vec<(CodeId, String)>,
    docs: Vec<sa::DocumentUnits>,
    /// `spans[doc * codes + code]` = (coder index, start, end).
    spans: Vec<Vec<(usize, usize, usize)>>,
    /// Turns per document (only for `Unit::Turn`).
    turns: Vec<Vec<(usize, usize)>>,
}

impl Loaded {
    /// Each coder's union intervals for one document and code.
    fn per_coder(&self, d: usize, k: usize) -> Vec<Vec<(usize, usize)>> {
        let m = self.coders.len();
        let mut per: Vec<Vec<(usize, usize)>> = vec![Vec::new(); m];
        for &(c, s, e) in &self.spans[d * self.codes.len() + k] {
            per[c].push((s, e));
        }
        let len = self.docs[d].chars;
        per.iter_mut().map(|r| ag::union_of(r, len)).collect()
    }

    fn counts(&self, d: usize, k: usize, unit: Unit) -> Counts {
        let m = self.coders.len();
        if self.spans[d * self.codes.len() + k].is_empty() {
            let n = match unit {
                Unit::Char => self.docs[d].chars,
                Unit::Turn => self.turns[d].len(),
            };
            return Counts::uncoded(m, n as i128);
        }
        let per = self.per_coder(d, k);
        match unit {
            Unit::Char => ag::char_counts(&per, self.docs[d].chars),
            Unit::Turn => ag::turn_counts(&per, &self.turns[d]),
        }
    }
}

fn load(
    store: &Store,
    coders: Option<&[String]>,
    codes_arg: Option<&[String]>,
    unit: Unit,
    notes: &mut Vec<String>,
) -> super::Result<Loaded> {
    let conn = store.conn();
    let book = super::codebook::load(store)?;
    let codes: Vec<(CodeId, String)> = match codes_arg {
        Some(keys) if !keys.is_empty() => {
            let mut out: Vec<(CodeId, String)> = Vec::new();
            for k in keys {
                let id = super::coding::resolve_in(&book, k)?;
                if !out.iter().any(|(x, _)| *x == id) {
                    let p = book.path(&id).unwrap_or_default().to_string();
                    out.push((id, p));
                }
            }
            out
        }
        _ => (0..book.len())
            .map(|i| (book.codes()[i].id.clone(), book.path_at(i).to_string()))
            .collect(),
    };
    let docs = sa::documents(conn)?;
    let doc_ix: FastMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.as_str(), i))
        .collect();
    let code_ix: FastMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.0.as_str(), i))
        .collect();
    // One scan of the codings: the spans of the chosen codes, and which
    // coders have codings at all.
    let all_coders = sa::coders(conn)?;
    let coder_pos: HashMap<i64, usize> = all_coders
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut has_codings = vec![false; all_coders.len()];
    let mut raw: Vec<(u32, u32, u32, usize, usize)> = Vec::new();
    // Codings of a document tend to be stored together: remember the last
    // lookups instead of hashing every id again.
    let mut last_doc: (String, Option<usize>) = (String::new(), None);
    let mut last_code: (String, Option<usize>) = (String::new(), None);
    sa::for_each_span(conn, |doc, code, coder, s, e| {
        let Some(&c) = coder_pos.get(&coder) else {
            return;
        };
        has_codings[c] = true;
        if last_doc.0 != doc {
            last_doc = (doc.to_string(), doc_ix.get(doc).copied());
        }
        if last_code.0 != code {
            last_code = (code.to_string(), code_ix.get(code).copied());
        }
        if let (Some(d), Some(k)) = (last_doc.1, last_code.1) {
            raw.push((d as u32, k as u32, c as u32, s, e));
        }
    })?;
    let with_codings: Vec<String> = all_coders
        .iter()
        .zip(&has_codings)
        .filter(|(_, h)| **h)
        .map(|((_, n), _)| n.clone())
        .collect();
    let coders: Vec<String> = match coders {
        Some(list) => {
            let mut out: Vec<String> = Vec::new();
            for c in list.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                if out.iter().any(|x| x == c) {
                    continue;
                }
                // A name no coder of the project has is a typo, not a coder
                // who coded nothing.
                if c != CONSENSUS && !all_coders.iter().any(|(_, n)| n == c) {
                    return Err(super::Error::Invalid(format!(
                        "--coders: no coder {:?} in this project; its coders: {}",
                        crate::core::sanitize::one_line(c),
                        super::listing(all_coders.iter().map(|(_, n)| n.clone()))
                    )));
                }
                if !with_codings.iter().any(|x| x == c) {
                    notes.push(format!(
                        "coder {:?} has no codings: counted as a coder who coded nothing",
                        crate::core::sanitize::one_line(c)
                    ));
                }
                out.push(c.to_string());
            }
            out
        }
        None => {
            let mut out = with_codings.clone();
            if out.iter().any(|c| c == CONSENSUS) {
                out.retain(|c| c != CONSENSUS);
                notes.push(format!(
                    "coder {CONSENSUS:?} (settled disagreements) left out; name it in --coders to compare against it"
                ));
            }
            out
        }
    };
    if coders.len() < 2 {
        return Err(super::Error::Invalid(format!(
            "agreement needs at least two coders; {} ({})",
            match coders.len() {
                0 => "none has codings".to_string(),
                _ => format!("only {:?}", crate::core::sanitize::one_line(&coders[0])),
            },
            "name them with --coders A,B"
        )));
    }
    if coders.len() > ag::MAX_CODERS {
        return Err(super::Error::Invalid(format!(
            "agreement compares at most {} coders at once",
            ag::MAX_CODERS
        )));
    }
    // Chosen coders by their position in `all_coders`.
    let chosen: HashMap<usize, usize> = coders
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            all_coders
                .iter()
                .position(|(_, n)| n == name)
                .map(|p| (p, i))
        })
        .collect();
    let nk = codes.len();
    let mut spans: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); docs.len() * nk];
    for (d, k, c, s, e) in raw {
        if let Some(&c) = chosen.get(&(c as usize)) {
            spans[d as usize * nk + k as usize].push((c, s, e));
        }
    }
    let mut turns: Vec<Vec<(usize, usize)>> = vec![Vec::new(); docs.len()];
    if unit == Unit::Turn {
        sa::for_each_turn(conn, |doc, s, e| {
            if let Some(&d) = doc_ix.get(doc) {
                turns[d].push((s, e));
            }
        })?;
        for t in &mut turns {
            t.sort_unstable();
        }
    }
    Ok(Loaded {
        coders,
        codes,
        docs,
        spans,
        turns,
    })
}

fn pair_names(coders: &Names) -> Vec<CoderPair> {
    ag::pair_indices(coders.len())
        .into_iter()
        .map(|(first, second)| CoderPair {
            names: coders.clone(),
            first,
            second,
        })
        .collect()
}

fn block(counts: &Counts, coders: &Names, names: &[CoderPair]) -> Block {
    let s = counts.stats();
    Block {
        n_units: counts.n_units,
        coverage: Coverage {
            names: coders.clone(),
            counts: counts.coverage.clone(),
        },
        agreement_histogram: counts.histogram.clone(),
        percent_agreement: s.percent_agreement,
        fleiss_kappa: s.fleiss_kappa,
        krippendorff_alpha: s.krippendorff_alpha,
        pairs: counts
            .pairs
            .iter()
            .zip(&s.pairs)
            .zip(names)
            .map(|((p, ps), n)| PairBlock {
                coders: n.clone(),
                both: p.both,
                only_first: p.only_first,
                only_second: p.only_second,
                neither: p.neither,
                percent_agreement: ps.percent_agreement,
                cohen_kappa: ps.cohen_kappa,
                nvivo_weighted_kappa: None,
                cohen_kappa_nvivo: None,
            })
            .collect(),
        per_document: None,
    }
}

/// Mean of the defined values, with how many there were.
fn mean(values: impl Iterator<Item = Option<f64>>) -> (Option<f64>, usize) {
    let (mut sum, mut n) = (0.0, 0usize);
    for v in values.flatten() {
        sum += v;
        n += 1;
    }
    ((n > 0).then(|| sum / n as f64), n)
}

/// The agreement report. `coders`: default every coder with codings (name
/// order) except `consensus`; `codes`: default every code of the codebook.
pub fn report(
    store: &Store,
    coders: Option<&[String]>,
    codes: Option<&[String]>,
    unit: Unit,
) -> super::Result<AgreementReport> {
    let mut notes = Vec::new();
    let l = load(store, coders, codes, unit, &mut notes)?;
    let m = l.coders.len();
    let coder_names: Names = l.coders.clone().into();
    let names = pair_names(&coder_names);
    let mut per_code = BTreeMap::new();
    let mut pooled = Counts::zero(m);
    for (k, (_, path)) in l.codes.iter().enumerate() {
        let mut total = Counts::zero(m);
        let mut per_document = BTreeMap::new();
        let mut weighted: Vec<(f64, i128)> = vec![(0.0, 0); names.len()];
        for (d, doc) in l.docs.iter().enumerate() {
            let c = l.counts(d, k, unit);
            total.add(&c);
            let mut b = block(&c, &coder_names, &names);
            for (i, p) in b.pairs.iter_mut().enumerate() {
                let kn = ag::cohen_kappa_nvivo(&c.pairs[i], c.n_units);
                if let Some(kv) = kn {
                    weighted[i].0 += c.n_units as f64 * kv;
                    weighted[i].1 += c.n_units;
                }
                p.cohen_kappa_nvivo = Some(kn);
            }
            per_document.insert(doc.name.clone(), b);
        }
        pooled.add(&total);
        let mut b = block(&total, &coder_names, &names);
        for (p, (w, n)) in b.pairs.iter_mut().zip(&weighted) {
            p.nvivo_weighted_kappa = Some((*n > 0).then(|| w / *n as f64));
        }
        b.per_document = Some(per_document);
        per_code.insert(path.clone(), b);
    }
    let code_blocks: Vec<&Block> = per_code.values().collect();
    let (pa, pa_n) = mean(code_blocks.iter().map(|b| b.percent_agreement));
    let (fk, fk_n) = mean(code_blocks.iter().map(|b| b.fleiss_kappa));
    let (ka, ka_n) = mean(code_blocks.iter().map(|b| b.krippendorff_alpha));
    let macro_pairs = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (p, p_n) = mean(code_blocks.iter().map(|b| b.pairs[i].percent_agreement));
            let (c, c_n) = mean(code_blocks.iter().map(|b| b.pairs[i].cohen_kappa));
            let (w, w_n) = mean(
                code_blocks
                    .iter()
                    .map(|b| b.pairs[i].nvivo_weighted_kappa.flatten()),
            );
            MacroPair {
                coders: n.clone(),
                percent_agreement: p,
                cohen_kappa: c,
                nvivo_weighted_kappa: w,
                defined_counts: PairDefinedCounts {
                    percent_agreement: p_n,
                    cohen_kappa: c_n,
                    nvivo_weighted_kappa: w_n,
                },
            }
        })
        .collect();
    let n_units: i128 = match unit {
        Unit::Char => l.docs.iter().map(|d| d.chars as i128).sum(),
        Unit::Turn => l.turns.iter().map(|t| t.len() as i128).sum(),
    };
    Ok(AgreementReport {
        coders: l.coders.clone(),
        codes: l.codes.iter().map(|(_, p)| p.clone()).collect(),
        n_units,
        per_code,
        overall: Overall {
            pooled: block(&pooled, &coder_names, &names),
            macro_mean: MacroMean {
                percent_agreement: pa,
                fleiss_kappa: fk,
                krippendorff_alpha: ka,
                defined_counts: DefinedCounts {
                    percent_agreement: pa_n,
                    fleiss_kappa: fk_n,
                    krippendorff_alpha: ka_n,
                },
                pairs: macro_pairs,
            },
        },
        notes,
    })
}
