//! The choices that make an analysis table — the view, and for each view
//! its unit, columns, grouping, coders, filter and word or KWIC options —
//! with the lines that show them on the screen, each with its key and the
//! current choice lit. Plain data: the keys that change them live in
//! `analysis/update.rs`.

use super::AnalysisState;
use crate::core::analysis::cooccurrence::CoUnit;
use crate::core::analysis::kwic::{KwicContext, KwicSort};
use crate::core::analysis::matrix::{CellUnit, Columns, Percent};
use crate::core::analysis::words::WordOptions;
use crate::core::sanitize::one_line;
use crate::core::DocumentId;
use crate::ops::analysis::stopwords::StopSpec;
use crate::ops::analysis::{AnalysisFilter, WordsBy, CONSENSUS};
use crate::tui::theme;
use ratatui::text::{Line, Span};

/// Which table the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Frequencies,
    Matrix,
    Cooccurrence,
    Codeline,
    Words,
    Kwic,
}

impl View {
    pub const ALL: [View; 6] = [
        View::Frequencies,
        View::Matrix,
        View::Cooccurrence,
        View::Codeline,
        View::Words,
        View::Kwic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            View::Frequencies => "frequencies",
            View::Matrix => "matrix",
            View::Cooccurrence => "co-occurrence",
            View::Codeline => "codeline",
            View::Words => "words",
            View::Kwic => "kwic",
        }
    }

    /// Whether the view counts codings (and so the coder choice, the
    /// sub-code rule and `--where` apply).
    pub fn counts_codings(self) -> bool {
        !matches!(self, View::Kwic)
    }
}

pub const UNITS: [CellUnit; 6] = [
    CellUnit::Codings,
    CellUnit::Documents,
    CellUnit::Participants,
    CellUnit::Chars,
    CellUnit::Words,
    CellUnit::Presence,
];

pub const PERCENTS: [Option<Percent>; 4] = [
    None,
    Some(Percent::Row),
    Some(Percent::Column),
    Some(Percent::ColumnN),
];

pub const CO_UNITS: [CoUnit; 4] = [
    CoUnit::Pairs,
    CoUnit::Regions,
    CoUnit::Turns,
    CoUnit::Documents,
];

/// Co-occurrence pairs: overlapping only (`None`), touching too
/// (`Some(0)`), or at most N chars apart.
pub const REACHES: [Option<usize>; 6] = [None, Some(0), Some(10), Some(50), Some(200), Some(1000)];

pub fn reach_name(r: Option<usize>) -> String {
    match r {
        None => "overlap".into(),
        Some(0) => "touching".into(),
        Some(n) => format!("within {n}"),
    }
}

pub const MIN_LENGTHS: [usize; 6] = [1, 2, 3, 4, 5, 6];

pub const CONTEXTS: [KwicContext; 4] = [
    KwicContext::Words(8),
    KwicContext::Words(4),
    KwicContext::Words(16),
    KwicContext::Turn,
];

pub fn context_name(c: KwicContext) -> String {
    match c {
        KwicContext::Words(n) => format!("{n} words"),
        KwicContext::Turn => "turn".into(),
    }
}

pub const SORTS: [KwicSort; 3] = [KwicSort::Position, KwicSort::Left, KwicSort::Right];

pub fn sort_name(s: KwicSort) -> &'static str {
    match s {
        KwicSort::Position => "position",
        KwicSort::Left => "left word",
        KwicSort::Right => "right word",
    }
}

/// The stop-word choices: each turn's language's list, none, or one list.
pub fn stop_choices() -> Vec<StopSpec> {
    vec![
        StopSpec::PerLanguage,
        StopSpec::None,
        StopSpec::Language("fr".into()),
        StopSpec::Language("en".into()),
        StopSpec::Language("sw".into()),
    ]
}

pub fn stop_name(s: &StopSpec) -> String {
    match s {
        StopSpec::PerLanguage => "by language".into(),
        StopSpec::None => "none".into(),
        StopSpec::Language(l) => l.clone(),
        StopSpec::File(p) => one_line(&p.display().to_string()),
    }
}

/// Whose codings count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CoderChoice {
    /// Every coder's, pooled.
    #[default]
    Pooled,
    One(String),
    /// The settled codings (the coder `consensus`).
    Consensus,
}

impl CoderChoice {
    pub fn name(&self) -> String {
        match self {
            CoderChoice::Pooled => "all, pooled".into(),
            CoderChoice::One(n) => one_line(n),
            CoderChoice::Consensus => "consensus".into(),
        }
    }

    /// All pooled, each coder (but `consensus`), then the consensus if
    /// the project has one.
    pub fn all(coders: &[String]) -> Vec<CoderChoice> {
        let mut v = vec![CoderChoice::Pooled];
        v.extend(
            coders
                .iter()
                .filter(|c| c.as_str() != CONSENSUS)
                .map(|c| CoderChoice::One(c.clone())),
        );
        if coders.iter().any(|c| c == CONSENSUS) {
            v.push(CoderChoice::Consensus);
        }
        v
    }
}

/// The word-frequency view's options (`gloss analysis words`).
#[derive(Debug, Clone, PartialEq)]
pub struct WordsOptions {
    pub by: WordsBy,
    pub stopwords: StopSpec,
    pub word: WordOptions,
    /// Only the words inside this code's passages (a code path).
    pub code: Option<String>,
}

/// The KWIC view's options (`gloss analysis kwic`).
#[derive(Debug, Clone, PartialEq)]
pub struct KwicOptions {
    pub query: String,
    pub context: KwicContext,
    pub sort: KwicSort,
}

/// The choices that make a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub view: View,
    pub columns: Columns,
    pub unit: CellUnit,
    pub percent: Option<Percent>,
    pub co_unit: CoUnit,
    /// Co-occurrence pairs' reach (see [`REACHES`]).
    pub reach: Option<usize>,
    pub subcodes: bool,
    pub coders: CoderChoice,
    /// `--where KEY=VALUE` (one pair at most on screen).
    pub attributes: Vec<(String, String)>,
    /// The codeline's document (`None`: the first).
    pub document: Option<DocumentId>,
    pub words: WordsOptions,
    pub kwic: KwicOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            view: View::Frequencies,
            columns: Columns::Documents,
            unit: CellUnit::Codings,
            percent: None,
            co_unit: CoUnit::Pairs,
            reach: None,
            subcodes: true,
            coders: CoderChoice::Pooled,
            attributes: Vec::new(),
            document: None,
            words: WordsOptions {
                by: WordsBy::All,
                stopwords: StopSpec::PerLanguage,
                word: WordOptions::default(),
                code: None,
            },
            kwic: KwicOptions {
                query: String::new(),
                context: KwicContext::default(),
                sort: KwicSort::Position,
            },
        }
    }
}

impl Options {
    /// The filter every coding view shares, as the command line's flags
    /// make it.
    pub fn filter(&self) -> AnalysisFilter {
        let (coders, consensus) = match &self.coders {
            CoderChoice::Pooled => (Vec::new(), false),
            CoderChoice::One(n) => (vec![n.clone()], false),
            CoderChoice::Consensus => (Vec::new(), true),
        };
        let codes = match (self.view, &self.words.code) {
            (View::Words, Some(c)) => vec![c.clone()],
            _ => Vec::new(),
        };
        AnalysisFilter {
            codes,
            subcodes: self.subcodes,
            coders,
            consensus,
            documents: Vec::new(),
            attributes: self.attributes.clone(),
        }
    }

    pub fn where_name(&self) -> String {
        if self.attributes.is_empty() {
            return "none".into();
        }
        self.attributes
            .iter()
            .map(|(k, v)| format!("{}={}", one_line(k), one_line(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a words grouping is called on screen.
pub fn by_name(b: &WordsBy) -> String {
    match b {
        WordsBy::All => "all speech".into(),
        WordsBy::Speaker => "speaker".into(),
        WordsBy::Document => "document".into(),
        WordsBy::Attribute(k) => format!("attribute:{}", one_line(k)),
    }
}

/// The words groupings: all speech, speaker, document, then each
/// attribute key.
pub fn by_choices(keys: &[String]) -> Vec<WordsBy> {
    let mut v = vec![WordsBy::All, WordsBy::Speaker, WordsBy::Document];
    v.extend(keys.iter().map(|k| WordsBy::Attribute(k.clone())));
    v
}

/// The matrix's column choices: documents, participants, coders, then
/// each attribute key.
pub fn column_choices(keys: &[String]) -> Vec<Columns> {
    let mut v = vec![Columns::Documents, Columns::Participants, Columns::Coders];
    v.extend(keys.iter().map(|k| Columns::Attribute(k.clone())));
    v
}

/// `key label: a [b] c`, the current choice lit.
fn choice<T: PartialEq + Clone>(
    key: &str,
    label: &str,
    all: &[(T, String)],
    now: &T,
) -> Vec<Span<'static>> {
    let mut out = key_label(key, label);
    for (v, name) in all {
        if v == now {
            out.push(Span::styled(format!("[{name}]"), theme::selected_row()));
        } else {
            out.push(Span::raw(name.clone()));
        }
        out.push(Span::raw(" "));
    }
    out
}

fn key_label(key: &str, label: &str) -> Vec<Span<'static>> {
    vec![
        Span::styled(format!(" {key} "), theme::help_key()),
        Span::styled(format!("{label}: "), theme::dim()),
    ]
}

/// `key label: value` (one value, shown as it is now).
fn value(key: &str, label: &str, now: String) -> Vec<Span<'static>> {
    let mut out = key_label(key, label);
    out.push(Span::styled(now, theme::title()));
    out.push(Span::raw(" "));
    out
}

fn on_off(b: bool) -> String {
    if b { "on" } else { "off" }.into()
}

/// The choices of the view, each with its key, the current one lit.
pub fn option_lines(a: &AnalysisState) -> Vec<Line<'static>> {
    let o = &a.opts;
    let keys = a
        .computed
        .as_ref()
        .map(|c| c.attribute_keys.clone())
        .unwrap_or_default();
    let views: Vec<(View, String)> = View::ALL
        .iter()
        .map(|v| (*v, v.name().to_string()))
        .collect();
    let mut first = choice("v", "view", &views, &o.view);
    // What the heat means (the figure is printed in every cell).
    if o.view != View::Kwic {
        first.push(Span::styled("  heat: ", theme::dim()));
        for (level, label) in [(1, " low "), (2, "   "), (3, "   "), (4, " high ")] {
            first.push(Span::styled(label, theme::heat(level)));
        }
        first.push(Span::styled(" of the table's largest", theme::dim()));
    }
    let mut lines = vec![Line::from(first)];
    if o.view.counts_codings() {
        let mut l = value("b", "coders", o.coders.name());
        l.extend(value(
            "s",
            "sub-codes",
            if o.subcodes {
                "included".into()
            } else {
                "not included".into()
            },
        ));
        l.extend(value("f", "where", o.where_name()));
        lines.push(Line::from(l));
    }
    match o.view {
        View::Frequencies => {
            let names = [
                "codings",
                "documents",
                "participants",
                "chars",
                "words",
                "coverage",
            ];
            let all: Vec<(usize, String)> = names
                .iter()
                .enumerate()
                .map(|(i, n)| (i, n.to_string()))
                .collect();
            lines.push(Line::from(choice("u ←→", "bars", &all, &a.col)));
        }
        View::Matrix => {
            let all: Vec<(Columns, String)> = column_choices(&keys)
                .into_iter()
                .map(|c| {
                    let n = one_line(&crate::ops::analysis::columns_name(&c));
                    (c, n)
                })
                .collect();
            lines.push(Line::from(choice("c", "columns", &all, &o.columns)));
            let units: Vec<(CellUnit, String)> =
                UNITS.iter().map(|u| (*u, u.name().to_string())).collect();
            let mut l = choice("u", "unit", &units, &o.unit);
            let ps: Vec<(Option<Percent>, String)> = PERCENTS
                .iter()
                .map(|p| (*p, p.map_or("none", |p| p.name()).to_string()))
                .collect();
            l.extend(choice("p", "percent", &ps, &o.percent));
            lines.push(Line::from(l));
        }
        View::Cooccurrence => {
            let units: Vec<(CoUnit, String)> = CO_UNITS
                .iter()
                .map(|u| (*u, u.name().to_string()))
                .collect();
            let mut l = choice("u", "unit", &units, &o.co_unit);
            let reaches: Vec<(Option<usize>, String)> =
                REACHES.iter().map(|r| (*r, reach_name(*r))).collect();
            l.extend(choice("t", "pairs", &reaches, &o.reach));
            lines.push(Line::from(l));
        }
        View::Codeline => {
            let (name, k, n) = match &a.computed {
                Some(c) => (
                    c.document
                        .and_then(|d| c.documents.get(d))
                        .map(|(_, n)| one_line(n))
                        .unwrap_or_default(),
                    c.document.map_or(0, |d| d + 1),
                    c.documents.len(),
                ),
                None => (String::new(), 0, 0),
            };
            lines.push(Line::from(vec![
                Span::styled(" d ", theme::help_key()),
                Span::styled("document: ", theme::dim()),
                Span::styled(name, theme::title()),
                Span::styled(format!(" ({k} of {n})"), theme::dim()),
            ]));
        }
        View::Words => {
            let w = &o.words;
            let all: Vec<(WordsBy, String)> = by_choices(&keys)
                .into_iter()
                .map(|b| {
                    let n = by_name(&b);
                    (b, n)
                })
                .collect();
            let mut l = choice("c", "by", &all, &w.by);
            l.extend(value(
                "o",
                "only in",
                w.code
                    .as_deref()
                    .map_or_else(|| "all speech".into(), one_line),
            ));
            lines.push(Line::from(l));
            let stops: Vec<(StopSpec, String)> = stop_choices()
                .into_iter()
                .map(|s| {
                    let n = stop_name(&s);
                    (s, n)
                })
                .collect();
            let mut l = choice("w", "stop words", &stops, &w.stopwords);
            l.extend(value("m", "min length", w.word.min_length.to_string()));
            l.extend(value("a", "keep accents", on_off(w.word.keep_accents)));
            l.extend(value("n", "numbers", on_off(w.word.numbers)));
            lines.push(Line::from(l));
        }
        View::Kwic => {
            let k = &o.kwic;
            let mut l = value(
                "/",
                "query",
                if k.query.is_empty() {
                    "(none: / to type one)".into()
                } else {
                    one_line(&k.query)
                },
            );
            let ctx: Vec<(KwicContext, String)> =
                CONTEXTS.iter().map(|c| (*c, context_name(*c))).collect();
            l.extend(choice("x", "context", &ctx, &k.context));
            let sorts: Vec<(KwicSort, String)> = SORTS
                .iter()
                .map(|s| (*s, sort_name(*s).to_string()))
                .collect();
            l.extend(choice("r", "sort", &sorts, &k.sort));
            lines.push(Line::from(l));
        }
    }
    lines
}
