//! The disagreement queue (each maximal passage where the coders differ for
//! a code) and settling it into the `consensus` coder, as undoable changes.

use super::{load, sa, Unit, CONSENSUS};
use crate::core::agreement as ag;
use crate::core::history::Change;
use crate::core::{CharRange, CodeId, DocumentId};
use crate::store::Store;
use std::collections::HashMap;

/// A maximal coded passage (a run of characters at least one coder coded)
/// of one code in one document where the coders do not all agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub document: DocumentId,
    pub document_name: String,
    pub code: CodeId,
    pub code_path: String,
    /// The whole passage.
    pub range: CharRange,
    /// Each coder's coded parts inside the passage (coder list order).
    pub per_coder: Vec<Vec<CharRange>>,
    /// Where every coder coded, inside the passage.
    pub all_coded: Vec<CharRange>,
    /// Whether `consensus` already holds a decision for this passage.
    pub settled: bool,
}

/// How to settle a disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    /// Keep what the coder at this index of the coder list coded.
    Keep(usize),
    /// Everything any coder coded.
    Union,
    /// Only what every coder coded.
    Intersection,
    /// Nothing is coded.
    Nothing,
}

/// The queue: every passage of the chosen codes where the coders differ,
/// plus (`agreed`) the passages where they all coded exactly the same.
pub struct Queue {
    pub coders: Vec<String>,
    pub disagreements: Vec<Disagreement>,
    /// Fully agreed passages not yet in `consensus`.
    pub agreed_unsettled: Vec<(DocumentId, CodeId, CharRange)>,
    /// Fully agreed passages, in `consensus` already or not.
    pub agreed: usize,
}

impl Queue {
    pub fn settled(&self) -> usize {
        self.disagreements.iter().filter(|d| d.settled).count()
    }
}

/// Builds the disagreement queue for `coders` (default as in [`report`]).
pub fn disagreements(
    store: &Store,
    coders: Option<&[String]>,
    codes: Option<&[String]>,
) -> crate::ops::Result<Queue> {
    let mut notes = Vec::new();
    let l = load(store, coders, codes, Unit::Char, &mut notes)?;
    // The consensus coder's codings, per (document, code).
    let mut consensus: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
    let consensus_id = sa::coders(store.conn())?
        .into_iter()
        .find(|(_, n)| n == CONSENSUS)
        .map(|(id, _)| id);
    sa::for_each_span(store.conn(), |doc, code, coder, s, e| {
        if Some(coder) == consensus_id {
            consensus
                .entry((doc.to_string(), code.to_string()))
                .or_default()
                .push((s, e));
        }
    })?;
    let m = l.coders.len();
    let full: u128 = if m == 128 {
        u128::MAX
    } else {
        (1u128 << m) - 1
    };
    let mut out = Vec::new();
    let mut agreed_unsettled = Vec::new();
    let mut agreed = 0;
    for (d, doc) in l.docs.iter().enumerate() {
        for (k, (code, path)) in l.codes.iter().enumerate() {
            if l.spans[d * l.codes.len() + k].is_empty() {
                continue;
            }
            let per = l.per_coder(d, k);
            let stretches = ag::stretches(&per, doc.chars);
            let cons = consensus.get(&(doc.id.0.clone(), code.0.clone()));
            let mut i = 0;
            while i < stretches.len() {
                if stretches[i].2 == 0 {
                    i += 1;
                    continue;
                }
                let start = stretches[i].0;
                let mut j = i;
                let mut differ = false;
                while j < stretches.len() && stretches[j].2 != 0 {
                    differ |= stretches[j].2 != full;
                    j += 1;
                }
                let end = stretches[j - 1].1;
                let settled = cons.is_some_and(|c| {
                    c.iter()
                        .any(|&(s, e)| (s < end && start < e) || (s == e && start <= s && s <= end))
                });
                let range = CharRange::new(start, end);
                if differ {
                    let per_coder = (0..m)
                        .map(|c| {
                            stretches[i..j]
                                .iter()
                                .filter(|s| s.2 >> c & 1 == 1)
                                .map(|s| CharRange::new(s.0, s.1))
                                .fold(Vec::new(), merge_adjacent)
                        })
                        .collect();
                    let all_coded = stretches[i..j]
                        .iter()
                        .filter(|s| s.2 == full)
                        .map(|s| CharRange::new(s.0, s.1))
                        .fold(Vec::new(), merge_adjacent);
                    out.push(Disagreement {
                        document: doc.id.clone(),
                        document_name: doc.name.clone(),
                        code: code.clone(),
                        code_path: path.clone(),
                        range,
                        per_coder,
                        all_coded,
                        settled,
                    });
                } else {
                    agreed += 1;
                    if !settled {
                        agreed_unsettled.push((doc.id.clone(), code.clone(), range));
                    }
                }
                i = j;
            }
        }
    }
    Ok(Queue {
        coders: l.coders,
        disagreements: out,
        agreed_unsettled,
        agreed,
    })
}

/// For each coder of `coders` (list order), the other codes (paths, sorted)
/// the coder applied to some of `d`'s passage: what they may have coded it
/// as instead.
pub fn other_codes(
    store: &Store,
    d: &Disagreement,
    coders: &[String],
) -> crate::ops::Result<Vec<Vec<String>>> {
    let book = crate::ops::codebook::load(store)?;
    let mut out = vec![Vec::new(); coders.len()];
    for c in crate::ops::coding::of_document(store, &d.document)? {
        if c.code == d.code || c.range.is_empty() || !c.range.overlaps(&d.range) {
            continue;
        }
        let (Some(i), Some(path)) = (
            coders.iter().position(|x| *x == c.coder),
            book.path(&c.code),
        ) else {
            continue;
        };
        if !out[i].iter().any(|p| p == path) {
            out[i].push(path.to_string());
        }
    }
    for v in &mut out {
        v.sort();
    }
    Ok(out)
}

/// Every coder with at least one coding, with how many (name order),
/// `consensus` included: whom the agreement screen can compare.
pub fn coders_with_codings(store: &Store) -> crate::ops::Result<Vec<(String, usize)>> {
    let all = sa::coders(store.conn())?;
    let mut n = vec![0usize; all.len()];
    let pos: HashMap<i64, usize> = all
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    sa::for_each_span(store.conn(), |_, _, coder, _, _| {
        if let Some(&i) = pos.get(&coder) {
            n[i] += 1;
        }
    })?;
    let mut out: Vec<(String, usize)> = all
        .into_iter()
        .zip(n)
        .filter(|(_, k)| *k > 0)
        .map(|((_, name), k)| (name, k))
        .collect();
    out.sort();
    Ok(out)
}

fn merge_adjacent(mut v: Vec<CharRange>, r: CharRange) -> Vec<CharRange> {
    match v.last_mut() {
        Some(last) if last.end == r.start => last.end = r.end,
        _ => v.push(r),
    }
    v
}

/// The change that settles `d`: the decision written as codings of
/// `consensus` (replacing an earlier decision for the same passage). "None"
/// is recorded as a zero-length coding, which covers no unit, so the
/// decision is kept and counted as settled. One undoable `Change::Batch`.
pub fn settle_change(
    store: &Store,
    d: &Disagreement,
    coders: &[String],
    how: Settle,
) -> crate::ops::Result<Change> {
    let (ranges, label): (Vec<CharRange>, String) = match how {
        Settle::Keep(i) => {
            let name = coders.get(i).ok_or_else(|| {
                crate::ops::Error::Invalid(format!("there is no coder {} here", i + 1))
            })?;
            let r = d.per_coder.get(i).cloned().unwrap_or_default();
            (r, format!("keep {name}"))
        }
        Settle::Union => (vec![d.range], "union".into()),
        Settle::Intersection => (d.all_coded.clone(), "intersection".into()),
        Settle::Nothing => (Vec::new(), "none".into()),
    };
    let mut batch = Vec::new();
    let existing = crate::ops::coding::list(
        store,
        &crate::ops::coding::CodingFilter {
            document: Some(d.document.clone()),
            codes: Some(vec![d.code.clone()]),
            coder: Some(CONSENSUS.into()),
        },
    )?;
    for c in existing {
        let (s, e) = (c.range.start, c.range.end);
        if (s < d.range.end && d.range.start < e)
            || (s == e && d.range.start <= s && s <= d.range.end)
        {
            batch.push(Change::RemoveCoding(c));
        }
    }
    let memo = format!("settled: {label}");
    let ranges = if ranges.is_empty() {
        vec![CharRange::new(d.range.start, d.range.start)]
    } else {
        ranges
    };
    for r in ranges {
        let mut c = crate::ops::coding::new_coding(&d.document, &d.code, CONSENSUS, r);
        c.memo = Some(memo.clone());
        batch.push(Change::AddCoding(c));
    }
    Ok(Change::Batch(batch))
}

/// The change that copies every fully agreed passage into `consensus`.
pub fn accept_agreed_change(queue: &Queue) -> Change {
    Change::Batch(
        queue
            .agreed_unsettled
            .iter()
            .map(|(doc, code, r)| {
                let mut c = crate::ops::coding::new_coding(doc, code, CONSENSUS, *r);
                c.memo = Some("settled: agreed".into());
                Change::AddCoding(c)
            })
            .collect(),
    )
}
