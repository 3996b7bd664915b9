//! What the agreement table says, shared by `gloss agreement` and the
//! agreement screen so that both read alike: the columns, their one-line
//! legend, the verdict, percentages to two decimals, and the n/a rule — a
//! row (or a pair) where nobody coded shows `n/a` in every figure, with the
//! reason, never NVivo's `1.000` or a `100.00%` that says nothing. The JSON
//! report keeps every figure exactly as issue 6 defines it. Pure formatting
//! over a report: no I/O.

use super::{AgreementReport, Block};
use crate::core::agreement::{format_percent, format_stat};

/// What a row stands for; it decides which NVivo figure the pairs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A code over all documents: NVivo's κ weighted by document size.
    Code,
    /// A code in one document: NVivo's own κ for that document.
    Document,
    /// Every code's units together: no NVivo figure.
    Pooled,
}

/// Krippendorff's guidance for α: ≥ 0.800 good, ≥ 0.667 tentative, else
/// poor; or why α is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Good,
    Tentative,
    Poor,
    Undefined(&'static str),
}

impl Verdict {
    pub fn of_alpha(alpha: Option<f64>, why_undefined: &'static str) -> Verdict {
        match alpha {
            None => Verdict::Undefined(why_undefined),
            Some(a) if a >= 0.8 => Verdict::Good,
            Some(a) if a >= 0.667 => Verdict::Tentative,
            Some(_) => Verdict::Poor,
        }
    }

    /// The verdict of a block, with the reason when α is undefined.
    pub fn of(b: &Block) -> Verdict {
        Verdict::of_alpha(b.krippendorff_alpha, reason(b))
    }

    /// What the verdict column says.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Good => "good",
            Verdict::Tentative => "tentative",
            Verdict::Poor => "poor",
            Verdict::Undefined(why) => why,
        }
    }
}

/// Units anyone coded.
pub fn coded(b: &Block) -> i128 {
    b.agreement_histogram.iter().skip(1).sum()
}

/// Nobody coded any unit of the block (or it has none): every figure is n/a.
pub fn nobody_coded(b: &Block) -> bool {
    b.n_units == 0 || coded(b) == 0
}

/// Why a block's α (and Fleiss' κ) is undefined.
pub fn reason(b: &Block) -> &'static str {
    let m = b.agreement_histogram.len().saturating_sub(1);
    if b.n_units == 0 {
        "no units"
    } else if coded(b) == 0 {
        "nobody coded"
    } else if b.agreement_histogram.get(m) == Some(&b.n_units) {
        "all coded all"
    } else {
        "no variation"
    }
}

/// A row's figures as numbers, after the n/a rule.
#[derive(Debug, Clone, PartialEq)]
struct Numbers {
    agree: Option<f64>,
    fleiss: Option<f64>,
    alpha: Option<f64>,
    /// Per pair: Cohen's κ over all the units, and the NVivo figure.
    pairs: Vec<(Option<f64>, Option<f64>)>,
}

fn numbers(b: &Block, level: Level) -> Numbers {
    let none = nobody_coded(b);
    let pairs = b
        .pairs
        .iter()
        .map(|p| {
            if none || p.both + p.only_first + p.only_second == 0 {
                return (None, None);
            }
            let nvivo = match level {
                Level::Code => p.nvivo_weighted_kappa.flatten(),
                Level::Document => p.cohen_kappa_nvivo.flatten(),
                Level::Pooled => None,
            };
            (p.cohen_kappa, nvivo)
        })
        .collect();
    Numbers {
        agree: (!none).then_some(b.percent_agreement).flatten(),
        fleiss: b.fleiss_kappa,
        alpha: b.krippendorff_alpha,
        pairs,
    }
}

/// One row of the table, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub agree: String,
    pub fleiss: String,
    pub alpha: String,
    pub verdict: Verdict,
    pub coded: String,
    /// Per pair: Cohen's κ, then NVivo's (empty where it does not apply).
    pub pairs: Vec<(String, String)>,
}

fn text(n: &Numbers, level: Level, verdict: Verdict, coded: String) -> Row {
    Row {
        agree: format_percent(n.agree),
        fleiss: format_stat(n.fleiss),
        alpha: format_stat(n.alpha),
        verdict,
        coded,
        pairs: n
            .pairs
            .iter()
            .map(|(k, w)| {
                let w = if level == Level::Pooled {
                    String::new()
                } else {
                    format_stat(*w)
                };
                (format_stat(*k), w)
            })
            .collect(),
    }
}

/// The row of a code (`Level::Code`), a code in a document, or pooled.
pub fn row(b: &Block, level: Level) -> Row {
    text(
        &numbers(b, level),
        level,
        Verdict::of(b),
        coded(b).to_string(),
    )
}

/// The mean over the codes anyone coded, each figure over the codes where it
/// is defined (the rows above that do not say n/a), and how many codes that
/// is. Codes nobody applied would only add their uninformative 100 % (and
/// NVivo's 1); the JSON `macro_mean` keeps them, as issue 6 defines it.
pub fn mean_row(r: &AgreementReport) -> (Row, usize) {
    let rows: Vec<Numbers> = r
        .codes
        .iter()
        .filter_map(|c| r.per_code.get(c))
        .filter(|b| !nobody_coded(b))
        .map(|b| numbers(b, Level::Code))
        .collect();
    let mean = |v: &mut dyn Iterator<Item = Option<f64>>| {
        let (mut sum, mut n) = (0.0, 0usize);
        for x in v.flatten() {
            sum += x;
            n += 1;
        }
        (n > 0).then(|| sum / n as f64)
    };
    let pairs = (0..r.overall.pooled.pairs.len())
        .map(|i| {
            (
                mean(&mut rows.iter().map(|n| n.pairs.get(i).and_then(|p| p.0))),
                mean(&mut rows.iter().map(|n| n.pairs.get(i).and_then(|p| p.1))),
            )
        })
        .collect();
    let n = Numbers {
        agree: mean(&mut rows.iter().map(|n| n.agree)),
        fleiss: mean(&mut rows.iter().map(|n| n.fleiss)),
        alpha: mean(&mut rows.iter().map(|n| n.alpha)),
        pairs,
    };
    let why = if rows.is_empty() {
        "nobody coded"
    } else {
        "no variation"
    };
    let verdict = Verdict::of_alpha(n.alpha, why);
    (text(&n, Level::Code, verdict, String::new()), rows.len())
}

/// The row label of [`mean_row`].
pub fn mean_label(codes: usize) -> String {
    format!("mean of {}", plural(codes, "code", "codes"))
}

/// The headers of the columns before the pairs, after the first (`code` or
/// `document`).
pub const HEADERS: [&str; 5] = ["agree %", "Fleiss κ", "α", "verdict", "coded"];

/// The two headers of each pair: Cohen's κ and the NVivo figure. With one
/// pair the names say it all; with more, coders are numbered as in the
/// title (`1 amani, 2 neema, 3 rose`) and each header names its pair.
pub fn pair_headers(coders: usize, level: Level) -> Vec<(String, String)> {
    let nvivo = match level {
        Level::Document => "NVivo κ",
        _ => "NVivo κw",
    };
    let pairs = crate::core::agreement::pair_indices(coders);
    if pairs.len() == 1 {
        return vec![("Cohen κ".into(), nvivo.into())];
    }
    pairs
        .into_iter()
        .map(|(a, b)| {
            (
                format!("Cohen {}×{}", a + 1, b + 1),
                format!("NVivo {}×{}", a + 1, b + 1),
            )
        })
        .collect()
}

/// The coders as the title and the pair headers number them.
pub fn numbered_coders(coders: &[String]) -> String {
    coders
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, crate::core::sanitize::one_line(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What each column is, in one line: `(term, meaning)` pairs.
pub fn legend(level: Level, unit: &str, pairs: usize) -> Vec<(String, String)> {
    let (k, w) = match (pairs, level) {
        (1, Level::Document) => ("Cohen κ", "NVivo κ"),
        (1, _) => ("Cohen κ", "NVivo κw"),
        _ => ("Cohen a×b", "NVivo a×b"),
    };
    let whole = if level == Level::Document {
        "the document"
    } else {
        "the code"
    };
    let nvivo = if level == Level::Document {
        "NVivo's κ (1 when the pair agree throughout)".to_string()
    } else {
        "NVivo's per-document κ weighted by size".to_string()
    };
    let mut out: Vec<(String, String)> = vec![
        ("agree %".into(), format!("{unit} all coders treat alike")),
        ("coded".into(), format!("{unit} anyone coded")),
        (
            "α".into(),
            "Krippendorff's (good ≥ 0.800, tentative ≥ 0.667)".into(),
        ),
        (k.into(), format!("the pair over all {whole}'s {unit}")),
        (w.into(), nvivo),
    ];
    if level == Level::Code {
        out.push(("mean".into(), "of the codes anyone coded".into()));
    }
    out
}

/// The legend as one line of text.
pub fn legend_line(level: Level, unit: &str, pairs: usize) -> String {
    legend(level, unit, pairs)
        .into_iter()
        .map(|(t, m)| format!("{t}: {m}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub use crate::core::plural::count_as as plural;

#[cfg(test)]
mod tests {
    use super::super::{block, pair_names, Names};
    use super::*;
    use crate::core::agreement::Counts;

    /// A block from per-coder bit strings (`1` = coded).
    fn counts(coders: &[&str]) -> Counts {
        let per: Vec<Vec<(usize, usize)>> = coders
            .iter()
            .map(|bits| {
                bits.char_indices()
                    .filter(|(_, c)| *c == '1')
                    .map(|(i, _)| (i, i + 1))
                    .collect()
            })
            .collect();
        crate::core::agreement::char_counts(&per, coders[0].len())
    }

    fn code_block(coders: &[&str], nvivo: f64) -> Block {
        let names: Names = (0..coders.len())
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .into();
        let mut b = block(&counts(coders), &names, &pair_names(&names));
        for p in &mut b.pairs {
            p.nvivo_weighted_kappa = Some(Some(nvivo));
        }
        b
    }

    #[test]
    fn nobody_coded_is_n_a_in_every_figure() {
        let b = code_block(&["0000", "0000"], 1.0);
        let r = row(&b, Level::Code);
        assert_eq!(
            (r.agree.as_str(), r.fleiss.as_str(), r.alpha.as_str()),
            ("n/a", "n/a", "n/a")
        );
        assert_eq!(r.pairs, vec![("n/a".to_string(), "n/a".to_string())]);
        assert_eq!(r.verdict, Verdict::Undefined("nobody coded"));
        assert_eq!(r.coded, "0");
    }

    #[test]
    fn a_pair_that_coded_nothing_is_n_a_even_if_a_third_coder_did() {
        let b = code_block(&["0000", "0000", "1100"], 1.0);
        let r = row(&b, Level::Code);
        assert_eq!(r.agree, "50.00%");
        // Pairs (0,1), (0,2), (1,2): the first coded nothing at all.
        assert_eq!(r.pairs[0], ("n/a".to_string(), "n/a".to_string()));
        assert_eq!(r.pairs[1].1, "1.000");
    }

    #[test]
    fn pooled_rows_have_no_nvivo_figure() {
        let b = code_block(&["1100", "1000"], 0.5);
        let r = row(&b, Level::Pooled);
        assert_eq!(r.pairs[0].1, "");
        assert_eq!(row(&b, Level::Code).pairs[0].1, "0.500");
    }

    #[test]
    fn headers_name_the_pair_when_there_are_several() {
        assert_eq!(
            pair_headers(2, Level::Code),
            vec![("Cohen κ".to_string(), "NVivo κw".to_string())]
        );
        assert_eq!(pair_headers(2, Level::Document)[0].1, "NVivo κ");
        let three = pair_headers(3, Level::Code);
        assert_eq!(three.len(), 3);
        assert_eq!(three[2], ("Cohen 2×3".to_string(), "NVivo 2×3".to_string()));
        assert_eq!(numbered_coders(&["a".into(), "b".into()]), "1 a, 2 b");
    }
}
