//! Inter-coder agreement statistics, exactly as issue 6 defines them.
//!
//! Units are characters (or speaker turns); for one code, a coder coded a
//! unit when the unit lies inside at least one of its codings (union: a
//! duplicate or overlapping coding never counts twice; a zero-length coding
//! covers nothing). Everything is computed from integer counts (`i128`)
//! obtained by sweeping the sorted boundaries of the codings — never from
//! per-character arrays — and divided once at the end. A statistic whose
//! denominator is 0 is `None` (JSON `null`), never NaN, 0 or 1.
//!
//! Pure: no I/O, no SQLite.

use std::collections::HashMap;

/// The most coders one computation can compare (a bit per coder in a mask).
pub const MAX_CODERS: usize = 128;

/// Counts for one pair of coders (a, b), in the order of the coder list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairCounts {
    pub both: i128,
    pub only_first: i128,
    pub only_second: i128,
    pub neither: i128,
}

/// The additive counts of a set of units: sums over documents and codes are
/// counts of the union of their units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Number of coders (m).
    pub m: usize,
    /// Number of units (N).
    pub n_units: i128,
    /// Units each coder coded.
    pub coverage: Vec<i128>,
    /// h_j: units coded by exactly j coders, j = 0..=m.
    pub histogram: Vec<i128>,
    /// Pairs (0,1), (0,2), …, (1,2), … in the order of the coder list.
    pub pairs: Vec<PairCounts>,
}

/// The statistics of one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairStats {
    pub percent_agreement: Option<f64>,
    pub cohen_kappa: Option<f64>,
}

/// The statistics of a set of units.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub percent_agreement: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub krippendorff_alpha: Option<f64>,
    pub pairs: Vec<PairStats>,
}

/// The pairs (a, b), a < b, in list order.
pub fn pair_indices(m: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(m * m.saturating_sub(1) / 2);
    for a in 0..m {
        for b in a + 1..m {
            out.push((a, b));
        }
    }
    out
}

fn ratio(num: i128, den: i128) -> Option<f64> {
    if den == 0 {
        None
    } else {
        Some(num as f64 / den as f64)
    }
}

impl Counts {
    /// No units, `m` coders.
    pub fn zero(m: usize) -> Counts {
        Counts {
            m,
            n_units: 0,
            coverage: vec![0; m],
            histogram: vec![0; m + 1],
            pairs: vec![PairCounts::default(); m * m.saturating_sub(1) / 2],
        }
    }

    /// `n` units nobody coded.
    pub fn uncoded(m: usize, n: i128) -> Counts {
        let mut c = Counts::zero(m);
        c.add_mask(0, n);
        c
    }

    /// Adds `weight` units coded exactly by the coders whose bits are set.
    pub fn add_mask(&mut self, mask: u128, weight: i128) {
        if weight == 0 {
            return;
        }
        self.n_units += weight;
        self.histogram[mask.count_ones() as usize] += weight;
        let mut k = 0;
        for a in 0..self.m {
            let in_a = mask >> a & 1 == 1;
            if in_a {
                self.coverage[a] += weight;
            }
            for b in a + 1..self.m {
                let in_b = mask >> b & 1 == 1;
                let p = &mut self.pairs[k];
                match (in_a, in_b) {
                    (true, true) => p.both += weight,
                    (true, false) => p.only_first += weight,
                    (false, true) => p.only_second += weight,
                    (false, false) => p.neither += weight,
                }
                k += 1;
            }
        }
    }

    /// Adds the counts of other units (another document or code).
    pub fn add(&mut self, other: &Counts) {
        debug_assert_eq!(self.m, other.m);
        self.n_units += other.n_units;
        for (x, y) in self.coverage.iter_mut().zip(&other.coverage) {
            *x += y;
        }
        for (x, y) in self.histogram.iter_mut().zip(&other.histogram) {
            *x += y;
        }
        for (x, y) in self.pairs.iter_mut().zip(&other.pairs) {
            x.both += y.both;
            x.only_first += y.only_first;
            x.only_second += y.only_second;
            x.neither += y.neither;
        }
    }

    /// Percent agreement, Fleiss' kappa, Krippendorff's alpha and the
    /// pairs' statistics, by the formulas.
    pub fn stats(&self) -> Stats {
        let m = self.m as i128;
        let n_units = self.n_units;
        let h = &self.histogram;
        let percent_agreement = ratio(h[0] + h[self.m], n_units);
        let n = m * n_units;
        let mut n1 = 0i128;
        let mut a_sum = 0i128;
        let mut s_sum = 0i128;
        for (j, &hj) in h.iter().enumerate() {
            let j = j as i128;
            n1 += j * hj;
            a_sum += hj * (j * (j - 1) + (m - j) * (m - j - 1));
            s_sum += hj * j * (m - j);
        }
        let n0 = n - n1;
        let fleiss_kappa = ratio(
            a_sum * n_units * m - (m - 1) * (n0 * n0 + n1 * n1),
            2 * (m - 1) * n0 * n1,
        );
        let krippendorff_alpha = ratio((m - 1) * n0 * n1 - (n - 1) * s_sum, (m - 1) * n0 * n1);
        let pairs = self
            .pairs
            .iter()
            .map(|p| PairStats {
                percent_agreement: ratio(p.both + p.neither, n_units),
                cohen_kappa: cohen(p, n_units),
            })
            .collect();
        Stats {
            percent_agreement,
            fleiss_kappa,
            krippendorff_alpha,
            pairs,
        }
    }
}

/// Cohen's kappa in NVivo's count form: (N·TA − E)/(N² − E).
fn cohen(p: &PairCounts, n: i128) -> Option<f64> {
    let (num, den) = cohen_parts(p, n);
    ratio(num, den)
}

fn cohen_parts(p: &PairCounts, n: i128) -> (i128, i128) {
    let ta = p.both + p.neither;
    let na = p.both + p.only_first;
    let nb = p.both + p.only_second;
    let e = na * nb + (n - na) * (n - nb);
    (n * ta - e, n * n - e)
}

/// NVivo's per-document kappa: Cohen's kappa, but 1 when there are units
/// and the denominator is 0 (complete agreement); `None` without units.
pub fn cohen_kappa_nvivo(p: &PairCounts, n_units: i128) -> Option<f64> {
    if n_units <= 0 {
        return None;
    }
    let (num, den) = cohen_parts(p, n_units);
    Some(if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    })
}

/// NVivo-style weighted kappa of a pair over documents: Σ N_d·κ_d / Σ N_d
/// over the documents with N_d > 0; `None` when there are none.
pub fn nvivo_weighted_kappa<'a>(
    per_document: impl IntoIterator<Item = (&'a PairCounts, i128)>,
) -> Option<f64> {
    let mut weighted = 0.0f64;
    let mut total = 0i128;
    for (p, n) in per_document {
        if let Some(k) = cohen_kappa_nvivo(p, n) {
            weighted += n as f64 * k;
            total += n;
        }
    }
    if total == 0 {
        None
    } else {
        Some(weighted / total as f64)
    }
}

/// A coder's codings as disjoint, sorted, non-empty half-open intervals
/// clipped to `[0, len)`: the union of `ranges`.
pub fn union_of(ranges: &mut [(usize, usize)], len: usize) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in ranges.iter() {
        let (s, e) = (s.min(len), e.min(len));
        if s >= e {
            continue;
        }
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Maximal stretches of a document with the same set of coders, from each
/// coder's union intervals: `(start, end, mask)` in text order, covering
/// `[0, len)` exactly (stretches nobody coded have mask 0).
pub fn stretches(per_coder: &[Vec<(usize, usize)>], len: usize) -> Vec<(usize, usize, u128)> {
    let mut events: Vec<(usize, usize, bool)> = Vec::new();
    for (c, ivs) in per_coder.iter().enumerate() {
        for &(s, e) in ivs {
            events.push((s, c, true));
            events.push((e, c, false));
        }
    }
    events.sort_unstable();
    let mut out = Vec::new();
    let mut mask = 0u128;
    let mut pos = 0usize;
    let mut i = 0;
    while i < events.len() {
        let at = events[i].0;
        if at > pos {
            push_stretch(&mut out, pos, at, mask);
            pos = at;
        }
        while i < events.len() && events[i].0 == at {
            let (_, c, start) = events[i];
            if start {
                mask |= 1 << c;
            } else {
                mask &= !(1 << c);
            }
            i += 1;
        }
    }
    if len > pos {
        push_stretch(&mut out, pos, len, mask);
    }
    out
}

fn push_stretch(out: &mut Vec<(usize, usize, u128)>, s: usize, e: usize, mask: u128) {
    match out.last_mut() {
        Some(last) if last.1 == s && last.2 == mask => last.1 = e,
        _ => out.push((s, e, mask)),
    }
}

/// Character-level counts of one document and code: `per_coder` holds each
/// coder's union intervals (see [`union_of`]), `len` the document's length.
pub fn char_counts(per_coder: &[Vec<(usize, usize)>], len: usize) -> Counts {
    let m = per_coder.len();
    if per_coder.iter().all(Vec::is_empty) {
        return Counts::uncoded(m, len as i128);
    }
    let mut by_mask: HashMap<u128, i128> = HashMap::new();
    for (s, e, mask) in stretches(per_coder, len) {
        *by_mask.entry(mask).or_default() += (e - s) as i128;
    }
    let mut c = Counts::zero(m);
    for (mask, w) in by_mask {
        c.add_mask(mask, w);
    }
    c
}

/// Turn-level counts: each turn (a char range) is one unit, coded by a
/// coder when any of its characters is. `turns` sorted by start, disjoint.
pub fn turn_counts(per_coder: &[Vec<(usize, usize)>], turns: &[(usize, usize)]) -> Counts {
    let m = per_coder.len();
    let mut masks = vec![0u128; turns.len()];
    for (c, ivs) in per_coder.iter().enumerate() {
        let mut k = 0;
        for (t, &(ts, te)) in turns.iter().enumerate() {
            while k < ivs.len() && ivs[k].1 <= ts {
                k += 1;
            }
            // Intervals are disjoint and sorted: the first one ending after
            // the turn's start overlaps it iff it starts before its end.
            if k < ivs.len() && ivs[k].0 < te && ts < te {
                masks[t] |= 1 << c;
            }
        }
    }
    masks.sort_unstable();
    let mut c = Counts::zero(m);
    for run in masks.chunk_by(|a, b| a == b) {
        c.add_mask(run[0], run.len() as i128);
    }
    c
}

/// A statistic for people: three decimals, `n/a` when undefined, and no
/// `-0.000` for a tiny negative value that rounds to zero (JSON keeps the
/// exact value).
pub fn format_stat(v: Option<f64>) -> String {
    match v {
        None => "n/a".into(),
        Some(x) if x.abs() < 0.0005 => "0.000".into(),
        Some(x) => format!("{x:.3}"),
    }
}

/// A share as a percentage for people: two decimals, `n/a` when undefined.
/// Rounding never makes a figure look perfect or null: a value just below 1
/// is `>99.99%`, never `100.00%`, and one just above 0 is `<0.01%`.
pub fn format_percent(v: Option<f64>) -> String {
    match v {
        None => "n/a".into(),
        Some(x) if x < 1.0 && x * 100.0 >= 99.995 => ">99.99%".into(),
        Some(x) if x > 0.0 && x * 100.0 < 0.005 => "<0.01%".into(),
        Some(x) => format!("{:.2}%", x * 100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn from_bits(coders: &[&str]) -> Counts {
        let n = coders[0].len();
        let mut c = Counts::zero(coders.len());
        for u in 0..n {
            let mut mask = 0u128;
            for (i, s) in coders.iter().enumerate() {
                if s.as_bytes()[u] == b'1' {
                    mask |= 1 << i;
                }
            }
            c.add_mask(mask, 1);
        }
        c
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn percentages_have_two_decimals_and_never_round_to_perfect() {
        assert_eq!(format_percent(Some(0.9996)), "99.96%");
        assert_eq!(format_percent(Some(1.0)), "100.00%");
        assert_eq!(format_percent(Some(0.99999)), ">99.99%");
        assert_eq!(format_percent(Some(0.85)), "85.00%");
        assert_eq!(format_percent(Some(0.0)), "0.00%");
        assert_eq!(format_percent(Some(0.000_01)), "<0.01%");
        assert_eq!(format_percent(None), "n/a");
    }

    #[test]
    fn krippendorff_2011_binary_example() {
        let c = from_bits(&["0100000010", "1110010000"]);
        let s = c.stats();
        assert!(close(s.krippendorff_alpha, 8.0 / 84.0), "{s:?}");
        assert!((s.krippendorff_alpha.unwrap_or(0.0) - 0.095).abs() < 0.0005);
        assert!(close(s.percent_agreement, 0.6));
        assert_eq!(c.histogram, vec![5, 4, 1]);
    }

    #[test]
    fn nvivo_percentage_example() {
        let p = PairCounts {
            both: 50,
            only_first: 100,
            only_second: 50,
            neither: 800,
        };
        let mut c = Counts::zero(2);
        c.add_mask(0b11, 50);
        c.add_mask(0b01, 100);
        c.add_mask(0b10, 50);
        c.add_mask(0, 800);
        assert_eq!(c.pairs[0], p);
        let s = c.stats();
        assert!(close(s.pairs[0].percent_agreement, 0.85));
        assert!(close(s.percent_agreement, 0.85));
        assert!(close(s.pairs[0].cohen_kappa, 70_000.0 / 220_000.0));
    }

    #[test]
    fn cohen_textbook_example() {
        let p = PairCounts {
            both: 20,
            only_first: 5,
            only_second: 10,
            neither: 15,
        };
        assert!(close(cohen(&p, 50), 0.4));
        assert!(close(cohen_kappa_nvivo(&p, 50), 0.4));
    }

    #[test]
    fn null_cases() {
        // No units at all.
        let s = Counts::zero(3).stats();
        assert_eq!(s.percent_agreement, None);
        assert_eq!(s.fleiss_kappa, None);
        assert_eq!(s.krippendorff_alpha, None);
        assert!(s.pairs.iter().all(|p| p.cohen_kappa.is_none()));
        // Nobody coded anything: agreement 100 %, but no variation.
        let c = Counts::uncoded(2, 10);
        let s = c.stats();
        assert_eq!(s.percent_agreement, Some(1.0));
        assert_eq!(s.fleiss_kappa, None);
        assert_eq!(s.krippendorff_alpha, None);
        assert_eq!(s.pairs[0].cohen_kappa, None);
        assert_eq!(cohen_kappa_nvivo(&c.pairs[0], 10), Some(1.0));
        assert_eq!(cohen_kappa_nvivo(&c.pairs[0], 0), None);
        // Everybody coded everything.
        let mut c = Counts::zero(2);
        c.add_mask(0b11, 7);
        assert_eq!(c.stats().krippendorff_alpha, None);
        // One coded part, the other nothing: kappa 0, not null.
        let mut c = Counts::zero(2);
        c.add_mask(0b01, 3);
        c.add_mask(0, 7);
        assert_eq!(c.stats().pairs[0].cohen_kappa, Some(0.0));
        // Weighted kappa over no documents with units.
        assert_eq!(nvivo_weighted_kappa(std::iter::empty()), None);
    }

    #[test]
    fn unions_and_stretches() {
        let mut r = vec![(5, 8), (0, 3), (2, 4), (9, 9), (7, 12)];
        assert_eq!(union_of(&mut r, 10), vec![(0, 4), (5, 10)]);
        let s = stretches(&[vec![(0, 4)], vec![(2, 6)]], 8);
        assert_eq!(s, vec![(0, 2, 1), (2, 4, 3), (4, 6, 2), (6, 8, 0)]);
        let t = turn_counts(
            &[vec![(0, 4)], vec![(5, 6)]],
            &[(0, 3), (3, 5), (5, 9), (9, 9)],
        );
        assert_eq!(t.histogram, vec![1, 3, 0]);
    }

    /// The textbook formulas over explicit per-unit values.
    fn brute(values: &[Vec<bool>]) -> (Option<f64>, Option<f64>, Option<f64>, Vec<Option<f64>>) {
        let m = values.len();
        let n = values[0].len();
        if n == 0 {
            return (None, None, None, vec![None; m * (m - 1) / 2]);
        }
        let nf = n as f64;
        let js: Vec<usize> = (0..n)
            .map(|u| values.iter().filter(|v| v[u]).count())
            .collect();
        let pa = js.iter().filter(|&&j| j == 0 || j == m).count() as f64 / nf;
        // Fleiss (1971).
        let mf = m as f64;
        let pbar = js
            .iter()
            .map(|&j| {
                let (a, b) = (j as f64, (m - j) as f64);
                (a * (a - 1.0) + b * (b - 1.0)) / (mf * (mf - 1.0))
            })
            .sum::<f64>()
            / nf;
        let p1 = js.iter().sum::<usize>() as f64 / (nf * mf);
        let pe = p1 * p1 + (1.0 - p1) * (1.0 - p1);
        let fleiss = if (1.0 - pe).abs() < 1e-15 || p1 == 0.0 || p1 == 1.0 {
            None
        } else {
            Some((pbar - pe) / (1.0 - pe))
        };
        // Krippendorff: coincidences o_01 over pairable values.
        let o01: f64 = js
            .iter()
            .map(|&j| (j * (m - j)) as f64 * 2.0 / (mf - 1.0))
            .sum();
        let n1 = js.iter().sum::<usize>() as f64;
        let n0 = nf * mf - n1;
        let nn = nf * mf;
        let alpha = if n0 == 0.0 || n1 == 0.0 {
            None
        } else {
            // 1 - (n-1) * Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k
            Some(1.0 - (nn - 1.0) * o01 / (2.0 * n0 * n1))
        };
        let mut pairs = Vec::new();
        for (a, b) in pair_indices(m) {
            let po = (0..n).filter(|&u| values[a][u] == values[b][u]).count() as f64 / nf;
            let ra = values[a].iter().filter(|&&x| x).count() as f64 / nf;
            let rb = values[b].iter().filter(|&&x| x).count() as f64 / nf;
            let pe = ra * rb + (1.0 - ra) * (1.0 - rb);
            pairs.push(if (1.0 - pe).abs() < 1e-15 {
                None
            } else {
                Some((po - pe) / (1.0 - pe))
            });
        }
        (Some(pa), fleiss, alpha, pairs)
    }

    fn same(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            _ => false,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn matches_brute_force_per_character(
            text in "\\PC{0,60}",
            m in 2usize..5,
            raw in proptest::collection::vec((0usize..5, 0usize..70, 0usize..30), 0..14),
        ) {
            let len = text.chars().count();
            let mut ranges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); m];
            for (c, s, l) in raw {
                let s = s.min(len + 2);
                ranges[c % m].push((s, s + l));
            }
            // Brute force: one flag per character, set by every coding.
            let chars: Vec<char> = text.chars().collect();
            let values: Vec<Vec<bool>> = ranges
                .iter()
                .map(|rs| {
                    (0..chars.len())
                        .map(|p| rs.iter().any(|&(s, e)| s <= p && p < e))
                        .collect()
                })
                .collect();
            let per_coder: Vec<_> = ranges.iter().map(|r| union_of(&mut r.clone(), len)).collect();
            let c = char_counts(&per_coder, len);
            let s = c.stats();
            let (pa, fleiss, alpha, pairs) = brute(&values);
            prop_assert_eq!(c.n_units, len as i128);
            prop_assert!(same(s.percent_agreement, pa), "pa {:?} {:?}", s.percent_agreement, pa);
            prop_assert!(same(s.fleiss_kappa, fleiss), "fleiss {:?} {:?}", s.fleiss_kappa, fleiss);
            prop_assert!(same(s.krippendorff_alpha, alpha), "alpha {:?} {:?}", s.krippendorff_alpha, alpha);
            for (x, y) in s.pairs.iter().zip(&pairs) {
                prop_assert!(same(x.cohen_kappa, *y), "kappa {:?} {:?}", x.cohen_kappa, y);
            }
            for (i, v) in values.iter().enumerate() {
                prop_assert_eq!(c.coverage[i], v.iter().filter(|&&x| x).count() as i128);
            }
            // Turn level with every character its own turn equals char level.
            let turns: Vec<(usize, usize)> = (0..len).map(|p| (p, p + 1)).collect();
            prop_assert_eq!(turn_counts(&per_coder, &turns), c);
        }
    }
}
